"""Ceremony scheduling: the slots of a day, holds and bookings, reschedules, cancellations,
outside ceremonies with travel time, the waiting list for a full day, expiring holds.

The database has the last word on double booking: ``nikahlar`` carries an exclusion
constraint per hall (one ceremony at a time) and per officiant (one place at a time, travel
included).  A booking that loses a race is refused from the constraint's verdict (its
insert, ON CONFLICT DO NOTHING, inserted nothing) with a clear message, not by a check that
two requests could both pass.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, cast

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ebelediye import audit, mail
from ebelediye.extensions import db
from ebelediye.generations import CommitCounters

from .. import hesap
from ..models import (
    ACTIVE,
    BeklemeKaydi,
    KapaliGun,
    MemurCalismaSaati,
    MemurIzni,
    Nikah,
    NikahBasvurusu,
    NikahMemuru,
    NikahSalonu,
    SlotSablonu,
)
from . import Dolu, EvlendirmeError, ayarlar, dosya_al, kapali_mi, kurallar, now, tz
from . import basvuru as dosyalar
from . import kisi as kisiler

BOOKABLE = ("inceleme", "onaylandi")


@dataclass(frozen=True)
class SlotDurumu:
    """A slot of a hall on a day and whether it can be booked now (and why not)."""

    salon_id: int
    salon: str
    baslangic: datetime
    bitis: datetime
    bos: bool
    neden: str | None = None


def sablon_listesi(salon_id: int | None = None, gun: date | None = None) -> list[hesap.Sablon]:
    """The slot templates of open halls (of one hall; of one day's weekday and in force)."""
    query = (select(SlotSablonu.salon_id, SlotSablonu.hafta_gunu, SlotSablonu.baslangic, SlotSablonu.bitis,
                    SlotSablonu.aralik_dk, SlotSablonu.sure_dk, SlotSablonu.gecerli_baslangic, SlotSablonu.gecerli_bitis)
             .join(NikahSalonu, NikahSalonu.id == SlotSablonu.salon_id).where(NikahSalonu.aktif))
    if salon_id is not None:
        query = query.where(SlotSablonu.salon_id == salon_id)
    if gun is not None:
        query = query.where(SlotSablonu.hafta_gunu == gun.weekday(), SlotSablonu.gecerli_baslangic <= gun,
                            (SlotSablonu.gecerli_bitis.is_(None)) | (SlotSablonu.gecerli_bitis >= gun))
    return [hesap.Sablon(*row) for row in db.session.execute(query)]


def _live(query):
    """Only the rows that occupy their time: active, and a hold that has not lapsed."""
    return query.where(Nikah.durum.in_(ACTIVE), (Nikah.durum != "tutuldu") | (Nikah.tutma_bitis > now()))


def _day_bounds(gun: date) -> tuple[datetime, datetime]:
    start = datetime.combine(gun, datetime.min.time(), tz())
    return start, start + timedelta(days=1)


@dataclass
class _Memurlar:
    """The officiants and their day: hours, leave, busy ranges (loaded once per day).

    ``uygun`` is ``hesap.memur_uygun_mu`` with the day's hours turned into moments once,
    since a day's slot search asks it for every slot and officiant."""

    ids: list[int]
    calisma: dict[int, list]
    izin: dict[int, list]
    dolu: dict[int, list]
    gun: date | None = None
    lapses: list[datetime] = field(default_factory=list)  # when the day's holds of officiants lapse
    lapsed: list[tuple] = field(default_factory=list)  # (id, memur_id, salon_id, from, to) of lapsed holds

    def __post_init__(self) -> None:
        zone = tz()
        self._windows: dict[int, list[tuple[datetime, datetime]]] = {}
        if self.gun is not None:
            for memur_id, rows in self.calisma.items():
                self._windows[memur_id] = [(datetime.combine(self.gun, t0, zone), datetime.combine(self.gun, t1, zone))
                                           for wd, t0, t1 in rows if wd == self.gun.weekday()]
        self._on_leave = {m for m, spans in self.izin.items() if spans}

    def uygun(self, memur_id: int, bas: datetime, bit: datetime) -> str | None:
        if self.gun is None or bas.astimezone(tz()).date() != self.gun:
            return hesap.memur_uygun_mu(bas, bit, self.calisma.get(memur_id, []), self.izin.get(memur_id, []),
                                        self.dolu.get(memur_id, []), tz())
        if memur_id in self._on_leave:
            return "izinli"
        if not any(w0 <= bas and bit <= w1 for w0, w1 in self._windows.get(memur_id, ())):
            return "calisma_saati_disinda"
        if any(hesap.ortusur(bas, bit, d0, d1) for d0, d1 in self.dolu.get(memur_id, ())):
            return "baska_nikahta"
        return None

    def adaylar(self, bas: datetime, bit: datetime, spread: int = 0) -> list[int]:
        """The free officiants, the least busy first; ``spread`` (the file's id) rotates
        equally busy ones, so simultaneous bookings do not all queue for the same one."""
        free = [m for m in self.ids if self.uygun(m, bas, bit) is None]
        position = {m: i for i, m in enumerate(self.ids)}
        size = len(self.ids) or 1
        return sorted(free, key=lambda m: (len(self.dolu.get(m, [])), (position[m] - spread) % size))

    def biri_bos(self, bas: datetime, bit: datetime) -> bool:
        return any(self.uygun(m, bas, bit) is None for m in self.ids)


_OFFICIANTS_OF_DAY = text("""
    SELECT 'memur' AS tur, m.id AS memur_id, NULL::time AS t0, NULL::time AS t1, NULL::date AS d0, NULL::date AS d1,
           NULL::bigint AS nikah_id, NULL::timestamptz AS r0, NULL::timestamptz AS r1, NULL AS durum,
           NULL::timestamptz AS tutma_bitis, NULL::bigint AS salon_id
      FROM nikah_memurlari m WHERE m.aktif
    UNION ALL
    SELECT 'calisma', c.memur_id, c.baslangic, c.bitis, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
      FROM nikah_memur_calisma_saatleri c JOIN nikah_memurlari m ON m.id = c.memur_id AND m.aktif
     WHERE c.hafta_gunu = :hafta_gunu
    UNION ALL
    SELECT 'izin', i.memur_id, NULL, NULL, i.baslangic, i.bitis, NULL, NULL, NULL, NULL, NULL, NULL
      FROM nikah_memur_izinleri i JOIN nikah_memurlari m ON m.id = i.memur_id AND m.aktif
     WHERE i.baslangic <= :gun AND i.bitis >= :gun
    UNION ALL
    SELECT 'nikah', n.memur_id, NULL, NULL, NULL, NULL, n.id, n.memur_baslangic, n.memur_bitis, n.durum, n.tutma_bitis,
           n.salon_id
      FROM nikahlar n
     WHERE n.memur_baslangic < :bitis AND n.memur_bitis > :baslangic AND n.durum IN :aktif
       AND (n.durum <> 'tutuldu' OR n.tutma_bitis > :simdi)
    UNION ALL
    SELECT 'suresi_gecti', n.memur_id, NULL, NULL, NULL, NULL, n.id, n.memur_baslangic, n.memur_bitis, n.durum,
           n.tutma_bitis, n.salon_id
      FROM nikahlar n
     WHERE n.memur_baslangic < :bitis AND n.memur_bitis > :baslangic AND n.durum = 'tutuldu' AND n.tutma_bitis <= :simdi
""").bindparams(bindparam("aktif", expanding=True))


def _memurlar(gun: date, haric: int | None = None) -> _Memurlar:
    """The active officiants with their hours on ``gun``'s weekday, their leave that day,
    their busy ranges (live bookings touching the day) and the day's lapsed holds still
    marked as held (``_expire_lapsed``): one statement."""
    start, end = _day_bounds(gun)
    ids: list[int] = []
    calisma: dict[int, list] = {}
    izin: dict[int, list] = {}
    dolu: dict[int, list] = {}
    lapses, lapsed = [], []
    for row in db.session.execute(_OFFICIANTS_OF_DAY, {"hafta_gunu": gun.weekday(), "gun": gun, "baslangic": start,
                                                       "bitis": end, "aktif": list(ACTIVE), "simdi": now()}):
        if row.tur == "memur":
            ids.append(row.memur_id)
        elif row.tur == "calisma":
            calisma.setdefault(row.memur_id, []).append((gun.weekday(), row.t0, row.t1))
        elif row.tur == "izin":
            izin.setdefault(row.memur_id, []).append((row.d0, row.d1))
        elif row.tur == "suresi_gecti":
            lapsed.append((row.nikah_id, row.memur_id, row.salon_id, row.r0, row.r1))
        elif row.nikah_id != haric:
            dolu.setdefault(row.memur_id, []).append((row.r0, row.r1))
            if row.durum == "tutuldu" and row.tutma_bitis is not None:
                lapses.append(row.tutma_bitis)
    ids.sort()
    return _Memurlar(ids, calisma, izin, dolu, gun, lapses, lapsed)


def gun_slotlari(gun: date, salon_id: int | None = None, *, haric: int | None = None) -> tuple[str | None, list[SlotDurumu]]:
    """Every slot of ``gun`` (one hall or all) with whether it is free; or why the day is
    closed.  ``haric`` leaves one booking out (the one being rescheduled).

    Served from the per-day cache (see "the day's slots, cached" below) when it is fresh;
    computed from the database otherwise, and always inside a transaction that has itself
    changed the schedule or with ``haric``."""
    if haric is None and not counters.pending(db.session):
        body, computed = _cached_day(gun, salon_id)
        return computed if computed is not None else _parse(body)
    closed, slots, _ = _compute_day(gun, salon_id, haric)
    return closed, slots


def _compute_day(gun: date, salon_id: int | None, haric: int | None) -> tuple[str | None, list[SlotDurumu], datetime]:
    """The day's slots from the database, and the moment until which the answer holds by
    itself: the next slot start (it turns into "Geçmiş saat") or the next lapse of a hold
    (its time is free again), whichever comes first."""
    moment = now()
    closed = kapali_mi(gun, salon_id)
    if closed:
        return closed, [], moment + timedelta(seconds=_TTL_SECONDS)
    halls = {row.id: row.ad for row in db.session.execute(select(NikahSalonu.id, NikahSalonu.ad).where(NikahSalonu.aktif))}
    slots = [s for s in hesap.gunun_slotlari(gun, sablon_listesi(salon_id, gun), tz()) if s.salon_id in halls]
    start, end = _day_bounds(gun)
    taken, lapses = set(), []
    for r in db.session.execute(_live(select(Nikah.id, Nikah.salon_id, Nikah.baslangic, Nikah.bitis, Nikah.durum,
                                             Nikah.tutma_bitis)
                                      .where(Nikah.salon_id.is_not(None), Nikah.baslangic < end, Nikah.bitis > start))):
        if r.id != haric:
            taken.add((r.salon_id, r.baslangic, r.bitis))
            if r.durum == "tutuldu" and r.tutma_bitis is not None:
                lapses.append(r.tutma_bitis)
    officers = _memurlar(gun, haric)
    closed_halls = {} if salon_id is not None else {row.salon_id: row.neden for row in db.session.execute(
        select(KapaliGun.salon_id, KapaliGun.neden).where(KapaliGun.tarih == gun, KapaliGun.salon_id.is_not(None)))}
    out = []
    for s in slots:
        reason = None
        if s.salon_id in closed_halls:
            reason = str(_l("Salon bu gün kapalı: %(neden)s", neden=closed_halls[s.salon_id]))
        elif s.baslangic <= moment:
            reason = str(_l("Geçmiş saat"))
        elif any(sid == s.salon_id and hesap.ortusur(s.baslangic, s.bitis, b0, b1) for sid, b0, b1 in taken):
            reason = str(_l("Dolu"))
        elif not officers.biri_bos(s.baslangic, s.bitis):
            reason = str(_l("Müsait evlendirme memuru yok"))
        out.append(SlotDurumu(s.salon_id, halls[s.salon_id], s.baslangic, s.bitis, reason is None, reason))
    until = min([moment + timedelta(seconds=_TTL_SECONDS), *(s.baslangic for s in slots if s.baslangic > moment),
                 *(t for t in (*lapses, *officers.lapses) if t > moment)])
    return None, out, until


# --- the day's slots, cached ------------------------------------------------------------------
#
# A day's slot search reads far more often than the schedule changes, and computing it
# costs nine statements and a few thousand interval comparisons.  The answer is kept in
# Redis per tenant, day, hall (or all halls) and language, under a stamp of two counters:
# one for the whole schedule (halls, templates, closed days, officiants, their hours and
# leave, the settings) and one per day (the bookings touching that day).  Every flush of
# those rows marks what it changed; the counters move only after the change commits, so a
# reader, which reads the counters before the database, can never keep the old state under
# the new counter.  Time changes answers too: an entry holds only until its next slot start
# or hold lapse.  Bookings never trust this cache: the exclusion constraints decide.

_TTL_SECONDS = 600
_ALL = "*"


def _schedule_classes() -> tuple[type, ...]:
    from ..models import NikahAyari

    return (NikahSalonu, SlotSablonu, KapaliGun, NikahMemuru, MemurCalismaSaati, MemurIzni, NikahAyari)


def _booking_days(row: Nikah) -> set:
    """The Istanbul days a booking's hall time or officiant time touches, before and after the change."""
    from sqlalchemy import inspect

    days: set = set()
    state: Any = inspect(row)
    for name in ("baslangic", "bitis", "memur_baslangic", "memur_bitis"):
        history = state.attrs[name].history
        for value in (*history.added, *history.unchanged, *history.deleted):
            if isinstance(value, datetime):
                days.add(value.astimezone(tz()).date())
    return days or {_ALL}


def _note_flush(session, flush_context) -> None:
    marks: set = set()
    schedule = _schedule_classes()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Nikah):
            marks |= _booking_days(obj)
        elif isinstance(obj, schedule):
            marks.add(_ALL)
    if marks:
        counters.mark(session, *marks)


def _note_bulk(state) -> None:
    """An ORM ``insert()``/``update()``/``delete()`` of schedule rows: the days it names
    (``takvim_gunleri``, the booking insert's), else every day (which rows is not known)."""
    if (state.is_update or state.is_delete or state.is_insert) and state.bind_mapper is not None \
            and issubclass(state.bind_mapper.class_, (Nikah, *_schedule_classes())):
        days = state.execution_options.get("takvim_gunleri")
        counters.mark(state.session, *(days if days else {_ALL}))


def _counter_keys(slug: str, gun: date | None) -> tuple[str, str]:
    from ebelediye.jobs import tenant_key

    return (tenant_key(slug, "evlendirme", "takvim", "nesil"),
            tenant_key(slug, "evlendirme", "takvim", "nesil", gun.isoformat() if gun else ""))


#: marks are Istanbul days, or ``_ALL`` for the municipality-wide counter; the module's spec
#: listens with ``counters.after_commit`` and ``counters.after_transaction_end``
counters = CommitCounters(
    "evlendirme_takvim_degisen",
    lambda slug, mark: _counter_keys(slug, None)[0] if mark == _ALL else _counter_keys(slug, mark)[1])


def _body(gun: date, closed: str | None, slots: list[SlotDurumu]) -> bytes:
    """The day as the API answers it (``GunSchema``'s shape), as JSON bytes."""
    return json.dumps({"gun": gun.isoformat(), "kapali": closed, "slotlar": [
        {"salon_id": s.salon_id, "salon": s.salon, "baslangic": s.baslangic.isoformat(), "bitis": s.bitis.isoformat(),
         "bos": s.bos, "neden": s.neden} for s in slots]}, ensure_ascii=False).encode()


def _parse(body: bytes) -> tuple[str | None, list[SlotDurumu]]:
    day = json.loads(body)
    return day["kapali"], [SlotDurumu(s["salon_id"], s["salon"], datetime.fromisoformat(s["baslangic"]),
                                      datetime.fromisoformat(s["bitis"]), s["bos"], s["neden"]) for s in day["slotlar"]]


def _bounds(line: bytes) -> tuple[float, float]:
    """The moments an entry holds between; an entry of another layout holds never."""
    try:
        since, until = (float(x) for x in line.split())
    except ValueError:
        return 0.0, 0.0
    return since, until


def _cached_day(gun: date, salon_id: int | None) -> tuple[bytes, tuple[str | None, list[SlotDurumu]] | None]:
    """The day's answer as JSON bytes, from the cache when fresh; and, when it had to be
    computed, the computed (closed, slots) as well."""
    from flask_babel import get_locale
    from redis.exceptions import RedisError

    from ebelediye.jobs import redis_connection, tenant_key
    from ebelediye.tenancy import require_tenant

    slug = require_tenant().slug
    schedule_key, day_key = _counter_keys(slug, gun)
    key = tenant_key(slug, "evlendirme", "takvim", "gun", gun.isoformat(), salon_id or "hepsi", str(get_locale() or "tr"))
    moment = now()
    redis, stamp = None, b""
    try:
        # one round trip, before any statement: both counters and the entry made under them
        redis = redis_connection()
        schedule_gen, day_gen, cached = cast("list[bytes | None]", redis.mget(schedule_key, day_key, key))
        stamp = b"%s.%s\n" % (schedule_gen or b"0", day_gen or b"0")
        if cached is not None and cached.startswith(stamp):
            bounds, _, body = cached[len(stamp):].partition(b"\n")
            since, valid_until = _bounds(bounds)
            if since <= moment.timestamp() < valid_until:
                return body, None
    except RedisError:
        redis = None
    closed, slots, until = _compute_day(gun, salon_id, None)
    body = _body(gun, closed, slots)
    if redis is not None:
        try:
            redis.set(key, stamp + b"%r %r\n" % (moment.timestamp(), until.timestamp()) + body, ex=_TTL_SECONDS)
        except RedisError:
            pass
    return body, (closed, slots)


def gun_slotlari_json(gun: date, salon_id: int | None = None) -> bytes:
    """``gun_slotlari`` as the API's JSON (``{gun, kapali, slotlar}``), straight from the cache
    when it is fresh: a cached search costs no statement and no serialisation."""
    if counters.pending(db.session):
        closed, slots, _ = _compute_day(gun, salon_id, None)
        return _body(gun, closed, slots)
    return _cached_day(gun, salon_id)[0]


def bos_gunler(baslangic: date, gun_sayisi: int, salon_id: int | None = None) -> list[tuple[date, int]]:
    """The days ahead with the number of free slots (for the calendar's overview)."""
    return [(d, sum(1 for s in gun_slotlari(d, salon_id)[1] if s.bos))
            for d in (baslangic + timedelta(days=i) for i in range(gun_sayisi))]


def _ceremony_day_checks(row: NikahBasvurusu, gun: date, actor: str, parties: list | None = None) -> None:
    """The file's validity and the waiting period bar the ceremony day itself.

    The waiting period is computed from the parties as last read from KPS; only when it
    would bar the day is KPS asked again (a birth since then ends it)."""
    if gun < now().date():
        raise EvlendirmeError(_l("Geçmiş bir güne nikâh verilemez."), {"baslangic": [_l("İleri bir tarih seçin.")]})
    if gun > row.gecerlilik_bitis:
        raise EvlendirmeError(_l("Nikâh günü dosyanın geçerliliği içinde olmalı (%(gun)s gününe dek).",
                                 gun=row.gecerlilik_bitis.strftime("%d.%m.%Y")),
                              {"baslangic": [_l("Dosyanın geçerlilik süresi içinde bir gün seçin.")]})
    docs = dosyalar.belgeler(row.id)
    infos = [kisiler.belge_bilgisi(d) for d in docs]
    rules = kurallar(gun)
    lifted = dosyalar.onayli_asimlar(row.id)
    for party in parties if parties is not None else dosyalar.taraflar(row.id):
        facts = kisiler.kisi(party, docs)
        result = hesap.iddet_kontrolu(facts, gun, infos, hesap.Aile(), rules)
        if result.sonuc == "engel" and party.tckn:
            result = hesap.iddet_kontrolu(facts, gun, infos, kisiler.aile([party.tckn], actor=actor), rules)
        if result.sonuc == "engel" and ("iddet", party.sira) not in lifted:
            raise EvlendirmeError(_l("Bu güne nikâh verilemez: %(neden)s", neden=result.gerekce),
                                  {"baslangic": [result.gerekce]})


def _file_for_booking(basvuru_id: int) -> tuple[NikahBasvurusu, list]:
    """The file locked, if a ceremony may be booked for it, with its parties."""
    row = dosya_al(basvuru_id, lock=True)
    if row.amac != "nikah":
        raise EvlendirmeError(_l("Bu dosya başka bir belediyede evlenmek için açılmış; burada randevu verilmez."))
    if row.durum not in BOOKABLE:
        raise EvlendirmeError(_l("Bu dosyaya randevu verilemez (%(durum)s).", durum=dosyalar.DURUMLAR[row.durum]))
    parties = dosyalar.taraflar(row.id)
    if not all(p.onay_at is not None for p in parties):  # dosyalar.iki_taraf_onayli, on the parties read once
        raise EvlendirmeError(_l("Randevu için iki tarafın da başvuruyu onaylaması gerekli."))
    return row, parties


def _booking_and_waiting(basvuru_id: int) -> tuple[int | None, bool]:
    """The file's live booking, if any, and whether it is on a waiting list: one statement."""
    return tuple(db.session.execute(select(
        _live(select(Nikah.id).where(Nikah.basvuru_id == basvuru_id)).limit(1).scalar_subquery(),
        select(BeklemeKaydi.id).where(BeklemeKaydi.basvuru_id == basvuru_id,
                                      BeklemeKaydi.durum.in_(WAITING)).exists())).one())


def _expire_lapsed(salon_id: int | None, officers: _Memurlar, bas: datetime, bit: datetime) -> None:
    """Lapsed holds that would collide with this booking give their time up first (those of
    the officiants' day as ``_memurlar`` read them; a range leaving the day asks again)."""
    memur_ids = set(officers.ids)
    day_start, day_end = _day_bounds(officers.gun) if officers.gun else (None, None)
    if day_start is not None and day_end is not None and day_start <= bas and bit <= day_end:
        ids = sorted(i for i, memur, salon, r0, r1 in officers.lapsed
                     if r0 < bit and r1 > bas and (salon == salon_id or memur in memur_ids))
    else:
        lapsed = select(Nikah.id).where(Nikah.durum == "tutuldu", Nikah.tutma_bitis <= now(),
                                        Nikah.memur_baslangic < bit, Nikah.memur_bitis > bas)
        ids = list(db.session.scalars(lapsed.where((Nikah.salon_id == salon_id) | Nikah.memur_id.in_(memur_ids))))
    for nikah_id in ids:
        _sona_erdir(nikah_id)


def _insert(values: dict, adaylar: list[int]) -> Nikah:
    """Insert the booking with the first free officiant; the constraints decide races.

    ``INSERT … ON CONFLICT DO NOTHING`` (PostgreSQL takes exclusion constraints as arbiters
    of DO NOTHING) waits for a conflicting transaction like a plain insert and inserts
    nothing where the hall, the officiant or the file's one live booking is taken, without
    aborting the transaction, so no savepoint is needed; only then is asked which it was."""
    if not adaylar:
        raise Dolu(_l("Bu saatte müsait evlendirme memuru yok; başka bir saat seçin."))
    days = frozenset(values[k].astimezone(tz()).date() for k in ("baslangic", "bitis", "memur_baslangic", "memur_bitis"))
    for memur_id in adaylar:
        statement = (pg_insert(Nikah).values(memur_id=memur_id, **values).on_conflict_do_nothing().returning(Nikah)
                     .execution_options(takvim_gunleri=days))
        row = db.session.scalars(statement).first()
        if row is not None:
            return row
        if values["salon_id"] is not None and db.session.scalar(select(Nikah.id).where(
                Nikah.salon_id == values["salon_id"], Nikah.durum.in_(ACTIVE), Nikah.baslangic < values["bitis"],
                Nikah.bitis > values["baslangic"]).limit(1)) is not None:
            raise Dolu(_l("Bu saat az önce başka bir çifte verildi; lütfen başka bir saat seçin."))
        if db.session.scalar(select(Nikah.id).where(Nikah.basvuru_id == values["basvuru_id"],
                                                    Nikah.durum.in_(ACTIVE)).limit(1)) is not None:
            raise Dolu(_l("Bu dosyanın zaten bir nikâh randevusu var; ertelemeyi kullanın."))
        # that officiant was just taken elsewhere: try the next one
    raise Dolu(_l("Bu saatteki evlendirme memurlarının hepsi az önce başka nikâhlara verildi; başka bir saat seçin."))


def tut(basvuru_id: int, salon_id: int, baslangic: datetime, *, actor: str, onceki: Nikah | None = None) -> Nikah:
    """Hold a hall slot for a file (the couple online or staff at the desk); the fee is
    charged at once and the hold becomes a booking when it is paid (or waived)."""
    from . import ucret

    row, parties = _file_for_booking(basvuru_id) if onceki is None else (dosya_al(basvuru_id, lock=True), None)
    existing, waiting = _booking_and_waiting(row.id) if onceki is None else (None, True)
    if existing is not None:
        raise Dolu(_l("Bu dosyanın zaten bir nikâh randevusu var; ertelemeyi kullanın."))
    hall = db.session.get(NikahSalonu, salon_id)
    if hall is None or not hall.aktif:
        raise EvlendirmeError(_l("Salon bulunamadı."), {"salon_id": [_l("Etkin bir salon seçin.")]})
    if row.davetli_sayisi > hall.kapasite:
        raise EvlendirmeError(_l("%(salon)s en çok %(n)s kişi alıyor; davetli sayısı %(d)s.", salon=hall.ad,
                                 n=hall.kapasite, d=row.davetli_sayisi), {"salon_id": [_l("Daha büyük bir salon seçin.")]})
    baslangic = baslangic.astimezone(tz())
    gun = baslangic.date()
    closed = kapali_mi(gun, salon_id)
    if closed:
        raise EvlendirmeError(closed, {"baslangic": [closed]})
    _ceremony_day_checks(row, gun, actor, parties)
    if baslangic <= now():
        raise EvlendirmeError(_l("Geçmiş bir saate nikâh verilemez."), {"baslangic": [_l("İleri bir saat seçin.")]})
    slot = next((s for s in hesap.gunun_slotlari(gun, sablon_listesi(salon_id, gun), tz()) if s.baslangic == baslangic),
                None)
    if slot is None:
        raise EvlendirmeError(_l("Bu salonda o gün bu saatte nikâh yok."),
                              {"baslangic": [_l("Salonun nikâh saatlerinden birini seçin.")]})
    officers = _memurlar(gun, onceki.id if onceki else None)
    _expire_lapsed(salon_id, officers, slot.baslangic, slot.bitis)
    settings = ayarlar()
    values = dict(basvuru_id=row.id, yer="salon", salon_id=salon_id, baslangic=slot.baslangic, bitis=slot.bitis,
                  memur_baslangic=slot.baslangic, memur_bitis=slot.bitis, durum="tutuldu",
                  tutma_bitis=hesap.tutma_bitisi(now(), settings.tutma_saat, slot.baslangic), olusturan=actor,
                  onceki_id=onceki.id if onceki else None)
    booking = _insert(values, officers.adaylar(slot.baslangic, slot.bitis, spread=row.id))
    audit.record("evlendirme.nikah.tut", actor=actor, object_type="nikah", object_id=booking.id,
                 after={"basvuru_id": row.id, "salon_id": salon_id, "baslangic": slot.baslangic.isoformat(),
                        "memur_id": booking.memur_id, "onceki_id": booking.onceki_id})
    ucret.nikah_ucreti(booking, actor=actor, onceki=onceki)
    if waiting:
        _close_waiting(row.id)
    return booking


def dis_tut(basvuru_id: int, baslangic: datetime, *, adres: str, mesafe_km: Decimal, actor: str, sure_dk: int = 30,
            yol_dk: int | None = None, memur_id: int | None = None, onceki: Nikah | None = None) -> Nikah:
    """Book a ceremony outside the hall (TMK m.141: where the officiant approves it): the
    officiant's time includes the travel there and back."""
    from . import ucret

    row, parties = _file_for_booking(basvuru_id) if onceki is None else (dosya_al(basvuru_id, lock=True), None)
    existing, waiting = _booking_and_waiting(row.id) if onceki is None else (None, True)
    if existing is not None:
        raise Dolu(_l("Bu dosyanın zaten bir nikâh randevusu var; ertelemeyi kullanın."))
    if not adres.strip():
        raise EvlendirmeError(_l("Nikâhın kıyılacağı adresi yazın."), {"adres": [_l("Bu alan gerekli.")]})
    if mesafe_km <= 0 or mesafe_km > 500:
        raise EvlendirmeError(_l("Mesafe 0 ile 500 km arasında olmalı."), {"mesafe_km": [_l("Geçerli bir mesafe girin.")]})
    if not 10 <= sure_dk <= 120:
        raise EvlendirmeError(_l("Süre 10 ile 120 dakika arasında olmalı."), {"sure_dk": [_l("Geçerli bir süre girin.")]})
    baslangic = baslangic.astimezone(tz())
    gun = baslangic.date()
    closed = kapali_mi(gun)
    if closed:
        raise EvlendirmeError(closed, {"baslangic": [closed]})
    _ceremony_day_checks(row, gun, actor, parties)
    if baslangic <= now():
        raise EvlendirmeError(_l("Geçmiş bir saate nikâh verilemez."), {"baslangic": [_l("İleri bir saat seçin.")]})
    travel = yol_dk if yol_dk is not None else hesap.yol_dakikasi(mesafe_km, ayarlar().yol_dakika_km)
    end = baslangic + timedelta(minutes=sure_dk)
    officer_from, officer_to = baslangic - timedelta(minutes=travel), end + timedelta(minutes=travel)
    officers = _memurlar(gun, onceki.id if onceki else None)
    if memur_id is not None:
        why = officers.uygun(memur_id, officer_from, officer_to) if memur_id in officers.ids else "yok"
        if why:
            raise Dolu(_l("Seçilen evlendirme memuru bu saatte müsait değil (%(neden)s).", neden=MEMUR_NEDEN.get(why, why)),
                       {"memur_id": [_l("Başka bir memur ya da saat seçin.")]})
        candidates = [memur_id]
    else:
        candidates = officers.adaylar(officer_from, officer_to, spread=row.id)
    _expire_lapsed(None, officers, officer_from, officer_to)
    values = dict(basvuru_id=row.id, yer="dis", salon_id=None, dis_adres=adres.strip(), mesafe_km=mesafe_km,
                  yol_dk=travel, baslangic=baslangic, bitis=end, memur_baslangic=officer_from, memur_bitis=officer_to,
                  durum="tutuldu", tutma_bitis=hesap.tutma_bitisi(now(), ayarlar().tutma_saat, baslangic),
                  olusturan=actor, onceki_id=onceki.id if onceki else None)
    booking = _insert(values, candidates)
    audit.record("evlendirme.nikah.dis_tut", actor=actor, object_type="nikah", object_id=booking.id,
                 after={"basvuru_id": row.id, "adres": booking.dis_adres, "mesafe_km": str(mesafe_km),
                        "baslangic": baslangic.isoformat(), "yol_dk": travel, "memur_id": booking.memur_id})
    ucret.nikah_ucreti(booking, actor=actor, onceki=onceki)
    if waiting:
        _close_waiting(row.id)
    return booking


MEMUR_NEDEN = {"izinli": _l("izinli"), "calisma_saati_disinda": _l("çalışma saati dışında"),
               "baska_nikahta": _l("başka bir nikâhta"), "yok": _l("etkin değil")}


def nikah(nikah_id: int, *, lock: bool = False) -> Nikah:
    query = select(Nikah).where(Nikah.id == nikah_id)
    if lock:
        query = query.with_for_update()
    row = db.session.scalar(query)
    if row is None:
        raise EvlendirmeError(_l("Nikâh randevusu bulunamadı."), status=404)
    return row


def aktif_nikah(basvuru_id: int) -> Nikah | None:
    return db.session.scalar(select(Nikah).where(Nikah.basvuru_id == basvuru_id, Nikah.durum.in_(ACTIVE))
                             .order_by(Nikah.id.desc()).limit(1))


def ertele(nikah_id: int, baslangic: datetime, *, actor: str, salon_id: int | None = None, adres: str = "",
           mesafe_km: Decimal | None = None) -> Nikah:
    """Move a booking to another slot within the file's validity: the old row is marked
    ``ertelendi`` and a new one takes its place (its fee follows it)."""
    old = nikah(nikah_id)
    row = dosya_al(old.basvuru_id, lock=True)
    old = nikah(nikah_id, lock=True)
    if old.durum not in ("tutuldu", "kesin"):
        raise EvlendirmeError(_l("Yalnız bekleyen bir nikâh ertelenebilir."))
    if row.durum not in BOOKABLE:
        raise EvlendirmeError(_l("Bu dosyanın nikâhı ertelenemez (%(durum)s).", durum=dosyalar.DURUMLAR[row.durum]))
    before = {"durum": old.durum, "baslangic": old.baslangic.isoformat(), "salon_id": old.salon_id}
    old_state = old.durum
    old.durum = "ertelendi"
    db.session.flush()  # the old booking gives its time up before the new one takes a slot
    if old.yer == "dis" and salon_id is None:
        new = dis_tut(row.id, baslangic, adres=adres or old.dis_adres, mesafe_km=mesafe_km or old.mesafe_km or Decimal(1),
                      actor=actor, sure_dk=int((old.bitis - old.baslangic).total_seconds() // 60), onceki=old)
    else:
        hall = salon_id or old.salon_id
        if hall is None:
            raise EvlendirmeError(_l("Nikâhın yapılacağı salonu seçin."))
        new = tut(row.id, hall, baslangic, actor=actor, onceki=old)
    if old_state == "kesin" and new.durum == "tutuldu":
        from . import ucret

        if ucret.odendi_mi(row.id, new.id):
            new.durum, new.tutma_bitis = "kesin", None
    audit.record("evlendirme.nikah.ertele", actor=actor, object_type="nikah", object_id=old.id, before=before,
                 after={"durum": "ertelendi", "yeni_id": new.id, "baslangic": new.baslangic.isoformat()})
    _tell_waiting(old.baslangic.astimezone(tz()).date())
    return new


def iptal(nikah_id: int, neden: str, *, actor: str) -> Nikah:
    """Cancel a booking (the couple or staff); an unpaid fee is cancelled, a paid one is not
    refunded (RULES §8.6), and the first couple waiting for that day is told."""
    from . import ucret

    row = nikah(nikah_id, lock=True)
    if row.durum not in ("tutuldu", "kesin"):
        raise EvlendirmeError(_l("Bu nikâh iptal edilemez (%(durum)s).", durum=NIKAH_DURUMLARI.get(row.durum, row.durum)))
    before = row.durum
    row.durum, row.iptal_nedeni = "iptal", neden.strip()[:300]
    ucret.nikah_iptal(row, neden, actor=actor)
    audit.record("evlendirme.nikah.iptal", actor=actor, object_type="nikah", object_id=row.id,
                 before={"durum": before}, after={"durum": "iptal", "neden": row.iptal_nedeni})
    _tell_waiting(row.baslangic.astimezone(tz()).date())
    return row


def kesinlestir(nikah_id: int, *, actor: str) -> Nikah:
    """The fee is paid (or waived): the hold becomes a booking that no longer lapses."""
    row = nikah(nikah_id, lock=True)
    if row.durum == "tutuldu":
        row.durum, row.tutma_bitis = "kesin", None
        audit.record("evlendirme.nikah.kesin", actor=actor, object_type="nikah", object_id=row.id,
                     before={"durum": "tutuldu"}, after={"durum": "kesin"})
    return row


def _sona_erdir(nikah_id: int) -> None:
    from . import ucret

    row = nikah(nikah_id)
    db.session.execute(update(Nikah).where(Nikah.id == nikah_id, Nikah.durum == "tutuldu")
                       .values(durum="suresi_doldu"))
    db.session.refresh(row)
    ucret.nikah_iptal(row, "Randevu tutma süresi doldu", actor="sistem")
    audit.record("evlendirme.nikah.suresi_doldu", actor="sistem", object_type="nikah", object_id=nikah_id,
                 before={"durum": "tutuldu"}, after={"durum": "suresi_doldu"})


def sure_dolan_tutmalar() -> int:
    """Let every lapsed hold go (a periodic job; bookings also free them as they need to)."""
    ids = list(db.session.scalars(select(Nikah.id).where(Nikah.durum == "tutuldu", Nikah.tutma_bitis <= now())
                                  .with_for_update(skip_locked=True)))
    days = set()
    for nikah_id in ids:
        _sona_erdir(nikah_id)
        days.add(db.session.get_one(Nikah, nikah_id).baslangic.astimezone(tz()).date())
    for day in sorted(days):
        _tell_waiting(day)
    return len(ids)


# --- the waiting list ---------------------------------------------------------------------------

def bekleme_ekle(basvuru_id: int, gun: date, *, actor: str, salon_id: int | None = None) -> BeklemeKaydi:
    """Put a file on the waiting list of a full day; refused while the day has free slots."""
    row, _ = _file_for_booking(basvuru_id)
    if gun <= now().date() or gun > row.gecerlilik_bitis:
        raise EvlendirmeError(_l("Bekleme listesi için dosyanın geçerliliği içinde ileri bir gün seçin."),
                              {"tarih": [_l("Geçersiz gün.")]})
    closed, slots = gun_slotlari(gun, salon_id)
    if closed:
        raise EvlendirmeError(closed, {"tarih": [closed]})
    if not slots:
        raise EvlendirmeError(_l("O gün nikâh saati yok."), {"tarih": [_l("Başka bir gün seçin.")]})
    if any(s.bos for s in slots):
        raise EvlendirmeError(_l("O gün boş saat var; bekleme listesi yerine randevu alın."), {"tarih": [_l("Boş saat var.")]})
    if db.session.scalar(select(BeklemeKaydi.id).where(BeklemeKaydi.basvuru_id == row.id, BeklemeKaydi.tarih == gun,
                                                       BeklemeKaydi.durum == "bekliyor")) is not None:
        raise EvlendirmeError(_l("Bu gün için zaten bekleme listesindesiniz."), status=409)
    entry = BeklemeKaydi(basvuru_id=row.id, tarih=gun, salon_id=salon_id)
    db.session.add(entry)
    db.session.flush()
    audit.record("evlendirme.bekleme.ekle", actor=actor, object_type="nikah_bekleme", object_id=entry.id,
                 after={"basvuru_id": row.id, "tarih": gun.isoformat()})
    return entry


def bekleme_sirasi(gun: date) -> list[BeklemeKaydi]:
    return list(db.session.scalars(select(BeklemeKaydi).where(BeklemeKaydi.tarih == gun, BeklemeKaydi.durum == "bekliyor")
                                   .order_by(BeklemeKaydi.id)))


WAITING = ("bekliyor", "haber_verildi")


def _close_waiting(basvuru_id: int) -> None:
    db.session.execute(update(BeklemeKaydi).where(BeklemeKaydi.basvuru_id == basvuru_id,
                                                  BeklemeKaydi.durum.in_(WAITING))
                       .values(durum="kapandi"))


def _tell_waiting(gun: date) -> None:
    """A slot opened on ``gun``: tell the first couple waiting (by mail) that it is free."""
    if gun <= now().date():
        return
    first = db.session.scalar(select(BeklemeKaydi).where(BeklemeKaydi.tarih == gun, BeklemeKaydi.durum == "bekliyor")
                              .order_by(BeklemeKaydi.id).limit(1).with_for_update(skip_locked=True))
    if first is None:
        return
    first.durum, first.haber_at = "haber_verildi", now()
    row = db.session.get(NikahBasvurusu, first.basvuru_id)
    if row is not None and row.iletisim_eposta:
        mail.queue_mail(row.iletisim_eposta, f"{gun:%d.%m.%Y} için nikâh saati boşaldı",
                        f"Bekleme listesinde olduğunuz {gun:%d.%m.%Y} günü için bir nikâh saati boşaldı. "
                        f"Dosya {row.no}: e-Hizmet'ten hemen randevu alabilirsiniz.")
    audit.record("evlendirme.bekleme.haber", actor="sistem", object_type="nikah_bekleme", object_id=first.id,
                 after={"tarih": gun.isoformat()})


# --- the day --------------------------------------------------------------------------------------

NIKAH_DURUMLARI = {"tutuldu": _l("Ücret bekleniyor (geçici)"), "kesin": _l("Kesin"), "kiyildi": _l("Kıyıldı"),
                   "gelmedi": _l("Gelinmedi"), "iptal": _l("İptal"), "ertelendi": _l("Ertelendi"),
                   "suresi_doldu": _l("Tutma süresi doldu")}


def gunun_nikahlari(gun: date, *, memur_id: int | None = None) -> list[Nikah]:
    """The day's ceremonies (booked, held, done or missed), in time order."""
    start, end = _day_bounds(gun)
    query = select(Nikah).where(Nikah.baslangic >= start, Nikah.baslangic < end,
                                Nikah.durum.in_(("tutuldu", "kesin", "kiyildi", "gelmedi")))
    if memur_id is not None:
        query = query.where(Nikah.memur_id == memur_id)
    return list(db.session.scalars(query.order_by(Nikah.baslangic, Nikah.id)))


def nikah_sayisi(gun: date) -> int:
    start, end = _day_bounds(gun)
    return db.session.scalar(select(func.count()).select_from(Nikah).where(
        Nikah.baslangic >= start, Nikah.baslangic < end, Nikah.durum.in_(("kesin", "kiyildi", "tutuldu")))) or 0
