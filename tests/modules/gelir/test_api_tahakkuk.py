"""The accrual API: valuation with steps, fees, cancel; 422 with field messages on bad input."""

from decimal import Decimal

from ebelediye.extensions import db
from ebelediye.identity import StaffUser, issue_api_token
from tenants import services
from tests.plugin import host

from .conftest import EmlakFactory, MukellefFactory, birim_deger, hisse

ALFA = {"Host": host("alfa")}


def _token(slug="alfa") -> dict:
    with services.bound(slug):
        user = StaffUser(email=f"api@{slug}.bel.tr", full_name="API", is_tenant_admin=True)
        db.session.add(user)
        db.session.flush()
        _, plain = issue_api_token(user, "test")
        db.session.commit()
    return {"Host": host(slug), "Authorization": f"Bearer {plain}"}


def test_valuation_explains_every_step_and_a_fee_is_charged_once(client):
    headers = _token()
    with services.bound("alfa"):
        birim_deger("B1", "1000")
        owner = MukellefFactory()
        plot = EmlakFactory(tur="arsa", arsa_alani=Decimal("120.5"))
        hisse(plot, owner)
        db.session.commit()
        plot_id, owner_id = plot.id, owner.id
    body = client.get(f"/api/v1/gelir/emlaklar/{plot_id}/degerleme?yil=2026", headers=headers).json
    assert body["vergi_degeri"] == "120500.00" and body["yontem"] == "takdir"
    assert body["adimlar"][0]["deger"] == "120.500,00"
    assert body["sahipler"][0]["vergi"] == "361.50" and body["sahipler"][0]["taksitler"] == ["180.75", "180.75"]
    fee = {"mukellef_id": owner_id, "tarife_kod": "nikah.hafta_ici", "gun": "2026-12-02", "referans": "nikah:9"}
    assert client.post("/api/v1/gelir/ucretler", json=fee, headers=headers).status_code == 201
    again = client.post("/api/v1/gelir/ucretler", json=fee, headers=headers)
    assert again.status_code == 409 and again.json["message"]


def test_bad_input_is_a_422_with_field_messages(client):
    headers = _token()
    bad_year = client.post("/api/v1/gelir/tahakkuk/toplu", json={"yil": "yirmi", "grup": "emlak"}, headers=headers)
    assert bad_year.status_code == 422 and "yil" in bad_year.json["errors"]
    bad_group = client.post("/api/v1/gelir/tahakkuk/toplu", json={"yil": 2026, "grup": "x"}, headers=headers)
    assert bad_group.status_code == 422 and "grup" in bad_group.json["errors"]
    no_tariff = client.post("/api/v1/gelir/ucretler", json={"mukellef_id": 1, "tarife_kod": "yok", "gun": "2026-12-02",
                                                            "referans": "r"}, headers=headers)
    assert no_tariff.status_code == 422 and "tarife" in no_tariff.json["message"]
    out_of_range = client.get("/api/v1/gelir/emlaklar/1/degerleme?yil=1990", headers=headers)
    assert out_of_range.status_code == 422
    missing = client.post("/api/v1/gelir/tahakkuklar/999999/iptal", json={"gerekce": "deneme"}, headers=headers)
    assert missing.status_code == 404


def test_the_openapi_spec_lists_the_revenue_endpoints(client):
    spec = client.get("/api/openapi.json", headers=ALFA).json
    paths = set(spec["paths"])
    assert {"/api/v1/gelir/tahakkuk/toplu", "/api/v1/gelir/ucretler",
            "/api/v1/gelir/mukellefler/{mukellef_id}/borclar"} <= paths


def test_gelir_api_refusals_take_the_platforms_one_error_path(client):
    """No module-local abort: a service's refusal, a missing record and a bad query value are
    answered by the core's handler, with the machine-readable reason."""
    headers = _token()
    with services.bound("alfa"):
        owner = MukellefFactory()
        db.session.commit()
        owner_id = owner.id
    missing = client.get("/api/v1/gelir/mukellefler/9223372036854775807/borclar", headers=headers)
    assert missing.status_code == 404 and missing.json["reason"] == "not_found" and missing.json["message"]
    bad_day = client.get(f"/api/v1/gelir/mukellefler/{owner_id}/borclar?gun=31.02.2026", headers=headers)
    assert bad_day.status_code == 422 and "gun" in bad_day.json["errors"]
    turkish_day = client.get(f"/api/v1/gelir/mukellefler/{owner_id}/borclar?gun=01.12.2026", headers=headers)
    assert turkish_day.status_code == 200 and turkish_day.json["gun"] == "2026-12-01"
    no_run = client.get("/api/v1/gelir/tahakkuk/toplu/9223372036854775807", headers=headers)
    assert no_run.status_code == 404 and no_run.json["reason"] == "not_found"
    close = client.post("/api/v1/gelir/vezne/oturum/kapat", json={"sayilan_nakit": "0"}, headers=headers)
    assert close.status_code == 422 and close.json["reason"] == "gelir" and "oturum" in close.json["errors"]
