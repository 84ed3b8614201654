"""Gelir's background jobs (rq, through ``ebelediye.jobs.enqueue``; the worker binds the tenant).
Each takes ids, is idempotent, and reports progress.

``toplu_tahakkuk`` runs or resumes a yearly batch accrual.

``hatirlat`` queues the day's due-date reminders (mail and SMS); run it once a day per
tenant with ``flask gelir hatirlat --belediye <slug>`` from cron, like ``uzlastir``.

``uzlastir`` is the nightly reconciliation of online card payments.  Schedule it once a
day per tenant with ``flask gelir uzlastir --belediye <slug>`` from cron (it enqueues
the job), or with rq-scheduler calling ``ebelediye.jobs.enqueue(slug,
"modules.gelir.jobs:uzlastir", None)``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from ebelediye import clock, connectors, jobs, uow
from ebelediye.connectors import ConnectorError
from ebelediye.extensions import db
from ebelediye.rbac import job_requires

from .models import OnlineOdeme
from .services import online


@job_requires("gelir.tahakkuk.toplu")
def toplu_tahakkuk(run_id: int, chunk: int | None = None) -> dict:
    """Run or resume a yearly batch accrual (emlak or ÇTV) recorded as ``TopluTahakkuk`` ``run_id``."""
    from .services import tahakkuk

    run = tahakkuk.toplu_calistir(run_id, progress=jobs.report_progress, **({"chunk": chunk} if chunk else {}))
    return {"yil": run.yil, "grup": run.grup, "olusan": run.olusan, "tutar": str(run.tutar), "uyari": run.hata}


#: A callback normally arrives seconds after the card holder pays; a payment still
#: waiting this long is asked about at the bank.
SORGU_DAKIKA = 10


def uzlastir(gun_iso: str | None = None, sorgu_dakika: int = SORGU_DAKIKA,
             terk_dakika: int = online.TERK_DAKIKA) -> dict:
    """Settle online payments whose callback never came, from the bank's status and the
    day's settlement list; idempotent (settled payments are skipped) and resumable: each
    payment is settled in a savepoint of its own and made durable before the next one."""
    gun = date.fromisoformat(gun_iso) if gun_iso else clock.today()
    cutoff = datetime.now(UTC) - timedelta(minutes=sorgu_dakika)
    ids = list(db.session.scalars(select(OnlineOdeme.id).where(
        OnlineOdeme.durum == "baslatildi", OnlineOdeme.created_at <= cutoff).order_by(OnlineOdeme.id)))
    # sales the bank made for orders we refused without charging (should not happen; if it
    # does, the money is received and refunded)
    hatalar = 0
    try:
        sales = {line.siparis_no for line in connectors.get("pos").settlement(gun).satirlar if line.tur == "satis"}
    except ConnectorError:
        sales, hatalar = set(), 1
    if sales:
        ids += list(db.session.scalars(select(OnlineOdeme.id).where(
            OnlineOdeme.durum == "basarisiz", OnlineOdeme.tahsilat_id.is_(None),
            OnlineOdeme.siparis_no.in_(sales)).order_by(OnlineOdeme.id)))
    uow.commit_point()  # end the read transaction: each payment is locked and settled on its own
    sayilar: dict[str, int] = {}
    jobs.report_progress(0, len(ids), "Online ödemeler bankayla karşılaştırılıyor")
    for done, odeme_id in enumerate(ids, start=1):
        try:
            with uow.savepoint():
                outcome = online.uzlastir_bir(odeme_id, gun, terk_dakika=terk_dakika)
        except ConnectorError:
            outcome, hatalar = "hata", hatalar + 1
        uow.commit_point()
        sayilar[outcome] = sayilar.get(outcome, 0) + 1
        jobs.report_progress(done, len(ids), f"{done}/{len(ids)} ödeme karşılaştırıldı")
    return {"gun": gun.isoformat(), "incelenen": len(ids), "sonuclar": sayilar, "banka_hatasi": hatalar}


def hatirlat(gun_iso: str | None = None) -> dict:
    """Queue the due-date reminders of the day (``services.hatirlatma``); idempotent: a
    rerun of the same day sends nothing twice."""
    from .services import hatirlatma

    gun = date.fromisoformat(gun_iso) if gun_iso else clock.today()
    result = hatirlatma.gonder(gun, actor="job:gelir.hatirlat")
    return {"vade": result.vade.isoformat() if result.vade else None, "eposta": result.eposta, "sms": result.sms,
            "zaten": result.zaten}


@job_requires("gelir.takip.yonet")
def odeme_emri_partisi(run_id: int) -> dict:
    """Write or resume an ödeme emri batch; each chunk is durable, a rerun doubles nothing."""
    from .services import takip

    run = takip.calistir(run_id, progress=jobs.report_progress)
    return {"parti": run.id, "olusan": run.olusan, "tutar": str(run.tutar)}


def tecil_ihlal(gun_iso: str | None = None) -> dict:
    """Break the tecil plans with a missed installment (daily, like ``uzlastir``)."""
    from .services import tecil

    gun = date.fromisoformat(gun_iso) if gun_iso else clock.today()
    return {"gun": gun.isoformat(), "bozulan": tecil.ihlal_denetle(gun)}


def yapilandirma_ihlal(gun_iso: str | None = None) -> dict:
    """Break the restructurings past their campaign's tolerance of missed installments
    (daily); each one committed before the next, so a rerun after a crash goes on where it
    stopped and breaks nothing twice (a broken one is no longer active)."""
    from .services import yapilandirma

    gun = date.fromisoformat(gun_iso) if gun_iso else clock.today()
    broken = yapilandirma.ihlal_denetle(gun, actor="job:gelir.yapilandirma_ihlal", commit=uow.commit_point)
    return {"gun": gun.isoformat(), "bozulan": broken}


def zamanasimi(yil: int, run_id: int | None = None) -> dict:
    """List the debts lapsed (6183 m.102) by the end of ``yil``: the run ``run_id``, or the
    year's unfinished run, or a new one.  It writes only the list staff review (no write-off),
    each chunk durable; a rerun goes on from the cursor and lists nothing twice."""
    from .models import ZamanasimiCalismasi
    from .services import zamanasimi as za

    if run_id is None:
        run_id = db.session.scalar(select(ZamanasimiCalismasi.id).where(
            ZamanasimiCalismasi.yil == int(yil), ZamanasimiCalismasi.durum != "bitti")
            .order_by(ZamanasimiCalismasi.id.desc()).limit(1))
        if run_id is None:
            run_id = za.calisma_olustur(yil, clock.today(), actor="job:gelir.zamanasimi").id
            uow.commit_point()
    run = za.calistir(run_id, progress=jobs.report_progress)
    return {"calisma": run.id, "yil": run.yil, "olusan": run.olusan, "tutar": str(run.tutar)}


def kira_tahakkuk(gun_iso: str | None = None) -> dict:
    """Accrue every lease's periods started by the day (daily from cron with ``flask gelir
    kira-tahakkuk``, like ``hatirlat``; idempotent per lease and period, resumable: each
    lease is committed before the next)."""
    from .services import kira

    gun = date.fromisoformat(gun_iso) if gun_iso else clock.today()
    return kira.donem_tahakkuk(gun, actor="job:kira_tahakkuk", progress=jobs.report_progress)
