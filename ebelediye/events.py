"""Domain events modules exchange, as blinker signals delivered inside the sender's
database transaction.

A receiver runs synchronously in the same session as the change that emitted the
event, so what it writes (a ledger entry, say) commits or rolls back with that change:
Muhasebe's posting of a collection can never exist without the collection, nor the other
way round.  A receiver that raises aborts the sender's unit of work.

Receivers are declared in the receiving module's spec (``ModuleSpec.handlers``) and never
connected by hand: the registry wraps each one so that it runs only when the tenant bound
to the sender's transaction has the receiving module enabled.  A tenant without Muhasebe
never runs Muhasebe code, and a bug in a receiver can stop only the tenants that use it.

The revenue events carry ``RevenueEvent`` values: the economic code of each revenue line
(analitik bütçe sınıflandırması, ekonomik kod) and its amount, so an accounting module can
post them without importing the revenue module:

=====================  =========================================================  ==========================
signal                 when                                                       standard entry (RULES §6.2)
=====================  =========================================================  ==========================
``revenue_accrued``    a debt was accrued (tahakkuk), alone or in a batch          120 B / 600 A
``revenue_collected``  money was received and applied (tahsilat)                   100/102/109 B / 120 A and 805 B / 800 A
``revenue_cancelled``  an accrual was reversed (terkin/düzeltme)                   reverse of 120 B / 600 A
``collection_reversed``a receipt was reversed the day it was taken (a bank's iptal) reverse of the collection
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

collection_reversed = _signals.signal("collection-reversed", doc="""A receipt was reversed on the
day it was taken (a contracted bank cancelling its own payment): ``event.lines`` are the
amounts the receipt had applied, per revenue, positive; ``event.channel`` and
``event.extras["cash_account"]`` (if any) are the receipt's.  Accounting reverses the
collection's voucher: 120 B / 100-102-109 A and 800 B / 805 A.""")

revenue_refunded = _signals.signal("revenue-refunded", doc="""Collected money was paid back to the
taxpayer after approval.""")

credit_applied = _signals.signal("credit-applied", doc="""A taxpayer's credit (money received earlier
and kept, ``revenue_collected``'s ``extras["credit"]``) was applied to his debts (mahsup): no money
moved.  ``event.lines`` are the applied amounts per revenue, as for a collection; the credit
account is ``event.channel`` = "emanet".  Accounting: 333 B / 120 A and 805 B / 800 A.""")

credit_application_reversed = _signals.signal("credit-application-reversed", doc="""A mahsup was
reversed: ``event.lines`` are the amounts it had applied, positive; the debts are open and the
credit is back.  Accounting reverses ``credit_applied``'s voucher: 120 B / 333 A, 800 B / 805 A.""")


# --- fees charged for other modules (the FeeCharger port) ---------------------------------

@dataclass(frozen=True)
class FeeEvent:
    """A fee charged through ``ports.FeeCharger`` changed state."""

    provider: str  # the module that keeps the debt, e.g. "gelir"
    reference: str  # the caller's document, as given in ``FeeRequest.reference``
    amount: Decimal  # what the settling payment applied to the fee
    on: date
    receipt_no: str | None = None
    actor: str | None = None


fee_paid = _signals.signal("fee-paid", doc="""A fee charged through the FeeCharger port is now
fully paid.  Sent by the provider in the paying transaction with ``event`` = FeeEvent; the
caller's receiver recognises its own references (``"evlendirme:..."``).""")


# --- payroll (İK) ----------------------------------------------------------------------------

#: The kinds of payroll lines and where accounting takes them (RULES §6.2 item 11).
#: Costs (debit): ``brut`` 630.01 / 830.01 / 905.01 by the line's economic code;
#: ``isveren_sgk`` and ``isveren_issizlik`` 630.02 / 830.02 / 905.02.
#: What the costs are owed as (credit): ``net`` 320 (the staff); ``gelir_vergisi`` and
#: ``damga_vergisi`` 360; ``sgk_isci``, ``issizlik_isci``, ``sgk_isveren``,
#: ``issizlik_isveren`` 361; ``sendika``, ``icra``, ``diger_kesinti`` 333; ``avans`` 161
#: (an advance paid earlier is settled).  Costs equal credits in every event.
PAYROLL_COSTS = ("brut", "isveren_sgk", "isveren_issizlik")
PAYROLL_CREDITS = ("net", "gelir_vergisi", "damga_vergisi", "sgk_isci", "issizlik_isci", "sgk_isveren",
                   "issizlik_isveren", "sendika", "icra", "diger_kesinti", "avans")


@dataclass(frozen=True)
class PayrollLine:
    """One line of a payroll, summed over the staff of one budget line."""

    kind: str  # one of PAYROLL_COSTS or PAYROLL_CREDITS
    amount: Decimal  # negative only in a difference run that lowers an earlier payroll
    #: gider ekonomik kodu, e.g. "01.1.1.01" (memur temel maaş), "01.3.1.01" (işçi), "02.1..."
    economic_code: str = ""
    #: kurumsal kod of the unit (müdürlük) paying, e.g. "46.06.99.02"
    institutional_code: str = ""
    #: fonksiyonel kod, e.g. "01.3.9.00"
    functional_code: str = ""


@dataclass(frozen=True)
class PayrollEvent:
    """A payroll (bordro) of one month, or a difference run (fark bordrosu) correcting one."""

    module: str
    reference: str  # the sender's document, e.g. "bordro:2026-03:12" or "fark:2026-03:13"
    on: date  # the accounting day (the payroll's approval or payment day)
    period: str  # "YYYY-MM"
    lines: tuple[PayrollLine, ...]
    headcount: int = 0
    #: for ``payroll_paid``: "banka" (102) or "gonderme_emri" (103)
    channel: str | None = None
    actor: str | None = None
    extras: dict = field(default_factory=dict)

    def total(self, kinds: tuple[str, ...]) -> Decimal:
        return sum((line.amount for line in self.lines if line.kind in kinds), Decimal("0"))

    @property
    def balanced(self) -> bool:
        return self.total(PAYROLL_COSTS) == self.total(PAYROLL_CREDITS)


payroll_accrued = _signals.signal("payroll-accrued", doc="""A monthly payroll (or a difference
run) was approved: its costs and what they are owed as, per budget line.  Accounting posts
the ödeme emri belgesi: 630 B / 320, 360, 361, 333 A; 830 B / 835 A; 905 B / 900 A.""")

payroll_paid = _signals.signal("payroll-paid", doc="""The net pay of an approved payroll was sent to
the bank (the bank payment file): ``lines`` holds the ``net`` lines paid.  Accounting posts
320 B / 103 (gönderme emri) or 102 A.""")
