"""National parameters: effective-dated figures set by law or the ministry (rates,
multipliers, thresholds), kept in ``public.national_parameters`` and maintained in the
ministry console.  Municipal figures (tariffs set by the council) live in the tenant's
own schema, in the module that uses them.

A value is never edited: a new figure is a new row from a date, and the row before it is
closed the day before.  A date no row covers is an error the user sees
(``ParameterMissing``), never a silent default.

Modules declare their parameters as ``ParamDef``s (``ModuleSpec.national_parameters``);
the rows in each definition are the seed figures, inserted when the module is first
enabled for a tenant if that key has no rows yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    Identity,
    Numeric,
    String,
    UniqueConstraint,
    func,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column

from .errors import UserError
from .extensions import Model, db


class NationalParameter(Model):
    __tablename__ = "national_parameters"
    __table_args__ = (UniqueConstraint("key", "valid_from"), {"schema": "public"})

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    module: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(120), index=True)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    value: Mapped[Decimal] = mapped_column(Numeric(18, 6))
    source: Mapped[str | None] = mapped_column(String(500))
    created_by: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


@dataclass(frozen=True)
class ParamDef:
    """A parameter a module uses: its key, names, unit, how sure the law is, seed rows."""

    key: str
    name_tr: str
    name_en: str
    unit: str  # "%", "‰", "TL", "katsayı", "m²", "TL/m²"…
    certainty: str = "C"  # C / C2 / U as in RULES.md; U is flagged in the console
    #: (valid_from, valid_to or None, value, source)
    seeds: tuple[tuple[date, date | None, str, str], ...] = ()
    #: a figure set for one calendar year at a time and revalued each year by the rate
    #: (%) of this other parameter in the year before (e.g. the ÇTV amounts by the YDO):
    #: the console proposes next year's row for a person to confirm (``proposals``)
    revalued_by: str | None = None


class ParameterMissing(UserError, LookupError):
    """No row of ``key`` covers ``day``: the figure for that date was never entered."""

    code = "parameter_missing"

    def __init__(self, key: str, day: date) -> None:
        self.key, self.day = key, day
        self.message_tr = (f"'{key}' parametresinin {day:%d.%m.%Y} tarihinde geçerli bir değeri yok; "
                           "Bakanlık konsolundan girilmeli.")
        self.message_en = f"Parameter '{key}' has no value in force on {day:%Y-%m-%d}; the ministry must enter it."
        super().__init__(_l("'%(key)s' parametresinin %(day)s tarihinde geçerli bir değeri yok; Bakanlık "
                            "konsolundan girilmeli.", key=key, day=f"{day:%d.%m.%Y}"))


class ParameterError(ValueError):
    """A new parameter row was refused (bad date order, bad value)."""


def rows(key: str) -> list[NationalParameter]:
    """Every row of ``key``, oldest first."""
    return list(db.session.scalars(
        select(NationalParameter).where(NationalParameter.key == key).order_by(NationalParameter.valid_from)))


def value_on(key: str, day: date) -> Decimal:
    """The value of ``key`` in force on ``day``."""
    value = db.session.scalar(
        select(NationalParameter.value).where(
            NationalParameter.key == key, NationalParameter.valid_from <= day,
            (NationalParameter.valid_to.is_(None)) | (NationalParameter.valid_to >= day)))
    if value is None:
        raise ParameterMissing(key, day)
    return value


def values_on(keys: tuple[str, ...], day: date) -> dict[str, Decimal]:
    """The values of several keys in force on ``day``, in one statement; ``ParameterMissing``
    names the first of ``keys`` (in the order given) that has none."""
    found = dict(db.session.execute(
        select(NationalParameter.key, NationalParameter.value).where(
            NationalParameter.key.in_(keys), NationalParameter.valid_from <= day,
            (NationalParameter.valid_to.is_(None)) | (NationalParameter.valid_to >= day))).all())
    for key in keys:
        if key not in found:
            raise ParameterMissing(key, day)
    return found


def maybe_value_on(key: str, day: date) -> Decimal | None:
    try:
        return value_on(key, day)
    except ParameterMissing:
        return None


def history(keys: tuple[str, ...]) -> dict[str, list[tuple[date, date | None, Decimal]]]:
    """Every row of each of ``keys`` as (valid_from, valid_to, value), oldest first, in one
    statement: for a caller that needs several figures over a period (``spans`` and
    ``value_in`` read them as ``spans`` and ``value_on`` read the table)."""
    found: dict[str, list[tuple[date, date | None, Decimal]]] = {key: [] for key in keys}
    for key, valid_from, valid_to, value in db.session.execute(
            select(NationalParameter.key, NationalParameter.valid_from, NationalParameter.valid_to,
                   NationalParameter.value).where(NationalParameter.key.in_(keys))
            .order_by(NationalParameter.key, NationalParameter.valid_from)):
        found[key].append((valid_from, valid_to, value))
    return found


def value_in(key: str, day: date, rows_of_key: list[tuple[date, date | None, Decimal]]) -> Decimal:
    """``value_on`` over rows read by ``history``."""
    for valid_from, valid_to, value in rows_of_key:
        if valid_from <= day and (valid_to is None or valid_to >= day):
            return value
    raise ParameterMissing(key, day)


def spans(key: str, start: date, end: date,
          rows_of_key: list[tuple[date, date | None, Decimal]] | None = None) -> list[tuple[date, date, Decimal]]:
    """The values of ``key`` over [start, end], as (from, to, value) pieces covering it whole;
    from ``rows_of_key`` (``history``'s) when given, else read.

    Raises ``ParameterMissing`` at the first day no row covers.
    """
    if rows_of_key is None:
        rows_of_key = [(row.valid_from, row.valid_to, row.value) for row in rows(key)]
    pieces: list[tuple[date, date, Decimal]] = []
    day = start
    for valid_from, valid_to, value in rows_of_key:
        last = valid_to or date.max
        if last < day or valid_from > end:
            continue
        if valid_from > day:
            raise ParameterMissing(key, day)
        upto = min(last, end)
        pieces.append((day, upto, value))
        if upto >= end:
            return pieces
        day = upto + timedelta(days=1)
    raise ParameterMissing(key, day)


def add(module: str, key: str, valid_from: date, value: Decimal, *, actor: str,
        valid_to: date | None = None, source: str | None = None) -> NationalParameter:
    """Append a figure from ``valid_from``; the open row before it is closed the day before.

    Only forward: a figure may not start on or before the latest existing start, since
    what was in force then has already been used for assessments.
    """
    existing = rows(key)
    if existing and valid_from <= existing[-1].valid_from:
        raise ParameterError(f"Yeni değer {existing[-1].valid_from:%d.%m.%Y} tarihinden sonra başlamalı.")
    if valid_to is not None and valid_to < valid_from:
        raise ParameterError("Bitiş tarihi başlangıçtan önce olamaz.")
    if value < 0:
        raise ParameterError("Değer negatif olamaz.")
    if existing and (existing[-1].valid_to is None or existing[-1].valid_to >= valid_from):
        existing[-1].valid_to = valid_from - timedelta(days=1)
    row = NationalParameter(module=module, key=key, valid_from=valid_from, valid_to=valid_to,
                            value=value, source=source, created_by=actor)
    db.session.add(row)
    db.session.flush()
    return row


def ensure_seeded(module: str, definitions: list[ParamDef]) -> int:
    """Insert the seed rows of every definition whose key has no rows yet; returns rows added."""
    have = set(db.session.scalars(select(NationalParameter.key).where(NationalParameter.module == module)))
    added = 0
    for definition in definitions:
        if definition.key in have:
            continue
        for valid_from, valid_to, value, source in definition.seeds:
            db.session.add(NationalParameter(module=module, key=definition.key, valid_from=valid_from,
                                             valid_to=valid_to, value=Decimal(value), source=source,
                                             created_by="seed"))
            added += 1
    db.session.flush()
    return added


@dataclass(frozen=True)
class Proposal:
    """Next year's figure of a yearly revalued parameter: last year's value × (1 + rate %)."""

    definition: ParamDef
    year: int
    previous: Decimal  # the value in force on 1 January of the year before
    rate: Decimal  # the revaluation rate (%) of the year before
    value: Decimal  # rounded to kuruş, half up

    @property
    def source(self) -> str:
        return (f"{self.year - 1} tutarı {self.previous.normalize():f} × (1 + %{self.rate.normalize():f} "
                f"{self.definition.revalued_by}) önerisi")


def proposals(definitions: list[ParamDef], year: int) -> list[Proposal]:
    """For each yearly revalued definition with no row on 1 January ``year`` but one on
    1 January ``year - 1``: the proposed figure.  Raises ``ParameterMissing`` when the
    revaluation rate of ``year - 1`` was not entered (nothing can be proposed from it)."""
    from decimal import ROUND_HALF_UP

    out = []
    for definition in definitions:
        if not definition.revalued_by or maybe_value_on(definition.key, date(year, 1, 1)) is not None:
            continue
        previous = maybe_value_on(definition.key, date(year - 1, 1, 1))
        if previous is None:
            continue
        rate = value_on(definition.revalued_by, date(year - 1, 1, 1))
        value = (previous * (1 + rate / Decimal(100))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        out.append(Proposal(definition, year, previous, rate, value))
    return out
