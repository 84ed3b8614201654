"""A cashier's day in a real browser: open the day, find a taxpayer, take cash, get the
receipt, close the day with the counted cash."""

import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ebelediye import clock
from ebelediye.extensions import db
from ebelediye.identity import StaffUser
from ebelediye.rbac import Role, RolePermission, StaffRole
from modules.gelir.models import Mukellef, Tahakkuk, VezneOturumu
from tenants import services
from tests.e2e.conftest import shot
from tests.modules.gelir.conftest import new_tckn
from tests.plugin import STAFF_PASSWORD, purge_tenant

pytestmark = [pytest.mark.committed, pytest.mark.slow]


def test_cashier_takes_a_cash_payment_and_closes_the_day(live_server, page, unique_slug):
    template, _ = live_server
    services.request_tenant(services.ProvisionRequest(slug=unique_slug, name="Vezne Belediyesi", modules=["gelir"]),
                            "e2e")
    services.provision(unique_slug, "e2e")
    host = f"{unique_slug}.ebelediye.test"
    base = template.format(host=host)
    email = f"kasiyer@{unique_slug}.bel.tr"
    tckn = new_tckn()
    try:
        with services.bound(unique_slug):
            cashier = StaffUser(email=email, full_name="Kasiyer Cemile", is_tenant_admin=False)
            cashier.set_password(STAFF_PASSWORD)
            role = Role(key="veznedar", name="Veznedar")
            payer = Mukellef(tur="gercek", tckn=tckn, ad="Hasan", soyad="Öder", adres="Cumhuriyet Mah.")
            db.session.add_all([cashier, role, payer])
            db.session.flush()
            db.session.add_all([RolePermission(role_id=role.id, permission="gelir.tahsilat.olustur"),
                                StaffRole(staff_id=cashier.id, role_id=role.id)])
            db.session.add(Tahakkuk(mukellef_id=payer.id, gelir_kodu="emlak_arsa", kaynak="e2e:1",
                                    yil=clock.today().year, taksit=1, vade=clock.today() + timedelta(days=20),
                                    tutar=Decimal("300.00"), olusturan="e2e"))
            db.session.commit()

        page.goto(base + "/")
        page.get_by_label("E-posta").fill(email)
        page.get_by_label("Parola").fill(STAFF_PASSWORD)
        page.get_by_role("button", name="Giriş yap").click()
        page.get_by_role("link", name="Vezne", exact=True).first.click()
        page.get_by_role("button", name="Günü aç").click()
        page.get_by_text("Vezne oturumu açıldı").wait_for()
        shot(page, "vezne-gun-acik")

        page.get_by_label("T.C. Kimlik No, VKN ya da ad").fill(tckn)
        page.get_by_role("button", name="Ara").click()
        page.get_by_role("link", name="Hasan Öder").click()
        expect(page.locator("#borc-toplami")).to_contain_text("300,00 TL", use_inner_text=True)
        # picking the debt shows its running total; the cash handed over shows the change due
        expect(page.locator("#secilen-toplam")).to_have_text("0,00 TL", use_inner_text=True)
        page.locator('input[name="secili"]').first.check()
        expect(page.locator("#secilen-toplam")).to_have_text("300,00 TL", use_inner_text=True)
        page.get_by_label("Mükelleften alınan para (para üstü için; kaydedilmez)").fill("500")
        expect(page.locator("#para-ustu")).to_have_text("200,00 TL", use_inner_text=True)
        page.locator('input[name="secili"]').first.uncheck()
        page.get_by_label("Tutar (TL)").fill("350.00")
        expect(page.locator("#para-ustu")).to_have_text("150,00 TL", use_inner_text=True)
        page.get_by_label("Nakit").check()
        shot(page, "vezne-tahsilat")
        page.get_by_role("button", name="Tahsil et").click()

        page.get_by_text("Tahsilat alındı").wait_for()
        expect(page.locator("#makbuz-tutari")).to_contain_text("350,00 TL", use_inner_text=True)
        expect(page.locator("#alacaga")).to_contain_text("50,00 TL", use_inner_text=True)  # the overpayment is kept as credit
        expect(page.locator("#tahsil-eden")).to_have_text("Kasiyer Cemile", use_inner_text=True)
        expect(page.locator("#yaziyla")).to_have_text("Yalnız üç yüz elli Türk lirası", use_inner_text=True)
        shot(page, "vezne-makbuz")
        with page.expect_download() as download:
            page.get_by_role("link", name="Makbuzu indir (PDF)").click()
        assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
        assert download.value.suggested_filename.startswith("makbuz-")

        page.get_by_role("link", name="Vezneye dön").click()
        expect(page.locator("#toplam-nakit")).to_contain_text("350,00 TL", use_inner_text=True)
        page.get_by_role("link", name="Kasayı kapat").click()
        expect(page.locator("#beklenen-nakit")).to_contain_text("350,00 TL", use_inner_text=True)
        page.get_by_label("Sayılan nakit (TL)").fill("350")
        shot(page, "vezne-kapanis")
        page.get_by_role("button", name="Kasayı kapat").click()
        page.get_by_text("Kasa kapatıldı").wait_for()
        expect(page.locator("#kasa-farki")).to_have_text(re.compile(r"^0,00 TL"), use_inner_text=True)
        expect(page.locator("#sayilan-nakit")).to_contain_text("350,00 TL", use_inner_text=True)
        shot(page, "vezne-kapanis-raporu")

        with services.bound(unique_slug):
            session = db.session.query(VezneOturumu).one()
            assert session.kapanis_at is not None and session.fark == 0
            assert session.beklenen == {"nakit": "350.00", "kart": "0.00", "havale": "0.00"}
            db.session.commit()
    finally:
        purge_tenant(unique_slug)
