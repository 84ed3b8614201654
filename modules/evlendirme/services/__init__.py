"""Evlendirme's rules, one file per area.  Services take ids and the actor, never commit
(the request, job or CLI unit of work does), write an audit row for every change and
refuse with ``EvlendirmeError`` (a ``UserError``) whose messages are Turkish msgids.

Lock order, where a service locks several rows: the file (``nikah_basvurulari``), then its
ceremony (``nikahlar``), then its fee (``nikah_ucretleri``), then a counter.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, text

from ebelediye import clock, parameters
from ebelediye.errors import Conflict, NotFound, UserError
from ebelediye.extensions import db

from .. import hesap
from ..models import KapaliGun, NikahAyari, NikahBasvurusu


class EvlendirmeError(UserError):
    """A marriage-office rule refused the request; nothing was written."""

    code = "evlendirme"


class Dolu(Conflict):
    """The slot, hall or officiant asked for is taken."""

    code = "dolu"


def ayarlar() -> NikahAyari:
    """The office's settings (the seed creates the row)."""
    row = db.session.scalar(select(NikahAyari).order_by(NikahAyari.id).limit(1))
    if row is None:
        row = NikahAyari(gecerlilik_ay=6, tutma_saat=48, tatilde_nikah=False, hatirlatma_gun=3, makbuz_on_eki="EVL",
                         online_basvuru=True)
        db.session.add(row)
        db.session.flush()
    return row


def kurallar(gun: date) -> hesap.Kurallar:
    """The national figures of marriage law in force on ``gun`` (read once per transaction)."""
    cache = db.session.info.setdefault(_RULES_CACHE, {})
    if gun not in cache:
        cache[gun] = _kurallar(gun)
    return cache[gun]


_RULES_CACHE = "evlendirme.kurallar"


def _forget_rules(session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_RULES_CACHE, None)


_RULE_KEYS = {"ergin_yas": "evlendirme.ergin_yas", "veli_izni_yas": "evlendirme.veli_izni_yas",
              "mahkeme_izni_yas": "evlendirme.mahkeme_izni_yas", "iddet_gun": "evlendirme.iddet_gun",
              "tanik_yas": "evlendirme.tanik_yas"}


def _kurallar(gun: date) -> hesap.Kurallar:
    values = parameters.values_on(tuple(_RULE_KEYS.values()), gun)  # one statement for the five figures
    return hesap.Kurallar(**{field: int(values[key]) for field, key in _RULE_KEYS.items()})


@lru_cache(maxsize=16)
def _turkish_holidays(year: int) -> dict[date, str]:
    import holidays  # its calendars cost every process ~25 ms at start-up: load on first use

    return dict(holidays.country_holidays("TR", years=year, language="tr"))


def resmi_tatil(gun: date) -> str | None:
    """The name of the Turkish public holiday on ``gun`` (``holidays``), or None."""
    return _turkish_holidays(gun.year).get(gun)


def tatil_mi(gun: date) -> bool:
    return resmi_tatil(gun) is not None


def kapali_mi(gun: date, salon_id: int | None = None) -> str | None:
    """Why no ceremony is held on ``gun`` (in that hall): a public holiday when the office
    does not officiate on holidays, or a closed day of the municipality; None if open."""
    holiday = resmi_tatil(gun)
    if holiday and not ayarlar().tatilde_nikah:
        return str(_l("%(gun)s resmî tatil (%(ad)s); o gün nikâh kıyılmıyor.", gun=gun.strftime("%d.%m.%Y"),
                      ad=holiday))
    closed = db.session.scalar(select(KapaliGun.neden).where(
        KapaliGun.tarih == gun, (KapaliGun.salon_id.is_(None)) | (KapaliGun.salon_id == salon_id)).limit(1))
    if closed:
        return str(_l("%(gun)s belediye nikâh işlemlerine kapalı: %(neden)s", gun=gun.strftime("%d.%m.%Y"),
                      neden=closed))
    return None


def sonraki_no(tur: str, yil: int) -> int:
    """The next number of a gap-free counter (row-locked until the unit ends)."""
    return int(db.session.execute(text(
        "INSERT INTO nikah_sayaclari (tur, yil, son) VALUES (:t, :y, 1) "
        "ON CONFLICT (tur, yil) DO UPDATE SET son = nikah_sayaclari.son + 1 RETURNING son"),
        {"t": tur, "y": yil}).scalar_one())


def dosya_al(basvuru_id: int, *, lock: bool = False) -> NikahBasvurusu:
    """The file, or ``NotFound``; ``lock`` takes its row lock (the first in the lock order)."""
    query = select(NikahBasvurusu).where(NikahBasvurusu.id == basvuru_id)
    if lock:
        query = query.with_for_update()
    row = db.session.scalar(query)
    if row is None:
        raise NotFound(_l("Evlenme başvurusu bulunamadı."))
    return row


def now():
    return clock.now()


def tz():
    return clock.timezone()
