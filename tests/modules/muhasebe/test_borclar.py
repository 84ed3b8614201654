"""Payables: suppliers (VKN/TCKN, IBAN checked), invoices booked to 320 by an ÖEB on a
budget line, payment orders approved by a second person, the bank payment file with its
names guarded against formulas, advances and their closing; corrections by reversal."""

import csv
import io
from datetime import date

import pytest
from sqlalchemy import select

from ebelediye.extensions import db
from modules.muhasebe.models import OdemeEmri
from modules.muhasebe.services import MuhasebeConflict, MuhasebeError, borclar, fis
from tests.modules.muhasebe.conftest import D, bakiye, kalem, onayla
from tests.plugin import host, staff_with

GUN = date(2026, 4, 6)
VKN = "1234567890"  # checksum valid
TCKN = "10000000146"
IBAN = "TR330006100519786457841326"
A = ("hazirlayan@alfa.bel.tr", 101)


def _supplier(unvan="=HYPERLINK(\"http://x\")", kimlik=VKN, iban=IBAN):
    return borclar.tedarikci_kaydet(kimlik, unvan, iban, actor=A[0])


def test_a_supplier_needs_a_valid_vkn_or_tckn_and_iban(alfa):
    with pytest.raises(MuhasebeError) as bad:
        borclar.tedarikci_kaydet("1234567891", "Yanlış Ltd.", actor=A[0])
    assert "kimlik_no" in bad.value.errors
    with pytest.raises(MuhasebeError) as bad_iban:
        borclar.tedarikci_kaydet(VKN, "Doğru Ltd.", "TR330006100519786457841327", actor=A[0])
    assert "iban" in bad_iban.value.errors
    assert borclar.tedarikci_kaydet(TCKN, "Ayşe Yılmaz", actor=A[0]).kimlik_no == TCKN
    _supplier(kimlik=VKN)
    with pytest.raises(MuhasebeConflict):
        _supplier(kimlik=VKN)


def test_invoice_to_320_payment_order_with_maker_checker_and_the_bank_file(alfa):
    line = kalem("10000.00")
    supplier = _supplier()
    before = (bakiye("320"), bakiye("103"), bakiye("630"))
    invoice = borclar.fatura_kaydet(supplier.id, "A-2026-17", GUN, D("2500.00"), line.id, actor=A[0], actor_id=A[1])
    assert borclar.fatura_durumu(invoice)["fis"] == "taslak"
    with pytest.raises(MuhasebeConflict):  # no order before the ÖEB is approved
        borclar.odeme_emri(invoice.id, D("100.00"), GUN, actor=A[0], actor_id=A[1])
    with pytest.raises(fis.GorevlerAyriligi):
        fis.onayla(invoice.fis_id, actor=A[0], actor_id=A[1])
    onayla(invoice.fis_id)
    db.session.refresh(line)
    assert line.kullanilan == D("2500.00")  # the appropriation is used by the ÖEB
    assert bakiye("320") - before[0] == -D("2500.00") and bakiye("630") - before[2] == D("2500.00")
    with pytest.raises(MuhasebeConflict):
        borclar.fatura_kaydet(supplier.id, "A-2026-17", GUN, D("1.00"), line.id, actor=A[0])
    with pytest.raises(MuhasebeError, match="açık tutarını"):
        borclar.odeme_emri(invoice.id, D("2500.01"), GUN, actor=A[0], actor_id=A[1])
    first = borclar.odeme_emri(invoice.id, D("1000.00"), GUN, actor=A[0], actor_id=A[1])
    assert borclar.fatura_durumu(invoice)["acik"] == D("1500.00")  # a draft order holds its amount
    assert borclar.gonderilecekler() == []  # not approved yet
    onayla(first.fis_id)
    assert bakiye("320") - before[0] == -D("1500.00") and bakiye("103") - before[1] == -D("1000.00")
    second = borclar.odeme_emri(invoice.id, D("1500.00"), GUN, actor=A[0], actor_id=A[1])
    onayla(second.fis_id)
    assert borclar.fatura_durumu(invoice)["acik"] == 0
    dosya = borclar.banka_dosyasi_olustur(actor="muhasebe@alfa")
    assert (dosya.adet, dosya.toplam) == (2, D("2500.00"))
    with pytest.raises(MuhasebeError):
        borclar.banka_dosyasi_olustur(actor="muhasebe@alfa")  # nothing left to send
    rows = list(csv.reader(io.StringIO(borclar.banka_dosyasi_csv(dosya.id)), delimiter=";"))
    assert rows[0] == ["sira", "alici", "iban", "tutar", "aciklama"]
    assert rows[1][1].startswith("'=HYPERLINK") and rows[1][2] == IBAN and rows[1][3] == "1000,00"


def test_a_reversed_payment_order_frees_the_invoice_s_open_amount(alfa):
    line = kalem("5000.00")
    invoice = borclar.fatura_kaydet(_supplier().id, "B-1", GUN, D("800.00"), line.id, actor=A[0], actor_id=A[1])
    onayla(invoice.fis_id)
    order = borclar.odeme_emri(invoice.id, D("800.00"), GUN, actor=A[0], actor_id=A[1])
    onayla(order.fis_id)
    reversal = fis.ters_kayit(order.fis_id, actor=A[0], actor_id=A[1], tarih=GUN)
    onayla(reversal.id)
    assert borclar.fatura_durumu(invoice)["acik"] == D("800.00")
    assert borclar.gonderilecekler() == []


def test_an_invoice_over_the_appropriation_is_refused_at_approval(alfa):
    line = kalem("100.00")
    invoice = borclar.fatura_kaydet(_supplier().id, "C-1", GUN, D("100.01"), line.id, actor=A[0], actor_id=A[1])
    with pytest.raises(MuhasebeError):
        onayla(invoice.fis_id)


def test_an_advance_is_paid_by_order_and_closed_by_spending_and_cash_returned(alfa):
    line = kalem("3000.00")
    before = (bakiye("160"), bakiye("100"), bakiye("630"))
    with pytest.raises(MuhasebeError):
        borclar.avans_ver(VKN, "Şirket", IBAN, D("10"), line.id, GUN, actor=A[0])  # only a person
    advance = borclar.avans_ver(TCKN, "Mehmet Demir", IBAN, D("1000.00"), line.id, GUN, actor=A[0], actor_id=A[1])
    assert borclar.avans_durumu(advance) == "odeme_bekliyor"
    with pytest.raises(MuhasebeConflict):
        borclar.avans_kapat(advance.id, D("600.00"), D("400.00"), GUN, actor=A[0], actor_id=A[1])
    onayla(advance.fis_id)
    assert borclar.avans_durumu(advance) == "acik" and bakiye("160") - before[0] == D("1000.00")
    order = db.session.scalar(select(OdemeEmri).where(OdemeEmri.avans_id == advance.id))
    assert order in borclar.gonderilecekler()
    with pytest.raises(MuhasebeError, match="eşit"):
        borclar.avans_kapat(advance.id, D("600.00"), D("300.00"), GUN, actor=A[0], actor_id=A[1])
    closing = borclar.avans_kapat(advance.id, D("600.00"), D("400.00"), GUN, actor=A[0], actor_id=A[1])
    onayla(closing.id)
    assert borclar.avans_durumu(advance) == "kapandi"
    assert bakiye("160") == before[0] and bakiye("100") - before[1] == D("400.00")
    assert bakiye("630") - before[2] == D("600.00")
    db.session.refresh(line)
    assert line.kullanilan == D("600.00")


def test_the_pages(client):
    staff_with(client, "alfa", "muhasebe.goruntule", "muhasebe.fis.hazirla", "muhasebe.fis.onayla")
    H = {"Host": host("alfa")}
    bad = client.post("/muhasebe/tedarikciler", data={"kimlik_no": "123", "unvan": "X"}, headers=H)
    assert bad.status_code < 500
    made = client.post("/muhasebe/tedarikciler", data={"kimlik_no": VKN, "unvan": "Yapı A.Ş.", "iban": IBAN},
                       headers=H)
    assert made.status_code == 303
    page = client.get(made.headers["Location"], headers=H)
    assert page.status_code == 200 and "Yapı A.Ş." in page.get_data(as_text=True)
    for path in ("/muhasebe/tedarikciler", "/muhasebe/odemeler", "/muhasebe/avanslar"):
        assert client.get(path, headers=H).status_code == 200, path
    assert client.post("/muhasebe/odemeler/banka-dosyasi", headers=H).status_code < 500


def test_the_api_registers_books_orders_and_reconciles_with_422_on_bad_input(client, app):
    from tenants import services

    H = {"Host": host("alfa")}
    staff_with(client, "alfa", "muhasebe.goruntule", "muhasebe.fis.hazirla", "muhasebe.fis.onayla",
               email="api-borc1@alfa.bel.tr")
    bad = client.post("/api/v1/muhasebe/tedarikciler", json={"kimlik_no": "1234567891", "unvan": "X"}, headers=H)
    assert bad.status_code == 422 and "kimlik_no" in bad.get_json()["errors"]
    made = client.post("/api/v1/muhasebe/tedarikciler", json={"kimlik_no": VKN, "unvan": "Yol A.Ş.", "iban": IBAN},
                       headers=H)
    assert made.status_code == 201, made.get_json()
    supplier = made.get_json()["id"]
    assert any(t["id"] == supplier for t in client.get("/api/v1/muhasebe/tedarikciler?ara=Yol", headers=H).get_json())
    with services.bound("alfa"):
        line_id = kalem("9000.00").id
        db.session.commit()
    body = {"fatura_no": "Y-1", "fatura_tarihi": "2026-04-06", "tutar": "1500.00", "kalem_id": line_id}
    booked = client.post(f"/api/v1/muhasebe/tedarikciler/{supplier}/faturalar", json=body, headers=H)
    assert booked.status_code == 201 and booked.get_json()["fis_durumu"] == "taslak"
    assert client.post(f"/api/v1/muhasebe/tedarikciler/{supplier}/faturalar", json={**body, "tutar": "1e400"},
                       headers=H).status_code == 422
    invoice = booked.get_json()
    early = client.post(f"/api/v1/muhasebe/faturalar/{invoice['id']}/odeme-emri",
                        json={"tutar": "100.00", "tarih": "2026-04-07"}, headers=H)
    assert early.status_code == 409  # the ÖEB is not approved yet
    other = app.test_client()
    staff_with(other, "alfa", "muhasebe.goruntule", "muhasebe.fis.hazirla", "muhasebe.fis.onayla",
               email="api-borc2@alfa.bel.tr")
    assert other.post(f"/api/v1/muhasebe/fisler/{invoice['fis_id']}/onay", headers=H).status_code == 200
    order = client.post(f"/api/v1/muhasebe/faturalar/{invoice['id']}/odeme-emri",
                        json={"tutar": "1500.00", "tarih": "2026-04-07"}, headers=H)
    assert order.status_code == 201 and order.get_json()["iban"] == IBAN
    listed = client.get(f"/api/v1/muhasebe/tedarikciler/{supplier}/faturalar", headers=H).get_json()
    assert listed[0]["acik"] == "0.00" and listed[0]["odeme_emri"] == "1500.00"
    run = client.post("/api/v1/muhasebe/mutabakat", headers=H)
    assert run.status_code == 201 and "fark" in run.get_json()
    assert client.get("/api/v1/muhasebe/mutabakat", headers=H).get_json()[0]["id"] == run.get_json()["id"]
