"""Back-posting (geriye dönük aktarım): a municipality that enables Muhasebe after Gelir
has been running gets the vouchers of Gelir's earlier records, so the ledger starts from
the same figures as the subsidiary ledger.

- Gelir's records come through the core's ``RevenueLedger`` port (Muhasebe never imports
  Gelir), as sums per day, kind, channel and economic code, of the records created before
  Muhasebe was first enabled (``muh_ayarlar.etkin_at``): later ones were posted live by the
  receivers.
- Each day gets one approved voucher per kind and channel, the same lines the live receivers
  write (``services.otomatik``), with the source ``gelir:geri-aktarim:<day>:<kind>:<channel>``.
- The run is resumable and idempotent: it posts a chunk of days, moves its cursor and
  commits (``uow.commit_point``) in one transaction, so a killed worker leaves either the
  whole chunk and its cursor or neither; a rerun starts after the cursor and skips any
  source already in the ledger, so no record is posted twice (also by a second run).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ebelediye import audit, clock, events, ports, uow
from ebelediye.errors import NotFound
from ebelediye.extensions import db
from ebelediye.ports import RevenueLedger, RevenueTotal

from ..models import Fis, GeriAktarim, MuhAyar
from . import MuhasebeConflict, MuhasebeError, otomatik

MODUL = "gelir"
#: days per chunk (one commit each): a month of a large municipality is a few hundred vouchers
PARCA_GUN = 31
KAYNAK = "gelir:geri-aktarim:{gun}:{tur}:{kanal}"
_POST: dict[str, Callable[[events.RevenueEvent], None]] = {
    "accrued": otomatik.tahakkuk, "cancelled": otomatik.iptal, "collected": otomatik.tahsilat,
    "credit": otomatik.tahsilat, "refunded": otomatik.iade,
}


def etkin_at() -> datetime:
    """Since when Muhasebe receives Gelir's events here (records before it are back-posted)."""
    row = db.session.get(MuhAyar, 1)
    return row.etkin_at if row is not None else datetime.now(UTC)


def calismalar(limit: int = 20) -> list[GeriAktarim]:
    return list(db.session.scalars(select(GeriAktarim).order_by(GeriAktarim.id.desc()).limit(limit)))


def calisma(run_id: int) -> GeriAktarim:
    row = db.session.get(GeriAktarim, run_id)
    if row is None:
        raise NotFound(_l("Geriye dönük aktarım bulunamadı."))
    return row


def baslat(*, actor: str, kesim: datetime | None = None) -> GeriAktarim:
    """Record a run over every Gelir record created before ``kesim`` (default: the enabling)."""
    ledger = ports.resolve(RevenueLedger)  # PortUnavailable (409) where Gelir is not enabled
    if db.session.scalar(select(GeriAktarim.id).where(GeriAktarim.kaynak_modul == MODUL,
                                                      GeriAktarim.durum.in_(("bekliyor", "calisiyor")))):
        raise MuhasebeConflict(_l("Bekleyen ya da süren bir geriye dönük aktarım var; bitmesini bekleyin."))
    kesim = kesim or etkin_at()
    bas = ledger.first_day(before=kesim)
    if bas is None:
        raise MuhasebeError(_l("Muhasebe etkinleşmeden önce yapılmış gelir kaydı yok; aktarılacak bir şey yok."))
    bit = kesim.astimezone(clock.timezone()).date()
    row = GeriAktarim(kaynak_modul=MODUL, kesim=kesim, bas=bas, bit=max(bit, bas), durum="bekliyor", baslatan=actor,
                      fis_sayisi=0, kayit_sayisi=0, tutar=Decimal(0))
    db.session.add(row)
    db.session.flush()
    audit.record("muhasebe.geri_aktarim.baslat", actor=actor, realm="staff", object_type="geri_aktarim",
                 object_id=row.id, after={"kesim": kesim.isoformat(), "bas": bas.isoformat(), "bit": row.bit.isoformat()})
    return row


def kuyruga_al(run: GeriAktarim, slug: str, *, starter: str) -> bool:
    """Queue the run's job once the unit commits (``starter``'s permission is checked again then)."""
    from ebelediye import jobs

    if run.is_kaydi is not None:
        return False
    record = jobs.enqueue(slug, "modules.muhasebe.jobs:geri_aktar", run.id, queue_name="batch",
                          description=f"Muhasebe geriye dönük aktarım {run.bas}–{run.bit}", actor=starter)
    run.is_kaydi = str(record.id)
    db.session.flush()
    audit.record("muhasebe.geri_aktarim.kuyruk", actor=starter, realm="staff", object_type="geri_aktarim",
                 object_id=run.id, after={"is_kaydi": run.is_kaydi})
    return True


def _olay(gun: date, tur: str, kanal: str | None, totals: list[RevenueTotal], actor: str) -> events.RevenueEvent:
    """The day's totals of one kind and channel as the event the live receivers post."""
    reference = KAYNAK.format(gun=gun.isoformat(), tur=tur, kanal=kanal or "-")[len(MODUL) + 1:]
    if tur == "credit":
        return events.RevenueEvent(module=MODUL, reference=reference, on=gun, lines=(), channel=kanal, actor=actor,
                                   extras={"credit": sum((t.amount for t in totals), Decimal(0))})
    lines = tuple(events.RevenueLine("geri_aktarim", t.economic_code, t.amount, gun.year) for t in totals)
    extras = {"kaynak": "fazla_odeme"} if tur == "refunded" else {}
    return events.RevenueEvent(module=MODUL, reference=reference, on=gun, lines=lines, channel=kanal, actor=actor,
                               extras=extras)


def _kaynak(event: events.RevenueEvent, tur: str) -> str:
    kind = {"accrued": "tahakkuk", "cancelled": "iptal", "collected": "tahsilat", "credit": "tahsilat",
            "refunded": "iade"}[tur]
    return f"{event.module}:{event.reference}:{kind}"[:200]


def _parca(run: GeriAktarim, totals: list[RevenueTotal]) -> None:
    """Post one chunk's days (skipping sources already in the ledger) and move the cursor."""
    groups: dict[tuple[date, str, str | None], list[RevenueTotal]] = defaultdict(list)
    for t in totals:
        groups[(t.on, t.kind, t.channel)].append(t)
    posts = [(tur, _olay(gun, tur, kanal, rows, run.baslatan), rows) for (gun, tur, kanal), rows in groups.items()]
    wanted = [_kaynak(event, tur) for tur, event, _ in posts]
    done = set(db.session.scalars(select(Fis.kaynak).where(Fis.kaynak.in_(wanted)))) if wanted else set()
    for (tur, event, rows), kaynak in zip(posts, wanted, strict=True):
        if kaynak in done:
            continue
        _POST[tur](event)
        run.fis_sayisi += 1
        run.kayit_sayisi += sum(t.count for t in rows)
        run.tutar += sum((t.amount for t in rows), Decimal(0))


def calistir(run_id: int, progress: Callable[[int, int | None, str], None] | None = None,
             parca_gun: int = PARCA_GUN) -> GeriAktarim:
    """Run or resume a back-posting from its cursor, a chunk of days per transaction."""
    progress = progress or (lambda *a: None)
    run = calisma(run_id)
    if run.durum == "bitti":
        return run
    run.durum, run.hata = "calisiyor", None
    uow.commit_point()
    ledger = ports.resolve(RevenueLedger)
    start = run.imlec + timedelta(days=1) if run.imlec else run.bas
    totals = ledger.daily_totals(start, run.bit, before=run.kesim) if start <= run.bit else []
    days = (run.bit - run.bas).days + 1
    cursor, i = start, 0
    while cursor <= run.bit:
        end = min(cursor + timedelta(days=parca_gun - 1), run.bit)
        chunk = []
        while i < len(totals) and totals[i].on <= end:
            if totals[i].on >= cursor:
                chunk.append(totals[i])
            i += 1
        try:
            with uow.savepoint():
                _parca(run, chunk)
        except MuhasebeError as exc:  # a locked month, a closed year: stop here, resumable once fixed
            run.durum, run.hata = "hata", str(exc.message)[:2000]
            audit.record("muhasebe.geri_aktarim.hata", actor=run.baslatan, realm="job", object_type="geri_aktarim",
                         object_id=run.id, after={"imlec": run.imlec.isoformat() if run.imlec else None,
                                                  "hata": run.hata})
            uow.commit_point()
            return run
        run.imlec = end
        db.session.flush()
        uow.commit_point()
        done_days = (end - run.bas).days + 1
        progress(done_days, days, f"{done_days} / {days} gün aktarıldı, {run.fis_sayisi} fiş")
        cursor = end + timedelta(days=1)
    run.durum, run.bitis_at = "bitti", datetime.now(UTC)
    audit.record("muhasebe.geri_aktarim.bitti", actor=run.baslatan, realm="job", object_type="geri_aktarim",
                 object_id=run.id, after={"fis": run.fis_sayisi, "kayit": run.kayit_sayisi, "tutar": str(run.tutar)})
    return run
