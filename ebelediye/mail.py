"""Outgoing mail: an outbox table in the tenant's schema, sent by the ``mail`` queue; the
platform's own mail (to ministry users: the console's lock notice) in ``public``.

Writing to the outbox commits with the change that caused the mail, so a mail is never
sent for a change that rolled back, nor lost for one that committed.
"""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any

from flask import current_app
from sqlalchemy import BigInteger, DateTime, Identity, String, Text, func, select, text
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import Model, db
from .jobs import platform_job
from .tenancy import quote_ident


class _MessageColumns:
    __audit_exempt__ = True  # follows an audited act; not a change of its own

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class OutboxMessage(_MessageColumns, Model):
    """A tenant's mail (to its staff), in the tenant's schema."""

    __tablename__ = "outbox_messages"


class PlatformOutboxMessage(_MessageColumns, Model):
    """Mail of the platform itself, to ministry users (who belong to no tenant)."""

    __tablename__ = "platform_outbox_messages"
    __table_args__ = {"schema": "public"}


def queue_platform_mail(to_address: str, subject: str, body: str) -> PlatformOutboxMessage:
    """Add a message to the platform's outbox (committed by the caller); sent by
    ``deliver_platform_pending`` on the ``mail`` queue."""
    message = PlatformOutboxMessage(to_address=to_address, subject=subject, body=body)
    db.session.add(message)
    return message


def queue_mail(to_address: str, subject: str, body: str) -> OutboxMessage:
    """Add a message to the current tenant's outbox (committed by the caller)."""
    message = OutboxMessage(to_address=to_address, subject=subject, body=body)
    db.session.add(message)
    return message


def dev_inbox_enabled() -> bool:
    """Whether the development inbox may be shown: never in production, and only while mail
    stays in the outbox (it holds one-time set-password links: who reads it owns the
    accounts, so it is shown to a tenant admin for their own tenant and to a ministry user
    on the console only; see docs/security.md)."""
    config = current_app.config
    return config["ENV"] != "production" and config["MAIL_BACKEND"] == "outbox"


def outbox_page(page: int, per_page: int = 20):
    """One page of the current tenant's outbox, newest first (the development inbox)."""
    return db.paginate(select(OutboxMessage).order_by(OutboxMessage.id.desc()),
                       page=page, per_page=per_page, error_out=False)


def platform_outbox_page(page: int, per_page: int = 20):
    """One page of the platform's outbox (to ministry users), newest first (the console's
    development inbox, ``dev_inbox_enabled`` only)."""
    return db.paginate(select(PlatformOutboxMessage).order_by(PlatformOutboxMessage.id.desc()),
                       page=page, per_page=per_page, error_out=False)


@dataclass(frozen=True)
class OutboxPage:
    """A page of another tenant's outbox, read on a connection of its own (the console's)."""

    items: list
    page: int
    pages: int

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def next_num(self) -> int:
        return self.page + 1


def outbox_page_of(schema: str, page: int, per_page: int = 20) -> OutboxPage:
    """One page of the outbox in ``schema``, read from the console's request without
    binding a tenant: the search path moves to the schema for these two statements and
    back to the request's own (``set_config(..., true)``: this transaction only)."""
    table = OutboxMessage.__table__
    session = db.session
    before = session.scalar(text("SELECT current_setting('search_path')"))
    session.execute(text("SELECT set_config('search_path', :p, true)"), {"p": quote_ident(schema)})
    try:
        total = session.scalar(select(func.count()).select_from(table)) or 0
        rows = session.execute(select(table).order_by(table.c.id.desc())
                               .limit(per_page).offset((page - 1) * per_page)).all()
    finally:
        session.execute(text("SELECT set_config('search_path', :p, true)"), {"p": before})
    return OutboxPage(items=list(rows), page=page, pages=max(1, -(-total // per_page)))


def deliver_pending(limit: int = 200) -> dict:
    """The ``mail`` queue's job: send the current tenant's unsent mail, oldest first.

    Each message is marked sent in the same transaction as the send is recorded, and the
    rows are locked (SKIP LOCKED) so two workers never send one message twice.
    """
    return _send(OutboxMessage, limit)


@platform_job
def deliver_platform_pending(limit: int = 200) -> dict:
    """The ``mail`` queue's platform job (no tenant bound): the platform outbox's unsent mail."""
    return _send(PlatformOutboxMessage, limit)


def _send(model: type[OutboxMessage] | type[PlatformOutboxMessage], limit: int) -> dict:
    messages: Sequence[Any] = db.session.scalars(  # rows of either outbox
        select(model).where(model.sent_at.is_(None))
        .order_by(model.id).limit(limit).with_for_update(skip_locked=True)
    ).all()
    config = current_app.config
    for message in messages:
        if config["MAIL_BACKEND"] == "smtp":
            email = EmailMessage()
            email["From"], email["To"], email["Subject"] = config["MAIL_FROM"], message.to_address, message.subject
            email.set_content(message.body)
            with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
                smtp.send_message(email)
        message.sent_at = datetime.now(UTC)
    return {"sent": len(messages)}
