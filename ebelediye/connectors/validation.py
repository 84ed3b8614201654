"""Identity numbers and IBANs, checked with python-stdnum before any agency is called.

Each function returns the number in its canonical form or raises ``InvalidInput`` with a
Turkish and an English message that says what is wrong (length, letters, leading zero,
check digits), so a form can show it next to the field.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from stdnum import iban as std_iban
from stdnum.exceptions import ValidationError
from stdnum.tr import tckimlik as std_tckimlik
from stdnum.tr import vkn as std_vkn

from .errors import InvalidInput


def _text(value: object, field: str, label_tr: str, label_en: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput(field, f"{label_tr} metin olarak verilmeli.", f"The {label_en} must be given as text.")
    return value.strip()


def _digits_problem(number: str, length: int, label_tr: str, label_en: str) -> tuple[str, str] | None:
    if not number:
        return f"{label_tr} boş olamaz.", f"The {label_en} is empty."
    if not number.isascii() or not number.isdigit():
        return f"{label_tr} yalnızca rakamlardan oluşmalı.", f"The {label_en} may contain digits only."
    if len(number) != length:
        return (f"{label_tr} {length} haneli olmalı ({len(number)} hane girildi).",
                f"The {label_en} must have {length} digits ({len(number)} given).")
    return None


def tckn(value: object, field: str = "tckn") -> str:
    """A valid T.C. Kimlik No (11 digits, first not 0, both check digits right)."""
    number = _text(value, field, "T.C. Kimlik No", "Turkish identity number")
    problem = _digits_problem(number, 11, "T.C. Kimlik No", "Turkish identity number")
    if problem is None and number[0] == "0":
        problem = "T.C. Kimlik No 0 ile başlayamaz.", "A Turkish identity number cannot start with 0."
    if problem is None:
        try:
            return std_tckimlik.validate(number)
        except ValidationError:
            problem = ("T.C. Kimlik No geçerli değil (kontrol haneleri tutmuyor).",
                       "The Turkish identity number is not valid (check digits do not match).")
    raise InvalidInput(field, *problem)


def vkn(value: object, field: str = "vkn") -> str:
    """A valid Vergi Kimlik No of a legal entity (10 digits, check digit right)."""
    number = _text(value, field, "Vergi Kimlik No", "tax number")
    problem = _digits_problem(number, 10, "Vergi Kimlik No", "tax number")
    if problem is None:
        try:
            return std_vkn.validate(number)
        except ValidationError:
            problem = ("Vergi Kimlik No geçerli değil (kontrol hanesi tutmuyor).",
                       "The tax number is not valid (check digit does not match).")
    raise InvalidInput(field, *problem)


def tckn_or_vkn(value: object, field: str = "kimlik") -> str:
    """A TCKN (natural persons) or a VKN (legal entities): the "TCKN/VKN" fields of the law."""
    number = _text(value, field, "T.C. Kimlik No / Vergi Kimlik No", "identity or tax number")
    if len(number) == 10:
        return vkn(number, field)
    if len(number) == 11 or not number.isdigit():
        return tckn(number, field)
    raise InvalidInput(field, "T.C. Kimlik No 11, Vergi Kimlik No 10 haneli olmalı "
                       f"({len(number)} hane girildi).",
                       f"An identity number has 11 digits, a tax number 10 ({len(number)} given).")


def kind_of(number: str) -> str:
    """``"tckn"`` or ``"vkn"`` for a number that passed ``tckn_or_vkn``."""
    return "vkn" if len(number) == 10 else "tckn"


def iban(value: object, field: str = "iban") -> str:
    """A valid Turkish IBAN: TR, 26 characters, MOD 97-10, reserve digit 0 (RULES.md §1.3)."""
    number = _text(value, field, "IBAN", "IBAN").replace(" ", "")
    if not number.startswith("TR"):
        raise InvalidInput(field, "IBAN TR ile başlamalı.", "The IBAN must start with TR.")
    if len(number) != 26:
        raise InvalidInput(field, f"IBAN 26 karakter olmalı ({len(number)} girildi).",
                           f"The IBAN must have 26 characters ({len(number)} given).")
    if not number.isascii() or not number[2:].isalnum() or number != number.upper():
        raise InvalidInput(field, "IBAN yalnızca büyük harf ve rakam içermeli.",
                           "The IBAN may contain capital letters and digits only.")
    try:
        number = std_iban.validate(number)
    except ValidationError:
        raise InvalidInput(field, "IBAN geçerli değil (kontrol basamakları tutmuyor).",
                           "The IBAN is not valid (check digits do not match).") from None
    if number[9] != "0":
        raise InvalidInput(field, "IBAN'ın rezerv hanesi (10. karakter) 0 olmalı.",
                           "The IBAN's reserve digit (10th character) must be 0.")
    return number


MAX_AMOUNT = Decimal("10000000.00")


def amount(value: object, field: str = "tutar") -> Decimal:
    """A positive amount of money with at most two decimals, as ``Decimal`` (never float)."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise InvalidInput(field, "Tutar Decimal olarak verilmeli (kayan noktalı sayı kabul edilmez).",
                           "The amount must be a Decimal (floats are refused).")
    try:
        money = Decimal(value)
    except (InvalidOperation, ValueError):
        raise InvalidInput(field, "Tutar bir sayı olmalı.", "The amount must be a number.") from None
    if not money.is_finite() or money <= 0:
        raise InvalidInput(field, "Tutar sıfırdan büyük olmalı.", "The amount must be greater than zero.")
    exponent = money.as_tuple().exponent  # an int for a finite amount
    if isinstance(exponent, int) and exponent < -2 and money != money.quantize(Decimal("0.01")):
        raise InvalidInput(field, "Tutar en çok iki ondalık hane içerebilir.",
                           "The amount may have at most two decimals.")
    if money > MAX_AMOUNT:
        raise InvalidInput(field, "Tutar üst sınırı aşıyor.", "The amount exceeds the limit.")
    return money.quantize(Decimal("0.01"))
