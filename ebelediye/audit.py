"""Append-only audit trail: one table per tenant schema, one in ``public`` for the ministry.

A database trigger (created by the migrations) rejects UPDATE and DELETE on both, so the
trail survives a bug or a careless operator.  ``ebelediye.auditguard`` checks that every
request that changes data writes a row here after its last change.
"""

from __future__ import annotations

from datetime import datetime

from flask import has_request_context, request
from flask_babel import gettext
from sqlalchemy import BigInteger, DateTime, Identity, String, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import Model, db
from .tenancy import current_tenant


class _AuditColumns:
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    actor: Mapped[str | None] = mapped_column(String(200))
    realm: Mapped[str | None] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(100))
    object_type: Mapped[str | None] = mapped_column(String(100))
    object_id: Mapped[str | None] = mapped_column(String(100))
    before: Mapped[dict | None] = mapped_column(JSONB)
    after: Mapped[dict | None] = mapped_column(JSONB)
    client_ip: Mapped[str | None] = mapped_column(String(64))
    request_id: Mapped[str | None] = mapped_column(String(64))


class AuditEntry(_AuditColumns, Model):
    """A change in a tenant's data, kept in that tenant's schema."""

    __audit_exempt__ = True
    __tablename__ = "audit_entries"


class PlatformAuditEntry(_AuditColumns, Model):
    """A platform change (tenant lifecycle, module switches), kept in ``public``."""

    __audit_exempt__ = True
    __tablename__ = "platform_audit_entries"
    __table_args__ = {"schema": "public"}
    tenant_slug: Mapped[str | None] = mapped_column(String(41), index=True)


def _request_facts() -> dict:
    if not has_request_context():
        return {}
    return {
        "client_ip": request.remote_addr,
        "request_id": request.headers.get("X-Request-Id"),
    }


def record(
    action: str,
    *,
    actor: str | None,
    realm: str | None = None,
    object_type: str | None = None,
    object_id: object = None,
    before: dict | None = None,
    after: dict | None = None,
    platform: bool = False,
    tenant_slug: str | None = None,
) -> None:
    """Add an audit row to the session; it commits (or rolls back) with the change it records."""
    values = dict(
        actor=actor,
        realm=realm,
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        before=before,
        after=after,
        **_request_facts(),
    )
    if platform:
        tenant = current_tenant()
        slug = tenant_slug or (tenant.slug if tenant else None)
        db.session.add(PlatformAuditEntry(tenant_slug=slug, **values))
    else:
        db.session.add(AuditEntry(**values))


SEARCH_FIELDS = ("kim", "islem", "baslangic", "bitis")


def search(model, args, extra: dict | None = None):
    """A query over ``model`` (either trail) filtered by the request's search fields.

    ``extra`` maps further field names to ``(value) -> where-clause`` builders.  Returns
    (query, filters, errors): a bad date is an error for that field and is not applied.
    """
    from datetime import date, timedelta

    from sqlalchemy import select

    names = (*SEARCH_FIELDS, *(extra or {}))
    filters = {name: (args.get(name) or "").strip() for name in names}
    query = select(model).order_by(model.id.desc())
    errors: dict[str, str] = {}
    if filters["kim"]:
        query = query.where(model.actor.ilike(f"%{filters['kim']}%"))
    if filters["islem"]:
        query = query.where(model.action.ilike(f"{filters['islem']}%"))
    for name in ("baslangic", "bitis"):
        if not filters[name]:
            continue
        try:
            day = date.fromisoformat(filters[name])
        except ValueError:
            errors[name] = gettext("Tarih YYYY-AA-GG biçiminde olmalı.")
            continue
        query = query.where(model.at >= day) if name == "baslangic" else query.where(model.at < day + timedelta(days=1))
    for name, build in (extra or {}).items():
        if filters[name]:
            query = query.where(build(filters[name]))
    return query, filters, errors
