"""Accounting in a real browser: an accountant prepares a voucher on the form, a second
user approves it and the mizan shows it; the accountant prepares an expense on a budget
line, the second user approves it and the budget page shows the appropriation used."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from ebelediye import clock
from ebelediye.extensions import db
from ebelediye.identity import StaffUser
from ebelediye.rbac import Role, RolePermission, StaffRole
from modules.muhasebe.services import butce, fis, odenek
from tenants import services
from tests.e2e.conftest import shot
from tests.plugin import STAFF_PASSWORD, purge_tenant

pytestmark = [pytest.mark.committed, pytest.mark.slow]


def _staff(slug: str, email: str, name: str, *permissions: str) -> None:
    user = StaffUser(email=email, full_name=name, is_tenant_admin=False)
    user.set_password(STAFF_PASSWORD)
    role = Role(key=email.split("@")[0], name=name)
    db.session.add_all([user, role])
    db.session.flush()
    db.session.add_all([RolePermission(role_id=role.id, permission=p) for p in permissions])
    db.session.add(StaffRole(staff_id=user.id, role_id=role.id))


def _sign_in(page, base: str, email: str) -> None:
    page.goto(base + "/")
    page.get_by_label("E-posta").fill(email)
    page.get_by_label("Parola").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Giriş yap").click()


def test_an_accountant_prepares_a_second_user_approves_and_the_books_show_it(live_server, page, unique_slug):
    services.request_tenant(services.ProvisionRequest(slug=unique_slug, name="Muhasebe Belediyesi",
                                                      modules=["muhasebe"]), "e2e")
    services.provision(unique_slug, "e2e")
    template, _ = live_server
    base = template.format(host=f"{unique_slug}.ebelediye.test")
    today = clock.today()
    preparer, approver = f"hazirlayan@{unique_slug}.bel.tr", f"yetkili@{unique_slug}.bel.tr"
    try:
        with services.bound(unique_slug):
            _staff(unique_slug, preparer, "Gerçekleştirme Görevlisi", "muhasebe.goruntule", "muhasebe.fis.hazirla")
            _staff(unique_slug, approver, "Muhasebe Yetkilisi", "muhasebe.goruntule", "muhasebe.fis.onayla")
            line = butce.kalem_ac(today.year, "46.06.99.02", "01.3.9.00", "03.02", "Kırtasiye", actor="e2e")
            grant = odenek.odenek_ver(line.id, Decimal("5000.00"), date(today.year, 1, 2), actor="e2e-a")
            fis.onayla(grant.id, actor="e2e-b")
            db.session.commit()

        # 1. the accountant prepares a voucher on the form
        _sign_in(page, base, preparer)
        page.goto(base + "/muhasebe/fisler/yeni")
        page.get_by_label("Açıklama", exact=True).fill("Harç tahsilatı (e2e)")
        page.get_by_label("Hesap 1", exact=True).fill("100")
        page.get_by_label("Borç 1", exact=True).fill("1.250,75")
        page.get_by_label("Hesap 2", exact=True).fill("600")
        page.get_by_label("Alacak 2", exact=True).fill("1.250,75")
        shot(page, "muhasebe-fis-formu")
        page.get_by_role("button", name="Taslak olarak kaydet").click()
        page.get_by_text("Fiş taslak olarak kaydedildi").wait_for()
        voucher_url = page.url
        expect(page.locator("#fis-durum")).to_have_text("Taslak", use_inner_text=True)
        # the preparer has no approve permission; an expense on the budget line too
        page.goto(base + "/muhasebe/butce")
        row = page.locator('tr[data-kalem]', has_text="Kırtasiye")
        row.get_by_label("Tutar").fill("1.200,00")
        row.get_by_role("button", name="Harcama (ÖEB)").click()
        page.get_by_text("Ödeme emri belgesi hazırlandı").wait_for()
        expense_url = page.url
        page.get_by_role("button", name="Çıkış", exact=True).click()

        # 2. the second user approves both
        _sign_in(page, base, approver)
        for url in (voucher_url, expense_url):
            page.goto(url)
            page.get_by_role("button", name="Onayla").click()
            page.get_by_text("Fiş onaylandı").wait_for()
            expect(page.locator("#fis-durum")).to_have_text("Onaylandı", use_inner_text=True)
        shot(page, "muhasebe-fis-onaylandi")

        # 3. the mizan shows the voucher, the budget page the appropriation used
        page.goto(base + "/muhasebe/mizan")
        cash = page.locator('#mizan tr[data-hesap="100"]')
        expect(cash).to_contain_text("1.250,75", use_inner_text=True)
        shot(page, "muhasebe-mizan")
        page.goto(base + "/muhasebe/butce")
        used = page.locator('tr[data-kalem]', has_text="Kırtasiye").locator(".kullanilan").inner_text()
        assert "1.200,00" in used
        shot(page, "muhasebe-butce")
    finally:
        purge_tenant(unique_slug)
