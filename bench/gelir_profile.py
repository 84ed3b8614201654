"""Where one cold debt inquiry spends its time, in the Flask test client.

    .venv/bin/python -m bench.gelir_profile [--repeat 200] [--keep | --reuse]

Seeds the tenant of ``bench/gelir.py inquiry`` (a taxpayer with 20 open overdue
installments among 20,000 others) in a database ``<EBELEDIYE_BENCH_GELIR_DB>_profile``
(recreated; ``--keep`` keeps it and ``--reuse`` takes a kept one, for profiling one change
after another), then, in one process with no concurrency, for the cold inquiry (``?gun=`` a
new day each request, so the answer is computed every time) and ``/_ping``: CPU time per
request (``time.process_time``, median of 5 batches), the statements each sends (count and
time waiting for PostgreSQL, from the cursor events), and a cProfile of ``--repeat`` cold
inquiries (cumulative time of the functions that matter).  Writes
``bench/results/gelir-inquiry-profile.txt`` (``--output`` elsewhere).  See ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import gelir  # noqa: E402
from bench.tenancy import median, with_database  # noqa: E402

DATABASE = f"{gelir.DATABASE}_profile"
OUT = ROOT / "bench" / "results" / "gelir-inquiry-profile.txt"
SEEDED = gelir.VAR_DIR / "profile-seeded.json"  # the taxpayer and token of a kept database


def recreate(admin_url: str, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(with_database(admin_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{DATABASE}"')


class Statements:
    """Every statement the engine sends, with the time spent waiting for its answer."""

    def __init__(self, engine) -> None:
        from sqlalchemy import event

        self.rows: list[tuple[str, float]] = []
        self._started: dict[int, float] = {}
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, params, context, executemany) -> None:
        self._started[id(cursor)] = time.perf_counter()

    def _after(self, conn, cursor, statement, params, context, executemany) -> None:
        self.rows.append((" ".join(statement.split())[:110], time.perf_counter() - self._started.pop(id(cursor))))

    def take(self) -> list[tuple[str, float]]:
        rows, self.rows = self.rows, []
        return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.gelir_profile", description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=200, help="cold inquiries profiled (default 200)")
    parser.add_argument("--keep", action="store_true", help="keep the database (for --reuse)")
    parser.add_argument("--reuse", action="store_true", help="use the database a --keep run left")
    parser.add_argument("--output", default=str(OUT), help=f"where to write the report (default {OUT})")
    args = parser.parse_args(argv)
    found = gelir.resolve_services()
    admin_url, redis_url = found["admin_url"], found["redis_url"]
    from ebelediye.app import create_app
    from ebelediye.extensions import db

    config = gelir.app_config(with_database(admin_url, DATABASE), redis_url)
    gelir.forget_tenant_keys(redis_url)  # answers cached by an earlier run would make "cold" hit
    if args.reuse:
        seeded = json.loads(SEEDED.read_text())
        app = create_app(config)
    else:
        recreate(admin_url)
        app = create_app(config)
        gelir.provision(app)
        seeded = gelir.seed_inquiry(app, 20_000, 10)
        SEEDED.write_text(json.dumps(seeded))
    lines = [f"gelir inquiry profile, {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}, "
             f"load average {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores, shared)"]
    try:
        client = app.test_client()
        host = f"{gelir.SLUG}.{gelir.BASE_DOMAIN}"
        headers = {"Host": host, "Authorization": f"Bearer {seeded['token']}"}
        path = f"/api/v1/gelir/mukellefler/{seeded['mukellef_id']}/borclar"
        days = (date.today() + timedelta(days=1 + n) for n in range(10**6))

        def cold() -> None:
            response = client.get(f"{path}?gun={next(days)}", headers=headers)
            assert response.status_code == 200, response.data[:300]

        def ping() -> None:
            assert client.get("/_ping", headers={"Host": host}).status_code == 200

        for _ in range(30):  # warm-up: the token cache, the connection pool, the imports
            cold()
            ping()
        body = client.get(path, headers=headers).get_json()
        assert len(body["borclar"]) == seeded["installments"] and all(
            float(d["gecikme_zammi"]) > 0 for d in body["borclar"]), body
        cpu: dict[str, list[float]] = {"cold": [], "ping": []}
        for batch in range(5):
            for name, call in (("cold", cold), ("ping", ping)) if batch % 2 == 0 else (("ping", ping), ("cold", cold)):
                started = time.process_time()
                for _ in range(50):
                    call()
                cpu[name].append((time.process_time() - started) / 50)
        lines.append(f"CPU per request (median of 5 × 50): cold inquiry {median(cpu['cold']) * 1e3:.2f} ms, "
                     f"/_ping {median(cpu['ping']) * 1e3:.2f} ms, ratio {median(cpu['ping']) / median(cpu['cold']):.3f}")
        with app.app_context():
            statements = Statements(db.engine)
        for name, call in (("cold inquiry", cold), ("/_ping", ping)):
            statements.take()
            for _ in range(20):
                call()
            rows = statements.take()
            lines += ["", f"== statements of {name}: {len(rows) / 20:.1f} per request, "
                      f"{sum(t for _, t in rows) / 20 * 1e3:.2f} ms waiting per request"]
            counts = Counter(sql for sql, _ in rows)
            waits = Counter()
            for sql, t in rows:
                waits[sql] += t
            for sql, n in counts.most_common():
                lines.append(f"  {n / 20:4.1f} × {waits[sql] / n * 1e3:6.3f} ms  {sql}")
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.repeat):
            cold()
        profile.disable()
        for sort in ("cumulative", "tottime"):
            out = io.StringIO()
            pstats.Stats(profile, stream=out).strip_dirs().sort_stats(sort).print_stats(45)
            lines += ["", f"== cProfile of {args.repeat} cold inquiries, by {sort} (seconds are totals)",
                      *[line for line in out.getvalue().splitlines() if line.strip()][3:]]
    finally:
        with app.app_context():
            db.engine.dispose()
        if not args.keep and not args.reuse:
            recreate(admin_url, drop_only=True)
    Path(args.output).write_text("\n".join(lines) + "\n")
    print("\n".join(lines[:40]))
    print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
