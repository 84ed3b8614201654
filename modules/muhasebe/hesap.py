"""Pure computations of the ledger (no SQLAlchemy, no Flask): balance, reversal, the
budget line a code belongs to, the mizan's totals and control rules (RULES §6.1), and the
cells of an export made harmless to spreadsheets."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Satir:
    """A voucher line before it is written: an account, budget codes, one side."""

    hesap: str
    borc: Decimal = ZERO
    alacak: Decimal = ZERO
    kurumsal: str = ""
    fonksiyonel: str = ""
    finansman: str = ""
    ekonomik: str = ""
    aciklama: str = ""

    @property
    def ana_hesap(self) -> str:
        return self.hesap.split(".")[0]


def borc(hesap: str, tutar: Decimal, **codes: str) -> Satir:
    """A debit line; a negative amount (a difference run that lowers) becomes a credit."""
    return Satir(hesap, borc=tutar, **codes) if tutar >= 0 else Satir(hesap, alacak=-tutar, **codes)


def alacak(hesap: str, tutar: Decimal, **codes: str) -> Satir:
    return Satir(hesap, alacak=tutar, **codes) if tutar >= 0 else Satir(hesap, borc=-tutar, **codes)


def toplamlar(satirlar: Iterable[Satir]) -> tuple[Decimal, Decimal]:
    debit = credit = ZERO
    for s in satirlar:
        debit += s.borc
        credit += s.alacak
    return debit, credit


def dengeli(satirlar: Sequence[Satir]) -> bool:
    debit, credit = toplamlar(satirlar)
    return debit == credit


def ters(satirlar: Iterable[Satir]) -> list[Satir]:
    """The reversing lines: every debit becomes a credit of the same amount and codes."""
    return [replace(s, borc=s.alacak, alacak=s.borc) for s in satirlar]


def sifirsiz(satirlar: Iterable[Satir]) -> list[Satir]:
    """Drop lines of zero (an event line of 0,00 posts nothing)."""
    return [s for s in satirlar if s.borc != 0 or s.alacak != 0]


def ekonomik_kalem(ekonomik: str) -> str:
    """The budget line a gider ekonomik code is appropriated at: its first two levels
    (RULES §6.2 item 7: 905.03.05 for 03.05.01.04; payroll's 01.1.1.01 -> 01.1)."""
    return ".".join(ekonomik.split(".")[:2])


def bakiye(borc_toplam: Decimal, alacak_toplam: Decimal) -> tuple[Decimal, Decimal]:
    """(debit balance, credit balance): one of them is zero."""
    diff = borc_toplam - alacak_toplam
    return (diff, ZERO) if diff >= 0 else (ZERO, -diff)


def ters_bakiye_mi(yon: str, borc_toplam: Decimal, alacak_toplam: Decimal) -> bool:
    """Whether an account whose balance must be on ``yon`` ("B"/"A") is on the other side."""
    if yon == "B":
        return alacak_toplam > borc_toplam
    if yon == "A":
        return borc_toplam > alacak_toplam
    return False


@dataclass(frozen=True)
class MizanSatiri:
    kod: str
    ad: str
    borc: Decimal
    alacak: Decimal
    ana: bool  # a main account's total line (sub-accounts roll into it)

    @property
    def borc_bakiye(self) -> Decimal:
        return bakiye(self.borc, self.alacak)[0]

    @property
    def alacak_bakiye(self) -> Decimal:
        return bakiye(self.borc, self.alacak)[1]


def mizan(hareketler: dict[str, tuple[Decimal, Decimal]], adlar: dict[str, str]) -> list[MizanSatiri]:
    """The trial balance: each main account with the total of its sub-accounts, then the
    sub-accounts that moved, in code order."""
    mains: dict[str, list[Decimal]] = {}
    for kod, (debit, credit) in hareketler.items():
        totals = mains.setdefault(kod.split(".")[0], [ZERO, ZERO])
        totals[0] += debit
        totals[1] += credit
    rows: list[MizanSatiri] = []
    for main in sorted(mains):
        rows.append(MizanSatiri(main, adlar.get(main, ""), mains[main][0], mains[main][1], True))
        for kod in sorted(k for k in hareketler if k.split(".")[0] == main and k != main):
            debit, credit = hareketler[kod]
            rows.append(MizanSatiri(kod, adlar.get(kod, ""), debit, credit, False))
    return rows


@dataclass(frozen=True)
class Kontrol:
    kural: str
    sol: Decimal
    sag: Decimal

    @property
    def tutuyor(self) -> bool:
        return self.sol == self.sag


def kontroller(rows: Sequence[MizanSatiri]) -> list[Kontrol]:
    """The Muhasebat's mizan control rules (RULES §6.1, [C2]) over the main accounts."""
    main = {r.kod: r for r in rows if r.ana}

    def b(kod: str) -> Decimal:
        return main[kod].borc if kod in main else ZERO

    def a(kod: str) -> Decimal:
        return main[kod].alacak if kod in main else ZERO

    total_debit = sum((r.borc for r in main.values()), ZERO)
    total_credit = sum((r.alacak for r in main.values()), ZERO)
    return [
        Kontrol("Σ borç = Σ alacak", total_debit, total_credit),
        # balances, not turnovers: a refund moves 805 back (810 B / 805 A)
        Kontrol("800 A = 805 B + 810 B", a("800") - b("800"), b("805") - a("805") + b("810") - a("810")),
        Kontrol("835 A = 830 B + 834 B", a("835") - b("835"), b("830") - a("830") + b("834") - a("834")),
        Kontrol("900–905 borç = alacak", sum((b(k) for k in ("900", "901", "905")), ZERO),
                sum((a(k) for k in ("900", "901", "905")), ZERO)),
    ]


_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def hucre(value: object) -> object:
    """A cell for CSV/XLSX: text that a spreadsheet would run as a formula gets a quote."""
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value
