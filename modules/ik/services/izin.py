"""Leave: the annual entitlement by kind and seniority (RULES §7.6), requests approved by the
unit's manager, carry-over and lapse, who is away on a day and the month's calendar by unit.

The balance is never stored: it is the sum of the movements (``ik_izin_hareketleri``:
entitlement +, use −, lapse −), which are append-only.  An approved annual leave uses the
oldest entitlement first (the one that lapses first).  For memur and sözleşmeli staff an
entitlement lapses at the end of the year after it (657 m.103: "unused leave from before the
previous year lapses"); a worker's leave does not lapse (4857 m.53: it cannot be waived).
Working days exclude weekends and Turkish public holidays (python-holidays).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from ebelediye import audit
from ebelediye.errors import NotFound
from ebelediye.extensions import db

from .. import hesap
from ..models import Atama, Birim, IzinHareketi, IzinTalebi, Personel
from . import IkError

TURLER = ("yillik", "mazeret", "hastalik", "ucretsiz")
#: kinds whose annual leave lapses at the end of the year after the entitlement's
DUSEN = ("memur", "sozlesmeli")


@lru_cache(maxsize=32)
def _tatiller(year: int) -> frozenset[date]:
    import holidays  # its calendars cost every process ~25 ms at start-up: load on first use

    return frozenset(holidays.Turkey(years=year))


def is_gunu(start: date, end: date) -> int:
    """Working days in [start, end]: no weekend, no public holiday (4857 m.56)."""
    days, day = 0, start
    while day <= end:
        if day.weekday() < 5 and day not in _tatiller(day.year):
            days += 1
        day += timedelta(days=1)
    return days


def _person(personel_id: int, *, lock: bool = False) -> Personel:
    query = select(Personel).where(Personel.id == personel_id)
    row = db.session.scalar(query.with_for_update() if lock else query)
    if row is None:
        raise NotFound(_l("Personel bulunamadı."))
    return row


def _years(start: date, on: date) -> int:
    return on.year - start.year - ((on.month, on.day) < (start.month, start.day))


def hak_tanimla(personel_id: int, yil: int, *, actor: str) -> IzinHareketi | None:
    """The entitlement of ``yil`` (idempotent): by the service completed on its anniversary
    in that year and the age on 1 January; none in the first year of service."""
    p = _person(personel_id, lock=True)
    existing = db.session.scalar(select(IzinHareketi).where(
        IzinHareketi.personel_id == p.id, IzinHareketi.hak_yili == yil, IzinHareketi.tur == "hak"))
    if existing is not None:
        return existing
    anniversary = p.hizmet_baslangic.replace(year=yil) if not (
        p.hizmet_baslangic.month == 2 and p.hizmet_baslangic.day == 29) else date(yil, 2, 28)
    days = hesap.yillik_izin_hakki(p.tur, max(0, _years(p.hizmet_baslangic, anniversary)),
                                   _years(p.dogum_tarihi, date(yil, 1, 1)))
    if days <= 0:
        return None
    row = IzinHareketi(personel_id=p.id, hak_yili=yil, tur="hak", gun=days,
                       aciklama=f"{yil} yıllık izin hakkı", olusturan=actor)
    db.session.add(row)
    db.session.flush()
    audit.record("ik.izin.hak", actor=actor, object_type="ik_personel", object_id=p.id,
                 after={"yil": yil, "gun": days})
    return row


def hak_tanimla_hepsi(yil: int, *, actor: str) -> int:
    """The entitlements of ``yil`` for everyone working (idempotent); returns how many were new."""
    ids = list(db.session.scalars(select(Personel.id).where(Personel.ayrilis_tarihi.is_(None)).order_by(Personel.id)))
    existing = set(db.session.scalars(select(IzinHareketi.personel_id).where(
        IzinHareketi.hak_yili == yil, IzinHareketi.tur == "hak")))
    made = 0
    for personel_id in ids:
        if personel_id not in existing and hak_tanimla(personel_id, yil, actor=actor) is not None:
            made += 1
    return made


def yillara_gore(personel_id: int) -> dict[int, int]:
    """The balance of each entitlement year (only years with days left)."""
    rows = db.session.execute(select(IzinHareketi.hak_yili, func.sum(IzinHareketi.gun))
                              .where(IzinHareketi.personel_id == personel_id)
                              .group_by(IzinHareketi.hak_yili).order_by(IzinHareketi.hak_yili))
    return {year: int(total) for year, total in rows if total}


def bakiye(personel_id: int) -> int:
    """Days of annual leave left: the sum of the movements."""
    return sum(yillara_gore(personel_id).values())


def _bekleyen(personel_id: int) -> int:
    return int(db.session.scalar(select(func.coalesce(func.sum(IzinTalebi.gun), 0)).where(
        IzinTalebi.personel_id == personel_id, IzinTalebi.tur == "yillik", IzinTalebi.durum == "bekliyor")) or 0)


def talep(personel_id: int, tur: str, baslangic: date, bitis: date, *, actor: str, aciklama: str = "") -> IzinTalebi:
    """A leave request; annual leave beyond the balance (less what is already asked) is refused."""
    if tur not in TURLER:
        raise IkError(_l("Bilinmeyen izin türü."), {"tur": [_l("Bilinmeyen izin türü.")]})
    if bitis < baslangic:
        raise IkError(_l("İzin bitişi başlangıcından önce olamaz."), {"bitis": [_l("Bitiş başlangıçtan önce.")]})
    p = _person(personel_id, lock=True)
    if p.ayrilis_tarihi is not None:
        raise IkError(_l("Bu personel ayrılmış."))
    days = is_gunu(baslangic, bitis)
    if days == 0:
        raise IkError(_l("Seçilen aralıkta iş günü yok."), {"baslangic": [_l("Aralıkta iş günü yok.")]})
    overlap = db.session.scalar(select(IzinTalebi.id).where(
        IzinTalebi.personel_id == p.id, IzinTalebi.durum.in_(("bekliyor", "onaylandi")),
        IzinTalebi.baslangic <= bitis, IzinTalebi.bitis >= baslangic))
    if overlap is not None:
        raise IkError(_l("Bu tarihlerle çakışan bir izin talebi var."), {"baslangic": [_l("Çakışan izin var.")]})
    if tur == "yillik":
        available = bakiye(p.id) - _bekleyen(p.id)
        if days > available:
            raise IkError(_l("İzin bakiyesi yetersiz: %(gun)s iş günü isteniyor, %(kalan)s gün kullanılabilir.",
                             gun=days, kalan=available), {"bitis": [_l("Bakiyeyi aşıyor.")]})
    row = IzinTalebi(personel_id=p.id, tur=tur, baslangic=baslangic, bitis=bitis, gun=days, durum="bekliyor",
                     aciklama=aciklama[:300], talep_eden=actor)
    db.session.add(row)
    db.session.flush()
    audit.record("ik.izin.talep", actor=actor, object_type="ik_izin_talebi", object_id=row.id,
                 after={"tur": tur, "baslangic": baslangic.isoformat(), "bitis": bitis.isoformat(), "gun": days})
    return row


def karar(talep_id: int, onay: bool, *, actor: str) -> IzinTalebi:
    """The manager approves or refuses a request; approval of annual leave uses the oldest
    entitlement first.  The requester cannot decide their own request."""
    row = db.session.scalar(select(IzinTalebi).where(IzinTalebi.id == talep_id).with_for_update())
    if row is None:
        raise NotFound(_l("İzin talebi bulunamadı."))
    if row.durum != "bekliyor":
        raise IkError(_l("Bu talep zaten karara bağlanmış."), status=409)
    if row.talep_eden == actor:
        raise IkError(_l("Kendi izin talebinizi onaylayamazsınız."), status=403)
    _person(row.personel_id, lock=True)
    row.durum, row.karar_veren = ("onaylandi" if onay else "reddedildi"), actor
    db.session.flush()
    if onay and row.tur == "yillik":
        by_year = yillara_gore(row.personel_id)
        if sum(by_year.values()) < row.gun:
            raise IkError(_l("İzin bakiyesi yetersiz."), status=409)
        left = row.gun
        for year, days in by_year.items():
            used = min(days, left)
            if used > 0:
                db.session.add(IzinHareketi(personel_id=row.personel_id, hak_yili=year, tur="kullanim", gun=-used,
                                            talep_id=row.id, aciklama=f"{row.baslangic:%d.%m.%Y} izni",
                                            olusturan=actor))
                left -= used
            if left == 0:
                break
        db.session.flush()
    audit.record("ik.izin.karar", actor=actor, object_type="ik_izin_talebi", object_id=row.id,
                 after={"durum": row.durum})
    return row


def dusur(yil: int, *, actor: str) -> int:
    """Year-end close of ``yil``: entitlements of ``yil - 1`` still unused lapse for memur and
    sözleşmeli staff (657 m.103).  Idempotent; returns the number of lapse movements."""
    year = yil - 1
    rows = db.session.execute(
        select(IzinHareketi.personel_id, func.sum(IzinHareketi.gun))
        .join(Personel, Personel.id == IzinHareketi.personel_id)
        .where(IzinHareketi.hak_yili == year, Personel.tur.in_(DUSEN))
        .group_by(IzinHareketi.personel_id).having(func.sum(IzinHareketi.gun) > 0)).all()
    for personel_id, days in rows:
        db.session.add(IzinHareketi(personel_id=personel_id, hak_yili=year, tur="dusme", gun=-int(days),
                                    aciklama=f"{year} izninden kullanılmayan (657 m.103)", olusturan=actor))
    db.session.flush()
    if rows:
        audit.record("ik.izin.dusme", actor=actor, object_type="ik_izin", object_id=year,
                     after={"kisi": len(rows), "gun": int(sum(d for _p, d in rows))})
    return len(rows)


def disarida(gun: date) -> list[tuple[IzinTalebi, Personel]]:
    """Who is on approved leave on ``gun`` (the calendar of who is away)."""
    return [(t, p) for t, p in db.session.execute(
        select(IzinTalebi, Personel).join(Personel, Personel.id == IzinTalebi.personel_id)
        .where(IzinTalebi.durum == "onaylandi", IzinTalebi.baslangic <= gun, IzinTalebi.bitis >= gun)
        .order_by(Personel.soyad, Personel.ad))]


def _talep_sorgusu(personel_id: int | None, durum: str | None):
    query = select(IzinTalebi)
    if personel_id is not None:
        query = query.where(IzinTalebi.personel_id == personel_id)
    if durum:
        query = query.where(IzinTalebi.durum == durum)
    return query.order_by(IzinTalebi.baslangic.desc(), IzinTalebi.id.desc())


def talepler(*, personel_id: int | None = None, durum: str | None = None, limit: int = 100) -> list[IzinTalebi]:
    return list(db.session.scalars(_talep_sorgusu(personel_id, durum).limit(limit)))


def talep_sayfasi(*, durum: str | None = None, sayfa: int = 1, boyut: int = 50) -> tuple[list[IzinTalebi], int]:
    """A page of the requests in a state, newest first, with how many there are."""
    query = _talep_sorgusu(None, durum)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    return list(db.session.scalars(query.offset((max(sayfa, 1) - 1) * boyut).limit(boyut))), total


#: a calendar cell's letter per leave kind (the legend explains them)
HARFLER = {"yillik": "Y", "mazeret": "M", "hastalik": "H", "ucretsiz": "Ü", "is_kazasi": "K",
           "meslek_hastaligi": "L", "analik": "D"}


@dataclass(frozen=True)
class TakvimSatiri:
    """One person on the leave calendar: their unit and a letter (or "") for each day."""

    personel_id: int
    sicil_no: str
    ad_soyad: str
    birim: str
    gunler: tuple[str, ...]
    gun_sayisi: int  # working days of approved leave in the month


@dataclass(frozen=True)
class Takvim:
    """The month's leave calendar: the days (with weekends and public holidays), a page of
    people away in it, and how many are away each day (all people, not just the page)."""

    ay: str
    gunler: tuple[tuple[date, bool], ...]  # (day, working day?)
    satirlar: tuple[TakvimSatiri, ...]
    toplam: int
    disarida: tuple[int, ...]  # per day


def _birim_on(personel_ids: list[int], first: date, last: date) -> dict[int, tuple[int, str]]:
    """Each person's unit (id, name) in the month: the latest assignment overlapping it."""
    out: dict[int, tuple[int, str]] = {}
    for pid, birim_id, ad in db.session.execute(
            select(Atama.personel_id, Birim.id, Birim.ad).join(Birim, Birim.id == Atama.birim_id)
            .where(Atama.personel_id.in_(personel_ids), Atama.baslangic <= last,
                   or_(Atama.bitis.is_(None), Atama.bitis >= first)).order_by(Atama.baslangic)):
        out[pid] = (birim_id, ad)
    return out


def takvim(ay: str, *, birim_id: int | None = None, sayfa: int = 1, boyut: int = 50) -> Takvim:
    """Who is away in month ``ay`` (``YYYY-MM``), by unit: approved leave of every kind,
    one row per person (sorted by unit and name), ``boyut`` a page."""
    from .bordro import donem_coz

    first, last = donem_coz(ay)
    days = tuple(first + timedelta(days=i) for i in range((last - first).days + 1))
    requests = list(db.session.execute(
        select(IzinTalebi, Personel).join(Personel, Personel.id == IzinTalebi.personel_id)
        .where(IzinTalebi.durum == "onaylandi", IzinTalebi.baslangic <= last, IzinTalebi.bitis >= first)
        .order_by(IzinTalebi.baslangic)))
    units = _birim_on(sorted({p.id for _t, p in requests}), first, last)
    people: dict[int, tuple[Personel, list[str], int]] = {}
    for t, p in requests:
        if birim_id is not None and units.get(p.id, (None,))[0] != birim_id:
            continue
        person, cells, count = people.setdefault(p.id, (p, [""] * len(days), 0))
        start, end = max(t.baslangic, first), min(t.bitis, last)
        for i in range((start - first).days, (end - first).days + 1):
            cells[i] = HARFLER.get(t.tur, "?")
        people[p.id] = (person, cells, count + is_gunu(start, end))
    rows = sorted((TakvimSatiri(p.id, p.sicil_no, p.ad_soyad, units.get(p.id, (None, ""))[1], tuple(cells), n)
                   for p, cells, n in people.values()), key=lambda r: (r.birim, r.ad_soyad, r.sicil_no))
    away = tuple(sum(1 for r in rows if r.gunler[i]) for i in range(len(days)))
    offset = (max(1, sayfa) - 1) * boyut
    return Takvim(ay=ay, gunler=tuple((d, d.weekday() < 5 and d not in _tatiller(d.year)) for d in days),
                  satirlar=tuple(rows[offset:offset + boyut]), toplam=len(rows), disarida=away)
