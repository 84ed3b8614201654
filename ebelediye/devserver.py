"""``flask dev`` (what ``make run`` calls): start the embedded servers when no URLs are
set, migrate, seed the demo, then run the web server, one rq worker and the mock agency
server (web port + 1, loopback) until Ctrl-C, which stops everything this command
started and keeps the data in VAR_DIR.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import click
from flask import current_app
from flask.cli import with_appcontext

from . import embedded


def _flask(*args: str) -> list[str]:
    return [sys.executable, "-m", "flask", "--app", "wsgi", *args]


@click.command("dev")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-demo", is_flag=True, help="Demo verisi yükleme.")
@with_appcontext
def dev_command(host: str, port: int, no_demo: bool) -> None:
    """Geliştirme sunucusu: veritabanı, Redis, göçler, demo, web ve işçi."""
    app = current_app
    started_pg = app.config.get("EMBEDDED_POSTGRES")
    started_redis = app.config.get("EMBEDDED_REDIS")
    if started_pg:
        click.echo(f"Gömülü PostgreSQL başlatılıyor ({embedded.postgres_dir(app.config['VAR_DIR'])}) ...")
    if started_redis:
        click.echo("Gömülü Redis başlatılıyor ...")
    embedded.ensure_for_app(app)
    env = dict(os.environ, EBELEDIYE_PUBLIC_PORT=str(port), FLASK_APP="wsgi")
    mock_port = _connector_env(app, env, port)
    steps = [_flask("tenants", "migrate", "--all")]
    if not no_demo:
        steps.append(_flask("tenants", "demo", "--port", str(port)))
    for step in steps:
        if subprocess.run(step, env=env).returncode != 0:
            _stop_servers(app, started_pg, started_redis)
            raise click.ClickException(f"'{' '.join(step[4:])}' başarısız oldu; yukarıdaki iletiye bakın.")
    web = subprocess.Popen(_flask("run", "--host", host, "--port", str(port), "--with-threads",
                                  "--no-reload", "--no-debugger"), env=env)
    worker = subprocess.Popen(_flask("rq", "worker"), env=env)
    mock = None
    if mock_port is not None:
        # The mock agency server (KPS, Tapu, SGK, GİB, bank POS, e-Devlet): loopback only.
        mock = subprocess.Popen([sys.executable, "-m", "flask", "--app", "ebelediye.connectors.mockserver", "run",
                                 "--host", "127.0.0.1", "--port", str(mock_port), "--with-threads", "--no-reload",
                                 "--no-debugger"], env=env)
        click.echo(f"Kurum sahte sunucusu: {env['EBELEDIYE_CONNECTORS_URL']}")
    click.echo(f"\nHazır. Durdurmak için Ctrl-C.  Veriler: {app.config['VAR_DIR']}\n")
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping and web.poll() is None:
            if worker.poll() == 0:
                # The worker retires after WORKER_MAX_JOBS jobs (catalog caches); start a new one.
                worker = subprocess.Popen(_flask("rq", "worker"), env=env)
            elif worker.poll() is not None:
                break
            if mock is not None and mock.poll() is not None:
                click.echo("Kurum sahte sunucusu durdu (port dolu olabilir); HTTP modundaki bağlayıcılar çalışmaz.")
                mock = None
            time.sleep(0.3)
    finally:
        children = [web, worker] + ([mock] if mock is not None else [])
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        _stop_servers(app, started_pg, started_redis)
        click.echo("Durduruldu; veriler korunuyor.")


def _connector_env(app, env: dict, port: int) -> int | None:
    """Point the children at the mock agency server on port + 1 and share its secrets;
    the port to start it on, or None when EBELEDIYE_CONNECTORS_URL names another server."""
    from .connectors.settings import Settings

    settings = Settings.from_config(app.config)
    env.setdefault("EBELEDIYE_CONNECTORS_POS_SECRET", settings.pos_secret)
    env.setdefault("EBELEDIYE_CONNECTORS_EDEVLET_SECRET", settings.edevlet_secret)
    if os.environ.get("EBELEDIYE_CONNECTORS_URL"):
        return None
    env["EBELEDIYE_CONNECTORS_URL"] = f"http://127.0.0.1:{port + 1}"
    return port + 1


def _stop_servers(app, started_pg: bool, started_redis: bool) -> None:
    if started_redis:
        embedded.stop_redis(app.config["VAR_DIR"])
    if started_pg:
        embedded.stop_postgres(app.config["VAR_DIR"])
