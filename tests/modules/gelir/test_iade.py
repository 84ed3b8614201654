"""Refunds of credit: prepared by one user, approved or rejected by another, never deleted."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from ebelediye import connectors, events
from ebelediye.connectors.factory import connectors as registry
from ebelediye.connectors.mock.bank import threeds_result
from ebelediye.extensions import db
from modules.gelir.models import Iade, OnlineOdeme, Tahsilat
from modules.gelir.services import GelirError, iade, tahsilat
from modules.gelir.services import borc as borc_service
from tenants import services
from tests.plugin import host

from .conftest import MukellefFactory, staff_with

A = {"Host": host("alfa")}
DAY = date(2026, 3, 2)
IBAN = "TR330006100519786457841326"


@pytest.fixture
def refunded():
    got = []

    def receive(sender, event):
        got.append(event)

    events.revenue_refunded.connect(receive)
    yield got
    events.revenue_refunded.disconnect(receive)


def _with_credit(amount: str = "150.00") -> int:
    """A taxpayer of the bound tenant with ``amount`` of credit (a payment with no debt)."""
    m = MukellefFactory()
    tahsilat.tahsil(m.id, amount, "nakit", DAY, actor="kasiyer")
    return m.id


def test_refund_holds_the_credit_and_another_user_approves_it_once(refunded):
    with services.bound("alfa"):
        mid = _with_credit("150.00")
        row = iade.talep(mid, "100.00", "Fazla ödeme", "havale", actor="hazirlayan", actor_id=11,
                         iban="tr33 0006 1005 1978 6457 8413 26")
        assert row.durum == "bekliyor" and row.iban == IBAN
        assert borc_service.alacak_bakiyesi(mid) == Decimal("50.00")  # held while pending
        with pytest.raises(GelirError) as over:
            iade.talep(mid, "50.01", "İkinci", "nakit", actor="hazirlayan", actor_id=11)
        assert "tutar" in over.value.errors
        iade.onayla(row.id, DAY, actor="onaylayan", actor_id=12)
        assert len(refunded) == 1
        event = refunded[0]
        assert event.channel == "banka" and event.total == Decimal("100.00") and event.reference == f"iade:{row.id}"
        with pytest.raises(GelirError) as twice:
            iade.onayla(row.id, DAY, actor="onaylayan", actor_id=12)
        assert twice.value.status == 409 and len(refunded) == 1
        assert db.session.get(Iade, row.id).onaylayan == "onaylayan"
        actions = db.session.execute(db.text(
            "SELECT action FROM audit_entries WHERE object_type = 'iade' AND object_id = :id ORDER BY id"),
            {"id": str(row.id)}).scalars().all()
        assert actions == ["gelir.iade.talep", "gelir.iade.onayla"]


def test_the_maker_cannot_approve_or_reject_his_own_refund(refunded):
    with services.bound("alfa"):
        mid = _with_credit()
        row = iade.talep(mid, "10.00", "Fazla ödeme", "nakit", actor="ayni", actor_id=21)
        for decide in (lambda: iade.onayla(row.id, DAY, actor="ayni", actor_id=21),
                       lambda: iade.reddet(row.id, actor="ayni", actor_id=21)):
            with pytest.raises(GelirError) as caught:
                decide()
            assert caught.value.status == 422 and "görevler ayrılığı" in caught.value.message
        assert db.session.get(Iade, row.id).durum == "bekliyor" and refunded == []


def test_rejection_releases_the_credit_and_keeps_the_record(refunded):
    with services.bound("alfa"):
        mid = _with_credit("80.00")
        row = iade.talep(mid, "80.00", "Yanlış ödeme", "nakit", actor="a", actor_id=31)
        assert borc_service.alacak_bakiyesi(mid) == Decimal("0.00")
        iade.reddet(row.id, actor="b", actor_id=32, gerekce="Belge eksik")
        assert borc_service.alacak_bakiyesi(mid) == Decimal("80.00")
        assert db.session.get(Iade, row.id).durum == "reddedildi" and refunded == []


@pytest.mark.parametrize("kwargs, field", [
    ({"tutar": "10.001"}, "tutar"),
    ({"tutar": "0"}, "tutar"),
    ({"tutar": "-3"}, "tutar"),
    ({"tutar": "yüz"}, "tutar"),
    ({"tutar": "150.01"}, "tutar"),
    ({"gerekce": " "}, "gerekce"),
    ({"odeme_sekli": "cek"}, "odeme_sekli"),
    ({"odeme_sekli": "havale", "iban": ""}, "iban"),
    ({"odeme_sekli": "havale", "iban": "TR330006100519786457841327"}, "iban"),
    ({"odeme_sekli": "havale", "iban": "DE89370400440532013000"}, "iban"),
    ({"odeme_sekli": "kart"}, "tahsilat_id"),
])
def test_bad_refund_requests_are_refused_and_write_nothing(kwargs, field):
    with services.bound("alfa"):
        mid = _with_credit("150.00")
        args = {"tutar": "10.00", "gerekce": "Fazla ödeme", "odeme_sekli": "nakit", **kwargs}
        with pytest.raises(GelirError) as caught:
            iade.talep(mid, args.pop("tutar"), args.pop("gerekce"), args.pop("odeme_sekli"), actor="a", actor_id=1, **args)
        assert caught.value.status == 422 and field in caught.value.errors
        assert db.session.execute(db.text("SELECT count(*) FROM iadeler")).scalar_one() == 0


def _online_payment(mid: int, amount: Decimal, order: str) -> int:
    """A real card payment through the mock bank, applied as an online receipt; returns its receipt id."""
    pos = connectors.get("pos")
    start = pos.start_payment(order, amount, "https://alfa.ebelediye.test/e-hizmet/odeme/donus")
    token = start.yonlendirme_url.rsplit("/pos/3d/", 1)[1]
    _, fields = threeds_result(registry().agencies, token, "4111111111111111", "123456")
    status = pos.confirm_callback(fields, siparis_no=order, tutar=amount)
    payment = OnlineOdeme(siparis_no=order, mukellef_id=mid, tutar=amount, secim=[], durum="odendi",
                          odeme_no=status.odeme_no)
    db.session.add(payment)
    db.session.flush()
    return tahsilat.tahsil(mid, amount, "online", DAY, actor="online", online_odeme_id=payment.id).tahsilat.id


def test_card_refund_goes_back_to_the_card_through_the_bank(refunded):
    with services.bound("alfa"):
        m = MukellefFactory()
        receipt_id = _online_payment(m.id, Decimal("120.00"), f"IADE-{m.id}")
        row = iade.talep(m.id, "120.00", "Mükerrer ödeme", "kart", actor="a", actor_id=41, tahsilat_id=receipt_id)
        with pytest.raises(GelirError):  # nothing left of that payment to send back
            iade.talep(m.id, "0.01", "x", "kart", actor="a", actor_id=41, tahsilat_id=receipt_id)
        iade.onayla(row.id, DAY, actor="b", actor_id=42)
        assert row.banka_iade_no and refunded[0].channel == "pos"
        assert db.session.get(OnlineOdeme, db.session.get(Tahsilat, receipt_id).online_odeme_id).durum \
            == "iade_edildi"


# --- pages and API ----------------------------------------------------------------------

def _credit_taxpayer(amount: str = "60.00") -> int:
    with services.bound("alfa"):
        mid = _with_credit(amount)
        db.session.commit()
        return mid


def test_refund_pages_maker_then_checker(client, app, refunded):
    mid = _credit_taxpayer()
    maker = staff_with(client, "alfa", "gelir.iade.talep")
    search = client.get("/gelir/iadeler/yeni", headers=A).get_data(as_text=True)
    assert "mükellef" in search.lower()
    form = client.get("/gelir/iadeler/yeni", query_string={"mukellef": mid}, headers=A).get_data(as_text=True)
    assert "60,00 TL" in form
    bad = client.post(f"/gelir/iadeler/yeni?mukellef={mid}", headers=A,
                      data={"tutar": "60.01", "gerekce": "x", "odeme_sekli": "nakit"})
    assert bad.status_code == 422 and 'aria-invalid="true"' in bad.get_data(as_text=True)
    ok = client.post(f"/gelir/iadeler/yeni?mukellef={mid}", headers=A,
                     data={"tutar": "60.00", "gerekce": "Fazla ödeme", "odeme_sekli": "havale", "iban": IBAN})
    assert ok.status_code == 302
    listed = client.get("/gelir/iadeler", query_string={"durum": "bekliyor"}, headers=A).get_data(as_text=True)
    assert "Fazla ödeme" in listed and maker in listed
    assert client.get("/gelir/iadeler/onay", headers=A).status_code == 403  # the maker is no checker
    with services.bound("alfa"):
        refund_id = db.session.scalar(db.select(Iade.id).where(Iade.mukellef_id == mid))

    checker = app.test_client()
    staff_with(checker, "alfa", "gelir.iade.onayla")
    pending = checker.get("/gelir/iadeler/onay", headers=A).get_data(as_text=True)
    assert re.search(rf"İade #{refund_id} onayla", pending)
    done = checker.post(f"/gelir/iadeler/{refund_id}/karar", headers=A, data={"karar": "onayla"})
    assert done.status_code == 302 and len(refunded) == 1
    again = checker.post(f"/gelir/iadeler/{refund_id}/karar", headers=A, data={"karar": "onayla"})
    assert again.status_code == 422 and len(refunded) == 1
    assert "Onay bekleyen iade yok" in checker.get("/gelir/iadeler/onay", headers=A).get_data(as_text=True)


def test_one_user_with_both_permissions_cannot_approve_his_own_refund(client, refunded):
    mid = _credit_taxpayer()
    staff_with(client, "alfa", "gelir.iade.talep", "gelir.iade.onayla")
    made = client.post("/api/v1/gelir/iadeler", headers=A,
                       json={"mukellef_id": mid, "tutar": "10.00", "gerekce": "Fazla", "odeme_sekli": "nakit"})
    assert made.status_code == 201, made.json
    decided = client.post(f"/api/v1/gelir/iadeler/{made.json['id']}/karar", headers=A, json={"karar": "onayla"})
    assert decided.status_code == 422 and "görevler ayrılığı" in decided.json["message"]
    page = client.post(f"/gelir/iadeler/{made.json['id']}/karar", headers=A, data={"karar": "onayla"})
    assert page.status_code == 422 and "görevler ayrılığı" in page.get_data(as_text=True)
    assert refunded == []
    with services.bound("alfa"):
        assert db.session.get(Iade, made.json["id"]).durum == "bekliyor"


def test_api_refund_above_the_credit_is_422_and_writes_nothing(client):
    mid = _credit_taxpayer("60.00")
    staff_with(client, "alfa", "gelir.iade.talep")
    response = client.post("/api/v1/gelir/iadeler", headers=A,
                           json={"mukellef_id": mid, "tutar": "60.01", "gerekce": "x", "odeme_sekli": "nakit"})
    assert response.status_code == 422 and "tutar" in response.json["errors"]
    with services.bound("alfa"):
        assert db.session.execute(db.text("SELECT count(*) FROM iadeler")).scalar_one() == 0


def test_beta_cannot_see_or_decide_alfa_refunds(client, app):
    mid = _credit_taxpayer()
    staff_with(client, "alfa", "gelir.iade.talep")
    made = client.post("/api/v1/gelir/iadeler", headers=A,
                       json={"mukellef_id": mid, "tutar": "5.00", "gerekce": "Alfa iadesi", "odeme_sekli": "nakit"})
    other = app.test_client()
    staff_with(other, "beta", "gelir.iade.talep", "gelir.iade.onayla")
    b = {"Host": host("beta")}
    assert "Alfa iadesi" not in other.get("/gelir/iadeler", headers=b).get_data(as_text=True)
    assert other.get("/api/v1/gelir/iadeler", headers=b).json == []
    assert other.post(f"/api/v1/gelir/iadeler/{made.json['id']}/karar", headers=b,
                      json={"karar": "onayla"}).status_code == 404
