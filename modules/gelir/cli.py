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


@group.command("uzlastir")
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
