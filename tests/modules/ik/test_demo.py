"""The demo HR office for ``make run``: built once, idempotent, and quick."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from ebelediye.extensions import db
from ebelediye.tenancy import require_tenant
from modules.ik import demo
from modules.ik.models import Atama, Bordro, BordroSatiri, Personel, PersonelBelgesi
from tenants import services


def test_the_demo_builds_staff_and_closed_payrolls_and_runs_again_idempotently():
    with services.bound("beta"):
        tenant = require_tenant()
        started = time.perf_counter()
        lines = demo.run(db.session, tenant)
        elapsed = time.perf_counter() - started
        staff = db.session.scalar(select(func.count()).select_from(Personel))
        closed = db.session.scalar(select(func.count()).select_from(Bordro).where(Bordro.durum == "kapali"))
        slips = db.session.scalar(select(func.count()).select_from(BordroSatiri))
        assert staff >= demo.STAFF and closed == 3 and slips >= 3 * demo.STAFF * 0.9, (staff, closed, slips, lines)
        kinds = set(db.session.scalars(select(Personel.tur).distinct()))
        assert {"memur", "isci", "sozlesmeli"} <= kinds
        # half of the workers are paid by the demo TİS; their payslips say so
        on_tis = db.session.scalar(select(func.count()).select_from(BordroSatiri).join(
            Atama, Atama.personel_id == BordroSatiri.personel_id).where(Atama.tis_derece.is_not(None)))
        tis_steps = db.session.scalar(select(func.count()).select_from(BordroSatiri).where(
            BordroSatiri.adimlar["adimlar"][0]["adim"].astext.like("TİS:%")))
        assert on_tis > 0 and tis_steps == on_tis
        # a few özlük documents: real PDFs, one health report superseded, some ending soon
        docs = list(db.session.scalars(select(PersonelBelgesi)))
        assert len(docs) == 13 and all(d.icerik.startswith(b"%PDF-") for d in docs)
        assert sum(d.gecersiz_at is not None for d in docs) == 1
        again = demo.run(db.session, tenant)
        assert db.session.scalar(select(func.count()).select_from(Personel)) == staff
        assert "zaten var" in again[0]
        print(f"demo: {elapsed:.1f} s, {staff} staff, {slips} payslips")
