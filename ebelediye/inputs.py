"""The one input path: marshmallow schemas that parse a page's form and the API's body alike.

Every module writes its inputs as subclasses of ``Input`` with the fields below, in its
``schemas/`` package; a page calls ``load_form(Schema())`` (or ``web.FormPage``), an API
handler takes the same schema in ``@blp.arguments``.  Whatever the door, bad input is
refused the same way: a field message per field (a 422 in the API, the form shown again on
a page) and nothing written.

The limits every input shares live here, once:

- ids and page numbers are whole numbers inside PostgreSQL's ``bigint`` (``Id``, ``Page``);
- text never carries NUL or other control characters (multi-line fields may carry line
  breaks and tabs) and has a maximum length (``Text``); every string of every ``Input`` is
  checked, whatever its field type;
- money and measures are typed the Turkish way (``2.843,29``; ``ebelediye.formatting``),
  bounded and with at most their decimals (``Money``, ``Number``);
- days are ``YYYY-MM-DD`` (what a date input sends) or ``GG.AA.YYYY``, between 1900 and
  2200 (``Day``);
- choices are one of their values (``Choice``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load

from .errors import UserError
from .formatting import MONEY_LIMIT, NumberFormatError, parse_decimal

BIGINT_MAX = 2**63 - 1
PAGE_MAX = 1_000_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"[\t\n\r]")

#: marshmallow's own messages, as Turkish msgids (translated where they are shown)
_STOCK_MESSAGES = {
    "Missing data for required field.": _l("Bu alan gerekli."),
    "Field may not be null.": _l("Bu alan boş olamaz."),
    "Unknown field.": _l("Bilinmeyen alan."),
    "Not a valid integer.": _l("Bir tam sayı girin."),
    "Not a valid number.": _l("Bir sayı girin."),
    "Not a valid string.": _l("Metin girin."),
    "Not a valid boolean.": _l("Evet ya da hayır olmalı."),
    "Not a valid date.": _l("Geçerli bir tarih girin (GG.AA.YYYY)."),
    "Not a valid datetime.": _l("Geçerli bir tarih ve saat girin."),
    "Not a valid list.": _l("Bir liste gönderin."),
    "Not a valid mapping type.": _l("Bir nesne gönderin."),
    "Invalid input type.": _l("Bu alanın türü geçersiz."),
    "Invalid input.": _l("Geçersiz değer."),
    "Not a valid email address.": _l("Geçerli bir e-posta adresi girin."),
    "Invalid value.": _l("Geçersiz değer."),
}


class InvalidInput(UserError):
    """Some fields of a form or an API body were refused; ``errors`` says which and why."""

    code = "invalid_input"

    def __init__(self, errors: Mapping[str, Sequence[object]]) -> None:
        super().__init__(_l("Gönderilen bilgiler geçersiz; işaretli alanları düzeltin."), errors)


def translate(message: object) -> str:
    """A field message in the reader's language (marshmallow's English ones included)."""
    text = str(message)
    known = _STOCK_MESSAGES.get(text)
    return str(known) if known is not None else text


def flatten(messages: object, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages as ``{"field" | "field.sub" | "lines.0.amount": [...]}``."""
    if isinstance(messages, list | tuple):
        if all(not isinstance(m, dict | list) for m in messages):
            return {prefix or "_schema": [translate(m) for m in messages]}
        flat: dict[str, list[str]] = {}
        for index, item in enumerate(messages):
            flat.update(flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    if isinstance(messages, dict):
        flat = {}
        for key, value in messages.items():
            flat.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    return {prefix or "_schema": [translate(messages)]}


class Input(Schema):
    """Base of every input schema: unknown keys ignored (a form carries its CSRF token and
    buttons), every string free of control characters."""

    class Meta:
        unknown = EXCLUDE

    @pre_load
    def _refuse_control_characters(self, data: Any, **kwargs: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        errors: dict[str, list[str]] = {}
        by_key = {field.data_key or name: field for name, field in self.fields.items()}
        for key, value in data.items():
            field = by_key.get(key) if isinstance(key, str) else None
            multiline = bool(field is not None and field.metadata.get("multiline"))
            for text in _strings(value):
                if _CONTROL.search(text) or (not multiline and _LINE_BREAKS.search(text)):
                    errors[str(key)] = [gettext("Bu alanda denetim karakteri (ör. NUL) olamaz.")]
                    break
        if errors:
            raise ValidationError(errors)
        return data


def _strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)


# --- fields -----------------------------------------------------------------------------

class Money(fields.Field):
    """A money amount typed the Turkish way (``2.843,29``) or sent as a JSON number or
    decimal string; at most two decimals; between ``minimum`` (default 0,01) and 10¹⁶.
    Sent back as a decimal string (``"2843.29"``)."""

    def __init__(self, *, minimum: Decimal | int | str | None = Decimal("0.01"),
                 maximum: Decimal | int | str | None = None, places: int = 2, **kwargs: Any) -> None:
        self.minimum = None if minimum is None else Decimal(str(minimum))
        self.maximum = None if maximum is None else Decimal(str(maximum))
        self.places = places
        metadata = {"type": "string", "format": "decimal", "example": "2843.29",
                    "description": kwargs.pop("description", "") or
                    "Türk biçimi (2.843,29 / 2843,29) ya da 2843.29; en çok iki ondalık"}
        metadata.update(kwargs.pop("metadata", {}) or {})
        super().__init__(metadata=metadata, **kwargs)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        if value is None:
            return None
        return f"{Decimal(value).quantize(Decimal(1).scaleb(-self.places)):f}"

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Decimal:
        try:
            amount = parse_decimal(value, self.places, MONEY_LIMIT)
        except NumberFormatError as exc:
            raise ValidationError(gettext(exc.reason, **exc.params)) from None
        if self.minimum is not None and amount < self.minimum:
            if self.minimum == Decimal("0.01"):
                raise ValidationError(gettext("Tutar sıfırdan büyük olmalı."))
            raise ValidationError(gettext("En az %(n)s olmalı.", n=_shown(self.minimum)))
        if self.maximum is not None and amount > self.maximum:
            raise ValidationError(gettext("En çok %(n)s olabilir.", n=_shown(self.maximum)))
        return amount


class Number(Money):
    """A measure (area, volume, rate) typed the Turkish way; ``places`` decimals at most."""

    def __init__(self, *, places: int = 2, minimum: Decimal | int | str | None = 0,
                 maximum: Decimal | int | str | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("description", "Türk biçimi (735,32) ya da 735.32")
        super().__init__(minimum=minimum, maximum=maximum, places=places, **kwargs)
        self.metadata = {**self.metadata, "example": "735.32"}


def _shown(value: Decimal) -> str:
    from .formatting import plain

    return plain(value)


class Integer(fields.Integer):
    """A whole number inside ``bigint`` and ``[minimum, maximum]``; digits only (no 1e3, no 2.0)."""

    def __init__(self, *, minimum: int = -BIGINT_MAX, maximum: int = BIGINT_MAX, **kwargs: Any) -> None:
        metadata = {"minimum": minimum, "maximum": maximum}
        metadata.update(kwargs.pop("metadata", {}) or {})
        super().__init__(strict=False, metadata=metadata, **kwargs)
        self.minimum, self.maximum = minimum, maximum

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if isinstance(value, bool):
            raise ValidationError(gettext("Bir tam sayı girin."))
        if isinstance(value, str):
            text = value.strip()
            if not re.fullmatch(r"[+-]?\d{1,25}", text):
                raise ValidationError(gettext("Bir tam sayı girin."))
            number = int(text)
        elif isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
            number = int(value)
        else:
            raise ValidationError(gettext("Bir tam sayı girin."))
        if not self.minimum <= number <= self.maximum:
            raise ValidationError(gettext("%(low)s ile %(high)s arasında bir sayı girin.",
                                          low=self.minimum, high=self.maximum))
        return number


class Id(Integer):
    """The id of a record: 1 … 2⁶³−1 (PostgreSQL bigint)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(minimum=1, maximum=BIGINT_MAX, **kwargs)


class Page(Integer):
    """A page number of a list: 1 … 1,000,000 (default 1)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("load_default", 1)
        super().__init__(minimum=1, maximum=PAGE_MAX, **kwargs)


class Text(fields.String):
    """Text, trimmed; at most ``max_length`` characters; never control characters (line
    breaks and tabs only where ``multiline``).  An empty value is "" unless ``required``."""

    def __init__(self, *, max_length: int = 200, multiline: bool = False, strip: bool = True,
                 **kwargs: Any) -> None:
        metadata = {"maxLength": max_length, "multiline": multiline}
        metadata.update(kwargs.pop("metadata", {}) or {})
        kwargs.setdefault("load_default", "" if not kwargs.get("required") else None)
        if kwargs.get("required"):
            kwargs.pop("load_default", None)
        super().__init__(metadata=metadata, **kwargs)
        self.max_length, self.multiline, self.strip = max_length, multiline, strip

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if not isinstance(value, str):
            if isinstance(value, int | Decimal) and not isinstance(value, bool):
                value = str(value)
            else:
                raise ValidationError(gettext("Metin girin."))
        text = value.strip() if self.strip else value
        if _CONTROL.search(text) or (not self.multiline and _LINE_BREAKS.search(text)):
            raise ValidationError(gettext("Bu alanda denetim karakteri (ör. NUL) olamaz."))
        if self.required and not text:
            raise ValidationError(gettext("Bu alan gerekli."))
        if len(text) > self.max_length:
            raise ValidationError(gettext("En çok %(n)s karakter girilebilir.", n=self.max_length))
        return text


class Day(fields.Date):
    """A day: ``YYYY-MM-DD`` (a date input) or ``GG.AA.YYYY``, years 1900–2200."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> date:
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            day = value
        elif isinstance(value, str):
            text = value.strip()
            try:
                if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                    day = date.fromisoformat(text)
                elif re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", text):
                    d, m, y = (int(part) for part in text.split("."))
                    day = date(y, m, d)
                else:
                    raise ValueError(text)
            except ValueError:
                raise ValidationError(gettext("Geçerli bir tarih girin (GG.AA.YYYY).")) from None
        else:
            raise ValidationError(gettext("Geçerli bir tarih girin (GG.AA.YYYY)."))
        if not 1900 <= day.year <= 2200:
            raise ValidationError(gettext("Tarih 1900 ile 2200 arasında olmalı."))
        return day


class Choice(fields.String):
    """One of the given values (a mapping gives each value its label for forms)."""

    def __init__(self, choices: Iterable[str] | Mapping[str, object], **kwargs: Any) -> None:
        self.choices = dict(choices) if isinstance(choices, Mapping) else {c: c for c in choices}
        metadata = {"enum": list(self.choices)}
        metadata.update(kwargs.pop("metadata", {}) or {})
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = value.strip() if isinstance(value, str) else value
        if text not in self.choices:
            raise ValidationError(gettext("Şunlardan biri olmalı: %(values)s.",
                                          values=", ".join(map(str, self.choices))))
        return text


class Flag(fields.Boolean):
    """A checkbox: present and "1"/"on"/"true"/"evet" is True, absent is False."""

    truthy = {True, "1", "on", "true", "True", "evet", "yes"}
    falsy = {False, "0", "off", "false", "False", "hayir", "hayır", "no", ""}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("load_default", False)
        super().__init__(**kwargs)


class Tckn(fields.String):
    """A T.C. kimlik numarası (11 digits, checksums; python-stdnum)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        from stdnum.tr import tckimlik

        text = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
        if not tckimlik.is_valid(text):
            raise ValidationError(gettext("Geçerli bir T.C. kimlik numarası girin (11 hane)."))
        return tckimlik.compact(text)


class Iban(fields.String):
    """A Turkish IBAN (TR + 24 characters, MOD 97-10; python-stdnum)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        from stdnum import iban

        text = value.strip() if isinstance(value, str) else ""
        compact = iban.compact(text) if text else ""
        if not compact.startswith("TR") or len(compact) != 26 or not iban.is_valid(compact):
            raise ValidationError(gettext("Geçerli bir IBAN girin (TR ile başlayan 26 karakter)."))
        return compact


# --- loading ------------------------------------------------------------------------------

def load(schema: Schema, data: Mapping[str, Any] | None, **kwargs: Any) -> dict[str, Any]:
    """``schema.load(data)``, refusing bad input with an ``InvalidInput`` (field messages)."""
    try:
        return schema.load(data or {}, **kwargs)
    except ValidationError as exc:
        raise InvalidInput(flatten(exc.messages)) from None


def form_data(schema: Schema, source: Any) -> dict[str, Any]:
    """A form's MultiDict as the schema expects it: lists for ``List`` fields, one value
    otherwise; absent keys stay absent so defaults apply."""
    data: dict[str, Any] = {}
    for name, field in schema.fields.items():
        key = field.data_key or name
        if field.dump_only or key not in source:
            continue
        data[key] = source.getlist(key) if isinstance(field, fields.List) else source.get(key)
    return data


def load_form(schema: Schema, source: Any = None) -> dict[str, Any]:
    """Load a page's submitted form (``request.form`` unless ``source`` is given)."""
    return load(schema, form_data(schema, request.form if source is None else source))


def load_args(schema: Schema, source: Any = None) -> dict[str, Any]:
    """Load a page's query string (``request.args`` unless ``source`` is given)."""
    return load(schema, form_data(schema, request.args if source is None else source))
