"""The leave calendar on a phone: the page itself does not scroll sideways, the month's table
does, and the names stay in view while it scrolls."""

from __future__ import annotations

import itertools
from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from ebelediye import clock
from ebelediye.connectors.factory import connectors
from ebelediye.extensions import db
from ebelediye.identity import StaffUser
from modules.ik.services import izin, personel
from tenants import services
from tests.e2e.conftest import shot
from tests.e2e.test_ik import _sign_in
from tests.plugin import STAFF_PASSWORD, purge_tenant

pytestmark = [pytest.mark.committed, pytest.mark.slow]


def _adults(n: int) -> list[str]:
    """Adults the mock SGK has not seen in this process: it keeps every hire for the rest of
    the process, and which other tests (test_ik.py, tests/modules/ik) ran in this worker
    before depends on how xdist shared out the files."""
    agencies = connectors().agencies
    people = (m.tckn for _hh, m in agencies.population.iter_people(250, 2000)
              if m.alive and 25 <= m.age(clock.today()) <= 50 and m.tckn not in agencies.sgk_events)
    return list(itertools.islice(people, n))


def test_the_leave_calendar_fits_a_phone_and_scrolls_its_table(live_server, page, unique_slug):
    services.request_tenant(services.ProvisionRequest(slug=unique_slug, name="Takvim Belediyesi", modules=["ik"]),
                            "e2e")
    services.provision(unique_slug, "e2e")
    template, _ = live_server
    base = template.format(host=f"{unique_slug}.ebelediye.test")
    hr = f"ik@{unique_slug}.bel.tr"
    today = clock.today()
    first = today.replace(day=1)
    try:
        with services.bound(unique_slug):
            unit = personel.birim_ekle("46.06.99.05", "Fen İşleri Müdürlüğü", actor="e2e")
            kadro = personel.kadro_ekle(unit.id, "isci", "İşçi", "Teknisyen", actor="e2e", ekonomik_kod="01.3.1.01")
            names = []
            for n, tckn in enumerate(_adults(3)):
                p = personel.ise_al({"tckn": tckn, "tur": "isci", "kadro_id": kadro.id,
                                     "ise_giris": first.replace(year=first.year - 3),
                                     "brut_ucret": Decimal("40000.00")}, actor="e2e")
                start = first + timedelta(days=3 * n)
                t = izin.talep(p.id, "mazeret", start, start + timedelta(days=1), actor=f"kendisi:{p.id}")
                izin.karar(t.id, True, actor="e2e")
                names.append(p.ad_soyad)
            user = StaffUser(email=hr, full_name="İK Şefi", is_tenant_admin=True)
            user.set_password(STAFF_PASSWORD)
            db.session.add(user)
            db.session.commit()
        _sign_in(page, base, hr)
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(base + "/ik/izin/takvim")
        table = page.locator("#izin-takvimi")
        for name in names:
            expect(table.get_by_role("link", name=name)).to_be_visible()
        widths = page.evaluate("""() => {
            const box = document.querySelector('#izin-takvimi').closest('.table-responsive');
            return {page: document.documentElement.scrollWidth, view: window.innerWidth,
                    box: box.scrollWidth, boxView: box.clientWidth};
        }""")
        assert widths["page"] <= widths["view"]  # the page does not scroll sideways
        assert widths["box"] > widths["boxView"]  # the month's table does
        page.evaluate("() => { document.querySelector('#izin-takvimi').closest('.table-responsive')"
                      ".scrollLeft = 10000; }")
        name_cell = table.get_by_role("link", name=names[0])
        box = name_cell.bounding_box()
        assert box is not None and 0 <= box["x"] < 390  # the sticky names stay in view
        expect(page.get_by_role("heading", name="Gün gün")).to_be_visible()
        shot(page, "ik-4-izin-takvimi-telefon")
    finally:
        purge_tenant(unique_slug)
