"""Slow, bulk agency work on the ``connectors`` rq queue.

    record = connectors.jobs.enqueue_ownership_changes("alfa", "Ankara", "Çankaya",
                                                       date(2025, 1, 1), actor=user.email,
                                                       purpose="emlak_vergisi")

The job reads every page with the bulk budget (``CONNECTORS_BULK_BUDGET_SECONDS``),
reports progress, and is idempotent (it only reads).  Each page writes its own KVKK row
with the actor and purpose the job was given.  The result keeps a summary and the first
``RESULT_LIMIT`` changes; a module that needs all of them writes its own job around
``TapuClient.iter_changes`` and stores what it needs in its tables.
"""

from __future__ import annotations

from datetime import date

from .. import jobs
from .factory import connectors, get
from .purposes import Caller

RESULT_LIMIT = 1000


def enqueue_ownership_changes(tenant: str, il: str, ilce: str, since: date, *, actor: str,
                              purpose: str = "emlak_vergisi") -> jobs.JobRecord:
    """Queue a read of all ownership changes in a district since a date."""
    Caller(actor, purpose)  # refuse a bad purpose now, not in the worker
    return jobs.enqueue(tenant, "ebelediye.connectors.jobs:ownership_changes", il, ilce, since.isoformat(), actor,
                        purpose, queue_name="connectors", description=f"Tapu değişiklikleri: {il}/{ilce}")


def ownership_changes(il: str, ilce: str, since: str, actor: str, purpose: str) -> dict:
    """rq job: every ownership change in a district since ``since`` (ISO date)."""
    caller = Caller(actor, purpose, realm="job")
    tapu = get("tapu")
    budget = connectors().settings.bulk_budget
    changes: list[dict] = []
    count, pages = 0, 0
    cursor: int | None = 0
    while cursor is not None:
        page = tapu.changes_since(il, ilce, date.fromisoformat(since), caller=caller, cursor=cursor, limit=200,
                                  budget=budget)
        pages += 1
        count += len(page.degisiklikler)
        for change in page.degisiklikler:
            if len(changes) < RESULT_LIMIT:
                changes.append({"tasinmaz": change.tasinmaz.ref, "tarih": change.tarih.isoformat(),
                                "islem": change.islem,
                                "malikler": [[o.kimlik, o.hisse_pay, o.hisse_payda] for o in change.tasinmaz.malikler]})
        cursor = page.sonraki
        jobs.report_progress(count, None, f"{pages} sayfa, {count} değişiklik")
    return {"il": il, "ilce": ilce, "since": since, "count": count, "pages": pages, "changes": changes}
