"""The kesin hesap tables: per gider ekonomik kodu the initial appropriation, added
appropriations, transfers in and out (a reversed transfer undone), spent and left; per
gelir ekonomik kodu accrued, collected, refunded and net; the page, CSV/XLSX and the API."""

import io
from datetime import date

from openpyxl import load_workbook

from ebelediye.extensions import db
from modules.muhasebe import hesap
from modules.muhasebe.services import fis, kesin_hesap, odenek
from tenants import services
from tests import pdfs
from tests.modules.muhasebe.conftest import HAZIRLAYAN, D, kalem, kaydet, onayla
from tests.plugin import host, staff_with

GUN = date(2026, 3, 10)
H = {"Host": host("alfa")}
P = {"actor": HAZIRLAYAN[0], "actor_id": HAZIRLAYAN[1]}


def _row(rows, kod):
    return next(r for r in rows if r.ekonomik == kod)


def test_gider_columns_follow_the_budget_lines_movements(alfa):
    giver = kalem("1000.00", ekonomik="06.05")  # initial 1000
    taker = kalem("500.00", ekonomik="06.07")
    onayla(odenek.odenek_ver(giver.id, D("200.00"), GUN, **P).id)  # added 200
    transfer = onayla(odenek.aktar(giver.id, taker.id, D("150.00"), GUN, **P).id)
    onayla(odenek.harca(taker.id, D("300.00"), GUN, **P).id)
    k = kesin_hesap.kesin_hesap(2026)
    g, t = _row(k.gider, "06.05"), _row(k.gider, "06.07")
    assert (g.baslangic, g.eklenen, g.aktarma_gelen, g.aktarma_giden, g.toplam, g.harcanan) == (
        D("1000.00"), D("200.00"), 0, D("150.00"), D("1050.00"), 0)
    assert (t.baslangic, t.eklenen, t.aktarma_gelen, t.toplam, t.harcanan, t.kalan) == (
        D("500.00"), 0, D("150.00"), D("650.00"), D("300.00"), D("350.00"))
    db.session.refresh(giver)
    db.session.refresh(taker)
    assert g.toplam == giver.odenek and t.toplam == taker.odenek and t.harcanan == taker.kullanilan
    onayla(fis.ters_kayit(transfer.id, **P).id)  # the transfer reversed: both sides back
    k = kesin_hesap.kesin_hesap(2026)
    g, t = _row(k.gider, "06.05"), _row(k.gider, "06.07")
    assert (g.aktarma_giden, g.toplam, t.aktarma_gelen, t.toplam) == (0, D("1200.00"), 0, D("500.00"))
    assert k.kapali is False and k.gider_toplam().toplam == sum((r.toplam for r in k.gider), D(0))


def test_gelir_columns_from_the_ledger(alfa):
    kod = "01.9"
    kaydet([hesap.borc("120", D("80.00"), ekonomik="01.9.9.51"), hesap.alacak("600", D("80.00"), ekonomik="01.9.9.51")])
    kaydet([hesap.borc("805", D("50.00"), ekonomik="01.9.9.51"), hesap.alacak("800", D("50.00"), ekonomik="01.9.9.51")])
    kaydet([hesap.borc("810", D("5.00"), ekonomik="01.9.9.51"), hesap.alacak("805", D("5.00"), ekonomik="01.9.9.51")])
    r = _row(kesin_hesap.kesin_hesap(2026).gelir, kod)
    assert (r.tahakkuk, r.tahsilat, r.iade, r.net) == (D("80.00"), D("50.00"), D("5.00"), D("45.00"))


def test_page_exports_and_api(client):
    with services.bound("alfa"):
        kalem("700.00", ekonomik="06.09", kurumsal="46.06.99.09")
        db.session.commit()
    staff_with(client, "alfa", "muhasebe.goruntule")
    page = client.get("/muhasebe/kesin-hesap?yil=2026", headers=H)
    assert page.status_code == 200 and "gider-kesin-hesap" in page.get_data(as_text=True)
    assert client.get("/muhasebe/kesin-hesap?yil=1999", headers=H).status_code == 422
    assert client.get("/muhasebe/kesin-hesap?yil=2026&bicim=docx", headers=H).status_code == 422
    document = client.get("/muhasebe/kesin-hesap?yil=2026&bicim=pdf", headers=H)
    assert document.status_code == 200 and document.mimetype == "application/pdf"
    assert document.headers["Content-Disposition"].startswith('attachment; filename="kesin-hesap-2026.pdf"')
    printed = pdfs.text(document.data)
    assert "Bütçe gider kesin hesap cetveli" in printed and "Bütçe gelir kesin hesap cetveli" in printed
    assert "06.09" in printed and "700,00" in printed and "Toplam" in printed and "üst yönetici" in printed.lower()
    csv = client.get("/muhasebe/kesin-hesap?yil=2026&bicim=csv", headers=H)
    assert csv.status_code == 200 and "06.09" in csv.get_data(as_text=True)
    xlsx = client.get("/muhasebe/kesin-hesap?yil=2026&bicim=xlsx", headers=H)
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet["A1"].value == "Cetvel" and any(c.value == "06.09" for c in sheet["B"])
    api = client.get("/api/v1/muhasebe/kesin-hesap?yil=2026", headers=H)
    assert api.status_code == 200 and any(r["ekonomik"] == "06.09" and r["toplam"] == "700.00"
                                          for r in api.json["gider"])
    for bad in ("99999999999999999999", "x\x00", "1e400"):
        answer = client.get(f"/api/v1/muhasebe/kesin-hesap?yil={bad}", headers=H)
        assert answer.status_code == 422, bad
    staff_with(client, "alfa", "gelir.goruntule")
    assert client.get("/api/v1/muhasebe/kesin-hesap?yil=2026", headers=H).status_code == 403
    assert client.get("/muhasebe/kesin-hesap", headers=H).status_code == 403
