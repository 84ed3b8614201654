"""``flask evlendirme ...``: the marriage office's commands, mounted from the spec (``cli``).

Each command runs in one unit of work; a ``UserError`` is its message and exit code 2.
"""

from __future__ import annotations

from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext

from ebelediye import jobs
from ebelediye.errors import UserError

group = click.Group("evlendirme", help="Evlendirme modülü komutları.")


def _tenant(slug: str):
    tenant = current_app.extensions["ebelediye.tenants"].by_slug(slug)
    if tenant is None or not tenant.is_active:
        raise UserError(f"Etkin bir '{slug}' belediyesi yok.", {"belediye": ["Belediyenin kısa adını girin."]})
    return tenant


@group.command("gunluk")
@click.option("--belediye", "slug", required=True, help="Belediyenin kısa adı (tenant slug).")
@with_appcontext
def gunluk(slug: str) -> None:
    """Günlük işleri kuyruğa koy: süresi dolan tutmalar ve dosyalar, hatırlatmalar, KPS tekrarları."""
    _tenant(slug)
    record = jobs.enqueue(slug, "modules.evlendirme.jobs:gunluk", queue_name="default",
                          description="Evlendirme günlük işleri", actor="cli:evlendirme")
    click.echo(f"Günlük işler kuyruğa kondu: {record.id}")


@group.command("istatistik")
@click.option("--belediye", "slug", required=True, help="Belediyenin kısa adı (tenant slug).")
@click.option("--baslangic", required=True, help="YYYY-AA-GG")
@click.option("--bitis", required=True, help="YYYY-AA-GG")
@with_appcontext
def istatistik_komutu(slug: str, baslangic: str, bitis: str) -> None:
    """Bir dönemin nikâh sayılarını yaz."""
    from ebelediye import tenancy
    from ebelediye.extensions import db

    from .services import istatistik

    try:
        start, end = date.fromisoformat(baslangic), date.fromisoformat(bitis)
    except ValueError:
        raise UserError("Tarih YYYY-AA-GG biçiminde olmalı.", {"baslangic": ["Ör. 2026-01-01"]}) from None
    if end < start:
        raise UserError("Bitiş başlangıçtan önce olamaz.", {"bitis": ["Başlangıçtan sonra bir gün girin."]})
    tenant = _tenant(slug)
    db.session.rollback()  # the lookup only read from public; the tenant's transaction begins clean
    with tenancy.bind(tenant, db.session):
        summary = istatistik.ozet(start, end)
    for row in summary.aylik:
        click.echo(f"{row['ay']}: {row['kiyildi']} kıyıldı, {row['bekleyen']} bekliyor, {row['gelmedi']} gelinmedi")
    for hall in summary.salonlar:
        click.echo(f"{hall['ad']}: {hall['dolu']}/{hall['kapasite']} saat")
