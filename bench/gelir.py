"""Gelir benchmarks, one subcommand each.

    .venv/bin/python -m bench.gelir inquiry [--rounds R] [--requests N] [--client-threads 16] [--keep]

``inquiry``: a taxpayer's debt inquiry with late fees, as staff and integrations ask for it
(``GET /api/v1/gelir/mukellefler/<id>/borclar`` with a bearer API token), for a taxpayer
with 20 open overdue installments (ten years of property tax, two installments a year), so
every request computes 20 late fees across the rate changes of those years.  Served by
gunicorn; 16 client threads with keep-alive.  Reported: requests/s, p50/p95 latency, and
the throughput as a ratio to the trivial tenant-routed ``GET /_ping`` on the same tenant
host, measured in the same run in interleaved rounds (goal >= 0.5).  Writes
section ``inquiry`` of ``bench/results/gelir.json`` (``accrual``: see bench/gelir_accrual.py).

Services: the PostgreSQL server of ``DATABASE_URL`` (default the machine's server at
127.0.0.1:5432, else the embedded pgserver) gets a database ``ebelediye_bench_gelir`` (or
``EBELEDIYE_BENCH_GELIR_DB``: engineers sharing a server each take their own), dropped and
recreated at the start and dropped at the end (``--keep`` keeps it).  Redis:
``REDIS_URL``, default ``redis://127.0.0.1:6379/13``, else embedded; only the tenant's
``t:<slug>:`` keys are touched.  All traffic goes to 127.0.0.1; every loop is bounded in
count and in time.  See ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import platform
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__" and not __package__:
    # ``python bench/gelir.py`` puts bench/ first on the path; the repo root is what we need.
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.tenancy import (  # noqa: E402  (after the path fix above)
    APP_ENV,
    free_port,
    libpq,
    log,
    median,
    percentile,
    with_database,
)

DATABASE = os.environ.get("EBELEDIYE_BENCH_GELIR_DB", "ebelediye_bench_gelir")  # a name of its own per engineer on a shared server
DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/13"
VAR_DIR = ROOT / "var" / "bench-gelir"
RESULTS_DIR = ROOT / "bench" / "results"
BASE_DOMAIN = "bench.test"
SLUG = "gelirbench"
MODULES = {"gelir": "modules.gelir:spec"}


# --- shared set-up ----------------------------------------------------------------

def resolve_services() -> dict:
    """Admin URL of PostgreSQL and the Redis URL, and where each came from."""
    import psycopg
    from redis import Redis
    from redis.exceptions import RedisError

    from ebelediye import embedded

    os.environ.setdefault("XDG_RUNTIME_DIR", str(ROOT / "var" / "run"))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, parents=True, exist_ok=True)
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    found: dict = {}
    if os.environ.get("DATABASE_URL"):
        found["admin_url"], found["postgres_source"] = libpq(os.environ["DATABASE_URL"]), "DATABASE_URL"
    else:
        try:
            with psycopg.connect(DEFAULT_ADMIN_URL, connect_timeout=3) as conn:
                conn.execute("SELECT 1")
            found["admin_url"], found["postgres_source"] = DEFAULT_ADMIN_URL, "machine 127.0.0.1:5432"
        except psycopg.Error:
            import pgserver

            pgdata = embedded.postgres_dir(str(VAR_DIR))
            pgdata.mkdir(parents=True, exist_ok=True)
            _EMBEDDED.append(pgserver.get_server(pgdata, cleanup_mode="stop"))
            found["admin_url"] = libpq(embedded.postgres_url(str(VAR_DIR), "postgres"))
            found["postgres_source"] = "embedded pgserver"
    if os.environ.get("REDIS_URL"):
        found["redis_url"], found["redis_source"] = os.environ["REDIS_URL"], "REDIS_URL"
    else:
        try:
            Redis.from_url(DEFAULT_REDIS_URL, socket_connect_timeout=2).ping()
            found["redis_url"], found["redis_source"] = DEFAULT_REDIS_URL, "machine 127.0.0.1:6379/13"
        except (RedisError, OSError):
            found["redis_url"], found["redis_source"] = embedded.ensure_redis(str(VAR_DIR)), "embedded redis"
    return found


_EMBEDDED: list = []


def recreate_database(admin_url: str, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(with_database(admin_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{DATABASE}"')


def forget_tenant_keys(redis_url: str) -> None:
    """The tenant's Redis keys of an earlier run describe a database since dropped: its
    cached answers, under counters nothing has moved since, would answer this run's
    "cold" days (the same taxpayer id, the same days), and its cached tokens."""
    from redis import Redis

    redis = Redis.from_url(redis_url)
    for key in redis.scan_iter(match=f"t:{SLUG}:*", count=1000):
        redis.delete(key)


def app_config(database_url: str, redis_url: str) -> dict:
    """Production-like configuration with Gelir as the only module."""
    return {
        "ENV": "production",
        "SECRET_KEY": "bench-only-secret-key-not-for-anything-else",
        "MFA_ENCRYPTION_KEYS": ["soZlh6EGDZXcL7ryGIvPPzoWuXLlbGT9DwlHq0w7zRM="],  # bench only
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "MODULES": list(MODULES),
        "MODULE_PATHS": dict(MODULES),
        "VAR_DIR": str(VAR_DIR),
        "BASE_DOMAIN": BASE_DOMAIN,
    }


def provision(app) -> None:
    """The platform schema and one tenant with Gelir, through the real provisioning path."""
    from ebelediye.extensions import db
    from tenants import migrate, services, template

    with app.app_context():
        migrate.migrate_platform()
        template.build()
        services.request_tenant(
            services.ProvisionRequest(slug=SLUG, name="Gelir Bench Belediyesi", modules=list(MODULES),
                                      admin_email=f"yonetici@{SLUG}.bel.tr"), "bench")
        services.provision(SLUG, "bench")
        db.session.remove()


# --- inquiry ----------------------------------------------------------------------

def _tckn(n: int) -> str:
    from stdnum.tr import tckimlik

    body = f"{100_000_000 + n:09d}"
    return body + tckimlik.calc_check_digits(body)


def seed_inquiry(app, background: int, years: int) -> dict:
    """The taxpayer of the inquiry (``years`` × 2 open overdue installments), ``background``
    other taxpayers with a year of debts each, a staff user with the viewing permission and
    an API token.  Returns the taxpayer id, the token and the installment count."""
    from sqlalchemy import text

    from ebelediye.extensions import db
    from ebelediye.identity import StaffUser, issue_api_token
    from ebelediye.rbac import Role, RolePermission, StaffRole
    from modules.gelir.models import Mukellef, Tahakkuk
    from tenants import services

    this_year = date.today().year
    with app.app_context(), services.bound(SLUG):
        user = StaffUser(email=f"bench@{SLUG}.bel.tr", full_name="Bench Gelir", is_tenant_admin=False)
        user.set_password("benchParola2026")
        role = Role(key="bench_borc", name="Borç sorgulama")
        db.session.add_all([user, role])
        db.session.flush()
        db.session.add_all([RolePermission(role_id=role.id, permission="gelir.mukellef.goruntule"),
                            StaffRole(staff_id=user.id, role_id=role.id)])
        _, token = issue_api_token(user, "bench")

        taxpayer = Mukellef(tur="gercek", tckn=_tckn(0), ad="Borçlu", soyad="Mükellef", adres="Bench")
        db.session.add(taxpayer)
        db.session.flush()
        first_year = this_year - years
        for year in range(first_year, this_year):
            for installment, (month, day) in enumerate(((5, 31), (11, 30)), start=1):
                db.session.add(Tahakkuk(
                    mukellef_id=taxpayer.id, gelir_kodu="emlak_bina", kaynak="emlak:1", yil=year, taksit=installment,
                    surum=1, vade=date(year, month, day), tutar=Decimal("1250.00"), olusturan="bench",
                    aciklama=f"Bina vergisi {year}/{installment}"))
        # Background: other taxpayers with last year's two installments, so the tables and
        # indexes are not trivially small.
        db.session.execute(text("""
            INSERT INTO mukellefler (tur, tckn, ad, soyad, unvan, adres, telefon, eposta)
            SELECT 'gercek', lpad((20000000000 + g)::text, 11, '0'), 'Ad' || g, 'Soyad', '', '', '', ''
            FROM generate_series(1, :n) g
        """), {"n": background})
        db.session.execute(text("""
            INSERT INTO tahakkuklar (mukellef_id, gelir_kodu, kaynak, yil, taksit, surum, vade, tutar, aciklama,
                                     olusturan)
            SELECT m.id, 'emlak_bina', 'emlak:' || m.id, :y, t, 1,
                   CASE WHEN t = 1 THEN make_date(:y, 5, 31) ELSE make_date(:y, 11, 30) END,
                   (100 + m.id % 900)::numeric(18, 2), '', 'bench'
            FROM mukellefler m CROSS JOIN generate_series(1, 2) t WHERE m.id <> :me
        """), {"y": this_year - 1, "me": taxpayer.id})
        db.session.commit()
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        return {"mukellef_id": taxpayer.id, "token": token, "installments": years * 2}


def start_gunicorn(database_url: str, redis_url: str, workers: int, threads: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = dict(os.environ)
    env[APP_ENV] = json.dumps(app_config(database_url, redis_url))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]
    command += ["--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads),
                "--bind", f"127.0.0.1:{port}", "--chdir", str(ROOT), "--log-level", "warning",
                "--error-logfile", str(VAR_DIR / "gunicorn.log"), "bench.tenancy:wsgi_app()"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({server.returncode}); see {VAR_DIR / 'gunicorn.log'}")
        try:
            if request(port, f"{SLUG}.{BASE_DOMAIN}", "/_ping")[0] == 200:
                return server, port
        except OSError:
            pass
        if time.monotonic() > deadline:
            stop(server)
            raise RuntimeError("gunicorn did not answer within 60 s")
        time.sleep(0.2)


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(10)


def request(port: int, host: str, path: str, headers: dict | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Host": host, **(headers or {})})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def load(port: int, host: str, path, headers: dict, requests: int, threads: int, max_seconds: float) -> dict:
    """``requests`` GETs of ``path`` over ``threads`` keep-alive connections; latencies kept.

    ``path`` may be a function of the request's number (a different URL each time)."""
    counter = itertools.count()
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + max_seconds
    sent = {"Host": host, **headers}

    def worker() -> None:
        conn = None
        mine: list[float] = []
        bad = 0
        while time.monotonic() < deadline and (number := next(counter)) < requests:
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                started = time.perf_counter()
                conn.request("GET", path(number) if callable(path) else path, headers=sent)
                response = conn.getresponse()
                response.read()
                elapsed = time.perf_counter() - started
                if response.status == 200:
                    mine.append(elapsed)
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
            latencies.extend(mine)
            errors[0] += bad

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    started = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(max_seconds + 30)
    seconds = time.perf_counter() - started
    return {"ok": len(latencies), "errors": errors[0], "seconds": seconds,
            "rps": len(latencies) / seconds if seconds else 0.0, "latencies": latencies}


def in_process(app, host: str, path: str, headers: dict, requests: int, rounds: int) -> dict:
    """CPU time and SQL statements per request inside the app (Flask test client, no HTTP
    server), inquiry vs /_ping, interleaved: where the inquiry's time goes, measured with
    process_time so other processes on the machine disturb it less than throughput."""
    from sqlalchemy import event

    from ebelediye.extensions import db

    client = app.test_client()
    variants = {"ping": ("/_ping", {}), "inquiry": (path, headers)}
    statements = [0]

    def count(*_args, **_kwargs) -> None:
        statements[0] += 1

    errors = 0
    per: dict[str, list[float]] = {name: [] for name in variants}
    queries: dict[str, float] = {}
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count)
    try:
        for name, (url, sent) in variants.items():  # warm-up, and the statement count
            for _ in range(20):
                client.get(url, headers={"Host": host, **sent})
            statements[0] = 0
            for _ in range(20):
                errors += client.get(url, headers={"Host": host, **sent}).status_code != 200
            queries[name] = statements[0] / 20
        for r in range(rounds):
            for name in (list(variants) if r % 2 == 0 else list(reversed(variants))):
                url, sent = variants[name]
                started = time.process_time()
                for _ in range(requests):
                    errors += client.get(url, headers={"Host": host, **sent}).status_code != 200
                per[name].append((time.process_time() - started) / requests)
    finally:
        with app.app_context():
            event.remove(db.engine, "before_cursor_execute", count)
    ping_us, inquiry_us = median(per["ping"]) * 1e6, median(per["inquiry"]) * 1e6
    return {"ping_cpu_us": round(ping_us), "inquiry_cpu_us": round(inquiry_us), "ratio": ping_us / inquiry_us,
            "ping_statements": queries["ping"], "inquiry_statements": queries["inquiry"],
            "rounds": rounds, "requests_per_round": requests, "errors": errors}


def bench_inquiry(args) -> dict:
    found = resolve_services()
    database_url = with_database(found["admin_url"], DATABASE)
    log(f"PostgreSQL: {found['postgres_source']}, database {DATABASE}; Redis: {found['redis_source']}")
    recreate_database(found["admin_url"])
    forget_tenant_keys(found["redis_url"])
    load_at_start = list(os.getloadavg())
    started = time.perf_counter()
    try:
        from sqlalchemy import text

        from ebelediye.app import create_app
        from ebelediye.extensions import db

        app = create_app(app_config(database_url, found["redis_url"]))
        with app.app_context():
            pg_version = db.session.scalar(text("SHOW server_version"))
            db.session.commit()
        log(f"provisioning tenant {SLUG} with Gelir; seeding {args.background} background taxpayers")
        provision(app)
        seeded = seed_inquiry(app, args.background, args.installments // 2)
        with app.app_context():
            db.engine.dispose()
        host = f"{SLUG}.{BASE_DOMAIN}"
        inquiry_path = f"/api/v1/gelir/mukellefler/{seeded['mukellef_id']}/borclar"
        auth = {"Authorization": f"Bearer {seeded['token']}"}
        log("in-process CPU and statements per request")
        cpu = in_process(app, host, inquiry_path, auth, max(50, args.requests // 4), 3)
        log(f"  inquiry {cpu['inquiry_cpu_us']} us, {cpu['inquiry_statements']:.0f} statements; "
            f"/_ping {cpu['ping_cpu_us']} us, {cpu['ping_statements']:.0f} statements")
        with app.app_context():
            db.engine.dispose()
        server, port = start_gunicorn(database_url, found["redis_url"], args.workers, args.threads)
        try:
            status, body = request(port, host, inquiry_path, auth)
            answer = json.loads(body) if status == 200 else {}
            debts = answer.get("borclar", [])
            if status != 200 or len(debts) != seeded["installments"] or not all(
                    float(d["gecikme_zammi"]) > 0 for d in debts):
                raise RuntimeError(f"inquiry answered {status}: {body[:300]!r}")
            status, body = request(port, host, "/_ping")
            if status != 200 or json.loads(body).get("tenant") != SLUG:
                raise RuntimeError(f"/_ping answered {status} {body[:200]!r}")
            # "cold": a different ?gun= each request, so the answer is computed every time (20 late
            # fees, the debts read) while authentication stays cached: the cost of a cache miss
            first_day = date.today() + timedelta(days=1)
            cold_counter = itertools.count()

            def cold_path(_number: int) -> str:
                return f"{inquiry_path}?gun={first_day + timedelta(days=next(cold_counter))}"

            variants = {"ping": ("/_ping", {}), "inquiry": (inquiry_path, auth), "inquiry_cold": (cold_path, auth)}
            log("warm-up")
            for path, headers in variants.values():
                load(port, host, path, headers, args.requests, args.client_threads, args.round_seconds)
            rounds: list[dict] = []
            for r in range(args.rounds):
                names = list(variants) if r % 2 == 0 else list(reversed(variants))  # no variant always first
                rounds.append({name: load(port, host, *variants[name], args.requests, args.client_threads,
                                          args.round_seconds) for name in names})
                log(f"  round {r + 1}/{args.rounds}: inquiry {rounds[-1]['inquiry']['rps']:.0f} req/s, "
                    f"cold {rounds[-1]['inquiry_cold']['rps']:.0f} req/s, /_ping {rounds[-1]['ping']['rps']:.0f} req/s")
        finally:
            stop(server)
    finally:
        if not args.keep:
            recreate_database(found["admin_url"], drop_only=True)
    inquiry_latencies = [x for rd in rounds for x in rd["inquiry"]["latencies"]]
    ping_latencies = [x for rd in rounds for x in rd["ping"]["latencies"]]
    ratios = [rd["inquiry"]["rps"] / rd["ping"]["rps"] for rd in rounds]
    ratio = median(ratios)
    errors = sum(v["errors"] for rd in rounds for v in rd.values())
    goal = 0.5
    figure = {
        "value": ratio, "unit": "ratio", "goal": goal, "goal_op": ">=", "pass": ratio >= goal and errors == 0,
        "what": f"requests/s of GET {inquiry_path.replace(str(seeded['mukellef_id']), '<id>')} (bearer API token; "
                f"{seeded['installments']} open overdue installments; the answer is cached per taxpayer and day, "
                f"details.cold_* compute it on every request) / requests/s "
                f"of GET /_ping on the same tenant host; median of per-round ratios, rounds interleaved; gunicorn "
                f"gthread, Python keep-alive client with {args.client_threads} threads",
        "details": {
            "inquiry_rps_median": median([rd["inquiry"]["rps"] for rd in rounds]),
            "inquiry_p50_ms": percentile(inquiry_latencies, 0.5) * 1000,
            "inquiry_p95_ms": percentile(inquiry_latencies, 0.95) * 1000,
            "ping_rps_median": median([rd["ping"]["rps"] for rd in rounds]),
            "ping_p50_ms": percentile(ping_latencies, 0.5) * 1000,
            "ping_p95_ms": percentile(ping_latencies, 0.95) * 1000,
            "per_round_ratios": ratios,
            "cold_rps_median": median([rd["inquiry_cold"]["rps"] for rd in rounds]),
            "cold_p50_ms": percentile([x for rd in rounds for x in rd["inquiry_cold"]["latencies"]], 0.5) * 1000,
            "cold_p95_ms": percentile([x for rd in rounds for x in rd["inquiry_cold"]["latencies"]], 0.95) * 1000,
            "cold_ratio_median": median([rd["inquiry_cold"]["rps"] / rd["ping"]["rps"] for rd in rounds]),
            "inquiry_rps": [rd["inquiry"]["rps"] for rd in rounds],
            "ping_rps": [rd["ping"]["rps"] for rd in rounds],
            "errors": errors,
            "debts_in_answer": len(debts),
            "total_in_answer": answer.get("toplam"),
            "in_process": cpu,
            "gunicorn_workers": args.workers, "gunicorn_threads": args.threads,
        },
    }
    return {
        "benchmark": "gelir_inquiry",
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "run_seconds": round(time.perf_counter() - started, 1),
        "machine": {
            "cores": os.cpu_count(), "postgresql": pg_version, "postgres_source": found["postgres_source"],
            "redis_source": found["redis_source"], "python": platform.python_version(),
            "load_average_at_start": load_at_start, "load_average_at_end": list(os.getloadavg()),
            "platform": platform.platform(),
        },
        "parameters": {k: v for k, v in vars(args).items() if k not in ("func", "output")}
        | {"modules": list(MODULES), "database": DATABASE},
        "figures": {"inquiry_throughput": figure},
    }


def run_inquiry(args) -> int:
    report = bench_inquiry(args)
    if args.output:
        output = Path(args.output)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n")
    else:
        from bench.gelir_accrual import RESULTS, write

        output = RESULTS
        write("inquiry", json.loads(json.dumps(report, default=str)))
    figure = report["figures"]["inquiry_throughput"]
    d = figure["details"]
    print()
    print(f"gelir inquiry benchmark, {report['machine']['cores']} cores, PostgreSQL {report['machine']['postgresql']}")
    print(f"  inquiry  {d['inquiry_rps_median']:8.0f} req/s  p50 {d['inquiry_p50_ms']:6.1f} ms  "
          f"p95 {d['inquiry_p95_ms']:6.1f} ms")
    print(f"  cold     {d['cold_rps_median']:8.0f} req/s  p50 {d['cold_p50_ms']:6.1f} ms  "
          f"p95 {d['cold_p95_ms']:6.1f} ms  (answer computed each time; ratio {d['cold_ratio_median']:.3f})")
    print(f"  /_ping   {d['ping_rps_median']:8.0f} req/s  p50 {d['ping_p50_ms']:6.1f} ms  p95 {d['ping_p95_ms']:6.1f} ms")
    print(f"  ratio    {figure['value']:8.3f}  (goal >= {figure['goal']})  {'PASS' if figure['pass'] else 'MISS'}"
          f"  errors {d['errors']}")
    print(f"written to {output}")
    return 0


def run_accrual(args) -> int:
    from bench import gelir_accrual

    figures = gelir_accrual.run_accrual(args.properties, keep=args.keep)
    gelir_accrual.write("accrual", figures)
    print(json.dumps(figures, indent=2, ensure_ascii=False, default=str))
    print(f"written to {gelir_accrual.RESULTS}")
    return 0 if figures.get("job_state") == "finished" else 1


# --- command line -------------------------------------------------------------------

def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.gelir", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    inquiry = commands.add_parser("inquiry", help="debt inquiry throughput under gunicorn vs /_ping")
    inquiry.add_argument("--rounds", type=int, default=10, help="interleaved measured rounds (default 10)")
    inquiry.add_argument("--requests", type=int, default=600, help="requests per round and variant (default 600)")
    inquiry.add_argument("--round-seconds", type=float, default=60.0, help="time bound of one round (default 60)")
    inquiry.add_argument("--client-threads", type=int, default=16, help="concurrent clients (default 16)")
    inquiry.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    inquiry.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker (default 4)")
    inquiry.add_argument("--installments", type=int, default=20, help="open overdue installments (default 20)")
    inquiry.add_argument("--background", type=int, default=20_000,
                         help="other taxpayers, two accruals each (default 20000)")
    inquiry.add_argument("--keep", action="store_true", help="keep the bench database")
    inquiry.add_argument("--output", help="where to write the JSON (default: section 'inquiry' of bench/results/gelir.json)")
    inquiry.set_defaults(func=run_inquiry)

    accrual = commands.add_parser("accrual", help="yearly accrual of N properties through the real job and worker")
    accrual.add_argument("--properties", type=int, default=1_000_000, help="properties (default 1,000,000)")
    accrual.add_argument("--keep", action="store_true", help="keep the bench database")
    accrual.set_defaults(func=run_accrual)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
