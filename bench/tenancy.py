"""Tenancy benchmarks: provisioning, ``flask tenants migrate``, routing overhead, backend memory.

    .venv/bin/python bench/tenancy.py [--tenants N] [--quick] [--keep]
    .venv/bin/python bench/tenancy.py --citus [--citus-url URL] [--citus-tenants 200]

Writes ``bench/results/tenancy.json`` (``--quick``: ``var/bench/tenancy-quick.json``) and
prints a summary.  Every figure that has a goal is a comparison made in the same run, or
a duration whose anchor comes from elsewhere; the machines are noisy, so none of this is
asserted in the test suite.  See ``docs/benchmarks.md``.

Services: the PostgreSQL server of ``DATABASE_URL`` (default: the machine's server at
127.0.0.1:5432, else the embedded pgserver in ``var/bench``) gets a dedicated database,
``ebelediye_bench``, dropped and recreated at the start and dropped at the end (``--keep``
keeps it).  Redis: ``REDIS_URL``, default ``redis://127.0.0.1:6379/14``, else embedded.
All traffic goes to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import gc
import http.client
import itertools
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":
    # ``python bench/tenancy.py`` puts bench/ first on the path; the repo root is what we need.
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BENCH_DATABASE = "ebelediye_bench"
BASE_DOMAIN = "bench.test"
#: Every real module in the tree (modules/<key>/ with a descriptor) and the two fixtures; the
#: ALTER of section 2b goes to ``ornek``'s history, the others' are applied and current.
MODULES = {
    "ornek": "tests.fixtures.ornek:spec",
    "ornek_ek": "tests.fixtures.ornek_ek:spec",
    **{path.parent.name: f"modules.{path.parent.name}:spec"
       for path in sorted((ROOT / "modules").glob("*/__init__.py")) if "spec" in path.read_text()},
}
DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
VAR_DIR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results" / "tenancy.json"
APP_ENV = "EBELEDIYE_BENCH_APP"  # JSON config of the app gunicorn serves

ANCHORS = {
    "provision": "replaying migrations took 13 s per tenant in a django-tenants project; "
                 "django-tenants' schema clone about 4 s",
    "migrate_noop": "900 schemas with nothing to apply took 12 minutes in a django-tenants deployment",
    "migrate_alter": "the DDL itself costs about 2 ms a tenant",
    "memory": "each backend caches the catalog of every tenant it touched (~2 MB per 100-table tenant)",
}


# --- helpers ------------------------------------------------------------------------

def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def with_database(url: str, database: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(libpq(url)).set(database=database).render_as_string(hide_password=False)


def _postgres_answers(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
        return True
    except psycopg.Error:
        return False


def _redis_answers(url: str) -> bool:
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        return bool(Redis.from_url(url, socket_connect_timeout=2).ping())
    except (RedisError, OSError):
        return False


_EMBEDDED: list = []  # the embedded PostgreSQL server object, kept alive for the run


def resolve_services() -> dict:
    """Admin URL of the PostgreSQL server and the Redis URL, and where each came from."""
    from ebelediye import embedded

    os.environ.setdefault("XDG_RUNTIME_DIR", str(ROOT / "var" / "run"))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, parents=True, exist_ok=True)
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    found = {}
    if os.environ.get("DATABASE_URL"):
        found["admin_url"], found["postgres_source"] = libpq(os.environ["DATABASE_URL"]), "DATABASE_URL"
    elif _postgres_answers(DEFAULT_ADMIN_URL):
        found["admin_url"], found["postgres_source"] = DEFAULT_ADMIN_URL, "machine 127.0.0.1:5432"
    else:
        import pgserver

        pgdata = embedded.postgres_dir(str(VAR_DIR))
        pgdata.mkdir(parents=True, exist_ok=True)
        # Stopped when this process exits (if it was started here), as the tests do.
        _EMBEDDED.append(pgserver.get_server(pgdata, cleanup_mode="stop"))
        url = embedded.postgres_url(str(VAR_DIR), "postgres")
        found["admin_url"], found["postgres_source"] = libpq(url), "embedded pgserver"
    if os.environ.get("REDIS_URL"):
        found["redis_url"], found["redis_source"] = os.environ["REDIS_URL"], "REDIS_URL"
    elif _redis_answers(DEFAULT_REDIS_URL):
        found["redis_url"], found["redis_source"] = DEFAULT_REDIS_URL, "machine 127.0.0.1:6379/14"
    else:
        found["redis_url"], found["redis_source"] = embedded.ensure_redis(str(VAR_DIR)), "embedded redis"
    return found


def recreate_database(admin_url: str, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(with_database(admin_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')


def app_config(database_url: str, redis_url: str, module_paths: dict | None = None, **overrides) -> dict:
    """A production-like configuration with the two test modules as "every module"."""
    paths = dict(module_paths or MODULES)
    config = {
        "ENV": "production",
        "SECRET_KEY": "bench-only-secret-key-not-for-anything-else",
        "MFA_ENCRYPTION_KEYS": ["soZlh6EGDZXcL7ryGIvPPzoWuXLlbGT9DwlHq0w7zRM="],  # bench only
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "MODULES": list(paths),
        "MODULE_PATHS": paths,
        "VAR_DIR": str(VAR_DIR),
        "BASE_DOMAIN": BASE_DOMAIN,
    }
    config.update(overrides)
    return config


def wsgi_app():
    """gunicorn entry point (``bench.tenancy:wsgi_app()``): the app configured by the parent."""
    from ebelediye.app import create_app

    return create_app(json.loads(os.environ[APP_ENV]))


# --- 1. provisioning ----------------------------------------------------------------

def provision_tenant(slug: str, modules: list[str]) -> tuple[float, float, bool]:
    """The real path: services.request_tenant then services.provision; (request s, provision s,
    whether it took a spare schema)."""
    from tenants import services

    started = time.perf_counter()
    services.request_tenant(
        services.ProvisionRequest(slug=slug, name=f"{slug.title()} Belediyesi", modules=modules,
                                  admin_email=f"yonetici@{slug}.bel.tr"),
        "bench",
    )
    requested = time.perf_counter()
    result = services.provision(slug, "bench")
    return requested - started, time.perf_counter() - requested, bool(result.get("from_spare"))


def apply_script(tpl, schema: str, modules: list[str]) -> float:
    """CREATE SCHEMA + the DDL script of core and modules, committed (provisioning's DDL)."""
    from ebelediye.extensions import db
    from tenants import template

    started = time.perf_counter()
    template.apply(tpl, schema, modules)
    db.session.commit()
    return time.perf_counter() - started


def replay_migrations(schema: str, modules: list[str]) -> float:
    """CREATE SCHEMA + every tenant history upgraded to head with Alembic, committed."""
    from sqlalchemy import text

    from ebelediye.extensions import db
    from ebelediye.tenancy import quote_ident
    from tenants import histories

    started = time.perf_counter()
    with db.engine.connect() as conn:
        with conn.begin():
            conn.execute(text(f"CREATE SCHEMA {quote_ident(schema)}"))
            conn.execute(text("SELECT set_config('search_path', :p, true)"), {"p": quote_ident(schema)})
            for history in histories.tenant_histories(modules):
                histories.upgrade(conn, history, schema)
    return time.perf_counter() - started


def drop_schemas(prefix: str) -> None:
    from sqlalchemy import text

    from ebelediye.extensions import db
    from ebelediye.tenancy import quote_ident

    names = db.session.scalars(
        text("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, :p)"), {"p": prefix}
    ).all()
    for name in names:
        db.session.execute(text(f"DROP SCHEMA {quote_ident(name)} CASCADE"))
        db.session.commit()


def fill_one_spare(modules: list[str]) -> float:
    """Build one spare schema of this module set (what the refill job does), committed."""
    from tenants import spares

    started = time.perf_counter()
    built = spares.fill(modules, 1)  # the pool is empty: the last spare was taken
    assert len(built) == 1, built
    return time.perf_counter() - started


def bench_provisioning(app, samples: int) -> tuple[dict, list[str]]:
    from ebelediye.extensions import db
    from tenants import template

    registry = app.extensions["ebelediye.registry"]
    modules = registry.keys()
    started = time.perf_counter()
    tpl = template.current()  # builds the template (a one-off per set of heads)
    build_seconds = time.perf_counter() - started
    db.session.commit()
    # Warm-up, not counted: first imports of migration scripts, first statement plans.
    replay_migrations("bench_warm_r", modules)
    apply_script(tpl, "bench_warm_s", modules)
    full, requested, script, replay, slugs = [], [], [], [], []
    warm, fills = [], []
    for i in range(samples):
        slug = f"p{i:04d}"
        kinds = ["full", "script", "replay", "spare"]
        kinds = kinds[i % 4:] + kinds[:i % 4]  # rotate the order: no kind always goes first
        for kind in kinds:
            if kind == "full":  # the pool is empty here: the DDL runs inside the provision
                req_s, prov_s, from_spare = provision_tenant(slug, modules)
                assert not from_spare
                requested.append(req_s)
                full.append(prov_s)
                slugs.append(slug)
            elif kind == "spare":  # one spare built first (the refill job's work), then taken
                fills.append(fill_one_spare(modules))
                _, prov_s, from_spare = provision_tenant(f"w{i:04d}", modules)
                assert from_spare
                warm.append(prov_s)
                slugs.append(f"w{i:04d}")
            elif kind == "script":
                script.append(apply_script(tpl, f"bench_s_{i:04d}", modules))
            else:
                replay.append(replay_migrations(f"bench_r_{i:04d}", modules))
    drop_schemas("bench_")
    tables = len([s for layer in tpl.layers.values() for s in layer if s.startswith("CREATE TABLE")])
    result = {
        "provision": {
            "value": median(warm), "unit": "s", "goal": 0.3, "goal_op": "<=",
            "pass": median(warm) <= 0.3,
            "anchor": ANCHORS["provision"],
            "what": "median of services.provision(slug) for a tenant with every registered "
                    f"module ({', '.join(modules)}) when the pool holds a spare schema of that set "
                    "(TENANT_SPARES, tenants/spares.py): one transaction taking and renaming the "
                    "spare, seeds, first admin, state change; request_tenant not included",
            "details": {
                "samples": samples, "p90": percentile(warm, 0.9), "min": min(warm), "max": max(warm),
                "spare_build_median_s": median(fills),
                "note": "building the spare is the refill job's work, after the provision commits",
            },
        },
        "provision_cold": {
            "value": median(full), "unit": "s", "goal": 0.5, "goal_op": "<=",
            "pass": median(full) <= 0.5,
            "anchor": ANCHORS["provision"],
            "what": "median of services.provision(slug) for a tenant with every registered "
                    f"module ({', '.join(modules)}) with no spare ready: one transaction applying "
                    "the DDL script, seeds, first admin, state change; request_tenant not included",
            "details": {
                "samples": samples,
                "p90": percentile(full, 0.9),
                "min": min(full), "max": max(full),
                "request_tenant_median": median(requested),
                "request_plus_provision_median": median([a + b for a, b in zip(requested, full, strict=True)]),
                "template_build_seconds_one_off": build_seconds,
                "tables_in_script": tables,
            },
        },
        "provision_script_vs_replay": {
            "value": median(script) / median(replay), "unit": "ratio", "goal": None,
            "what": "median CREATE SCHEMA + DDL script (committed) / median CREATE SCHEMA + "
                    "histories.upgrade of every tenant history (committed); same modules, "
                    "interleaved, same run",
            "details": {"script_median_s": median(script), "replay_median_s": median(replay),
                        "script_min_s": min(script), "replay_min_s": min(replay),
                        "samples": samples},
        },
    }
    return result, slugs


def populate(app, count: int, first_index: int, max_seconds: float) -> dict:
    """Create tenants through the real path until ``count`` exist (bounded by time)."""
    modules = app.extensions["ebelediye.registry"].keys()
    times, request_times = [], []
    deadline = time.monotonic() + max_seconds
    started = time.perf_counter()
    for i in range(first_index, count):
        if time.monotonic() > deadline:
            log(f"  tenant creation stopped by the time bound at {i} tenants")
            break
        req_s, prov_s, _ = provision_tenant(f"b{i:05d}", modules)
        request_times.append(req_s)
        times.append(prov_s)
        if (i + 1) % 200 == 0:
            log(f"  {i + 1}/{count} tenants, last 200 provision median {median(times[-200:]) * 1000:.0f} ms")
    total = time.perf_counter() - started
    window = max(1, min(100, len(times) // 4))
    return {
        "created": len(times),
        "total_seconds": total,
        "provision_median_s": median(times),
        "provision_p90_s": percentile(times, 0.9),
        "request_tenant_median_s": median(request_times),
        "provision_median_first_s": median(times[:window]),
        "provision_median_last_s": median(times[-window:]),
        "window": window,
    }


# --- 2. flask tenants migrate -------------------------------------------------------

def run_migrate(jobs: int) -> tuple[float, list]:
    """What ``flask tenants migrate --all`` runs after its checks, timed in-process."""
    from ebelediye.extensions import db
    from tenants import migrate

    db.session.remove()
    db.engine.dispose()  # a fresh backend, as the CLI has: no catalog cached by an earlier run
    started = time.perf_counter()
    migrate.migrate_platform()
    results = migrate.migrate(None, jobs)
    seconds = time.perf_counter() - started
    db.session.remove()
    return seconds, results


def run_cli_migrate(database_url: str, redis_url: str, jobs: int, timeout: float) -> dict:
    """``flask --app wsgi tenants migrate --all`` as a subprocess (interpreter start included)."""
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url, "REDIS_URL": redis_url, "EBELEDIYE_ENV": "production",
        "EBELEDIYE_SECRET_KEY": "bench-only-secret-key-not-for-anything-else",
        "EBELEDIYE_MFA_ENCRYPTION_KEYS": "soZlh6EGDZXcL7ryGIvPPzoWuXLlbGT9DwlHq0w7zRM=",  # bench only
        "EBELEDIYE_MODULES": ",".join(MODULES), "EBELEDIYE_MODULE_PATHS": json.dumps(MODULES),
        "EBELEDIYE_BASE_DOMAIN": BASE_DOMAIN, "EBELEDIYE_VAR_DIR": str(VAR_DIR),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
    })
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "tenants", "migrate", "--all", "--jobs", str(jobs)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "exit_code": done.returncode,
            "last_line": (done.stdout.strip().splitlines() or [""])[-1][:300],
            "stderr_tail": done.stderr.strip()[-300:] if done.returncode else ""}


def bench_migrate_noop(app, database_url: str, redis_url: str, tenants: int, runs: int, jobs: int) -> dict:
    times = []
    for _ in range(runs):
        seconds, results = run_migrate(jobs)
        if results:
            raise RuntimeError(f"expected no tenant behind head, got {len(results)}")
        times.append(seconds)
    cli_runs = [run_cli_migrate(database_url, redis_url, jobs, timeout=600) for _ in range(runs)]
    cli = {"runs_s": [run["seconds"] for run in cli_runs],
           "median_s": median([run["seconds"] for run in cli_runs]),
           "exit_codes": [run["exit_code"] for run in cli_runs],
           "last_line": cli_runs[-1]["last_line"],
           "stderr_tail": next((run["stderr_tail"] for run in cli_runs if run["stderr_tail"]), "")}
    goal = 2.0  # issue 9, with every real module
    return {
        "value": median(times), "unit": "s", "goal": goal, "goal_op": "<=",
        "pass": median(times) <= goal, "anchor": ANCHORS["migrate_noop"],
        "what": f"`flask tenants migrate --all` over {tenants} tenants with nothing to apply: "
                "migrate_platform() + migrate(None, jobs) timed in-process, each run on a fresh "
                "connection pool (cold backend, as the CLI has); median of runs",
        "details": {"runs_s": times, "jobs": jobs, "tenants": tenants,
                    "cli_subprocess": cli,
                    "cli_note": "the real CLI in a subprocess, as many runs: interpreter start "
                                "and app import (about 1.1 s here) included; not the goal figure"},
    }


_BENCH_REVISION = '''\
"""bench only: one ALTER TABLE to apply

Revision ID: o0002bench
Revises: o0001
"""
import sqlalchemy as sa
from alembic import op

revision = "o0002bench"
down_revision = "o0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("ornek_kayitlar", sa.Column("ek", sa.Text))


def downgrade() -> None:
    op.drop_column("ornek_kayitlar", "ek")
'''


def make_alter_module(workdir: Path) -> dict:
    """A bench-only copy of the ornek module whose history has one more revision."""
    package = workdir / "ebelediye_bench_ornek"
    versions = package / "migrations" / "versions"
    versions.mkdir(parents=True)
    source = ROOT / "tests" / "fixtures" / "ornek" / "migrations" / "versions"
    for path in source.glob("*.py"):
        shutil.copy(path, versions / path.name)
    (versions / "0002_bench_ek.py").write_text(_BENCH_REVISION)
    (package / "migrations" / "__init__.py").write_text("")
    (package / "__init__.py").write_text(textwrap.dedent('''\
        """bench only: the ornek module with one more migration."""
        import dataclasses

        from tests.fixtures.ornek import spec as _ornek

        spec = dataclasses.replace(_ornek, migrations="ebelediye_bench_ornek.migrations")
    '''))
    sys.path.insert(0, str(workdir))
    return {**MODULES, "ornek": "ebelediye_bench_ornek:spec"}


def ddl_floor(slugs: list[str]) -> float:
    """The bare DDL of section 2b: one ADD COLUMN per tenant, each in its own transaction."""

    from ebelediye.extensions import db
    from ebelediye.tenancy import quote_ident

    started = time.perf_counter()
    with db.engine.connect() as conn:
        for slug in slugs:
            with conn.begin():
                conn.exec_driver_sql(f"SET LOCAL search_path TO {quote_ident('t_' + slug)}")
                conn.exec_driver_sql("ALTER TABLE ornek_kayitlar ADD COLUMN ek_floor text")
    return time.perf_counter() - started


def bench_migrate_alter(database_url: str, redis_url: str, tenants: int, jobs: int) -> dict:
    from sqlalchemy import text

    from ebelediye.app import create_app
    from ebelediye.extensions import db

    workdir = Path(tempfile.mkdtemp(prefix="ebelediye-bench-"))
    try:
        paths = make_alter_module(workdir)
        app = create_app(app_config(database_url, redis_url, module_paths=paths))
        with app.app_context():
            seconds, results = run_migrate(jobs)
            statuses: dict[str, int] = {}
            for result in results:
                statuses[result.status] = statuses.get(result.status, 0) + 1
            failed = [(r.slug, r.error) for r in results if r.status == "failed"][:5]
            columns = db.session.scalar(text(
                "SELECT count(*) FROM information_schema.columns "
                "WHERE table_name = 'ornek_kayitlar' AND column_name = 'ek'"))
            db.session.remove()
            floor = ddl_floor([r.slug for r in results])
            db.engine.dispose()
    finally:
        sys.path[:] = [p for p in sys.path if p != str(workdir)]
        shutil.rmtree(workdir, ignore_errors=True)
    per_tenant = [r.seconds for r in results]
    goal = 10.0  # issue 9, 1,400 tenants with every real module
    ok = statuses.get("migrated", 0) == tenants and columns == tenants
    return {
        "value": seconds, "unit": "s", "goal": goal, "goal_op": "<=",
        "pass": seconds <= goal and ok, "anchor": ANCHORS["migrate_alter"],
        "what": f"`flask tenants migrate --all` over {tenants} tenants, each one revision "
                "behind (ADD COLUMN on ornek_kayitlar): migrate_platform() + migrate(None, jobs) "
                "in-process, forked workers, one transaction per tenant",
        "details": {"jobs": jobs, "statuses": statuses, "failed_sample": failed,
                    "ddl_floor_s": floor,
                    "vs_ddl_floor": seconds / floor if floor else None,
                    "ddl_floor_what": "the same ALTER (another column) in every tenant, one "
                                      "transaction each, on one connection, measured right after",
                    "schemas_with_new_column": columns, "all_migrated": ok,
                    "per_tenant_median_s": median(per_tenant),
                    "per_tenant_p90_s": percentile(per_tenant, 0.9)},
    }


# --- 5. the same on Citus (--citus) ------------------------------------------------

CITUS_DATABASE = "ebelediye_bench_citus"


def bench_citus(args, services: dict) -> dict:
    """Provisioning on plain PostgreSQL and on a Citus cluster in the same run (interleaved,
    every module), then ``tenants migrate --all`` with one ALTER over ``--citus-tenants``
    tenants on Citus, and the tenants per worker."""
    from bench.citus_move import create_citus_database
    from ebelediye.app import create_app
    from ebelediye.extensions import db
    from tenants import citus, migrate, template

    recreate_database_named(services["admin_url"], CITUS_DATABASE)
    create_citus_database(args.citus_url, CITUS_DATABASE)
    plain_url = with_database(services["admin_url"], CITUS_DATABASE)
    citus_url = with_database(args.citus_url, CITUS_DATABASE)
    apps = {"plain": create_app(app_config(plain_url, services["redis_url"])),
            "citus": create_app(app_config(citus_url, services["redis_url"]))}
    modules = apps["plain"].extensions["ebelediye.registry"].keys()
    for app in apps.values():
        with app.app_context():
            migrate.migrate_platform()
            template.current()
            db.session.commit()
            provision_tenant("w0000", modules)  # warm-up, not counted
            db.session.remove()
    times: dict[str, list[float]] = {"plain": [], "citus": []}
    warm: dict[str, list[float]] = {"plain": [], "citus": []}  # from a spare schema
    for i in range(args.samples):
        for label in (("plain", "citus") if i % 2 == 0 else ("citus", "plain")):
            with apps[label].app_context():
                _, seconds, from_spare = provision_tenant(f"p{i:04d}", modules)
                assert not from_spare
                times[label].append(seconds)
                fill_one_spare(modules)  # the refill job's work, untimed
                _, seconds, from_spare = provision_tenant(f"q{i:04d}", modules)
                assert from_spare
                warm[label].append(seconds)
                db.session.remove()
    ratio = median(times["citus"]) / median(times["plain"])
    warm_ratio = median(warm["citus"]) / median(warm["plain"])
    log(f"   provision median plain {median(times['plain']) * 1000:.0f} ms, citus "
        f"{median(times['citus']) * 1000:.0f} ms: ratio {ratio:.2f}; from a spare: plain "
        f"{median(warm['plain']) * 1000:.0f} ms, citus {median(warm['citus']) * 1000:.0f} ms: ratio {warm_ratio:.2f}")
    with apps["plain"].app_context():
        db.engine.dispose()
    created = 1 + 2 * args.samples
    started = time.perf_counter()
    with apps["citus"].app_context():
        for i in range(created, args.citus_tenants):
            provision_tenant(f"b{i:05d}", ["ornek"])
            if (i + 1) % 50 == 0:
                log(f"   {i + 1}/{args.citus_tenants} tenants on Citus")
        populate_seconds = time.perf_counter() - started
        slugs = list(db.session.scalars(db.text("SELECT slug FROM public.tenants ORDER BY slug")))
        per_node: dict[str, int] = {}
        for node in citus.schema_nodes([f"t_{s}" for s in slugs]).values():
            per_node[node] = per_node.get(node, 0) + 1
        jobs = args.jobs or apps["citus"].config["MIGRATE_JOBS"]
        db.session.remove()
        db.engine.dispose()
    log(f"   {len(slugs)} tenants on Citus, per node {per_node}; migrate --all with one ALTER")
    alter = bench_migrate_alter(citus_url, services["redis_url"], len(slugs), jobs)
    log(f"   {alter['value']:.2f} s")
    if not args.keep:
        create_citus_database(args.citus_url, CITUS_DATABASE, drop_only=True)
        recreate_database_named(services["admin_url"], CITUS_DATABASE, drop_only=True)
    return {
        "citus_provision_ratio": {
            "value": warm_ratio, "unit": "ratio", "goal": 2.0, "goal_op": "<=", "pass": warm_ratio <= 2.0,
            "what": "median services.provision on the Citus cluster / on plain PostgreSQL, every "
                    "module, each taking a spare schema of its own backend (tenants/spares.py: the "
                    "path of a deployment with TENANT_SPARES), interleaved in the same run",
            "details": {"samples": args.samples, "plain_median_s": median(warm["plain"]),
                        "citus_median_s": median(warm["citus"]), "plain_s": warm["plain"],
                        "citus_s": warm["citus"]},
        },
        "citus_provision_ratio_cold": {
            "value": ratio, "unit": "ratio", "goal": 2.0, "goal_op": "<=", "pass": ratio <= 2.0,
            "what": "median services.provision on the Citus cluster / on plain PostgreSQL, every "
                    "module, with no spare ready (the DDL script inside the provision), interleaved "
                    "in the same run (same code, same template path)",
            "details": {"samples": args.samples, "plain_median_s": median(times["plain"]),
                        "citus_median_s": median(times["citus"]), "plain_s": times["plain"],
                        "citus_s": times["citus"]},
        },
        "citus_migrate_alter": {**alter, "what": alter["what"] + " — on the Citus cluster"},
        "citus_spread": {
            "value": len(per_node), "unit": "nodes", "goal": None,
            "what": "workers holding tenants after provisioning through the real path",
            "details": {"per_node": per_node, "tenants": len(slugs),
                        "populate_seconds": populate_seconds,
                        "populated_with": "ornek only, beyond the samples with every module"},
        },
    }


def recreate_database_named(admin_url: str, name: str, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(with_database(admin_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{name}"')


# --- 3. throughput of /_ping under gunicorn ------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, host: str, timeout: float = 5.0) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", "/_ping", headers={"Host": host})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def load(port: int, hosts: list[str], requests: int, threads: int, max_seconds: float) -> dict:
    """``requests`` GET /_ping over ``threads`` keep-alive connections, hosts round-robin."""
    counter = itertools.count()
    errors = [0]
    done = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + max_seconds

    def worker() -> None:
        conn = None
        ok = bad = 0
        while time.monotonic() < deadline:
            n = next(counter)
            if n >= requests:
                break
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", "/_ping", headers={"Host": hosts[n % len(hosts)]})
                response = conn.getresponse()
                response.read()
                if response.status == 200:
                    ok += 1
                else:
                    bad += 1
                if response.will_close:
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException):
                bad += 1
                if conn is not None:
                    conn.close()
                conn = None
        if conn is not None:
            conn.close()
        with lock:
            done[0] += ok
            errors[0] += bad

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    started = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(max_seconds + 30)
    seconds = time.perf_counter() - started
    return {"ok": done[0], "errors": errors[0], "seconds": seconds, "rps": done[0] / seconds if seconds else 0.0}


def bench_throughput(database_url: str, redis_url: str, slugs: list[str], args) -> dict:
    port = free_port()
    env = dict(os.environ)
    env[APP_ENV] = json.dumps(app_config(database_url, redis_url))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]
    command += ["--workers", str(args.workers), "--worker-class", "gthread", "--threads", str(args.threads),
                "--bind", f"127.0.0.1:{port}", "--chdir", str(ROOT), "--log-level", "warning",
                "--error-logfile", str(VAR_DIR / "gunicorn.log"), "bench.tenancy:wsgi_app()"]
    load_before = list(os.getloadavg())
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({server.returncode}); see {VAR_DIR / 'gunicorn.log'}")
            try:
                if get(port, BASE_DOMAIN)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer within 60 s")
            time.sleep(0.2)
        hot = [f"{slug}.{BASE_DOMAIN}" for slug in slugs[:args.hot_tenants]]
        spread = [f"{slug}.{BASE_DOMAIN}" for slug in slugs]
        variants = {"platform": [BASE_DOMAIN], "tenant_hot": hot, "tenant_spread": spread}
        # The tenant endpoint answers in its tenant's scope (checked, not assumed).
        status, body = get(port, hot[0])
        if status != 200 or json.loads(body).get("tenant") != slugs[0]:
            raise RuntimeError(f"tenant /_ping answered {status} {body[:200]!r}")
        status, body = get(port, BASE_DOMAIN)
        if status != 200 or json.loads(body).get("tenant") is not None:
            raise RuntimeError(f"platform /_ping answered {status} {body[:200]!r}")
        for hosts in variants.values():  # warm-up: pools, caches, first plans
            load(port, hosts, args.requests, args.client_threads, args.round_seconds)
        rounds: list[dict] = []
        for r in range(args.rounds):
            names = list(variants)
            names = names[r % 3:] + names[:r % 3]  # rotate: no variant always runs first
            rounds.append({name: load(port, variants[name], args.requests, args.client_threads,
                                      args.round_seconds) for name in names})
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)

    def rps(name: str) -> list[float]:
        return [round_[name]["rps"] for round_ in rounds]

    hot_ratio = median([rd["tenant_hot"]["rps"] / rd["platform"]["rps"] for rd in rounds])
    spread_ratio = median([rd["tenant_spread"]["rps"] / rd["platform"]["rps"] for rd in rounds])
    errors = sum(v["errors"] for rd in rounds for v in rd.values())
    goal = 0.9
    return {
        "value": hot_ratio, "unit": "ratio", "goal": goal, "goal_op": ">=",
        "pass": hot_ratio >= goal and errors == 0,
        "what": f"requests/s of GET /_ping on {len(hot)} tenant hosts (<slug>.{BASE_DOMAIN}, "
                f"round-robin) / requests/s of GET /_ping on {BASE_DOMAIN} (no tenant); median of "
                "per-round ratios, rounds interleaved; gunicorn gthread, Python keep-alive client",
        "details": {
            "platform_rps": rps("platform"), "tenant_hot_rps": rps("tenant_hot"),
            "tenant_spread_rps": rps("tenant_spread"),
            "tenant_spread_ratio": spread_ratio,
            "tenant_spread_note": f"all {len(spread)} tenant hosts round-robin: most requests miss "
                                  "the per-process host cache (TENANT_CACHE_SECONDS) and read the "
                                  "tenant from public; informational, no goal",
            "errors": errors,
            "per_round_ratios": [rd["tenant_hot"]["rps"] / rd["platform"]["rps"] for rd in rounds],
            "load_average_before": load_before,
            "rounds": args.rounds, "requests_per_round": args.requests,
            "client_threads": args.client_threads, "gunicorn_workers": args.workers,
            "gunicorn_threads": args.threads,
        },
    }


def cpu_per_request(app, slugs: list[str], requests: int, rounds: int) -> dict:
    """CPU seconds per GET /_ping in the app itself (Flask test client, no HTTP server),
    platform host vs tenant hosts, interleaved: the Python side of tenant routing, measured
    with process_time so other processes on the machine disturb it less than throughput."""
    client = app.test_client()
    variants = {"platform": [BASE_DOMAIN],
                "tenant_hot": [f"{slug}.{BASE_DOMAIN}" for slug in slugs[:10]]}
    errors = 0
    for hosts in variants.values():
        for i in range(min(200, requests)):
            errors += client.get("/_ping", headers={"Host": hosts[i % len(hosts)]}).status_code != 200
    per: dict[str, list[float]] = {name: [] for name in variants}
    for r in range(rounds):
        names = list(variants) if r % 2 == 0 else list(reversed(variants))
        for name in names:
            hosts = variants[name]
            started = time.process_time()
            for i in range(requests):
                errors += client.get("/_ping", headers={"Host": hosts[i % len(hosts)]}).status_code != 200
            per[name].append((time.process_time() - started) / requests)
    platform_us, tenant_us = median(per["platform"]) * 1e6, median(per["tenant_hot"]) * 1e6
    return {"platform_cpu_us": round(platform_us, 1), "tenant_cpu_us": round(tenant_us, 1),
            "ratio": platform_us / tenant_us, "rounds": rounds, "requests_per_round": requests,
            "errors": errors}


# --- 4. memory of one backend -------------------------------------------------------

def backend_memory(conn) -> dict:
    """The backend's memory: its memory contexts (from itself) and its RSS (from /proc)."""
    row = conn.execute(
        "SELECT sum(total_bytes)::bigint, "
        "sum(total_bytes) FILTER (WHERE name = 'CacheMemoryContext' OR parent = 'CacheMemoryContext')::bigint "
        "FROM pg_backend_memory_contexts"
    ).fetchone()
    conn.commit()
    found = {"contexts_bytes": row[0], "cache_contexts_bytes": row[1]}
    status = Path(f"/proc/{conn.info.backend_pid}/status")
    try:
        for line in status.read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "RssAnon", "RssShmem"):
                found[key + "_kb"] = int(value.split()[0])
    except OSError:
        pass  # the server is on another machine: memory contexts only
    return found


def touch_tenants(url: str, schemas: list[str], tables: list[str], recycle_every: int | None,
                  sample_every: int) -> dict:
    """One transaction per tenant (search path set as the app does), reading every table."""
    import psycopg

    from ebelediye.tenancy import quote_ident

    peak: dict[str, int] = {}
    baseline = None
    connections = 0
    conn = None
    started = time.perf_counter()

    def sample() -> None:
        for key, value in backend_memory(conn).items():
            if value is not None:
                peak[key] = max(peak.get(key, 0), value)

    reads = "; ".join(f"SELECT count(*) FROM {quote_ident(t)}" for t in tables)
    try:
        for i, schema in enumerate(schemas):
            if conn is None or (recycle_every and i % recycle_every == 0):
                if conn is not None:
                    sample()
                    conn.close()
                conn = psycopg.connect(url, options="-c search_path=pg_catalog")
                connections += 1
                if baseline is None:
                    baseline = backend_memory(conn)
            conn.execute(f"SELECT set_config('search_path', '{quote_ident(schema)}', true); {reads}")
            conn.commit()
            if (i + 1) % sample_every == 0:
                sample()
        sample()
    finally:
        if conn is not None:
            conn.close()
    return {"peak": peak, "baseline": baseline, "connections": connections,
            "seconds": time.perf_counter() - started}


def bench_memory(database_url: str, slugs: list[str], recycle_every: int) -> dict:
    import psycopg

    url = libpq(database_url)
    schemas = ["t_" + slug for slug in slugs]
    with psycopg.connect(url) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind IN ('r', 'p') ORDER BY 1", (schemas[0],))]
    sample_every = max(1, min(50, recycle_every // 2))
    without = touch_tenants(url, schemas, tables, None, sample_every)
    with_recycling = touch_tenants(url, schemas, tables, recycle_every, sample_every)

    def mb(value: int | None, scale: int = 1) -> float | None:
        return None if value is None else round(value * scale / 2**20, 1)

    grown = without["peak"].get("contexts_bytes", 0) - (without["baseline"] or {}).get("contexts_bytes", 0)
    return {
        "value": mb(without["peak"].get("contexts_bytes")), "unit": "MB", "goal": None,
        "what": f"peak memory of one PostgreSQL backend that ran one transaction in each of "
                f"{len(schemas)} tenant schemas (set_config search_path, then count(*) on each of "
                f"the {len(tables)} tenant tables), without recycling; memory contexts as the "
                "backend reports them (pg_backend_memory_contexts)",
        "details": {
            "tenants": len(schemas), "tables_per_tenant": len(tables),
            "without_recycling": {
                "contexts_mb": mb(without["peak"].get("contexts_bytes")),
                "catalog_cache_mb": mb(without["peak"].get("cache_contexts_bytes")),
                "rss_anon_mb": mb(without["peak"].get("RssAnon_kb"), 1024),
                "vm_hwm_mb": mb(without["peak"].get("VmHWM_kb"), 1024),
                "per_tenant_kb": round(grown / len(schemas) / 1024, 1),
                "seconds": without["seconds"],
            },
            "with_recycling": {
                "recycle_every_tenants": recycle_every,
                "connections": with_recycling["connections"],
                "contexts_mb": mb(with_recycling["peak"].get("contexts_bytes")),
                "catalog_cache_mb": mb(with_recycling["peak"].get("cache_contexts_bytes")),
                "rss_anon_mb": mb(with_recycling["peak"].get("RssAnon_kb"), 1024),
                "vm_hwm_mb": mb(with_recycling["peak"].get("VmHWM_kb"), 1024),
                "seconds": with_recycling["seconds"],
            },
            "baseline_contexts_mb": mb((without["baseline"] or {}).get("contexts_bytes")),
            "note": "VmHWM/RSS include shared memory pages the backend touched (RssShmem); "
                    "RssAnon and the memory contexts are the backend's own",
            "anchor": ANCHORS["memory"],
        },
    }


# --- main ---------------------------------------------------------------------------

def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tenants", type=int, default=None, help="tenants to create (default 1400; --quick 50)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 50 tenants, fewer samples and requests")
    parser.add_argument("--output", type=Path, default=None, help=f"JSON file (default {RESULTS.relative_to(ROOT)})")
    parser.add_argument("--keep", action="store_true", help=f"keep the {BENCH_DATABASE} database afterwards")
    parser.add_argument("--jobs", type=int, default=None, help="migrate workers (default: MIGRATE_JOBS, as the CLI)")
    parser.add_argument("--max-create-seconds", type=float, default=1800.0)
    parser.add_argument("--only", choices=("migrate", "provision"), default=None,
                        help="migrate: provisioning and both migrate figures only (no gunicorn, no memory); "
                             "provision: section 1 only (no population)")
    parser.add_argument("--citus", action="store_true",
                        help="only the Citus figures: provisioning vs plain PostgreSQL, migrate --all "
                             "with one ALTER over --citus-tenants tenants (bench/results/tenancy-citus.json)")
    parser.add_argument("--citus-url", default=os.environ.get("CITUS_URL", "postgresql://postgres@127.0.0.1:9700/postgres"),
                        help="the Citus coordinator (workers: the next two ports, or CITUS_WORKERS)")
    parser.add_argument("--citus-tenants", type=int, default=200)
    args = parser.parse_args(argv)
    quick = args.quick
    args.tenants = args.tenants or (50 if quick else 1400)
    if args.tenants < 10 or args.tenants > 20000:
        parser.error("--tenants must be between 10 and 20000")
    args.samples = 5 if quick else 15
    args.samples = min(args.samples, args.tenants)
    args.noop_runs = 1 if quick else 3
    # Many short interleaved rounds: the machine's load drifts, and a ratio of two
    # measurements taken a second apart suffers less from it than one a minute apart.
    args.requests = 300 if quick else 600
    args.rounds = 5 if quick else 30
    args.round_seconds = 60.0
    args.client_threads = 8 if quick else 16
    args.workers = 2
    args.threads = 4
    args.hot_tenants = 10
    args.recycle_every = min(100, max(5, args.tenants // 5))
    full = RESULTS if not args.only else RESULTS.with_name(f"tenancy-{args.only}.json")
    if args.citus:
        args.samples = 5 if quick else 10
        full = RESULTS.with_name("tenancy-citus.json")
    args.output = args.output or (VAR_DIR / f"{full.stem}-quick.json" if quick else full)
    return args


class _Done(Exception):
    """The sections asked for (--only) are measured."""


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    services = resolve_services()
    database_url = with_database(services["admin_url"], BENCH_DATABASE)
    if args.citus:
        return citus_main(args, services)
    log(f"PostgreSQL: {services['postgres_source']}, database {BENCH_DATABASE}; Redis: {services['redis_source']}")
    recreate_database(services["admin_url"])
    load_at_start = list(os.getloadavg())
    run_started = time.perf_counter()
    figures: dict = {}
    try:
        from sqlalchemy import text

        from ebelediye.app import create_app
        from ebelediye.extensions import db
        from tenants import migrate

        app = create_app(app_config(database_url, services["redis_url"]))
        jobs = args.jobs or app.config["MIGRATE_JOBS"]
        with app.app_context():
            pg_version = db.session.scalar(text("SHOW server_version"))
            db.session.commit()
            migrate.migrate_platform()
            log(f"1. provisioning: {args.samples} samples each of provision / script / replay")
            prov, slugs = bench_provisioning(app, args.samples)
            figures.update(prov)
            log(f"   provision median {prov['provision']['value'] * 1000:.0f} ms from a spare, "
                f"{prov['provision_cold']['value'] * 1000:.0f} ms cold; "
                f"script/replay {prov['provision_script_vs_replay']['value']:.2f}")
            if args.only == "provision":
                raise _Done
            log(f"   creating {args.tenants - len(slugs)} more tenants (services.request_tenant + provision)")
            creation = populate(app, args.tenants, len(slugs), args.max_create_seconds)
            slugs += [f"b{i:05d}" for i in range(len(slugs), len(slugs) + creation["created"])]
            figures["provision_cold"]["details"]["population"] = creation
            log(f"   {len(slugs)} tenants in {creation['total_seconds']:.0f} s "
                f"(provision median {creation['provision_median_s'] * 1000:.0f} ms)")
            db.session.remove()
            log(f"2a. tenants migrate --all, nothing to apply ({args.noop_runs} runs in-process, as many by CLI)")
            figures["migrate_noop"] = bench_migrate_noop(app, database_url, services["redis_url"],
                                                         len(slugs), args.noop_runs, jobs)
            log(f"   {figures['migrate_noop']['value']:.2f} s")
            db.engine.dispose()
        if args.only == "migrate":
            log("2b. tenants migrate --all, one ALTER TABLE per tenant")
            figures["migrate_alter"] = bench_migrate_alter(database_url, services["redis_url"], len(slugs), jobs)
            log(f"   {figures['migrate_alter']['value']:.2f} s")
            raise _Done
        log("3. /_ping throughput under gunicorn, tenant vs platform host")
        gc.collect()
        gc.freeze()  # the objects of 1,400 provisionings would otherwise slow every full collection
        try:
            cpu = cpu_per_request(app, slugs, args.requests, args.rounds)
        finally:
            gc.unfreeze()
        figures["routing_throughput"] = bench_throughput(database_url, services["redis_url"], slugs, args)
        figures["routing_throughput"]["details"]["in_process_cpu"] = cpu
        with app.app_context():
            db.engine.dispose()
        log(f"   ratio {figures['routing_throughput']['value']:.3f}")
        log(f"4. backend memory over {len(slugs)} tenants, with and without recycling")
        figures["backend_memory"] = bench_memory(database_url, slugs, args.recycle_every)
        log(f"   {figures['backend_memory']['value']} MB without recycling")
        log("2b. tenants migrate --all, one ALTER TABLE per tenant")
        figures["migrate_alter"] = bench_migrate_alter(database_url, services["redis_url"], len(slugs), jobs)
        log(f"   {figures['migrate_alter']['value']:.2f} s")
    except _Done:
        pass
    finally:
        if not args.keep:
            recreate_database(services["admin_url"], drop_only=True)
        if services["redis_source"] == "embedded redis":
            from ebelediye import embedded

            embedded.stop_redis(str(VAR_DIR))
    report = {
        "benchmark": "tenancy",
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "run_seconds": round(time.perf_counter() - run_started, 1),
        "machine": {
            "cores": os.cpu_count(),
            "postgresql": pg_version,
            "postgres_source": services["postgres_source"],
            "redis_source": services["redis_source"],
            "python": platform.python_version(),
            "load_average_at_start": load_at_start,
            "load_average_at_end": list(os.getloadavg()),
            "platform": platform.platform(),
        },
        "parameters": {k: v for k, v in vars(args).items() if k not in ("output",)}
        | {"jobs": jobs, "modules": list(MODULES), "database": BENCH_DATABASE},
        "figures": figures,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n")
    print_summary(report, args.output)
    return 0


def citus_main(args, services: dict) -> int:
    import psycopg

    log(f"plain PostgreSQL: {services['postgres_source']}; Citus: {args.citus_url}; database {CITUS_DATABASE}")
    load_at_start = list(os.getloadavg())
    started = time.perf_counter()
    with psycopg.connect(with_database(args.citus_url, "postgres")) as conn:
        citus_version = conn.execute("SELECT default_version FROM pg_available_extensions "
                                     "WHERE name = 'citus'").fetchone()
        pg_version = conn.execute("SHOW server_version").fetchone()[0]
    figures = bench_citus(args, services)
    report = {
        "benchmark": "tenancy-citus",
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "run_seconds": round(time.perf_counter() - started, 1),
        "machine": {"cores": os.cpu_count(), "postgresql": pg_version,
                    "citus": citus_version[0] if citus_version else None,
                    "postgres_source": services["postgres_source"], "citus_url": args.citus_url,
                    "load_average_at_start": load_at_start, "load_average_at_end": list(os.getloadavg()),
                    "platform": platform.platform()},
        "parameters": {"samples": args.samples, "tenants": args.citus_tenants, "jobs": args.jobs,
                       "modules": list(MODULES)},
        "figures": figures,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n")
    print_summary(report, args.output)
    return 0


def print_summary(report: dict, path: Path) -> None:
    print()
    print(f"tenancy benchmark, {report['machine']['cores']} cores, PostgreSQL {report['machine']['postgresql']}, "
          f"{report['parameters']['tenants']} tenants")
    for name, figure in report["figures"].items():
        value = figure["value"]
        goal = figure.get("goal")
        verdict = "" if goal is None else ("  PASS" if figure.get("pass") else "  MISS")
        goal_text = "" if goal is None else f"  (goal {figure['goal_op']} {goal} {figure['unit']})"
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"  {name:28} {shown:>10} {figure['unit']:5}{goal_text}{verdict}")
    figures = report["figures"]
    notes = []
    if "provision_script_vs_replay" in figures:
        d = figures["provision_script_vs_replay"]["details"]
        notes.append(f"DDL script {d['script_median_s'] * 1000:.0f} ms vs replaying migrations "
                     f"{d['replay_median_s'] * 1000:.0f} ms")
    if "provision_cold" in figures and "population" in figures["provision_cold"]["details"]:
        d = figures["provision_cold"]["details"]["population"]
        notes.append(f"{d['created']} tenants created in {d['total_seconds']:.0f} s "
                     f"(provision median {d['provision_median_s'] * 1000:.0f} ms)")
    if "migrate_noop" in figures:
        d = figures["migrate_noop"]["details"]["cli_subprocess"]
        notes.append(f"the CLI itself, nothing to apply: {d['median_s']:.2f} s (interpreter start included)")
    if "routing_throughput" in figures:
        d = figures["routing_throughput"]["details"]
        notes.append(f"/_ping: platform {median(d['platform_rps']):.0f} req/s, tenant "
                     f"{median(d['tenant_hot_rps']):.0f} req/s; over all tenants (host-cache misses) "
                     f"ratio {d['tenant_spread_ratio']:.2f}; CPU per request in the app: platform "
                     f"{d['in_process_cpu']['platform_cpu_us']:.0f} us, tenant "
                     f"{d['in_process_cpu']['tenant_cpu_us']:.0f} us")
    if "backend_memory" in figures:
        d = figures["backend_memory"]["details"]
        notes.append(f"backend memory without recycling {d['without_recycling']['contexts_mb']} MB, "
                     f"recycled every {d['with_recycling']['recycle_every_tenants']} tenants "
                     f"{d['with_recycling']['contexts_mb']} MB")
    for note in notes:
        print(f"  - {note}")
    print(f"written to {path}")


if __name__ == "__main__":
    sys.exit(main())
