"""A citizen pays a debt online in a real browser: e-Devlet sign-in, debts, the bank's
3-D Secure page, the receipt and its PDF."""

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ebelediye.extensions import db
from modules.gelir.models import Mukellef, Tahakkuk
from tenants import services
from tests.e2e.conftest import shot
from tests.plugin import purge_tenant

pytestmark = [pytest.mark.committed, pytest.mark.slow]


def test_citizen_pays_a_debt_and_downloads_the_receipt(live_server, page, unique_slug):
    # a municipality of its own, so the committed payment leaves nothing in the shared tenants
    services.request_tenant(services.ProvisionRequest(slug=unique_slug, name="Ödeme Belediyesi", modules=["gelir"]),
                            "e2e")
    services.provision(unique_slug, "e2e")
    template, _ = live_server
    base = template.format(host=f"{unique_slug}.ebelediye.test")
    try:
        page.goto(base + "/e-hizmet/borclarim")  # → e-Devlet sign-in
        expect(page.locator("h1")).to_contain_text("e-Devlet Kapısı", use_inner_text=True)
        chosen = page.locator("form[style] button").first
        tckn = re.search(r"\((\d{11})\)", chosen.inner_text()).group(1)
        with services.bound(unique_slug):
            m = Mukellef(tur="gercek", tckn=tckn, ad="Deneme", soyad="Mükellef")
            db.session.add(m)
            db.session.flush()
            db.session.add(Tahakkuk(mukellef_id=m.id, gelir_kodu="emlak_arsa", kaynak="e2e:1", yil=2025, taksit=2,
                                    surum=1, vade=date(2025, 11, 30), tutar="1500.00", olusturan="e2e"))
            db.session.commit()
        chosen.click()
        page.get_by_role("heading", name="Borçlarım").wait_for()
        expect(page.get_by_label("Arsa Vergisi")).to_be_checked()  # overdue: chosen by default
        expect(page.locator("main")).to_contain_text("1.500,00 TL", use_inner_text=True)
        shot(page, "gelir-borclarim")
        page.get_by_role("button", name="Öde").click()
        page.get_by_role("heading", name="Ödemeyi onaylayın").wait_for()  # what will be paid, before the card
        expect(page.locator("main")).to_contain_text("1.500,00 TL", use_inner_text=True)  # the principal; the total adds the late fee
        total = page.locator("#odenecek-toplam").inner_text()
        shot(page, "gelir-odeme-onayi")
        page.get_by_role("button", name="Onayla ve kart sayfasına geç").click()
        page.get_by_label("Kart numarası").fill("4111 1111 1111 1111")
        page.get_by_label("SMS ile gelen doğrulama kodu").fill("123456")
        shot(page, "gelir-3d-secure")
        page.get_by_role("button", name="Öde").click()
        page.get_by_role("heading", name="Ödeme sonucu").wait_for()
        main = page.locator("main").inner_text()
        assert "Ödendi" in main and "Makbuz" in main
        assert total in main  # the amount the bank was asked for is the total confirmed
        shot(page, "gelir-odeme-sonucu")
        with page.expect_download() as download:
            page.get_by_role("link", name="Makbuzu indir (PDF)").click()
        saved = Path(download.value.path())
        assert download.value.suggested_filename.startswith("makbuz-")
        assert saved.read_bytes().startswith(b"%PDF")
        page.get_by_role("link", name="Borçlarıma dön").click()
        expect(page.locator("main")).to_contain_text("Ödenmemiş borcunuz yok", use_inner_text=True)
    finally:
        purge_tenant(unique_slug)
