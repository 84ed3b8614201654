"""Host-based routing: tenant hosts, the admin host, unknown hosts, suspended tenants."""

import pytest

from tests.plugin import ADMIN_HOST, host


def test_tenant_host_is_routed_to_its_schema(client):
    response = client.get("/_ping", headers={"Host": host("alfa")})
    assert response.status_code == 200
    assert response.json == {"ok": True, "tenant": "alfa"}


def test_base_domain_has_no_tenant(client):
    response = client.get("/_ping", headers={"Host": "ebelediye.test"})
    assert response.json == {"ok": True, "tenant": None}


@pytest.mark.parametrize("unknown", ["yok.ebelediye.test", "a.b.ebelediye.test", "example.org", "A_.ebelediye.test"])
def test_unknown_host_is_404(client, unknown):
    assert client.get("/_ping", headers={"Host": unknown}).status_code == 404


def test_host_matching_ignores_port_and_case(client):
    response = client.get("/_ping", headers={"Host": "ALFA.ebelediye.test:8080"})
    assert response.json["tenant"] == "alfa"


def test_extra_domain_row_routes_to_tenant(client):
    from sqlalchemy import select

    from ebelediye.extensions import db
    from tenants.models import Tenant, TenantDomain

    tenant = db.session.scalar(select(Tenant).where(Tenant.slug == "beta"))
    db.session.add(TenantDomain(host="ebelediye.beta.bel.tr", tenant=tenant))
    db.session.commit()
    response = client.get("/_ping", headers={"Host": "ebelediye.beta.bel.tr"})
    assert response.json["tenant"] == "beta"


def test_suspended_tenant_answers_503_page(client):
    from tenants import services

    services.suspend("alfa", "test", "ödeme yapılmadı")
    response = client.get("/giris", headers={"Host": host("alfa")})
    assert response.status_code == 503
    assert "geçici olarak kullanılamıyor" in response.get_data(as_text=True)
    # the other tenant is untouched
    assert client.get("/giris", headers={"Host": host("beta")}).status_code == 200


def test_admin_host_serves_console_not_portal(client):
    response = client.get("/", headers={"Host": ADMIN_HOST})
    assert response.status_code == 302 and response.location.endswith("/konsol/")
    assert client.get("/giris", headers={"Host": ADMIN_HOST}).status_code == 404


def test_console_is_404_on_tenant_host(client):
    assert client.get("/konsol/", headers={"Host": host("alfa")}).status_code == 404
