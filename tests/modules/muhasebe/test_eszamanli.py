"""Concurrency, each attempt on its own thread and its own database connection:

- 20 expenses approved at once on one budget line whose appropriation covers 7 of them:
  exactly 7 are approved, the rest are told the appropriation is used up, and the line's
  use equals its appropriation (the row lock decides, not a check two approvals pass);
- 20 vouchers approved at once get the numbers 1..20 of the year, no gap, no repeat;
- one bank statement file imported 20 times at once is imported once, the others told so.
"""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from ebelediye import tenancy, uow
from ebelediye.errors import UserError
from ebelediye.extensions import db
from modules.muhasebe.hesap import Satir
from modules.muhasebe.models import ButceKalemi, Fis
from modules.muhasebe.services import butce, fis, odenek
from tenants import services
from tests.plugin import app_config, purge_tenant

N = 20
GUN = date(2026, 4, 6)


def _race(slug: str, fis_ids: list[int], attempt_one=None) -> list[str]:
    """Each of ``fis_ids`` approved at once (or ``attempt_one(i)`` for each), one thread and
    one connection apiece: what each was told ("ok" or its message)."""
    from ebelediye.app import create_app

    racing = create_app(app_config(DB_POOL_SIZE=N, DB_MAX_OVERFLOW=0))  # one connection per thread
    tenant = racing.extensions["ebelediye.tenants"].by_slug(slug)
    gate = threading.Barrier(N)
    results: list[str] = []
    lock = threading.Lock()

    def attempt(fis_id: int) -> None:
        with racing.app_context():
            try:
                gate.wait(timeout=30)
                with tenancy.bind(tenant, db.session), uow.unit_of_work():
                    if attempt_one is None:
                        fis.onayla(fis_id, actor=f"onaylayan{fis_id}@x", actor_id=10_000 + fis_id)
                    else:
                        attempt_one(fis_id)
                outcome = "ok"
            except UserError as exc:
                outcome = str(exc.message)
            except Exception as exc:  # noqa: BLE001  (the property: nothing but a user's message)
                outcome = f"HATA {type(exc).__name__}: {exc}"
            finally:
                db.session.remove()
            with lock:
                results.append(outcome)

    try:
        threads = [threading.Thread(target=attempt, args=(f,)) for f in fis_ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        with racing.app_context():
            db.engine.dispose()
    assert len(results) == N
    return results


@pytest.fixture
def kiraci(app, unique_slug):
    services.request_tenant(services.ProvisionRequest(slug=unique_slug, name="Yarış", modules=["muhasebe"]), "test")
    services.provision(unique_slug, "test")
    try:
        yield unique_slug
    finally:
        purge_tenant(unique_slug)


@pytest.mark.committed
def test_twenty_concurrent_expenses_cannot_jointly_exceed_the_appropriation(kiraci):
    with services.bound(kiraci):
        line = butce.kalem_ac(2026, "46.06.99.02", "01.3.9.00", "03.02", "Büro malzemesi", actor="butce@x")
        grant = odenek.odenek_ver(line.id, Decimal("700.00"), date(2026, 1, 2), actor="butce@x", actor_id=1)
        fis.onayla(grant.id, actor="yetkili@x", actor_id=2)
        drafts = [odenek.harca(line.id, Decimal("100.00"), GUN, actor="hazirlayan@x", actor_id=3).id for _ in range(N)]
        line_id = line.id
        db.session.commit()
    results = _race(kiraci, drafts)
    assert results.count("ok") == 7, results
    refused = [r for r in results if r != "ok"]
    assert all(r.startswith("Ödenek yetersiz") for r in refused), set(refused)
    with services.bound(kiraci):
        row = db.session.get(ButceKalemi, line_id)
        assert (row.odenek, row.kullanilan) == (Decimal("700.00"), Decimal("700.00"))
        db.session.commit()


@pytest.mark.committed
def test_twenty_concurrent_approvals_number_without_gaps(kiraci):
    lines = [Satir("100", borc=Decimal("5.00")), Satir("600", alacak=Decimal("5.00"))]
    with services.bound(kiraci):
        drafts = [fis.hazirla(GUN, lines, actor="hazirlayan@x", actor_id=3).id for _ in range(N)]
        db.session.commit()
    results = _race(kiraci, drafts)
    assert results == ["ok"] * N, results
    with services.bound(kiraci):
        numbers = sorted(db.session.scalars(select(Fis.no).where(Fis.yil == 2026)))
        db.session.commit()
    assert numbers == list(range(1, N + 1))


@pytest.mark.committed
def test_one_statement_file_imported_twenty_times_at_once_is_imported_once(kiraci):
    from modules.muhasebe.models import BankaEkstresi
    from modules.muhasebe.services import banka

    content = "\ufefftarih;tutar;referans;aciklama\r\n16.03.2026;125,00;EFT-1;Kira\r\n".encode()
    results = _race(kiraci, list(range(N)),
                    lambda i: banka.ice_al(content, "basit", "102", actor=f"muhasebe{i}@x"))
    assert results.count("ok") == 1, results
    assert set(results) - {"ok"} == {"Bu ekstre dosyası daha önce alınmış."}, set(results)
    with services.bound(kiraci):
        assert db.session.scalar(select(func.count()).select_from(BankaEkstresi)) == 1
        db.session.commit()
