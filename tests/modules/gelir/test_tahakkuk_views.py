"""The accrual pages: start a batch (job queued, progress page), bad input, cancel, permissions."""

from datetime import date

from sqlalchemy import select

from ebelediye import jobs
from ebelediye.extensions import db
from modules.gelir.models import Tahakkuk, TopluTahakkuk
from tenants import services
from tests.plugin import host

from .conftest import MukellefFactory, borc, staff_with

ALFA = {"Host": host("alfa")}


def test_starting_the_batch_queues_a_job_and_shows_its_progress(client):
    staff_with(client, "alfa", "gelir.tahakkuk.olustur", "gelir.tahakkuk.toplu")
    response = client.post("/gelir/tahakkuk/toplu", data={"yil": "2026", "grup": "emlak"}, headers=ALFA)
    assert response.status_code == 302 and "/gelir/tahakkuk/toplu/" in response.location
    with services.bound("alfa"):
        run = db.session.scalar(select(TopluTahakkuk).order_by(TopluTahakkuk.id.desc()))
        assert run.durum == "bekliyor" and run.is_kaydi
        db.session.commit()
    assert jobs.queue("batch").count == 1
    page = client.get(response.location, headers=ALFA)
    assert page.status_code == 200 and "2026" in page.get_data(as_text=True)
    status = client.get(response.location + "?format=json", headers=ALFA).json
    assert status["durum"] == "bekliyor" and status["state"] == "queued"


def test_bad_input_gets_form_errors_and_changes_nothing(client):
    staff_with(client, "alfa", "gelir.tahakkuk.olustur", "gelir.tahakkuk.toplu")
    for data in ({"yil": "iki bin", "grup": "emlak"}, {"yil": "1850", "grup": "emlak"},
                 {"yil": "2026", "grup": "kira"}, {"yil": "2027", "grup": "emlak"}):
        response = client.post("/gelir/tahakkuk/toplu", data=data, headers=ALFA)
        assert response.status_code == 422, data
        assert "is-invalid" in response.get_data(as_text=True) or "invalid-feedback" in response.get_data(as_text=True)
    bad_period = client.post("/gelir/tahakkuk/ctv-konut", data={"donem": "2026/13"}, headers=ALFA)
    assert bad_period.status_code == 422 and "YYYY-AA" in bad_period.get_data(as_text=True)
    with services.bound("alfa"):
        assert db.session.scalar(select(db.func.count()).select_from(TopluTahakkuk)) == 0
        db.session.commit()


def test_cancel_needs_its_permission_and_a_reason(client):
    with services.bound("alfa"):
        debt_id = borc(MukellefFactory(), "250.00", date(2026, 11, 30)).id
        db.session.commit()
    staff_with(client, "alfa", "gelir.tahakkuk.olustur")
    assert client.post(f"/gelir/tahakkuk/{debt_id}/iptal", data={"gerekce": "x"}, headers=ALFA).status_code == 403
    client.post("/cikis", headers=ALFA)
    staff_with(client, "alfa", "gelir.tahakkuk.olustur", "gelir.tahakkuk.iptal")
    assert client.post(f"/gelir/tahakkuk/{debt_id}/iptal", data={"gerekce": ""}, headers=ALFA).status_code == 422
    done = client.post(f"/gelir/tahakkuk/{debt_id}/iptal", data={"gerekce": "Mükerrer"}, headers=ALFA)
    assert done.status_code == 302
    with services.bound("alfa"):
        reversal = db.session.scalar(select(Tahakkuk).where(Tahakkuk.iptal_edilen_id == debt_id))
        assert reversal.tutar == -250
        db.session.commit()
    # beta's staff cannot reach alfa's accrual: another schema, so no such row
    client.post("/cikis", headers=ALFA)
    staff_with(client, "beta", "gelir.tahakkuk.iptal", "gelir.tahakkuk.olustur")
    assert client.post(f"/gelir/tahakkuk/{debt_id}/iptal", data={"gerekce": "x"},
                       headers={"Host": host("beta")}).status_code == 404


def test_the_yearly_advertising_accrual_from_the_page(client):
    from decimal import Decimal

    from modules.gelir.models import IlanReklam

    staff_with(client, "alfa", "gelir.tahakkuk.olustur")
    with services.bound("alfa"):
        payer = MukellefFactory()
        db.session.add(IlanReklam(mukellef_id=payer.id, tarife_kod="sabit_levha", yer="Cephe", alan=Decimal("1"),
                                  adet=1, baslangic=date(2025, 6, 1), bitis=date(2027, 5, 31), kaydeden="x"))
        db.session.commit()
    bad = client.post("/gelir/tahakkuk/ilan-yili", data={"yil": "yirmi"}, headers=ALFA)
    assert bad.status_code == 422 and 'id="ilan_yil-hata"' in bad.get_data(as_text=True)
    done = client.post("/gelir/tahakkuk/ilan-yili", data={"yil": "2026"}, headers=ALFA, follow_redirects=True)
    assert done.status_code == 200 and "1 ilan/reklam izni" in done.get_data(as_text=True)
    with services.bound("alfa"):
        rows = db.session.scalars(select(Tahakkuk).where(Tahakkuk.gelir_kodu == "ilan_reklam")).all()
        assert {(r.yil, r.taksit, r.tutar) for r in rows} == {(2026, 1, Decimal("50.00")), (2026, 2, Decimal("50.00"))}


def test_the_accrual_page_warns_when_the_year_has_no_ctv_amounts(client):
    from ebelediye import clock

    staff_with(client, "alfa", "gelir.tahakkuk.olustur")
    year = clock.today().year
    page = client.get("/gelir/tahakkuk", headers=ALFA).get_data(as_text=True)
    assert f'id="ctv-eksik-{year}"' in page and f"{year} yılının ÇTV tutarları girilmemiş (36 tutar)" in page
