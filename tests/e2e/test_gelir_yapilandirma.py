"""A citizen applies for a restructuring online in a real browser: e-Devlet sign-in, the
open campaign and his eligible debt, the preview, the law's conditions, the confirmation;
the plan shows in Borçlarım and its first installment is paid on the bank's 3-D Secure page."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from ebelediye import clock
from ebelediye.extensions import db
from modules.gelir.models import Mukellef, Tahakkuk, TecilPlani
from modules.gelir.services import yapilandirma
from tenants import services
from tests.e2e.conftest import shot
from tests.plugin import purge_tenant

pytestmark = [pytest.mark.committed, pytest.mark.slow]


def _open_campaign(today: date) -> None:
    yapilandirma.kampanya_olustur({
        "ad": "Tarayıcı yapılandırması", "kanun_no": "9997", "kanun_tarihi": today - timedelta(days=30),
        "dayanak": "e2e", "basvuru_baslangic": today - timedelta(days=10), "basvuru_bitis": today + timedelta(days=30),
        "kapsam_vade_sonu": today - timedelta(days=60), "gelir_kodlari": ["emlak_arsa"],
        "gecikme_yontemi": "aylik_oran", "aylik_oran": Decimal("2"), "hesap_sonu": None,
        "pesin_indirim": Decimal("90"), "secenekler": "1=1; 2=1,045", "ilk_taksit_vadesi": today + timedelta(days=40),
        "taksit_araligi_ay": 1, "tolerans": 0, "son_taksit_ek_ay": 1, "dava_vazgecme": True}, actor="e2e")


def test_citizen_applies_online_sees_the_plan_and_pays_the_first_installment(live_server, page, unique_slug):
    services.request_tenant(services.ProvisionRequest(slug=unique_slug, name="Yapılandırma Belediyesi",
                                                      modules=["gelir"]), "e2e")
    services.provision(unique_slug, "e2e")
    template, _ = live_server
    base = template.format(host=f"{unique_slug}.ebelediye.test")
    today = clock.today()
    try:
        page.goto(base + "/e-hizmet/yapilandirma")  # → e-Devlet sign-in
        expect(page.locator("h1")).to_contain_text("e-Devlet Kapısı", use_inner_text=True)
        chosen = page.locator("form[style] button").first
        tckn = re.search(r"\((\d{11})\)", chosen.inner_text()).group(1)
        with services.bound(unique_slug):
            _open_campaign(today)
            m = Mukellef(tur="gercek", tckn=tckn, ad="Deneme", soyad="Mükellef")
            db.session.add(m)
            db.session.flush()
            db.session.add(Tahakkuk(mukellef_id=m.id, gelir_kodu="emlak_arsa", kaynak="e2e:1", yil=today.year - 1,
                                    taksit=2, surum=1, vade=today - timedelta(days=120), tutar="1000.00",
                                    olusturan="e2e"))
            db.session.commit()
            m_id = m.id
        chosen.click()
        if "/e-hizmet/yapilandirma" not in page.url:
            page.goto(base + "/e-hizmet/yapilandirma")
        page.get_by_role("heading", name="Yapılandırma başvurusu").wait_for()
        expect(page.locator("main")).to_contain_text("Tarayıcı yapılandırması", use_inner_text=True)
        shot(page, "gelir-yapilandirma-kampanyalar")
        page.get_by_role("link", name="Borçlarımı seç ve hesapla").click()
        expect(page.get_by_label("Arsa Vergisi")).to_be_checked()
        page.get_by_label("Ödeme seçeneği").select_option("2")
        page.get_by_role("button", name="Hesapla").click()
        page.get_by_role("heading", name="Başvurudan önce: hesap").wait_for()
        total = page.locator("#toplam-odenecek").inner_text()
        shot(page, "gelir-yapilandirma-onizleme")
        page.get_by_role("button", name="Başvuruyu onayla").click()  # the conditions not ticked: refused
        expect(page.locator("main")).to_contain_text("Şartları okuyup kabul ettiğinizi işaretleyin",
                                                     use_inner_text=True)
        page.get_by_label("Şartları okudum ve kabul ediyorum.").check()
        page.get_by_role("button", name="Başvuruyu onayla").click()
        page.get_by_role("heading", name="Borçlarım").wait_for()
        main = page.locator("main")
        expect(main).to_contain_text("Yapılandırma başvurunuz alındı", use_inner_text=True)
        expect(main).to_contain_text("Yapılandırma taksiti 1/2", use_inner_text=True)
        shot(page, "gelir-yapilandirma-borclarim")
        for box in page.locator("input[name=tahakkuk]").all():
            box.uncheck()
        page.get_by_label("Yapılandırma taksiti 1/2").check()
        page.get_by_role("button", name="Öde").click()
        page.get_by_role("heading", name="Ödemeyi onaylayın").wait_for()
        page.get_by_role("button", name="Onayla ve kart sayfasına geç").click()
        page.get_by_label("Kart numarası").fill("4111 1111 1111 1111")
        page.get_by_label("SMS ile gelen doğrulama kodu").fill("123456")
        page.get_by_role("button", name="Öde").click()
        page.get_by_role("heading", name="Ödeme sonucu").wait_for()
        assert "Ödendi" in page.locator("main").inner_text()
        with services.bound(unique_slug):
            (plan,) = db.session.scalars(db.select(TecilPlani).where(TecilPlani.mukellef_id == m_id)).all()
            assert plan.yapilandirma["kanal"] == "e-hizmet" and plan.durum == "aktif"
            assert [t.tahsilat_id is not None for t in plan.taksitler] == [True, False]
            assert f"{plan.toplam:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".") in total
    finally:
        purge_tenant(unique_slug)
