"""Swagger UI (``/api/docs``) in a real browser under the strict CSP (issue 10): no
``'unsafe-inline'``, its start-up script served from this host; the page fixture fails on
any Content-Security-Policy violation Chromium reports."""

import pytest

from tests.e2e.conftest import shot

pytestmark = [pytest.mark.slow]


def test_swagger_ui_renders_the_document_without_unsafe_inline(live_server, page):
    template, _ = live_server
    response = page.goto(template.format(host="alfa.ebelediye.test") + "/api/docs")
    policy = {p.split()[0]: p for p in (x.strip() for x in response.headers["content-security-policy"].split(";"))}
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-inline'" not in policy["style-src"]
    page.locator(".swagger-ui .info .title").filter(has_text="e-Belediye API").wait_for()
    page.locator(".opblock-summary-path").first.wait_for()
    assert page.locator(".opblock").count() > 50  # every operation of the document is listed
    assert page.get_by_text("/api/v1/gelir/vezne/tahsilat").count() >= 1
    shot(page, "swagger-ui")
