"""HR in a real browser: the HR officer hires a person (identity pre-filled from KPS, the SGK
hire notice), runs the month's payroll and watches its progress bar, closes it and downloads
a payslip; the employee signs in as staff of the municipality and downloads the same one."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ebelediye import clock
from ebelediye.connectors.factory import connectors
from ebelediye.extensions import db
from ebelediye.identity import StaffUser
from modules.ik.services import personel
from tenants import services
from tests.e2e.conftest import shot
from tests.plugin import STAFF_PASSWORD, purge_tenant

pytestmark = [pytest.mark.committed, pytest.mark.slow]


def _adult() -> str:
    """A living adult among the mock server's 500 households."""
    for _hh, m in connectors().agencies.population.iter_people(0, 500):
        if m.alive and 25 <= m.age(clock.today()) <= 50:
            return m.tckn
    raise LookupError("no adult")


def _head(path) -> bytes:
    with open(path, "rb") as f:
        return f.read(4)


def _sign_in(page, base: str, email: str) -> None:
    page.goto(base + "/giris")
    page.get_by_label("E-posta").fill(email)
    page.get_by_label("Parola").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Giriş").click()


def test_hr_hires_runs_the_payroll_and_the_employee_downloads_the_payslip(live_server, page, unique_slug):
    services.request_tenant(services.ProvisionRequest(slug=unique_slug, name="İK Belediyesi", modules=["ik"]), "e2e")
    services.provision(unique_slug, "e2e")
    template, _ = live_server
    base = template.format(host=f"{unique_slug}.ebelediye.test")
    hr, employee = f"ik@{unique_slug}.bel.tr", f"calisan@{unique_slug}.bel.tr"
    month = f"{clock.today():%Y-%m}"
    try:
        with services.bound(unique_slug):
            unit = personel.birim_ekle("46.06.99.04", "İnsan Kaynakları ve Eğitim Müdürlüğü", actor="e2e")
            personel.kadro_ekle(unit.id, "isci", "İşçi", "Büro işçisi", actor="e2e", ekonomik_kod="01.3.1.01")
            for email, admin in ((hr, True), (employee, False)):
                user = StaffUser(email=email, full_name="İK Şefi" if admin else "Çalışan", is_tenant_admin=admin)
                user.set_password(STAFF_PASSWORD)
                db.session.add(user)
            db.session.commit()
        tckn = _adult()

        # 1. HR hires: KPS fills the identity, the hire goes to SGK
        _sign_in(page, base, hr)
        page.goto(base + "/ik/personel/yeni")
        page.get_by_label("T.C. kimlik no").fill(tckn)
        page.get_by_role("button", name="KPS'den getir").click()
        page.locator("#kps-kisi").wait_for()
        name = page.locator("#kps-kisi strong").inner_text()
        assert name.strip()
        page.get_by_label("Personel türü").select_option("isci")
        page.get_by_label("Kadro").select_option(label="İnsan Kaynakları ve Eğitim Müdürlüğü — Büro işçisi (isci)")
        page.get_by_label("İşe giriş tarihi").fill(f"{clock.today().replace(day=1):%Y-%m-%d}")
        page.get_by_label("Brüt ücret (işçi, sözleşmeli, geçici)").fill("33.030,00")
        page.get_by_label("IBAN").fill("TR330006100519786457841326")
        page.get_by_label("E-posta (öz hizmet için)").fill(employee)
        shot(page, "ik-1-ise-alis")
        page.get_by_role("button", name="İşe al ve SGK'ya bildir").click()
        page.get_by_text(re.compile(r"SGK işe giriş bildirgesi: SGK-G-")).wait_for()
        assert name.split()[-1] in page.content()

        # 2. the month's payroll through the rq worker, its progress bar refreshing the page
        page.goto(base + "/ik/bordro")
        page.get_by_label("Dönem (YYYY-AA)").fill(month)
        page.get_by_role("button", name="Aylık bordroyu çalıştır").click()
        page.locator("#bordro-bar").wait_for(state="attached")  # at 0 % it has no width: not "visible"
        page.get_by_text("Hesaplandı").wait_for(timeout=60000)
        expect(page.locator("#bordro-bar")).to_have_text("100%", use_inner_text=True)
        shot(page, "ik-2-bordro")
        page.get_by_role("button", name="Onayla ve kapat").click()
        page.get_by_text("Bordro kapatıldı ve muhasebeye bildirildi.").wait_for()
        with page.expect_download() as download:
            page.locator("table a[href$=\".pdf\"]").first.click()
        assert download.value.suggested_filename.endswith(".pdf")
        assert _head(download.value.path()) == b"%PDF"
        assert "28.075,50" in page.content()  # the 2026 minimum wage's net (RULES §7.1)
        page.get_by_role("button", name="Çıkış").click()

        # 3. the employee signs in and downloads the payslip
        _sign_in(page, base, employee)
        page.goto(base + "/ik/benim")
        page.get_by_role("heading", name="Bordrolarım ve izinlerim").wait_for()
        assert month in page.content()
        with page.expect_download() as mine:
            page.get_by_role("link", name="İndir").first.click()
        assert _head(mine.value.path()) == b"%PDF"
        shot(page, "ik-3-oz-hizmet")
    finally:
        purge_tenant(unique_slug)
