"""The flows people use, in a real browser."""

import pyotp
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from ebelediye.extensions import db
from ebelediye.identity import StaffUser
from tenants import services
from tenants.models import MinistryUser, Tenant
from tests.e2e.conftest import shot
from tests.plugin import STAFF_PASSWORD, purge_tenant

pytestmark = [pytest.mark.committed, pytest.mark.slow]


def url(live_server, host, path):
    template, _ = live_server
    return template.format(host=host) + path


def test_ministry_provisions_a_tenant_and_sees_it_go_active(live_server, page, unique_slug):
    email = f"e2e-{unique_slug}@bakanlik.gov.tr"
    user = MinistryUser(email=email, full_name="E2E Bakanlık")
    user.set_password(STAFF_PASSWORD)
    db.session.add(user)
    db.session.commit()
    try:
        page.goto(url(live_server, "admin.ebelediye.test", "/konsol/"))
        page.get_by_label("E-posta").fill(email)
        page.get_by_label("Parola").fill(STAFF_PASSWORD)
        shot(page, "konsol-giris")
        page.get_by_role("button", name="Giriş yap").click()
        # a ministry user's first sign-in enrols the second factor (the QR's key, typed in)
        secret = page.locator("code.user-select-all").inner_text()
        page.get_by_label("Doğrulama kodu").fill(pyotp.TOTP(secret).now())
        page.get_by_role("button", name="Doğrula ve etkinleştir").click()
        expect(page.locator("li.recovery-code")).to_have_count(10)
        page.get_by_role("link", name="Devam").click()
        page.get_by_role("link", name="Yeni belediye").first.click()
        page.get_by_label("Kısa ad (adres)").fill(unique_slug)
        page.get_by_label("Belediye adı").fill("Uçtan Uca Belediyesi")
        page.get_by_label("İl", exact=True).fill("Ankara")
        page.get_by_label("Örnek Modül").check()
        page.get_by_label("Yönetici e-postası").fill(f"bt@{unique_slug}.bel.tr")
        shot(page, "konsol-yeni-belediye")
        page.get_by_role("button", name="Kur").click()
        page.locator("#job-state").filter(has_text="Tamamlandı").wait_for(timeout=60000)
        shot(page, "konsol-kurulum-tamam")
        page.get_by_role("link", name="Belediyeye git").click()
        expect(page.locator("main")).to_contain_text("Etkin", use_inner_text=True)
        db.session.expire_all()
        assert db.session.scalar(select(Tenant.state).where(Tenant.slug == unique_slug)) == "active"
        db.session.commit()
    finally:
        db.session.delete(db.session.merge(user))
        db.session.commit()
        purge_tenant(unique_slug)


def test_tenant_admin_signs_in_creates_a_role_and_a_user(live_server, page, unique_slug):
    services.request_tenant(services.ProvisionRequest(slug=unique_slug, name="Rol Belediyesi", modules=["ornek"]), "e2e")
    services.provision(unique_slug, "e2e")
    host = f"{unique_slug}.ebelediye.test"
    try:
        with services.bound(unique_slug):
            admin = StaffUser(email=f"yonetici@{unique_slug}.bel.tr", full_name="Yönetici Ayşe", is_tenant_admin=True)
            admin.set_password(STAFF_PASSWORD)
            db.session.add(admin)
            db.session.commit()
        page.goto(url(live_server, host, "/"))
        page.get_by_label("E-posta").fill(f"yonetici@{unique_slug}.bel.tr")
        page.get_by_label("Parola").fill(STAFF_PASSWORD)
        page.get_by_role("button", name="Giriş yap").click()
        shot(page, "portal-pano")
        page.get_by_role("link", name="Roller").click()
        page.get_by_role("link", name="Yeni rol").click()
        page.get_by_label("Rol anahtarı").fill("tahsildar")
        page.get_by_label("Rol adı").fill("Tahsildar")
        page.get_by_label("Kayıt oluştur").check()
        shot(page, "portal-yeni-rol")
        page.get_by_role("button", name="Kaydet").click()
        expect(page.get_by_role("link", name="Tahsildar")).to_be_visible()
        page.get_by_role("link", name="Kullanıcılar").click()
        page.get_by_label("E-posta").fill(f"veli@{unique_slug}.bel.tr")
        page.get_by_label("Ad soyad").fill("Veli Demir")
        page.get_by_role("button", name="Oluştur ve bağlantı gönder").click()
        page.get_by_label("Tahsildar").check()
        page.get_by_role("button", name="Kaydet").click()
        expect(page.get_by_label("Tahsildar")).to_be_checked()
        shot(page, "portal-kullanici-rolu")
        # the new user's set-password link went to the outbox
        page.goto(url(live_server, host, "/gelistirme/posta"))
        expect(page.locator("main")).to_contain_text(f"veli@{unique_slug}.bel.tr", use_inner_text=True)
    finally:
        purge_tenant(unique_slug)


def test_citizen_signs_in_through_the_e_devlet_page(live_server, page):
    host = "alfa.ebelediye.test"
    page.goto(url(live_server, host, "/e-hizmet/"))
    shot(page, "e-hizmet-giris-oncesi")
    page.get_by_role("link", name="e-Devlet ile giriş").click()
    expect(page.locator("h1")).to_contain_text("e-Devlet Kapısı", use_inner_text=True)
    shot(page, "e-devlet-sayfasi")
    chosen = page.locator("form[style] button").first  # an adult from the synthetic population
    name = chosen.inner_text().split(" (")[0]
    chosen.click()
    page.get_by_text(f"Hoş geldiniz, {name}").wait_for()
    shot(page, "e-hizmet-giris-sonrasi")
    page.get_by_role("link", name="Kişisel verilerim").click()
    expect(page.locator("main")).to_contain_text("sorgu yapılmamış", use_inner_text=True)
    # cancelling at e-Devlet comes back with a clear message
    page.get_by_role("button", name=f"Çıkış ({name})").click()
    page.get_by_role("link", name="e-Devlet ile giriş").click()
    page.get_by_role("button", name="Vazgeç").click()
    expect(page.locator("main")).to_contain_text("iptal edildi", use_inner_text=True)
