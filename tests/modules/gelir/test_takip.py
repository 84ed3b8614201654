"""Ödeme emri batches (6183 m.55, m.58) and the staff pages of 6183 collection."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from ebelediye import clock
from ebelediye.extensions import db
from modules.gelir.models import OdemeEmri
from modules.gelir.services import GelirError, takip
from tenants import services
from tests.plugin import host, sign_in_citizen

from .conftest import MukellefFactory, borc, new_tckn, staff_with

A = {"Host": host("alfa")}
GUN = date(2026, 2, 2)


def test_a_batch_writes_one_numbered_order_per_taxpayer_once():
    with services.bound("alfa"):
        m1, m2, small = MukellefFactory(), MukellefFactory(), MukellefFactory()
        borc(m1, "1000.00", date(2025, 11, 30))
        borc(m1, "50.00", date(2025, 5, 31), gelir_kodu="ctv_konut")
        borc(m2, "2000.00", date(2025, 11, 30))
        borc(small, "10.00", date(2025, 11, 30))
        run = takip.parti_olustur("2025", "emlak_arsa", "100", GUN, actor="memur")
        takip.calistir(run.id, parca=1)
        orders = db.session.scalars(takip.emirler(parti_id=run.id)).all()
        assert sorted(o.mukellef_id for o in orders) == sorted([m1.id, m2.id])  # 10 TL is below the minimum
        first = next(o for o in orders if o.mukellef_id == m1.id)
        assert [k["gelir_adi"] for k in first.kalemler] == ["Arsa Vergisi"]  # only the revenue asked for
        assert first.gecikme == Decimal("76.47")  # 2 calendar months × 37.00 + 2 days × 0.001234 × 1,000
        numbers = sorted(o.sira for o in orders)
        assert numbers[1] == numbers[0] + 1  # no gap
        run.durum = "calisiyor"  # a rerun (as after a crash) writes nothing twice
        run.imlec = 0
        takip.calistir(run.id)
        assert len(db.session.scalars(takip.emirler(parti_id=run.id)).all()) == 2


def test_teblig_starts_the_periods_and_an_objection_is_recorded_with_its_outcome():
    with services.bound("alfa"):
        m = MukellefFactory()
        borc(m, "1000.00", date(2025, 11, 30))
        run = takip.parti_olustur(None, None, None, GUN, actor="memur")
        takip.calistir(run.id)
        (order,) = db.session.scalars(takip.emirler(parti_id=run.id)).all()
        with pytest.raises(GelirError):
            takip.itiraz_et(order.id, GUN, "", bugun=GUN, actor="memur")  # not notified yet
        with pytest.raises(GelirError) as early:
            takip.teblig_et(order.id, GUN - timedelta(days=1), bugun=GUN, actor="memur")
        assert "teblig_tarihi" in early.value.errors
        takip.teblig_et(order.id, date(2026, 2, 3), bugun=date(2026, 2, 20), actor="memur")
        assert order.odeme_son_gun == date(2026, 2, 18) and order.itiraz_son_gun == date(2026, 2, 18)
        with pytest.raises(GelirError) as late:
            takip.itiraz_et(order.id, date(2026, 2, 19), "", bugun=date(2026, 2, 20), actor="memur")
        assert "itiraz_tarihi" in late.value.errors
        takip.itiraz_et(order.id, date(2026, 2, 10), "Borç ödenmişti", bugun=date(2026, 2, 20), actor="memur")
        takip.itiraz_sonucu(order.id, "kabul", date(2026, 2, 20), bugun=date(2026, 2, 20), actor="memur")
        assert order.durum == "iptal" and order.itiraz_sonucu == "kabul"


def test_bad_batch_criteria_are_refused_with_fields():
    with services.bound("alfa"):
        with pytest.raises(GelirError) as refused:
            takip.parti_olustur("1990", "yok_boyle", "12,345", GUN, actor="memur")
        assert {"yil", "gelir_kodu", "asgari"} <= set(refused.value.errors)


def test_staff_flow_order_pdf_teblig_and_a_tecil_plan_the_citizen_sees(client):
    today = clock.today()
    tckn = new_tckn()
    with services.bound("alfa"):
        m = MukellefFactory(tckn=tckn)
        debt = borc(m, "1200.00", date(today.year - 1, 11, 30))
        db.session.commit()
        m_id, debt_id = m.id, debt.id
    staff_with(client, "alfa", "gelir.takip.yonet", "gelir.tahsilat.olustur")
    made = client.post("/gelir/takip/odeme-emirleri/parti", data={"yil": str(today.year - 1), "asgari": "1000"},
                       headers=A, follow_redirects=True)
    assert made.status_code == 200
    with services.bound("alfa"):
        order = db.session.scalar(db.select(OdemeEmri).where(OdemeEmri.mukellef_id == m_id))
        order_id = order.id
    page = client.get(f"/gelir/takip/odeme-emirleri/{order_id}", headers=A).get_data(as_text=True)
    assert "Tebliği kaydet" in page
    pdf = client.get(f"/gelir/takip/odeme-emirleri/{order_id}.pdf", headers=A)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    bad = client.post(f"/gelir/takip/odeme-emirleri/{order_id}/teblig", data={"teblig_tarihi": "31.02.2026"}, headers=A)
    assert bad.status_code == 422 and "Geçerli bir tarih girin" in bad.get_data(as_text=True)
    client.post(f"/gelir/takip/odeme-emirleri/{order_id}/teblig", data={"teblig_tarihi": today.isoformat()}, headers=A)
    form = {"tahakkuk": [str(debt_id)], "taksit_sayisi": "2", "tecil_tarihi": today.isoformat()}
    preview = client.post(f"/gelir/takip/tecil/yeni/{m_id}", data={**form, "islem": "hesapla"}, headers=A)
    assert preview.status_code == 200 and "Planı onayla" in preview.get_data(as_text=True)
    wrong = client.post(f"/gelir/takip/tecil/yeni/{m_id}", data={**form, "taksit_sayisi": "abc"}, headers=A)
    assert wrong.status_code == 422
    approved = client.post(f"/gelir/takip/tecil/yeni/{m_id}", data={**form, "islem": "onayla"}, headers=A)
    assert approved.status_code == 302
    plan_id = int(re.search(r"/tecil/(\d+)", approved.location).group(1))
    assert "Aktif" in client.get(f"/gelir/takip/tecil/{plan_id}", headers=A).get_data(as_text=True)
    desk = client.get(f"/gelir/vezne/mukellefler/{m_id}", headers=A).get_data(as_text=True)
    assert "Tecil taksiti 1/2" in desk  # the cash desk sees the installments
    sign_in_citizen(client, "alfa", tckn)
    mine = client.get("/e-hizmet/borclarim", headers=A).get_data(as_text=True)
    assert "Tecil taksiti 2/2" in mine and f"Plan {plan_id}" in mine


def _token(slug="alfa") -> dict:
    from ebelediye.identity import StaffUser, issue_api_token

    with services.bound(slug):
        user = StaffUser(email=f"api-takip@{slug}.bel.tr", full_name="API", is_tenant_admin=True)
        db.session.add(user)
        db.session.flush()
        _, plain = issue_api_token(user, "test")
        db.session.commit()
    return {"Host": host(slug), "Authorization": f"Bearer {plain}"}


def test_api_schedule_before_approval_then_the_plan_and_field_errors(client):
    today = clock.today()
    headers = _token()
    with services.bound("alfa"):
        m = MukellefFactory()
        debt = borc(m, "1000.00", date(today.year - 1, 11, 30))
        db.session.commit()
        body = {"mukellef_id": m.id, "tahakkuk": [debt.id], "taksit_sayisi": 3, "tecil_tarihi": today.isoformat()}
    preview = client.post("/api/v1/gelir/tecil/onizleme", json=body, headers=headers)
    assert preview.status_code == 200, preview.json
    assert len(preview.json["taksitler"]) == 3 and preview.json["anapara"] == "1000.00"
    for bad, field in (({**body, "taksit_sayisi": 0}, "taksit_sayisi"), ({**body, "tecil_tarihi": "2026-02-30"},
                                                                         "tecil_tarihi"),
                       ({**body, "tahakkuk": ["x"]}, "tahakkuk.0")):
        refused = client.post("/api/v1/gelir/tecil", json=bad, headers=headers)
        assert refused.status_code == 422 and field in refused.json["errors"], refused.json
    made = client.post("/api/v1/gelir/tecil", json=body, headers=headers)
    assert made.status_code == 201 and made.json["durum"] == "aktif"
    assert made.json["toplam"] == preview.json["toplam"]  # what was shown is what was approved
    plan_id = made.json["id"]
    assert client.get(f"/api/v1/gelir/tecil/{plan_id}", headers=headers).json["taksit_sayisi"] == 3
    assert client.get(f"/api/v1/gelir/tecil/{plan_id}", headers=_token("beta")).status_code == 404
    cancelled = client.post(f"/api/v1/gelir/tecil/{plan_id}/iptal", json={"gerekce": "Talep geri alındı"},
                            headers=headers)
    assert cancelled.status_code == 200 and cancelled.json["durum"] == "iptal"


def test_a_large_batch_is_queued_as_a_job_and_an_order_belongs_to_its_municipality(client, monkeypatch):
    headers = _token()
    with services.bound("alfa"):
        for _ in range(2):
            borc(MukellefFactory(), "500.00", date(2025, 11, 30))
        db.session.commit()
    monkeypatch.setattr(takip, "ANINDA", 1)
    queued = client.post("/api/v1/gelir/odeme-emri-partileri", json={"asgari": "100"}, headers=headers)
    assert queued.status_code == 201 and queued.json["is_kaydi"] and queued.json["olusan"] == 0
    monkeypatch.setattr(takip, "ANINDA", 10_000)
    done = client.post("/api/v1/gelir/odeme-emri-partileri", json={"asgari": "100", "yil": 2025}, headers=headers)
    assert done.status_code == 201 and done.json["olusan"] >= 2
    with services.bound("alfa"):
        order_id = db.session.scalars(takip.emirler(parti_id=done.json["id"])).first().id
    assert client.get(f"/api/v1/gelir/odeme-emirleri/{order_id}", headers=headers).status_code == 200
    assert client.get(f"/api/v1/gelir/odeme-emirleri/{order_id}", headers=_token("beta")).status_code == 404
    late = client.post(f"/api/v1/gelir/odeme-emirleri/{order_id}/teblig", json={"teblig_tarihi": "2000-01-01"},
                       headers=headers)
    assert late.status_code == 422 and "teblig_tarihi" in late.json["errors"]


def test_the_batch_page_shows_its_orders_and_a_finished_batch_is_not_resumed(client):
    staff_with(client, "alfa", "gelir.takip.yonet")
    with services.bound("alfa"):
        m = MukellefFactory()
        borc(m, "700.00", date(2025, 11, 30))
        run = takip.parti_olustur(None, None, "600", GUN, actor="memur")
        takip.calistir(run.id)
        db.session.commit()
        run_id, order_no = run.id, db.session.scalars(takip.emirler(parti_id=run.id)).first().no
    page = client.get(f"/gelir/takip/odeme-emirleri/parti/{run_id}", headers=A).get_data(as_text=True)
    assert order_no in page and "100%" in page
    again = client.post(f"/gelir/takip/odeme-emirleri/parti/{run_id}/devam", headers=A)
    assert again.status_code == 409  # refused: the batch is done
    with services.bound("alfa"):
        assert takip.parti(run_id).is_kaydi is None
    assert client.get("/gelir/takip/odeme-emirleri/parti/999999999", headers=A).status_code == 404
