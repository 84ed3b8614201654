"""``flask gelir ...``: Gelir's commands, mounted by the registry from the spec (``cli``).

Each command runs in one unit of work; a ``UserError`` is its message and exit code 2.
"""

from __future__ import annotations

from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext

from ebelediye import jobs

group = click.Group("gelir", help="Gelir modülü komutları.")


def _daily_job(slug: str, gun: str | None, func_path: str, description: str) -> str:
    """Enqueue one of the daily jobs for an active tenant with Gelir; the job's record id."""
    if gun:
        try:
            date.fromisoformat(gun)
        except ValueError:
            raise click.BadParameter("Tarih YYYY-AA-GG biçiminde olmalı.", param_hint="--gun") from None
    tenant = current_app.extensions["ebelediye.tenants"].by_slug(slug)
    if tenant is None or not tenant.is_active or "gelir" not in tenant.modules:
        raise click.ClickException(f"Gelir modülü etkin bir '{slug}' belediyesi yok.")
    try:
        record = jobs.enqueue(slug, func_path, gun, queue_name="default", description=description, actor="cli:gelir")
    except jobs.JobRefused as exc:
        raise click.ClickException(str(exc)) from None
    return str(record.id)


@group.command("uzlastir")
@click.option("--belediye", "slug", required=True, help="Belediyenin kısa adı (tenant slug).")
@click.option("--gun", default=None, help="Hangi günün mutabakatı (YYYY-AA-GG; varsayılan bugün).")
@with_appcontext
def uzlastir_komutu(slug: str, gun: str | None) -> None:
    """Online ödeme mutabakatını kuyruğa koy (nightly reconciliation of online payments)."""
    record_id = _daily_job(slug, gun, "modules.gelir.jobs:uzlastir", "Online ödeme mutabakatı")
    click.echo(f"Mutabakat kuyruğa kondu: {record_id}")


@group.command("hatirlat")
@click.option("--belediye", "slug", required=True, help="Belediyenin kısa adı (tenant slug).")
@click.option("--gun", default=None, help="Hangi günün hatırlatmaları (YYYY-AA-GG; varsayılan bugün).")
@with_appcontext
def hatirlat_komutu(slug: str, gun: str | None) -> None:
    """Vade hatırlatmalarını kuyruğa koy (the day's due-date reminders; safe to rerun)."""
    record_id = _daily_job(slug, gun, "modules.gelir.jobs:hatirlat", "Vade hatırlatmaları")
    click.echo(f"Hatırlatmalar kuyruğa kondu: {record_id}")



@group.command("tecil-ihlal")
@click.option("--belediye", "slug", required=True, help="Belediyenin kısa adı (tenant slug).")
@with_appcontext
def tecil_ihlal_komutu(slug: str) -> None:
    """Taksiti ödenmeyen tecil planlarını boz (daily: break the plans with a missed installment)."""
    record_id = _daily_job(slug, None, "modules.gelir.jobs:tecil_ihlal", "Tecil ihlal denetimi")
    click.echo(f"Tecil ihlal denetimi kuyruğa kondu: {record_id}")


@group.command("yapilandirma-ihlal")
@click.option("--belediye", "slug", required=True, help="Belediyenin kısa adı (tenant slug).")
@with_appcontext
def yapilandirma_ihlal_komutu(slug: str) -> None:
    """Toleransı aşan yapılandırmaları boz (daily: break the restructurings past their tolerance)."""
    record_id = _daily_job(slug, None, "modules.gelir.jobs:yapilandirma_ihlal", "Yapılandırma ihlal denetimi")
    click.echo(f"Yapılandırma ihlal denetimi kuyruğa kondu: {record_id}")


@group.command("zamanasimi")
@click.option("--belediye", "slug", required=True, help="Belediyenin kısa adı (tenant slug).")
@click.option("--yil", "yil", required=True, type=click.IntRange(2000, 2200),
              help="Hangi yılın sonunda zamanaşımına uğrayan borçlar listelensin.")
@with_appcontext
def zamanasimi_komutu(slug: str, yil: int) -> None:
    """Yıl sonunda zamanaşımına uğrayan borçları listele (6183 m.102; terkin etmez, liste hazırlar)."""
    tenant = current_app.extensions["ebelediye.tenants"].by_slug(slug)
    if tenant is None or not tenant.is_active or "gelir" not in tenant.modules:
        raise click.ClickException(f"Gelir modülü etkin bir '{slug}' belediyesi yok.")
    try:
        record = jobs.enqueue(slug, "modules.gelir.jobs:zamanasimi", yil, queue_name="batch",
                              description=f"Zamanaşımı listesi {yil}", actor="cli:gelir")
    except jobs.JobRefused as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Zamanaşımı listesi kuyruğa kondu: {record.id}")


@group.command("kira-tahakkuk")
@click.option("--belediye", "slug", required=True, help="Belediyenin kısa adı (tenant slug).")
@click.option("--gun", default=None, help="Bu güne kadar başlayan kira dönemleri (YYYY-AA-GG; varsayılan bugün).")
@with_appcontext
def kira_tahakkuk_komutu(slug: str, gun: str | None) -> None:
    """Kira dönemlerini tahakkuk et (daily: every lease's started periods, each once)."""
    record_id = _daily_job(slug, gun, "modules.gelir.jobs:kira_tahakkuk", "Kira dönem tahakkuku")
    click.echo(f"Kira tahakkuku kuyruğa kondu: {record_id}")
