"""Leases of municipal property (kira) and ecrimisil (2886 m.75): the contract, its rent for
each period with the yearly increase, and the accrual of each period once.

A lease's period is accrued as one ``kira`` debt with ``kaynak = kira:<id>:<YYYY-MM>`` (the
period's first month), due on the period's first day moved past weekends and holidays
[U: the due day is the contract's; the first day is the usual "peşin" rent]. Whatever ran
before (an earlier run, a cancelled accrual) the period is never accrued again: the unique
key of ``tahakkuklar`` and the row lock on the contract keep two runs from doubling it.

The increase applies on each anniversary of the start: ``sabit`` adds the contract's %,
``tufe`` / ``ufe`` the 12-month average of the dated national parameter
(``kira.tufe_12ay_ortalama``, ``kira.ufe_12ay_ortalama``) in force on the anniversary day; a
missing row is ``ParameterMissing``, never a default. Each year's rent is rounded to kuruş
and the next year's increase applies to it.

Ecrimisil is a one-off charge for a period of occupation with its basis (the valuation
commission's decision): one ``ecrimisil`` debt due on the notice's last day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, or_, select

from ebelediye import audit, parameters
from ebelediye.errors import UserError
from ebelediye.extensions import db

from .. import hesap, parametre
from ..models import KiraSozlesmesi, Mukellef, Tahakkuk
from . import GelirError
from .tahakkuk import _accrue

TURLER = {"kira": _l("Kira sözleşmesi"), "ecrimisil": _l("Ecrimisil (sözleşmesiz işgal, 2886 m.75)")}
DONEMLER = {"ay": _l("Aylık"), "yil": _l("Yıllık")}
ARTISLAR = {"yok": _l("Artış yok"), "sabit": _l("Sabit oran (%)"), "tufe": _l("TÜFE 12 aylık ortalama"),
            "ufe": _l("Yİ-ÜFE 12 aylık ortalama")}
ENDEKS = {"tufe": "kira.tufe_12ay_ortalama", "ufe": "kira.ufe_12ay_ortalama"}
#: a lease runs at most this long (a longer one is a typing error, and the schedule stays small)
AZAMI_YIL = 49


@dataclass(frozen=True)
class Donem:
    """One rent period: its number (0-based), first and last day, contract year, amount."""

    sira: int
    baslangic: date
    bitis: date
    yil_sirasi: int
    tutar: Decimal

    @property
    def anahtar(self) -> str:
        return f"{self.baslangic:%Y-%m}"


def yillik_tutarlar(tutar: Decimal, yillar: int, oran: Callable[[int], Decimal]) -> list[tuple[Decimal, Decimal]]:
    """Each contract year's rent and the increase (%) it got: year 0 is ``tutar``; year k is
    year k−1 × (1 + ``oran(k)`` / 100), rounded to kuruş (pure: ``oran`` gives the rates)."""
    out = [(hesap.kurus(tutar), Decimal(0))]
    for k in range(1, yillar):
        rate = oran(k)
        out.append((hesap.kurus(out[-1][0] * (1 + rate / 100)), rate))
    return out


def _oran(row: KiraSozlesmesi) -> Callable[[int], Decimal]:
    def rate(k: int) -> Decimal:
        if row.artis == "sabit":
            return row.artis_orani or Decimal(0)
        if row.artis in ENDEKS:
            return Decimal(str(parameters.value_on(ENDEKS[row.artis], row.baslangic + relativedelta(years=k))))
        return Decimal(0)
    return rate


def donemler(row: KiraSozlesmesi, kadar: date | None = None) -> list[Donem]:
    """The lease's periods that start on or before ``kadar`` (all of them by default)."""
    step = relativedelta(months=1) if row.donem == "ay" else relativedelta(years=1)
    last = min(row.bitis, kadar) if kadar else row.bitis
    starts: list[date] = []
    n = 0
    while (start := row.baslangic + step * n) <= last:
        starts.append(start)
        n += 1
    if not starts:
        return []
    per_year = 12 if row.donem == "ay" else 1
    years = yillik_tutarlar(row.tutar, (len(starts) - 1) // per_year + 1, _oran(row))
    return [Donem(i, s, min(row.baslangic + step * (i + 1) - relativedelta(days=1), row.bitis), i // per_year,
                  years[i // per_year][0]) for i, s in enumerate(starts)]


def artislar(row: KiraSozlesmesi) -> list[dict]:
    """Each contract year with its rent and increase, for the page ("how was it computed");
    a year whose index is missing shows the missing key instead of failing the page."""
    count = (row.bitis.year - row.baslangic.year) + 1
    out: list[dict] = []
    rate = _oran(row)
    amount = hesap.kurus(row.tutar)
    for k in range(count):
        start = row.baslangic + relativedelta(years=k)
        if start > row.bitis:
            break
        if k:
            try:
                r = rate(k)
            except parameters.ParameterMissing as exc:
                out.append({"yil": k + 1, "baslangic": start, "tutar": None, "oran": None, "eksik": exc.key})
                break
            amount = hesap.kurus(amount * (1 + r / 100))
            out.append({"yil": k + 1, "baslangic": start, "tutar": amount, "oran": r, "eksik": None})
        else:
            out.append({"yil": 1, "baslangic": start, "tutar": amount, "oran": Decimal(0), "eksik": None})
    return out


def _dogrula(data: dict) -> None:
    errors: dict[str, list] = {}
    if db.session.get(Mukellef, data["mukellef_id"]) is None:
        errors["mukellef_id"] = [_l("Böyle bir mükellef yok.")]
    if data["bitis"] < data["baslangic"]:
        errors["bitis"] = [_l("Bitiş başlangıçtan önce olamaz.")]
    elif data["bitis"] > data["baslangic"] + relativedelta(years=AZAMI_YIL):
        errors["bitis"] = [_l("Süre en çok %(n)s yıl olabilir.", n=AZAMI_YIL)]
    if data["tur"] == "kira" and data["artis"] == "sabit" and data.get("artis_orani") is None:
        errors["artis_orani"] = [_l("Sabit artış için oranı girin.")]
    if data["tur"] == "ecrimisil":
        if not data.get("dayanak"):
            errors["dayanak"] = [_l("Ecrimisilin dayanağını (takdir kararı) yazın.")]
        if data.get("son_odeme") is None:
            errors["son_odeme"] = [_l("İhbarnamedeki son ödeme gününü girin.")]
    if errors:
        raise GelirError(_l("Sözleşme bilgileri geçersiz."), errors)


def olustur(data: dict, *, actor: str) -> KiraSozlesmesi:
    """Register a lease (its periods are accrued by ``donem_tahakkuk``) or an ecrimisil
    (charged at once); audited."""
    _dogrula(data)
    ecrimisil = data["tur"] == "ecrimisil"
    row = KiraSozlesmesi(
        tur=data["tur"], mukellef_id=data["mukellef_id"], tasinmaz=data["tasinmaz"], baslangic=data["baslangic"],
        bitis=data["bitis"], donem="yil" if ecrimisil else data["donem"], tutar=data["tutar"],
        artis="yok" if ecrimisil else data["artis"],
        artis_orani=data.get("artis_orani") if data["artis"] == "sabit" and not ecrimisil else None,
        dayanak=data.get("dayanak") or "", son_odeme=data.get("son_odeme") if ecrimisil else None, kaydeden=actor)
    db.session.add(row)
    db.session.flush()
    audit.record(f"gelir.{row.tur}.olustur", actor=actor, realm="staff", object_type="kira_sozlesmesi",
                 object_id=row.id, after={"mukellef_id": row.mukellef_id, "tasinmaz": row.tasinmaz,
                                          "baslangic": row.baslangic.isoformat(), "bitis": row.bitis.isoformat(),
                                          "donem": row.donem, "tutar": str(row.tutar), "artis": row.artis,
                                          "artis_orani": str(row.artis_orani) if row.artis_orani is not None else None,
                                          "dayanak": row.dayanak})
    if ecrimisil:
        assert row.son_odeme is not None
        _accrue(row.mukellef_id, "ecrimisil", f"ecrimisil:{row.id}", row.baslangic.year,
                [(0, hesap.vade_gunu(row.son_odeme, parametre.tatil_mi), hesap.kurus(row.tutar))], actor=actor,
                aciklama=f"Ecrimisil {row.baslangic:%d.%m.%Y}–{row.bitis:%d.%m.%Y}: {row.tasinmaz}"[:300])
    return row


def sozlesme(sozlesme_id: int) -> KiraSozlesmesi:
    row = db.session.get(KiraSozlesmesi, sozlesme_id)
    if row is None:
        raise GelirError(_l("Sözleşme bulunamadı."), status=404)
    return row


def liste(ara: str = "", tur: str | None = None) -> Select:
    """Leases and ecrimisil records, newest first; ``ara`` matches the property, the basis,
    the taxpayer's name or number."""
    query = select(KiraSozlesmesi).join(Mukellef, Mukellef.id == KiraSozlesmesi.mukellef_id)
    if tur:
        query = query.where(KiraSozlesmesi.tur == tur)
    text = ara.strip()
    if text:
        like = f"%{text}%"
        conditions: list[ColumnElement[bool]] = [KiraSozlesmesi.tasinmaz.ilike(like), KiraSozlesmesi.dayanak.ilike(like),
                      Mukellef.ad.ilike(like), Mukellef.soyad.ilike(like), Mukellef.unvan.ilike(like)]
        if text.isdigit() and len(text) <= 18:
            conditions.append(KiraSozlesmesi.mukellef_id == int(text))
        query = query.where(or_(*conditions))
    return query.order_by(KiraSozlesmesi.id.desc())


def tahakkuklar(row: KiraSozlesmesi) -> list[Tahakkuk]:
    """The accruals of a lease or ecrimisil, reversals included, oldest first."""
    prefix = f"kira:{row.id}:" if row.tur == "kira" else f"ecrimisil:{row.id}"
    query = select(Tahakkuk).where(Tahakkuk.mukellef_id == row.mukellef_id)
    query = query.where(Tahakkuk.kaynak.startswith(prefix) if row.tur == "kira" else Tahakkuk.kaynak == prefix)
    return list(db.session.scalars(query.order_by(Tahakkuk.vade, Tahakkuk.id)))


def sozlesme_tahakkuk(sozlesme_id: int, gun: date, *, actor: str) -> int:
    """Accrue every period of one lease that has started by ``gun`` and was never accrued;
    the number accrued (a rerun accrues nothing)."""
    row = db.session.scalar(select(KiraSozlesmesi).where(KiraSozlesmesi.id == sozlesme_id).with_for_update())
    if row is None:
        raise GelirError(_l("Sözleşme bulunamadı."), status=404)
    if row.tur != "kira":
        return 0
    done = set(db.session.scalars(select(Tahakkuk.kaynak).where(
        Tahakkuk.mukellef_id == row.mukellef_id, Tahakkuk.gelir_kodu == "kira",
        Tahakkuk.kaynak.startswith(f"kira:{row.id}:"), Tahakkuk.iptal_edilen_id.is_(None))))
    count = 0
    for period in donemler(row, gun):
        kaynak = f"kira:{row.id}:{period.anahtar}"
        if kaynak in done:
            continue
        due = hesap.vade_gunu(period.baslangic, parametre.tatil_mi)
        _accrue(row.mukellef_id, "kira", kaynak, period.baslangic.year, [(0, due, period.tutar)], actor=actor,
                aciklama=f"Kira {period.baslangic:%d.%m.%Y}–{period.bitis:%d.%m.%Y}: {row.tasinmaz}"[:300])
        count += 1
    return count


def donem_tahakkuk(gun: date, *, actor: str, progress: Callable[[int, int | None, str], None] | None = None) -> dict:
    """Accrue every lease's periods started by ``gun`` (the daily run; idempotent, and
    resumable: each lease is made durable before the next one)."""
    from ebelediye import uow

    ids = list(db.session.scalars(select(KiraSozlesmesi.id).where(
        KiraSozlesmesi.tur == "kira", KiraSozlesmesi.baslangic <= gun).order_by(KiraSozlesmesi.id)))
    accrued, refused = 0, []
    for index, sozlesme_id in enumerate(ids, start=1):
        try:
            with uow.savepoint():
                accrued += sozlesme_tahakkuk(sozlesme_id, gun, actor=actor)
        except UserError as exc:  # a missing index row stops that lease only; the others go on
            refused.append({"sozlesme_id": sozlesme_id, "neden": str(getattr(exc, "message_tr", None) or exc)})
        uow.commit_point()
        if progress is not None:
            progress(index, len(ids), f"{index}/{len(ids)} sözleşme")
    audit.record("gelir.kira.donem_tahakkuk", actor=actor, realm="staff", object_type="kira_donem",
                 object_id=gun.isoformat(), after={"sozlesme": len(ids), "tahakkuk": accrued, "reddedilen": refused})
    return {"gun": gun.isoformat(), "sozlesme": len(ids), "tahakkuk": accrued, "reddedilen": refused}
