"""Citus demonstration: 20 tenants provisioned through the real path spread over the workers,
then one tenant moved to the other worker while a bounded load of reads and cash payments
runs against it; prints the counts per node, the errors and the receipts before and after.

    ../shared/citus/cluster.sh start /tmp/citus 9700
    CITUS_URL=postgresql://postgres@127.0.0.1:9700/postgres REDIS_URL=redis://127.0.0.1:6379/N \\
        .venv/bin/python bench/citus_move.py [--tenants 20] [--payments 300] [--threads 6]

Uses a database of its own (``ebelediye_bench_citus_move``, Citus on every node, dropped at
the end unless ``--keep``) and writes ``bench/results/citus_move.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.tenancy import VAR_DIR, app_config, log, median, with_database  # noqa: E402

DATABASE = "ebelediye_bench_citus_move"
RESULTS = ROOT / "bench" / "results" / "citus_move.json"


def create_citus_database(admin_url: str, name: str, workers: list[tuple[str, int]] | None = None,
                          drop_only: bool = False) -> list[tuple[str, int]]:
    """``name`` with Citus on the coordinator of ``admin_url`` and on its workers (the next two
    ports, or CITUS_WORKERS=host:port,...), the workers registered; fresh on every node."""
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(admin_url)
    host, port = admin.host or "127.0.0.1", admin.port or 5432
    if workers is None:
        listed = os.environ.get("CITUS_WORKERS")
        workers = ([(h, int(p)) for h, p in (w.rsplit(":", 1) for w in listed.split(","))] if listed
                   else [(host, port + 1), (host, port + 2)])
    for h, p in [(host, port), *workers]:
        with psycopg.connect(admin.set(host=h, port=p, database="postgres").render_as_string(False),
                             autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            if not drop_only:
                conn.execute(f'CREATE DATABASE "{name}"')
    if drop_only:
        return workers
    for h, p in [(host, port), *workers]:
        with psycopg.connect(admin.set(host=h, port=p, database=name).render_as_string(False),
                             autocommit=True) as conn:
            conn.execute("CREATE EXTENSION citus")
    with psycopg.connect(admin.set(database=name).render_as_string(False), autocommit=True) as conn:
        conn.execute("SELECT citus_set_coordinator_host(%s, %s)", (host, port))
        for h, p in workers:
            conn.execute("SELECT citus_add_node(%s, %s)", (h, p))
    return workers


def seed_payers(slug: str, count: int) -> list[int]:
    """``count`` taxpayers of ``slug`` with an open debt each (committed)."""
    from sqlalchemy import text

    from ebelediye.extensions import db
    from modules.gelir.models import Mukellef, Tahakkuk
    from tenants import services

    ids = []
    with services.bound(slug):
        for i in range(count):
            payer = Mukellef(tur="gercek", tckn=f"{20000000000 + i * 7:011d}", ad="Ayşe", soyad="Yük", adres="Merkez")
            db.session.add(payer)
            db.session.flush()
            db.session.add(Tahakkuk(mukellef_id=payer.id, gelir_kodu="emlak_arsa", kaynak=f"bench:{i}", yil=2026,
                                    taksit=1, surum=1, vade=date(2026, 5, 31), tutar=Decimal("100000.00"),
                                    olusturan="bench"))
            ids.append(payer.id)
        db.session.execute(text(
            "INSERT INTO audit_entries (actor, action, object_type) VALUES ('bench', 'bench.seed', 'mukellef')"))
        db.session.commit()
    return ids


def receipts(slug: str) -> tuple[int, Decimal]:
    from sqlalchemy import text

    from ebelediye.extensions import db
    from tenants import services

    with services.bound(slug):
        count, total = db.session.execute(text("SELECT count(*), coalesce(sum(tutar), 0) FROM tahsilatlar")).one()
        db.session.rollback()
    return count, total


def load(app, slug: str, payers: list[int], payments: int, threads: int, stop: threading.Event) -> dict:
    """Reads and cash payments against ``slug`` from ``threads`` threads until ``payments``
    payments are made (the reads go on alongside); every error is kept."""
    from sqlalchemy import text

    from ebelediye import uow
    from ebelediye.extensions import db
    from modules.gelir.services import borc
    from modules.gelir.services.tahsilat import tahsil
    from tenants import services

    lock = threading.Lock()
    state = {"payments": 0, "reads": 0, "errors": [], "paid": Decimal("0"), "latencies": []}

    def take() -> int | None:
        with lock:
            if state["payments"] >= payments:
                return None
            state["payments"] += 1
            return state["payments"]

    def worker(index: int) -> None:
        with app.app_context():
            n = 0
            while not stop.is_set():
                number = take()
                if number is None:
                    return
                payer = payers[(number * 7 + index) % len(payers)]
                started = time.perf_counter()
                try:
                    with services.bound(slug):
                        tahsil(payer, "10.00", "nakit", date(2026, 6, 1), actor="bench@kasa")
                        uow.commit_point()
                    with services.bound(slug):
                        borc.acik_borclar(payer, date(2026, 6, 1))
                        db.session.execute(text("SELECT count(*) FROM tahakkuklar WHERE mukellef_id = :m"),
                                           {"m": payer}).scalar()
                        db.session.rollback()
                    with lock:
                        state["paid"] += Decimal("10.00")
                        state["reads"] += 2
                        state["latencies"].append(time.perf_counter() - started)
                except Exception as exc:  # noqa: BLE001 - counted and reported
                    db.session.rollback()
                    with lock:
                        state["errors"].append(f"{type(exc).__name__}: {str(exc)[:200]}")
                n += 1

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    state["threads"] = pool
    return state


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tenants", type=int, default=20)
    parser.add_argument("--payments", type=int, default=300)
    parser.add_argument("--threads", type=int, default=6)
    parser.add_argument("--payers", type=int, default=60)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    admin_url = os.environ.get("CITUS_URL", "postgresql://postgres@127.0.0.1:9700/postgres")
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14")
    os.environ.setdefault("XDG_RUNTIME_DIR", str(ROOT / "var" / "run"))
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    create_citus_database(admin_url, DATABASE)
    database_url = with_database(admin_url, DATABASE)
    report: dict = {"benchmark": "citus_move", "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                    "load_average_at_start": list(os.getloadavg())}
    try:
        from ebelediye.app import create_app
        from ebelediye.extensions import db
        from tenants import citus, migrate, services, template

        app = create_app(app_config(database_url, redis_url, DB_POOL_SIZE=args.threads + 4))
        with app.app_context():
            migrate.migrate_platform()
            template.current()
            db.session.commit()
            slugs, times = [f"c{i:03d}" for i in range(args.tenants)], []
            log(f"provisioning {args.tenants} tenants with gelir (services.request_tenant + provision)")
            for slug in slugs:
                started = time.perf_counter()
                services.request_tenant(services.ProvisionRequest(
                    slug=slug, name=f"{slug.title()} Belediyesi", modules=["gelir"],
                    admin_email=f"yonetici@{slug}.bel.tr"), "bench")
                services.provision(slug, "bench")
                times.append(time.perf_counter() - started)
            nodes = citus.schema_nodes([f"t_{s}" for s in slugs])
            per_node: dict[str, int] = {}
            for node in nodes.values():
                per_node[node] = per_node.get(node, 0) + 1
            print(f"tenants per node: {json.dumps(per_node, sort_keys=True)} (provision median "
                  f"{median(times):.2f} s)")
            report["spread"] = {"tenants": args.tenants, "per_node": per_node,
                                "provision_median_s": median(times), "modules": ["gelir"]}

            slug = slugs[0]
            payers = seed_payers(slug, args.payers)
            before = receipts(slug)
            source = nodes[f"t_{slug}"]
            target = next(n for n in citus.workers() if n != source)
            print(f"{slug}: {before[0]} receipts before; moving {source} -> {target} under load")
            db.session.commit()
            stop = threading.Event()
            state = load(app, slug, payers, args.payments, args.threads, stop)
            time.sleep(0.5)  # the load is running before the move starts
            done_before_move = state["payments"]
            started = time.perf_counter()
            moved = citus.move_tenant(slug, target, "bench")
            move_seconds = time.perf_counter() - started
            done_at_end_of_move = state["payments"]
            for thread in state.pop("threads"):
                thread.join(timeout=600)
            stop.set()
            after = receipts(slug)
            made = len(state["latencies"])
            now_on = citus.schema_nodes([f"t_{slug}"]).get(f"t_{slug}")
            lost = before[0] + made - after[0]
            print(f"{slug}: moved in {move_seconds:.2f} s to {now_on}; {made} payments and {state['reads']} reads, "
                  f"{len(state['errors'])} errors; receipts {before[0]} -> {after[0]} (lost {lost}); "
                  f"payments started during the move: {done_at_end_of_move - done_before_move}")
            for error in state["errors"][:5]:
                print("  error:", error)
            report["move"] = {
                "slug": slug, "from": source, "to": target, "now_on": now_on, "moved": moved["moved"],
                "move_seconds": move_seconds, "payments": made, "reads": state["reads"],
                "errors": len(state["errors"]), "error_sample": state["errors"][:5],
                "receipts_before": before[0], "receipts_after": after[0], "lost": lost,
                "collected_during_run": str(after[1] - before[1]), "paid_by_load": str(state["paid"]),
                "payments_started_during_move": done_at_end_of_move - done_before_move,
                "payment_latency_median_s": median(state["latencies"]),
                "payment_latency_max_s": max(state["latencies"]) if state["latencies"] else None,
                "threads": args.threads,
            }
            db.session.remove()
            db.engine.dispose()
    finally:
        if not args.keep:
            create_citus_database(admin_url, DATABASE, drop_only=True)
    report["load_average_at_end"] = list(os.getloadavg())
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n")
    print(f"written to {RESULTS}")
    ok = report["move"]["errors"] == 0 and report["move"]["lost"] == 0 and report["move"]["now_on"] == target
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
