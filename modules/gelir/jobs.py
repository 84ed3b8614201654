"""Gelir's rq jobs.  Each takes ids, binds nothing itself (the worker binds the tenant),
is idempotent, and reports progress."""

from __future__ import annotations

from ebelediye.jobs import report_progress
from ebelediye.rbac import job_requires


@job_requires("gelir.tahakkuk.toplu")
def toplu_tahakkuk(run_id: int, chunk: int | None = None) -> dict:
    """Run or resume a yearly batch accrual (emlak or ÇTV) recorded as ``TopluTahakkuk`` ``run_id``."""
    from .services import tahakkuk

    run = tahakkuk.toplu_calistir(run_id, progress=report_progress, **({"chunk": chunk} if chunk else {}))
    return {"yil": run.yil, "grup": run.grup, "olusan": run.olusan, "tutar": str(run.tutar), "uyari": run.hata}
