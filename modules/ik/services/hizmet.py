"""The service record (hizmet cetveli) of a person, derived from the movements: every
assignment in order with its unit, position (sınıf, unvan, derece) and pay (gösterge, ek
gösterge, yan ödeme puanı or the wage), what changed at each, the service lengths, and leave
by year (entitlement, use, lapse; every kind of leave taken).  Nothing of it is stored: a
correction of an assignment shows here at once.  SGK's own record of the person's service
(4/1-a, 4/1-b, 4/1-c periods with every employer) is read through the SGK connector.
"""

from __future__ import annotations

from calendar import monthrange
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ebelediye import connectors
from ebelediye.connectors import ConnectorError
from ebelediye.connectors.types import Employment
from ebelediye.extensions import db

from ..models import Atama, Birim, IzinHareketi, IzinTalebi, Kadro, Personel
from . import IkError
from .personel import _caller, personel


@dataclass(frozen=True)
class Sure:
    """A length of service: years, months, days."""

    yil: int
    ay: int
    gun: int

    def __str__(self) -> str:
        return f"{self.yil} yıl {self.ay} ay {self.gun} gün"


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def sure(baslangic: date, bitis: date) -> Sure:
    """The length of [baslangic, bitis], both days counted, in calendar years, months and
    days (1 Jan 2015 – 16 Mar 2026: 11 years 2 months 16 days).  A month runs to the same day
    of the next month, clamped to a shorter month's end (31 Jan + 1 month = 28 Feb); [U]
    whether an office counts 30-day months instead (SGK's prim günü does) is not settled here."""
    if bitis < baslangic:
        return Sure(0, 0, 0)
    stop = bitis + timedelta(days=1)
    months = (stop.year - baslangic.year) * 12 + stop.month - baslangic.month
    if _add_months(baslangic, months) > stop:
        months -= 1
    return Sure(months // 12, months % 12, (stop - _add_months(baslangic, months)).days)


@dataclass(frozen=True)
class CetvelSatiri:
    """One assignment on the service record, with what changed from the one before."""

    baslangic: date
    bitis: date | None
    birim: str
    sinif: str
    unvan: str
    derece: int | None
    gosterge: int | None
    ek_gosterge: int
    yan_odeme_puan: int
    brut_ucret: Decimal | None
    gerekce: str
    sure: Sure
    degisiklikler: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class IzinYili:
    """A year's leave: the annual entitlement's movements and the days taken of each kind."""

    yil: int
    hak: int = 0
    kullanim: int = 0
    dusme: int = 0
    turler: dict[str, int] = field(default_factory=dict)

    @property
    def kalan(self) -> int:
        return self.hak - self.kullanim - self.dusme


@dataclass(frozen=True)
class Cetvel:
    personel: Personel
    satirlar: tuple[CetvelSatiri, ...]
    kurumda: Sure  # in this municipality, from the hire
    toplam: Sure  # from the start of service that counts (earlier public service included)
    izinler: tuple[IzinYili, ...]


def _changes(before: CetvelSatiri | None, now: dict) -> tuple[tuple[str, str, str], ...]:
    """What changed from the assignment before: (what, before, after); the page names them."""
    if before is None:
        return (("ilk", "", ""),)
    pairs = (("birim", before.birim, now["birim"]), ("kadro", f"{before.sinif} · {before.unvan}",
                                                      f"{now['sinif']} · {now['unvan']}"),
             ("derece", before.derece, now["derece"]),
             ("gosterge", f"{before.gosterge or 0} / {before.ek_gosterge}",
              f"{now['gosterge'] or 0} / {now['ek_gosterge']}"),
             ("yan_odeme", before.yan_odeme_puan, now["yan_odeme_puan"]),
             ("ucret", before.brut_ucret, now["brut_ucret"]))
    return tuple((what, "" if old is None else str(old), "" if new is None else str(new))
                 for what, old, new in pairs if old != new)


def cetvel(personel_id: int, gun: date) -> Cetvel:
    """The service record of a person as of ``gun`` (the municipality's today)."""
    person = personel(personel_id)
    end = min(gun, person.ayrilis_tarihi) if person.ayrilis_tarihi else gun
    rows: list[CetvelSatiri] = []
    for a, k, b in db.session.execute(
            select(Atama, Kadro, Birim).join(Kadro, Kadro.id == Atama.kadro_id).join(Birim, Birim.id == Atama.birim_id)
            .where(Atama.personel_id == personel_id).order_by(Atama.baslangic, Atama.id)):
        now: dict[str, Any] = {"birim": f"{b.kod} {b.ad}", "sinif": k.sinif, "unvan": k.unvan, "derece": k.derece,
               "gosterge": a.gosterge, "ek_gosterge": a.ek_gosterge, "yan_odeme_puan": a.yan_odeme_puan,
               "brut_ucret": a.brut_ucret}
        rows.append(CetvelSatiri(baslangic=a.baslangic, bitis=a.bitis, gerekce=a.gerekce,
                                 sure=sure(a.baslangic, min(a.bitis or end, end)),
                                 degisiklikler=_changes(rows[-1] if rows else None, now), **now))
    years: dict[int, dict] = defaultdict(lambda: {"hak": 0, "kullanim": 0, "dusme": 0, "turler": defaultdict(int)})
    for yil, tur, gun_sayisi in db.session.execute(
            select(IzinHareketi.hak_yili, IzinHareketi.tur, func.sum(IzinHareketi.gun))
            .where(IzinHareketi.personel_id == personel_id).group_by(IzinHareketi.hak_yili, IzinHareketi.tur)):
        years[yil][tur] = abs(int(gun_sayisi))
    for start, tur, gun_sayisi in db.session.execute(
            select(IzinTalebi.baslangic, IzinTalebi.tur, IzinTalebi.gun)
            .where(IzinTalebi.personel_id == personel_id, IzinTalebi.durum == "onaylandi")):
        years[start.year]["turler"][tur] += gun_sayisi
    leave = tuple(IzinYili(yil=y, hak=v["hak"], kullanim=v["kullanim"], dusme=v["dusme"], turler=dict(v["turler"]))
                  for y, v in sorted(years.items()))
    return Cetvel(personel=person, satirlar=tuple(rows), kurumda=sure(person.ise_giris, end),
                  toplam=sure(person.hizmet_baslangic, end), izinler=leave)


def sgk_hizmet(personel_id: int, *, actor: str) -> Employment:
    """SGK's record of the person's insured service (every status and employer), read
    through the SGK connector (purpose "personel", so it is in the KVKK trail)."""
    person = personel(personel_id)
    try:
        return connectors.get("sgk").employment(person.tckn, caller=_caller(actor))
    except connectors.NotFound:
        raise IkError(_l("SGK bu kişiyi tanımıyor."), status=404) from None
    except ConnectorError as exc:
        raise IkError(_l("SGK hizmet dökümü alınamadı: %(neden)s", neden=exc.message_tr), status=503) from None
