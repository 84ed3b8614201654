"""Gelir's rules.  Services take the acting user as an argument (never read the request),
write an audit row for every change, emit the revenue events, and never commit: the
request, CLI command or job that calls them is the unit of work (``ebelediye.uow``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l

from ebelediye.errors import UserError


class GelirError(UserError, ValueError):
    """Input a user can fix: a message and, where it belongs to a field, the field's errors."""

    code = "gelir"

    def __init__(self, message: object, errors: Mapping[str, Sequence[object]] | None = None,
                 status: int = 422) -> None:
        super().__init__(message, errors, status=status)


def para(value: object, field: str = "tutar", *, positive: bool = True) -> Decimal:
    """A money amount from user input: a number with at most two decimals."""
    try:
        amount = Decimal(str(value).strip().replace(" ", "")) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        raise GelirError(_l("Tutar geçersiz."), {field: [_l("Geçerli bir tutar girin (ör. 1250.40).")]}) from None
    if not amount.is_finite():
        raise GelirError(_l("Tutar geçersiz."), {field: [_l("Geçerli bir tutar girin (ör. 1250.40).")]})
    exponent = amount.as_tuple().exponent  # an int for a finite amount
    if isinstance(exponent, int) and exponent < -2 and amount != amount.quantize(Decimal("0.01")):
        raise GelirError(_l("Tutar geçersiz."), {field: [_l("Tutar en çok iki ondalık basamak içerebilir.")]})
    if positive and amount <= 0:
        raise GelirError(_l("Tutar geçersiz."), {field: [_l("Tutar sıfırdan büyük olmalı.")]})
    if amount >= Decimal("1e16"):
        raise GelirError(_l("Tutar geçersiz."), {field: [_l("Tutar çok büyük.")]})
    return amount.quantize(Decimal("0.01"))


def tamsayi(value: object, name: str, errors: dict, label: str, *, low: int = 1, high: int = 2_000_000_000,
            required: bool = True) -> int | None:
    """A whole number from user input; a problem goes into ``errors[name]`` and gives None."""
    text = str(value if value is not None else "").strip()
    if not text:
        if required:
            errors[name] = [f"{label} girin."]
        return None
    try:
        number = int(text)
    except ValueError:
        errors[name] = [f"{label} bir tam sayı olmalı."]
        return None
    if not low <= number <= high:
        errors[name] = [f"{label} {low} ile {high} arasında olmalı."]
        return None
    return number
