"""Outgoing SMS: an outbox table in the tenant's schema, like its mail (``ebelediye.mail``).

A message is written in the transaction of the change that caused it, so it is never sent
for a change that rolled back nor lost for one that committed.  There is no SMS gateway
client yet (``SMS_BACKEND`` has only ``outbox``): messages stay in the outbox, where the
development inbox shows them; a gateway is one more connector (docs/connectors.md) that
reads ``sent_at IS NULL`` rows with ``SKIP LOCKED`` as ``mail.deliver_pending`` does.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Identity, String, func, select
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import Model, db

#: A Turkish mobile number as the gateways take it: 90 5xx xxx xx xx, digits only.
_MOBILE = re.compile(r"^905\d{9}$")
#: Four concatenated SMS parts of 153 GSM-7 characters.
MAX_LENGTH = 612


class SmsOutboxMessage(Model):
    """One SMS to a number, in the tenant's schema."""

    __tablename__ = "sms_outbox"
    __audit_exempt__ = True  # follows an audited act; not a change of its own

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    to_number: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


def mobile_number(value: str | None) -> str | None:
    """The number as a gateway takes it (``905321234567``), or None when it is not a
    Turkish mobile number (a landline cannot receive an SMS)."""
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("0"):
        digits = "90" + digits[1:]
    elif len(digits) == 10 and digits.startswith("5"):
        digits = "90" + digits
    return digits if _MOBILE.match(digits) else None


def queue_sms(to_number: str, body: str) -> SmsOutboxMessage:
    """Add an SMS to the current tenant's outbox (committed by the caller)."""
    number = mobile_number(to_number)
    if number is None:
        raise ValueError(f"not a Turkish mobile number: {to_number!r}")
    message = SmsOutboxMessage(to_number=number, body=body[:MAX_LENGTH])
    db.session.add(message)
    return message


def recent(limit: int = 50) -> list[SmsOutboxMessage]:
    """The newest messages of the current tenant's outbox (the development inbox)."""
    return list(db.session.scalars(select(SmsOutboxMessage).order_by(SmsOutboxMessage.id.desc()).limit(limit)))
