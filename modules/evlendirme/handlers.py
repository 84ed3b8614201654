"""Receivers of other modules' events (declared in the spec, gated per tenant)."""

from __future__ import annotations

from ebelediye.events import FeeEvent

from .services import ucret


def ucret_odendi(sender: object, event: FeeEvent) -> None:
    """``fee_paid``: a fee charged through the FeeCharger port was paid; if the reference
    is ours the booking becomes firm, in the paying transaction."""
    if event.reference.startswith(ucret.PREFIX):
        ucret.odeme_bildirimi(event.reference, event.on, event.receipt_no, actor=event.actor or event.provider)
