"""Muhasebe's background jobs (rq, through ``ebelediye.jobs.enqueue``; the worker binds the
tenant).  Each takes ids, is idempotent and reports progress.

``geri_aktar`` runs or resumes a back-posting of Gelir's records or İK's payrolls made before Muhasebe was
enabled (``services.geri_aktarim``).
"""

from __future__ import annotations

from ebelediye import jobs
from ebelediye.rbac import job_requires

from .services import geri_aktarim


@job_requires("muhasebe.fis.onayla")
def geri_aktar(run_id: int) -> dict:
    """Run or resume back-posting run ``run_id`` from its cursor."""
    run = geri_aktarim.calistir(run_id, progress=jobs.report_progress)
    return {"durum": run.durum, "imlec": run.imlec.isoformat() if run.imlec else None, "fis": run.fis_sayisi,
            "kayit": run.kayit_sayisi, "tutar": str(run.tutar), "hata": run.hata}


def mutabakat(gun_iso: str | None = None) -> dict:
    """The nightly subsidiary-ledger reconciliation: 120 against Gelir's open debts and 100
    against Gelir's cash desks (where Gelir is enabled), and 320 against the open payables.

    Schedule it once a night per tenant with rq-scheduler (or cron) calling
    ``ebelediye.jobs.enqueue(slug, "modules.muhasebe.jobs:mutabakat", None)``; idempotent in
    effect (each run adds one dated result row and changes nothing else)."""
    from datetime import date

    from ebelediye import ports

    from .services import mutabakat as service

    gun = date.fromisoformat(gun_iso) if gun_iso else None
    out: dict = {}
    if ports.available(ports.RevenueLedger):
        row = service.calistir(gun)
        out = {"gun": row.gun.isoformat(), "defter": str(row.defter), "yardimci": str(row.yardimci),
               "fark": str(row.fark)}
    row = service.calistir_320(gun)
    out["320"] = {"gun": row.gun.isoformat(), "defter": str(row.defter), "yardimci": str(row.yardimci),
                  "fark": str(row.fark)}
    if ports.available(ports.CashDesks):
        row = service.calistir_100(gun)
        out["100"] = {"gun": row.gun.isoformat(), "defter": str(row.defter), "yardimci": str(row.yardimci),
                      "fark": str(row.fark)}
    return out
