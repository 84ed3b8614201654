"""Domain events modules exchange, as blinker signals delivered inside the sender's
database transaction.

A receiver runs synchronously in the same session as the change that emitted the
event, so what it writes (a ledger entry, say) commits or rolls back with that change:
Muhasebe's posting of a collection can never exist without the collection, nor the other
way round.  A receiver that raises aborts the sender's unit of work.

The revenue events carry ``RevenueEvent`` values: the economic code of each revenue line
(analitik bütçe sınıflandırması, ekonomik kod) and its amount, so an accounting module can
post them without importing the revenue module:

=====================  =========================================================  ==========================
signal                 when                                                       standard entry (RULES §6.2)
=====================  =========================================================  ==========================
``revenue_accrued``    a debt was accrued (tahakkuk), alone or in a batch          120 B / 600 A
``revenue_collected``  money was received and applied (tahsilat)                   100/102/109 B / 120 A and 805 B / 800 A
``revenue_cancelled``  an accrual was reversed (terkin/düzeltme)                   reverse of 120 B / 600 A
``revenue_refunded``   collected money was paid back (ret ve iade)                 120 B / 100-102 A and 810 B / 805 A (U)
=====================  =========================================================  ==========================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from blinker import Namespace

_signals = Namespace()


@dataclass(frozen=True)
class RevenueLine:
    """One revenue line of an event: which revenue, under which economic code, how much."""

    revenue_code: str  # the module's own code, e.g. "emlak_bina", "gecikme_zammi"
    economic_code: str  # e.g. "01.2.9.51" (Bina Vergisi)
    amount: Decimal  # positive; the event says which way it moves
    year: int | None = None


@dataclass(frozen=True)
class RevenueEvent:
    """What happened to revenue: the lines, the day, and the money channel for collections."""

    module: str
    reference: str  # the sender's document: "tahakkuk:123", "makbuz:2026-000017", "toplu:2026-emlak"
    on: date
    lines: tuple[RevenueLine, ...]
    #: collections and refunds: "kasa" (100), "banka" (102) or "pos" (109); None otherwise
    channel: str | None = None
    actor: str | None = None
    extras: dict = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0"))


revenue_accrued = _signals.signal("revenue-accrued", doc="""A revenue was accrued (tahakkuk).

Sent with ``sender`` = module key and ``event`` = RevenueEvent.  Batch accruals send one
event per committed chunk with the totals per economic code (a tahakkuk bordrosu), not
one per installment.""")

revenue_collected = _signals.signal("revenue-collected", doc="""Money was collected and applied to debts.

``event.lines`` are the applied amounts per revenue (late fees accrued at collection come
as their own line, after a ``revenue_accrued`` for them); money kept as the taxpayer's
credit is in ``event.extras["credit"]``.""")

revenue_cancelled = _signals.signal("revenue-cancelled", doc="""An accrual was reversed by a
cancelling entry (never by editing or deleting).""")

revenue_refunded = _signals.signal("revenue-refunded", doc="""Collected money was paid back to the
taxpayer after approval.""")
