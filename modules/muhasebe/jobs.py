"""Muhasebe's background jobs (rq, through ``ebelediye.jobs.enqueue``; the worker binds the
tenant).  Each takes ids, is idempotent and reports progress.

``geri_aktar`` runs or resumes a back-posting of Gelir's records made before Muhasebe was
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
