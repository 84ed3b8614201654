"""What the agencies answer, as typed, frozen records.

Field names follow the agencies' Turkish vocabulary (the same names are on the wire).
Each record has ``from_wire(dict)``, which refuses anything that is not what the contract
promises (``Malformed``, turned into ``BadResponse`` by the client): missing fields, wrong
types, money that is not a decimal string.  Money is ``Decimal``, never float; shares are
kept as the land registry writes them, ``pay/payda``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Literal, overload


class Malformed(ValueError):
    """The agency's answer does not match its contract."""


def _get(d: Any, key: str, kind: type | tuple[type, ...], optional: bool = False) -> Any:
    if not isinstance(d, dict):
        raise Malformed(f"expected an object around {key!r}")
    if key not in d:
        raise Malformed(f"missing {key!r}")
    value = d[key]
    if value is None and optional:
        return None
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,))):
        raise Malformed(f"{key!r} has the wrong type")
    return value


@overload
def _s(d: Any, key: str, optional: Literal[False] = ...) -> str: ...
@overload
def _s(d: Any, key: str, optional: bool) -> str | None: ...
def _s(d: Any, key: str, optional: bool = False) -> str | None:
    return _get(d, key, str, optional)


@overload
def _i(d: Any, key: str, optional: Literal[False] = ...) -> int: ...
@overload
def _i(d: Any, key: str, optional: bool) -> int | None: ...
def _i(d: Any, key: str, optional: bool = False) -> int | None:
    return _get(d, key, int, optional)


def _b(d, key) -> bool:
    return _get(d, key, bool)


@overload
def _date(d: Any, key: str, optional: Literal[False] = ...) -> date: ...
@overload
def _date(d: Any, key: str, optional: bool) -> date | None: ...
def _date(d: Any, key: str, optional: bool = False) -> date | None:
    value = _s(d, key, optional)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Malformed(f"{key!r} is not a date") from None


@overload
def _datetime(d: Any, key: str, optional: Literal[False] = ...) -> datetime: ...
@overload
def _datetime(d: Any, key: str, optional: bool) -> datetime | None: ...
def _datetime(d: Any, key: str, optional: bool = False) -> datetime | None:
    value = _s(d, key, optional)
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise Malformed(f"{key!r} is not a timestamp") from None


@overload
def _money(d: Any, key: str, optional: Literal[False] = ...) -> Decimal: ...
@overload
def _money(d: Any, key: str, optional: bool) -> Decimal | None: ...
def _money(d: Any, key: str, optional: bool = False) -> Decimal | None:
    """A decimal string ("12.50"); a JSON number is refused (it may have passed through a float)."""
    value = _s(d, key, optional)
    if value is None:
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise Malformed(f"{key!r} is not an amount") from None
    if not amount.is_finite():
        raise Malformed(f"{key!r} is not an amount")
    return amount


def _list(d, key) -> list:
    return _get(d, key, list)


class Record:
    def to_dict(self) -> dict:
        return asdict(self)  # type: ignore[call-overload]


# --- KPS -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Address(Record):
    il: str
    ilce: str
    mahalle: str
    sokak: str
    dis_kapi_no: str
    ic_kapi_no: str | None
    acik_adres: str

    @classmethod
    def from_wire(cls, d: dict) -> Address:
        return cls(_s(d, "il"), _s(d, "ilce"), _s(d, "mahalle"), _s(d, "sokak"), _s(d, "dis_kapi_no"),
                   _s(d, "ic_kapi_no", True), _s(d, "acik_adres"))


MARITAL = {"bekar", "evli", "bosanmis", "dul"}


@dataclass(frozen=True)
class Person(Record):
    tckn: str
    ad: str
    soyad: str
    onceki_soyad: str | None
    baba_adi: str
    anne_adi: str
    cinsiyet: str  # E / K
    dogum_tarihi: date
    dogum_yeri: str
    medeni_hal: str  # bekar / evli / bosanmis / dul
    durum: str  # sag / olu
    olum_tarihi: date | None
    adres: Address
    #: the end of the last marriage of a divorced or widowed person (None otherwise, and
    #: from an agency that does not send it)
    evlilik_bitis_tarihi: date | None = None
    #: "bosanma" (divorce, annulment) or "olum" (the spouse's death)
    evlilik_bitis_nedeni: str | None = None

    @property
    def alive(self) -> bool:
        return self.durum == "sag"

    @property
    def full_name(self) -> str:
        return f"{self.ad} {self.soyad}"

    @classmethod
    def from_wire(cls, d: dict) -> Person:
        person = cls(_s(d, "tckn"), _s(d, "ad"), _s(d, "soyad"), _s(d, "onceki_soyad", True), _s(d, "baba_adi"),
                     _s(d, "anne_adi"), _s(d, "cinsiyet"), _date(d, "dogum_tarihi"), _s(d, "dogum_yeri"),
                     _s(d, "medeni_hal"), _s(d, "durum"), _date(d, "olum_tarihi", True),
                     Address.from_wire(_get(d, "adres", dict)),
                     _date(d, "evlilik_bitis_tarihi", True) if d.get("evlilik_bitis_tarihi") is not None else None,
                     _s(d, "evlilik_bitis_nedeni", True) if d.get("evlilik_bitis_nedeni") is not None else None)
        if person.cinsiyet not in ("E", "K") or person.medeni_hal not in MARITAL or person.durum not in ("sag", "olu"):
            raise Malformed("unknown code in person")
        return person


@dataclass(frozen=True)
class Relative(Record):
    yakinlik: str  # es / cocuk / anne / baba / kardes
    tckn: str
    ad: str
    soyad: str
    cinsiyet: str
    dogum_tarihi: date
    durum: str

    @classmethod
    def from_wire(cls, d: dict) -> Relative:
        return cls(_s(d, "yakinlik"), _s(d, "tckn"), _s(d, "ad"), _s(d, "soyad"), _s(d, "cinsiyet"),
                   _date(d, "dogum_tarihi"), _s(d, "durum"))


@dataclass(frozen=True)
class MarriageRegistration(Record):
    aile_cuzdani_no: str
    tescil_tarihi: date
    nikah_tarihi: date
    es1_tckn: str
    es2_tckn: str

    @classmethod
    def from_wire(cls, d: dict) -> MarriageRegistration:
        return cls(_s(d, "aile_cuzdani_no"), _date(d, "tescil_tarihi"), _date(d, "nikah_tarihi"),
                   _s(d, "es1_tckn"), _s(d, "es2_tckn"))


# --- Tapu ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Owner(Record):
    kimlik: str | None
    kimlik_turu: str  # tckn / vkn / kurum
    ad: str
    hisse_pay: int
    hisse_payda: int

    @property
    def share(self) -> Fraction:
        return Fraction(self.hisse_pay, self.hisse_payda)

    @classmethod
    def from_wire(cls, d: dict) -> Owner:
        owner = cls(_s(d, "kimlik", True), _s(d, "kimlik_turu"), _s(d, "ad"), _i(d, "hisse_pay"), _i(d, "hisse_payda"))
        if owner.hisse_payda <= 0 or not 0 < owner.hisse_pay <= owner.hisse_payda:
            raise Malformed("share out of range")
        return owner


@dataclass(frozen=True)
class Parcel(Record):
    tasinmaz_no: str
    il: str
    ilce: str
    mahalle: str
    ada: int
    parsel: int
    nitelik: str  # arsa / arazi / bina
    alan_m2: Decimal
    kat_alani_m2: Decimal | None
    kullanim: str | None  # mesken / isyeri
    yapim_yili: int | None
    edinme_tarihi: date
    edinme_sekli: str
    malikler: tuple[Owner, ...]

    @property
    def ref(self) -> str:
        return f"{self.il}/{self.ilce}/{self.ada}/{self.parsel}"

    @classmethod
    def from_wire(cls, d: dict) -> Parcel:
        owners = tuple(Owner.from_wire(o) for o in _list(d, "malikler"))
        if owners and sum(o.share for o in owners) != 1:
            raise Malformed("owner shares do not add up to 1")
        return cls(_s(d, "tasinmaz_no"), _s(d, "il"), _s(d, "ilce"), _s(d, "mahalle"), _i(d, "ada"), _i(d, "parsel"),
                   _s(d, "nitelik"), _money(d, "alan_m2"), _money(d, "kat_alani_m2", True), _s(d, "kullanim", True),
                   _i(d, "yapim_yili", True), _date(d, "edinme_tarihi"), _s(d, "edinme_sekli"), owners)


@dataclass(frozen=True)
class Holding(Record):
    """A parcel and the share of it the asked-about owner holds."""

    tasinmaz: Parcel
    hisse_pay: int
    hisse_payda: int

    @property
    def share(self) -> Fraction:
        return Fraction(self.hisse_pay, self.hisse_payda)

    @classmethod
    def from_wire(cls, d: dict) -> Holding:
        return cls(Parcel.from_wire(d), _i(d, "hisse_pay"), _i(d, "hisse_payda"))


@dataclass(frozen=True)
class OwnershipChange(Record):
    tasinmaz: Parcel
    tarih: date
    islem: str  # satis / intikal / hibe / ilk_tescil
    onceki_malikler: tuple[Owner, ...]

    @classmethod
    def from_wire(cls, d: dict) -> OwnershipChange:
        return cls(Parcel.from_wire(_get(d, "tasinmaz", dict)), _date(d, "tarih"), _s(d, "islem"),
                   tuple(Owner.from_wire(o) for o in _list(d, "onceki_malikler")))


@dataclass(frozen=True)
class ChangesPage(Record):
    degisiklikler: tuple[OwnershipChange, ...]
    sonraki: int | None  # cursor of the next page, None at the end

    @classmethod
    def from_wire(cls, d: dict) -> ChangesPage:
        return cls(tuple(OwnershipChange.from_wire(c) for c in _list(d, "degisiklikler")), _i(d, "sonraki", True))


# --- SGK -------------------------------------------------------------------------------

@dataclass(frozen=True)
class ServicePeriod(Record):
    statu: str  # 4a / 4b / 4c
    isveren_vkn: str | None
    isveren_unvan: str
    baslangic: date
    bitis: date | None
    gun: int

    @classmethod
    def from_wire(cls, d: dict) -> ServicePeriod:
        return cls(_s(d, "statu"), _s(d, "isveren_vkn", True), _s(d, "isveren_unvan"), _date(d, "baslangic"),
                   _date(d, "bitis", True), _i(d, "gun"))


@dataclass(frozen=True)
class Employment(Record):
    tckn: str
    sigortali: bool
    calisiyor: bool
    statu: str | None
    isveren_vkn: str | None
    isveren_unvan: str | None
    ise_giris_tarihi: date | None
    emekli: bool
    toplam_gun: int
    donemler: tuple[ServicePeriod, ...]

    @classmethod
    def from_wire(cls, d: dict) -> Employment:
        return cls(_s(d, "tckn"), _b(d, "sigortali"), _b(d, "calisiyor"), _s(d, "statu", True),
                   _s(d, "isveren_vkn", True), _s(d, "isveren_unvan", True), _date(d, "ise_giris_tarihi", True),
                   _b(d, "emekli"), _i(d, "toplam_gun"), tuple(ServicePeriod.from_wire(p) for p in _list(d, "donemler")))


@dataclass(frozen=True)
class NoticeReceipt(Record):
    """SGK's answer to a hire or leave notice."""

    referans: str
    tckn: str
    isveren_vkn: str

    @classmethod
    def from_wire(cls, d: dict) -> NoticeReceipt:
        return cls(_s(d, "referans"), _s(d, "tckn"), _s(d, "isveren_vkn"))


@dataclass(frozen=True)
class PremiumLine(Record):
    """One insured's line of the APHB: premium days, premium base, and the days under 30 with
    their two-digit eksik gün nedeni (e.g. "01" istirahat) when there are any."""

    tckn: str
    gun: int
    kazanc: Decimal
    eksik_gun: int = 0
    eksik_gun_nedeni: str | None = None


@dataclass(frozen=True)
class KesenekLine(Record):
    """One civil servant's line of the monthly kesenek declaration (Kesenek Bilgi Sistemi):
    status ``4c`` (5510 4/1-c) or ``5434`` (the former Emekli Sandığı), days, the premium
    base, the employee's and the employer's shares."""

    tckn: str
    statu: str
    gun: int
    matrah: Decimal
    kisi_payi: Decimal
    kurum_payi: Decimal


@dataclass(frozen=True)
class KesenekReceipt(Record):
    """SGK's answer to a kesenek declaration: its reference and totals."""

    referans: str
    donem: str
    tur: str
    kisi_sayisi: int
    toplam_matrah: Decimal
    toplam_kisi_payi: Decimal
    toplam_kurum_payi: Decimal

    @classmethod
    def from_wire(cls, d: dict) -> KesenekReceipt:
        return cls(_s(d, "referans"), _s(d, "donem"), _s(d, "tur"), _i(d, "kisi_sayisi"), _money(d, "toplam_matrah"),
                   _money(d, "toplam_kisi_payi"), _money(d, "toplam_kurum_payi"))


@dataclass(frozen=True)
class DeclarationReceipt(Record):
    referans: str
    donem: str
    tur: str
    sigortali_sayisi: int
    toplam_gun: int
    toplam_kazanc: Decimal

    @classmethod
    def from_wire(cls, d: dict) -> DeclarationReceipt:
        return cls(_s(d, "referans"), _s(d, "donem"), _s(d, "tur"), _i(d, "sigortali_sayisi"), _i(d, "toplam_gun"),
                   _money(d, "toplam_kazanc"))


#: the kinds of an incapacity report (iş göremezlik belgesi) in SGK's Vizite service
RAPOR_TURLERI = ("hastalik", "is_kazasi", "meslek_hastaligi", "analik")
#: the employer's notice on a report: the insured did not work / worked during it
BILDIRIM_DURUMLARI = ("calismadi", "calisti")


@dataclass(frozen=True)
class ReportNotice(Record):
    """The employer's notice on a report as SGK holds it (çalışmadığına dair bildirim)."""

    referans: str
    rapor_no: str
    durum: str  # calismadi / calisti
    bildirim_tarihi: date

    @classmethod
    def from_wire(cls, d: dict) -> ReportNotice:
        durum = _s(d, "durum")
        if durum not in BILDIRIM_DURUMLARI:
            raise Malformed("'durum' is not a notice state")
        return cls(_s(d, "referans"), _s(d, "rapor_no"), durum, _date(d, "bildirim_tarihi"))


@dataclass(frozen=True)
class SickReport(Record):
    """An incapacity report of one of the employer's 4/1-a insured (SGK Vizite): its number,
    the person, the days of rest, the kind, the issuing facility, the control date, and the
    employer's notice if one was given."""

    rapor_no: str
    tckn: str
    ad: str
    soyad: str
    baslangic: date
    bitis: date
    tur: str
    tesis: str
    kontrol_tarihi: date | None
    bildirim: ReportNotice | None

    @property
    def gun(self) -> int:
        return (self.bitis - self.baslangic).days + 1

    @classmethod
    def from_wire(cls, d: dict) -> SickReport:
        tur = _s(d, "tur")
        if tur not in RAPOR_TURLERI:
            raise Malformed("'tur' is not a report kind")
        start, end = _date(d, "baslangic"), _date(d, "bitis")
        if end < start:
            raise Malformed("the report ends before it starts")
        notice = _get(d, "bildirim", dict, True)
        return cls(_s(d, "rapor_no"), _s(d, "tckn"), _s(d, "ad"), _s(d, "soyad"), start, end, tur, _s(d, "tesis"),
                   _date(d, "kontrol_tarihi", True), ReportNotice.from_wire(notice) if notice is not None else None)


# --- GİB -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Taxpayer(Record):
    kimlik: str
    kimlik_turu: str
    unvan: str
    kayitli: bool
    aktif: bool
    mukellefiyet_turu: str | None  # gelir_vergisi / kurumlar_vergisi
    vergi_dairesi: str | None
    vergi_dairesi_kodu: str | None
    baslangic: date | None
    bitis: date | None

    @classmethod
    def from_wire(cls, d: dict) -> Taxpayer:
        return cls(_s(d, "kimlik"), _s(d, "kimlik_turu"), _s(d, "unvan"), _b(d, "kayitli"), _b(d, "aktif"),
                   _s(d, "mukellefiyet_turu", True), _s(d, "vergi_dairesi", True), _s(d, "vergi_dairesi_kodu", True),
                   _date(d, "baslangic", True), _date(d, "bitis", True))


# --- POS -------------------------------------------------------------------------------

@dataclass(frozen=True)
class PaymentStart(Record):
    odeme_no: str
    durum: str
    yonlendirme_url: str

    @classmethod
    def from_wire(cls, d: dict) -> PaymentStart:
        return cls(_s(d, "odeme_no"), _s(d, "durum"), _s(d, "yonlendirme_url"))


PAYMENT_STATES = {"3d_bekliyor", "3d_dogrulandi", "3d_basarisiz", "onaylandi", "reddedildi", "kismi_iade", "iade_edildi"}


def _installments(d: dict) -> int:
    """A payment's installment count (absent: one payment, as banks without installments answer)."""
    value = d.get("taksit", 1) if isinstance(d, dict) else 1
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit() \
            or not 1 <= int(value) <= 36:
        raise Malformed("taksit")
    return int(value)


@dataclass(frozen=True)
class PaymentStatus(Record):
    odeme_no: str
    siparis_no: str
    tutar: Decimal
    para_birimi: str
    durum: str
    onay_kodu: str | None
    red_nedeni: str | None
    kart_maske: str | None
    iade_tutari: Decimal
    olusturma: datetime
    tamamlanma: datetime | None
    #: the number of installments the card is charged in (1: one payment)
    taksit: int = 1

    @property
    def paid(self) -> bool:
        return self.durum in ("onaylandi", "kismi_iade", "iade_edildi")

    @classmethod
    def from_wire(cls, d: dict) -> PaymentStatus:
        status = cls(_s(d, "odeme_no"), _s(d, "siparis_no"), _money(d, "tutar"), _s(d, "para_birimi"), _s(d, "durum"),
                     _s(d, "onay_kodu", True), _s(d, "red_nedeni", True), _s(d, "kart_maske", True),
                     _money(d, "iade_tutari"), _datetime(d, "olusturma"), _datetime(d, "tamamlanma", True),
                     _installments(d))
        if status.durum not in PAYMENT_STATES:
            raise Malformed("unknown payment state")
        return status


@dataclass(frozen=True)
class Refund(Record):
    iade_no: str
    odeme_no: str
    tutar: Decimal
    iade_tutari: Decimal
    durum: str

    @classmethod
    def from_wire(cls, d: dict) -> Refund:
        return cls(_s(d, "iade_no"), _s(d, "odeme_no"), _money(d, "tutar"), _money(d, "iade_tutari"), _s(d, "durum"))


@dataclass(frozen=True)
class SettlementLine(Record):
    tur: str  # satis / iade
    odeme_no: str
    siparis_no: str
    tutar: Decimal
    zaman: datetime

    @classmethod
    def from_wire(cls, d: dict) -> SettlementLine:
        return cls(_s(d, "tur"), _s(d, "odeme_no"), _s(d, "siparis_no"), _money(d, "tutar"), _datetime(d, "zaman"))


@dataclass(frozen=True)
class Settlement(Record):
    tarih: date
    satirlar: tuple[SettlementLine, ...]
    toplam_satis: Decimal
    toplam_iade: Decimal
    net: Decimal

    @classmethod
    def from_wire(cls, d: dict) -> Settlement:
        lines = tuple(SettlementLine.from_wire(x) for x in _list(d, "satirlar"))
        settlement = cls(_date(d, "tarih"), lines, _money(d, "toplam_satis"), _money(d, "toplam_iade"), _money(d, "net"))
        if settlement.net != settlement.toplam_satis - settlement.toplam_iade:
            raise Malformed("settlement totals do not add up")
        return settlement


@dataclass(frozen=True)
class PaymentCallback(Record):
    """A verified 3-D Secure callback: the card holder authenticated (or not) for this order."""

    odeme_no: str
    siparis_no: str
    tutar: Decimal
    authenticated: bool
    md: str
