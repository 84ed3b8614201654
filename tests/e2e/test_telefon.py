"""On a phone (390 px): the citizen's debts and payment and the cashier's counter fit the
screen.  Each page is measured: the document must not scroll sideways
(document.scrollingElement.scrollWidth <= clientWidth), and the amounts must be on screen."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from ebelediye import clock
from ebelediye.extensions import db
from ebelediye.identity import StaffUser
from ebelediye.rbac import Role, RolePermission, StaffRole
from modules.gelir.models import Mukellef, Tahakkuk
from tenants import services
from tests.e2e.conftest import horizontal_overflow, shot, sign_in_staff
from tests.modules.gelir.conftest import new_tckn
from tests.plugin import STAFF_PASSWORD, purge_tenant

pytestmark = [pytest.mark.committed, pytest.mark.slow]


def assert_fits(page, what: str) -> None:
    scroll_width, client_width = horizontal_overflow(page)
    assert 300 < client_width <= 390, client_width  # the phone's viewport (less a scrollbar)
    assert scroll_width <= client_width, f"{what}: the page scrolls sideways ({scroll_width} > {client_width} px)"


def assert_on_screen(page, locator, what: str) -> None:
    box = locator.bounding_box()
    assert box is not None, what
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, f"{what} is off-screen: {box}"


def _municipality(live_server, slug: str, name: str) -> str:
    """A municipality with Gelir, provisioned for the test; its base URL."""
    services.request_tenant(services.ProvisionRequest(slug=slug, name=name, modules=["gelir"]), "e2e")
    services.provision(slug, "e2e")
    template, _ = live_server
    return template.format(host=f"{slug}.ebelediye.test")


def test_citizen_sees_debts_and_pays_on_a_phone(live_server, phone, unique_slug):
    page = phone
    base = _municipality(live_server, unique_slug, "Telefon Belediyesi")
    try:
        page.goto(base + "/e-hizmet/borclarim")  # → e-Devlet sign-in
        chosen = page.locator("form[style] button").first
        tckn = re.search(r"\((\d{11})\)", chosen.inner_text()).group(1)
        with services.bound(unique_slug):
            m = Mukellef(tur="gercek", tckn=tckn, ad="Deneme", soyad="Mükellef")
            db.session.add(m)
            db.session.flush()
            for taksit, vade in ((1, date(2025, 5, 31)), (2, date(2025, 11, 30))):
                db.session.add(Tahakkuk(mukellef_id=m.id, gelir_kodu="emlak_arsa", kaynak=f"e2e:{taksit}", yil=2025,
                                        taksit=taksit, surum=1, vade=vade, tutar="1500.00", olusturan="e2e"))
            db.session.commit()
        chosen.click()
        page.get_by_role("heading", name="Borçlarım").wait_for()
        shot(page, "telefon-borclarim")
        assert_fits(page, "Borçlarım")
        # every amount of every debt is on screen, not in a column scrolled away
        for cell in page.locator("tbody td.text-end").all():
            assert_on_screen(page, cell, "an amount")
        assert_on_screen(page, page.get_by_role("button", name="Öde"), "the pay button")
        page.get_by_role("button", name="Öde").click()
        page.get_by_role("heading", name="Ödemeyi onaylayın").wait_for()  # what will be paid, before the card
        assert_fits(page, "Ödemeyi onaylayın")
        confirm = page.get_by_role("button", name="Onayla ve kart sayfasına geç")
        assert_on_screen(page, confirm, "the confirm button")
        confirm.click()
        page.get_by_label("Kart numarası").fill("4111 1111 1111 1111")  # the bank's page (the mock's)
        page.get_by_label("SMS ile gelen doğrulama kodu").fill("123456")
        page.get_by_role("button", name="Öde").click()
        page.get_by_role("heading", name="Ödeme sonucu").wait_for()
        shot(page, "telefon-odeme-sonucu")
        assert_fits(page, "Ödeme sonucu")
        expect(page.locator("main")).to_contain_text("Ödendi", use_inner_text=True)
        page.get_by_role("link", name="Ödemelerim").click()
        page.get_by_role("heading", name="Ödemelerim").wait_for()
        assert_fits(page, "Ödemelerim")
    finally:
        purge_tenant(unique_slug)


def test_cashier_works_the_counter_on_a_phone(live_server, phone, unique_slug):
    page = phone
    base = _municipality(live_server, unique_slug, "Telefon Vezne Belediyesi")
    email = f"kasiyer@{unique_slug}.bel.tr"
    tckn = new_tckn()
    try:
        with services.bound(unique_slug):
            cashier = StaffUser(email=email, full_name="Kasiyer Cemile", is_tenant_admin=False)
            cashier.set_password(STAFF_PASSWORD)
            role = Role(key="veznedar", name="Veznedar")
            payer = Mukellef(tur="gercek", tckn=tckn, ad="Hasan", soyad="Öder", adres="Cumhuriyet Mah. Uzun Sokak No: 12/3")
            db.session.add_all([cashier, role, payer])
            db.session.flush()
            db.session.add_all([RolePermission(role_id=role.id, permission="gelir.tahsilat.olustur"),
                                StaffRole(staff_id=cashier.id, role_id=role.id)])
            db.session.add(Tahakkuk(mukellef_id=payer.id, gelir_kodu="emlak_arsa", kaynak="e2e:1",
                                    yil=clock.today().year, taksit=1, vade=clock.today() + timedelta(days=20),
                                    tutar=Decimal("300.00"), olusturan="e2e"))
            db.session.commit()

        page.goto(base + "/")
        assert_fits(page, "Personel girişi")
        page.get_by_label("E-posta").fill(email)
        page.get_by_label("Parola").fill(STAFF_PASSWORD)
        page.get_by_role("button", name="Giriş yap").click()
        page.get_by_role("button", name="Menü").wait_for()  # the board has loaded: measure it, not the sign-in
        assert_fits(page, "Pano")
        # the menu is folded away behind its button on a phone
        menu = page.get_by_role("navigation", name="Ana menü")
        expect(menu).to_be_hidden()
        header = page.locator("header").bounding_box()
        assert header["height"] < 120, header  # not the 456 px header of old
        page.get_by_role("button", name="Menü").click()
        page.get_by_role("link", name="Vezne", exact=True).click()
        page.get_by_role("button", name="Günü aç").click()
        page.get_by_text("Vezne oturumu açıldı").wait_for()
        shot(page, "telefon-vezne")
        assert_fits(page, "Vezne")

        page.get_by_label("T.C. Kimlik No, VKN ya da ad").fill(tckn)
        page.get_by_role("button", name="Ara").click()
        page.get_by_role("link", name="Hasan Öder").wait_for()
        assert_fits(page, "Vezne: arama")
        page.get_by_role("link", name="Hasan Öder").click()
        page.locator("#borc-toplami").wait_for()
        shot(page, "telefon-vezne-mukellef")
        assert_fits(page, "Vezne: mükellef")
        assert_on_screen(page, page.locator("#borc-toplami"), "the total due")
        page.get_by_label("Tutar (TL)").fill("300.00")
        page.get_by_label("Nakit").check()
        page.get_by_role("button", name="Tahsil et").click()
        page.get_by_text("Tahsilat alındı").wait_for()
        shot(page, "telefon-vezne-makbuz")
        assert_fits(page, "Makbuz")
        assert_on_screen(page, page.locator("#makbuz-tutari"), "the receipt's amount")
    finally:
        purge_tenant(unique_slug)


def test_staff_account_page_fits_a_phone(live_server, phone, unique_slug):
    """/hesabim with what makes it wide: a long e-mail address, a new API key shown once, the
    key list, and the two-step set-up's secret typed in by hand."""
    page = phone
    base = _municipality(live_server, unique_slug, "Telefon Hesap Belediyesi")
    email = f"bilgi-islem-mudurlugu-entegrasyon-sorumlusu@{unique_slug}.bel.tr"
    try:
        with services.bound(unique_slug):
            staff = StaffUser(email=email, full_name="Entegrasyon Sorumlusu", is_tenant_admin=False)
            staff.set_password(STAFF_PASSWORD)
            db.session.add(staff)
            db.session.commit()
        sign_in_staff(page, base, email)
        page.goto(base + "/hesabim")
        assert_fits(page, "Hesabım")
        page.get_by_label("Anahtarın adı").fill("muhasebe-entegrasyonu-uzun-bir-ad")
        page.get_by_role("button", name="Anahtar oluştur").click()
        key = page.locator("#yeni-anahtar")
        key.wait_for()
        shot(page, "telefon-hesabim-anahtar")
        assert_fits(page, "Hesabım: yeni anahtar")
        assert_on_screen(page, key, "the new key")
        assert_on_screen(page, page.get_by_role("button", name="İptal et"), "the key's revoke button")
        page.get_by_role("link", name="İki adımlı doğrulamayı aç").click()
        secret = page.locator("code.user-select-all")
        secret.wait_for()
        assert_fits(page, "İki adımlı doğrulama kurulumu")
        assert_on_screen(page, secret, "the two-step secret")
    finally:
        purge_tenant(unique_slug)
