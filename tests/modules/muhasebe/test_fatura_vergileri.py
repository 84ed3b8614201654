"""An invoice's taxes (issue 13 item 5): KDV on the matrah at the rate in force on its day,
KDV tevkifatı by the service kind's fraction, damga vergisi and gelir vergisi stopajı; the
ÖEB costs matrah + KDV, credits 320 with the supplier's part and 360.0x with each
withholding; the payment order, the bank file and the 320 reconciliation see the net; the
month's withholdings report; the API and the pages."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from ebelediye.extensions import db
from modules.muhasebe.models import Fatura, FaturaKesintisi, FisSatiri
from modules.muhasebe.services import MuhasebeError, borclar, fis, mutabakat, vergi
from tenants import services
from tests.modules.muhasebe.conftest import D, bakiye, kalem, onayla
from tests.plugin import host, staff_with

GUN = date(2026, 4, 6)
VKN = "1234567890"
TCKN = "10000000146"
IBAN = "TR330006100519786457841326"
A = ("hazirlayan@alfa.bel.tr", 101)


def _supplier(unvan="Temiz Hizmet A.Ş.", kimlik=VKN):
    return borclar.tedarikci_kaydet(kimlik, unvan, IBAN, actor=A[0])


def _lines(fis_id: int) -> dict[str, tuple[Decimal, Decimal]]:
    out: dict[str, tuple[Decimal, Decimal]] = {}
    for s in db.session.scalars(select(FisSatiri).where(FisSatiri.fis_id == fis_id)):
        b, a = out.get(s.hesap_kod, (D("0"), D("0")))
        out[s.hesap_kod] = (b + s.borc, a + s.alacak)
    return out


# --- the computation, with published worked examples -----------------------------------

def test_the_cleaning_service_example_100000_at_20_percent_with_9_10():
    # rehbermerkezi.com/?p=3387 ("KDV Tevkifatı Hesaplama Formu", örnek hesaplamalar):
    # matrah 100.000, KDV %20 → 20.000; 9/10 tevkifat 18.000; satıcıya 102.000
    r = vergi.hesap_et(D("100000.00"), D("20"), tevkifat=("temizlik", D("0.9")))
    assert (r.kdv, r.kesinti("kdv_tevkifat"), r.tutar, r.odenecek) == (
        D("20000.00"), D("18000.00"), D("120000.00"), D("102000.00"))
    # same page, second example: 50.000, %10, 5/10 → KDV 5.000, tevkifat 2.500, satıcıya 52.500
    r = vergi.hesap_et(D("50000.00"), D("10"), tevkifat=("yemek", D("0.5")))
    assert (r.kdv, r.kesinti("kdv_tevkifat"), r.odenecek) == (D("5000.00"), D("2500.00"), D("52500.00"))


def test_the_self_employed_example_with_income_tax_withheld():
    # muratbalci.com "serbest meslek erbaplarının … net'ten brüte hesaplama": brüt 1.530,61,
    # %20 stopaj 306,12, KDV %18 275,51, alınan net 1.500,00 (the 2023 rate before 10.07.2023)
    r = vergi.hesap_et(D("1530.61"), D("18"), stopaj=("serbest_meslek", D("20")))
    assert (r.kesinti("gelir_stopaj"), r.kdv, r.odenecek) == (D("306.12"), D("275.51"), D("1500.00"))
    # hesapmakinesi.com/?p=1267: 10.000 brüt, %20 stopaj → 2.000
    assert vergi.hesap_et(D("10000"), D("20"), stopaj=("serbest_meslek", D("20"))).kesinti("gelir_stopaj") == \
        D("2000.00")


def test_each_tax_is_rounded_half_up_to_the_kurus_on_its_own():
    r = vergi.hesap_et(D("333.33"), D("20"), tevkifat=("temizlik", D("0.9")))
    assert (r.kdv, r.kesinti("kdv_tevkifat"), r.odenecek) == (D("66.67"), D("60.00"), D("340.00"))
    assert vergi.hesap_et(D("12.25"), D("10")).kdv == D("1.23")  # half up, not to even (1.22)
    # binde 9,48 on a 250.000 contract: 2.370,00 [U: no published example found]
    r = vergi.hesap_et(D("250000"), D("20"), tevkifat=("yapim", D("0.4")), damga=("sozlesme", D("9.48")))
    assert (r.kdv, r.kesinti("kdv_tevkifat"), r.kesinti("damga"), r.odenecek) == (
        D("50000.00"), D("20000.00"), D("2370.00"), D("277630.00"))


def test_rates_are_read_for_the_invoice_s_day(alfa):
    before = vergi.hesapla(D("1000"), date(2023, 7, 9), "genel")
    after = vergi.hesapla(D("1000"), date(2023, 7, 10), "genel")
    assert (before.kdv, after.kdv) == (D("180.00"), D("200.00"))
    assert vergi.hesapla(D("1000"), GUN, "indirimli_10").kdv == D("100.00")
    assert vergi.hesapla(D("1000"), GUN, "sifir").kdv == D("0.00")
    assert vergi.hesapla(D("10000"), GUN, "genel", "yapim").kesinti("kdv_tevkifat") == D("800.00")  # 4/10
    assert vergi.hesapla(D("10000"), date(2020, 5, 4), "genel", "yapim").kesinti("kdv_tevkifat") == D("540.00")  # 3/10
    options = vergi.secenekler(GUN)
    assert {o["kod"]: o["oran"] for o in options["tevkifat"]}["ozel_guvenlik"] == D("0.9")


@pytest.mark.parametrize("args, field", [
    ((D("1000"), "yirmi"), "kdv_turu"),
    ((D("-5"), "genel"), "matrah"),
    ((D("0"), "genel"), "matrah"),
    ((D("10000"), "genel", "bilinmeyen"), "tevkifat"),
    ((D("10000"), "sifir", "temizlik"), "tevkifat"),  # a fraction without KDV
    ((D("1000"), "genel", "temizlik"), "tevkifat"),  # 1.200 KDV included: under the 2.000 threshold
    ((D("10000"), "genel", "", "yok"), "damga"),
    ((D("10000"), "genel", "", "", "kira"), "stopaj"),
])
def test_bad_tax_input_is_refused_with_its_field(alfa, args, field):
    with pytest.raises(MuhasebeError) as bad:
        vergi.hesapla(args[0], GUN, *args[1:])
    assert field in bad.value.errors


def test_a_day_without_a_rate_is_a_field_message_not_a_500(alfa):
    with pytest.raises(MuhasebeError) as bad:  # tevkifat fractions are entered from 01.03.2021 (temizlik)
        vergi.hesapla(D("10000"), date(2020, 5, 4), "genel", "temizlik")
    assert "tevkifat" in bad.value.errors


# --- posting ---------------------------------------------------------------------------

def test_the_oeb_splits_the_credit_between_the_supplier_and_360_and_the_bank_pays_the_net(alfa):
    line = kalem("200000.00")
    before = {k: bakiye(k) for k in ("320", "360.05", "630", "830", "905")}
    invoice = borclar.fatura_kaydet(_supplier().id, "T-2026-4", GUN, None, line.id, actor=A[0], actor_id=A[1],
                                    matrah=D("100000.00"), kdv_turu="genel", tevkifat="temizlik")
    assert (invoice.tutar, invoice.kdv, invoice.odenecek, invoice.kdv_orani) == (
        D("120000.00"), D("20000.00"), D("102000.00"), D("20"))
    lines = _lines(invoice.fis_id)
    assert lines == {"630": (D("120000.00"), 0), "320": (0, D("102000.00")), "360.05": (0, D("18000.00")),
                     "830": (D("120000.00"), 0), "835": (0, D("120000.00")), "905": (D("120000.00"), 0),
                     "900": (0, D("120000.00"))}
    assert sum(b for b, _ in lines.values()) == sum(a for _, a in lines.values())
    onayla(invoice.fis_id)
    db.session.refresh(line)
    assert line.kullanilan == D("120000.00")  # KDV is part of the cost (no deduction)
    assert bakiye("320") - before["320"] == -D("102000.00") and bakiye("360.05") - before["360.05"] == -D("18000.00")
    assert bakiye("630") - before["630"] == D("120000.00")
    assert borclar.fatura_durumu(invoice)["acik"] == D("102000.00")
    with pytest.raises(MuhasebeError, match="açık tutarını"):
        borclar.odeme_emri(invoice.id, D("102000.01"), GUN, actor=A[0], actor_id=A[1])
    order = borclar.odeme_emri(invoice.id, D("102000.00"), GUN, actor=A[0], actor_id=A[1])
    onayla(order.fis_id)
    dosya = borclar.banka_dosyasi_olustur(actor="muhasebe@alfa")
    assert dosya.toplam == D("102000.00")
    rows = list(csv.reader(io.StringIO(borclar.banka_dosyasi_csv(dosya.id)), delimiter=";"))
    assert rows[1][3] == "102000,00"
    proof = mutabakat.calistir_320(GUN)
    assert not [d for d in proof.ayrinti if d["belge"] == f"fatura:{invoice.id}"]  # 320 = the register's net


def test_damga_and_stopaj_go_to_their_own_360_accounts(alfa):
    line = kalem("50000.00")
    person = _supplier("Ayşe Mimar", TCKN)
    invoice = borclar.fatura_kaydet(person.id, "SMM-7", GUN, None, line.id, actor=A[0], actor_id=A[1],
                                    matrah=D("10000.00"), kdv_turu="genel", tevkifat="danismanlik",
                                    damga="sozlesme", stopaj="serbest_meslek", odenecek=D("8105.20"))
    lines = _lines(invoice.fis_id)
    # KDV 2.000; tevkifat 9/10 1.800; damga binde 9,48 94,80; stopaj %20 2.000 → 12.000 − 3.894,80
    assert lines["360.05"] == (0, D("1800.00")) and lines["360.03"] == (0, D("94.80"))
    assert lines["360.01"] == (0, D("2000.00")) and lines["320"] == (0, D("8105.20"))
    assert lines["630"] == (D("12000.00"), 0)
    kinds = {(k.tur, k.kod): k.tutar for k in vergi.kesintiler(invoice.id)}
    assert kinds == {("kdv_tevkifat", "danismanlik"): D("1800.00"), ("damga", "sozlesme"): D("94.80"),
                     ("gelir_stopaj", "serbest_meslek"): D("2000.00")}


def test_typed_totals_must_be_what_the_computation_gives(alfa):
    line = kalem("50000.00")
    supplier = _supplier()
    common = dict(actor=A[0], actor_id=A[1], matrah=D("10000.00"), kdv_turu="genel", tevkifat="temizlik")
    for typed, field in (({"tutar": D("11800.00")}, "tutar"), ({"kdv": D("1800.00")}, "kdv"),
                         ({"odenecek": D("12000.00")}, "odenecek")):
        with pytest.raises(MuhasebeError) as bad:
            borclar.fatura_kaydet(supplier.id, "X-1", GUN, typed.pop("tutar", None), line.id, **common, **typed)
        assert field in bad.value.errors
    with pytest.raises(MuhasebeError) as bad:  # tax choices without a matrah
        borclar.fatura_kaydet(supplier.id, "X-1", GUN, D("100"), line.id, actor=A[0], tevkifat="temizlik")
    assert "matrah" in bad.value.errors
    assert db.session.scalar(select(Fatura.id).where(Fatura.fatura_no == "X-1")) is None
    ok = borclar.fatura_kaydet(supplier.id, "X-1", GUN, D("12000.00"), line.id, **common, kdv=D("2000.00"),
                               odenecek=D("10200.00"))
    assert ok.odenecek == D("10200.00")


def test_an_invoice_without_taxes_is_booked_as_before(alfa):
    line = kalem("5000.00")
    invoice = borclar.fatura_kaydet(_supplier().id, "E-1", GUN, D("800.00"), line.id, actor=A[0], actor_id=A[1])
    assert (invoice.matrah, invoice.kdv, invoice.odenecek) == (None, None, D("800.00"))
    assert vergi.kesintiler(invoice.id) == []
    assert set(_lines(invoice.fis_id)) == {"630", "320", "830", "835", "905", "900"}


# --- the month's withholdings ----------------------------------------------------------

def test_the_month_s_withholdings_count_standing_approved_oebs_only(alfa):
    line = kalem("900000.00")
    s1 = _supplier('=HYPERLINK("http://x")')
    s2 = _supplier("Ayşe Mimar", TCKN)

    def book(sup, no, gun, **kw):
        return borclar.fatura_kaydet(sup.id, no, gun, None, line.id, actor=A[0], actor_id=A[1], kdv_turu="genel",
                                     **kw)

    a = book(s1, "A-1", GUN, matrah=D("100000.00"), tevkifat="temizlik")
    b = book(s2, "B-1", date(2026, 4, 20), matrah=D("10000.00"), stopaj="serbest_meslek", damga="sozlesme")
    c = book(s1, "C-1", date(2026, 4, 21), matrah=D("50000.00"), tevkifat="temizlik")  # reversed below
    book(s1, "D-1", date(2026, 4, 22), matrah=D("30000.00"), tevkifat="temizlik")  # left a draft
    e = book(s1, "E-1", date(2026, 5, 2), matrah=D("20000.00"), tevkifat="temizlik")  # May
    for row in (a, b, c, e):
        onayla(row.fis_id)
    onayla(fis.ters_kayit(c.fis_id, actor=A[0], actor_id=A[1], tarih=date(2026, 4, 25)).id)
    summary = {(o["tur"], o["kod"]): (o["adet"], o["matrah"], o["tutar"], o["beyanname"])
               for o in vergi.ay_ozeti(2026, 4)}
    assert summary == {("kdv_tevkifat", "temizlik"): (1, D("20000.00"), D("18000.00"), "KDV 2"),
                       ("gelir_stopaj", "serbest_meslek"): (1, D("10000.00"), D("2000.00"), "Muhtasar"),
                       ("damga", "sozlesme"): (1, D("10000.00"), D("94.80"), "Muhtasar")}
    first, total = vergi.ay_satirlari(2026, 4, page=1, per_page=2)
    assert total == 3 and len(first) == 2 and first[0]["fatura_no"] == "A-1"
    assert len(vergi.ay_satirlari(2026, 4, page=2, per_page=2)[0]) == 1
    assert vergi.ay_satirlari(2026, 4, page=9, per_page=2)[0] == []
    assert [o["tutar"] for o in vergi.ay_ozeti(2026, 5)] == [D("3600.00")]
    rows = list(csv.reader(io.StringIO(vergi.ay_csv(2026, 4)), delimiter=";"))
    assert rows[0][:3] == ["tarih", "vergi", "tur"] and len(rows) == 4
    assert rows[1][4].startswith("'=HYPERLINK") and rows[1][9] == "18000,00"
    assert db.session.scalar(select(FaturaKesintisi.id).where(FaturaKesintisi.fatura_id == c.id)) is not None


# --- API and pages ---------------------------------------------------------------------

def _line_id(odenek: str = "500000.00") -> int:
    with services.bound("alfa"):
        row_id = kalem(odenek).id
        db.session.commit()
    return row_id


def test_the_api_books_an_invoice_with_its_taxes_and_answers_422_with_fields(client, app):
    H = {"Host": host("alfa")}
    staff_with(client, "alfa", "muhasebe.goruntule", "muhasebe.fis.hazirla", email="api-kdv1@alfa.bel.tr")
    supplier = client.post("/api/v1/muhasebe/tedarikciler", json={"kimlik_no": VKN, "unvan": "Temiz A.Ş.",
                                                                   "iban": IBAN}, headers=H).get_json()["id"]
    body = {"fatura_no": "K-1", "fatura_tarihi": "2026-04-06", "kalem_id": _line_id(), "matrah": "100000.00",
            "kdv_turu": "genel", "tevkifat": "temizlik"}
    path = f"/api/v1/muhasebe/tedarikciler/{supplier}/faturalar"
    for change, field in (({"kdv_turu": "yirmi"}, "kdv_turu"), ({"tevkifat": "x\x00"}, "tevkifat"),
                          ({"matrah": "-1"}, "matrah"), ({"matrah": "1e400"}, "matrah"),
                          ({"kdv_turu": "sifir"}, "tevkifat"), ({"odenecek": "120000.00"}, "odenecek"),
                          ({"matrah": None, "kdv_turu": "", "tevkifat": ""}, "tutar"),
                          ({"matrah": None, "tutar": "100.00"}, "matrah")):
        bad = client.post(path, json={**body, **change}, headers=H)
        assert bad.status_code == 422, (change, bad.get_json())
        assert field in bad.get_json()["errors"], (change, bad.get_json())
    made = client.post(path, json=body, headers=H)
    assert made.status_code == 201, made.get_json()
    out = made.get_json()
    assert (out["tutar"], out["kdv"], out["odenecek"], out["matrah"]) == ("120000.00", "20000.00", "102000.00",
                                                                         "100000.00")
    assert out["kesintiler"] == [{"tur": "kdv_tevkifat", "kod": "temizlik", "matrah": "20000.00", "oran": "0.900000",
                                  "tutar": "18000.00", "hesap_kod": "360.05"}]
    listed = client.get(path, headers=H).get_json()
    assert listed[0]["odenecek"] == "102000.00" and listed[0]["acik"] == "0.00"  # the ÖEB is a draft
    other = app.test_client()
    staff_with(other, "alfa", "muhasebe.goruntule", "muhasebe.fis.onayla", email="api-kdv2@alfa.bel.tr")
    assert other.post(f"/api/v1/muhasebe/fisler/{out['fis_id']}/onay", headers=H).status_code == 200
    assert client.get(path, headers=H).get_json()[0]["acik"] == "102000.00"
    report = client.get("/api/v1/muhasebe/vergi-kesintileri?yil=2026&ay=4", headers=H)
    assert report.status_code == 200
    assert json.loads(report.headers["X-Pagination"])["total"] == 1
    assert report.get_json()["ozet"][0]["tutar"] == "18000.00"
    assert report.get_json()["satirlar"][0]["fatura_no"] == "K-1"
    assert client.get("/api/v1/muhasebe/vergi-kesintileri?ay=13", headers=H).status_code == 422
    assert client.get("/api/v1/muhasebe/vergi-kesintileri?yil=2026&ay=4&sayfa=2", headers=H).get_json()[
        "satirlar"] == []
    options = client.get("/api/v1/muhasebe/fatura-vergileri?tarih=2023-07-09", headers=H).get_json()
    assert {o["kod"]: o["oran"] for o in options["kdv"]}["genel"] == "18.000000"
    assert client.get("/api/v1/muhasebe/fatura-vergileri?tarih=2023-02-30", headers=H).status_code == 422
    plain = app.test_client()
    staff_with(plain, "alfa", "muhasebe.fis.hazirla", email="api-kdv3@alfa.bel.tr")
    assert plain.get("/api/v1/muhasebe/vergi-kesintileri", headers=H).status_code == 403


def test_the_pages_book_an_invoice_with_taxes_and_show_the_month(client):
    H = {"Host": host("alfa")}
    staff_with(client, "alfa", "muhasebe.goruntule", "muhasebe.fis.hazirla", "muhasebe.fis.onayla",
               email="sayfa-kdv@alfa.bel.tr")
    line_id = _line_id()
    made = client.post("/muhasebe/tedarikciler", data={"kimlik_no": VKN, "unvan": "<b>Bahçe</b> Ltd.", "iban": IBAN},
                       headers=H)
    page = client.get(made.headers["Location"], headers=H)
    text = page.get_data(as_text=True)
    assert 'name="tevkifat"' in text and "2.1.3.2.10" in text
    supplier = int(made.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    form = {"fatura_no": "P-1", "fatura_tarihi": "06.04.2026", "kalem_id": str(line_id), "matrah": "100.000,00",
            "kdv_turu": "genel", "tevkifat": "cevre_bahce", "damga": "", "stopaj": "", "tutar": ""}
    bad = client.post(f"/muhasebe/tedarikciler/{supplier}/fatura", data={**form, "kdv_turu": "sifir"}, headers=H)
    assert bad.status_code == 422 and "sıfırken" in bad.get_data(as_text=True)
    done = client.post(f"/muhasebe/tedarikciler/{supplier}/fatura", data=form, headers=H)
    assert done.status_code == 303
    plain = {**form, "fatura_no": "P-2", "matrah": "", "kdv_turu": "", "tevkifat": "", "tutar": "1.500,00"}
    assert client.post(f"/muhasebe/tedarikciler/{supplier}/fatura", data=plain, headers=H).status_code == 303
    mixed = {**plain, "fatura_no": "P-3", "kdv_turu": "genel"}  # a rate without its matrah
    assert client.post(f"/muhasebe/tedarikciler/{supplier}/fatura", data=mixed, headers=H).status_code == 422
    shown = client.get(f"/muhasebe/tedarikciler/{supplier}", headers=H).get_data(as_text=True)
    assert "102.000,00" in shown and "1.500,00" in shown and "<b>Bahçe</b>" not in shown
    month = client.get("/muhasebe/vergi-kesintileri?yil=2026&ay=4", headers=H)
    assert month.status_code == 200  # the ÖEB is still a draft: nothing to declare yet
    assert client.get("/muhasebe/vergi-kesintileri?ay=99", headers=H).status_code == 422
    csv_file = client.get("/muhasebe/vergi-kesintileri.csv?yil=2026&ay=4", headers=H)
    assert csv_file.status_code == 200 and csv_file.get_data().startswith("\ufeff".encode())


# --- a property of the computation ---------------------------------------------------------

_money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999999.99"), places=2)
_fraction = st.sampled_from([None, Decimal("0.2"), Decimal("0.3"), Decimal("0.4"), Decimal("0.5"), Decimal("0.7"),
                             Decimal("0.9")])


@given(matrah=_money, kdv=st.sampled_from([Decimal(0), Decimal(1), Decimal(10), Decimal(18), Decimal(20)]),
       fraction=_fraction, damga=st.booleans(), stopaj=st.booleans())
def test_the_figures_always_add_up_to_the_kurus(matrah, kdv, fraction, damga, stopaj):
    r = vergi.hesap_et(matrah, kdv, tevkifat=("x", fraction) if fraction is not None and kdv else None,
                       damga=("sozlesme", Decimal("9.48")) if damga else None,
                       stopaj=("serbest_meslek", Decimal("20")) if stopaj else None)
    figures = [r.kdv, r.tutar, r.odenecek, *[k.tutar for k in r.kesintiler]]
    assert all(f == f.quantize(Decimal("0.01")) for f in figures)  # every figure is in kuruş
    assert r.tutar == matrah + r.kdv and r.odenecek + sum(k.tutar for k in r.kesintiler) == r.tutar
    assert abs(r.kdv - matrah * kdv / 100) <= Decimal("0.005")  # one rounding, half a kuruş at most
    assert r.kesinti("kdv_tevkifat") <= r.kdv and all(k.tutar > 0 for k in r.kesintiler)
    assert r.odenecek > 0  # 20 % stopaj + binde 9,48 damga + the whole KDV can never exceed the cost
