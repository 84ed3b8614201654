"""The computations of Gelir, as pure functions of their inputs (no database, no Flask).

Every figure of law arrives as an argument (read from the dated parameter tables by the
services), so these functions hold no rate, date or threshold themselves.  Each returns
the steps it took, for the "how was this computed" panels.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_UP, Decimal

from ebelediye.formatting import plain

KURUS = Decimal("0.01")
ZERO = Decimal("0")
GUNLUK = Decimal("0.000001")  # the daily late-fee rate has 6 decimals (GİB)


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


@functools.lru_cache(maxsize=4096)  # a few hundred months, asked for by every late fee of every inquiry
def _son_gun(yil: int, ay: int) -> date:
    """The last day of a month (``ay`` may run past 12)."""
    yil, ay = yil + (ay - 1) // 12, (ay - 1) % 12 + 1
    return date(yil + ay // 12, ay % 12 + 1, 1) - timedelta(days=1)


def ay_sonu(vade: date, ay: int) -> date:
    """The last day of the ``ay``-th calendar month counted from the day after ``vade``.

    Months run from the day after vade (RULES §5.1, GİB): a month-end vade (30.09, 31.07,
    30.11) gives whole calendar months (01.10–31.10, …; 01.12–31.12), so it never gains a
    day; any other vade gives the same day ``ay`` months later (15.03 → 15.04), held at the
    month's end where that month is shorter (30.01 → 28.02).
    """
    last = _son_gun(vade.year, vade.month + ay)
    if vade == _son_gun(vade.year, vade.month):
        return last
    return last if vade.day > last.day else last.replace(day=vade.day)


def sure(vade: date, gun: date) -> tuple[int, int]:
    """Whole months and remaining days after ``vade`` up to and including ``gun`` (GİB's count)."""
    if gun <= vade:
        return 0, 0
    # the month counted to gun's own month ends in that month: past gun, one fewer is whole
    months = (gun.year - vade.year) * 12 + gun.month - vade.month
    if ay_sonu(vade, months) > gun:
        months -= 1
    end = ay_sonu(vade, months) if months else vade
    return months, (gun - end).days


def gunluk_oran(aylik: Decimal) -> Decimal:
    """The daily rate as a fraction: monthly % ÷ 100 ÷ 30, rounded UP to 6 decimals (3.7 → 0.001234)."""
    return (aylik / Decimal(3000)).quantize(GUNLUK, rounding=ROUND_CEILING)


def _oran(oranlar: Sequence[tuple[date, date, Decimal]], gun: date) -> Decimal:
    for piece_from, piece_to, rate in oranlar:
        if piece_from <= gun <= piece_to:
            return rate
    raise ValueError(f"{gun:%d.%m.%Y} için gecikme zammı oranı yok.")


def gecikme_zammi(
    anapara: Decimal, baslangic: date, gun: date,
    oranlar: Sequence[tuple[date, date, Decimal]], asgari: Decimal, *, adimlar: bool = True,
) -> GecikmeHesabi:
    """Late fee on ``anapara`` overdue since ``baslangic`` (its due date), as of ``gun``,
    by the GİB method (6183 m.51; RULES §5.1, the tahsilat tebliği's Örnek 2):

    - calendar months counted from the day after ``baslangic`` (``sure``);
    - each whole month at the monthly rate in force on the day that month starts;
    - the remaining days at that day's daily rate = monthly ÷ 30 rounded up to 6 decimals
      (the rate in force on the first of those days);
    - the total rounded to kuruş, at least ``asgari``.

    ``oranlar``: (from, to, % per month) pieces in date order, without gaps (as
    ``parameters.spans`` gives them), covering the days after ``baslangic`` up to ``gun``.
    ``adimlar=False`` leaves out the steps (the same amount, for callers that show none).
    """
    if anapara <= 0 or gun <= baslangic:
        return GecikmeHesabi(ZERO)
    months, days = sure(baslangic, gun)
    total = ZERO
    steps: list[Adim] = []
    # The whole months go piece by piece of the rate table, not month by month: a debt
    # years overdue has a hundred months and the table a handful of pieces.  The months
    # starting inside a piece are those from the first not yet charged up to the last
    # starting on or before the piece's end ``d``: month k starts the day after
    # ``ay_sonu(baslangic, k)``, so those are the first ``1 + sure(baslangic, d - 1 day)``.
    # Each month adds anapara × rate ÷ 100, so n of them add n times that: the same exact
    # Decimal figure (an amount below 10^12 TL keeps every sum far inside 28 digits).
    run: list = []  # consecutive whole months at one rate make one step: [first start, last end, rate, count]
    charged = 0
    for piece_from, piece_to, rate in oranlar:
        if charged == months:
            break
        start = _ay_basi(baslangic, charged)
        if piece_to < start:
            continue
        if piece_from > start:
            break  # a gap in the table: reported below
        upto = min(months, 1 + sure(baslangic, min(piece_to, gun) - timedelta(days=1))[0])
        count = upto - charged
        total += anapara * rate / Decimal(100) * count
        end = ay_sonu(baslangic, upto)
        if run and run[2] == rate:
            run[1], run[3] = end, run[3] + count
        else:
            if run and adimlar:
                steps.append(_ay_adimi(anapara, *run))
            run = [start, end, rate, count]
        charged = upto
    if charged < months:
        raise ValueError(f"{_ay_basi(baslangic, charged):%d.%m.%Y} için gecikme zammı oranı yok.")
    if run and adimlar:
        steps.append(_ay_adimi(anapara, *run))
    if days:
        start = _ay_basi(baslangic, months)
        rate = _oran(oranlar, start)
        daily = gunluk_oran(rate)
        part = anapara * daily * days
        total += part
        if adimlar:
            steps.append(Adim(f"{start:%d.%m.%Y}–{gun:%d.%m.%Y}: {tl(anapara)} × {days} gün × {_virgul(daily)} "
                              f"(günlük oran: %{_virgul(rate.normalize())} ÷ 30, 6 haneye yukarı yuvarlanmış)",
                              tl(part)))
    amount = kurus(total)
    if amount < asgari:
        if adimlar:
            steps.append(Adim("Asgari tutar uygulandı", tl(asgari)))
        amount = asgari
    return GecikmeHesabi(amount, tuple(steps))


def _ay_basi(baslangic: date, k: int) -> date:
    """The first day of the k-th (from 0) whole month after ``baslangic``."""
    return (ay_sonu(baslangic, k) if k else baslangic) + timedelta(days=1)


def _virgul(number: Decimal) -> str:
    return f"{number:f}".replace(".", ",")


def _ay_adimi(anapara: Decimal, start: date, end: date, rate: Decimal, count: int) -> Adim:
    part = anapara * rate / Decimal(100) * count
    return Adim(f"{start:%d.%m.%Y}–{end:%d.%m.%Y}: {tl(anapara)} × %{_virgul(rate.normalize())} × {count} ay "
                f"(ayın başladığı gün yürürlükteki oran)", tl(part))


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


def endeks_carpani(ydo: Decimal, katsayi: Decimal) -> Decimal:
    """1319 m.29: the yearly multiplier 1 + (the applied share of the previous year's YDO).

    ``katsayi`` is dated data (``emlak.ydo_katsayisi``): ½ before Law 7566, the full YDO
    (1) from the 2027 values, lower where the Cumhurbaşkanı lowers it.  The batch's SQL uses
    this same figure, so the two cannot drift.
    """
    return 1 + ydo * katsayi / Decimal(100)


def endeks_adimi(onceki: Decimal, ydo: Decimal, katsayi: Decimal, value: Decimal) -> Adim:
    return Adim(f"{tl(onceki)} × (1 + %{_virgul(ydo.normalize())} YDO × {_virgul(katsayi.normalize())}) "
                f"(1319 m.29)", tl(value))


def birim_deger(
    tutar: Decimal, *, endeksler: Sequence[tuple[int, Decimal, Decimal]] = (),
    onceki: Decimal | None = None, tavan: Decimal | None = None,
) -> tuple[Decimal, list[Adim]]:
    """The m² unit value a new assessment uses.

    The takdir commission's figure ``tutar``, indexed for each year after the one it was set
    for like the values themselves (1319 m.29; ``endeksler``: (year, the previous year's YDO,
    that year's m.29 share)), each year rounded to kuruş; then limited to ``tavan`` × the
    previous year's unit value ``onceki`` where such a cap is in force (2026, new
    liabilities: at most 3× the 2025 unit value, 1319 geçici m.23 and the Seri 89 tebliğ,
    whose example turns 4,000 TL/m² over a 600 TL/m² 2025 value into 1,800).
    """
    value, steps = tutar, []
    for yil, ydo, katsayi in endeksler:
        indexed = kurus(value * endeks_carpani(ydo, katsayi))
        steps.append(Adim(f"{yil} birim değeri: {tl(value)} × (1 + %{_virgul(ydo.normalize())} YDO × "
                          f"{_virgul(katsayi.normalize())}) (1319 m.29)", tl(indexed)))
        value = indexed
    if onceki is not None and tavan is not None and value > onceki * tavan:
        capped = kurus(onceki * tavan)
        steps.append(Adim(f"Birim değer tavanı: önceki yılın birim değeri {tl(onceki)} × {_virgul(tavan.normalize())} "
                          "(1319 geçici m.23, Seri 89 tebliğ)", tl(capped)))
        value = capped
    return value, steps


def yillik_deger(
    *, takdir: tuple[Decimal, list[Adim]] | None, onceki: Decimal | None, takdir_yili_mi: bool,
    ydo: Decimal | None, tavan_katsayisi: Decimal | None, ydo_katsayisi: Decimal | None = None,
) -> Degerleme:
    """The year's vergi değeri.

    In a valuation (takdir) year, or with no previous value, it comes from the unit values,
    limited to ``tavan_katsayisi`` × last year's value where a cap is in force (2026:
    at most 3×).  Between takdir years it is last year's value × ``endeks_carpani`` of the
    previous year's revaluation rate and the year's m.29 share (1319 m.29).
    """
    if onceki is not None and not takdir_yili_mi:
        if ydo is None:
            raise ValueError("Önceki yılın yeniden değerleme oranı girilmemiş.")
        if ydo_katsayisi is None:
            raise ValueError("Yeniden değerleme katsayısı (1319 m.29) girilmemiş.")
        value = kurus(onceki * endeks_carpani(ydo, ydo_katsayisi))
        return Degerleme(value, "endeks", (endeks_adimi(onceki, ydo, ydo_katsayisi, value),))
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
    #: paid whole or not at all (a tecil installment): money short of it goes on to the next debt
    butun: bool = False


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
    the unpaid part stays an open debt that bears no further late fee.  A debt marked
    ``butun`` (a tecil installment) is paid whole or skipped.  What is left after every debt
    is paid is the taxpayer's credit.
    """
    if tutar <= 0 or tutar != kurus(tutar):
        raise ValueError("Tutar sıfırdan büyük ve en çok iki ondalık olmalı.")
    result = Dagitim()
    left = tutar
    for kalem in siraya_koy(kalemler):
        if left <= 0:
            break
        if kalem.butun and left < kalem.anapara + kalem.gecikme_acik + kalem.gecikme_yeni:
            continue
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


# --- tecil and installments (6183 m.48) ---------------------------------------------------

@dataclass(frozen=True)
class TecilTaksidi:
    """One installment of a plan: its shares of principal and late fee, and its interest."""

    sira: int
    vade: date
    anapara: Decimal
    gecikme: Decimal
    faiz: Decimal
    gun: int
    adimlar: tuple[Adim, ...] = ()

    @property
    def toplam(self) -> Decimal:
        return self.anapara + self.gecikme + self.faiz


@dataclass(frozen=True)
class TecilHesabi:
    tecil_tarihi: date
    anapara: Decimal
    gecikme: Decimal
    taksitler: tuple[TecilTaksidi, ...]

    @property
    def faiz(self) -> Decimal:
        return sum((t.faiz for t in self.taksitler), ZERO)

    @property
    def toplam(self) -> Decimal:
        return self.anapara + self.gecikme + self.faiz


def tecil_faizi(
    tutar: Decimal, bas: date, son: date, oranlar: Sequence[tuple[date, date, Decimal]],
) -> tuple[Decimal, int, list[Adim]]:
    """Tecil faizi on ``tutar`` from the tecil day ``bas`` to the due day ``son``, both counted
    (vergisozlugu.net: "taksit tutarı × yıllık oran × gün sayısı / 36000", the payment day
    included), each day at the yearly rate in force on it (Seri C No 9: the old rate up to a
    change, the new one after); the total rounded to kuruş once.  Returns (interest, days, steps).

    ``oranlar``: (from, to, % per year) pieces covering ``bas`` to ``son``.
    """
    if tutar <= 0 or son < bas:
        return ZERO, 0, []
    total, steps, days = ZERO, [], 0
    for piece_from, piece_to, rate in oranlar:
        start, end = max(piece_from, bas), min(piece_to, son)
        if start > end:
            continue
        count = (end - start).days + 1
        part = tutar * rate * count / Decimal(36000)
        total += part
        days += count
        steps.append(Adim(f"{start:%d.%m.%Y}–{end:%d.%m.%Y}: {tl(tutar)} × %{_virgul(rate.normalize())} × "
                          f"{count} gün ÷ 36.000", tl(part)))
    if days != (son - bas).days + 1:
        raise ValueError(f"{bas:%d.%m.%Y}–{son:%d.%m.%Y} için tecil faizi oranı eksik.")
    return kurus(total), days, steps


def tecil_plani(
    anapara: Decimal, gecikme: Decimal, tecil_tarihi: date, vadeler: Sequence[date],
    oranlar: Sequence[tuple[date, date, Decimal]],
) -> TecilHesabi:
    """A tecil plan: the principal and the late fee up to the tecil day are each split into
    ``len(vadeler)`` equal installments (the odd kuruş to the first, as ``taksitler``); each
    installment's principal bears tecil faizi from the tecil day to its own due day
    (``tecil_faizi``).  The late fee bears no interest, as it bears no late fee.

    Charging each installment's principal for its own days is the same total as charging the
    remaining principal for each period between due days; it puts the interest on the
    installment that pays that principal.
    """
    if not vadeler:
        raise ValueError("En az bir taksit gerekli.")
    if any(v <= tecil_tarihi for v in vadeler) or list(vadeler) != sorted(set(vadeler)):
        raise ValueError("Taksit vadeleri tecil tarihinden sonra ve sıralı olmalı.")
    principal_parts = taksitler(anapara, len(vadeler))
    fee_parts = taksitler(gecikme, len(vadeler))
    rows = []
    for sira, (vade, principal, fee) in enumerate(zip(vadeler, principal_parts, fee_parts, strict=True), start=1):
        faiz, gun, steps = tecil_faizi(principal, tecil_tarihi, vade, oranlar)
        rows.append(TecilTaksidi(sira, vade, principal, fee, faiz, gun, tuple(steps)))
    return TecilHesabi(tecil_tarihi, anapara, gecikme, tuple(rows))


def paylara_bol(kalemler: Sequence[tuple[int, str, Decimal]], paylar: Sequence[Decimal]) -> list[list[tuple[int, str, Decimal]]]:
    """Spread ``kalemler`` (accrual id, revenue code, open amount; in the order a payment
    applies them) over consecutive shares ``paylar`` that add up to them: which part of which
    accrual each installment pays."""
    if sum(paylar, ZERO) != sum((k[2] for k in kalemler), ZERO):
        raise ValueError("Paylar kalemlerin toplamına eşit olmalı.")
    out: list[list[tuple[int, str, Decimal]]] = []
    queue = [list(k) for k in kalemler if k[2] > 0]
    for share in paylar:
        part: list[tuple[int, str, Decimal]] = []
        left = share
        while left > 0:
            head = queue[0]
            take = min(left, head[2])
            part.append((head[0], head[1], take))
            head[2] -= take
            left -= take
            if head[2] == 0:
                queue.pop(0)
        out.append(part)
    return out


# --- restructuring campaigns (yapılandırma) ------------------------------------------------

@dataclass(frozen=True)
class YapilandirmaBorcu:
    """One debt under a restructuring: its principal, the late fee it had, the amount the
    campaign puts in its place, and how that was computed."""

    tahakkuk_id: int
    vade: date
    anapara: Decimal
    gecikme: Decimal
    yeni: Decimal
    adimlar: tuple[Adim, ...] = ()


@dataclass(frozen=True)
class YapilandirmaHesabi:
    borclar: tuple[YapilandirmaBorcu, ...]
    katsayi: Decimal
    #: the new amount waived for paying at once
    indirim: Decimal
    #: the installment coefficient's increase on principal + new amount
    artis: Decimal
    taksitler: tuple[TecilTaksidi, ...]

    @property
    def anapara(self) -> Decimal:
        return sum((b.anapara for b in self.borclar), ZERO)

    @property
    def gecikme(self) -> Decimal:
        """The late fee the debts had (what the restructuring removes)."""
        return sum((b.gecikme for b in self.borclar), ZERO)

    @property
    def yeni(self) -> Decimal:
        """The amount replacing the late fees, after the cash discount."""
        return sum((b.yeni for b in self.borclar), ZERO) - self.indirim

    @property
    def fer_i(self) -> Decimal:
        return self.yeni + self.artis

    @property
    def toplam(self) -> Decimal:
        return self.anapara + self.fer_i

    @property
    def kazanc(self) -> Decimal:
        """What the taxpayer saves against paying principal and late fee today."""
        return self.anapara + self.gecikme - self.toplam


def yapilandirma_tutari(anapara: Decimal, vade: date, hesap_sonu: date, yontem: str,
                        oranlar: Sequence[tuple[date, date, Decimal]]) -> tuple[Decimal, tuple[Adim, ...]]:
    """The amount a campaign puts in place of a debt's late fee: nothing (``vazgec``), or the
    late fee's own method and periods (``gecikme_zammi``: whole months from the day after
    vade, then days) from vade to ``hesap_sonu`` with ``oranlar`` in place of the late-fee
    rates — the Yİ-ÜFE monthly changes (``yi_ufe``) or one rate (``aylik_oran``).  No minimum."""
    if yontem == "vazgec" or hesap_sonu <= vade:
        return ZERO, (Adim("Gecikme zammı yerine tutar yok (vazgeçildi)", tl(ZERO)),)
    computed = gecikme_zammi(anapara, vade, hesap_sonu, oranlar, ZERO)
    return computed.tutar, computed.adimlar


def yapilandirma_plani(
    borclar: Sequence[tuple[int, date, Decimal, Decimal, Sequence[tuple[date, date, Decimal]]]],
    vadeler: Sequence[date], *, yontem: str, hesap_sonu: date, katsayi: Decimal, pesin_indirim: Decimal,
) -> YapilandirmaHesabi:
    """A restructuring of ``borclar`` (accrual id, vade, principal, late fee, the rates in
    place of the late fee's over its days: see ``yapilandirma_tutari``): each late fee
    replaced by the campaign's amount; paid at once, ``pesin_indirim`` % of that amount is
    waived; in installments, principal + amount times ``katsayi`` is split into equal
    installments (the odd kuruş to the first), principal and the rest separately."""
    if not vadeler or list(vadeler) != sorted(set(vadeler)):
        raise ValueError("Taksit vadeleri sıralı olmalı.")
    if katsayi < 1:
        raise ValueError("Katsayı 1'den küçük olamaz.")
    rows = []
    for tahakkuk_id, vade, anapara, gecikme, oranlar in borclar:
        amount, steps = yapilandirma_tutari(anapara, vade, hesap_sonu, yontem, oranlar)
        rows.append(YapilandirmaBorcu(tahakkuk_id, vade, anapara, gecikme, amount, steps))
    principal = sum((r.anapara for r in rows), ZERO)
    new = sum((r.yeni for r in rows), ZERO)
    discount = kurus(new * pesin_indirim / 100) if len(vadeler) == 1 else ZERO
    new -= discount
    increase = kurus((principal + new) * katsayi) - principal - new
    principal_parts = taksitler(principal, len(vadeler))
    rest_parts = taksitler(new + increase, len(vadeler))
    installments = tuple(
        TecilTaksidi(sira, vade, p, ZERO, r, 0) for sira, (vade, p, r) in
        enumerate(zip(vadeler, principal_parts, rest_parts, strict=True), start=1))
    return YapilandirmaHesabi(tuple(rows), katsayi, discount, increase, installments)


def ay_ekle(gun: date, ay: int) -> date:
    """The same day ``ay`` months later, held at a shorter month's end."""
    month = gun.month - 1 + ay
    year, month = gun.year + month // 12, month % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(gun.day, last))


def takvim_ay_sonu(gun: date) -> date:
    """The last day of ``gun``'s calendar month."""
    return date(gun.year + gun.month // 12, gun.month % 12 + 1, 1) - timedelta(days=1)


def gec_odeme_zammi(tutar: Decimal, vade: date, gun: date,
                    oranlar: Sequence[tuple[date, date, Decimal]]) -> tuple[Decimal, list[Adim]]:
    """The late-payment surcharge (geç ödeme zammı) on a restructuring installment of
    ``tutar`` due ``vade`` and paid ``gun``: the late fee's monthly rate "for each month and
    part of a month" of delay (the restructuring laws' wording, quoted in docs/gelir.md) —
    every month begun counts whole, at the rate in force on its first day (``oranlar``:
    pieces of % a month), each month's part rounded to the kuruş."""
    if gun <= vade or tutar <= 0:
        return ZERO, []
    total, steps, k = ZERO, [], 0
    while ay_ekle(vade, k) < gun:
        first = ay_ekle(vade, k) + timedelta(days=1)
        rate = next((r for start, end, r in oranlar if start <= first <= end), None)
        if rate is None:  # the rates in force cover every day after vade (parametre.gecikme_oranlari)
            rate = oranlar[-1][2] if oranlar else ZERO
        part = kurus(tutar * rate / 100)
        steps.append(Adim(f"{k + 1}. ay ({first:%d.%m.%Y}'den): {tl(tutar)} × %{rate}", tl(part)))
        total += part
        k += 1
    return total, steps


def ufe_oranlari(aylik: Sequence[tuple[date, date, Decimal]], vade: date, hesap_sonu: date,
                 yayim: date) -> list[tuple[date, date, Decimal]]:
    """The Yİ-ÜFE monthly changes ``aylik`` (pieces by calendar month) as late-fee rate
    pieces for a debt due ``vade``: the first month of delay takes the change of vade's own
    month (also for a month-end vade), each next month the next month's — so the piece of
    month M covers the days whose previous day is in M — and the law's publication month
    ``yayim`` takes the month before's (6736 m.1; 7256 m.1/2-ç)."""
    pieces = [(start + timedelta(days=1), end + timedelta(days=1), rate) for start, end, rate in aylik]
    publication = date(yayim.year, yayim.month, 1)
    pieces = [(start, min(end, publication), rate) for start, end, rate in pieces if start <= publication]
    if pieces and hesap_sonu >= publication and pieces[-1][1] == publication:
        start, _end, rate = pieces[-1]
        pieces[-1] = (start, max(hesap_sonu, publication) + timedelta(days=1), rate)
    return pieces
