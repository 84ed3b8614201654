"""No server error from hostile input (issue 10, 2 and 7): every route of every module, on
pages and the API, with each family of bad input: ids and page numbers past bigint, NUL
and control characters in text, numbers like ``1e400``, impossible dates, unknown choices.
Fields are found where a user would find them: a page's form (its GET shows the names),
the API's OpenAPI document.  Objects are real where a route names one the test made."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from werkzeug.routing import IntegerConverter

from ebelediye.extensions import db
from ebelediye.urls import BIGINT_MAX
from tests.core.test_route_matrix import routes, sample_url
from tests.plugin import host, sign_in_staff

H = {"Host": host("alfa")}

#: one hostile value per input family (what the auditor sent, issue 10, 2)
FAMILIES = {
    "ids": str(BIGINT_MAX + 1),
    "pagination": "9" * 30,
    "text": "a\x00b",
    "control": "a\x1bb\x7f",
    "money": "1e400",
    "money_negative": "-1.37e145",
    "money_nan": "NaN",
    "dates": "31.02.99999",
    "enumerations": "yok_boyle_bir_deger" * 20,
}
#: query arguments lists and searches take (sent to every GET)
QUERY_NAMES = ("sayfa", "page", "q", "ara", "durum", "tur", "gun", "yil", "baslangic", "bitis", "kim", "islem",
               "nesne", "belediye", "kod", "bicim", "tablo", "benim", "gecikme", "yil_baslangic", "yil_bitis", "limit")
#: routes that end the caller's session or take no input worth fuzzing
SKIP_ENDPOINTS = {"portal.logout", "console.logout", "e_hizmet.sign_out", "portal.sign_out_everywhere",
                  "i18n.switch"}


@pytest.fixture
def admin(app, client, monkeypatch):
    from ebelediye import sessions

    monkeypatch.setattr(sessions, "end", lambda *a, **k: None)
    monkeypatch.setattr(sessions, "end_all", lambda *a, **k: 0)
    sign_in_staff(client, "alfa", admin=True)
    return client


def _form_names(html: str) -> set[str]:
    names = set(re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', html))
    return names - {"csrf_token"}


def _tenant_routes(app):
    for route in routes(app):
        if route.access.door not in ("tenant", "any") or route.rule.endpoint in SKIP_ENDPOINTS:
            continue
        if route.rule.endpoint.startswith(("api-docs.", "swagger_ui")):
            continue
        yield route


class _Probe:
    """Calls that record a 5xx (or an exception the test client passes on) as a failure."""

    def __init__(self, client) -> None:
        self.client = client
        self.failures: list[str] = []

    def __call__(self, where: str, method: str, url: str, **kwargs) -> None:
        try:
            response = self.client.open(url, method=method, headers=H, **kwargs)
        except Exception as exc:  # noqa: BLE001 - every exception is the finding
            self.failures.append(f"{where}: {type(exc).__name__}: {str(exc)[:120]}")
            db.session.rollback()
            return
        if response.status_code >= 500:
            self.failures.append(f"{where}: {response.status_code}")
        response.close()


def test_no_page_or_api_answers_5xx_to_hostile_query_strings(app, admin):
    probe = _Probe(admin)
    probes = 0
    for route in _tenant_routes(app):
        if route.method != "GET":
            continue
        url = sample_url(route.rule)
        for family, value in FAMILIES.items():
            probe(f"GET {url} [{family}]", "GET", url, query_string={name: value for name in QUERY_NAMES})
            probes += 1
    assert probe.failures == []
    assert probes > 100


def test_no_page_answers_5xx_to_hostile_form_fields(app, admin):
    probe = _Probe(admin)
    forms = 0
    for route in _tenant_routes(app):
        if route.method != "POST" or route.rule.rule.startswith("/api/"):
            continue
        url = sample_url(route.rule)
        shown = admin.get(url, headers=H)
        names = _form_names(shown.get_data(as_text=True)) if shown.status_code == 200 else set()
        shown.close()
        names |= {"tutar", "q", "aciklama", "gerekce", "kod", "alan", "yil", "gun", "tarih", "kanal", "tur"}
        forms += 1
        for family, value in FAMILIES.items():
            probe(f"POST {url} [{family}]", "POST", url, data={n: value for n in names})
    assert probe.failures == []
    assert forms > 20


def _schema_fields(spec: dict, operation: dict) -> dict[str, dict]:
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
    if "$ref" in body:
        body = spec["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
    return body.get("properties", {})


def _hostile_body(fields: dict[str, dict], family: str) -> dict:
    value = FAMILIES[family]
    body: dict = {}
    for name, schema in fields.items():
        kind = schema.get("type")
        if kind == "integer":
            body[name] = BIGINT_MAX * 10 if family in ("ids", "pagination") else value
        elif kind == "array":
            body[name] = [value, BIGINT_MAX * 10]
        elif kind == "boolean":
            body[name] = value
        else:
            body[name] = value
    return body


def test_no_api_call_answers_5xx_to_hostile_bodies(app, admin):
    spec = admin.get("/api/openapi.json", headers=H).json
    probe = _Probe(admin)
    seen: dict[str, int] = defaultdict(int)
    for path, operations in spec["paths"].items():
        url = re.sub(r"\{[^}]+\}", "987654", path)
        for method, operation in operations.items():
            if method not in ("post", "put", "patch", "delete"):
                continue
            fields = _schema_fields(spec, operation)
            for family in FAMILIES:
                probe(f"{method.upper()} {url} [{family}]", method.upper(), url, json=_hostile_body(fields, family))
                seen[method] += 1
            # and bodies that are not objects at all
            for junk in ('{"a": ', "[]", "null", '"\\u0000"', "1e400"):
                probe(f"{method.upper()} {url} [{junk}]", method.upper(), url, data=junk,
                      content_type="application/json")
    assert probe.failures == []
    assert seen["post"] > 5


def test_nul_in_text_is_refused_in_the_core(admin):
    """Before any view: 400 on a page, 422 with the field in the API; a form field is the
    page's input path's to refuse, and where a page has none yet the database's refusal is
    a 422, not a 500."""
    page = admin.get("/yonetim/denetim", query_string={"kim": "a\x00b"}, headers=H)
    assert page.status_code == 400
    api = admin.get("/api/v1/oturum", query_string={"q": "a\x00"}, headers=H)
    assert api.status_code == 422 and "q" in api.json["errors"]
    body = admin.post("/api/v1/gelir/mukellefler", json={"ad": "x\x00", "soyad": "y"}, headers=H)
    assert body.status_code == 422 and list(body.json["errors"]) == ["ad"]
    form = admin.post("/yonetim/roller/yeni", data={"key": "rol", "name": "a\x00b"}, headers=H)
    assert 400 <= form.status_code < 500


def test_page_numbers_past_the_limit_are_404(admin):
    assert admin.get("/yonetim/denetim", query_string={"sayfa": "9" * 25}, headers=H).status_code == 404
    assert admin.get("/yonetim/denetim", query_string={"sayfa": "1000001"}, headers=H).status_code == 404
    assert admin.get("/yonetim/denetim", query_string={"sayfa": "1000000"}, headers=H).status_code == 200
    assert admin.get("/yonetim/denetim", query_string={"sayfa": "-3"}, headers=H).status_code == 200  # page 1


def test_ids_past_bigint_in_every_int_route_are_404(app, admin):
    for route in _tenant_routes(app):
        if not any(isinstance(route.rule._converters[a], IntegerConverter) for a in route.rule.arguments):
            continue
        response = admin.open(sample_url(route.rule, big=True), method=route.method, headers=H)
        assert response.status_code in (404, 405), route.rule.rule
    db.session.rollback()
