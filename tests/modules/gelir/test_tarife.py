"""Tariffs (dated, never edited), settings, ads, ÇTV records and the water-consumption import."""

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from ebelediye.audit import AuditEntry
from ebelediye.extensions import db
from modules.gelir.models import CtvKaydi, IlanReklam, SuTuketimi, Tarife
from modules.gelir.services import GelirError
from modules.gelir.services import tarife as service
from tenants import services
from tests.plugin import host

from .conftest import MukellefFactory, staff_with

ALFA = {"Host": host("alfa")}


def test_a_new_figure_closes_the_open_one_the_day_before():
    with services.bound("alfa"):
        first = service.ekle("arsa_birim", "B7", "1000", date(2025, 1, 1), actor="x", ad="Bölge B7")
        second = service.ekle("arsa_birim", "B7", "1500.25", date(2026, 1, 1), actor="y", karar="Meclis 2025/112")
        assert first.gecerlilik_bitis == date(2025, 12, 31) and first.tutar == Decimal("1000")
        assert second.ad == "Bölge B7" and second.birim == "TL/m²" and second.gecerlilik_bitis is None
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "gelir.tarife.ekle",
                                                           AuditEntry.object_id == str(second.id)))
        assert entry.before["kapatilan"]["id"] == first.id and entry.after["kapatilan_bitis"] == "2025-12-31"
        with pytest.raises(GelirError) as caught:
            service.ekle("arsa_birim", "B7", "1600", date(2026, 1, 1), actor="x")
        assert "gecerlilik_baslangic" in caught.value.errors


@pytest.mark.parametrize("tutar, message", [("-1", "negatif"), ("1.00001", "4 ondalık"), ("abc", "Geçerli"),
                                            ("2,843.29", "Türkçe biçimde"), ("1e400", "Geçerli"), ("12\x0034", "denetim")])
def test_bad_amounts_are_refused(tutar, message):
    with services.bound("alfa"):
        with pytest.raises(GelirError) as caught:
            service.ekle("arsa_birim", "Z1", tutar, date(2026, 1, 1), actor="x", ad="Z")
        assert message in caught.value.errors["tutar"][0]
        assert db.session.scalar(select(func.count(Tarife.id)).where(Tarife.kod == "Z1")) == 0


def test_settings_are_validated_and_audited():
    with services.bound("alfa"):
        with pytest.raises(GelirError) as caught:
            service.ayar_guncelle(actor="x", buyuksehir=True, il="", ilce="Çankaya", makbuz_on_eki="m 1")
        assert set(caught.value.errors) == {"il", "makbuz_on_eki"}
        row = service.ayar_guncelle(actor="x", buyuksehir=True, il="Ankara", ilce="Çankaya", makbuz_on_eki="ck")
        assert row.makbuz_on_eki == "CK" and row.buyuksehir
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "gelir.ayar.guncelle"))


def test_ad_and_ctv_records():
    with services.bound("alfa"):
        m = MukellefFactory()
        ad = service.ilan_olustur(actor="x", mukellef_id=m.id, tarife_kod="sabit_levha", yer="Meydan", alan="2.5",
                                  adet="1", baslangic="2026-03-01", bitis="2026-12-31")
        assert ad.alan == Decimal("2.5")
        with pytest.raises(GelirError) as caught:
            service.ilan_olustur(actor="x", mukellef_id=m.id, tarife_kod="yok", yer="", alan="-2", adet="0",
                                 baslangic="2026-03-01", bitis="2026-01-01")
        assert set(caught.value.errors) >= {"tarife_kod", "yer", "alan", "adet", "bitis"}
        shop = service.ctv_olustur(actor="x", mukellef_id=m.id, kullanim="isyeri", grup="3", derece="2",
                                   baslangic_yili="2026")
        assert (shop.grup, shop.derece) == (3, 2)
        well = service.ctv_olustur(actor="x", mukellef_id=m.id, kullanim="konut", derece="4", baslangic_yili="2026")
        assert well.grup == 7 and well.abone_no is None
        with pytest.raises(GelirError) as caught:
            service.ctv_olustur(actor="x", mukellef_id=m.id, kullanim="isyeri", grup="8", derece="0",
                                baslangic_yili="2026")
        assert set(caught.value.errors) == {"grup", "derece"}
        assert db.session.scalar(select(func.count(IlanReklam.id))) == 1
        assert db.session.scalar(select(func.count(CtvKaydi.id))) == 2


def test_water_import_is_all_or_nothing_and_idempotent():
    with services.bound("alfa"):
        good = "abone_no;donem;m3\n100234;2026-01;12.5\n100235;2026-01;0\n"
        result = service.su_aktar(good.encode(), "ocak.csv", actor="x")
        assert (result.eklenen, result.zaten_var) == (2, 0)
        again = service.su_aktar(good.encode(), "ocak.csv", actor="x")
        assert (again.eklenen, again.zaten_var) == (0, 2)
        bad = "100236;2026-02;5\n100237;2026-13;5\n100238;2026-02;-1\n100239;2026-02\n100234;2026-01;99\n"
        with pytest.raises(GelirError) as caught:
            service.su_aktar(bad, "subat.csv", actor="x")
        assert set(caught.value.errors) == {"satir_2", "satir_3", "satir_4", "satir_5"}
        assert "farklı değer" in caught.value.errors["satir_5"][0]
        assert db.session.scalar(select(func.count(SuTuketimi.id))) == 2  # line 1 was not written either


def test_tariff_pages_and_permission(client):
    staff_with(client, "alfa", "gelir.mukellef.goruntule")
    assert client.get("/gelir/tarifeler", headers=ALFA).status_code == 403
    staff_with(client, "alfa", "gelir.tarife.yonet", "gelir.mukellef.goruntule", "gelir.mukellef.yonet")
    page = client.get("/gelir/tarifeler", query_string={"tur": "ilan_reklam"}, headers=ALFA)
    assert page.status_code == 200 and "sabit_levha" in page.get_data(as_text=True)
    bad = client.post("/gelir/tarifeler", data={"tur": "arsa_birim", "kod": "B9", "ad": "B9", "tutar": "-1",
                                                "gecerlilik_baslangic": "2026-01-01"}, headers=ALFA)
    assert bad.status_code == 422 and "negatif" in bad.get_data(as_text=True)
    ok = client.post("/gelir/tarifeler", data={"tur": "arsa_birim", "kod": "B9", "ad": "B9", "tutar": "900",
                                               "gecerlilik_baslangic": "2026-01-01"}, headers=ALFA)
    assert ok.status_code == 302
    assert client.get("/gelir/tarifeler/vade-takvimi", headers=ALFA).status_code == 200
    assert client.post("/gelir/tarifeler/ayarlar", data={"il": "Ankara", "ilce": "Çankaya", "makbuz_on_eki": "M"},
                       headers=ALFA).status_code == 302
    for path in ("/gelir/ilan-reklam", "/gelir/ctv", "/gelir/su-tuketimi"):
        assert client.get(path, headers=ALFA).status_code == 200
    from io import BytesIO

    upload = client.post("/gelir/su-tuketimi", data={"dosya": (BytesIO(b"1;2026-01;x\n"), "a.csv")},
                         headers=ALFA, content_type="multipart/form-data")
    assert upload.status_code == 422 and "1. satır" in upload.get_data(as_text=True)


@pytest.mark.parametrize("api", [False, True], ids=["sayfa", "api"])
@pytest.mark.parametrize("typed, stored", [("2.843,29", "2843.29"), ("2843,29", "2843.29"), ("2843.29", "2843.29"),
                                           ("1.250,7525", "1250.7525"), ("1.500,00", "1500")])
def test_a_tariff_amount_reads_the_turkish_forms_on_the_page_and_in_the_api(client, api, typed, stored):
    staff_with(client, "alfa", "gelir.tarife.yonet", "gelir.mukellef.goruntule")
    body = {"tur": "ucret", "kod": "ruhsat_x", "ad": "Ruhsat", "tutar": typed, "gecerlilik_baslangic": "2026-01-01"}
    if api:
        response = client.post("/api/v1/gelir/tarifeler", json=body, headers=ALFA)
        assert response.status_code == 201, response.json
    else:
        response = client.post("/gelir/tarifeler", data=body, headers=ALFA)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
    with services.bound("alfa"):
        assert db.session.scalars(select(Tarife.tutar).where(Tarife.kod == "ruhsat_x")).all() == [Decimal(stored)]


@pytest.mark.parametrize("api", [False, True], ids=["sayfa", "api"])
@pytest.mark.parametrize("typed", ["2,843.29", "1e400", "2843\x00,29", "2843,29501", "-5"])
def test_a_tariff_amount_refuses_the_rest_with_a_field_message(client, api, typed):
    staff_with(client, "alfa", "gelir.tarife.yonet", "gelir.mukellef.goruntule")
    body = {"tur": "ucret", "kod": "ruhsat_y", "ad": "Ruhsat", "tutar": typed, "gecerlilik_baslangic": "2026-01-01"}
    if api:
        response = client.post("/api/v1/gelir/tarifeler", json=body, headers=ALFA)
        assert response.status_code == 422 and response.json["errors"].get("tutar"), response.json
    else:
        response = client.post("/gelir/tarifeler", data=body, headers=ALFA)
        assert response.status_code == 422
        assert re.search(r'id="f-tutar"[^>]*aria-invalid="true"', response.get_data(as_text=True), re.S)
    with services.bound("alfa"):
        assert db.session.scalars(select(Tarife.id).where(Tarife.kod == "ruhsat_y")).all() == []
