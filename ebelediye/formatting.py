"""Numbers, money, dates and times the way Turkish users read and type them.

One formatter for every page, PDF, export and message: ``2.843,29`` for money, ``735,32``
for an area, ``%3,7`` for a rate, ``01.12.2026`` for a day and ``01.12.2026 14:05`` for a
moment, always in Europe/Istanbul.  One parser for what users type (``parse_decimal``):
``2.843,29``, ``2843,29`` and ``2843.29`` are the same amount; ``2,843.29`` (the English
form), exponents, NUL bytes and more decimals than allowed are refused with a reason.

Pure Python (no Flask, no SQLAlchemy), so pure computation modules may use it.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

ISTANBUL = ZoneInfo("Europe/Istanbul")

#: NUMERIC(18, 2): sixteen digits before the decimal point.
MONEY_LIMIT = Decimal("1e16")

_PLAIN = re.compile(r"^-?\d+$")
_COMMA_DECIMAL = re.compile(r"^-?\d+,\d+$")
_TURKISH_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
_DOT_DECIMAL = re.compile(r"^-?\d+\.\d+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def N_(message: str) -> str:
    """Mark a Turkish msgid for extraction; it is translated where it is shown."""
    return message


class NumberFormatError(ValueError):
    """What the user typed is not a number we accept.

    ``reason`` is a Turkish msgid (translate it with ``params`` where it is shown);
    ``str()`` gives it in Turkish.
    """

    def __init__(self, reason: str, **params: object) -> None:
        super().__init__(reason % params if params else reason)
        self.reason = reason
        self.params = params


def parse_decimal(value: object, places: int = 2, limit: Decimal = MONEY_LIMIT) -> Decimal:
    """A decimal from user input (text as typed in Türkiye, or a JSON number).

    Accepts ``2.843,29``, ``2843,29``, ``2843.29``, ``2843`` and ``1.500`` (one thousand five
    hundred: a dot followed by groups of three digits separates thousands).  Refuses the
    English ``2,843.29``, exponents, infinities, control characters, more than ``places``
    decimals and magnitudes of ``limit`` or more.  The reasons are Turkish msgids.
    """
    if isinstance(value, bool) or value is None:
        raise NumberFormatError(N_("Bir sayı girin."))
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NumberFormatError(N_("Geçerli bir sayı girin."))
        number = Decimal(repr(value))
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        number = _parse_text(value, places)
    else:
        raise NumberFormatError(N_("Bir sayı girin."))
    if not number.is_finite():
        raise NumberFormatError(N_("Geçerli bir sayı girin."))
    if abs(number) >= limit:
        raise NumberFormatError(N_("Sayı çok büyük."))
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -places and number != number.quantize(Decimal(1).scaleb(-places)):
        if places == 2:
            raise NumberFormatError(N_("En çok iki ondalık basamak girilebilir (ör. 2.843,29)."))
        raise NumberFormatError(N_("En çok %(n)s ondalık basamak girilebilir."), n=places)
    return number.quantize(Decimal(1).scaleb(-places)) if places >= 0 else number


def _parse_text(value: str, places: int = 2) -> Decimal:
    if _CONTROL.search(value):
        raise NumberFormatError(N_("Sayıda denetim karakteri olamaz."))
    text = value.strip().replace("\u00a0", "").replace(" ", "")
    if text.startswith("+"):
        text = text[1:]
    if not text:
        raise NumberFormatError(N_("Bir sayı girin."))
    if _PLAIN.match(text):
        normal = text
    elif _TURKISH_GROUPED.match(text):
        if places >= 3 and "," not in text and text.count(".") == 1:
            # "1.500" is 1500 to a Turkish reader and 1.5 to others: with three decimals allowed
            # we cannot tell, so we ask instead of guessing
            raise NumberFormatError(N_("Belirsiz sayı: binlik için 1.500,0 ya da ondalık için 1,500 yazın."))
        normal = text.replace(".", "").replace(",", ".")
    elif _COMMA_DECIMAL.match(text):
        normal = text.replace(",", ".")
    elif _DOT_DECIMAL.match(text):
        normal = text
    elif "," in text and "." in text:
        raise NumberFormatError(N_("Sayıyı Türkçe biçimde yazın: binlikler nokta, kuruş virgülle (ör. 2.843,29)."))
    else:
        raise NumberFormatError(N_("Geçerli bir sayı girin (ör. 2.843,29)."))
    try:
        return Decimal(normal)
    except InvalidOperation:  # pragma: no cover - the patterns admit only digits
        raise NumberFormatError(N_("Geçerli bir sayı girin (ör. 2.843,29).")) from None


def number(value: object, places: int | None = 2) -> str:
    """``1234567.891`` → ``1.234.567,89``; ``places=None`` keeps the value's own decimals."""
    if value is None or value == "":
        return ""
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    if places is not None:
        amount = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    text = f"{abs(amount):f}"
    whole, _, fraction = text.partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


def money(value: object) -> str:
    """Money: ``2.843,29`` (no currency sign; the column or label says TL)."""
    return number(value, 2)


def plain(value: object) -> str:
    """A measure with only the decimals it needs: ``735,32``, ``45``, ``0,5``."""
    if value is None or value == "":
        return ""
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    normal = amount.normalize()
    if normal == normal.to_integral():
        return number(normal.to_integral(), 0)
    return number(normal, None)


def percent(value: object) -> str:
    """A rate given in percent: ``3.70`` → ``%3,7``."""
    text = plain(value)
    return f"%{text}" if text else ""


def shown(value: object) -> object:
    """What a template prints for ``{{ value }}`` (Jinja's ``finalize``, ``ebelediye.web``):
    a number the template did not format is shown the Turkish way all the same, so no page
    says ``735.32 m²`` or ``45.0000``: a ``Decimal`` with two decimals (a ``NUMERIC(18,2)``
    amount) as money (``2.843,29``), any other ``Decimal`` or a float with the decimals it
    needs (``735,32``, ``45``, ``0,5``).  Whole numbers, text and everything else pass as
    they are; a template that wants more (``|tl``, ``|yuzde``) says so."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            return value
        return money(value) if value.as_tuple().exponent == -2 else plain(value)
    if isinstance(value, float):
        return plain(Decimal(repr(value))) if value == value and abs(value) != float("inf") else value
    return value


def day(value: date | datetime | None) -> str:
    """``01.12.2026``; a moment is shown as its Europe/Istanbul day."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local(value).date()
    return value.strftime("%d.%m.%Y")


def local(value: datetime) -> datetime:
    """A stored moment (UTC, or naive meaning UTC) in Europe/Istanbul."""
    if value.tzinfo is None:
        from datetime import UTC

        value = value.replace(tzinfo=UTC)
    return value.astimezone(ISTANBUL)


def moment(value: datetime | None, seconds: bool = False) -> str:
    """``01.12.2026 14:05`` in Europe/Istanbul."""
    if value is None:
        return ""
    return local(value).strftime("%d.%m.%Y %H:%M:%S" if seconds else "%d.%m.%Y %H:%M")
