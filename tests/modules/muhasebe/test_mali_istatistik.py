"""The month's data for the Hazine's general government statistics (KBS): three tables
cumulative from 1 January, the deadline, the mark that they were entered and the difference
a later voucher makes; the page, its exports, the API and the dashboard card."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from ebelediye.audit import AuditEntry
from ebelediye.extensions import db
from modules.muhasebe import hesap
from modules.muhasebe.services import MuhasebeConflict, MuhasebeError, odenek
from modules.muhasebe.services import mali_istatistik as service
from tenants import services
from tests.modules.muhasebe.conftest import HAZIRLAYAN, D, kalem, kaydet, onayla
from tests.plugin import host, staff_with

H = {"Host": host("alfa")}
P = {"actor": HAZIRLAYAN[0], "actor_id": HAZIRLAYAN[1]}
NOW = date(2026, 5, 10)


@pytest.mark.parametrize("yil, ay, last", [(2026, 3, date(2026, 4, 30)), (2026, 11, date(2026, 12, 31)),
                                           (2026, 12, date(2027, 2, 28)), (2027, 12, date(2028, 2, 29)),
                                           (2026, 1, date(2026, 2, 28))])
def test_the_deadline_is_the_end_of_the_next_month_and_february_for_december(yil, ay, last):
    assert service.son_gun(yil, ay) == last


def _revenue(amount: str, gun: date, ekonomik="01.2.1.01"):
    kaydet([hesap.borc("100", D(amount)), hesap.alacak("120", D(amount))], gun)
    kaydet([hesap.borc("805", D(amount), ekonomik=ekonomik), hesap.alacak("800", D(amount), ekonomik=ekonomik)], gun)


def test_the_tables_are_cumulative_to_the_month_end(alfa):
    line = kalem("1000.00", ekonomik="03.02")
    onayla(odenek.harca(line.id, D("300.00"), date(2026, 2, 10), **P).id)
    onayla(odenek.harca(line.id, D("50.00"), date(2026, 4, 2), **P).id)  # April: after March's end
    _revenue("80.00", date(2026, 1, 20))
    _revenue("20.00", date(2026, 3, 31), ekonomik="01.2.1.01")
    _revenue("99.00", date(2026, 4, 1))
    kaydet([hesap.borc("810", D("5.00"), ekonomik="01.2.1.01"), hesap.alacak("805", D("5.00"), ekonomik="01.2.1.01")],
           date(2026, 3, 5))
    v = service.aylik_veri(2026, 3)
    assert (v.bas, v.bit, v.son_gun) == (date(2026, 1, 1), date(2026, 3, 31), date(2026, 4, 30))
    row = next(r for r in v.odenekler if r.ekonomik == "03.02")
    assert (row.odenek, row.harcama, row.kalan) == (D("1000.00"), D("300.00"), D("700.00"))
    assert [(g.ekonomik, g.tahsilat, g.iade, g.net) for g in v.gelirler] == [
        ("01.2.1.01", D("100.00"), D("5.00"), D("95.00"))]
    kasa = next(r for r in v.mizan.satirlar if r.kod == "100")
    assert kasa.borc == D("100.00")  # not April's 99
    assert v.mizan.borc == v.mizan.alacak
    april = service.aylik_veri(2026, 4)
    assert next(r for r in april.odenekler if r.ekonomik == "03.02").harcama == D("350.00")


def test_marking_keeps_a_fingerprint_and_a_later_voucher_shows_as_a_change(alfa):
    _revenue("10.00", date(2026, 3, 3))
    assert service.aylik_veri(2026, 3).durum == "girilmedi"
    assert service.kart_durumu(2026, 3) == "girilmedi"
    row = service.isaretle(2026, 3, "KBS ekranından girildi", NOW, actor="muhasebe@alfa")
    v = service.aylik_veri(2026, 3)
    assert v.durum == "girildi" and v.son_giris.id == row.id and row.parmak_izi == v.parmak_izi
    assert service.kart_durumu(2026, 3) == "girildi"
    entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "muhasebe.mali_veri.girildi")).one()
    assert entry.after["yil"] == 2026 and entry.after["yeniden"] is False
    with pytest.raises(MuhasebeConflict):
        service.isaretle(2026, 3, "", NOW, actor="muhasebe@alfa")
    _revenue("1.00", date(2026, 2, 27))  # a voucher dated in an earlier month changes the cumulative figures
    assert service.aylik_veri(2026, 3).durum == "degisti" and service.kart_durumu(2026, 3) == "degisti"
    again = service.isaretle(2026, 3, "yeniden", NOW, actor="muhasebe@alfa")
    assert again.parmak_izi != row.parmak_izi and service.aylik_veri(2026, 3).durum == "girildi"
    assert [g.id for g in service.girisler(2026, 3)] == [again.id, row.id]
    # a month not over yet cannot be entered
    with pytest.raises(MuhasebeError):
        service.isaretle(2026, 5, "", NOW, actor="muhasebe@alfa")


def test_a_year_without_vouchers_needs_no_card(alfa):
    assert service.kart_durumu(2031, 3) is None


def test_page_exports_api_and_permissions(client):
    with services.bound("alfa"):
        kalem("700.00", ekonomik="06.09", kurumsal="46.06.99.09")
        _revenue("42.00", date(2026, 3, 3))
        db.session.commit()
    staff_with(client, "alfa", "muhasebe.goruntule")
    page = client.get("/muhasebe/mali-istatistik?yil=2026&ay=3", headers=H)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "kbs-mizan-tablosu" in text and "06.09" in text and "30.04.2026" in text
    for bad in ("yil=1999", "ay=13", "ay=x", "tablo=yok&bicim=csv", "bicim=pdf", "yil=99999999999999999999"):
        assert client.get(f"/muhasebe/mali-istatistik?{bad}", headers=H).status_code == 422, bad
    csv = client.get("/muhasebe/mali-istatistik?yil=2026&ay=3&tablo=gelir&bicim=csv", headers=H)
    assert csv.status_code == 200 and "01.2.1.01;42,00;0,00;42,00" in csv.get_data(as_text=True)
    xlsx = client.get("/muhasebe/mali-istatistik?yil=2026&ay=3&tablo=odenek&bicim=xlsx", headers=H)
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet["A1"].value == "Kurumsal" and any(c.value == "06.09" for c in sheet["D"])
    api = client.get("/api/v1/muhasebe/mali-istatistik?yil=2026&ay=3", headers=H)
    assert api.status_code == 200 and api.json["durum"] == "girilmedi" and api.json["son_gun"] == "2026-04-30"
    assert any(r["kod"] == "100" and r["borc"] == "42.00" for r in api.json["mizan"])
    # viewing is not entering
    assert client.post("/api/v1/muhasebe/mali-istatistik/girisler", json={"yil": 2026, "ay": 3},
                       headers=H).status_code == 403
    assert client.post("/muhasebe/mali-istatistik/giris", data={"yil": 2026, "ay": 3}, headers=H).status_code == 403
    staff_with(client, "alfa", "muhasebe.goruntule", "muhasebe.donem.kilitle")
    done = client.post("/api/v1/muhasebe/mali-istatistik/girisler", json={"yil": 2026, "ay": 3, "aciklama": "KBS"},
                       headers=H)
    assert done.status_code == 201 and done.json["giren"] and len(done.json["parmak_izi"]) == 64
    assert client.post("/api/v1/muhasebe/mali-istatistik/girisler", json={"yil": 2026, "ay": 3},
                       headers=H).status_code == 409
    for body in ({"yil": 2026, "ay": 13}, {"yil": 2026}, {"yil": 2026, "ay": 4, "aciklama": "x\x00"},
                 {"yil": 2026, "ay": 4, "aciklama": "x" * 501}):
        assert client.post("/api/v1/muhasebe/mali-istatistik/girisler", json=body, headers=H).status_code == 422, body
    page = client.get("/muhasebe/mali-istatistik?yil=2026&ay=3", headers=H)
    assert "Girildi" in page.get_data(as_text=True)
