"""An invoice's taxes: KDV on its net amount (matrah) and what the municipality withholds
from the supplier (KDV tevkifatı, damga vergisi, gelir vergisi stopajı).

Every rate and fraction is a dated national parameter (``seed.NATIONAL_PARAMETERS``, kept
at /konsol/parametreler), read for the invoice's day; the kinds below only name the choices.

The amounts (one rounding rule: each tax is rounded half up to the kuruş on its own, from
the figure it is levied on; nothing else is rounded, so the lines always add up):

- KDV = matrah × KDV rate;
- KDV tevkifatı = KDV (rounded) × the fraction of the service kind (KDV GUT I/C-2.1.3.2);
- damga vergisi = matrah × the per-mille rate; gelir vergisi stopajı = matrah × the per-cent rate;
- the invoice's amount (the cost, on 630/830/905) = matrah + KDV; the supplier is paid
  matrah + KDV − tevkifat − damga − stopaj, which 320 carries; each withholding goes to its
  360 sub-account (``seed.ALT_HESAPLAR``).

A municipality's public services are not KDV-liable, so the KDV it pays is part of the cost
(RULES §6.2 item 7: 191 İndirilecek KDV only for KDV-liable activities, not handled here).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import aliased

from ebelediye import exports, parameters
from ebelediye.extensions import db

from ..models import Fatura, FaturaKesintisi, Fis, Hesap, Tedarikci
from ..seed import TEVKIFAT_TURLERI
from . import MuhasebeError

KURUS = Decimal("0.01")
ZERO = Decimal(0)

KDV_TURLERI = {"genel": _l("Genel oran"), "indirimli_10": _l("İndirimli oran (%10)"),
               "indirimli_1": _l("İndirimli oran (%1)"), "sifir": _l("KDV'siz (istisna)")}
TEVKIFAT_ADLARI = {kind: f"{name} (KDV GUT I/C-{madde})" for kind, (madde, _kod, name, _o) in TEVKIFAT_TURLERI.items()}
DAMGA_TURLERI = {"sozlesme": _l("Belli parayı içeren sözleşme")}
STOPAJ_TURLERI = {"serbest_meslek": _l("Serbest meslek kazancı (GVK m.94/2-b)")}
KESINTI_TURLERI = {"kdv_tevkifat": _l("KDV tevkifatı"), "damga": _l("Damga vergisi"),
                   "gelir_stopaj": _l("Gelir vergisi stopajı")}
#: where each withholding is declared: KDV tevkifatı on the KDV 2 return (sorumlu sıfatıyla),
#: the others on the muhtasar ve prim hizmet beyannamesi [U for damga]
BEYANNAME = {"kdv_tevkifat": "KDV 2", "damga": "Muhtasar", "gelir_stopaj": "Muhtasar"}
HESAPLAR = {"kdv_tevkifat": "360.05", "damga": "360.03", "gelir_stopaj": "360.01"}
PARAMETRE = {"kdv_tevkifat": "muhasebe.kdv_tevkifat.{kod}", "damga": "muhasebe.damga.{kod}",
             "gelir_stopaj": "muhasebe.stopaj.{kod}"}


def kurus(value: Decimal) -> Decimal:
    return value.quantize(KURUS, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Kesinti:
    tur: str
    kod: str
    matrah: Decimal
    oran: Decimal
    tutar: Decimal
    hesap: str = ""


@dataclass(frozen=True)
class Tutarlar:
    """An invoice's figures: what it costs (``tutar``) and what the supplier is paid."""

    matrah: Decimal
    kdv_orani: Decimal
    kdv: Decimal
    kesintiler: tuple[Kesinti, ...]

    @property
    def tutar(self) -> Decimal:
        return self.matrah + self.kdv

    @property
    def odenecek(self) -> Decimal:
        return self.tutar - sum((k.tutar for k in self.kesintiler), ZERO)

    def kesinti(self, tur: str) -> Decimal:
        return sum((k.tutar for k in self.kesintiler if k.tur == tur), ZERO)


def hesap_et(matrah: Decimal, kdv_yuzde: Decimal, *, tevkifat: tuple[str, Decimal] | None = None,
             damga: tuple[str, Decimal] | None = None, stopaj: tuple[str, Decimal] | None = None) -> Tutarlar:
    """The figures from the rates (no lookup): ``kdv_yuzde`` in per cent, the tevkifat a
    fraction (0.9), the damga per mille (9.48), the stopaj per cent (20)."""
    kdv = kurus(matrah * kdv_yuzde / 100)
    lines = []
    if tevkifat is not None:
        lines.append(Kesinti("kdv_tevkifat", tevkifat[0], kdv, tevkifat[1], kurus(kdv * tevkifat[1])))
    if damga is not None:
        lines.append(Kesinti("damga", damga[0], matrah, damga[1], kurus(matrah * damga[1] / 1000)))
    if stopaj is not None:
        lines.append(Kesinti("gelir_stopaj", stopaj[0], matrah, stopaj[1], kurus(matrah * stopaj[1] / 100)))
    return Tutarlar(matrah, kdv_yuzde, kdv, tuple(k for k in lines if k.tutar > 0))


def _oran(key: str, gun: date, field: str) -> Decimal:
    try:
        return parameters.value_on(key, gun)
    except parameters.ParameterMissing as exc:
        raise MuhasebeError(exc.message, {field: [_l("Bu tarihte geçerli oran yok (%(key)s); Bakanlık konsolundan "
                                                     "girilmeli.", key=key)]}) from None


def _hesap(tur: str) -> str:
    """The 360 sub-account of a withholding, or 360 itself where the chart lacks it."""
    kod = HESAPLAR[tur]
    active = db.session.scalar(select(Hesap.aktif).where(Hesap.kod == kod))
    return kod if active else "360"


def hesapla(matrah: Decimal, gun: date, kdv_turu: str, tevkifat: str = "", damga: str = "",
            stopaj: str = "") -> Tutarlar:
    """An invoice's figures on its day, every rate read from the dated parameters; a bad
    choice or figure is refused with its field."""
    errors: dict[str, list] = {}
    if matrah is None or matrah <= 0:
        errors["matrah"] = [_l("Sıfırdan büyük bir matrah (KDV hariç tutar) girin.")]
    if kdv_turu not in KDV_TURLERI:
        errors["kdv_turu"] = [_l("Geçerli bir KDV oranı seçin.")]
    if tevkifat and tevkifat not in TEVKIFAT_TURLERI:
        errors["tevkifat"] = [_l("Geçerli bir tevkifat türü seçin.")]
    if damga and damga not in DAMGA_TURLERI:
        errors["damga"] = [_l("Geçerli bir damga vergisi türü seçin.")]
    if stopaj and stopaj not in STOPAJ_TURLERI:
        errors["stopaj"] = [_l("Geçerli bir stopaj türü seçin.")]
    if errors:
        raise MuhasebeError(_l("Faturanın vergi bilgileri geçersiz."), errors)
    kdv_yuzde = _oran(f"muhasebe.kdv.{kdv_turu}", gun, "kdv_turu")
    if tevkifat and kdv_yuzde == 0:
        raise MuhasebeError(_l("KDV'siz bir faturada KDV tevkifatı olmaz."),
                            {"tevkifat": [_l("KDV oranı sıfırken tevkifat seçilemez.")]})
    result = hesap_et(
        matrah, kdv_yuzde,
        tevkifat=(tevkifat, _oran(f"muhasebe.kdv_tevkifat.{tevkifat}", gun, "tevkifat")) if tevkifat else None,
        damga=(damga, _oran(f"muhasebe.damga.{damga}", gun, "damga")) if damga else None,
        stopaj=(stopaj, _oran(f"muhasebe.stopaj.{stopaj}", gun, "stopaj")) if stopaj else None)
    if tevkifat:
        sinir = _oran("muhasebe.kdv_tevkifat.sinir", gun, "tevkifat")
        if result.tutar <= sinir:
            raise MuhasebeError(
                _l("KDV dahil tutar (%(tutar)s) kısmi tevkifat sınırını (%(sinir)s) aşmıyor; tevkifat uygulanmaz.",
                   tutar=result.tutar, sinir=sinir), {"tevkifat": [_l("Bu tutarda tevkifat seçilmez.")]})
    if result.odenecek <= 0:
        raise MuhasebeError(_l("Kesintiler faturanın tutarını aşıyor."),
                            {"matrah": [_l("Kesintilerden sonra tedarikçiye ödenecek tutar kalmalı.")]})
    return Tutarlar(result.matrah, result.kdv_orani, result.kdv,
                  tuple(Kesinti(k.tur, k.kod, k.matrah, k.oran, k.tutar, _hesap(k.tur)) for k in result.kesintiler))


def kesintiler(fatura_id: int) -> list[FaturaKesintisi]:
    return list(db.session.scalars(select(FaturaKesintisi).where(FaturaKesintisi.fatura_id == fatura_id)
                                   .order_by(FaturaKesintisi.id)))


# --- the month's withholdings (what the KDV 2 and muhtasar returns are filled from) ------

def _ay(yil: int, ay: int) -> tuple[date, date]:
    start = date(yil, ay, 1)
    end = date(yil + (ay == 12), ay % 12 + 1, 1)
    return start, end


def _gecerli_sorgu(yil: int, ay: int):
    """The withholdings of invoices dated in the month whose ÖEB is approved and standing."""
    start, end = _ay(yil, ay)
    ters = aliased(Fis)
    return (select(FaturaKesintisi, Fatura, Tedarikci)
            .join(Fatura, Fatura.id == FaturaKesintisi.fatura_id)
            .join(Tedarikci, Tedarikci.id == Fatura.tedarikci_id)
            .join(Fis, Fis.id == Fatura.fis_id)
            .where(FaturaKesintisi.tarih >= start, FaturaKesintisi.tarih < end, Fis.durum == "onaylandi",
                   ~exists().where(and_(ters.ters_fis_id == Fis.id, ters.durum == "onaylandi"))))


def ay_ozeti(yil: int, ay: int) -> list[dict]:
    """Per tax and kind: how many, the base and the amount withheld in the month."""
    q = _gecerli_sorgu(yil, ay).subquery()
    rows = db.session.execute(select(q.c.tur, q.c.kod, func.count(), func.sum(q.c.matrah), func.sum(q.c.tutar))
                              .group_by(q.c.tur, q.c.kod).order_by(q.c.tur, q.c.kod)).all()
    return [{"tur": tur, "kod": kod, "ad": ad(tur, kod), "beyanname": BEYANNAME[tur], "adet": n,
             "matrah": Decimal(m), "tutar": Decimal(t)} for tur, kod, n, m, t in rows]


def ay_satirlari(yil: int, ay: int, page: int = 1, per_page: int = 50) -> tuple[list[dict], int]:
    """The month's withholdings one by one (supplier, invoice), oldest first, a page of them."""
    query = _gecerli_sorgu(yil, ay)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.execute(query.order_by(FaturaKesintisi.tarih, FaturaKesintisi.id)
                              .limit(per_page).offset((max(page, 1) - 1) * per_page)).all()
    return [_satir(k, f, t) for k, f, t in rows], total


def _satir(k: FaturaKesintisi, f: Fatura, t: Tedarikci) -> dict:
    return {"id": k.id, "tarih": k.tarih, "tur": k.tur, "kod": k.kod, "ad": ad(k.tur, k.kod),
            "beyanname": BEYANNAME[k.tur], "fatura_id": f.id, "fatura_no": f.fatura_no, "tedarikci": t.unvan,
            "kimlik_no": t.kimlik_no, "matrah": k.matrah, "oran": k.oran, "tutar": k.tutar, "hesap_kod": k.hesap_kod}


def ad(tur: str, kod: str) -> str:
    names = {"kdv_tevkifat": TEVKIFAT_ADLARI, "damga": DAMGA_TURLERI, "gelir_stopaj": STOPAJ_TURLERI}[tur]
    return str(names.get(kod, kod))


def ay_csv(yil: int, ay: int) -> str:
    """The month's withholdings as CSV (``;``, decimal comma), every row; cells a spreadsheet
    would read as formulas are quoted (``ebelediye.exports``)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["tarih", "vergi", "tur", "beyanname", "tedarikci", "kimlik_no", "fatura_no", "matrah", "oran",
                     "tutar", "hesap"])
    for k, f, t in db.session.execute(_gecerli_sorgu(yil, ay).order_by(FaturaKesintisi.tarih, FaturaKesintisi.id)):
        writer.writerow(exports.csv_row([k.tarih.isoformat(), k.tur, ad(k.tur, k.kod), BEYANNAME[k.tur], t.unvan,
                                         t.kimlik_no, f.fatura_no, _tl(k.matrah), f"{k.oran.normalize():f}"
                                         .replace(".", ","), _tl(k.tutar), k.hesap_kod]))
    return out.getvalue()


def _tl(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def secenekler(gun: date) -> dict:
    """The choices with the rates in force on ``gun`` (None where none is entered)."""
    def value(key: str) -> Decimal | None:
        return parameters.maybe_value_on(key, gun)
    return {
        "kdv": [{"kod": k, "ad": str(v), "oran": value(f"muhasebe.kdv.{k}")} for k, v in KDV_TURLERI.items()],
        "tevkifat": [{"kod": k, "ad": TEVKIFAT_ADLARI[k], "madde": f"I/C-{m}", "gib_kodu": c,
                      "oran": value(f"muhasebe.kdv_tevkifat.{k}")} for k, (m, c, _n, _o) in TEVKIFAT_TURLERI.items()],
        "damga": [{"kod": k, "ad": str(v), "oran": value(f"muhasebe.damga.{k}")} for k, v in DAMGA_TURLERI.items()],
        "stopaj": [{"kod": k, "ad": str(v), "oran": value(f"muhasebe.stopaj.{k}")} for k, v in STOPAJ_TURLERI.items()],
    }
