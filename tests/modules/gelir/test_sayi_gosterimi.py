"""Numbers are shown the Turkish way everywhere (issue 10, item 8): areas, unit values and
rates on Gelir's property pages and in the valuation steps, never ``735.32 m²``,
``45.0000`` or ``%3.7``; and any ``Decimal`` a template prints without a filter goes
through the same formatter (``formatting.shown``, Jinja's ``finalize``)."""

from __future__ import annotations

import re
from decimal import Decimal

from flask import render_template_string

from ebelediye.extensions import db
from tenants import services
from tests.plugin import host

from .conftest import EmlakFactory, MukellefFactory, birim_deger, hisse, staff_with

A = {"Host": host("alfa")}
ENGLISH = re.compile(r"(?<![\d.,])\d+\.\d+(?![\d.])")  # 735.32, 45.0000, 3.7 (not 01.12.2026, not 1.234,56)


def _english_numbers(html: str) -> list[str]:
    text = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    text = re.sub(r'\s(href|src|action|value|id|for|name|content|data-[a-z-]+)="[^"]*"', "", text)
    text = re.sub(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b", "", text)  # days
    text = re.sub(r"\b\d{1,2}\.\d{2}\b(?=\s*[–-])", "", text)  # 14.05– (day.month in ranges)
    return [m for m in ENGLISH.findall(text) if not re.fullmatch(r"\d{1,3}(\.\d{3})+", m)]


def test_a_property_page_shows_areas_values_and_steps_the_turkish_way(client):
    staff_with(client, "alfa", "gelir.mukellef.goruntule")
    with services.bound("alfa"):
        birim_deger("B9", "45.25")
        m = MukellefFactory()
        e = EmlakFactory(deger_bolgesi="B9", arsa_alani=Decimal("735.32"))
        hisse(e, m)
        db.session.commit()
        emlak_id, ada = e.id, e.ada
    page = client.get(f"/gelir/emlak/{emlak_id}", query_string={"yil": "2026"}, headers=A)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "735,32 m²" in html  # the area, and the valuation step built from it
    assert html.count("735,32") >= 2 and "45,25" in html
    assert "735.32" not in html and "45.25" not in html
    assert _english_numbers(html) == []
    listing = client.get("/gelir/emlak", query_string={"q": str(ada)}, headers=A).get_data(as_text=True)
    assert "735,32" in listing and "735.32" not in listing


def test_a_decimal_a_template_prints_raw_is_shown_the_turkish_way(app):
    with app.test_request_context("/", headers=A):
        shown = render_template_string(
            "{{ a }}|{{ b }}|{{ c }}|{{ d }}|{{ e }}|{{ f }}|{{ g|yuzde }}|{{ h }}",
            a=Decimal("735.32"), b=Decimal("45.0000"), c=Decimal("2843.29"), d=3.7, e=12, f="1.5",
            g=Decimal("3.70"), h=Decimal("1234567.5"))
    assert shown == "735,32|45|2.843,29|3,7|12|1.5|%3,7|1.234.567,5"
