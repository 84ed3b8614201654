"""The opening of the new year after the closing (açılış kaydı) and unlocking a locked
month: a reasoned request by one person, decided by another, audited."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from ebelediye import events
from ebelediye.audit import AuditEntry
from ebelediye.extensions import db
from modules.muhasebe.models import Donem, DonemAcma, Fis
from modules.muhasebe.services import (
    MuhasebeConflict,
    MuhasebeError,
    acilis,
    donem,
    fis,
    rapor,
    yilsonu,
)
from modules.muhasebe.services.donem import KendiTalebi
from tests.modules.muhasebe.conftest import D, bakiye, hazirla, kaydet, onayla, satirlar
from tests.plugin import host, staff_with

ESKI, YENI = 2025, 2026
A, B = ("a@alfa.bel.tr", 1), ("b@alfa.bel.tr", 2)


def _gelir(signal, tutar: str, gun: date, ref: str, channel: str = "kasa") -> None:
    line = events.RevenueLine("x", "01.2.9.51", D(tutar), gun.year)
    signal.send("gelir", event=events.RevenueEvent(module="test", reference=ref, on=gun, lines=(line,),
                                                   channel=channel))


def _kapat(yil: int) -> Fis:
    closing = yilsonu.hazirla(yil, actor=A[0], actor_id=A[1])
    return fis.onayla(closing.id, actor=B[0], actor_id=B[1])


def _eski_yil() -> None:
    """2025: an accrual of 1.000, 600 of it collected at the desk, a supplier owed 250."""
    _gelir(events.revenue_accrued, "1000.00", date(ESKI, 3, 1), "t1")
    _gelir(events.revenue_collected, "600.00", date(ESKI, 4, 1), "c1")
    kaydet(satirlar(("100", "B", "250.00"), ("320", "A", "250.00")), date(ESKI, 5, 2))


def _bilanco(bit: date) -> dict:
    b = rapor.bilanco(bit)
    return {"varlik": b.varliklar, "kaynak": b.kaynaklar, "sonuc": b.donem_sonucu}


def test_the_opening_carries_the_closed_years_balances_and_no_sum_counts_them_twice(alfa):
    _eski_yil()
    _kapat(ESKI)
    before = {k: bakiye(k) for k in ("100", "120", "320", "590")}
    bilanco_before, nakit_before = _bilanco(date(YENI, 12, 31)), rapor.nakit(date(YENI, 12, 31))
    draft = acilis.hazirla(YENI, actor=A[0], actor_id=A[1])
    assert draft.tarih == date(YENI, 1, 1) and draft.durum == "taslak"
    lines: dict[str, Decimal] = {}
    for s in fis.satirlari(draft.id):  # per account and budget codes; summed per account here
        lines[s.hesap_kod] = lines.get(s.hesap_kod, D("0")) + s.borc - s.alacak
    assert lines["100"] == D("850.00")  # 600 collected + 250 borrowed
    assert lines["120"] == D("400.00")  # the part not collected
    assert lines["320"] == D("-250.00") and lines["590"] == D("-1000.00")
    assert not set(lines) & {"600", "690", "800", "805", "900", "901", "905"}
    with pytest.raises(fis.GorevlerAyriligi):
        fis.onayla(draft.id, actor=A[0], actor_id=A[1])
    opened = fis.onayla(draft.id, actor=B[0], actor_id=B[1])
    assert opened.no is not None
    # sums since the first voucher leave the opening out: the balances did not double
    assert _bilanco(date(YENI, 12, 31)) == bilanco_before
    assert rapor.nakit(date(YENI, 12, 31)) == nakit_before
    # the year's mizan from 1 January starts from the opening
    year = {r.kod: r for r in rapor.mizan(date(YENI, 1, 1), date(YENI, 1, 1)).satirlar}
    assert year["100"].borc_bakiye >= D("850.00") and year["320"].alacak_bakiye >= D("250.00")
    # a range that starts in the closed year counts the lines, not the opening
    both = {r.kod: r for r in rapor.mizan(date(ESKI, 1, 1), date(YENI, 1, 1)).satirlar}
    only_old = {r.kod: r for r in rapor.mizan(date(ESKI, 1, 1), date(ESKI, 12, 31)).satirlar}
    assert both["120"].borc - both["120"].alacak == only_old["120"].borc - only_old["120"].alacak
    devir, defter = rapor.buyuk_defter("100", date(YENI, 1, 1), date(YENI, 1, 1))
    assert devir == before["100"] and all(s.fis_id != opened.id for s in defter)
    with pytest.raises(MuhasebeConflict, match="zaten"):
        acilis.hazirla(YENI, actor=A[0], actor_id=A[1])
    # reversed (never edited), the opening can be made again; the mizan from 1 January nets it out
    reversal = fis.ters_kayit(opened.id, actor=A[0], actor_id=A[1], tarih=date(YENI, 1, 2))
    fis.onayla(reversal.id, actor=B[0], actor_id=B[1])
    assert _bilanco(date(YENI, 12, 31)) == bilanco_before
    netted = {r.kod: r for r in rapor.mizan(date(YENI, 1, 1), date(YENI, 1, 2)).satirlar}
    assert "120" not in netted or netted["120"].borc == netted["120"].alacak
    assert acilis.hazirla(YENI, actor=A[0], actor_id=A[1]).durum == "taslak"


def test_no_opening_before_the_previous_year_is_closed(alfa):
    _eski_yil()
    with pytest.raises(MuhasebeError, match="kapatılmadan"):
        acilis.hazirla(YENI, actor=A[0], actor_id=A[1])
    assert db.session.scalar(select(Fis.id).where(Fis.kaynak == f"muhasebe:acilis:{YENI}")) is None


def test_the_opening_lines_are_each_balance_on_its_side():
    lines = acilis.acilis_satirlari({("100", "", "", "", ""): D("5.00"), ("320", "", "", "", ""): D("-5.00"),
                                     ("102", "", "", "", ""): D("0")})
    assert [(s.hesap, s.borc, s.alacak) for s in lines] == [("100", D("5.00"), 0), ("320", 0, D("5.00"))]


def _kilitli(ay: int = 2, yil: int = YENI) -> None:
    donem.kilitle(yil, ay, actor=A[0])


def test_unlocking_a_month_takes_a_reason_and_a_second_person(alfa):
    _kilitli()
    with pytest.raises(MuhasebeError, match="gerekçesi"):
        donem.acma_talebi(YENI, 2, "kısa", actor=A[0], actor_id=A[1])
    talep = donem.acma_talebi(YENI, 2, "Sayıştay bulgusu: şubat kira tahakkuku eksik", actor=A[0], actor_id=A[1])
    with pytest.raises(MuhasebeConflict, match="bekleyen"):
        donem.acma_talebi(YENI, 2, "ikinci talep aynı ay için", actor=B[0], actor_id=B[1])
    with pytest.raises(KendiTalebi):
        donem.acma_onayla(talep.id, actor=A[0], actor_id=A[1])
    with pytest.raises(MuhasebeError, match="kapatılmış"):
        hazirla(satirlar(("100", "B", "1.00"), ("600", "A", "1.00")), date(YENI, 2, 10))
    done = donem.acma_onayla(talep.id, actor=B[0], actor_id=B[1])
    assert done.durum == "onaylandi" and done.karar_veren == B[0]
    assert db.session.get(Donem, (YENI, 2)) is None
    onayla(hazirla(satirlar(("100", "B", "1.00"), ("600", "A", "1.00")), date(YENI, 2, 10)).id)
    actions = set(db.session.scalars(select(AuditEntry.action)
                                     .where(AuditEntry.object_type.in_(("donem", "donem_acma")))))
    assert {"muhasebe.donem.acma_talebi", "muhasebe.donem.kilit_ac"} <= actions
    with pytest.raises(MuhasebeConflict, match="karara"):
        donem.acma_reddet(talep.id, actor=B[0], actor_id=B[1])
    donem.kilitle(YENI, 2, actor=A[0])  # locked again later: a new lock row, the request stays as history
    assert db.session.get(DonemAcma, talep.id).durum == "onaylandi"


def test_a_rejected_request_leaves_the_month_locked_and_an_open_month_has_nothing_to_unlock(alfa):
    with pytest.raises(MuhasebeError, match="kilitli değil"):
        donem.acma_talebi(YENI, 3, "kilitli olmayan ay için talep", actor=A[0], actor_id=A[1])
    _kilitli(3)
    talep = donem.acma_talebi(YENI, 3, "yanlış dönem kapatıldı sanıldı", actor=A[0], actor_id=A[1])
    assert donem.acma_reddet(talep.id, actor=B[0], actor_id=B[1]).durum == "reddedildi"
    assert db.session.get(Donem, (YENI, 3)) is not None


def test_a_month_of_a_closed_year_is_not_unlocked(alfa):
    _eski_yil()
    donem.kilitle(ESKI, 6, actor=A[0])
    _kapat(ESKI)
    with pytest.raises(MuhasebeConflict, match="yılı kapatılmış"):
        donem.acma_talebi(ESKI, 6, "kapanıştan sonra düzeltme isteği", actor=A[0], actor_id=A[1])


H = {"Host": host("alfa")}


def test_the_pages_ask_and_decide_as_two_people(client, app):
    staff_with(client, "alfa", "muhasebe.goruntule", "muhasebe.donem.kilitle", email="ilk@alfa.bel.tr")
    assert client.post("/muhasebe/donem/kilitle", data={"yil": "2026", "ay": "4"}, headers=H).status_code == 303
    asked = client.post("/muhasebe/donem/kilit-ac", data={"yil": "2026", "ay": "4", "gerekce": ""}, headers=H)
    assert asked.status_code in (303, 422)  # refused with its message, never a 500
    asked = client.post("/muhasebe/donem/kilit-ac", data={"yil": "2026", "ay": "4",
                                                          "gerekce": "Nisan bordrosu düzeltmesi"}, headers=H)
    assert asked.status_code == 303
    page = client.get("/muhasebe/mizan", headers=H).get_data(as_text=True)
    assert "Nisan bordrosu düzeltmesi" in page and "kilit-acma-talepleri" in page
    from tenants import services
    with services.bound("alfa"):
        talep_id = db.session.scalar(select(DonemAcma.id).where(DonemAcma.yil == 2026, DonemAcma.ay == 4))
        db.session.commit()
    assert client.post(f"/muhasebe/donem/kilit-ac/{talep_id}/onayla", headers=H).status_code == 403
    other = app.test_client()
    staff_with(other, "alfa", "muhasebe.goruntule", "muhasebe.donem.kilitle", email="ikinci@alfa.bel.tr")
    assert other.post(f"/muhasebe/donem/kilit-ac/{talep_id}/onayla", headers=H).status_code == 303
    with services.bound("alfa"):
        assert db.session.get(Donem, (2026, 4)) is None
    refused = other.post("/muhasebe/acilis", data={"yil": "2026"}, headers=H)
    assert refused.status_code < 500
