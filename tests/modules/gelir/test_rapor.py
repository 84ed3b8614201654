"""Revenue reports: the sums on a small hand-built book, exports, isolation, permission, bad filters."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import text

from ebelediye.extensions import db
from modules.gelir.models import Tahakkuk
from modules.gelir.services import GelirError, rapor
from modules.gelir.services.tahsilat import tahsil
from tenants import services
from tests.plugin import host

from .conftest import MukellefFactory, borc, staff_with

AS_OF = date(2026, 12, 15)
PERM = "gelir.rapor.goruntule"


def kitap() -> dict:
    """A small book in the bound tenant.

    m1: 1000 (31.05.2026) paid cash 20.05; 1000 (30.11.2026) 250 paid by transfer 01.06.
    m2: 300 ÇTV (31.05.2026) paid by card 20.05 with 350 (50 left as credit); 200 ilan (30.11.2025) open.
    m3: 5000 bina (30.11.2024) open; 800 bina (31.05.2025) reversed.
    m4: 100 ücret (31.03.2026) paid late on 01.07.2026 with its late fee (accrued then).
    """
    m1, m2, m3, m4 = MukellefFactory(), MukellefFactory(), MukellefFactory(), MukellefFactory(tur="tuzel", tckn=None,
                                                                                             vkn="4540536920",
                                                                                             unvan="Örnek A.Ş.")
    a = borc(m1, "1000.00", date(2026, 5, 31), taksit=1)
    b = borc(m1, "1000.00", date(2026, 11, 30), taksit=2)
    c = borc(m2, "300.00", date(2026, 5, 31), gelir_kodu="ctv_isyeri")
    d = borc(m2, "200.00", date(2025, 11, 30), gelir_kodu="ilan_reklam")
    e = borc(m3, "5000.00", date(2024, 11, 30), gelir_kodu="emlak_bina")
    g = borc(m3, "800.00", date(2025, 5, 31), gelir_kodu="emlak_bina")
    h = borc(m4, "100.00", date(2026, 3, 31), gelir_kodu="ucret", taksit=0)
    db.session.add(Tahakkuk(mukellef_id=m3.id, gelir_kodu="emlak_bina", kaynak=g.kaynak, yil=2025, taksit=1, surum=1,
                            vade=g.vade, tutar=Decimal("-800.00"), iptal_edilen_id=g.id, olusturan="test"))
    db.session.flush()
    # accrued at the start of each budget year, the reversal in mid 2025
    # (one UPDATE per year with the date as a value: Citus refuses make_date(yil, ...)'s STABLE
    # cast to timestamptz over a column)
    for (yil,) in db.session.execute(text("SELECT DISTINCT yil FROM tahakkuklar")).all():
        db.session.execute(text("UPDATE tahakkuklar SET created_at = :gun WHERE yil = :yil"),
                           {"gun": date(yil, 1, 2), "yil": yil})
    db.session.execute(text("UPDATE tahakkuklar SET created_at = '2025-06-10' WHERE iptal_edilen_id IS NOT NULL"))
    tahsil(m1.id, "1000.00", "nakit", date(2026, 5, 20), actor="kasiyer@alfa")
    tahsil(m2.id, "350.00", "kart", date(2026, 5, 20), actor="kasiyer@alfa", secili=[c.id])
    tahsil(m1.id, "250.00", "havale", date(2026, 6, 1), actor="kasiyer@alfa", secili=[b.id], belge_no="DK-1")
    late = tahsil(m4.id, "150.00", "online", date(2026, 7, 1), actor="online")
    fee = late.dagitim.yeni_gecikme[h.id]
    db.session.execute(text("UPDATE tahakkuklar SET created_at = '2026-07-01' WHERE kaynak = :k"), {"k": f"gz:{h.id}"})
    db.session.commit()
    return {"m": (m1, m2, m3, m4), "fee": fee, "ids": {k: v.id for k, v in zip("abcdegh", (a, b, c, d, e, g, h), strict=True)}}


def rows_by(tablo, key):
    return {r[key]: r for r in tablo.satirlar}


def test_collections_by_day_kind_and_channel():
    with services.bound("alfa"):
        kitap()
        report = rapor.tahsilat_raporu(date(2026, 5, 1), date(2026, 6, 30))
    assert report.toplam == Decimal("1600.00")
    days = rows_by(report.gunluk, "tarih")
    assert set(days) == {date(2026, 5, 20), date(2026, 6, 1)}
    assert days[date(2026, 5, 20)]["makbuz"] == 2 and days[date(2026, 5, 20)]["tutar"] == Decimal("1350.00")
    assert days[date(2026, 5, 20)]["nakit"] == Decimal("1000.00") and days[date(2026, 5, 20)]["kart"] == Decimal("350.00")
    assert days[date(2026, 6, 1)]["havale"] == Decimal("250.00")
    assert report.gunluk.toplam["makbuz"] == 3 and report.gunluk.toplam["tutar"] == Decimal("1600.00")

    kinds = {r["gelir_kodu"]: r for r in report.gelir_turu.satirlar}
    assert kinds["emlak_arsa"]["tutar"] == Decimal("1250.00") and kinds["emlak_arsa"]["makbuz"] == 2
    assert kinds["ctv_isyeri"]["tutar"] == Decimal("300.00")
    assert kinds[""]["tutar"] == Decimal("50.00")  # the card payment's credit, not applied
    assert sum(r["tutar"] for r in report.gelir_turu.satirlar) == report.toplam
    assert kinds["emlak_arsa"]["pay"] == Decimal("78.13")

    channels = {r["kanal"]: r["tutar"] for r in report.kanal.satirlar}
    assert channels == {"nakit": Decimal("1000.00"), "kart": Decimal("350.00"), "havale": Decimal("250.00")}


def test_collections_of_the_late_payment_include_its_fee_and_nothing_outside_the_range():
    with services.bound("alfa"):
        book = kitap()
        july = rapor.tahsilat_raporu(date(2026, 7, 1), date(2026, 7, 1))
        empty = rapor.tahsilat_raporu(date(2026, 8, 1), date(2026, 8, 31))
    kinds = {r["gelir_kodu"]: r["tutar"] for r in july.gelir_turu.satirlar}
    assert book["fee"] > 0
    assert kinds["gecikme_zammi"] == book["fee"] and kinds["ucret"] == Decimal("100.00")
    assert kinds[""] == Decimal("50.00") - book["fee"]
    assert july.kanal.satirlar[0]["kanal"] == "online"
    assert empty.toplam == 0 and empty.gunluk.bos and empty.gelir_turu.bos and empty.kanal.bos


def test_arrears_by_age_as_of_a_day():
    with services.bound("alfa"):
        kitap()
        now = rapor.gecikmis_alacak_yaslari(AS_OF)
        june = rapor.gecikmis_alacak_yaslari(date(2026, 6, 15))
        before = rapor.gecikmis_alacak_yaslari(date(2024, 1, 1))
    buckets = {r["kova"]: r["tutar"] for r in now.tablo.satirlar}
    # b: 1000 - 250 (15 days); d: 200 (380 days); e: 5000 (745 days); g reversed; h paid with its fee
    assert buckets == {1: Decimal("750.00"), 2: 0, 3: 0, 4: Decimal("200.00"), 5: Decimal("5000.00")}
    assert now.toplam == Decimal("5950.00") and now.tablo.toplam["mukellef"] == 3
    # as of 15.06.2026: h was still open (paid 01.07), b not yet due, g reversed since 10.06.2025
    june_buckets = {r["kova"]: r["tutar"] for r in june.tablo.satirlar}
    assert june_buckets == {1: 0, 2: Decimal("100.00"), 3: Decimal("200.00"), 4: Decimal("5000.00"), 5: 0}
    assert before.tablo.bos and before.toplam == 0


def test_arrears_before_the_reversal_count_the_reversed_accrual():
    with services.bound("alfa"):
        kitap()
        report = rapor.gecikmis_alacak_yaslari(date(2025, 6, 5))
    # e (5000, 187 days) and g (800, 5 days): the reversal was recorded on 10.06.2025
    assert {r["kova"]: r["tutar"] for r in report.tablo.satirlar if r["tutar"]} == {
        1: Decimal("800.00"), 3: Decimal("5000.00")}


def test_top_debtors_with_and_without_late_fee_estimate():
    with services.bound("alfa"):
        book = kitap()
        m1, m2, m3 = (m.id for m in book["m"][:3])
        tckn3 = book["m"][2].tckn
        top = rapor.en_borclular(AS_OF, 2)
        full = rapor.en_borclular(AS_OF, 10, gecikme_tahmini=True)
    assert [r["mukellef_id"] for r in top.satirlar] == [m3, m1]
    assert [r["tutar"] for r in top.satirlar] == [Decimal("5000.00"), Decimal("750.00")]
    assert top.satirlar[0]["kimlik_no"].count("*") == 6 and top.satirlar[0]["kimlik_no"][:3] == tckn3[:3]
    assert [r["mukellef_id"] for r in full.satirlar] == [m3, m1, m2]
    assert full.toplam["tutar"] == Decimal("5950.00")
    assert all(r["gecikme"] > 0 for r in full.satirlar)
    assert all(r["genel_toplam"] == r["tutar"] + r["gecikme"] for r in full.satirlar)


def test_accrual_against_collection_per_year():
    with services.bound("alfa"):
        book = kitap()
        tablo = rapor.tahakkuk_tahsilat(2024, 2026)
    years = rows_by(tablo, "yil")
    assert years[2024]["net"] == Decimal("5000.00") and years[2024]["tahsil"] == 0
    assert years[2024]["oran"] == Decimal("0.00")
    assert (years[2025]["brut"], years[2025]["iptal"], years[2025]["net"]) == (
        Decimal("1000.00"), Decimal("-800.00"), Decimal("200.00"))
    fee = book["fee"]
    assert years[2026]["net"] == Decimal("2400.00") + fee
    assert years[2026]["tahsil"] == Decimal("1650.00") + fee
    assert years[2026]["kalan"] == Decimal("750.00")
    assert tablo.toplam["kalan"] == Decimal("5950.00")


def test_dashboard_figures():
    with services.bound("alfa"):
        kitap()
        day = rapor.gunun_tahsilati(date(2026, 5, 20))
        arrears = rapor.gecikmis_alacak_ozeti(AS_OF)
    assert day == {"bugun": Decimal("1350.00"), "makbuz": 2, "ay": Decimal("1350.00")}
    assert arrears["tutar"] == Decimal("5950.00") and arrears["mukellef"] == 3


@pytest.mark.parametrize(("start", "end", "field"), [
    ("2026-13-01", "", "baslangic"), ("dün", "2026-01-01", "baslangic"), ("2026-05-01", "31.02.2026", "bitis"),
    ("2026-06-01", "2026-05-01", "bitis"), ("2000-01-01", "2026-01-01", "bitis"),
])
def test_bad_ranges_are_refused_with_the_field(start, end, field):
    with pytest.raises(GelirError) as caught:
        rapor.aralik(start, end, date(2026, 6, 15))
    assert field in caught.value.errors


def test_ranges_default_and_accept_turkish_dates():
    assert rapor.aralik("", None, date(2026, 6, 15)) == (date(2026, 6, 1), date(2026, 6, 15))
    assert rapor.aralik("01.05.2026", "31.05.2026", date(2026, 6, 15)) == (date(2026, 5, 1), date(2026, 5, 31))
    assert rapor.yil_araligi(None, None, date(2026, 6, 15)) == (2022, 2026)
    for bad in (("2026", "2025"), ("abc", "2026"), ("1900", "2026")):
        with pytest.raises(GelirError):
            rapor.yil_araligi(*bad, date(2026, 6, 15))
    for bad in ("0", "501", "x"):
        with pytest.raises(GelirError):
            rapor.adet(bad)


# --- pages, exports and the API ----------------------------------------------------

def _get(client, path, slug="alfa", **query):
    return client.get(path, query_string=query, headers={"Host": host(slug)})


def test_pages_render_with_charts_and_tables(client):
    staff_with(client, "alfa", PERM)
    with services.bound("alfa"):
        kitap()
    page = _get(client, "/gelir/raporlar/tahsilat", baslangic="2026-05-01", bitis="2026-06-30")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'role="img"' in html and "<title id=\"grafik-tahsilat-baslik\">" in html
    assert "1.600,00" in html and "Arsa Vergisi" in html and "Havale/EFT" in html
    for path, query, needle in [
        ("/gelir/raporlar/gecikmis-alacak", {"gun": "2026-12-15"}, "5.950,00"),
        ("/gelir/raporlar/borclular", {"gun": "2026-12-15", "gecikme": "1"}, "5.000,00"),
        ("/gelir/raporlar/tahakkuk-tahsilat", {"yil_baslangic": "2024", "yil_bitis": "2026"}, "-800,00"),
        ("/gelir/raporlar", {}, 'role="img"'),
    ]:
        response = _get(client, path, **query)
        assert response.status_code == 200, path
        assert needle in response.get_data(as_text=True), path


def test_empty_states(client):
    staff_with(client, "alfa", PERM)
    for path in ("/gelir/raporlar", "/gelir/raporlar/tahsilat", "/gelir/raporlar/gecikmis-alacak",
                 "/gelir/raporlar/borclular", "/gelir/raporlar/tahakkuk-tahsilat"):
        response = _get(client, path)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        assert "yok" in html and "<table" not in html, path


def test_csv_export_is_semicolon_separated_utf8_with_bom_and_decimal_comma(client):
    staff_with(client, "alfa", PERM)
    with services.bound("alfa"):
        kitap()
    response = _get(client, "/gelir/raporlar/tahsilat", baslangic="2026-05-01", bitis="2026-06-30", bicim="csv",
                    tablo="gelir_turu")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.data
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Gelir türü", "Ekonomik kod", "Makbuz sayısı", "Tutar (TL)", "Pay (%)"]
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["Arsa Vergisi"][3] == "1250,00" and by_name["Toplam"][3] == "1600,00"
    daily = _get(client, "/gelir/raporlar/tahsilat", baslangic="2026-05-01", bitis="2026-06-30", bicim="csv")
    lines = daily.data.decode("utf-8-sig").splitlines()
    assert lines[1].startswith("20.05.2026;2;1000,00;350,00;0,00;0,00;0,00;1350,00")


def test_xlsx_export_opens_with_numbers_and_turkish_headers(client):
    staff_with(client, "alfa", PERM)
    with services.bound("alfa"):
        kitap()
    response = _get(client, "/gelir/raporlar/tahsilat", baslangic="2026-05-01", bitis="2026-06-30", bicim="xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Günlük tahsilat", "Gelir türüne göre tahsilat", "Ödeme kanalına göre tahsilat"]
    daily = book["Günlük tahsilat"]
    assert [c.value for c in daily[1]] == ["Tarih", "Makbuz sayısı", "Nakit", "Kredi kartı", "Havale/EFT", "Online",
                                           "Anlaşmalı banka", "Toplam (TL)"]
    assert daily["A2"].is_date and daily["A2"].value.date() == date(2026, 5, 20)
    assert daily["H2"].value == pytest.approx(1350.0) and daily["H2"].number_format == "#,##0.00"
    assert daily.cell(daily.max_row, 8).value == pytest.approx(1600.0)
    for path, query in [("/gelir/raporlar/gecikmis-alacak", {"gun": "2026-12-15"}),
                        ("/gelir/raporlar/borclular", {"gun": "2026-12-15", "gecikme": "1"}),
                        ("/gelir/raporlar/tahakkuk-tahsilat", {"yil_baslangic": "2024", "yil_bitis": "2026"})]:
        response = _get(client, path, bicim="xlsx", **query)
        assert response.status_code == 200, path
        sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
        assert sheet.max_row >= 2, path
    ages = openpyxl.load_workbook(io.BytesIO(_get(client, "/gelir/raporlar/gecikmis-alacak", gun="2026-12-15",
                                                  bicim="xlsx").data)).active
    assert ages.cell(ages.max_row, 4).value == pytest.approx(5950.0)


def test_bad_filters_answer_422_with_a_message(client):
    staff_with(client, "alfa", PERM)
    cases = [
        ("/gelir/raporlar/tahsilat", {"baslangic": "2026-02-30"}, "Geçerli bir tarih"),
        ("/gelir/raporlar/tahsilat", {"baslangic": "2026-06-01", "bitis": "2026-05-01"}, "önce olamaz"),
        ("/gelir/raporlar/gecikmis-alacak", {"gun": "yarın"}, "Geçerli bir tarih"),
        ("/gelir/raporlar/borclular", {"adet": "-3"}, "1 ile 500"),
        ("/gelir/raporlar/tahakkuk-tahsilat", {"yil_baslangic": "2026", "yil_bitis": "2020"}, "önce olamaz"),
        ("/gelir/raporlar/tahakkuk-tahsilat", {"yil_baslangic": "yirmi"}, "Geçerli bir yıl"),
        ("/gelir/raporlar/tahsilat", {"bicim": "pdf"}, "csv ya da xlsx"),
        ("/gelir/raporlar/tahsilat", {"bicim": "csv", "tablo": "yok"}, "tabloyu"),
    ]
    for path, query, needle in cases:
        response = _get(client, path, **query)
        assert response.status_code == 422, (path, query)
        html = response.get_data(as_text=True)
        assert needle in html and 'role="alert"' in html, (path, query)
    field = _get(client, "/gelir/raporlar/tahsilat", baslangic="x").get_data(as_text=True)
    assert 'aria-describedby="f-baslangic-hata"' in field and 'aria-invalid="true"' in field

    api = _get(client, "/api/v1/gelir/raporlar/tahsilat", baslangic="2026-06-01", bitis="2026-05-01")
    assert api.status_code == 422 and api.json["errors"]["bitis"] and "önce olamaz" in api.json["message"]
    assert _get(client, "/api/v1/gelir/raporlar/borclular", adet="1000").status_code == 422
    assert _get(client, "/api/v1/gelir/raporlar/gecikmis-alacak", gun="31/12/2026").json["errors"]["gun"]


def test_permission_is_required(client):
    staff_with(client, "alfa", "gelir.mukellef.goruntule")
    for path in ("/gelir/raporlar", "/gelir/raporlar/tahsilat", "/gelir/raporlar/gecikmis-alacak",
                 "/gelir/raporlar/borclular", "/gelir/raporlar/tahakkuk-tahsilat",
                 "/api/v1/gelir/raporlar/tahsilat", "/api/v1/gelir/raporlar/gecikmis-alacak",
                 "/api/v1/gelir/raporlar/borclular", "/api/v1/gelir/raporlar/tahakkuk-tahsilat"):
        assert _get(client, path).status_code == 403, path
    assert _get(client, "/gelir/raporlar/tahsilat", bicim="xlsx").status_code == 403
    home = _get(client, "/").get_data(as_text=True)
    assert "Bugünkü tahsilat" not in home


def test_api_returns_the_figures_and_beta_sees_none_of_alfa(client, app):
    with services.bound("alfa"):
        kitap()
    staff_with(client, "alfa", PERM)
    alfa = _get(client, "/api/v1/gelir/raporlar/gecikmis-alacak", gun="2026-12-15")
    assert alfa.status_code == 200 and alfa.json["toplam"] == "5950.00"
    collections = _get(client, "/api/v1/gelir/raporlar/tahsilat", baslangic="2026-05-01", bitis="2026-06-30").json
    assert collections["toplam"] == "1600.00"
    assert collections["tablolar"][0]["satirlar"][0] == {
        "tarih": "2026-05-20", "makbuz": 2, "nakit": "1000.00", "kart": "350.00", "havale": "0.00",
        "online": "0.00", "banka": "0.00", "tutar": "1350.00"}
    yearly = _get(client, "/api/v1/gelir/raporlar/tahakkuk-tahsilat", yil_baslangic="2024", yil_bitis="2026").json
    assert [r["yil"] for r in yearly["tablo"]["satirlar"]] == [2024, 2025, 2026]

    beta = app.test_client()
    staff_with(beta, "beta", PERM)
    assert _get(beta, "/api/v1/gelir/raporlar/gecikmis-alacak", "beta", gun="2026-12-15").json["toplam"] == "0.00"
    assert _get(beta, "/api/v1/gelir/raporlar/tahsilat", "beta", baslangic="2026-05-01",
                bitis="2026-06-30").json["toplam"] == "0.00"
    assert _get(beta, "/api/v1/gelir/raporlar/borclular", "beta", gun="2026-12-15").json["tablo"]["satirlar"] == []
    assert _get(beta, "/api/v1/gelir/raporlar/tahakkuk-tahsilat", "beta").json["tablo"]["satirlar"] == []
    page = _get(beta, "/gelir/raporlar/borclular", "beta", gun="2026-12-15").get_data(as_text=True)
    assert "vadesi geçmiş borcu olan mükellef yok" in page and "<table" not in page
    xlsx = openpyxl.load_workbook(io.BytesIO(_get(beta, "/gelir/raporlar/gecikmis-alacak", "beta",
                                                  gun="2026-12-15", bicim="xlsx").data)).active
    assert xlsx.max_row == 1  # headers only
    # alfa's session is worthless on beta's host
    assert _get(client, "/api/v1/gelir/raporlar/gecikmis-alacak", "beta").status_code in (401, 403)


def test_dashboard_cards_link_to_the_reports(client, monkeypatch):
    monkeypatch.setattr("modules.gelir.views.dashboard.today", lambda: AS_OF)
    staff_with(client, "alfa", PERM)
    with services.bound("alfa"):
        kitap()
    html = _get(client, "/").get_data(as_text=True)
    assert "Bugünkü tahsilat" in html and "Vadesi geçmiş alacak" in html
    assert 'href="/gelir/raporlar"' in html
    assert "5.950,00 TL" in html and "3 mükellef" in html
    assert "5.950,00 TL" in _get(client, "/").get_data(as_text=True)  # the cached figure, same answer


def test_dashboard_card_cache_is_per_tenant(client, app, monkeypatch):
    monkeypatch.setattr("modules.gelir.views.dashboard.today", lambda: AS_OF)
    staff_with(client, "alfa", PERM)
    with services.bound("alfa"):
        kitap()
    assert "5.950,00 TL" in _get(client, "/").get_data(as_text=True)  # alfa's figure now cached
    beta = app.test_client()
    staff_with(beta, "beta", PERM)
    html = _get(beta, "/", "beta").get_data(as_text=True)
    assert "Vadesi geçmiş alacak" in html and "5.950,00" not in html and "0 mükellef" in html


def test_exporting_the_debtors_list_is_audited(client):
    from ebelediye.audit import AuditEntry

    email = staff_with(client, "alfa", PERM)
    with services.bound("alfa"):
        kitap()
    assert _get(client, "/gelir/raporlar/borclular", gun="2026-12-15", bicim="csv").status_code == 200
    with services.bound("alfa"):
        entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "gelir.rapor.disa_aktar")).one()
        assert entry.actor == email and entry.object_id == "borclular"
        assert entry.after == {"bicim": "csv", "filtre": {"gun": "2026-12-15", "adet": 20, "gecikme": False}, "satir": 3}


def test_a_debt_under_a_tecil_plan_is_deferred_not_overdue_while_the_plan_runs():
    from modules.gelir.services import tecil

    # the rows are created today, so every "as of" day is after today
    day = date.today()
    with services.bound("alfa"):
        m = MukellefFactory()
        debt = borc(m, "10000.00", day - timedelta(days=40))
        plan = tecil.onayla(m.id, [debt.id], 2, day + timedelta(days=3), bugun=day + timedelta(days=3),
                            actor="memur@alfa")
        before = rapor.gecikmis_alacak_yaslari(day + timedelta(days=2))
        during = rapor.gecikmis_alacak_yaslari(day + timedelta(days=10))
        debtors = rapor.en_borclular(day + timedelta(days=10))
        tecil.iptal(plan.id, "Teminat gelmedi", day + timedelta(days=15), actor="memur@alfa")
        after = rapor.gecikmis_alacak_yaslari(day + timedelta(days=20))
    assert before.toplam == Decimal("10000.00")
    # neither the principal nor the late fee accrued at approval is overdue: the installments
    # (a month and two months after the tecil day) are not due yet
    assert during.toplam == 0 and debtors.satirlar == []
    # cancelled: the debt (and the late fee accrued up to the tecil day) is overdue again
    assert after.toplam > Decimal("10000.00")
