"""Connector benchmark: calls per second through the HTTP client to the mock agency
server, with and without the Redis cache, and the latency the client adds over a raw HTTP
call of the same request.

    .venv/bin/python bench/connectors.py [--calls N] [--rounds R] [--keep]

Four ways to fetch a person from KPS (``GET /kps/v1/kisiler/<tckn>``), run in interleaved
rounds in one process so that they share the machine's noise:

- ``raw``: ``httpx.Client.get`` and ``json.loads``, nothing else;
- ``transport``: ``HttpBackend.call`` (timeouts from the budget, retry and breaker
  bookkeeping, status mapping), no tenant, no cache, no audit;
- ``client``: ``KpsClient.person`` with the cache off: validation, the call, parsing into
  ``Person``, and the KVKK audit row (one INSERT in its own transaction);
- ``client_cached``: the same with a warm per-tenant Redis cache (no HTTP at all);
- ``audit_row``: the KVKK row alone (``kvkk.record``), to show where the client's time goes.

Writes ``bench/results/connectors.json``.  Services: PostgreSQL of ``DATABASE_URL``
(default the machine's server at 127.0.0.1:5432, else the embedded pgserver) gets a
database ``ebelediye_bench_connectors``, dropped at the end (``--keep`` keeps it); Redis of
``REDIS_URL`` (default ``redis://127.0.0.1:6379/12``, else embedded) - only this run's
``t:bench:`` keys are touched.  Everything listens on and talks to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATABASE = "ebelediye_bench_connectors"
DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/12"
VAR_DIR = ROOT / "var" / "bench-connectors"
RESULTS = ROOT / "bench" / "results" / "connectors.json"
SLUG = "bench"
POPULATION = {"households": 50_000, "parcels": 100_000, "companies": 2_000}
SECRETS = {"CONNECTORS_POS_SECRET": "bench-pos", "CONNECTORS_EDEVLET_SECRET": "bench-edevlet"}
MODES = ("raw", "transport", "client", "client_cached", "audit_row")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def _with_database(url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(_libpq(url)).set(database=name).render_as_string(hide_password=False)


def services() -> tuple[str, str, str]:
    """(admin URL of PostgreSQL, Redis URL, where they came from)."""
    import psycopg
    from redis import Redis

    from ebelediye import embedded

    os.environ.setdefault("XDG_RUNTIME_DIR", str(ROOT / "var" / "run"))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, parents=True, exist_ok=True)
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    admin = os.environ.get("DATABASE_URL")
    source = "DATABASE_URL"
    if not admin:
        try:
            psycopg.connect(DEFAULT_ADMIN_URL, connect_timeout=2).close()
            admin, source = DEFAULT_ADMIN_URL, "machine PostgreSQL"
        except psycopg.Error:
            admin, source = _libpq(embedded.ensure_postgres(str(VAR_DIR), "postgres")), "embedded pgserver"
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        try:
            Redis.from_url(DEFAULT_REDIS_URL, socket_connect_timeout=2).ping()
            redis_url = DEFAULT_REDIS_URL
        except Exception:  # noqa: BLE001 - any failure: fall back to the embedded server
            redis_url = embedded.ensure_redis(str(VAR_DIR))
    return _libpq(admin), redis_url, source


def recreate(admin: str, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(_with_database(admin, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{DATABASE}"')


def build_app(admin: str, redis_url: str):
    from ebelediye.app import create_app
    from ebelediye.extensions import db
    from tenants import migrate, template
    from tenants import services as tenant_services

    app = create_app({
        "ENV": "testing", "SECRET_KEY": "bench-only", "DATABASE_URL": _with_database(admin, DATABASE),
        "REDIS_URL": redis_url, "MODULES": [], "MODULE_PATHS": {}, "VAR_DIR": str(VAR_DIR),
        "BASE_DOMAIN": "bench.test", "CONNECTORS_POPULATION": POPULATION, **SECRETS,
    })
    with app.app_context():
        migrate.migrate_platform()
        template.build()
        tenant_services.request_tenant(tenant_services.ProvisionRequest(
            slug=SLUG, name="Bench Belediyesi", modules=[], admin_email="yonetici@bench.bel.tr"), "bench")
        tenant_services.provision(SLUG, "bench")
        db.session.remove()
    return app


def start_mock_server():
    from werkzeug.serving import make_server

    from ebelediye.connectors.mockserver import create_app as create_mock

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    mock = create_mock({"SECRET_KEY": "bench-only", "CONNECTORS_POPULATION": POPULATION, **SECRETS})
    server = make_server("127.0.0.1", 0, mock, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def measure(app, url: str, calls: int, rounds: int) -> dict:
    import httpx

    from ebelediye.connectors import Caller, kvkk
    from ebelediye.connectors.cache import ResultCache
    from ebelediye.connectors.clients import KpsClient
    from ebelediye.connectors.operations import operation
    from ebelediye.connectors.settings import Settings
    from ebelediye.connectors.synthetic.population import Population
    from ebelediye.connectors.transport import HttpBackend
    from tenants import services as tenant_services

    settings = Settings.from_config({**app.config, "CONNECTORS_URL": url, "CONNECTORS_MODE": "http"})
    population = Population(settings.seed, **POPULATION)
    people = [m.tckn for _, m in population.iter_people(0, calls)][:calls]
    raw = httpx.Client(base_url=url, trust_env=False)
    backend = HttpBackend("kps", settings)
    cold = KpsClient(HttpBackend("kps", settings), settings, None)
    warm = KpsClient(HttpBackend("kps", settings), settings,
                     ResultCache(settings.cache_seconds, settings.cache_key_secret))
    caller = Caller("bench@bench.bel.tr", "sistem_sinamasi")
    person = operation("kps", "person")

    def do_raw(tckn):
        response = raw.get(f"/kps/v1/kisiler/{tckn}")
        response.raise_for_status()
        json.loads(response.content)

    def do_transport(tckn):
        backend.call(person, {"tckn": tckn}, deadline=time.monotonic() + 8)

    def do_client(tckn):
        cold.person(tckn, caller=caller)

    def do_cached(tckn):
        warm.person(tckn, caller=caller)

    def do_audit(tckn):
        kvkk.record(caller, agency="kps", operation="person", outcome="ok", duration_ms=0, subject_id=tckn)

    actions = {"raw": do_raw, "transport": do_transport, "client": do_client, "client_cached": do_cached,
               "audit_row": do_audit}
    latencies: dict[str, list[float]] = {m: [] for m in MODES}
    elapsed = dict.fromkeys(MODES, 0.0)
    with app.app_context(), tenant_services.bound(SLUG):
        for tckn in people[:50]:  # warm connections, caches of the interpreter, and the Redis cache
            for mode in MODES:
                actions[mode](tckn)
        for tckn in people:
            warm.person(tckn, caller=caller)
        for r in range(rounds):
            order = MODES if r % 2 == 0 else tuple(reversed(MODES))
            for mode in order:
                started = time.perf_counter()
                for tckn in people:
                    t0 = time.perf_counter()
                    actions[mode](tckn)
                    latencies[mode].append((time.perf_counter() - t0) * 1000)
                elapsed[mode] += time.perf_counter() - started
            log(f"round {r + 1}/{rounds} done")
    raw.close()
    for client in (backend, cold.backend, warm.backend):
        client.close()
    results = {}
    for mode in MODES:
        values = latencies[mode]
        results[mode] = {"calls": len(values), "seconds": round(elapsed[mode], 3),
                         "calls_per_second": round(len(values) / elapsed[mode], 1),
                         "p50_ms": round(statistics.median(values), 3), "p95_ms": round(percentile(values, 0.95), 3),
                         "p99_ms": round(percentile(values, 0.99), 3)}
    raw_p95 = results["raw"]["p95_ms"]
    derived = {
        "client_added_p95_ms": round(results["client"]["p95_ms"] - raw_p95, 3),
        "transport_added_p95_ms": round(results["transport"]["p95_ms"] - raw_p95, 3),
        "client_p95_over_raw": round(results["client"]["p95_ms"] / raw_p95, 2),
        "transport_p95_over_raw": round(results["transport"]["p95_ms"] / raw_p95, 2),
        "client_throughput_over_raw": round(results["client"]["calls_per_second"]
                                            / results["raw"]["calls_per_second"], 2),
        "cached_throughput_over_uncached_client": round(results["client_cached"]["calls_per_second"]
                                                        / results["client"]["calls_per_second"], 2),
        "audit_row_p50_ms": results["audit_row"]["p50_ms"],
    }
    return {"results": results, "derived": derived}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=300, help="distinct people per round and mode (default 300)")
    parser.add_argument("--rounds", type=int, default=4, help="interleaved rounds (default 4)")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument("--out", default=str(RESULTS))
    args = parser.parse_args(argv)
    if not 10 <= args.calls <= 20_000 or not 1 <= args.rounds <= 50:
        parser.error("--calls 10..20000, --rounds 1..50")
    admin, redis_url, source = services()
    log(f"PostgreSQL: {source}; Redis: {redis_url}")
    recreate(admin)
    server = None
    try:
        app = build_app(admin, redis_url)
        server, url = start_mock_server()
        log(f"mock agency server at {url}; {args.rounds} rounds x {args.calls} calls x {len(MODES)} modes")
        figures = measure(app, url, args.calls, args.rounds)
        with app.app_context():
            from ebelediye import jobs

            connection = jobs.redis_connection()
            for key in connection.scan_iter(f"t:{SLUG}:*"):
                connection.delete(key)
            from ebelediye.extensions import db

            db.engine.dispose()
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
        if not args.keep:
            recreate(admin, drop_only=True)
    out = {
        "benchmark": "connectors",
        "command": " ".join(["python bench/connectors.py", *(argv if argv is not None else sys.argv[1:])]),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
        "services": {"postgres": source, "redis": redis_url.split("@")[-1]},
        "calls_per_mode": args.calls * args.rounds,
        "population": POPULATION,
        **figures,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    for mode, row in figures["results"].items():
        log(f"{mode:14s} {row['calls_per_second']:8.1f} calls/s   p50 {row['p50_ms']:7.3f} ms   "
            f"p95 {row['p95_ms']:7.3f} ms")
    log(f"derived: {json.dumps(figures['derived'])}")
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
