"""The demo office for ``make run``: built once, idempotent, and quick (two tenants run it
before the web server starts)."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from ebelediye.extensions import db
from modules.evlendirme import demo
from modules.evlendirme.models import Nikah, NikahSalonu
from tenants import services


def test_the_demo_builds_an_office_with_history_and_bookings_and_runs_again_idempotently(kps):
    with services.bound("beta"):
        tenant = __import__("ebelediye.tenancy", fromlist=["require_tenant"]).require_tenant()
        started = time.perf_counter()
        lines = demo.run(db.session, tenant)
        elapsed = time.perf_counter() - started
        halls = db.session.scalar(select(func.count()).select_from(NikahSalonu))
        done = db.session.scalar(select(func.count()).select_from(Nikah).where(Nikah.durum == "kiyildi"))
        booked = db.session.scalar(select(func.count()).select_from(Nikah).where(Nikah.durum.in_(("tutuldu", "kesin"))))
        assert halls == 2 and done >= 40 and booked >= 20, (done, booked)
        assert any("online başvurabilir" in line for line in lines)
        again = demo.run(db.session, tenant)
        assert db.session.scalar(select(func.count()).select_from(NikahSalonu)) == 2
        assert any("online başvurabilir" in line for line in again)
        print(f"demo: {elapsed:.1f} s, {done} past ceremonies, {booked} bookings")
