"""Staff pages and the API: prepare a voucher on the form, a second person approves it,
the mizan shows it; exports cannot carry formulas; bad input is a 422, never a 500."""

import io
from datetime import date

from openpyxl import load_workbook

from ebelediye import clock
from ebelediye.extensions import db
from modules.muhasebe import demo
from modules.muhasebe.models import Fis
from tenants import services
from tests.modules.muhasebe.conftest import D
from tests.plugin import host, staff_with

H = {"Host": host("alfa")}
ALL = ("muhasebe.goruntule", "muhasebe.fis.hazirla", "muhasebe.fis.onayla")


def _form(**over):
    data = {"tarih": "16.03.2026", "tur": "mif", "aciklama": "=HYPERLINK(\"http://x\")",
            "hesap": ["100", "600", ""], "borc": ["1.234,50", "", ""], "alacak": ["", "1.234,50", ""],
            "kurumsal": ["", "", ""], "fonksiyonel": ["", "", ""], "finansman": ["", "5", ""],
            "ekonomik": ["", "01.2.9.51", ""], "aciklama_satir": ["", "", ""]}
    data.update(over)
    return data


def test_prepare_on_the_form_approve_as_another_and_see_it_in_the_mizan(client, app):
    staff_with(client, "alfa", *ALL, email="hazirlayan@alfa.bel.tr")
    assert client.get("/muhasebe/fisler/yeni", headers=H).status_code == 200
    response = client.post("/muhasebe/fisler/yeni", data=_form(), headers=H)
    assert response.status_code == 303, response.get_data(as_text=True)
    fis_path = response.headers["Location"]
    refused = client.post(fis_path + "/onayla", headers=H)  # the preparer: refused, flashed
    assert refused.status_code == 403  # separation of duties (5018): refused, nothing written
    with services.bound("alfa"):
        fis_id = int(fis_path.rstrip("/").rsplit("/", 1)[1])
        assert db.session.get(Fis, fis_id).durum == "taslak"
        db.session.commit()
    other = app.test_client()
    staff_with(other, "alfa", *ALL, email="onaylayan@alfa.bel.tr")
    assert other.post(fis_path + "/onayla", headers=H).status_code == 303
    page = other.get("/muhasebe/mizan?baslangic=2026-03-16&bitis=2026-03-16", headers=H).get_data(as_text=True)
    assert 'data-hesap="100"' in page and "1.234,50" in page
    listing = other.get("/muhasebe/fisler?ara=HYPERLINK", headers=H).get_data(as_text=True)
    assert "2026/" in listing
    exported = other.get("/muhasebe/yevmiye?baslangic=2026-03-16&bitis=2026-03-16&bicim=csv", headers=H)
    assert exported.status_code == 200 and "'=HYPERLINK" in exported.get_data(as_text=True)
    book = other.get("/muhasebe/mizan?baslangic=2026-03-16&bitis=2026-03-16&bicim=xlsx", headers=H)
    sheet = load_workbook(io.BytesIO(book.data)).active
    assert [c.value for c in sheet[1]][:2] == ["Hesap kodu", "Hesap adı"]
    ledger = other.get("/muhasebe/defter?hesap=100&baslangic=2026-03-16&bitis=2026-03-16", headers=H)
    assert ledger.status_code == 200
    for path in ("/muhasebe/hesaplar", "/muhasebe/butce", "/muhasebe/yevmiye", fis_path):
        assert other.get(path, headers=H).status_code == 200, path


def test_an_unbalanced_form_is_shown_again_with_its_message(client):
    staff_with(client, "alfa", *ALL)
    response = client.post("/muhasebe/fisler/yeni", data=_form(alacak=["", "1.000,00", ""]), headers=H)
    assert response.status_code == 422
    assert "Fiş dengeli değil" in response.get_data(as_text=True)


def test_the_closing_voucher_is_prepared_from_the_mizan_page(client):
    staff_with(client, "alfa", "muhasebe.goruntule", "muhasebe.donem.kilitle")
    with services.bound("alfa"):
        from tests.modules.muhasebe.conftest import kaydet, satirlar

        kaydet(satirlar(("100", "B", "40.00"), ("600", "A", "40.00")), date(2024, 5, 1))
        db.session.commit()
    response = client.post("/muhasebe/yil-sonu", data={"yil": "2024"}, headers=H)
    assert response.status_code == 303
    page = client.get(response.headers["Location"], headers=H).get_data(as_text=True)
    assert "2024 yılı kapanış kayıtları" in page and "590" in page
    assert client.post("/muhasebe/yil-sonu", data={"yil": "iki bin"}, headers=H).status_code == 422


def test_pages_need_their_permission(client):
    staff_with(client, "alfa", "muhasebe.goruntule")
    assert client.get("/muhasebe/fisler", headers=H).status_code == 200
    assert client.get("/muhasebe/fisler/yeni", headers=H).status_code == 403


def test_the_api_prepares_approves_and_reports_with_422_on_bad_input(client, app):
    staff_with(client, "alfa", *ALL, email="api1@alfa.bel.tr")
    body = {"tarih": "2026-03-17", "satirlar": [{"hesap": "102", "borc": "10.00"}, {"hesap": "600", "alacak": "10.00"}]}
    created = client.post("/api/v1/muhasebe/fisler", json=body, headers=H)
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["durum"] == "taslak" and created.get_json()["satirlar"][0]["borc"] == "10.00"
    bad = client.post("/api/v1/muhasebe/fisler", json={**body, "satirlar": body["satirlar"][:1]}, headers=H)
    assert bad.status_code == 422 and bad.get_json()["errors"]
    unknown = client.post("/api/v1/muhasebe/fisler", json={"tarih": "2026-03-17", "satirlar": [
        {"hesap": "199", "borc": "1"}, {"hesap": "600", "alacak": "1"}]}, headers=H)
    assert unknown.status_code == 422 and "satirlar.0.hesap" in unknown.get_json()["errors"]
    junk = client.post("/api/v1/muhasebe/fisler", json={"tarih": "yarın", "satirlar": "x"}, headers=H)
    assert junk.status_code == 422
    other = app.test_client()
    staff_with(other, "alfa", *ALL, email="api2@alfa.bel.tr")
    fis_id = created.get_json()["id"]
    approved = other.post(f"/api/v1/muhasebe/fisler/{fis_id}/onay", headers=H)
    assert approved.status_code == 200 and approved.get_json()["no"]
    mizan = other.get("/api/v1/muhasebe/mizan?baslangic=2026-03-17&bitis=2026-03-17", headers=H).get_json()
    assert mizan["borc"] == mizan["alacak"] and all(k["tutuyor"] for k in mizan["kontroller"][:1])
    assert any(h["kod"] == "901" for h in other.get("/api/v1/muhasebe/hesaplar", headers=H).get_json())
    with services.bound("alfa"):
        from tests.modules.muhasebe.conftest import kalem

        kalem("300.00")
        db.session.commit()
    lines = other.get("/api/v1/muhasebe/butce?yil=2026", headers=H).get_json()
    assert any(r["ad"] == "Kırtasiye alımları" and r["kalan"] == "300.00" for r in lines)
    assert other.get("/api/v1/muhasebe/butce?yil=yok", headers=H).status_code == 422


def test_the_demo_builds_a_budget_and_a_year_of_postings_and_runs_again():
    with services.bound("beta"):
        tenant = __import__("ebelediye.tenancy", fromlist=["require_tenant"]).require_tenant()
        lines = demo.run(db.session, tenant)
        again = demo.run(db.session, tenant)
        assert lines == again and "onaylı fiş" in lines[0]
        from modules.muhasebe.services import butce, rapor

        granted, used = butce.yil_ozeti(clock.today().year)
        assert granted > used > 0
        m = rapor.mizan(date(clock.today().year, 1, 1), clock.today())
        assert all(k.tutuyor for k in m.kontroller), m.kontroller


def test_the_statements_balance_and_show_revenue_by_economic_code(client):
    from modules.muhasebe.hesap import Satir
    from modules.muhasebe.services import rapor
    from tests.modules.muhasebe.conftest import kaydet

    with services.bound("alfa"):
        kaydet([Satir("120", borc=D("900.00"), ekonomik="01.2.9.51"), Satir("600", alacak=D("900.00"), ekonomik="01.2.9.51"),
                Satir("100", borc=D("400.00"), ekonomik="01.2.9.51"), Satir("120", alacak=D("400.00"), ekonomik="01.2.9.51"),
                Satir("805", borc=D("400.00"), ekonomik="01.2.9.51"), Satir("800", alacak=D("400.00"), ekonomik="01.2.9.51"),
                Satir("630", borc=D("150.00"), ekonomik="03.5.1.01"), Satir("320", alacak=D("150.00"), ekonomik="03.5.1.01")],
               date(2026, 3, 20))
        b = rapor.bilanco(date(2026, 12, 31))
        assert b.aktif == b.pasif
        assert ("01.2", D("-900.00")) in rapor.ekonomik_dagilim("600", date(2026, 3, 20), date(2026, 3, 20), 2)
        db.session.commit()
    staff_with(client, "alfa", "muhasebe.goruntule")
    page = client.get("/muhasebe/tablolar?baslangic=2026-03-20&bitis=2026-03-20", headers=H).get_data(as_text=True)
    assert "Bilanço" in page and "01.2" in page
    assert client.get("/", headers=H).status_code == 200  # the dashboard with both cards
