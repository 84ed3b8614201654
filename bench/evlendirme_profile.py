"""Where one slot search and one booking spend their time, in the Flask test client.

    .venv/bin/python -m bench.evlendirme_profile [--files 50] [--repeat 20]

Seeds the tenant of ``bench/evlendirme.py`` (six halls × 72 slots a day, ten officiants) in
a database ``bench_evl_profile`` (recreated, dropped at the end), then, in one process with
no concurrency: the statements each request sends (count and time inside PostgreSQL's
round trips, from the cursor events), the wall time per request (median of ``--repeat``),
and a pyinstrument profile of one request of each kind when pyinstrument is installed
(``pip install pyinstrument``: a tool, not a dependency).  Writes
``bench/results/evlendirme-profile.txt``.  See ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.evlendirme import (  # noqa: E402
    BASE_DOMAIN,
    DEFAULT_ADMIN_URL,
    DEFAULT_REDIS_URL,
    IST,
    SLUG,
    app_config,
    forget_tenant_keys,
    seed,
)
from bench.tenancy import libpq, median, with_database  # noqa: E402

DATABASE = "bench_evl_profile"
OUT = ROOT / "bench" / "results" / "evlendirme-profile.txt"


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


def explain(app, day: date) -> list[str]:
    """EXPLAIN ANALYZE of the search's two heaviest statements on a day with bookings."""
    from sqlalchemy import text

    from ebelediye.extensions import db
    from modules.evlendirme.services import takvim
    from tenants import services

    out: list[str] = []
    start = datetime(day.year, day.month, day.day, tzinfo=IST)
    params = {"hafta_gunu": day.weekday(), "gun": day, "baslangic": start, "bitis": start + timedelta(days=1),
              "simdi": datetime.now(IST)}
    with app.app_context(), services.bound(SLUG):
        officiants = takvim._OFFICIANTS_OF_DAY.text.replace(":aktif", "('tutuldu', 'kesin', 'kiyildi')")
        for name, sql, values in (
                ("officiants of the day (hours, leave, busy ranges)", officiants, params),
                ("the day's hall bookings", "SELECT id, salon_id, baslangic, bitis, durum, tutma_bitis FROM nikahlar "
                 "WHERE salon_id IS NOT NULL AND baslangic < :bitis AND bitis > :baslangic "
                 "AND durum IN ('tutuldu', 'kesin', 'kiyildi') AND (durum <> 'tutuldu' OR tutma_bitis > :simdi)", params)):
            plan = db.session.execute(text("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql), values).scalars().all()
            out += ["", f"== EXPLAIN ANALYZE: {name}", *plan]
        db.session.rollback()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.evlendirme_profile", description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=60, help="approved files to book (default 60)")
    parser.add_argument("--repeat", type=int, default=20, help="requests timed per kind (default 20)")
    args = parser.parse_args(argv)
    from ebelediye.app import create_app
    from ebelediye.extensions import db

    admin_url = libpq(os.environ.get("DATABASE_URL", DEFAULT_ADMIN_URL))
    redis_url = os.environ.get("REDIS_URL", DEFAULT_REDIS_URL)
    recreate(admin_url)
    forget_tenant_keys(redis_url)
    lines: list[str] = [f"evlendirme profile, {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}, "
                        f"load average {os.getloadavg()[0]:.1f}"]
    try:
        app = create_app(app_config(with_database(admin_url, DATABASE), redis_url))
        seeded = seed(app, args.files + args.repeat + 2)
        client = app.test_client()
        headers = {"Host": f"{SLUG}.{BASE_DOMAIN}", "Authorization": f"Bearer {seeded['token']}"}
        with app.app_context():
            statements = Statements(db.engine)
        first = date.today() + timedelta(days=2)
        files = iter(seeded["files"])
        slots = iter((hall, datetime(d.year, d.month, d.day, 8 + m // 6, (m % 6) * 10, tzinfo=IST))
                     for d in (first + timedelta(days=i) for i in range(30)) for m in range(72)
                     for hall in seeded["halls"])

        def search(day: date):
            response = client.get(f"/api/v1/evlendirme/slotlar?gun={day}", headers=headers)
            assert response.status_code == 200, response.data[:300]

        def book():
            hall, start = next(slots)
            response = client.post(f"/api/v1/evlendirme/basvurular/{next(files)}/randevu", headers=headers,
                                   json={"salon_id": hall, "baslangic": start.isoformat()})
            assert response.status_code == 201, response.data[:300]

        kinds = {
            "search, the same day again (cache warm when there is one)": lambda i: search(first + timedelta(days=40)),
            "search, a different day each time (cache cold)": lambda i: search(first + timedelta(days=60 + i)),
            "booking": lambda i: book(),
        }
        search(first + timedelta(days=40))  # warm the process: imports, first connections, templates
        book()
        statements.take()
        for name, call in kinds.items():
            walls, counts, db_times, sample = [], [], [], []
            for i in range(args.repeat):
                started = time.perf_counter()
                call(i)
                walls.append(time.perf_counter() - started)
                rows = statements.take()
                counts.append(len(rows))
                db_times.append(sum(t for _, t in rows))
                sample = rows
            lines += ["", f"== {name}: wall median {median(walls) * 1000:.1f} ms, statements {median(counts):.0f}, "
                          f"time in statements median {median(db_times) * 1000:.1f} ms"]
            grouped = Counter(s for s, _ in sample)
            lines += [f"   {n:3d} × {s}" for s, n in grouped.most_common()]
        lines += explain(app, first)
        try:
            from pyinstrument import Profiler
        except ImportError:
            lines.append("\n(pyinstrument is not installed: no call profile)")
        else:
            for name, call in (("search, a different day", lambda: search(first + timedelta(days=100))),
                               ("booking", book)):
                profiler = Profiler(interval=0.0005)
                profiler.start()
                for _ in range(5):
                    call()
                profiler.stop()
                lines += ["", f"== pyinstrument, 5 × {name}", profiler.output_text(unicode=False, color=False,
                                                                                  show_all=False)]
        with app.app_context():
            db.engine.dispose()
    finally:
        recreate(admin_url, drop_only=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n")
    print("\n".join(lines[:60]))
    print(f"written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
