"""Background jobs on rq.

``enqueue(tenant, "package.module:function", *args)`` writes a job record in ``public``
and puts a trampoline on an rq queue with the tenant slug in the job's meta.  The worker
runs the trampoline inside the app: it refuses a tenant job without a slug, binds the
tenant exactly as a request does, calls the function, and keeps the record's state and
progress up to date for the UI.  Functions take ids, not ORM objects, and must be
idempotent: a rerun after a crash finishes the work without doubling it.
"""

from __future__ import annotations

import logging
import traceback
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import datetime

from flask import current_app
from flask_babel import gettext
from redis import Redis
from rq import Queue
from sqlalchemy import BigInteger, DateTime, Integer, String, Text, func, update
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.utils import import_string

from . import tenancy, uow
from .extensions import Model, db
from .i18n import N_

log = logging.getLogger(__name__)

QUEUES = ("default", "batch", "connectors", "mail")
STATE_LABELS = {"queued": N_("Sırada"), "running": N_("Çalışıyor"), "finished": N_("Tamamlandı"),
                "failed": N_("Başarısız")}


class JobRecord(Model):
    """A job as the UI sees it: state, progress, outcome."""

    __audit_exempt__ = True  # follows an audited act; not a change of its own

    __tablename__ = "job_records"
    __table_args__ = {"schema": "public"}

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    tenant_slug: Mapped[str | None] = mapped_column(String(41), index=True)
    #: who started it: "staff:<id>", "ministry:<email>", "cli:<user>" (None: the system)
    actor: Mapped[str | None] = mapped_column(String(200))
    func_path: Mapped[str] = mapped_column("func", String(200))
    args: Mapped[list] = mapped_column(JSONB, default=list)
    queue: Mapped[str] = mapped_column(String(40), default="default")
    description: Mapped[str | None] = mapped_column(String(300))
    #: queued -> running -> finished | failed
    state: Mapped[str] = mapped_column(String(20), default="queued")
    done: Mapped[int] = mapped_column(BigInteger, default=0)
    total: Mapped[int | None] = mapped_column(BigInteger)
    message: Mapped[str | None] = mapped_column(String(500))
    result: Mapped[dict | None] = mapped_column(JSONB)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, int(100 * self.done / self.total))

    def as_dict(self) -> dict:
        return {
            "id": str(self.id),
            "tenant": self.tenant_slug,
            "description": self.description,
            "state": self.state,
            "state_label": gettext(STATE_LABELS.get(self.state, self.state)),
            "done": self.done,
            "total": self.total,
            "percent": self.percent,
            "message": self.message,
            "error": self.error,
        }


class JobRefused(Exception):
    """A job was refused before it ran (e.g. a tenant job without a tenant)."""


def redis_connection() -> Redis:
    """The app's Redis connection (one client per app, thread-safe pool)."""
    ext = current_app.extensions
    if "ebelediye.redis" not in ext:
        ext["ebelediye.redis"] = Redis.from_url(current_app.config["REDIS_URL"])
    return ext["ebelediye.redis"]


def tenant_key(slug: str, *parts: object) -> str:
    """A Redis key of tenant data; always ``t:<slug>:`` first."""
    tenancy.validate_slug(slug)
    return ":".join(["t", slug, *map(str, parts)])


def queue(name: str = "default") -> Queue:
    if name not in QUEUES:
        raise ValueError(f"unknown queue {name!r}")
    return Queue(name, connection=redis_connection(), default_timeout=current_app.config["JOB_TIMEOUT"])


def create_record(
    tenant: str | None, func_path: str, *args: object, queue_name: str = "default",
    description: str | None = None, actor: str | None = None,
) -> JobRecord:
    """Add a job record to the session (committed by the caller with its own change)."""
    record = JobRecord(
        id=uuid.uuid4(), tenant_slug=tenant, func_path=func_path, args=list(args),
        queue=queue_name, description=description, state="queued", done=0, attempts=0,
        actor=actor,
    )
    db.session.add(record)
    return record


def dispatch(record: JobRecord) -> None:
    """Put a committed job record on its rq queue."""
    _put_on_queue(record.queue, str(record.id), record.tenant_slug, record.attempts,
                  record.description or record.func_path)


def dispatch_after_commit(record: JobRecord) -> None:
    """Put a job record on its queue once the unit that wrote it commits (never if it rolls
    back); outside a unit with nothing pending, at once."""
    facts = (record.queue, str(record.id), record.tenant_slug, record.attempts or 0,
             record.description or record.func_path)
    uow.after_commit(lambda: _put_on_queue(*facts))


def _put_on_queue(queue_name: str, record_id: str, tenant: str | None, attempts: int, description: str) -> None:
    queue(queue_name).enqueue(
        run_job,
        record_id,
        job_id=record_id if attempts == 0 else None,
        meta={"tenant": tenant, "record": record_id},
        description=description,
    )


def enqueue(
    tenant: str | None, func_path: str, *args: object, queue_name: str = "default",
    description: str | None = None, tenant_job: bool = True, actor: str | None = None,
) -> JobRecord:
    """Record a job and queue it once the record is committed.

    Inside a unit of work (a request, a job, a CLI command) the record commits with the
    unit and is queued after it; a rollback drops both, so a worker never picks up a job
    whose record (or whose data) does not exist.  Outside one, it commits at once.
    """
    if tenant_job and not tenant:
        raise JobRefused(f"{func_path} bir belediye işidir ve belediye belirtilmedi.")
    record = create_record(tenant, func_path, *args, queue_name=queue_name, description=description,
                           actor=actor)
    if uow.current() is None:
        db.session.commit()
        dispatch(record)
        return record
    facts = (queue_name, str(record.id), tenant, 0, description or func_path)
    uow.after_commit(lambda: _put_on_queue(*facts))
    return record


# --- inside the worker -------------------------------------------------------------

#: The job record the running job reports progress to (per thread / context).
_progress_record: ContextVar[str | None] = ContextVar("ebelediye_job_record", default=None)


def report_progress(done: int, total: int | None = None, message: str | None = None) -> None:
    """Called by a running job: store its progress in its own short transaction.

    Uses a separate connection so progress is visible at once without committing the
    job's own unit of work.
    """
    record_id = _progress_record.get()
    if record_id is None:
        return
    values: dict = {"done": done}
    if total is not None:
        values["total"] = total
    if message is not None:
        values["message"] = message[:500]
    with db.engine.begin() as conn:
        conn.execute(update(JobRecord).where(JobRecord.id == uuid.UUID(record_id)).values(**values))


def _set_state(record_id: uuid.UUID, **values: object) -> None:
    with db.engine.begin() as conn:
        conn.execute(update(JobRecord).where(JobRecord.id == record_id).values(**values))


def run_job(record_id: str) -> dict | None:
    """The rq entry point: bind the record's tenant and run its function."""
    from rq import get_current_job

    job = get_current_job()
    record = db.session.get(JobRecord, uuid.UUID(record_id))
    if record is None:
        raise JobRefused(f"job record {record_id} not found")
    if job is not None and job.meta.get("tenant") != record.tenant_slug:
        raise JobRefused("job meta and job record disagree about the tenant")
    db.session.rollback()  # leave no transaction open before binding
    return execute(record)


def execute(record: JobRecord) -> dict | None:
    """Run a job record's function under its tenant; used by the worker and by tests."""
    func: Callable = import_string(record.func_path.replace(":", "."))
    needs_tenant = getattr(func, "tenant_job", True)
    record_id, slug, args, actor = record.id, record.tenant_slug, list(record.args or []), record.actor
    if needs_tenant and not slug:
        _set_state(record_id, state="failed", error="tenant job without a tenant slug",
                   finished_at=func_now())
        raise JobRefused(f"{record.func_path} refused: no tenant slug")
    _set_state(record_id, state="running", started_at=func_now(),
               attempts=JobRecord.attempts + 1, error=None)
    tenant = None
    if slug and needs_tenant:
        tenant = current_app.extensions["ebelediye.tenants"].by_slug(slug)
        if tenant is None or not tenant.is_active:
            reason = f"tenant {slug} is {tenant.state}" if tenant else f"unknown tenant {slug}"
            _set_state(record_id, state="failed", error=reason, finished_at=func_now())
            raise JobRefused(reason)
    progress_token = _progress_record.set(str(record_id))
    db.session.commit()  # end the read transaction: the tenant is bound from the next one
    try:
        with tenancy.bind(tenant, db.session), uow.unit_of_work("job"):
            _check_permission(func, actor)
            result = func(*args)
    except Exception as exc:
        db.session.rollback()
        _set_state(record_id, state="failed", error="".join(
            traceback.format_exception_only(type(exc), exc)).strip()[:4000], finished_at=func_now())
        raise
    finally:
        _progress_record.reset(progress_token)
    _set_state(record_id, state="finished", result=result if isinstance(result, dict) else None,
               finished_at=func_now())
    return result


def _check_permission(func: Callable, actor: str | None) -> None:
    """A job marked ``rbac.job_requires(code)`` runs only for a staff starter who holds
    ``code`` in the job's tenant at run time (a role removed meanwhile stops it)."""
    code = getattr(func, "permission", None)
    if code is None:
        return
    from .identity import StaffUser
    from .rbac import can

    realm, _, local_id = (actor or "").partition(":")
    user = db.session.get(StaffUser, int(local_id)) if realm == "staff" and local_id.isdigit() else None
    if user is None or not user.is_active or not can(user, code):
        raise JobRefused(f"Bu iş '{code}' yetkisi gerektiriyor; başlatan ({actor or 'bilinmiyor'}) bu yetkiye sahip değil.")


def func_now():
    return func.now()


def platform_job(func: Callable) -> Callable:
    """Mark a job function as platform work that runs with no tenant bound."""
    func.tenant_job = False  # type: ignore[attr-defined]
    return func
