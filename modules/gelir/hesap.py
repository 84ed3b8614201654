"""The computations of Gelir, as pure functions of their inputs (no database, no Flask).

Every figure of law arrives as an argument (read from the dated parameter tables by the
services), so these functions hold no rate, date or threshold themselves.  Each returns
the steps it took, for the "how was this computed" panels.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta

from ebelediye.formatting import plain

KURUS = Decimal("0.01")
ZERO = Decimal("0")


def kurus(amount: Decimal) -> Decimal:
    """Round to kuruş, half up (as the tax offices do)."""
    return amount.quantize(KURUS, rounding=ROUND_HALF_UP)


def tl(amount: Decimal) -> str:
    """Format as Turkish money: 1.234,56."""
    text = f"{kurus(amount):,.2f}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".")


@dataclass(frozen=True)
class Adim:
    """One step of a computation: what, and the figure it produced."""

    adim: str
    deger: str

    def as_dict(self) -> dict:
        return {"adim": self.adim, "deger": self.deger}


# --- due dates --------------------------------------------------------------------------

def is_gunu_mu(day: date, tatil_mi: Callable[[date], bool]) -> bool:
    return day.weekday() < 5 and not tatil_mi(day)


def vade_gunu(day: date, tatil_mi: Callable[[date], bool]) -> date:
    """A deadline on a weekend or public holiday moves to the next working day (VUK m.18)."""
    while not is_gunu_mu(day, tatil_mi):
        day += timedelta(days=1)
    return day


# --- late-payment surcharge (gecikme zammı, 6183 m.51) ------------------------------------

@dataclass(frozen=True)
class GecikmeHesabi:
    tutar: Decimal
    adimlar: tuple[Adim, ...] = ()


def sure(bas: date, son: date) -> tuple[int, int]:
    """Full months and remaining days from the day after ``bas`` up to and including ``son``."""
    delta = relativedelta(son, bas)
    return delta.years * 12 + delta.months, delta.days


def gecikme_zammi(
    anapara: Decimal, baslangic: date, gun: date,
    oranlar: Sequence[tuple[date, date, Decimal]], asgari: Decimal,
) -> GecikmeHesabi:
    """Late fee on ``anapara`` overdue since ``baslangic`` (its due date), as of ``gun``.

    Full months plus days at the monthly rate / 30; where the rate changed inside the
    period, each rate applies to the part it was in force (``oranlar``: (from, to, % per
    month) pieces covering the days after ``baslangic`` up to ``gun``); at least ``asgari``.
    """
    if anapara <= 0 or gun <= baslangic:
        return GecikmeHesabi(ZERO)
    total = ZERO
    steps: list[Adim] = []
    for piece_from, piece_to, rate in oranlar:
        start = max(piece_from, baslangic + timedelta(days=1))
        end = min(piece_to, gun)
        if end < start:
            continue
        months, days = sure(start - timedelta(days=1), end)
        part = anapara * rate / Decimal(100) * (Decimal(months) + Decimal(days) / Decimal(30))
        total += part
        steps.append(Adim(f"{start:%d.%m.%Y}–{end:%d.%m.%Y}: {tl(anapara)} × %{plain(rate)} × "
                          f"({months} ay + {days}/30 gün)", tl(part)))
    amount = kurus(total)
    if amount < asgari:
        steps.append(Adim("Asgari tutar uygulandı", tl(asgari)))
        amount = asgari
    return GecikmeHesabi(amount, tuple(steps))


# --- property tax (emlak vergisi, 1319) ---------------------------------------------------

@dataclass(frozen=True)
class Degerleme:
    vergi_degeri: Decimal
    yontem: str  # takdir | endeks | tavan
    adimlar: tuple[Adim, ...]


def takdir_degeri(
    tur: str, *, arsa_alani: Decimal, arsa_payi_alani: Decimal, bina_alani: Decimal,
    birim_deger: Decimal, insaat_maliyeti: Decimal | None,
) -> tuple[Decimal, list[Adim]]:
    """Vergi değeri from unit values: land area × m² unit value; a building adds its land
    share's value to gross area × the building cost of its class."""
    steps: list[Adim] = []
    if tur in ("arsa", "arazi"):
        value = kurus(arsa_alani * birim_deger)
        steps.append(Adim(f"{plain(arsa_alani)} m² × {tl(birim_deger)} TL/m² birim değer", tl(value)))
        return value, steps
    if insaat_maliyeti is None:
        raise ValueError("Bina için inşaat maliyet bedeli gerekli.")
    land = kurus(arsa_payi_alani * birim_deger)
    building = kurus(bina_alani * insaat_maliyeti)
    steps.append(Adim(f"Arsa payı: {plain(arsa_payi_alani)} m² × {tl(birim_deger)} TL/m²", tl(land)))
    steps.append(Adim(f"Bina: {plain(bina_alani)} m² brüt × {tl(insaat_maliyeti)} TL/m² inşaat maliyeti", tl(building)))
    return land + building, steps


def yillik_deger(
    *, takdir: tuple[Decimal, list[Adim]] | None, onceki: Decimal | None, takdir_yili_mi: bool,
    ydo: Decimal | None, tavan_katsayisi: Decimal | None,
) -> Degerleme:
    """The year's vergi değeri.

    In a valuation (takdir) year, or with no previous value, it comes from the unit values,
    limited to ``tavan_katsayisi`` × last year's value where a cap is in force (2026:
    at most 3×).  Between takdir years it is last year's value raised by half the
    previous year's revaluation rate (1319 m.29).
    """
    if onceki is not None and not takdir_yili_mi:
        if ydo is None:
            raise ValueError("Önceki yılın yeniden değerleme oranı girilmemiş.")
        value = kurus(onceki * (1 + ydo / Decimal(200)))
        return Degerleme(value, "endeks", (Adim(f"{tl(onceki)} × (1 + %{plain(ydo)} / 2)", tl(value)),))
    if takdir is None:
        raise ValueError("Takdir için birim değer gerekli.")
    value, steps = takdir
    method = "takdir"
    if onceki is not None and tavan_katsayisi is not None and value > onceki * tavan_katsayisi:
        capped = kurus(onceki * tavan_katsayisi)
        steps = [*steps, Adim(f"Tavan: önceki yıl {tl(onceki)} × {plain(tavan_katsayisi)}", tl(capped))]
        value, method = capped, "tavan"
    return Degerleme(value, method, tuple(steps))


@dataclass(frozen=True)
class VergiHesabi:
    matrah: Decimal
    vergi: Decimal
    adimlar: tuple[Adim, ...]


def emlak_vergisi(
    vergi_degeri: Decimal, *, pay: int, payda: int, oran_binde: Decimal, carpan: Decimal,
    sifir_oran: bool = False, istisna: Decimal = ZERO,
) -> VergiHesabi:
    """An owner's yearly tax: value × share, less any land exemption, × rate (‰) × the
    metropolitan multiplier; zero for an approved single-dwelling relief."""
    share = vergi_degeri * Decimal(pay) / Decimal(payda)
    steps = [Adim(f"Hisse: {tl(vergi_degeri)} × {pay}/{payda}", tl(share))]
    base = share - istisna
    if istisna:
        steps.append(Adim(f"Arazi istisnası düşüldü: {tl(istisna)}", tl(base)))
    base = max(base, ZERO)
    rate = oran_binde * carpan
    if sifir_oran:
        steps.append(Adim("Tek konut sıfır oran (1319 m.8/2)", "0,00"))
        return VergiHesabi(kurus(base), ZERO, tuple(steps))
    tax = kurus(base * rate / Decimal(1000))
    label = f"‰{plain(oran_binde)}" + (f" × {plain(carpan)} (büyükşehir/mücavir alan)" if carpan != 1 else "")
    steps.append(Adim(f"{tl(base)} × {label}", tl(tax)))
    return VergiHesabi(kurus(base), tax, tuple(steps))


def arazi_istisnalari(payli_degerler: Sequence[Decimal], esik: Decimal) -> list[Decimal]:
    """Spread one taxpayer's land exemption (the first ``esik`` TL of his total land value)
    over his land shares, in proportion to their values."""
    total = sum(payli_degerler, ZERO)
    if total <= 0:
        return [ZERO for _ in payli_degerler]
    exempt = min(total, esik)
    # Largest remainder: each part rounded down to kuruş, the kuruş left over to the parts
    # that lost most (first ones first on a tie), so the parts add up to the exemption and
    # none exceeds its share's value or falls below zero (putting the whole rounding
    # difference on the last share made a tiny last share's part negative).
    exact = [v * exempt / total for v in payli_degerler]
    parts = [e.quantize(KURUS, rounding=ROUND_DOWN) for e in exact]
    left = int((exempt - sum(parts, ZERO)) / KURUS)
    for i in sorted(range(len(parts)), key=lambda i: (parts[i] - exact[i], i))[:left]:
        parts[i] += KURUS
    return parts


def taksitler(tutar: Decimal, adet: int = 2) -> list[Decimal]:
    """Equal installments in kuruş; the rounding remainder goes to the first."""
    if adet <= 1:
        return [tutar]
    each = (tutar / adet).quantize(KURUS, rounding="ROUND_DOWN")
    return [tutar - each * (adet - 1), *([each] * (adet - 1))]


# --- other revenues ---------------------------------------------------------------------

def ilan_reklam_vergisi(alan: Decimal, adet: int, tarife: Decimal, donem_sayisi: int) -> VergiHesabi:
    """m² × pieces × tariff × periods (years or weeks, as the tariff line says)."""
    tax = kurus(alan * adet * tarife * donem_sayisi)
    return VergiHesabi(tax, tax, (Adim(f"{alan} m² × {adet} adet × {tl(tarife)} × {donem_sayisi} dönem", tl(tax)),))


def ctv_konut(m3: Decimal, birim: Decimal) -> Decimal:
    return kurus(m3 * birim)


# --- applying a payment -----------------------------------------------------------------

@dataclass
class AcikKalem:
    """An open debt as a payment sees it on the payment day."""

    tahakkuk_id: int
    vade: date
    oncelik: int
    anapara: Decimal  # open principal
    gecikme_acik: Decimal = ZERO  # late fees accrued earlier and still open
    gecikme_yeni: Decimal = ZERO  # late fee run up since, not yet accrued


@dataclass
class Dagitim:
    """How a payment was applied: new late-fee accruals, payments to late fees, to principal."""

    yeni_gecikme: dict[int, Decimal] = field(default_factory=dict)  # tahakkuk id → late fee to accrue
    gecikmeye: dict[int, Decimal] = field(default_factory=dict)  # tahakkuk id → paid to its late fees
    anaparaya: dict[int, Decimal] = field(default_factory=dict)  # tahakkuk id → paid to principal
    artan: Decimal = ZERO  # kept as the taxpayer's credit

    @property
    def uygulanan(self) -> Decimal:
        return sum(self.gecikmeye.values(), ZERO) + sum(self.anaparaya.values(), ZERO)


def siraya_koy(kalemler: Iterable[AcikKalem]) -> list[AcikKalem]:
    """Oldest due date first; on the same date, by the revenue's priority, then by id."""
    return sorted(kalemler, key=lambda k: (k.vade, k.oncelik, k.tahakkuk_id))


def dagit(tutar: Decimal, kalemler: Iterable[AcikKalem]) -> Dagitim:
    """Apply ``tutar`` oldest debt first, each debt's late fees before its principal.

    A debt the payment reaches has its late fee run up to the payment day accrued in
    full (it is "accrued when collected"), even if the payment covers only part of it;
    the unpaid part stays an open debt that bears no further late fee.  What is left after
    every debt is paid is the taxpayer's credit.
    """
    if tutar <= 0 or tutar != kurus(tutar):
        raise ValueError("Tutar sıfırdan büyük ve en çok iki ondalık olmalı.")
    result = Dagitim()
    left = tutar
    for kalem in siraya_koy(kalemler):
        if left <= 0:
            break
        if kalem.gecikme_yeni > 0:
            result.yeni_gecikme[kalem.tahakkuk_id] = kalem.gecikme_yeni
        fees = kalem.gecikme_acik + kalem.gecikme_yeni
        to_fees = min(left, fees)
        if to_fees > 0:
            result.gecikmeye[kalem.tahakkuk_id] = to_fees
            left -= to_fees
        to_principal = min(left, kalem.anapara)
        if to_principal > 0:
            result.anaparaya[kalem.tahakkuk_id] = to_principal
            left -= to_principal
    result.artan = left
    return result
