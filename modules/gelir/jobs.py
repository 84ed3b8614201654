"""Gelir's background jobs (rq, through ``ebelediye.jobs.enqueue``; the worker binds the tenant).
Each takes ids, is idempotent, and reports progress.

``toplu_tahakkuk`` runs or resumes a yearly batch accrual.

``uzlastir`` is the nightly reconciliation of online card payments.  Schedule it once a
day per tenant with ``flask gelir uzlastir --belediye <slug>`` from cron (it enqueues
the job), or with rq-scheduler calling ``ebelediye.jobs.enqueue(slug,
"modules.gelir.jobs:uzlastir", None)``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from ebelediye import clock, connectors, jobs
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
    day's settlement list; idempotent (settled payments are skipped) and resumable."""
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
    db.session.commit()
    sayilar: dict[str, int] = {}
    jobs.report_progress(0, len(ids), "Online ödemeler bankayla karşılaştırılıyor")
    for done, odeme_id in enumerate(ids, start=1):
        try:
            outcome = online.uzlastir_bir(odeme_id, gun, terk_dakika=terk_dakika)
        except ConnectorError:
            db.session.rollback()
            outcome, hatalar = "hata", hatalar + 1
        sayilar[outcome] = sayilar.get(outcome, 0) + 1
        jobs.report_progress(done, len(ids), f"{done}/{len(ids)} ödeme karşılaştırıldı")
    return {"gun": gun.isoformat(), "incelenen": len(ids), "sonuclar": sayilar, "banka_hatasi": hatalar}


@click.command("uzlastir")
@click.option("--belediye", "slug", required=True, help="Belediyenin kısa adı (tenant slug).")
@click.option("--gun", default=None, help="Hangi günün mutabakatı (YYYY-AA-GG; varsayılan bugün).")
@with_appcontext
def uzlastir_komutu(slug: str, gun: str | None) -> None:
    """Online ödeme mutabakatını kuyruğa koy (nightly reconciliation of online payments)."""
    if gun:
        try:
            date.fromisoformat(gun)
        except ValueError:
            raise click.BadParameter("Tarih YYYY-AA-GG biçiminde olmalı.", param_hint="--gun") from None
    tenant = current_app.extensions["ebelediye.tenants"].by_slug(slug)
    if tenant is None or not tenant.is_active:
        raise click.ClickException(f"Etkin bir '{slug}' belediyesi yok.")
    try:
        record = jobs.enqueue(slug, "modules.gelir.jobs:uzlastir", gun, queue_name="default",
                              description="Online ödeme mutabakatı", actor="cli:gelir")
    except jobs.JobRefused as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Mutabakat kuyruğa kondu: {record.id}")
