"""6183 collection end to end in a real browser (issue 12, "What must be shown"): staff write
an ödeme emri and record its tebliğ, make a tecil plan of two installments, the citizen pays
both online through the confirmation and the bank's page, and the plan shows closed."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from ebelediye import clock
from ebelediye.extensions import db
from ebelediye.identity import StaffUser
from ebelediye.rbac import Role, RolePermission, StaffRole
from modules.gelir.models import Mukellef, Tahakkuk, TecilPlani
from tenants import services
from tests.e2e.conftest import open_page, shot
from tests.plugin import STAFF_PASSWORD, purge_tenant

pytestmark = [pytest.mark.committed, pytest.mark.slow]


def _pay_installment(page, base: str, label: str) -> None:
    page.goto(base + "/e-hizmet/borclarim")
    page.get_by_label(label).check()
    page.get_by_role("button", name="Öde").click()
    page.get_by_role("heading", name="Ödemeyi onaylayın").wait_for()
    expect(page.locator("main")).to_contain_text(label, use_inner_text=True)
    page.get_by_role("button", name="Onayla ve kart sayfasına geç").click()
    page.get_by_label("Kart numarası").fill("4111 1111 1111 1111")
    page.get_by_label("SMS ile gelen doğrulama kodu").fill("123456")
    page.get_by_role("button", name="Öde").click()
    page.get_by_role("heading", name="Ödeme sonucu").wait_for()
    expect(page.locator("main")).to_contain_text("Ödendi", use_inner_text=True)


def test_odeme_emri_tecil_and_both_installments_paid_online(live_server, page, browser, unique_slug):
    services.request_tenant(services.ProvisionRequest(slug=unique_slug, name="Takip Belediyesi", modules=["gelir"]),
                            "e2e")
    services.provision(unique_slug, "e2e")
    template, _ = live_server
    base = template.format(host=f"{unique_slug}.ebelediye.test")
    email = f"tahsildar@{unique_slug}.bel.tr"
    staff_context, staff, violations = open_page(browser)
    try:
        page.goto(base + "/e-hizmet/borclarim")  # → e-Devlet sign-in: a person the mock knows
        person = page.locator("form[style] button").first
        tckn = re.search(r"\((\d{11})\)", person.inner_text()).group(1)
        with services.bound(unique_slug):
            officer = StaffUser(email=email, full_name="Tahsildar Tuncay", is_tenant_admin=False)
            officer.set_password(STAFF_PASSWORD)
            role = Role(key="takip", name="Takip")
            payer = Mukellef(tur="gercek", tckn=tckn, ad="Deneme", soyad="Borçlu", adres="Cumhuriyet Mah.")
            db.session.add_all([officer, role, payer])
            db.session.flush()
            db.session.add_all([RolePermission(role_id=role.id, permission="gelir.takip.yonet"),
                                StaffRole(staff_id=officer.id, role_id=role.id)])
            db.session.add(Tahakkuk(mukellef_id=payer.id, gelir_kodu="emlak_arsa", kaynak="e2e:1",
                                    yil=clock.today().year - 1, taksit=2, vade=date(clock.today().year - 1, 11, 30),
                                    tutar="1500.00", olusturan="e2e"))
            db.session.commit()

        # staff: the ödeme emri batch, the order's PDF, its tebliğ
        staff.goto(base + "/")
        staff.get_by_label("E-posta").fill(email)
        staff.get_by_label("Parola").fill(STAFF_PASSWORD)
        staff.get_by_role("button", name="Giriş yap").click()
        staff.get_by_role("link", name="Takip (6183)").first.click()
        staff.get_by_label("Asgari toplam borç (TL)").fill("1000")
        staff.get_by_role("button", name="Ödeme emirlerini hazırla").click()
        staff.get_by_text("1 ödeme emri hazırlandı").wait_for()
        staff.get_by_role("link", name=re.compile(r"OE\d{4}-000001")).click()
        with staff.expect_download() as download:
            staff.get_by_role("link", name="Ödeme emrini indir (PDF)").click()
        assert download.value.suggested_filename.startswith("odeme-emri-OE")
        staff.get_by_role("button", name="Tebliği kaydet").click()
        expect(staff.locator("#emir-durum")).to_contain_text("Tebliğ edildi", use_inner_text=True)
        shot(staff, "takip-odeme-emri")

        # staff: a tecil plan of two installments, its schedule shown before approval
        staff.get_by_role("link", name="tecil planı hazırla").click()
        staff.get_by_label("Taksit sayısı (aylık)").fill("2")
        staff.get_by_role("button", name="Planı hesapla").click()
        staff.get_by_role("heading", name="Onaydan önce ödeme planı").wait_for()
        expect(staff.locator("#taksit-tablosu tbody tr")).to_have_count(2)
        shot(staff, "takip-tecil-onizleme")
        staff.get_by_role("button", name="Planı onayla").click()
        staff.get_by_text("Tecil planı onaylandı").wait_for()
        expect(staff.locator("#plan-durum")).to_contain_text("Aktif", use_inner_text=True)

        # the citizen pays both installments online
        person.click()
        page.get_by_role("heading", name="Borçlarım").wait_for()
        expect(page.locator("main")).to_contain_text("Tecil taksiti 1/2", use_inner_text=True)
        shot(page, "takip-borclarim-taksitler")
        _pay_installment(page, base, "Tecil taksiti 1/2")
        _pay_installment(page, base, "Tecil taksiti 2/2")
        page.goto(base + "/e-hizmet/borclarim")
        main = page.locator("main").inner_text()
        assert "Ödenmemiş borcunuz yok" in main and "Kapandı" in main
        shot(page, "takip-plan-kapandi")
        staff.reload()
        expect(staff.locator("#plan-durum")).to_contain_text("Kapandı", use_inner_text=True)
        with services.bound(unique_slug):
            assert db.session.scalar(db.select(TecilPlani.durum)) == "kapandi"
        assert violations == [], violations
    finally:
        staff_context.close()
        purge_tenant(unique_slug)
