"""``flask dev`` (what ``make run`` calls): start the embedded servers when no URLs are
set, migrate, run the web server, one rq worker and the mock agency server (web port + 1,
loopback), then load the demo while the pages already answer, until Ctrl-C, which stops
everything this command started (at any step) and keeps the data in VAR_DIR.
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
    """Geliştirme sunucusu: veritabanı, Redis, göçler, web, işçi, demo."""
    app = current_app
    started_pg = app.config.get("EMBEDDED_POSTGRES")
    started_redis = app.config.get("EMBEDDED_REDIS")
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    # From the first second: Ctrl-C (or the process group's SIGINT) stops whatever runs,
    # and everything this command started is stopped in the ``finally`` below.
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    children: list[subprocess.Popen] = []
    worker: subprocess.Popen | None = None
    try:
        _step(1, "Veritabanı ve Redis" + (" (gömülü, ./var altında)" if started_pg or started_redis else ""))
        embedded.ensure_for_app(app)
        env = dict(os.environ, EBELEDIYE_PUBLIC_PORT=str(port), FLASK_APP="wsgi")
        mock_port = _connector_env(app, env, port)
        _step(2, "Veritabanı göçleri (platform ve her belediyenin şeması)")
        if not _run(_flask("tenants", "migrate", "--all"), env, lambda: stopping):
            raise click.ClickException("Göçler başarısız oldu; yukarıdaki iletiye bakın.")
        _step(3, f"Web sunucusu http://{host}:{port}, bir rq işçisi" + (", kurum sahte sunucusu" if mock_port else ""))
        # The web server registers every route at start (a broken module shows here, and the
        # first page is not slower); the other commands register theirs when needed.
        web = subprocess.Popen(_flask("run", "--host", host, "--port", str(port), "--with-threads",
                                      "--no-reload", "--no-debugger"), env=dict(env, EBELEDIYE_LAZY_ROUTES="0"))
        worker = subprocess.Popen(_flask("rq", "worker"), env=env)
        children += [web, worker]
        mock = None
        if mock_port is not None:
            # The mock agency server (KPS, Tapu, SGK, GİB, bank POS, e-Devlet): loopback only.
            mock = subprocess.Popen([sys.executable, "-m", "flask", "--app", "ebelediye.connectors.mockserver", "run",
                                     "--host", "127.0.0.1", "--port", str(mock_port), "--with-threads",
                                     "--no-reload", "--no-debugger"], env=env)
            children.append(mock)
        if not no_demo and not stopping:
            _step(4, "Demo verisi: iki belediye ve modüllerinin geçmişi (ilk çalıştırmada birkaç dakika; "
                     "sayfalar bu arada açılır)")
            if not _run(_flask("tenants", "demo", "--port", str(port)), env, lambda: stopping) and not stopping:
                click.echo("Demo verisi yüklenemedi; sunucular çalışıyor, yukarıdaki iletiye bakın.")
        if not stopping:
            base = app.config["BASE_DOMAIN"]
            click.echo("\n" + "═" * 78)
            click.echo(f"e-Belediye çalışıyor: http://cankaya.{base}:{port}/ (personel), "
                       f"http://cankaya.{base}:{port}/e-hizmet/ (vatandaş), http://admin.{base}:{port}/konsol/ (bakanlık)")
            click.echo("Giden postalar (parola bağlantıları, hatırlatmalar) makineden çıkmaz; okumak için:")
            click.echo(f"  bakanlık girişiyle http://admin.{base}:{port}/konsol/belediye/<kısa ad>/posta, "
                       "ya da belediye yöneticisi olarak /gelistirme/posta")
            click.echo(f"Veriler {app.config['VAR_DIR']} altında kalır.  Başka port: make run PORT=5050.  "
                       "Durdurmak için Ctrl-C.")
            click.echo("═" * 78 + "\n")
        while not stopping and web.poll() is None:
            if worker.poll() == 0:
                # The worker retires after WORKER_MAX_JOBS jobs (catalog caches); start a new one.
                children.remove(worker)
                worker = subprocess.Popen(_flask("rq", "worker"), env=env)
                children.append(worker)
            elif worker.poll() is not None:
                break
            if mock is not None and mock.poll() is not None:
                click.echo("Kurum sahte sunucusu durdu (port dolu olabilir); HTTP modundaki bağlayıcılar çalışmaz.")
                mock = None
            time.sleep(0.3)
    finally:
        _stop_children(children)
        _stop_servers(app, bool(started_pg), bool(started_redis))
        click.echo("Durduruldu; veriler korunuyor.")


def _step(number: int, text: str) -> None:
    click.echo(f"[{number}/4] {text} ...", err=False)


def _run(command: list[str], env: dict, stopping) -> bool:
    """Run a step as a child process; stop it when we are told to stop.  True when it succeeded."""
    child = subprocess.Popen(command, env=env)
    while child.poll() is None:
        if stopping():
            _stop_children([child])
            return False
        time.sleep(0.2)
    return child.returncode == 0


def _stop_children(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    for child in children:
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


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
