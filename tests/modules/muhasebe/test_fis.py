"""Vouchers: a draft that balances, approved by someone else, numbered without gaps,
immutable once approved, corrected by a reversing voucher; refusals write nothing."""

from datetime import date

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from ebelediye import clock
from ebelediye.audit import AuditEntry
from ebelediye.errors import NotFound
from ebelediye.extensions import db
from modules.muhasebe.models import Donem, Fis
from modules.muhasebe.services import MuhasebeError, fis
from modules.muhasebe.services.fis import GorevlerAyriligi, MuhasebeConflict
from tests.modules.muhasebe.conftest import (
    GUN,
    HAZIRLAYAN,
    ONAYLAYAN,
    D,
    bakiye,
    hazirla,
    kaydet,
    onayla,
    satirlar,
)

NAKIT = satirlar(("100", "B", "250.00"), ("600", "A", "250.00"))


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Fis))


def test_a_draft_moves_nothing_until_a_second_person_approves_it(alfa):
    before = bakiye("100")
    draft = hazirla(NAKIT, aciklama="Harç tahsilatı")
    assert (draft.durum, draft.no, draft.toplam) == ("taslak", None, D("250.00"))
    assert bakiye("100") == before
    with pytest.raises(GorevlerAyriligi):
        fis.onayla(draft.id, actor=HAZIRLAYAN[0], actor_id=HAZIRLAYAN[1])
    approved = onayla(draft.id)
    assert approved.durum == "onaylandi" and approved.no and approved.onaylayan == ONAYLAYAN[0]
    assert bakiye("100") == before + D("250.00")
    assert db.session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc()).limit(1)) == "muhasebe.fis.onayla"
    with pytest.raises(MuhasebeConflict):
        onayla(draft.id)


@pytest.mark.parametrize("lines,field", [
    (satirlar(("100", "B", "10.00"), ("600", "A", "9.99")), "satirlar"),
    (satirlar(("100", "B", "10.00")), "satirlar"),
    (satirlar(("199", "B", "10.00"), ("600", "A", "10.00")), "satirlar.0.hesap"),
    (satirlar(("100", "B", "0"), ("600", "A", "0")), "satirlar.0.borc"),
])
def test_unbalanced_unknown_or_empty_lines_are_refused_and_nothing_is_written(alfa, lines, field):
    before = _count()
    with pytest.raises(MuhasebeError) as exc:
        hazirla(lines)
    assert field in exc.value.errors, exc.value.errors
    assert _count() == before


def test_a_date_beyond_the_open_year_is_refused(alfa):
    with pytest.raises(MuhasebeError) as exc:
        hazirla(NAKIT, date(clock.today().year + 1, 1, 5))
    assert "tarih" in exc.value.errors and "mali yılı henüz açılmadı" in str(exc.value.message)


def test_a_locked_month_refuses_drafts_and_approvals_with_a_clear_message(alfa):
    draft = hazirla(NAKIT, date(2026, 2, 10))
    db.session.add(Donem(yil=2026, ay=2, kilitleyen="test"))
    db.session.flush()
    with pytest.raises(MuhasebeError, match="02/2026 dönemi kapatılmış"):
        onayla(draft.id)
    with pytest.raises(MuhasebeError, match="kapatılmış"):
        hazirla(NAKIT, date(2026, 2, 11))
    kaydet(NAKIT, date(2026, 3, 1))  # the next month is open


def test_cash_cannot_go_into_credit_through_a_voucher(alfa):
    cash = bakiye("100")
    lines = satirlar(("600", "B", str(cash + D("1.00"))), ("100", "A", str(cash + D("1.00"))))
    draft = hazirla(lines)
    with pytest.raises(MuhasebeError, match="100 Kasa hesabı alacak bakiyesi veremez"):
        onayla(draft.id)


def test_a_liability_that_may_not_turn_refuses_a_debit_balance(alfa):
    owed = -bakiye("320")  # credit balance of Bütçe Emanetleri
    draft = hazirla(satirlar(("320", "B", str(owed + D("5.00"))), ("630", "A", str(owed + D("5.00")))))
    with pytest.raises(MuhasebeError, match="320 Bütçe Emanetleri hesabı borç bakiyesi veremez"):
        onayla(draft.id)
    assert fis.fis(draft.id).durum == "taslak"


def test_numbers_follow_each_other_within_a_year_and_restart_the_next(alfa):
    first = kaydet(NAKIT, date(2025, 12, 30))
    a = kaydet(NAKIT)
    b = kaydet(NAKIT)
    assert b.no == a.no + 1 and b.yil == a.yil == 2026 and first.yil == 2025
    assert a.numara == f"2026/{a.no:06d}"


def test_approved_lines_are_append_only_in_the_database(alfa):
    row = kaydet(NAKIT)
    with pytest.raises(DBAPIError):
        with db.session.begin_nested():
            db.session.execute(text("UPDATE muh_fis_satirlari SET borc = 1 WHERE fis_id = :f AND borc > 0"),
                               {"f": row.id})


def test_a_reversal_returns_every_balance_and_is_approved_like_any_voucher(alfa):
    before = {k: bakiye(k) for k in ("100", "600")}
    row = kaydet(NAKIT)
    reversal = fis.ters_kayit(row.id, actor=HAZIRLAYAN[0], actor_id=HAZIRLAYAN[1], tarih=GUN)
    assert reversal.durum == "taslak" and reversal.ters_fis_id == row.id
    onayla(reversal.id)
    assert {k: bakiye(k) for k in ("100", "600")} == before
    with pytest.raises(MuhasebeConflict):
        fis.ters_kayit(row.id, actor=HAZIRLAYAN[0], actor_id=HAZIRLAYAN[1], tarih=GUN)
    with pytest.raises(MuhasebeConflict):
        fis.iptal(row.id, actor="x")


def test_a_draft_is_cancelled_not_deleted_and_the_list_searches(alfa):
    draft = hazirla(NAKIT, aciklama="Yanlış girilen fiş xq7")
    fis.iptal(draft.id, actor=HAZIRLAYAN[0])
    rows, total = fis.ara("xq7")
    assert total == 1 and rows[0].durum == "iptal"
    with pytest.raises(NotFound):
        fis.fis(10**12)
