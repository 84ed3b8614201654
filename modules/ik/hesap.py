"""İK's computations, as pure functions of their inputs (no database, no Flask).

Every figure of law (minimum wage, SGK floor/ceiling and shares, the income-tax tariff, the
stamp-tax rate, the memur coefficients) arrives as an argument, read by the services from
the dated national parameters (RULES §7); these functions hold no rate or threshold.  Each
result carries the steps it took, for the payslip's "how was this computed" panel.

The tax chain (RULES §7.3, §7.4, §7.7) for every employee:

    SGK base      = gross within [floor, ceiling] (scaled by the days worked)
    GV matrahı    = gross − employee SGK − employee unemployment (taxable gross for memurs)
    GV            = tariff(cumulative matrah after) − tariff(cumulative matrah before)
    GV istisnası  = the same for the minimum wage's matrah of the month, capped at GV
    DV            = stamp base × rate − min(minimum wage × rate, that)  (the taxable gross
                    and a memur's items outside income tax only)
    net           = gross − every deduction
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

KURUS = Decimal("0.01")
ZERO = Decimal("0")
OTUZ = 30


def kurus(amount: Decimal) -> Decimal:
    """Round to kuruş, half up."""
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


# --- income tax tariff (GVK m.103) --------------------------------------------------------

@dataclass(frozen=True)
class Tarife:
    """The wage tariff of one year: upper limits of the brackets and the rates (one rate
    more than limits: the last applies above the last limit)."""

    sinirlar: tuple[Decimal, ...]
    oranlar: tuple[Decimal, ...]

    def __post_init__(self) -> None:
        if len(self.oranlar) != len(self.sinirlar) + 1:
            raise ValueError("a tariff has one rate more than limits")
        if list(self.sinirlar) != sorted(self.sinirlar):
            raise ValueError("the limits of a tariff rise")

    def vergi(self, matrah: Decimal) -> Decimal:
        """The tax on an annual (cumulative) matrah, to the kuruş."""
        return kurus(self._vergi(matrah))

    def artis(self, once: Decimal, sonra: Decimal) -> Decimal:
        """The tax a month adds when the cumulative matrah goes from ``once`` to ``sonra``:
        the exact difference, rounded once (so twelve equal months give twelve equal figures,
        as the published exemptions are: 4,420.93 Sep-Dec 2025)."""
        return kurus(self._vergi(sonra) - self._vergi(once))

    def _vergi(self, matrah: Decimal) -> Decimal:
        if matrah <= 0:
            return ZERO
        tax, lower = ZERO, ZERO
        for limit, rate in zip((*self.sinirlar, None), self.oranlar, strict=True):
            top = matrah if limit is None else min(matrah, limit)
            if top > lower:
                tax += (top - lower) * rate
            if limit is None or matrah <= limit:
                break
            lower = limit
        return tax

    def dilim(self, matrah: Decimal) -> int:
        """The bracket (1-based) a cumulative matrah ends in."""
        for n, limit in enumerate(self.sinirlar, start=1):
            if matrah <= limit:
                return n
        return len(self.oranlar)


# --- the figures of one month --------------------------------------------------------------

@dataclass(frozen=True)
class Kurallar:
    """The national figures in force for one payroll month (from the dated parameters)."""

    asgari_brut: Decimal  # minimum wage, gross monthly
    sgk_taban: Decimal
    sgk_tavan: Decimal
    sgk_isci: Decimal  # employee share of the status (4/1-a: 0.14; 4/1-c: 0.09 + 0.05)
    issizlik_isci: Decimal  # 4/1-a only (0 for 4/1-c)
    sgk_isveren: Decimal
    issizlik_isveren: Decimal
    asgari_sgk_isci: Decimal  # the 4/1-a employee shares the minimum wage's exemption uses
    asgari_issizlik_isci: Decimal
    tarife: Tarife
    damga_orani: Decimal


@dataclass(frozen=True)
class Bordro:
    """One person's payslip for one month: every figure and the steps."""

    brut: Decimal
    vergiye_tabi: Decimal
    sgk_matrahi: Decimal
    sgk_isci: Decimal
    issizlik_isci: Decimal
    gv_matrahi: Decimal
    kumulatif_once: Decimal
    kumulatif_sonra: Decimal
    gelir_vergisi_hesaplanan: Decimal
    gv_istisnasi: Decimal
    gelir_vergisi: Decimal
    damga_hesaplanan: Decimal
    dv_istisnasi: Decimal
    damga_vergisi: Decimal
    diger_kesintiler: Decimal
    net: Decimal
    sgk_isveren: Decimal
    issizlik_isveren: Decimal
    dilim: int
    adimlar: tuple[Adim, ...] = field(default=())
    #: the stamp tax's base: the taxable gross, plus what is outside income tax only (a
    #: memur's tazminatlar and toplu sözleşme ikramiyesi: "damga vergisi hariç")
    damgaya_tabi: Decimal | None = None

    @property
    def kesintiler(self) -> Decimal:
        """Every deduction from the gross."""
        return (self.sgk_isci + self.issizlik_isci + self.gelir_vergisi + self.damga_vergisi
                + self.diger_kesintiler)

    @property
    def isveren_maliyeti(self) -> Decimal:
        return self.brut + self.sgk_isveren + self.issizlik_isveren

    def as_dict(self) -> dict:
        out = {k: str(getattr(self, k)) for k in (
            "brut", "vergiye_tabi", "sgk_matrahi", "sgk_isci", "issizlik_isci", "gv_matrahi", "kumulatif_once",
            "kumulatif_sonra", "gelir_vergisi_hesaplanan", "gv_istisnasi", "gelir_vergisi", "damga_hesaplanan",
            "dv_istisnasi", "damga_vergisi", "diger_kesintiler", "net", "sgk_isveren", "issizlik_isveren")}
        out["damgaya_tabi"] = str(self.vergiye_tabi if self.damgaya_tabi is None else self.damgaya_tabi)
        out["dilim"] = self.dilim
        out["adimlar"] = [a.as_dict() for a in self.adimlar]
        return out


def asgari_matrah(k: Kurallar) -> Decimal:
    """The minimum wage's monthly income-tax matrah (gross − the 4/1-a employee shares)."""
    return (k.asgari_brut - kurus(k.asgari_brut * k.asgari_sgk_isci)
            - kurus(k.asgari_brut * k.asgari_issizlik_isci))


def gv_istisnasi(k: Kurallar, ay: int) -> Decimal:
    """The minimum-wage income-tax exemption of month ``ay`` (1-12): the tax on the minimum
    wage's cumulative matrah through this month less that through the month before
    (RULES §7.4; 2025: 3,315.70 Jan-Jul, 4,257.57 Aug, 4,420.93 Sep-Dec)."""
    monthly = asgari_matrah(k)
    return k.tarife.artis(monthly * (ay - 1), monthly * ay)


def bordro(k: Kurallar, *, brut: Decimal, ay: int, kumulatif_once: Decimal, gun: int = OTUZ,
           vergiye_tabi: Decimal | None = None, sgk_matrahi: Decimal | None = None,
           damgaya_tabi: Decimal | None = None, diger_kesintiler: Decimal = ZERO,
           asgari_istisna: bool = True) -> Bordro:
    """One month's payslip from the gross wage.

    ``kumulatif_once`` is the person's income-tax matrah of the earlier months of the
    year; ``gun`` the days worked (the SGK floor and ceiling are per day × days).
    ``vergiye_tabi`` and ``sgk_matrahi`` default to the gross (a memur's family allowances
    are outside both); ``damgaya_tabi`` defaults to ``vergiye_tabi`` (a memur's
    tazminatlar and toplu sözleşme ikramiyesi are outside income tax but bear stamp tax);
    ``asgari_istisna`` is False for a second payment in the same month (the exemption
    applies once a month).
    """
    if brut < 0 or not 0 <= gun <= OTUZ or not 1 <= ay <= 12 or kumulatif_once < 0 or diger_kesintiler < 0:
        raise ValueError("gross, days, month, cumulative matrah and deductions must be in range")
    steps: list[Adim] = [Adim("Brüt ücret", tl(brut))]
    taxable = brut if vergiye_tabi is None else vergiye_tabi
    premium_gross = brut if sgk_matrahi is None else sgk_matrahi
    stamp_base = taxable if damgaya_tabi is None else damgaya_tabi
    floor = kurus(k.sgk_taban * gun / OTUZ)
    ceiling = kurus(k.sgk_tavan * gun / OTUZ)
    base = min(max(premium_gross, floor), ceiling) if gun else ZERO
    steps.append(Adim(f"SGK matrahı (taban {tl(floor)}, tavan {tl(ceiling)})", tl(base)))
    sgk = kurus(base * k.sgk_isci)
    unemployment = kurus(base * k.issizlik_isci)
    steps.append(Adim(f"SGK işçi payı %{k.sgk_isci * 100:g}", tl(sgk)))
    if k.issizlik_isci:
        steps.append(Adim(f"İşsizlik işçi payı %{k.issizlik_isci * 100:g}", tl(unemployment)))
    matrah = max(taxable - sgk - unemployment, ZERO)
    after = kumulatif_once + matrah
    steps.append(Adim("Gelir vergisi matrahı", tl(matrah)))
    steps.append(Adim(f"Kümülatif matrah {tl(kumulatif_once)} → {tl(after)}", tl(after)))
    tax = k.tarife.artis(kumulatif_once, after)
    steps.append(Adim(f"Hesaplanan gelir vergisi ({k.tarife.dilim(after)}. dilim)", tl(tax)))
    exemption = min(gv_istisnasi(k, ay), tax) if asgari_istisna else ZERO
    steps.append(Adim("Asgari ücret gelir vergisi istisnası", tl(exemption)))
    stamp = kurus(stamp_base * k.damga_orani)
    stamp_exemption = min(kurus(k.asgari_brut * k.damga_orani), stamp) if asgari_istisna else ZERO
    if stamp_base != taxable:
        steps.append(Adim("Damga vergisi matrahı (gelir vergisinden istisna kalemler dahil)", tl(stamp_base)))
    steps.append(Adim(f"Damga vergisi ‰{k.damga_orani * 1000:g}", tl(stamp)))
    steps.append(Adim("Asgari ücret damga vergisi istisnası", tl(stamp_exemption)))
    income_tax, stamp_tax = tax - exemption, stamp - stamp_exemption
    if diger_kesintiler:
        steps.append(Adim("Diğer kesintiler", tl(diger_kesintiler)))
    net = brut - sgk - unemployment - income_tax - stamp_tax - diger_kesintiler
    steps.append(Adim("Net ödenecek", tl(net)))
    employer = kurus(base * k.sgk_isveren)
    employer_unemployment = kurus(base * k.issizlik_isveren)
    steps.append(Adim(f"İşveren SGK payı %{k.sgk_isveren * 100:g}", tl(employer)))
    if k.issizlik_isveren:
        steps.append(Adim(f"İşveren işsizlik payı %{k.issizlik_isveren * 100:g}", tl(employer_unemployment)))
    return Bordro(brut=brut, vergiye_tabi=taxable, sgk_matrahi=base, sgk_isci=sgk, issizlik_isci=unemployment,
                  gv_matrahi=matrah, kumulatif_once=kumulatif_once, kumulatif_sonra=after,
                  gelir_vergisi_hesaplanan=tax, gv_istisnasi=exemption, gelir_vergisi=income_tax,
                  damga_hesaplanan=stamp, dv_istisnasi=stamp_exemption, damga_vergisi=stamp_tax,
                  diger_kesintiler=diger_kesintiler, net=net, sgk_isveren=employer,
                  issizlik_isveren=employer_unemployment, dilim=k.tarife.dilim(after), adimlar=tuple(steps),
                  damgaya_tabi=stamp_base)


@dataclass(frozen=True)
class EkKalemler:
    """A month's earnings and deductions besides the wage, already summed by kind."""

    fazla_mesai_saat: Decimal = ZERO
    ikramiye: Decimal = ZERO
    sendika: Decimal = ZERO
    avans: Decimal = ZERO
    icra: Decimal = ZERO


@dataclass(frozen=True)
class Mesai:
    """Overtime figures (4857 m.41, m.63): the wage's hours a month and the premium factor."""

    aylik_saat: Decimal  # 225 = 45 hours a week × 5 weeks' worth of a 30-day month
    carpan: Decimal  # 1.5: each overtime hour paid 50 % more
    icra_orani: Decimal  # the share of the net an icra order may take (İİK m.83)


def fazla_mesai(aylik_brut: Decimal, saat: Decimal, m: Mesai) -> Decimal:
    """Overtime pay: the hourly gross wage × the factor × the hours."""
    if saat < 0:
        raise ValueError("overtime hours cannot be negative")
    return kurus(aylik_brut / m.aylik_saat * m.carpan * saat)


def bordro_ekli(k: Kurallar, m: Mesai, *, ucret: Decimal, ek: EkKalemler, ay: int, kumulatif_once: Decimal,
                gun: int = OTUZ) -> Bordro:
    """A worker's payslip with overtime and a bonus added to the gross, and union dues, an
    advance and an icra order taken from the net: dues and the advance at most the net, the
    icra order at most ``icra_orani`` of the net and what is left of it."""
    overtime = fazla_mesai(ucret, ek.fazla_mesai_saat, m) if ek.fazla_mesai_saat else ZERO
    gross = ucret + overtime + ek.ikramiye
    plain = bordro(k, brut=gross, ay=ay, kumulatif_once=kumulatif_once, gun=gun)
    net = max(plain.net, ZERO)
    dues = min(ek.sendika + ek.avans, net)
    icra = min(ek.icra, kurus(net * m.icra_orani), net - dues)
    steps: list[Adim] = [Adim("Aylık ücret", tl(ucret))]
    if overtime:
        steps.append(Adim(f"Fazla mesai: {ek.fazla_mesai_saat} saat × {m.carpan} (ücret / {m.aylik_saat})",
                          tl(overtime)))
    if ek.ikramiye:
        steps.append(Adim("İkramiye", tl(ek.ikramiye)))
    if ek.sendika:
        steps.append(Adim("Sendika aidatı", tl(ek.sendika)))
    if ek.avans:
        steps.append(Adim("Avans mahsubu", tl(ek.avans)))
    if ek.icra:
        steps.append(Adim(f"İcra kesintisi (en çok net × {m.icra_orani})", tl(icra)))
    if not (dues or icra):
        return Bordro(**{**plain.__dict__, "adimlar": tuple(steps) + plain.adimlar})
    slip = bordro(k, brut=gross, ay=ay, kumulatif_once=kumulatif_once, gun=gun, diger_kesintiler=dues + icra)
    return Bordro(**{**slip.__dict__, "adimlar": tuple(steps) + slip.adimlar})


def yil_bordrosu(k_by_month: Sequence[Kurallar], brutler: Sequence[Decimal]) -> list[Bordro]:
    """A year of payslips from January, the cumulative matrah carried month to month."""
    out: list[Bordro] = []
    cumulative = ZERO
    for ay, (k, brut) in enumerate(zip(k_by_month, brutler, strict=True), start=1):
        slip = bordro(k, brut=brut, ay=ay, kumulatif_once=cumulative)
        cumulative = slip.kumulatif_sonra
        out.append(slip)
    return out


# --- memur pay by the katsayı system (657 m.154 ff., RULES §7.7) --------------------------

@dataclass(frozen=True)
class Katsayilar:
    """The coefficients and fixed indicators of one half-year (Mali ve Sosyal Haklar genelgesi)."""

    aylik: Decimal  # aylık katsayı
    taban: Decimal  # taban aylık katsayısı
    yan_odeme: Decimal  # yan ödeme katsayısı
    taban_gosterge: Decimal  # [U] 1,000
    kidem_gosterge_yil: Decimal  # [U] 20 per year of service
    kidem_azami_yil: int  # [U] 25
    aile_gosterge: Decimal  # 2,273 (657 m.202)
    cocuk_gosterge: Decimal  # 250 (over 6)
    cocuk_0_6_gosterge: Decimal  # 500
    #: the highest civil servant's indicator: en yüksek Devlet memuru aylığı = this × aylık
    #: katsayı, the base of özel hizmet tazminatı and ek ödeme (RULES §7.7: 9,500 [C2])
    en_yuksek_gosterge: Decimal = Decimal("9500")
    #: the toplu sözleşme ikramiyesi's indicator for a union member, and for a member of a
    #: union below the threshold (375 KHK ek m.4; docs/ik.md)
    sendika_gosterge: Decimal = ZERO
    sendika_gosterge_alt: Decimal = ZERO


@dataclass(frozen=True)
class MemurBrut:
    """A memur's gross pay by component, and the three bases each tax takes from it.

    The tax profile of each item (docs/ik.md "Memur pay items"):

    ============================  ==========  =========  ====================
    item                          income tax  stamp tax  4/1-c premium base
    ============================  ==========  =========  ====================
    aylık, ek gösterge, kıdem,    yes         yes        yes
    taban, yan ödeme, ek ödeme
    özel hizmet, makam, temsil,   no          yes        yes [U]
    görev tazminatı
    toplu sözleşme ikramiyesi     no          yes        no
    (sendika ödeneği)
    aile, çocuk yardımı           no          no         no
    ============================  ==========  =========  ====================
    """

    aylik: Decimal
    ek_gosterge: Decimal
    kidem: Decimal
    taban: Decimal
    yan_odeme: Decimal
    aile_yardimi: Decimal
    cocuk_yardimi: Decimal
    adimlar: tuple[Adim, ...]
    ozel_hizmet: Decimal = ZERO  # özel hizmet tazminatı (657 m.152, ek cetvel)
    ek_odeme: Decimal = ZERO  # ek ödeme (375 KHK ek madde)
    makam: Decimal = ZERO  # makam tazminatı (657 ek m.26, IV sayılı cetvel: gösterge × aylık katsayı)
    temsil: Decimal = ZERO  # temsil tazminatı (gösterge × aylık katsayı)
    gorev: Decimal = ZERO  # görev tazminatı (375 KHK m.1/C: gösterge × aylık katsayı)
    sendika_odenegi: Decimal = ZERO  # toplu sözleşme ikramiyesi (375 KHK ek m.4), union members

    @property
    def brut(self) -> Decimal:
        return (self.aylik + self.ek_gosterge + self.kidem + self.taban + self.yan_odeme + self.ozel_hizmet
                + self.ek_odeme + self.makam + self.temsil + self.gorev + self.sendika_odenegi
                + self.aile_yardimi + self.cocuk_yardimi)

    @property
    def gv_istisna(self) -> Decimal:
        """The items outside income tax that bear stamp tax ("damga vergisi hariç herhangi bir
        vergiye tabi tutulmaz"): özel hizmet, makam, temsil and görev tazminatı, the toplu
        sözleşme ikramiyesi."""
        return self.ozel_hizmet + self.makam + self.temsil + self.gorev + self.sendika_odenegi

    @property
    def damgaya_tabi(self) -> Decimal:
        """Every item but the family allowances bears stamp tax."""
        return self.brut - self.aile_yardimi - self.cocuk_yardimi

    @property
    def vergiye_tabi(self) -> Decimal:
        """The income tax's gross: less the family allowances and the items above."""
        return self.damgaya_tabi - self.gv_istisna

    @property
    def sgk_matrahi(self) -> Decimal:
        """[U] the 4/1-c premium base: every item but the family allowances and the toplu
        sözleşme ikramiyesi ("herhangi bir vergi ve kesintiye tabi tutulmaz")."""
        return self.damgaya_tabi - self.sendika_odenegi


def memur_brut(c: Katsayilar, *, gosterge: int, ek_gosterge: int = 0, hizmet_yili: int = 0,
               yan_odeme_puan: int = 0, es_yardimi: bool = False, cocuk_6_ustu: int = 0,
               cocuk_0_6: int = 0, ozel_hizmet_orani: Decimal = ZERO, ek_odeme_orani: Decimal = ZERO,
               makam_gosterge: int = 0, temsil_gosterge: int = 0, gorev_gosterge: int = 0,
               sendika_gosterge: Decimal | int = 0) -> MemurBrut:
    """A memur's gross pay components for one month.

    ``ozel_hizmet_orani`` and ``ek_odeme_orani`` are the title's percentages (657 ek cetvel,
    375 KHK) of the highest civil servant's salary (en yüksek Devlet memuru aylığı =
    ``c.en_yuksek_gosterge`` × aylık katsayı, rounded to the kuruş first); ``makam_gosterge``,
    ``temsil_gosterge`` and ``gorev_gosterge`` the indicators of the position's makam, temsil
    and görev tazminatı, and ``sendika_gosterge`` that of the toplu sözleşme ikramiyesi of a
    union member (0 for none), each paid × aylık katsayı."""
    if min(gosterge, ek_gosterge, hizmet_yili, yan_odeme_puan, cocuk_6_ustu, cocuk_0_6, makam_gosterge,
           temsil_gosterge, gorev_gosterge, sendika_gosterge) < 0 or min(ozel_hizmet_orani, ek_odeme_orani) < 0:
        raise ValueError("indicators, years, children and rates cannot be negative")
    aylik = kurus(gosterge * c.aylik)
    ek = kurus(ek_gosterge * c.aylik)
    kidem = kurus(min(hizmet_yili, c.kidem_azami_yil) * c.kidem_gosterge_yil * c.aylik)
    taban = kurus(c.taban_gosterge * c.taban)
    yan = kurus(yan_odeme_puan * c.yan_odeme)
    aile = kurus(c.aile_gosterge * c.aylik) if es_yardimi else ZERO
    cocuk = (cocuk_6_ustu * kurus(c.cocuk_gosterge * c.aylik) + cocuk_0_6 * kurus(c.cocuk_0_6_gosterge * c.aylik))
    highest = kurus(c.en_yuksek_gosterge * c.aylik)
    ozel = kurus(highest * ozel_hizmet_orani / 100)
    ek_odeme = kurus(highest * ek_odeme_orani / 100)
    makam = kurus(makam_gosterge * c.aylik)
    temsil = kurus(temsil_gosterge * c.aylik)
    gorev = kurus(gorev_gosterge * c.aylik)
    sendika = kurus(sendika_gosterge * c.aylik)
    extra = []
    if ozel_hizmet_orani:
        extra.append(Adim(f"Özel hizmet tazminatı: {tl(highest)} × %{ozel_hizmet_orani.normalize():f}", tl(ozel)))
    if ek_odeme_orani:
        extra.append(Adim(f"Ek ödeme (375 KHK): {tl(highest)} × %{ek_odeme_orani.normalize():f}", tl(ek_odeme)))
    for label, indicator, amount in (("Makam tazminatı", makam_gosterge, makam),
                                     ("Temsil tazminatı", temsil_gosterge, temsil),
                                     ("Görev tazminatı", gorev_gosterge, gorev),
                                     ("Toplu sözleşme ikramiyesi (sendika ödeneği)", sendika_gosterge, sendika)):
        if indicator:
            extra.append(Adim(f"{label}: {Decimal(indicator).normalize():f} × {c.aylik}", tl(amount)))
    steps = (
        Adim(f"Aylık: {gosterge} × {c.aylik}", tl(aylik)),
        Adim(f"Ek gösterge: {ek_gosterge} × {c.aylik}", tl(ek)),
        Adim(f"Kıdem aylığı: {min(hizmet_yili, c.kidem_azami_yil)} yıl × {c.kidem_gosterge_yil} × {c.aylik}",
             tl(kidem)),
        Adim(f"Taban aylık: {c.taban_gosterge} × {c.taban}", tl(taban)),
        Adim(f"Yan ödeme: {yan_odeme_puan} × {c.yan_odeme}", tl(yan)),
        *extra,
        Adim(f"Aile yardımı: {c.aile_gosterge} × {c.aylik}" if es_yardimi else "Aile yardımı", tl(aile)),
        Adim(f"Çocuk yardımı: {cocuk_0_6} × 0-6 yaş, {cocuk_6_ustu} × 6 yaş üstü", tl(cocuk)),
    )
    gross = MemurBrut(aylik, ek, kidem, taban, yan, aile, cocuk, steps, ozel, ek_odeme, makam, temsil, gorev,
                      sendika)
    if gross.gv_istisna:
        steps += (Adim("Gelir vergisinden istisna (damga vergisine tabi): tazminatlar ve toplu sözleşme "
                       "ikramiyesi", tl(gross.gv_istisna)),)
        gross = MemurBrut(**{**gross.__dict__, "adimlar": steps})
    return gross


# --- işçi wages from the toplu iş sözleşmesi (TİS) ------------------------------------------

@dataclass(frozen=True)
class TisZammi:
    """A wage increase of a TİS from a date: a percentage, then a fixed amount (either may be 0)."""

    yururluk: date
    oran: Decimal  # percent, e.g. 12.5
    sabit: Decimal = ZERO


def tis_ucreti(taban: Decimal, zamlar: Sequence[TisZammi], gun: date) -> tuple[Decimal, tuple[Adim, ...]]:
    """A grade's monthly gross wage under a TİS on ``gun``: the wage the TİS starts with, each
    increase in force by ``gun`` applied in date order on the wage before it, rounded to the
    kuruş at each step (wage × (1 + oran/100) + sabit), as a TİS's "her yıl başında" clauses
    compound."""
    if taban < 0:
        raise ValueError("a wage cannot be negative")
    wage = taban
    steps = [Adim("TİS başlangıç ücreti", tl(wage))]
    for z in sorted(zamlar, key=lambda z: z.yururluk):
        if z.yururluk > gun:
            break
        wage = kurus(wage * (1 + z.oran / 100)) + z.sabit
        label = f"%{z.oran.normalize():f}" + (f" + {tl(z.sabit)}" if z.sabit else "")
        steps.append(Adim(f"TİS zammı {z.yururluk:%d.%m.%Y}: {label}", tl(wage)))
    return wage, tuple(steps)


# --- annual leave (RULES §7.6) ---------------------------------------------------------------

def yillik_izin_hakki(tur: str, hizmet_yili: int, yas: int) -> int:
    """Days of annual leave a year of service earns.

    Memur and sözleşmeli ([U] 4/B follows 657): 20 days for 1-10 years, 30 over 10
    (657 m.102).  İşçi (4857 m.53): none in the first year; 14 days for 1-5 years, 20 over
    5 and under 15, 26 from 15; at least 20 for those aged 18 or under, or 50 or over.
    """
    if hizmet_yili < 0:
        raise ValueError("service cannot be negative")
    if tur in ("memur", "sozlesmeli"):
        if hizmet_yili < 1:
            return 0
        return 20 if hizmet_yili <= 10 else 30
    if hizmet_yili < 1:
        return 0
    days = 14 if hizmet_yili <= 5 else 20 if hizmet_yili < 15 else 26
    if yas <= 18 or yas >= 50:
        days = max(days, 20)
    return days


# --- SGK reports (istirahat) in a month ----------------------------------------------------

def rapor_eksik_gun(raporlar: Sequence[tuple[str, date, date]], baslangic: date, bitis: date, gun: int,
                    ilk_iki_gun_isveren: bool) -> tuple[int, tuple[Adim, ...]]:
    """The days of a 4/1-a person's month that SGK's reports take out of the pay and the
    premium days (APHB eksik gün, reason 01 istirahat): every report day in [baslangic, bitis]
    (the days employed in the month, ``gun`` of them on a 30-day month), less the first two
    days of a sick (``hastalik``) report when the employer pays them (SGK pays from the third
    day; from the first for iş kazası, meslek hastalığı and analık, 5510 m.18).  Days the
    employer pays stay premium days [U].  A report covering every day employed takes all
    ``gun``."""
    days_employed = (bitis - baslangic).days + 1
    unpaid, steps = 0, []
    for tur, start, end in sorted(raporlar, key=lambda r: r[1]):
        s, e = max(start, baslangic), min(end, bitis)
        if e < s:
            continue
        days = (e - s).days + 1
        paid = 0
        if tur == "hastalik" and ilk_iki_gun_isveren:
            last_paid = min(e, start + timedelta(days=1))
            paid = max(0, (last_paid - s).days + 1)
        unpaid += days - paid
        steps.append(Adim(f"SGK raporu {start:%d.%m.%Y}–{end:%d.%m.%Y} ({tur}): bu ay {days} gün"
                          + (f", ilk {paid} günü işveren öder" if paid else ""), str(days - paid)))
    eksik = gun if unpaid >= days_employed else min(gun, unpaid)
    if steps:
        steps.append(Adim("Eksik gün (01 istirahat)", str(eksik)))
    return eksik, tuple(steps)

