"""Core commands: ``flask modules list``, ``flask rq worker``."""

from __future__ import annotations

import json
import sys

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from . import embedded, jobs

modules_cli = AppGroup("modules", help="Modül kaydı (module registry).")
rq_cli = AppGroup("rq", help="Arka plan işleri (rq).")


@modules_cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON olarak yaz.")
@with_appcontext
def list_modules(as_json: bool) -> None:
    """Yüklü modülleri listeler."""
    registry = current_app.extensions["ebelediye.registry"]
    rows = [
        {"key": s.key, "name": s.name_tr, "name_en": s.name_en, "version": s.version,
         "requires": list(s.requires), "integrates": list(s.integrates),
         "permissions": [p.code for p in s.permissions]}
        for s in registry
    ]
    if as_json:
        click.echo(json.dumps({"modules": rows, "listed_not_installed": registry.missing}, ensure_ascii=False))
        return
    if not rows:
        click.echo("Yüklü modül yok.")
    for row in rows:
        requires = f"  (gerektirir: {', '.join(row['requires'])})" if row["requires"] else ""
        click.echo(f"{row['key']:<14} {row['version']:<8} {row['name']}{requires}")
    for key in registry.missing:
        click.echo(f"{key:<14} {'-':<8} listelenmiş ama kurulu değil", err=True)


@rq_cli.command("worker")
@click.option("--queues", default=",".join(jobs.QUEUES), show_default=True)
@click.option("--burst", is_flag=True, help="Kuyruk boşalınca çık.")
@click.option("--max-jobs", type=int, default=None, help="Bu kadar işten sonra yeniden başla.")
@with_appcontext
def worker(queues: str, burst: bool, max_jobs: int | None) -> None:
    """rq işçisini uygulamanın içinde çalıştırır; her iş kendi belediyesine bağlanır."""
    from rq import Worker

    embedded.ensure_for_app(current_app)
    names = [q.strip() for q in queues.split(",") if q.strip()]
    unknown = [q for q in names if q not in jobs.QUEUES]
    if unknown:
        click.echo(f"Bilinmeyen kuyruk: {', '.join(unknown)}", err=True)
        sys.exit(2)
    # The work horse is forked per job: register the routes (and import the modules' code)
    # once here, or every job that renders a link would pay for it again.
    getattr(current_app, "ensure_routes", lambda: None)()
    connection = jobs.redis_connection()
    w = Worker([jobs.queue(name) for name in names], connection=connection)
    # Workers restart after N jobs: each PostgreSQL backend caches the catalog of every
    # tenant it touched, so long-lived processes would grow without bound.
    w.work(burst=burst, max_jobs=max_jobs or current_app.config["WORKER_MAX_JOBS"], with_scheduler=True)


def init_app(app) -> None:
    from .devserver import dev_command

    app.cli.add_command(modules_cli)
    app.cli.add_command(rq_cli)
    app.cli.add_command(dev_command)
