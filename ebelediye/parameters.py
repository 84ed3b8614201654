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

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import pairwise

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
    #: a figure published per calendar month (TÜİK's index changes): one row a month, from
    #: its first to its last day, entered as a pasted table of years × months in the console
    #: (``parse_monthly_table``, ``add_monthly``); such a change may be negative
    monthly: bool = False


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
        valid_to: date | None = None, source: str | None = None, signed: bool = False) -> NationalParameter:
    """Append a figure from ``valid_from``; the open row before it is closed the day before.

    Only forward: a figure may not start on or before the latest existing start, since
    what was in force then has already been used for assessments.
    """
    existing = rows(key)
    if existing and valid_from <= existing[-1].valid_from:
        raise ParameterError(f"Yeni değer {existing[-1].valid_from:%d.%m.%Y} tarihinden sonra başlamalı.")
    if valid_to is not None and valid_to < valid_from:
        raise ParameterError("Bitiş tarihi başlangıçtan önce olamaz.")
    if value < 0 and not signed:
        raise ParameterError("Değer negatif olamaz.")
    if existing and (existing[-1].valid_to is None or existing[-1].valid_to >= valid_from):
        existing[-1].valid_to = valid_from - timedelta(days=1)
    row = NationalParameter(module=module, key=key, valid_from=valid_from, valid_to=valid_to,
                            value=value, source=source, created_by=actor)
    db.session.add(row)
    db.session.flush()
    return row


MONTHS_TR = ("Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim",
             "Kasım", "Aralık")
#: a pasted table is a page of TÜİK's, not a data dump
MONTHLY_TABLE_MAX_CHARS = 20_000
_CELL = re.compile(r"-?\d{1,3}(?:[.,]\d{1,6})?")


def _cells(line: str) -> list[str]:
    """A line's cells: split on its separator (``;``, ``|`` or a tab, keeping empty cells,
    which mark months not published yet) or, with none of them, on spaces."""
    text = line.strip()
    for separator in (";", "|", "\t"):
        if separator in text:
            cells = [c.strip() for c in text.split(separator)]
            while cells and cells[0] == "":
                cells.pop(0)  # a leading "|"
            return cells
    return text.split()


@dataclass(frozen=True)
class MonthlyFigure:
    year: int
    month: int
    value: Decimal

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        nxt = date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return nxt - timedelta(days=1)


class MonthlyTableError(UserError, ValueError):
    """A pasted monthly table was refused; ``lines`` holds (line number, message) pairs."""

    code = "monthly_table"

    def __init__(self, lines: list[tuple[int, str]]) -> None:
        self.lines = lines
        super().__init__("; ".join(f"{n}. satır: {m}" if n else m for n, m in lines))


def parse_monthly_table(text: str) -> list[MonthlyFigure]:
    """Read TÜİK's table of monthly figures as published (a row per year: the year, then
    January … December; newest year first or last; separators ``;``, ``|``, tabs or spaces;
    a decimal comma or point; cells not published yet left empty or ``-`` at the row's end).
    Lines that do not start with a year (headings, the English names) are skipped.  The
    months must run without a gap.  Every fault is collected with its line's number and the
    whole table is refused (``MonthlyTableError``): a table is taken whole or not at all.
    """
    if len(text) > MONTHLY_TABLE_MAX_CHARS:
        raise MonthlyTableError([(0, f"Tablo en çok {MONTHLY_TABLE_MAX_CHARS} karakter olabilir.")])
    faults: list[tuple[int, str]] = []
    by_year: dict[int, list[Decimal]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if any(ord(ch) < 32 and ch != "\t" for ch in line) or "\x7f" in line:
            faults.append((number, "Denetim karakteri içeriyor."))
            continue
        cells = _cells(line)
        if not cells or not re.fullmatch(r"\d{4}", cells[0]):
            continue  # a heading, a blank line, the months' names
        year = int(cells[0])
        if not 1990 <= year <= 2100:
            faults.append((number, f"Yıl {year} kabul edilmiyor (1990–2100)."))
            continue
        if year in by_year:
            faults.append((number, f"{year} yılı tabloda iki kez var."))
            continue
        values = cells[1:]
        while values and values[-1] in ("", "-"):
            values.pop()  # months not published yet
        if len(values) > 12:
            faults.append((number, f"{year} satırında 12'den çok değer var."))
            continue
        parsed: list[Decimal] = []
        for i, cell in enumerate(values):
            if cell in ("", "-"):
                faults.append((number, f"{year} {MONTHS_TR[i]} boş; yayımlanmamış aylar yalnızca satırın sonunda "
                                       "olabilir."))
                break
            if not _CELL.fullmatch(cell):
                faults.append((number, f"{year} {MONTHS_TR[i]}: '{cell[:20]}' bir oran değil (ör. 1,14 veya -0,20)."))
                break
            parsed.append(Decimal(cell.replace(",", ".")))
        else:
            if not parsed:
                faults.append((number, f"{year} satırında değer yok."))
            else:
                by_year[year] = parsed
    if not faults and not by_year:
        faults.append((0, "Tabloda yıl ile başlayan satır bulunamadı."))
    years = sorted(by_year)
    for earlier, later in pairwise(years):
        if later != earlier + 1:
            faults.append((0, f"{earlier} ile {later} arasında yıl eksik."))
        elif len(by_year[earlier]) != 12:
            faults.append((0, f"{earlier} yılı {len(by_year[earlier])} ayla bitiyor; ardından {later} gelemez."))
    if faults:
        raise MonthlyTableError(faults)
    return [MonthlyFigure(year, i + 1, value) for year in years for i, value in enumerate(by_year[year])]


@dataclass(frozen=True)
class MonthlyImport:
    """What ``add_monthly`` would do: months new to the table, and months already entered."""

    new: list[MonthlyFigure]
    known: list[MonthlyFigure]


def plan_monthly(key: str, figures: list[MonthlyFigure]) -> MonthlyImport:
    """Compare a parsed table with what ``key`` holds: a month already entered with the same
    value is left as it is (so TÜİK's whole table may be pasted each month); a different
    value, or new months that leave a gap after the last entered one, refuse the table (a
    figure already used is never corrected)."""
    existing = {row.valid_from: row for row in rows(key)}
    faults: list[tuple[int, str]] = []
    new: list[MonthlyFigure] = []
    known: list[MonthlyFigure] = []
    for figure in figures:
        row = existing.get(figure.first_day)
        if row is None:
            new.append(figure)
        elif row.value == figure.value:
            known.append(figure)
        else:
            faults.append((0, f"{MONTHS_TR[figure.month - 1]} {figure.year}: kayıtlı değer {row.value.normalize():f}, "
                              f"tabloda {figure.value.normalize():f}; kayıtlı değer düzeltilmez."))
    if existing and new:
        latest = max(existing.values(), key=lambda r: r.valid_from)
        expected = (latest.valid_to or latest.valid_from) + timedelta(days=1)
        if new[0].first_day < latest.valid_from:
            faults.append((0, f"{MONTHS_TR[new[0].month - 1]} {new[0].year} son kayıtlı aydan önce ve girilmemiş; "
                              "eski bir ay sonradan eklenemez."))
        elif new[0].first_day != expected:
            faults.append((0, f"Son kayıtlı değer {latest.valid_from:%m.%Y}; tablo {new[0].first_day:%m.%Y} ile "
                              "devam ediyor: aradaki aylar eksik."))
    if faults:
        raise MonthlyTableError(faults)
    return MonthlyImport(new=new, known=known)


def add_monthly(module: str, key: str, figures: list[MonthlyFigure], *, actor: str,
                source: str) -> MonthlyImport:
    """Append the months of a parsed table that ``key`` does not hold yet, one row a month
    (first to last day), after ``plan_monthly``'s checks; all or nothing."""
    plan = plan_monthly(key, figures)
    for figure in plan.new:
        add(module, key, figure.first_day, figure.value, actor=actor, valid_to=figure.last_day,
            source=source, signed=True)
    return plan


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
