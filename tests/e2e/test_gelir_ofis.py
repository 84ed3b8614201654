"""A revenue officer's tour in a real browser, on the demo picture of a district: reports
with their charts, a taxpayer, a property with its valuation, the yearly accrual page."""

import pytest
from playwright.sync_api import expect

from ebelediye.extensions import db
from ebelediye.identity import StaffUser
from modules.gelir import demo
from tenants import services
from tests.e2e.conftest import shot
from tests.plugin import STAFF_PASSWORD, purge_tenant

pytestmark = [pytest.mark.committed, pytest.mark.slow]


def test_revenue_officer_reads_reports_a_taxpayer_and_a_property(app, live_server, page, unique_slug):
    services.request_tenant(services.ProvisionRequest(slug=unique_slug, name="Ofis Belediyesi", modules=["gelir"],
                                                      province="Ankara", district="Çankaya"), "e2e")
    services.provision(unique_slug, "e2e")
    template, _ = live_server
    base = template.format(host=f"{unique_slug}.ebelediye.test")
    email = f"gelir@{unique_slug}.bel.tr"
    try:
        with services.bound(unique_slug):
            demo.run(db.session, app.extensions["ebelediye.tenants"].by_slug(unique_slug))
            officer = StaffUser(email=email, full_name="Gelir Müdürü", is_tenant_admin=True)
            officer.set_password(STAFF_PASSWORD)
            db.session.add(officer)
            db.session.commit()
        page.goto(base + "/giris")
        page.get_by_label("E-posta").fill(email)
        page.get_by_label("Parola").fill(STAFF_PASSWORD)
        page.get_by_role("button", name="Giriş yap").click()
        shot(page, "gelir-pano")

        page.get_by_role("link", name="Gelir raporları", exact=True).first.click()
        expect(page.locator("svg[role=img]").nth(1)).to_be_attached()  # the overview's charts (two at least)
        shot(page, "gelir-raporlar")

        page.get_by_role("link", name="Mükellefler", exact=True).first.click()
        page.locator("table a").first.click()
        page.get_by_role("heading", name="Kimlik ve iletişim").wait_for()
        shot(page, "gelir-mukellef")

        page.get_by_role("link", name="Emlak", exact=True).first.click()
        page.locator("table a").first.click()
        page.get_by_label("Yıl", exact=True).fill("2026")
        page.get_by_role("button", name="Hesapla").click()
        expect(page.locator("#degerleme").locator("xpath=..")).to_contain_text("TL", use_inner_text=True)
        shot(page, "gelir-emlak")

        page.get_by_role("link", name="Tahakkuk", exact=True).first.click()
        expect(page.locator("table").first).to_contain_text("bitti", use_inner_text=True)  # the demo's batch runs
        shot(page, "gelir-tahakkuk")
    finally:
        purge_tenant(unique_slug)
