"""The KVKK trail of personal-data lookups at external agencies, in each tenant's schema.

Every call that reads (or sends) a person's data writes one row: who (actor), why
(purpose code), whose data (TCKN/VKN, plus the other people an answer named, e.g. a
parcel's co-owners), which agency and operation, the outcome, how long it took, and
whether the answer came from the cache.  A trigger keeps the table append-only.

The row is written in its own short transaction on its own connection, not in the
caller's unit of work: a lookup happened whether or not the caller's transaction later
commits, and a read-only page never commits at all.  (When the session is pinned to one
connection - a test's outer transaction, or a caller that provisioned the tenant in the
same transaction - the row goes into a savepoint on that connection instead, because a
second connection could not see the uncommitted schema.)  Without a bound tenant there is
nowhere to write the row, so the call is refused: no trail, no data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import cast

from flask import has_request_context, request
from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Identity,
    Integer,
    Select,
    String,
    Table,
    func,
    insert,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, mapped_column

from .. import tenancy
from ..extensions import Model, db
from ..identity import StaffUser
from . import operations, purposes, validation
from .errors import agency_name
from .purposes import Caller

OUTCOMES = {
    "ok": "Başarılı", "not_found": "Kayıt yok", "rejected": "Reddedildi", "unavailable": "Servise ulaşılamadı",
    "circuit_open": "Servis geçici olarak kapalı", "timeout": "Zaman aşımı", "bad_response": "Anlaşılamayan yanıt",
    "error": "Hata",
}


class PersonalDataLookup(Model):
    """One lookup of personal data at an external agency (append-only)."""

    __tablename__ = "personal_data_lookups"
    __audit_exempt__ = True  # it is a trail of its own

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    actor: Mapped[str] = mapped_column(String(200))
    realm: Mapped[str | None] = mapped_column(String(20))
    purpose: Mapped[str] = mapped_column(String(40))
    agency: Mapped[str] = mapped_column(String(20))
    operation: Mapped[str] = mapped_column(String(60))
    subject_id: Mapped[str | None] = mapped_column(String(11))
    subject_ref: Mapped[str | None] = mapped_column(String(200))
    related_ids: Mapped[list[str] | None] = mapped_column(ARRAY(String(11)))
    outcome: Mapped[str] = mapped_column(String(20))
    cached: Mapped[bool] = mapped_column(Boolean, default=False)
    duration_ms: Mapped[int] = mapped_column(Integer)
    record_count: Mapped[int | None] = mapped_column(Integer)
    client_ip: Mapped[str | None] = mapped_column(String(64))
    request_id: Mapped[str | None] = mapped_column(String(64))

    @property
    def agency_label(self) -> str:
        return agency_name(self.agency)

    @property
    def operation_label(self) -> str:
        return operations.label(f"{self.agency}.{self.operation}")

    @property
    def purpose_label(self) -> str:
        return purposes.label(self.purpose)

    @property
    def outcome_label(self) -> str:
        return OUTCOMES.get(self.outcome, self.outcome)


def record(caller: Caller, *, agency: str, operation: str, outcome: str, duration_ms: int,
           subject_id: str | None = None, subject_ref: str | None = None, related_ids: list[str] | None = None,
           cached: bool = False, record_count: int | None = None, request_id: str | None = None) -> None:
    """Write one audit row in the bound tenant's schema, in its own transaction."""
    tenancy.require_tenant()
    related = sorted({r for r in (related_ids or []) if r and r != subject_id})[:500] or None
    values = dict(actor=caller.actor, realm=caller.realm, purpose=caller.purpose, agency=agency, operation=operation,
                  subject_id=subject_id, subject_ref=(subject_ref or None) and subject_ref[:200], related_ids=related,
                  outcome=outcome, cached=cached, duration_ms=max(0, int(duration_ms)), record_count=record_count,
                  **_request_facts(request_id))
    statement = insert(cast(Table, PersonalDataLookup.__table__)).values(**values)
    bind = db.session.get_bind()
    if isinstance(bind, Connection):
        with bind.begin_nested():
            tenancy.apply_search_path(bind)
            bind.execute(statement)
        return
    with bind.begin() as connection:
        tenancy.apply_search_path(connection)
        connection.execute(statement)


def _request_facts(request_id: str | None) -> dict:
    if not has_request_context():
        return {"client_ip": None, "request_id": request_id}
    return {"client_ip": request.remote_addr, "request_id": request.headers.get("X-Request-Id") or request_id}


@dataclass
class LookupFilters:
    """Filters of the staff screen; every field optional."""

    kimlik: str = ""
    actor: str = ""
    agency: str = ""
    purpose: str = ""
    outcome: str = ""
    start: date | None = None
    end: date | None = None


def lookups_query(filters: LookupFilters) -> Select:
    """Rows of the bound tenant matching ``filters``, newest first (validate ``kimlik`` first)."""
    row = PersonalDataLookup
    query = select(row).order_by(row.id.desc())
    if filters.kimlik:
        query = query.where(or_(row.subject_id == filters.kimlik, row.related_ids.contains([filters.kimlik])))
    if filters.actor:
        query = query.where(row.actor.ilike(f"%{filters.actor}%"))
    if filters.agency:
        query = query.where(row.agency == filters.agency)
    if filters.purpose:
        query = query.where(row.purpose == filters.purpose)
    if filters.outcome:
        query = query.where(row.outcome == filters.outcome)
    if filters.start:
        query = query.where(row.at >= filters.start)
    if filters.end:
        query = query.where(row.at < filters.end + timedelta(days=1))
    return query


@dataclass(frozen=True)
class LookupSummary:
    """A line of "who at this municipality looked me up", as a citizen sees it."""

    at: datetime
    who: str
    agency: str
    operation: str
    purpose: str
    outcome: str


def who_looked_me_up(tckn: str, *, limit: int = 200) -> list[LookupSummary]:
    """The bound tenant's lookups that read this person's data, newest first.

    Staff are named by their full name (the staff list of this municipality), jobs and
    other actors as recorded.  For the citizen pages (identity issue).
    """
    tckn = validation.tckn(tckn)
    tenancy.require_tenant()
    rows = db.session.execute(
        lookups_query(LookupFilters(kimlik=tckn)).limit(limit)
    ).scalars().all()
    emails = {r.actor.lower() for r in rows if r.realm == "staff"}
    names: dict[str, str] = dict(db.session.execute(
        select(func.lower(StaffUser.email), StaffUser.full_name).where(func.lower(StaffUser.email).in_(emails))
    ).all()) if emails else {}
    return [LookupSummary(r.at, _who(r, names), r.agency_label, r.operation_label, r.purpose_label,
                          r.outcome_label) for r in rows]


def _who(row: PersonalDataLookup, names: dict[str, str]) -> str:
    if row.realm == "staff":
        return names.get(row.actor.lower(), "Belediye personeli")
    if row.realm == "citizen":  # a citizen looking up someone else (paying a relative's debt) says so
        own = bool(row.subject_id) and row.actor.endswith(f":{row.subject_id}")
        return "Kendi başvurunuz (e-Devlet)" if own else "Başka bir vatandaş (e-Devlet ile giriş yapmış)"
    return "Otomatik işlem (belediye sistemi)"
