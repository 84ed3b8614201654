"""Ports: services one module offers the others, without an import between them.

A port is a small ``typing.Protocol`` declared here.  A provider module implements it and
names the implementation in its spec (``ports={"FeeCharger": "modules.gelir.ports:FeeService"}``);
a caller asks for it by the protocol::

    try:
        fees = ports.resolve(FeeCharger)
    except PortUnavailable:
        ...  # Gelir is not enabled in this municipality: collect the fee at the desk

``resolve`` answers for the tenant bound now: the provider must be loaded by this
deployment *and* enabled for the tenant (read in the current transaction, like the gate of
event receivers), otherwise ``PortUnavailable`` says which module would provide it.  The
implementation runs in the caller's unit of work: what it writes commits with the caller.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol, TypeVar, cast, runtime_checkable

from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.utils import import_string

from .errors import UserError
from .events import PayrollEvent

P = TypeVar("P")


class PortUnavailable(UserError):
    """No module enabled in this municipality provides the port; the caller falls back."""

    status = 409
    code = "port_unavailable"

    def __init__(self, port: str, providers: tuple[str, ...] = ()) -> None:
        names = ", ".join(providers) or "—"
        super().__init__(_l("Bu hizmet (%(port)s) bu belediyede kullanılamıyor: sağlayan modül (%(modules)s) "
                            "etkin değil.", port=port, modules=names))
        self.port = port
        self.providers = providers


# --- FeeCharger ------------------------------------------------------------------------

@dataclass(frozen=True)
class FeeRequest:
    """Charge a fee to a person: who, for which of the caller's documents, under which tariff."""

    #: the caller's document, unique per municipality: "evlendirme:basvuru:42"; charging the
    #: same reference twice returns the first charge (idempotent)
    reference: str
    #: the payer: an 11-digit TCKN (a person) or a 10-digit VKN (a company)
    identity_number: str
    #: the code of the fee in the municipality's tariff (ücret tarifesi), e.g. "nikah.hafta_ici"
    tariff_code: str
    on: date
    actor: str
    #: the payer's name, used when the provider must register them first
    first_name: str = ""
    last_name: str = ""
    #: the amount when the caller computed it from its own tariff; None: the provider's tariff
    amount: Decimal | None = None
    description: str = ""


@dataclass(frozen=True)
class FeeCharge:
    """A fee as the provider keeps it: what is owed, until when, and whether it was paid."""

    reference: str
    amount: Decimal
    due: date
    #: "open" (owed), "paid" (fully collected) or "cancelled"
    state: str
    paid_amount: Decimal = Decimal("0")
    paid_on: date | None = None
    receipt_no: str | None = None
    #: the provider's own id of the debt (for staff links), if it has one
    debt_id: int | None = None
    extras: dict = field(default_factory=dict)

    @property
    def is_paid(self) -> bool:
        return self.state == "paid"


@runtime_checkable
class FeeCharger(Protocol):
    """Charge a tariff fee to a person and learn when it is paid (Gelir provides it).

    When the fee is fully paid the provider sends ``events.fee_paid`` with the reference,
    in the paying transaction; ``status`` answers at any time.
    """

    def charge(self, request: FeeRequest) -> FeeCharge:
        """Charge the fee once per reference; a second call returns the first charge."""
        ...

    def status(self, reference: str) -> FeeCharge | None:
        """The charge made for ``reference``, with what has been paid, or None."""
        ...

    def cancel(self, reference: str, reason: str, *, actor: str) -> FeeCharge:
        """Cancel an unpaid charge by a reversing entry (a paid one is refunded instead)."""
        ...


# --- RevenueLedger ---------------------------------------------------------------------

#: the kinds of revenue record a ``RevenueLedger`` sums, and what the ledger makes of them
#: (the same as the events ``revenue_accrued``, ``revenue_cancelled``, ``revenue_collected``
#: with its ``extras["credit"]``, and ``revenue_refunded`` of a credit)
REVENUE_KINDS = ("accrued", "cancelled", "collected", "credit", "refunded")


@dataclass(frozen=True)
class RevenueTotal:
    """One day's revenue records of one kind, summed per channel and economic code."""

    on: date
    #: one of ``REVENUE_KINDS``
    kind: str
    #: positive: the event's direction is the kind's (a cancellation is the open amount cancelled)
    amount: Decimal
    #: the gelir ekonomik kodu ("01.2.9.51"); "" for a credit and its refund (not budget revenue)
    economic_code: str = ""
    #: "kasa", "banka" or "pos" for money moved (collected, credit, refunded); None otherwise
    channel: str | None = None
    #: how many of the provider's records (receipts, accrual rows) the total holds
    count: int = 0


@dataclass(frozen=True)
class RevenueDocument:
    """One of the revenue module's records as it changed what taxpayers owe (the
    reconciliation's drill-down)."""

    on: date
    #: the record as the revenue events name it ("makbuz:M2026-000017", "tahakkuk:123")
    reference: str
    #: the change in what is owed: positive for an accrual, negative for a cancellation or a collection
    amount: Decimal
    #: "accrued", "cancelled" or "collected"
    kind: str


@runtime_checkable
class RevenueLedger(Protocol):
    """The revenue module's records, summed for the ledger (Gelir provides it).

    Muhasebe reads it to post the records made before it was enabled (the back-posting job)
    and to reconcile its 120 account with what taxpayers owe.  Sums only, in one statement
    each: a large municipality holds millions of records.
    """

    def first_day(self, *, before: datetime) -> date | None:
        """The day of the earliest record created before ``before``, or None."""
        ...

    def daily_totals(self, start: date, end: date, *, before: datetime) -> list[RevenueTotal]:
        """The records dated ``start``..``end`` and created before ``before``, per day, kind,
        channel and economic code, in day order."""
        ...

    def open_debts(self, on: date) -> list[tuple[str, Decimal]]:
        """(economic code, amount) owed by taxpayers at the end of ``on``: accruals less
        cancellations and what was collected of them."""
        ...

    def debt_changes(self, on: date, economic_code: str) -> list[tuple[date, Decimal]]:
        """(day, net change of what is owed) for one economic code ("" for none), every day
        up to ``on`` with a change, in day order: the days ``open_debts`` is the sum of."""
        ...

    def debt_documents(self, days: list[date], economic_code: str) -> list[RevenueDocument]:
        """The records behind ``debt_changes`` on the given days, for one economic code."""
        ...


# --- CashDesks ------------------------------------------------------------------------

@dataclass(frozen=True)
class CashDocument:
    """One movement of the cash desks' cash (the 100 reconciliation's drill-down)."""

    #: the cash desk's day (the cashier's session day, or the receipt's day)
    on: date
    #: the record as the revenue events name it: "makbuz:<no>" for a cash receipt and its
    #: same-day reversal, "iade:<id>" for a cash refund paid out at a desk
    reference: str
    #: positive: cash in (a receipt); negative: cash out (a reversal, a refund paid out)
    amount: Decimal
    #: "receipt", "reversal" or "refund"
    kind: str
    #: the cashier whose session holds it ("" when none)
    desk: str = ""


@runtime_checkable
class CashDesks(Protocol):
    """The cash (nakit) the revenue module's cash desks (vezne) hold, for the ledger's 100
    Kasa (Gelir provides it).

    Cash in: cash receipts (with the part kept as the taxpayer's credit); cash out: their
    same-day reversals and cash refunds on the day a cashier paid them out.  Gelir records
    no hand-over of cash to the bank, so nothing else leaves the desks.  Sums in one
    statement each.
    """

    def cash_balance(self, on: date) -> Decimal:
        """The cash the desks hold at the end of ``on`` (every movement up to that day)."""
        ...

    def cash_changes(self, on: date) -> list[tuple[date, Decimal]]:
        """(day, net cash movement) of every day up to ``on`` with a movement, in day order:
        the days ``cash_balance`` is the sum of."""
        ...

    def cash_documents(self, days: list[date]) -> list[CashDocument]:
        """The movements behind ``cash_changes`` on the given days, in day order."""
        ...


# --- PayrollLedger ---------------------------------------------------------------------

#: the two events a closed payroll sends, and what the ledger makes of them
PAYROLL_KINDS = ("accrued", "paid")


@dataclass(frozen=True)
class PayrollPosting:
    """One of the payroll module's closed payrolls as the event it sent: ``accrued`` is the
    ``events.payroll_accrued`` of its closing, ``paid`` the ``events.payroll_paid`` of its
    payment (same reference, day, lines and channel as the live event)."""

    #: one of ``PAYROLL_KINDS``
    kind: str
    event: PayrollEvent


@runtime_checkable
class PayrollLedger(Protocol):
    """The payroll module's closed payrolls, for the ledger (İK provides it).

    Muhasebe reads it to post the payrolls made before it was enabled (the back-posting
    job) with the lines its live receivers of ``payroll_accrued`` and ``payroll_paid`` write.
    A municipality runs a few payrolls a month: one statement per payroll is fine.
    """

    def first_day(self, *, before: datetime) -> date | None:
        """The accounting day of the earliest closed payroll created before ``before``, or None."""
        ...

    def postings(self, start: date, end: date, *, before: datetime) -> list[PayrollPosting]:
        """The accrual and payment events, dated ``start``..``end``, of the payrolls created
        before ``before`` and closed (a payment only once paid), in day order, an accrual
        before the payment of its day."""
        ...


# --- resolution -------------------------------------------------------------------------

_instances: dict[str, Any] = {}


def _name(port: type | str) -> str:
    return port if isinstance(port, str) else port.__name__


def providers(port: type | str) -> list[tuple[str, str]]:
    """(module key, implementation path) of every loaded module offering ``port``."""
    registry = current_app.extensions["ebelediye.registry"]
    name = _name(port)
    return [(spec.key, spec.ports[name]) for spec in registry if name in spec.ports]


def resolve(port: type[P]) -> P:
    """The implementation of ``port`` for the bound tenant, or ``PortUnavailable``."""
    registry = current_app.extensions["ebelediye.registry"]
    offered = providers(port)
    for key, path in offered:
        if registry.enabled_here(key):
            if path not in _instances:
                target = import_string(path.replace(":", "."))
                _instances[path] = target() if isinstance(target, type) else target
            return cast(P, _instances[path])
    raise PortUnavailable(_name(port), tuple(key for key, _ in offered))


def available(port: type | str) -> bool:
    """Whether ``resolve(port)`` would succeed for the bound tenant."""
    registry = current_app.extensions["ebelediye.registry"]
    return any(registry.enabled_here(key) for key, _ in providers(port))
