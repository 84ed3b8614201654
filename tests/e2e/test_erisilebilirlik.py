"""Accessibility: axe-core on every main page of the console, the staff portal and the citizen
pages, at 1366 px and at 390 px (a phone).  A critical or serious violation fails the test;
the report names each rule, its pages and the first elements.  No page may scroll sideways
at either width (the report names the elements that stick out).  Screenshots of every page at
both widths are kept with the other browser-test artifacts.

"Main pages" are the ones the menus reach (so a new module's menu entries are walked without
a change here) plus the object pages people work in all day (a taxpayer, the counter, the
reports, a municipality in the console)."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pyotp
import pytest

from ebelediye import clock
from ebelediye.extensions import db
from ebelediye.identity import StaffUser
from modules.gelir import parametre
from modules.gelir.models import Mukellef, Tahakkuk
from modules.gelir.services import yapilandirma
from modules.muhasebe.services import banka, borclar, butce
from tenants import services
from tenants.models import MinistryUser
from tests.e2e.conftest import (
    ARTIFACTS,
    axe_violations,
    horizontal_overflow,
    open_page,
    sign_in_staff,
)
from tests.plugin import STAFF_PASSWORD, purge_tenant

pytestmark = [pytest.mark.committed, pytest.mark.slow]

WIDTHS = (1366, 390)
MT940_FIXTURE = Path(__file__).parents[1] / "modules" / "muhasebe" / "fixtures" / "turk_bankasi_mt940.sta"
MODULES = ["gelir", "muhasebe", "ik", "evlendirme"]


def _menu_links(page, selector: str) -> list[str]:
    """Same-host paths of the links under ``selector`` (the language switch left out)."""
    hrefs = page.eval_on_selector_all(selector, "links => links.map(a => a.getAttribute('href'))")
    paths = []
    for href in hrefs:
        parts = urlsplit(href or "")
        if parts.netloc or not parts.path.startswith("/") or parts.path.startswith("/dil/"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path not in paths:
            paths.append(path)
    return paths


#: the elements whose right edge is past the viewport, widest first: what to fix when a page
#: is too wide.  Elements inside a region that scrolls or clips (a table-responsive wrapper)
#: do not widen the page and are left out, as is a child that sticks out no further than
#: its parent already listed.
_STICKING_OUT = """() => {
  const width = document.scrollingElement.clientWidth;
  const clipped = el => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== "visible") return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const right = Math.round(el.getBoundingClientRect().right);
    if (right <= width + 1 || clipped(el)) continue;
    if (out.some(o => o.el.contains(el) && right <= o.right)) continue;
    const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
      + (el.classList.length ? "." + [...el.classList].slice(0, 3).join(".") : "");
    out.push({el, right, name});
  }
  return out.sort((a, b) => b.right - a.right).slice(0, 6).map(o => `${o.name} (${o.right} px)`);
}"""


def _shot_name(door: str, path: str, width: int) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "ana"
    return f"a11y-{door}-{slug}-{width}.png"


class Walk:
    """Loads pages, runs axe on each, keeps the screenshots and gathers the violations."""

    def __init__(self) -> None:
        self.found: dict[tuple[str, str], dict] = {}
        self.pages_by_rule: dict[str, list[str]] = defaultdict(list)
        self.walked: list[str] = []
        self.errors: list[str] = []

    def check(self, page, door: str, base: str, path: str, width: int) -> None:
        response = page.goto(base + path)
        if response is None or response.status >= 400:
            self.errors.append(f"{door} {path} @{width}: HTTP {response.status if response else '—'}")
            return
        self.inspect(page, door, path, width)

    def inspect(self, page, door: str, path: str, width: int) -> None:
        """The checks on the page as it is now (also one reached by submitting a form)."""
        page.screenshot(path=str(ARTIFACTS / _shot_name(door, path, width)), full_page=True)
        self.walked.append(f"{door} {path} @{width}")
        scroll_width, client_width = horizontal_overflow(page)
        if scroll_width > client_width + 1:  # the page scrolls sideways (1 px of rounding allowed)
            self.errors.append(f"{door} {path} @{width}: the page is {scroll_width} px wide, the screen "
                               f"{client_width} px; sticking out: {', '.join(page.evaluate(_STICKING_OUT))}")
        for v in axe_violations(page):
            key = (v["id"], v["impact"])
            self.found.setdefault(key, v)
            self.pages_by_rule[v["id"]].append(f"{door} {path} @{width} ({v['nodes']}: {', '.join(v['targets'])})")

    def report(self) -> str:
        lines = [*self.errors]
        for (rule, impact), v in sorted(self.found.items()):
            where = self.pages_by_rule[rule]
            lines.append(f"[{impact}] {rule}: {v['help']} — {len(where)} page loads")
            lines.extend(f"    {w}" for w in where[:8])
            if len(where) > 8:
                lines.append(f"    … and {len(where) - 8} more")
        return "\n".join(lines)


def _ik_person_with_documents(email: str) -> int:
    """A member of staff (the admin's own record, for self-service) with a document whose
    validity ends soon and a withdrawn one: the özlük pages have rows to show."""
    from datetime import timedelta

    from ebelediye import clock
    from ebelediye.connectors.factory import connectors
    from modules.ik.models import BelgeTuru
    from modules.ik.services import ozluk, personel

    def pdf_bytes(label: str) -> bytes:
        import io
        import uuid

        from reportlab.pdfgen import canvas

        out = io.BytesIO()
        c = canvas.Canvas(out)
        c.drawString(72, 720, f"{label} {uuid.uuid4().hex}")
        c.save()
        return out.getvalue()

    tckn = next(m.tckn for _hh, m in connectors().agencies.population.iter_people(0, 500)
                if m.alive and 25 <= m.age(clock.today()) <= 50)
    unit = personel.birim_ekle("46.09.01", "Destek Hizmetleri Müdürlüğü", actor="e2e")
    kadro = personel.kadro_ekle(unit.id, "isci", "İşçi", "Büro işçisi", actor="e2e", ekonomik_kod="01.3.1.01")
    p = personel.ise_al({"tckn": tckn, "tur": "isci", "kadro_id": kadro.id, "ise_giris": date(2020, 1, 1),
                         "brut_ucret": Decimal("40000.00"), "eposta": email}, actor="e2e")
    saglik = db.session.scalar(db.select(BelgeTuru.id).where(BelgeTuru.kod == "saglik"))
    today = clock.today()
    ozluk.yukle(p.id, pdf_bytes("a11y"), "sağlık raporu.pdf", tur_id=saglik, belge_tarihi=today - timedelta(days=355),
                gecerlilik_bitis=today + timedelta(days=10), aciklama="Yıllık kontrol", actor="e2e")
    old = ozluk.yukle(p.id, pdf_bytes("a11y"), "eski rapor.pdf", tur_id=saglik,
                      belge_tarihi=today - timedelta(days=700), actor="e2e")
    ozluk.gecersiz_kil(p.id, old.id, "Yenisi geldi", actor="e2e")
    db.session.commit()
    return p.id


def _sgk_raporlari(slug: str) -> None:
    """Two SGK reports for the İK page (planted in the served app's in-process mock SGK): one
    of a worker on the staff, one of a stranger."""
    from ebelediye.connectors.factory import connectors
    from ebelediye.connectors.mock.people import add_report
    from modules.ik.models import Personel
    from modules.ik.services import ayarlar
    from tests.e2e.conftest import SERVED

    with services.bound(slug):
        vkn = ayarlar().isveren_vkn
        if db.session.query(Personel).filter_by(tckn="10000000146").first() is None:
            db.session.add(Personel(sicil_no="P-A11Y01", tckn="10000000146", ad="Deneme", soyad="İşçi",
                                    cinsiyet="K", dogum_tarihi=date(1985, 1, 1), tur="isci", sgk_statu="4a",
                                    ise_giris=date(2025, 1, 1), hizmet_baslangic=date(2025, 1, 1), olusturan="e2e"))
        db.session.commit()
    with SERVED[-1].app_context():
        for number, tckn in (("A11Y0001", "10000000146"), ("A11Y0002", "10000000078")):
            add_report(connectors().agencies, rapor_no=number, tckn=tckn, isveren_vkn=vkn,
                       baslangic=date(2026, 2, 9), bitis=date(2026, 2, 11))


def test_main_pages_have_no_serious_accessibility_violations(live_server, browser, unique_slug):
    template, _ = live_server
    services.request_tenant(services.ProvisionRequest(slug=unique_slug, name="Erişilebilir Belediyesi",
                                                      modules=MODULES), "e2e")
    services.provision(unique_slug, "e2e")
    base = template.format(host=f"{unique_slug}.ebelediye.test")
    console = template.format(host="admin.ebelediye.test")
    admin_email = f"yonetici@{unique_slug}.bel.tr"
    ministry_email = f"a11y-{unique_slug}@bakanlik.gov.tr"
    with services.bound(unique_slug):
        admin = StaffUser(email=admin_email, full_name="Yönetici Ayşe", is_tenant_admin=True)
        admin.set_password(STAFF_PASSWORD)
        db.session.add(admin)
        db.session.commit()
        # an MT940 statement whose lines stay unmatched: its page shows the suggestion forms
        ekstre_id = banka.ice_al(MT940_FIXTURE.read_bytes(), "mt940", "102", actor="e2e").id
        db.session.commit()
        personel_id = _ik_person_with_documents(admin_email)
    ministry_secret = pyotp.random_base32()
    ministry = MinistryUser(email=ministry_email, full_name="Bakanlık Erişim", mfa_secret=ministry_secret)
    ministry.set_password(STAFF_PASSWORD)
    db.session.add(ministry)
    db.session.commit()
    walk = Walk()
    csp: list[str] = []
    mukellef_id = kampanya_id = None
    tedarikci_id = None
    try:
        for width in WIDTHS:
            # the ministry console
            context, page, violations = open_page(browser, width, 900)
            try:
                sign_in_staff(page, console, ministry_email, "/konsol/giris")
                walk.check(page, "konsol", console, "/konsol/giris/iki-adim", width)
                page.get_by_label("Doğrulama kodu").fill(pyotp.TOTP(ministry_secret).now())
                page.get_by_role("button", name="Doğrula").click()
                page.wait_for_load_state()
                paths = _menu_links(page, "header a, #ana-menu a")
                paths += [f"/konsol/belediye/{unique_slug}", f"/konsol/belediye/{unique_slug}/askiya-al",
                          f"/konsol/belediye/{unique_slug}/arsivle"]
                for path in dict.fromkeys(paths):
                    walk.check(page, "konsol", console, path, width)
                # a pasted monthly table's preview (it writes nothing until confirmed)
                page.goto(console + "/konsol/parametreler")
                page.get_by_label("Kaynak", exact=True).nth(1).fill("TÜİK (test)")
                page.get_by_label("Tablo", exact=True).fill("2040 | 1,14 | -0,20 | 0,40 |")
                page.get_by_role("button", name="Eklenecek ayları göster").click()
                page.wait_for_load_state()
                assert page.get_by_role("heading", name="Aylık tablo: eklenecek aylar").is_visible()
                walk.inspect(page, "konsol", "/konsol/parametreler/aylik (önizleme)", width)
            finally:
                context.close()
                csp += violations

            # the staff portal, as the tenant admin (every menu entry of every module)
            context, page, violations = open_page(browser, width, 900)
            try:
                walk.check(page, "portal", base, "/giris", width)  # the sign-in page
                sign_in_staff(page, base, admin_email)
                if mukellef_id is None:
                    with services.bound(unique_slug):
                        m = Mukellef(tur="gercek", tckn="10000000146", ad="Deneme", soyad="Mükellef",
                                     adres="Atatürk Cad. No: 1")
                        db.session.add(m)
                        db.session.flush()
                        db.session.add(Tahakkuk(mukellef_id=m.id, gelir_kodu="emlak_arsa", kaynak="a11y:1",
                                                yil=2025, taksit=2, surum=1, vade=date(2025, 11, 30),
                                                tutar="1500.00", olusturan="e2e"))
                        parametre.ayarlar().kart_taksit_en_cok = 6  # the confirmation page offers installments
                        # the invoice form with its taxes shows once the year has a budget line
                        butce.kalem_ac(date.today().year, "46.06.99.02", "01.3.9.00", "03.05", "Temizlik", actor="e2e")
                        tedarikci_id = borclar.tedarikci_kaydet("1234567890", "Temiz A.Ş.", actor="e2e").id
                        today = clock.today()
                        kampanya_id = yapilandirma.kampanya_olustur({  # a restructuring open today
                            "ad": "Erişilebilir yapılandırma", "kanun_no": "9996",
                            "kanun_tarihi": today - timedelta(days=30), "dayanak": "e2e",
                            "basvuru_baslangic": today - timedelta(days=10),
                            "basvuru_bitis": today + timedelta(days=30), "kapsam_vade_sonu": today - timedelta(days=60),
                            "gelir_kodlari": ["emlak_arsa"], "gecikme_yontemi": "aylik_oran", "aylik_oran": 2,
                            "hesap_sonu": None, "pesin_indirim": 90, "secenekler": "1=1; 2=1,045",
                            "ilk_taksit_vadesi": today + timedelta(days=40), "taksit_araligi_ay": 1, "tolerans": 0,
                            "son_taksit_ek_ay": 1, "dava_vazgecme": True}, actor="e2e").id
                        db.session.commit()
                        mukellef_id = m.id
                _sgk_raporlari(unique_slug)
                paths = _menu_links(page, "header a, #ana-menu a")
                paths += ["/", "/hesabim", "/ik/sgk-raporlari?baslangic=2026-02-01&bitis=2026-02-28",
                          f"/gelir/mukellefler/{mukellef_id}", f"/gelir/vezne/mukellefler/{mukellef_id}",
                          "/gelir/raporlar/tahsilat", "/gelir/raporlar/gecikmis-alacak", "/gelir/raporlar/borclular",
                          "/gelir/raporlar/tahakkuk-tahsilat", "/gelir/takip/tecil",
                          f"/gelir/takip/tecil/yeni/{mukellef_id}", "/gelir/takip/yapilandirma",
                          "/gelir/takip/yapilandirma/kampanya/yeni", "/gelir/takip/zamanasimi", "/gelir/takip/terkin",
                          "/gelir/takip/haciz", f"/gelir/takip/mahsup/{mukellef_id}", "/gelir/tarifeler/ayarlar",
                          f"/gelir/takip/yapilandirma/mukellef/{mukellef_id}",
                          f"/gelir/takip/yapilandirma/kampanya/{kampanya_id}",
                          f"/gelir/takip/yapilandirma/kampanya/{kampanya_id}/yeni/{mukellef_id}",
                          "/ik/bordro/maliyet", "/muhasebe/mutabakat", "/muhasebe/vergi-kesintileri",
                          f"/muhasebe/tedarikciler/{tedarikci_id}", f"/muhasebe/banka/{ekstre_id}",
                          f"/ik/personel/{personel_id}", f"/ik/personel/{personel_id}/belgeler",
                          "/ik/belgeler/suresi-dolan", "/ik/belge-turleri", "/ik/benim"]
                for path in dict.fromkeys(paths):
                    walk.check(page, "portal", base, path, width)
            finally:
                context.close()
                csp += violations

            # the citizen pages (signed out, then through the mock e-Devlet page)
            context, page, violations = open_page(browser, width, 900)
            try:
                walk.check(page, "e-hizmet", base, "/e-hizmet/", width)
                page.get_by_role("link", name="e-Devlet ile giriş").click()
                chosen = page.locator("form[style] button").first
                tckn = re.search(r"\((\d{11})\)", chosen.inner_text()).group(1)
                with services.bound(unique_slug):  # the citizen the mock chose owes the debt
                    db.session.get(Mukellef, mukellef_id).tckn = tckn
                    db.session.commit()
                chosen.click()
                page.get_by_text("Hoş geldiniz").wait_for()
                paths = ["/e-hizmet/", *_menu_links(page, "main a"), "/e-hizmet/borclarim", "/e-hizmet/odeme/onay",
                         "/e-hizmet/yakin-borcu", "/e-hizmet/yapilandirma", f"/e-hizmet/yapilandirma/{kampanya_id}"]
                for path in dict.fromkeys(p for p in paths if p.startswith("/e-hizmet")):
                    walk.check(page, "e-hizmet", base, path, width)
                # the restructuring preview with the law's conditions (reached by "Hesapla"), then
                # the same refused for want of the conditions' tick (form errors shown)
                page.get_by_role("button", name="Hesapla").click()
                page.get_by_role("heading", name="Başvurudan önce: hesap").wait_for()
                walk.inspect(page, "e-hizmet", f"/e-hizmet/yapilandirma/{kampanya_id}-onizleme", width)
                page.get_by_role("button", name="Başvuruyu onayla").click()
                page.locator("#sartlar-hata").wait_for()
                walk.inspect(page, "e-hizmet", f"/e-hizmet/yapilandirma/{kampanya_id}-sartlar", width)
            finally:
                context.close()
                csp += violations

        assert len(walk.walked) >= 2 * 30, walk.walked  # the walk reached the module pages
        assert not walk.found and not walk.errors, (
            f"axe-core violations, pages that scroll sideways or fail on {len(walk.walked)} page loads\n" + walk.report())
        assert csp == [], csp
    finally:
        db.session.delete(db.session.merge(ministry))
        db.session.commit()
        purge_tenant(unique_slug)
