"""Security headers (issue 10, 6): one ``after_request`` (``ebelediye.security``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.plugin import ADMIN_HOST, ROOT, host, sign_in_ministry, sign_in_staff

H = {"Host": host("alfa")}


def _csp(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.partition(" ")[2] for part in (p.strip() for p in policy.split(";")) if part}


@pytest.mark.parametrize(("path", "headers"), [("/giris", H), ("/konsol/giris", {"Host": ADMIN_HOST}),
                                               ("/e-hizmet/", H), ("/", {"Host": "ebelediye.test"}),
                                               ("/api/v1/oturum", H), ("/yok", H)])
def test_every_response_carries_the_headers(client, path, headers):
    response = client.get(path, headers=headers)
    csp = _csp(response)
    assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
    assert "'unsafe-inline'" not in csp["script-src"] and "'nonce-" in csp["script-src"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["form-action"] == "'self'"  # forms go to this host only
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP in development


def test_swagger_ui_runs_without_unsafe_inline(client):
    response = client.get("/api/docs", headers=H)
    assert response.status_code == 200
    csp = _csp(response)
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-inline'" not in csp["style-src"]
    html = response.get_data(as_text=True)
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []  # no inline script at all
    assert "/static/swagger-init.js" in html and 'data-spec-url="/api/openapi.json"' in html
    assert client.get("/static/swagger-init.js", headers=H).status_code == 200


def test_only_the_payment_page_may_send_its_form_on_to_the_bank(client, app, monkeypatch):
    from tests.plugin import sign_in_citizen

    sign_in_citizen(client, "alfa", "10000000146")
    bank = app.config["CONNECTORS_URL"].rstrip("/")
    debts = _csp(client.get("/e-hizmet/borclarim", headers=H))
    assert debts["form-action"] == f"'self' {bank}"
    assert _csp(client.get("/e-hizmet/", headers=H))["form-action"] == "'self'"  # and no other page
    monkeypatch.setitem(app.config, "BANK_3DS_ORIGINS", ["https://3d.banka.example/odeme/"])
    assert _csp(client.get("/e-hizmet/borclarim", headers=H))["form-action"] == \
        "'self' https://3d.banka.example"


def test_hsts_in_production(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "ENV", "production")
    response = client.get("/giris", headers=H)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_signed_in_pages_are_not_stored(client):
    assert "no-store" not in client.get("/giris", headers=H).headers.get("Cache-Control", "")
    sign_in_staff(client, "alfa", admin=True)
    for path in ("/", "/hesabim", "/yonetim/denetim", "/api/v1/oturum"):
        assert client.get(path, headers=H).headers["Cache-Control"] == "no-store", path


def test_the_console_job_page_runs_its_script_with_the_nonce(client):
    from ebelediye import jobs
    from ebelediye.extensions import db

    sign_in_ministry(client)
    record = jobs.create_record("alfa", "tests.fixtures.ornek.jobs:count")
    db.session.commit()
    response = client.get(f"/konsol/isler/{record.id}", headers={"Host": ADMIN_HOST})
    assert response.status_code == 200
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    scripts = re.findall(r"<script([^>]*)>", response.get_data(as_text=True))
    assert scripts and all('src="/' in attrs or f'nonce="{nonce}"' in attrs for attrs in scripts)
    assert client.get(f"/konsol/isler/{record.id}", headers={"Host": ADMIN_HOST}).headers[
        "Content-Security-Policy"] != response.headers["Content-Security-Policy"]  # a nonce per response


TEMPLATES = [p for base in ("ebelediye", "tenants", "modules") for p in (Path(ROOT) / base).rglob("*.html")
             if "mockserver" not in str(p)]


def test_no_template_has_inline_handlers_or_scripts_without_the_nonce():
    assert len(TEMPLATES) > 50
    problems = []
    for path in TEMPLATES:
        text = path.read_text()
        for match in re.finditer(r"<script(?![^>]*\b(?:src|nonce)=)[^>]*>", text):
            problems.append(f"{path}: {match.group(0)}")
        for match in re.finditer(r"\son[a-z]+\s*=\s*[\"']", text):
            problems.append(f"{path}: inline handler {match.group(0).strip()}")
        if "javascript:" in text:
            problems.append(f"{path}: javascript: URL")
        if "<style" in text and "nonce=" not in text:
            problems.append(f"{path}: <style> without the nonce")
    assert problems == []


def test_405_answers_say_what_is_allowed(client):
    sign_in_staff(client, "alfa", admin=True)
    page = client.delete("/giris", headers=H)
    assert page.status_code == 405 and set(page.headers["Allow"].split(", ")) >= {"GET", "POST"}
    api = client.delete("/api/v1/oturum", headers=H)
    assert api.status_code == 405 and "GET" in api.headers["Allow"].split(", ")
