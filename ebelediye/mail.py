"""Outgoing mail: an outbox table in the tenant's schema, sent by the ``mail`` queue.

Writing to the outbox commits with the change that caused the mail, so a mail is never
sent for a change that rolled back, nor lost for one that committed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Identity, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


def queue_mail(to_address: str, subject: str, body: str) -> OutboxMessage:
    """Add a message to the current tenant's outbox (committed by the caller)."""
    message = OutboxMessage(to_address=to_address, subject=subject, body=body)
    db.session.add(message)
    return message
