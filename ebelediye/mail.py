"""Outgoing mail: an outbox table in the tenant's schema, sent by the ``mail`` queue.

Writing to the outbox commits with the change that caused the mail, so a mail is never
sent for a change that rolled back, nor lost for one that committed.
"""

from __future__ import annotations

import smtplib
from datetime import UTC, datetime
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import BigInteger, DateTime, Identity, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db


class OutboxMessage(db.Model):

    __audit_exempt__ = True  # follows an audited act; not a change of its own
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


def deliver_pending(limit: int = 200) -> dict:
    """The ``mail`` queue's job: send the current tenant's unsent mail, oldest first.

    Each message is marked sent in the same transaction as the send is recorded, and the
    rows are locked (SKIP LOCKED) so two workers never send one message twice.
    """
    messages = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
        .order_by(OutboxMessage.id).limit(limit).with_for_update(skip_locked=True)
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
