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

İK's payrolls (a run with ``kaynak_modul = "ik"``) come through the core's ``PayrollLedger``
port as the very ``payroll_accrued`` and ``payroll_paid`` events İK sent (same reference,
day, lines, channel): each is posted by the live receiver (``otomatik.bordro_tahakkuk``,
``bordro_odeme``) under the live source (``ik:bordro:<period>:<id>:bordro``,
``ik:odeme:<period>:<id>:odeme``), so a payroll posted live is never posted again.  The
accrual's 905 lines keep their budget check: a run is refused at its start, naming every
budget line (tertip) missing or short of appropriation for the payrolls to post, and a
line short at run time stops the run (state ``hata``) like a locked month; it resumes once
the appropriation is entered.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ebelediye import audit, clock, events, ports, uow
from ebelediye.errors import NotFound
from ebelediye.extensions import db
from ebelediye.ports import PayrollLedger, PayrollPosting, RevenueLedger, RevenueTotal

from .. import hesap
from ..models import ButceKalemi, Fis, GeriAktarim, MuhAyar
from . import MuhasebeConflict, MuhasebeError, otomatik

MODUL = "gelir"
MODUL_IK = "ik"
MODULLER = (MODUL, MODUL_IK)
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


def baslat(*, actor: str, kesim: datetime | None = None, modul: str = MODUL) -> GeriAktarim:
    """Record a run over every Gelir record (``modul="gelir"``) or İK payroll (``"ik"``) created
    before ``kesim`` (default: the enabling)."""
    if modul not in MODULLER:
        raise MuhasebeError(_l("Bilinmeyen kaynak modül."), {"modul": [_l("Gelir ya da İK seçin.")]})
    # PortUnavailable (409) where the source module is not enabled
    source: RevenueLedger | PayrollLedger = ports.resolve(RevenueLedger) if modul == MODUL \
        else ports.resolve(PayrollLedger)
    if db.session.scalar(select(GeriAktarim.id).where(GeriAktarim.kaynak_modul == modul,
                                                      GeriAktarim.durum.in_(("bekliyor", "calisiyor")))):
        raise MuhasebeConflict(_l("Bekleyen ya da süren bir geriye dönük aktarım var; bitmesini bekleyin."))
    kesim = kesim or etkin_at()
    bas = source.first_day(before=kesim)
    if bas is None:
        raise MuhasebeError(_l("Muhasebe etkinleşmeden önce yapılmış gelir kaydı yok; aktarılacak bir şey yok.")
                            if modul == MODUL else
                            _l("Muhasebe etkinleşmeden önce kapatılmış bordro yok; aktarılacak bir şey yok."))
    bit = kesim.astimezone(clock.timezone()).date()
    if modul == MODUL_IK:
        assert isinstance(source, PayrollLedger)
        _odenek_kontrolu(source.postings(bas, max(bit, bas), before=kesim))
    row = GeriAktarim(kaynak_modul=modul, kesim=kesim, bas=bas, bit=max(bit, bas), durum="bekliyor", baslatan=actor,
                      fis_sayisi=0, kayit_sayisi=0, tutar=Decimal(0))
    db.session.add(row)
    db.session.flush()
    audit.record("muhasebe.geri_aktarim.baslat", actor=actor, realm="staff", object_type="geri_aktarim",
                 object_id=row.id, after={"modul": modul, "kesim": kesim.isoformat(), "bas": bas.isoformat(),
                                          "bit": row.bit.isoformat()})
    return row


def _bordro_kaynagi(posting: PayrollPosting) -> str:
    return otomatik._kaynak(posting.event, "bordro" if posting.kind == "accrued" else "odeme")


def _odenek_kontrolu(postings: list[PayrollPosting]) -> None:
    """Refuse the run, naming each budget line (tertip) that is missing or short of
    appropriation for the payroll accruals not in the ledger yet (their 905 lines)."""
    accruals = [p for p in postings if p.kind == "accrued"]
    wanted = [_bordro_kaynagi(p) for p in accruals]
    done = set(db.session.scalars(select(Fis.kaynak).where(Fis.kaynak.in_(wanted)))) if wanted else set()
    need: dict[tuple[int, str, str, str, str], Decimal] = defaultdict(Decimal)
    for p, kaynak in zip(accruals, wanted, strict=True):
        if kaynak in done:
            continue
        for s in otomatik.bordro_satirlari(p.event):
            if s.ana_hesap == "905" and s.borc > 0:
                need[(p.event.on.year, s.kurumsal, s.fonksiyonel, s.finansman, hesap.ekonomik_kalem(s.ekonomik))] \
                    += s.borc
    problems: list[str] = []
    for key in sorted(need):
        line = db.session.scalar(select(ButceKalemi).filter_by(
            yil=key[0], kurumsal=key[1], fonksiyonel=key[2], finansman=key[3], ekonomik=key[4]))
        tertip = " | ".join(key[1:])
        if line is None:
            problems.append(str(_l("%(yil)s %(tertip)s: bütçe kalemi yok (gereken %(tutar)s)", yil=key[0],
                                   tertip=tertip, tutar=f"{need[key]:.2f}")))
        elif line.odenek - line.kullanilan < need[key]:
            problems.append(str(_l("%(yil)s %(tertip)s: kalan ödenek %(kalan)s, gereken %(tutar)s", yil=key[0],
                                   tertip=tertip, kalan=f"{line.odenek - line.kullanilan:.2f}",
                                   tutar=f"{need[key]:.2f}")))
    if problems:
        raise MuhasebeError(
            _l("Geçmiş bordroların ödeneği eksik; önce bu bütçe kalemlerini açıp ödenek verin: %(liste)s",
               liste="; ".join(problems)),
            {"odenek": problems})


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


def _parca_ik(run: GeriAktarim, postings: list[PayrollPosting]) -> None:
    """Post one chunk's payroll events (skipping sources already in the ledger)."""
    wanted = [_bordro_kaynagi(p) for p in postings]
    done = set(db.session.scalars(select(Fis.kaynak).where(Fis.kaynak.in_(wanted)))) if wanted else set()
    for p, kaynak in zip(postings, wanted, strict=True):
        if kaynak in done:
            continue
        event = replace(p.event, actor=run.baslatan)
        if p.kind == "accrued":
            otomatik.bordro_tahakkuk(event)
            run.tutar += event.total(events.PAYROLL_COSTS)
        else:
            otomatik.bordro_odeme(event)
            run.tutar += event.total(("net",))
        run.fis_sayisi += 1
        run.kayit_sayisi += 1
        done.add(kaynak)


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


def _gun(item: RevenueTotal | PayrollPosting) -> date:
    return item.event.on if isinstance(item, PayrollPosting) else item.on


def calistir(run_id: int, progress: Callable[[int, int | None, str], None] | None = None,
             parca_gun: int = PARCA_GUN) -> GeriAktarim:
    """Run or resume a back-posting from its cursor, a chunk of days per transaction."""
    progress = progress or (lambda *a: None)
    run = calisma(run_id)
    if run.durum == "bitti":
        return run
    run.durum, run.hata = "calisiyor", None
    uow.commit_point()
    start = run.imlec + timedelta(days=1) if run.imlec else run.bas
    totals: list[RevenueTotal] | list[PayrollPosting]
    if run.kaynak_modul == MODUL_IK:
        totals = ports.resolve(PayrollLedger).postings(start, run.bit, before=run.kesim) if start <= run.bit else []
    else:
        totals = ports.resolve(RevenueLedger).daily_totals(start, run.bit, before=run.kesim) \
            if start <= run.bit else []
    days = (run.bit - run.bas).days + 1
    cursor, i = start, 0
    while cursor <= run.bit:
        end = min(cursor + timedelta(days=parca_gun - 1), run.bit)
        chunk: list = []
        while i < len(totals) and _gun(totals[i]) <= end:
            if _gun(totals[i]) >= cursor:
                chunk.append(totals[i])
            i += 1
        try:
            with uow.savepoint():
                if run.kaynak_modul == MODUL_IK:
                    _parca_ik(run, chunk)
                else:
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
