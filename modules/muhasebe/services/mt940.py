"""A strict reader of SWIFT MT940 customer statements as Turkish banks deliver them to
corporate customers (``.sta`` / ``.txt``), one or more statements a file.

Each statement: ``:20:`` reference, ``:25:`` account (IBAN, or bank code/account),
``:28C:`` statement/sequence number, ``:60F:``/``:60M:`` opening balance, any number of
``:61:`` statement lines each optionally followed by ``:86:`` (information to the account
owner, up to six lines of 65 characters), ``:62F:``/``:62M:`` closing balance, then
optionally ``:64:``, ``:65:`` and a closing ``:86:``; ``-`` (or ``-}``) ends a message, and a
SWIFT envelope (``{1:…}{2:…}{4:``) is skipped.

``:61:`` is ``6!n[4!n]2a[1!a]15d1!a3!c16x[//16x]`` and an optional second line
(``[34x]``): value date YYMMDD, entry date MMDD, the mark ``C``/``D``/``RC``/``RD``, the
funds code, the amount with a decimal comma, the transaction type (``NTRF``…), the
customer's reference and the bank's.  A reversal of a debit (``RD``) is money in, a
reversal of a credit (``RC``) money out.

Nothing is guessed: every line that does not read is named by its line number, and the
file is refused whole (``MuhasebeError``; the caller writes nothing).  Checks: UTF-8 (or
Windows-1254, which Turkish banks' systems also write **[U]**), no control characters,
the tags in their order, valid dates, amounts with a decimal comma below 10¹⁶, currency
TRY, per statement opening + Σ lines = closing, and each statement's opening equal to the
closing of the one before it in the file.

The PyPI library ``mt-940`` (5.1.1) was tried on the test fixture and not used: it merges
the statements of a file into one (the balances of all but the last are lost, so the
per-statement check is impossible), gives a reversal of a credit (``RC``) a positive
amount, and raises a bare ``ValueError`` without a line number on a bad date.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from . import MuhasebeError

PARA_BIRIMI = "TRY"
SINIR = Decimal("1e16")
EN_COK_HAREKET = 20_000

_TAG = re.compile(r"^:(\d{2}[A-Z]?):(.*)$")
_AMOUNT = r"(\d{1,20}(?:,\d{0,2}))"
_BALANCE = re.compile(r"^([CD])(\d{6})([A-Z]{3})" + _AMOUNT + r"$")
_LINE = re.compile(r"^(\d{6})(\d{4})?(RC|RD|C|D)([A-Z])?" + _AMOUNT + r"([NSF][A-Z0-9]{3})(.*)$")
_STATEMENT_NO = re.compile(r"^\d{1,5}(/\d{1,5})?$")


@dataclass
class Hareket:
    """A ``:61:`` line: ``tutar`` positive for money in."""

    no: int
    tarih: date
    isaret: str
    tutar: Decimal
    tur: str
    musteri_ref: str
    banka_ref: str
    ek: str = ""
    aciklama: str = ""

    @property
    def referans(self) -> str:
        """The references as the file gives them (``ODM17//B28K1A00017``), for matching."""
        return f"{self.musteri_ref}//{self.banka_ref}" if self.banka_ref else self.musteri_ref


@dataclass
class Ekstre:
    no: int
    referans: str
    hesap: str = ""
    numara: str = ""
    acilis: Decimal | None = None
    kapanis: Decimal | None = None
    hareketler: list[Hareket] = field(default_factory=list)
    #: the tags met (a bad balance line still counts as met: its own line is named)
    etiketler: set[str] = field(default_factory=set)


class _Errors:
    def __init__(self) -> None:
        self.by_line: dict[str, list[object]] = {}

    def add(self, no: int, message: object) -> None:
        self.by_line.setdefault(f"satir.{no}", []).append(message)


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1254")
    except UnicodeDecodeError:
        raise MuhasebeError(_l("Ekstre dosyası UTF-8 ya da Windows-1254 değil."),
                            {"dosya": [_l("Dosyayı bankanın verdiği biçimde yükleyin.")]}) from None


def _amount(text: str) -> Decimal:
    whole, _sep, frac = text.partition(",")
    return Decimal(f"{whole}.{frac or '0'}")


def _day(text: str) -> date:
    return date(2000 + int(text[:2]), int(text[2:4]), int(text[4:6]))


def _balance(text: str) -> tuple[Decimal, date, str]:
    m = _BALANCE.match(text)
    if m is None:
        raise ValueError("bakiye")
    amount = _amount(m.group(4))
    if amount >= SINIR:
        raise OverflowError
    return (amount if m.group(1) == "C" else -amount), _day(m.group(2)), m.group(3)


def _logical_lines(text: str, errors: _Errors) -> list[tuple[int, str, str, list[str]]]:
    """(line number, tag, value, continuation lines) of the message bodies."""
    out: list[tuple[int, str, str, list[str]]] = []
    for no, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        line = raw.rstrip(" ")
        if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") and c != "\t" for c in line):
            errors.add(no, _l("%(no)s. satırda denetim karakteri var.", no=no))
            continue
        if not line.strip():
            continue
        if line.startswith("{"):  # SWIFT envelope: the text block starts after "{4:"
            rest = line.split("{4:", 1)[1] if "{4:" in line else ""
            if not rest.strip():
                continue
            line = rest
        if line in ("-", "-}"):
            out.append((no, "-", "", []))
            continue
        m = _TAG.match(line)
        if m is not None:
            out.append((no, m.group(1), m.group(2).strip(), []))
        elif out and out[-1][1] in ("86", "61"):
            out[-1][3].append(line.strip())
        else:
            errors.add(no, _l("%(no)s. satır bir MT940 alanı (:20:, :61: …) değil.", no=no))
    return out


def ayristir(content: bytes) -> list[Ekstre]:
    """The statements of an MT940 file, or a refusal naming every bad line."""
    text = _decode(content)
    errors = _Errors()
    statements: list[Ekstre] = []
    current: Ekstre | None = None
    last: str = ""  # the tag before, for the order
    count = 0
    for no, tag, value, more in _logical_lines(text, errors):
        if tag == "-":
            if current is not None and "62" not in current.etiketler:
                errors.add(no, _l("%(no)s. satırda ekstre kapanış bakiyesi (:62F:) olmadan bitiyor.", no=no))
            current, last = None, ""
            continue
        if tag == "20":
            if current is not None and "62" not in current.etiketler:
                errors.add(no, _l("%(no)s. satırda yeni ekstre başlıyor, öncekinin kapanış bakiyesi (:62F:) yok.",
                                  no=no))
            if not value or len(value) > 16:
                errors.add(no, _l("%(no)s. satır: :20: ekstre referansı 1–16 karakter olmalı.", no=no))
            current, last = Ekstre(no, value[:16]), "20"
            statements.append(current)
            continue
        if current is None:
            errors.add(no, _l("%(no)s. satır: ekstre :20: alanıyla başlamalı.", no=no))
            continue
        if tag == "21":
            continue
        current.etiketler.add(tag[:2])
        if tag == "25":
            if last != "20" or not value or len(value) > 35:
                errors.add(no, _l("%(no)s. satır: :25: hesap alanı :20: alanından hemen sonra, en çok 35 karakter "
                                  "olmalı.", no=no))
            current.hesap, last = value, "25"
        elif tag in ("28C", "28"):
            if last != "25" or not _STATEMENT_NO.match(value):
                errors.add(no, _l("%(no)s. satır: :28C: ekstre numarası :25: alanından sonra, 00001/001 biçiminde "
                                  "olmalı.", no=no))
            current.numara, last = value, "28C"
        elif tag in ("60F", "60M"):
            if last != "28C":
                errors.add(no, _l("%(no)s. satır: açılış bakiyesi (:60F:) :28C: alanından sonra gelmeli.", no=no))
            current.acilis = _read_balance(no, value, errors, _l("açılış bakiyesi"))
            before = statements[-2] if len(statements) > 1 else None
            if (before is not None and current.acilis is not None and before.kapanis is not None
                    and _compact(before.hesap) == _compact(current.hesap) and before.kapanis != current.acilis):
                errors.add(no, _l("%(no)s. satır: açılış bakiyesi %(acilis)s, önceki ekstrenin kapanış bakiyesi "
                                  "%(kapanis)s; ekstreler birbirini izlemiyor.", no=no, acilis=_tr(current.acilis),
                                  kapanis=_tr(before.kapanis)))
            last = "60"
        elif tag == "61":
            if last not in ("60", "61", "86"):
                errors.add(no, _l("%(no)s. satır: :61: hareketi açılış bakiyesiyle kapanış bakiyesi arasında "
                                  "olmalı.", no=no))
            line = _read_line(no, value, more, errors)
            count += 1
            if line is not None:
                current.hareketler.append(line)
            else:  # the balance check would only repeat it
                current.etiketler.add("hata")
            last = "61"
        elif tag == "86":
            if len(more) > 5 or any(len(t) > 65 for t in [value, *more]):
                errors.add(no, _l("%(no)s. satır: :86: açıklaması en çok 6 satır, satırı en çok 65 karakter "
                                  "olabilir.", no=no))
            if last == "61" and current.hareketler and current.hareketler[-1].no < no:
                current.hareketler[-1].aciklama = " ".join(t for t in [value, *more] if t)[:300]
            elif last not in ("61", "62", "64", "65"):
                errors.add(no, _l("%(no)s. satır: :86: bir :61: hareketinden sonra gelmeli.", no=no))
            last = "86" if last == "61" else last
        elif tag in ("62F", "62M"):
            if last not in ("60", "61", "86"):
                errors.add(no, _l("%(no)s. satır: kapanış bakiyesi (:62F:) hareketlerden sonra gelmeli.", no=no))
            current.kapanis = _read_balance(no, value, errors, _l("kapanış bakiyesi"))
            _check_total(no, current, errors)
            last = "62"
        elif tag in ("64", "65"):
            if last not in ("62", "64", "65"):
                errors.add(no, _l("%(no)s. satır: :%(tag)s: kapanış bakiyesinden sonra gelmeli.", no=no, tag=tag))
            _read_balance(no, value, errors, _l("kullanılabilir bakiye"))
            last = tag
        else:
            errors.add(no, _l("%(no)s. satırdaki :%(tag)s: alanı MT940 ekstresinde beklenmiyor.", no=no, tag=tag))
    if current is not None and "62" not in current.etiketler:
        errors.add(current.no, _l("%(no)s. satırda başlayan ekstrenin kapanış bakiyesi (:62F:) yok.", no=current.no))
    for s in statements:
        for name in ("25", "28"):
            if name not in s.etiketler:
                errors.add(s.no, _l("%(no)s. satırda başlayan ekstrede :%(tag)s: alanı yok.", no=s.no,
                                    tag="28C" if name == "28" else name))
        if "60" not in s.etiketler:
            errors.add(s.no, _l("%(no)s. satırda başlayan ekstrede açılış bakiyesi (:60F:) yok.", no=s.no))
    if count > EN_COK_HAREKET:
        raise MuhasebeError(_l("Ekstre en çok %(n)s hareket içerebilir.", n=EN_COK_HAREKET),
                            {"dosya": [_l("Dosyayı bölün.")]})
    if errors.by_line:
        numbers = ", ".join(sorted({k.split(".")[1] for k in errors.by_line}, key=int))
        raise MuhasebeError(_l("MT940 ekstresinde hatalı satırlar var (%(satirlar)s); dosya alınmadı.",
                               satirlar=numbers), dict(sorted(errors.by_line.items(),
                                                              key=lambda kv: int(kv[0].split(".")[1]))))
    if not statements:
        raise MuhasebeError(_l("Dosyada MT940 ekstresi yok (:20: ile başlayan bir ileti bekleniyor)."),
                            {"dosya": [_l("Bankanın SWIFT MT940 dosyasını seçin.")]})
    accounts = {_compact(s.hesap) for s in statements}
    if len(accounts) > 1:
        raise MuhasebeError(_l("Dosyadaki ekstreler birden çok hesaba ait (%(hesaplar)s); her hesabın ekstresini "
                               "ayrı alın.", hesaplar=", ".join(sorted(accounts))),
                            {"dosya": [_l("Tek hesabın ekstresi olmalı.")]})
    if not any(s.hareketler for s in statements):
        raise MuhasebeError(_l("Ekstrede hareket satırı yok."), {"dosya": [_l("Boş ekstre.")]})
    return statements


def _read_balance(no: int, value: str, errors: _Errors, what: object) -> Decimal | None:
    try:
        amount, _day_, currency = _balance(value)
    except OverflowError:
        errors.add(no, _l("%(no)s. satır: %(ne)s sınırı aşıyor.", no=no, ne=what))
        return None
    except ValueError:
        errors.add(no, _l("%(no)s. satır: %(ne)s C/D, YYAAGG tarih, para birimi ve virgüllü tutar olmalı "
                          "(ör. C261128TRY1250,00).", no=no, ne=what))
        return None
    if currency != PARA_BIRIMI:
        errors.add(no, _l("%(no)s. satır: para birimi %(pb)s; yalnız TRY hesapların ekstresi alınır.", no=no,
                          pb=currency))
        return None
    return amount


def _entry_date_ok(value_day: date, mmdd: str) -> bool:
    month, day = int(mmdd[:2]), int(mmdd[2:])
    for year in (value_day.year, value_day.year - 1, value_day.year + 1):
        try:
            date(year, month, day)
            return True
        except ValueError:
            continue
    return False


def _read_line(no: int, value: str, more: list[str], errors: _Errors) -> Hareket | None:
    m = _LINE.match(value)
    if m is None:
        errors.add(no, _l("%(no)s. satır: :61: hareketi valör (YYAAGG), [kayıt tarihi AAGG], C/D/RC/RD, virgüllü "
                          "tutar, işlem türü (NTRF…) ve referans olmalı.", no=no))
        return None
    try:
        value_day = _day(m.group(1))
    except ValueError:
        errors.add(no, _l("%(no)s. satır: valör %(t)s geçerli bir tarih değil.", no=no, t=m.group(1)))
        return None
    if m.group(2) and not _entry_date_ok(value_day, m.group(2)):
        errors.add(no, _l("%(no)s. satır: kayıt tarihi %(t)s geçerli bir tarih değil.", no=no, t=m.group(2)))
        return None
    amount = _amount(m.group(5))
    if amount >= SINIR:
        errors.add(no, _l("%(no)s. satır: tutar sınırı aşıyor.", no=no))
        return None
    if amount == 0:
        errors.add(no, _l("%(no)s. satır: tutar sıfır olamaz.", no=no))
        return None
    refs = m.group(7)
    customer, _sep, bank = refs.partition("//")
    if not customer or len(customer) > 16 or len(bank) > 16 or "//" in bank:
        errors.add(no, _l("%(no)s. satır: müşteri referansı 1–16 karakter (yoksa NONREF), banka referansı "
                          "// ardından en çok 16 karakter olmalı.", no=no))
        return None
    if len(more) > 1 or any(len(t) > 34 for t in more):
        errors.add(no, _l("%(no)s. satır: :61: alanının ek bilgisi tek satır, en çok 34 karakter olabilir.", no=no))
        return None
    mark = m.group(3)
    # C: money in; D: out; RC (a credit reversed): out; RD (a debit reversed): in
    signed = amount if mark in ("C", "RD") else -amount
    return Hareket(no, value_day, mark, signed, m.group(6), customer.strip(), bank.strip(), " ".join(more))


def _check_total(no: int, statement: Ekstre, errors: _Errors) -> None:
    if statement.acilis is None or statement.kapanis is None or "hata" in statement.etiketler:
        return
    total = statement.acilis + sum((h.tutar for h in statement.hareketler), Decimal(0))
    if total != statement.kapanis:
        errors.add(no, _l("%(no)s. satır: açılış bakiyesi ile hareketlerin toplamı %(hesap)s, kapanış bakiyesi "
                          "%(kapanis)s; ekstre tutmuyor.", no=no, hesap=_tr(total), kapanis=_tr(statement.kapanis)))


def _tr(amount: Decimal) -> str:
    return f"{amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def _compact(account: str) -> str:
    return re.sub(r"\s+", "", account).upper()


def hesap_tutar_mi(account: str, iban: str) -> bool:
    """Whether a ``:25:`` names the IBAN: the IBAN itself, or (bank code ``/``) the account
    number the IBAN ends with (a Turkish IBAN's last 16 digits are the account number)
    **[U]**: banks that put a branch/customer number in ``:25:`` are not recognised."""
    text = _compact(account)
    if text == iban:
        return True
    tail = text.rsplit("/", 1)[-1]
    if tail == iban:
        return True
    return tail.isdigit() and len(tail.lstrip("0")) >= 6 and iban[10:].lstrip("0").endswith(tail.lstrip("0")) \
        and len(tail.lstrip("0")) == len(iban[10:].lstrip("0"))
