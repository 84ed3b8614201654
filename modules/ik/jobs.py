"""İK's background jobs (rq, through ``ebelediye.jobs.enqueue``; the worker binds the tenant).
Each takes ids, is idempotent and resumable, and reports progress."""

from __future__ import annotations

from ebelediye import jobs
from ebelediye.rbac import job_requires

from .services import belge, bordro


@job_requires("ik.bordro.hazirla")
def bordro_hesapla(bordro_id: int, chunk: int | None = None) -> dict:
    """Compute or resume payroll run ``bordro_id`` (skips the payslips already made)."""
    row = bordro.hesapla(bordro_id, progress=jobs.report_progress, **({"chunk": chunk} if chunk else {}))
    return {"donem": row.donem, "tur": row.tur, "kisi": row.kisi_sayisi, "brut": str(row.toplam_brut),
            "net": str(row.toplam_net)}


@job_requires("ik.bordro.hazirla")
def pusula_paketi(bordro_id: int) -> dict:
    """Print every payslip of closed run ``bordro_id``, one PDF per unit (resumes by unit)."""
    return belge.paket_hazirla(bordro_id, progress=jobs.report_progress)
