"""Permits charged from the council's tariff (``tarifeler``): işgaliye (2464 m.52–54) and
pazar yeri (m² × days or months × the place's amount), işyeri açma ve çalışma ruhsatı harcı
(m.81) and bina inşaat harcı (m.80) (m² × the class's amount).

The tariff row is the one of the permit's kind and code in force on its first day; none is
``TarifeYok`` (a 422 naming the code and day), never a default. The unit of the row says
how the period counts: ``…/gün`` days (both ends counted), ``…/ay`` started months,
``…/yıl`` started years, anything else once. The permit is accrued when issued, one debt due
on its first day (paid before the place is occupied or the licence handed over [U]); a
correction cancels that debt (the tahakkuk cancel path) and issues a new permit.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, or_, select

from ebelediye import audit
from ebelediye.extensions import db

from .. import hesap, parametre
from ..models import HarcIzni, Mukellef, Tahakkuk
from . import GelirError
from .tahakkuk import _accrue

TURLER = {
    "isgaliye": _l("İşgal harcı (2464 m.52–54)"),
    "pazar_yeri": _l("Pazar yeri ücreti"),
    "ruhsat_harci": _l("İşyeri açma ve çalışma ruhsatı harcı (2464 m.81)"),
    "insaat_harci": _l("Bina inşaat harcı (2464 m.80)"),
}
#: kinds charged for a period (the others once, for the area)
SURELI = ("isgaliye", "pazar_yeri")
#: the longest period one permit may cover (a longer one is renewed)
AZAMI_GUN = 366 * 5


def sure(birim: str, baslangic: date, bitis: date | None) -> tuple[int, str]:
    """How many tariff periods a permit covers, from the tariff row's unit (pure)."""
    unit = birim.lower()
    if bitis is None:
        return 1, "adet"
    if "gün" in unit or "gun" in unit:
        return (bitis - baslangic).days + 1, "gün"
    if "/ay" in unit:
        delta = relativedelta(bitis, baslangic)
        return delta.years * 12 + delta.months + 1, "ay"
    if "yıl" in unit or "yil" in unit:
        return relativedelta(bitis, baslangic).years + 1, "yıl"
    return 1, "adet"


def hesapla(tur: str, tarife_kod: str, alan: Decimal, baslangic: date, bitis: date | None) -> dict:
    """The amount and its steps: tariff row × m² × periods, rounded to kuruş."""
    line = parametre.tarife(tur, tarife_kod, baslangic)
    periods, unit = sure(line.birim, baslangic, bitis) if tur in SURELI else (1, "adet")
    amount = hesap.kurus(line.tutar * alan * periods)
    return {"tarife_id": line.id, "tarife_ad": line.ad, "birim": line.birim, "birim_tutar": str(line.tutar),
            "karar": line.karar, "alan": str(alan), "sure": periods, "sure_birimi": unit, "tutar": str(amount),
            "gelir_kodu": line.gelir_kodu or tur}


def _dogrula(data: dict) -> None:
    errors: dict[str, list] = {}
    if db.session.get(Mukellef, data["mukellef_id"]) is None:
        errors["mukellef_id"] = [_l("Böyle bir mükellef yok.")]
    bitis = data.get("bitis")
    if data["tur"] in SURELI:
        if bitis is None:
            errors["bitis"] = [_l("İznin bitiş gününü girin.")]
        elif bitis < data["baslangic"]:
            errors["bitis"] = [_l("Bitiş başlangıçtan önce olamaz.")]
        elif (bitis - data["baslangic"]).days > AZAMI_GUN:
            errors["bitis"] = [_l("Bir izin en çok beş yıl olabilir; uzatmak için yeni izin verin.")]
    if errors:
        raise GelirError(_l("İzin bilgileri geçersiz."), errors)


def olustur(data: dict, *, actor: str) -> HarcIzni:
    """Issue a permit and accrue its fee from the tariff; audited with the computation."""
    _dogrula(data)
    bitis = data.get("bitis") if data["tur"] in SURELI else None
    computed = hesapla(data["tur"], data["tarife_kod"], data["alan"], data["baslangic"], bitis)
    row = HarcIzni(tur=data["tur"], mukellef_id=data["mukellef_id"], tarife_kod=data["tarife_kod"], yer=data["yer"],
                   alan=data["alan"], baslangic=data["baslangic"], bitis=bitis, hesap=computed,
                   tutar=Decimal(computed["tutar"]), kaydeden=actor)
    db.session.add(row)
    db.session.flush()
    audit.record(f"gelir.harc.{row.tur}", actor=actor, realm="staff", object_type="harc_izni", object_id=row.id,
                 after={"mukellef_id": row.mukellef_id, "yer": row.yer, "baslangic": row.baslangic.isoformat(),
                        "bitis": bitis.isoformat() if bitis else None, **computed})
    if row.tutar <= 0:
        raise GelirError(_l("Tarifeye göre tutar sıfır; tahakkuk edilecek bir şey yok."),
                         {"tarife_kod": [_l("Bu tarife kaleminin tutarı sıfır.")]})
    _accrue(row.mukellef_id, computed["gelir_kodu"], f"harc:{row.id}", row.baslangic.year,
            [(0, hesap.vade_gunu(row.baslangic, parametre.tatil_mi), row.tutar)], actor=actor,
            aciklama=f"{computed['tarife_ad']}: {row.yer}"[:300])
    return row


def izin(izin_id: int) -> HarcIzni:
    row = db.session.get(HarcIzni, izin_id)
    if row is None:
        raise GelirError(_l("İzin bulunamadı."), status=404)
    return row


def liste(ara: str = "", tur: str | None = None) -> Select:
    """Permits, newest first; ``ara`` matches the place, the tariff code, the taxpayer's name or number."""
    query = select(HarcIzni).join(Mukellef, Mukellef.id == HarcIzni.mukellef_id)
    if tur:
        query = query.where(HarcIzni.tur == tur)
    text = ara.strip()
    if text:
        like = f"%{text}%"
        conditions: list[ColumnElement[bool]] = [HarcIzni.yer.ilike(like), HarcIzni.tarife_kod.ilike(like), Mukellef.ad.ilike(like),
                      Mukellef.soyad.ilike(like), Mukellef.unvan.ilike(like)]
        if text.isdigit() and len(text) <= 18:
            conditions.append(HarcIzni.mukellef_id == int(text))
        query = query.where(or_(*conditions))
    return query.order_by(HarcIzni.id.desc())


def tahakkuklar(row: HarcIzni) -> list[Tahakkuk]:
    """The permit's accrual and its reversal, if any."""
    return list(db.session.scalars(select(Tahakkuk).where(
        Tahakkuk.mukellef_id == row.mukellef_id, Tahakkuk.kaynak == f"harc:{row.id}").order_by(Tahakkuk.id)))


def tarife_kodlari(tur: str) -> list[tuple[str, str]]:
    """The tariff codes of a kind (for the form), newest name of each."""
    from ..models import Tarife

    rows = db.session.execute(select(Tarife.kod, Tarife.ad).where(Tarife.tur == tur)
                              .order_by(Tarife.kod, Tarife.gecerlilik_baslangic.desc())).all()
    seen: dict[str, str] = {}
    for kod, ad in rows:
        seen.setdefault(kod, ad)
    return list(seen.items())
