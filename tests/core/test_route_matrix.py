"""Every route the app registers, probed by every kind of caller on every kind of host.

The expectation of each probe comes from the route's own ``@access`` declaration, so the
matrix grows by itself as modules add routes; a route without a declaration fails
``test_every_route_declares_who_may_use_it``.  Session cookies minted on one host are
replayed on every host, as a stolen cookie would be.
"""

import uuid
from urllib.parse import urlsplit

import pytest
from sqlalchemy import text

from ebelediye import access
from ebelediye.extensions import db
from tenants import services
from tests.plugin import ADMIN_HOST, host, sign_in_citizen, sign_in_ministry, sign_in_staff

HOSTS = {"tenant": host("alfa"), "admin": ADMIN_HOST, "platform": "ebelediye.test"}
FRAMEWORK = {"static", "bootstrap.static", "healthz", "ping", "swagger_ui_assets"}
# Sample path values name nothing that exists, so an allowed POST changes no state.
SAMPLE = {"int": "987654", "uuid": str(uuid.uuid4()), "default": "yokboyle", "path": "yok"}


def routes(app):
    """(rule, method, declared access, permission) for every route and method registered."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint in FRAMEWORK or rule.endpoint.startswith("api-docs."):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            view = app.view_functions[rule.endpoint]
            yield rule, method, access.rule_of(view, method), access.permission_of(view, method)


def test_every_route_declares_who_may_use_it(app):
    undeclared = [f"{method} {rule.rule}" for rule, method, rule_access, _ in routes(app) if rule_access is None]
    assert undeclared == []


def url_for_rule(rule) -> str:
    url = rule.rule
    for arg in rule.arguments:
        converter = type(rule._converters[arg]).__name__.replace("Converter", "").lower()
        kind = {"integer": "int", "bigint": "int", "unicode": "default", "uuid": "uuid", "path": "path"}.get(converter, "default")
        url = url.replace(f"<{rule._converters[arg].__class__.__name__}:{arg}>", SAMPLE[kind])
        for prefix in ("int:", "uuid:", "path:", ""):
            url = url.replace(f"<{prefix}{arg}>", SAMPLE[kind])
    return url


@pytest.fixture
def cookies(app):
    """Session cookies of a staff member of alfa, one of beta, a ministry user, and a
    citizen signed in on alfa."""
    minted = {}
    for actor, sign_in in (
        ("staff_alfa", lambda c: sign_in_staff(c, "alfa")),
        ("staff_beta", lambda c: sign_in_staff(c, "beta")),
        ("ministry", sign_in_ministry),
        ("citizen_alfa", lambda c: sign_in_citizen(c, "alfa")),
    ):
        client = app.test_client()
        sign_in(client)
        minted[actor] = next(c.value for c in client._cookies.values() if c.key == "session")
    return minted


def expected(rule_access, permission, module_off: bool, door: str, actor: str) -> str:
    """What the declaration promises.  The matrix's staff members hold no roles, so a route
    that needs a permission is forbidden to them."""
    if module_off or (rule_access.door not in ("any", door)):
        return "absent"
    valid_here = ((actor in ("staff_alfa", "citizen_alfa") and door == "tenant")
                  or (actor == "ministry" and door == "admin"))
    realm = {"staff_alfa": "staff", "staff_beta": "staff", "ministry": "ministry", "citizen_alfa": "citizen"}.get(actor)
    who = rule_access.who_on(door)
    if who == "public":
        return "allowed"
    if valid_here and who in (realm, "signed_in"):
        return "forbidden" if permission and realm == "staff" else "allowed"
    return "forbidden" if valid_here else "sign_in"


def classify(response) -> str:
    if response.status_code == 404:
        return "absent?"
    if response.status_code == 401:
        return "sign_in"
    if response.status_code == 403:
        return "forbidden"
    if response.status_code in (302, 303) and "/giris?next=" in response.location:
        return "sign_in"
    if response.status_code == 302 and urlsplit(response.location).path == "/e-hizmet/giris":  # to e-Devlet
        return "sign_in"
    return "allowed"


def test_route_matrix(app, cookies):
    tenant_modules = services.tenant_info("alfa").modules
    owners = app.extensions["ebelediye.registry"].blueprint_owner
    db.session.commit()
    mismatches = []
    seen: dict[str, int] = {}
    for rule, method, rule_access, permission in routes(app):
        url = url_for_rule(rule)
        owner = owners.get(rule.endpoint.split(".")[0])
        for door, hostname in HOSTS.items():
            module_off = owner is not None and (door != "tenant" or owner not in tenant_modules)
            for actor in ("anonymous", "staff_alfa", "staff_beta", "ministry", "citizen_alfa"):
                client = app.test_client()
                if actor != "anonymous":
                    for h in HOSTS.values():
                        client.set_cookie("session", cookies[actor], domain=h)
                response = client.open(url, method=method, headers={"Host": hostname})
                want = expected(rule_access, permission, module_off, door, actor)
                seen[want] = seen.get(want, 0) + 1
                got = classify(response)
                ok = (got == "absent?" and want in ("absent", "allowed")) or got == want
                if want == "absent":
                    ok = response.status_code == 404
                if not ok:
                    mismatches.append(f"{method} {hostname}{url} as {actor}: want {want}, got {response.status_code}")
    assert mismatches == []
    # the matrix exercised every kind of outcome, not just one
    assert set(seen) == {"allowed", "sign_in", "forbidden", "absent"}, seen


def test_an_object_of_tenant_a_is_404_on_tenant_b(client):
    with services.bound("alfa"):
        db.session.execute(text("INSERT INTO ornek_kayitlar (id, baslik) OVERRIDING SYSTEM VALUE VALUES (424242, 'alfa gizli')"))
        db.session.commit()
    sign_in_staff(client, "alfa")
    assert client.get("/ornek/424242", headers={"Host": host("alfa")}).json["baslik"] == "alfa gizli"
    other = app_client = client.application.test_client()
    sign_in_staff(app_client, "beta")
    response = other.get("/ornek/424242", headers={"Host": host("beta")})
    assert response.status_code == 404 and b"alfa gizli" not in response.data


def test_api_errors_have_one_shape(client):
    response = client.get("/api/v1/oturum", headers={"Host": host("alfa")})
    assert response.status_code == 401
    assert response.json == {"code": 401, "message": "Bu işlem için giriş yapmalısınız.", "errors": {}}
    missing = client.get("/api/v1/yok", headers={"Host": host("alfa")})
    assert missing.status_code == 404 and set(missing.json) == {"code", "message", "errors"}


def test_openapi_and_docs_are_served_locally(client):
    spec = client.get("/api/openapi.json", headers={"Host": host("alfa")})
    assert spec.status_code == 200 and "/api/v1/oturum" in spec.json["paths"]
    docs = client.get("/api/docs", headers={"Host": host("alfa")}).get_data(as_text=True)
    assert "/api/swagger-ui/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    asset = client.get("/api/swagger-ui/swagger-ui-bundle.js", headers={"Host": host("alfa")})
    assert asset.status_code == 200
    asset.close()


def test_who_am_i(client):
    email = sign_in_staff(client, "alfa")
    me = client.get("/api/v1/oturum", headers={"Host": host("alfa")}).json
    assert me == {"realm": "staff", "name": "Test Personel", "email": email, "tenant": "alfa"}
