"""The ödeme emri batch as an rq job on a municipality of its own (committed rows): it checks
its starter's permission, writes one order per taxpayer, and a second run writes nothing."""

from datetime import date

import pytest
from sqlalchemy import text

from ebelediye import jobs
from ebelediye.extensions import db
from ebelediye.identity import StaffUser
from modules.gelir.models import Mukellef, Tahakkuk
from modules.gelir.services import takip
from tenants import services
from tests.plugin import purge_tenant

from .conftest import new_tckn


def _work() -> None:
    from rq import SimpleWorker

    assert SimpleWorker([jobs.queue("batch")], connection=jobs.redis_connection()).work(burst=True)


@pytest.mark.committed
def test_the_batch_job_writes_each_order_once(app, unique_slug):
    slug = unique_slug
    try:
        services.request_tenant(services.ProvisionRequest(slug=slug, name="Takip İşi", modules=["gelir"]), "test")
        services.provision(slug, "test")
        with services.bound(slug):
            admin = StaffUser(email=f"takip@{slug}.bel.tr", full_name="Takip Şefi", is_tenant_admin=True)
            db.session.add(admin)
            for n in range(3):
                m = Mukellef(tur="gercek", tckn=new_tckn(), ad=f"Ad{n}", soyad="Borçlu")
                db.session.add(m)
                db.session.flush()
                db.session.add(Tahakkuk(mukellef_id=m.id, gelir_kodu="emlak_arsa", kaynak=f"job:{n}", yil=2025,
                                        taksit=2, surum=1, vade=date(2025, 11, 30), tutar="900.00", olusturan="test"))
            run = takip.parti_olustur(None, None, "100", date(2026, 2, 2), actor=admin.email)
            db.session.flush()
            run_id, starter = run.id, f"staff:{admin.id}"
            jobs.enqueue(slug, "modules.gelir.jobs:odeme_emri_partisi", run_id, queue_name="batch", actor=starter)
            db.session.commit()
        _work()
        with services.bound(slug):
            assert takip.parti(run_id).durum == "bitti" and takip.parti(run_id).olusan == 3
            numbers = db.session.execute(text("SELECT sira FROM odeme_emirleri ORDER BY sira")).scalars().all()
            assert numbers == [1, 2, 3]  # gap-free
            jobs.enqueue(slug, "modules.gelir.jobs:odeme_emri_partisi", run_id, queue_name="batch", actor=starter)
            db.session.commit()
        _work()
        with services.bound(slug):
            assert db.session.execute(text("SELECT count(*) FROM odeme_emirleri")).scalar_one() == 3
            db.session.commit()
    finally:
        purge_tenant(slug)
