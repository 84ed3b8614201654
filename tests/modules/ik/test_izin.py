"""Annual leave: entitlement by kind and seniority (RULES §7.6), requests approved by the
manager, a balance from the movements, a request beyond it refused, carry-over and lapse on
a dated fixture, who is away."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from ebelediye.errors import UserError
from ebelediye.extensions import db
from modules.ik.models import IzinHareketi, IzinTalebi
from modules.ik.services import izin
from tests.modules.ik.conftest import ise_al

MUDUR = "mudur@alfa"


def test_entitlement_follows_kind_and_seniority(kadrolar):
    memur = ise_al(kadrolar, "memur", ise_giris=date(2012, 5, 1))
    isci = ise_al(kadrolar, "isci", ise_giris=date(2022, 5, 1))
    yeni = ise_al(kadrolar, "isci", ise_giris=date(2026, 1, 5))
    assert izin.hak_tanimla(memur.id, 2026, actor=MUDUR).gun == 30  # 14 years: 657 m.102 over 10 → 30
    assert izin.hak_tanimla(isci.id, 2026, actor=MUDUR).gun == 14  # 4 years: 4857 m.53 1-5 → 14
    assert izin.hak_tanimla(yeni.id, 2026, actor=MUDUR) is None  # not a year of service yet
    again = izin.hak_tanimla(memur.id, 2026, actor=MUDUR)
    assert again.gun == 30 and izin.bakiye(memur.id) == 30  # idempotent


def test_a_request_within_the_balance_is_approved_by_the_manager_and_used(kadrolar):
    p = ise_al(kadrolar, "isci", ise_giris=date(2022, 5, 1))
    izin.hak_tanimla(p.id, 2026, actor=MUDUR)
    # Mon 6 - Fri 10 April 2026: five working days
    t = izin.talep(p.id, "yillik", date(2026, 4, 6), date(2026, 4, 10), actor=f"kendisi:{p.id}")
    assert t.gun == 5 and t.durum == "bekliyor"
    with pytest.raises(UserError):
        izin.karar(t.id, True, actor=f"kendisi:{p.id}")  # not their own
    izin.karar(t.id, True, actor=MUDUR)
    assert izin.bakiye(p.id) == 9
    assert [row.id for row, _p in izin.disarida(date(2026, 4, 8))] == [t.id]
    assert all(r.id != t.id for r, _p in izin.disarida(date(2026, 4, 13)))


def test_a_request_beyond_the_balance_is_refused_and_nothing_written(kadrolar):
    p = ise_al(kadrolar, "isci", ise_giris=date(2022, 5, 1))
    izin.hak_tanimla(p.id, 2026, actor=MUDUR)  # 14 days
    before = db.session.scalar(select(func.count()).select_from(IzinTalebi))
    with pytest.raises(UserError) as caught:
        izin.talep(p.id, "yillik", date(2026, 6, 1), date(2026, 6, 19), actor=MUDUR)  # 15 working days
    assert "bitis" in caught.value.field_messages()
    assert db.session.scalar(select(func.count()).select_from(IzinTalebi)) == before
    # a pending request counts against what may still be asked
    izin.talep(p.id, "yillik", date(2026, 6, 1), date(2026, 6, 12), actor=MUDUR)  # 10 days
    with pytest.raises(UserError):
        izin.talep(p.id, "yillik", date(2026, 7, 6), date(2026, 7, 10), actor=MUDUR)  # 5 more


def test_public_holidays_and_weekends_are_not_counted(kadrolar):
    """4857 m.56: national holidays in the leave are not counted (23 April 2026 is a Thursday)."""
    assert izin.is_gunu(date(2026, 4, 20), date(2026, 4, 26)) == 4


@pytest.mark.parametrize("tur, start, end, field", [
    ("bilinmeyen", date(2026, 4, 6), date(2026, 4, 7), "tur"),
    ("yillik", date(2026, 4, 7), date(2026, 4, 6), "bitis"),
    ("yillik", date(2026, 4, 11), date(2026, 4, 12), "baslangic"),  # a weekend only
])
def test_bad_requests_are_refused_with_their_field(kadrolar, tur, start, end, field):
    p = ise_al(kadrolar, "isci", ise_giris=date(2022, 5, 1))
    with pytest.raises(UserError) as caught:
        izin.talep(p.id, tur, start, end, actor=MUDUR)
    assert field in caught.value.field_messages()


def test_carry_over_and_lapse_on_a_dated_fixture(kadrolar):
    """657 m.103: a memur's 2024 leave carries into 2025 and lapses at the end of 2025;
    the oldest leave is used first.  A worker's does not lapse (4857 m.53)."""
    memur = ise_al(kadrolar, "memur", ise_giris=date(2020, 3, 1))
    isci = ise_al(kadrolar, "isci", ise_giris=date(2020, 3, 1))
    for year in (2024, 2025):
        izin.hak_tanimla(memur.id, year, actor=MUDUR)
        izin.hak_tanimla(isci.id, year, actor=MUDUR)
    assert izin.yillara_gore(memur.id) == {2024: 20, 2025: 20}
    # 15 working days in 2025 come out of 2024 first (3-21 March 2025; no holiday)
    t = izin.talep(memur.id, "yillik", date(2025, 3, 3), date(2025, 3, 21), actor=f"kendisi:{memur.id}")
    izin.karar(t.id, True, actor=MUDUR)
    assert izin.yillara_gore(memur.id) == {2024: 5, 2025: 20}
    # end of 2025: what is left of 2024 lapses for the memur, not for the worker
    assert izin.dusur(2025, actor=MUDUR) >= 1
    assert izin.yillara_gore(memur.id) == {2025: 20}
    assert izin.yillara_gore(isci.id) == {2024: 14, 2025: 14}
    lapsed = db.session.scalar(select(IzinHareketi).where(IzinHareketi.personel_id == memur.id,
                                                          IzinHareketi.tur == "dusme"))
    assert lapsed.gun == -5 and lapsed.hak_yili == 2024
    izin.dusur(2025, actor=MUDUR)  # idempotent
    assert izin.bakiye(memur.id) == 20
