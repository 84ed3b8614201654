"""Gelir benchmark, accrual part: the yearly emlak accrual of 1,000,000 properties
(2,000,000 installments) in one tenant, end to end through the real rq job and worker.

    .venv/bin/python -m bench.gelir accrual [--properties N] [--keep]

Measured in the same run, on the same server:

- ``floor_s``: a bare ``INSERT … SELECT`` of the same 2,000,000 rows into a copy of the
  accrual table (with its indexes): the floor the issue names;
- ``job_s``: from enqueueing the job to its record saying finished, with a real
  ``flask rq worker`` subprocess (valuation of every property + both installments of
  every share + events + progress);
- ``peak_rss_mb``: the highest resident memory of the worker and of its forked work horse,
  sampled every 0.1 s from /proc.

Database: ``ebelediye_bench_tahakkuk`` on the server of ``DATABASE_URL`` (default: the
machine's at 127.0.0.1:5432), dropped and recreated; Redis ``REDIS_URL`` (default db 12).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATABASE = os.environ.get("EBELEDIYE_BENCH_ACCRUAL_DB", "ebelediye_bench_tahakkuk")  # a name of its own per engineer on a shared server
SLUG = "bench"
DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/12"
RESULTS = ROOT / "bench" / "results" / "gelir.json"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def _urls() -> tuple[str, str, str]:
    import psycopg

    admin = os.environ.get("DATABASE_URL", DEFAULT_ADMIN_URL).replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    base = admin.rsplit("/", 1)[0]
    return admin, f"{base}/{DATABASE}", os.environ.get("REDIS_URL", DEFAULT_REDIS_URL)


def _config(database_url: str, redis_url: str) -> dict:
    return {"ENV": "testing", "DATABASE_URL": database_url, "REDIS_URL": redis_url, "MODULES": ["gelir"],
            "BASE_DOMAIN": "bench.test", "VAR_DIR": str(ROOT / "var" / "bench")}


def _populate(properties: int) -> None:
    """Taxpayers, properties of every kind, one owner each, unit values, half with a 2025 value."""
    from sqlalchemy import text

    from ebelediye.extensions import db

    statements = [
        ("taxpayers", """INSERT INTO mukellefler (tur, tckn, ad, soyad, unvan, adres, telefon, eposta, created_at)
            SELECT 'gercek', (10000000000 + i)::text, 'Ad', 'Soyad', '', '', '', '', now()
            FROM generate_series(1, :n) i"""),
        ("properties", """INSERT INTO emlaklar (tur, mahalle, sokak, deger_bolgesi, ada, parsel, bagimsiz_bolum,
                arsa_alani, arsa_payi_alani, bina_alani, kullanim, insaat_sinifi, buyuksehir_mucavir,
                dinlenme_amacli, created_at)
            SELECT CASE WHEN i % 20 < 14 THEN 'bina' WHEN i % 20 < 19 THEN 'arsa' ELSE 'arazi' END,
                   'Mahalle ' || (i % 40), '', CASE WHEN i % 20 = 19 THEN 'A' ELSE 'B' END || (i % 50),
                   i / 100, i % 100, '', 150 + i % 900, 30 + i % 60, 60 + i % 140,
                   CASE WHEN i % 20 < 12 THEN 'mesken' WHEN i % 20 < 14 THEN 'isyeri' END,
                   CASE WHEN i % 20 < 14 THEN (ARRAY['1B','2A','2B','3A','3B','4A'])[1 + i % 6] END,
                   i % 3 = 0, false, now()
            FROM generate_series(1, :n) i"""),
        ("shares", """INSERT INTO emlak_hisseleri (emlak_id, mukellef_id, pay, payda, baslangic_yili)
            SELECT id, id, 1, 1, 2020 FROM emlaklar"""),
        ("unit values", """INSERT INTO tarifeler (tur, kod, ad, birim, tutar, gecerlilik_baslangic, created_at)
            SELECT 'arsa_birim', 'B' || z, 'Bölge B' || z, 'TL/m²', 500 + z * 40, DATE '2026-01-01', now()
            FROM generate_series(0, 49) z
            UNION ALL
            SELECT 'arazi_birim', 'A' || z, 'Bölge A' || z, 'TL/m²', 20 + z, DATE '2026-01-01', now()
            FROM generate_series(0, 49) z"""),
        ("2025 values", """INSERT INTO degerlemeler (emlak_id, yil, vergi_degeri, yontem, created_at)
            SELECT id, 2025, 40000 + (id % 1000) * 150, 'devir', now() FROM emlaklar WHERE id % 2 = 0"""),
    ]
    for name, sql in statements:
        started = time.perf_counter()
        db.session.execute(text(sql), {"n": properties})
        db.session.commit()
        log(f"  {name}: {time.perf_counter() - started:.1f} s")
    db.session.execute(text("ANALYZE"))
    db.session.commit()


def _floor() -> float:
    """A bare INSERT … SELECT of the same number of rows into a copy of the table."""
    from sqlalchemy import text

    from ebelediye.extensions import db

    db.session.execute(text("CREATE TABLE taban (LIKE tahakkuklar INCLUDING ALL)"))
    db.session.commit()
    started = time.perf_counter()
    db.session.execute(text("""
        INSERT INTO taban (mukellef_id, gelir_kodu, kaynak, yil, taksit, surum, vade, tutar, aciklama, olusturan,
                           created_at)
        SELECT h.mukellef_id, 'emlak_bina', 'emlak:' || h.emlak_id, 2026, k.taksit, 1, '2026-06-01', 100, '',
               'taban', now()
        FROM emlak_hisseleri h CROSS JOIN (VALUES (1), (2)) k(taksit)"""))
    db.session.commit()
    elapsed = time.perf_counter() - started
    db.session.execute(text("DROP TABLE taban"))
    db.session.commit()
    return elapsed


def _tree_rss_kb(pid: int) -> dict[int, int]:
    """Resident memory (kB) of ``pid`` and its descendants."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    family, frontier = {pid}, [pid]
    while frontier:
        current = frontier.pop()
        for child, parent in parents.items():
            if parent == current and child not in family:
                family.add(child)
                frontier.append(child)
    sizes = {}
    for member in family:
        try:
            with open(f"/proc/{member}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        sizes[member] = int(line.split()[1])
        except OSError:
            continue
    return sizes


def run_accrual(properties: int = 1_000_000, keep: bool = False) -> dict:
    admin_url, database_url, redis_url = _urls()
    from ebelediye import jobs
    from ebelediye.app import create_app
    from ebelediye.extensions import db
    from ebelediye.identity import StaffUser
    from tenants import migrate, services, template

    app = create_app(_config(database_url, redis_url))
    result: dict = {"properties": properties}
    with app.app_context():
        jobs.redis_connection().flushdb()
        migrate.migrate_platform()
        template.build()
        services.request_tenant(services.ProvisionRequest(slug=SLUG, name="Bench Belediyesi", modules=["gelir"]),
                                "bench")
        services.provision(SLUG, "bench")
        with services.bound(SLUG):
            log(f"populating {properties:,} properties")
            _populate(properties)
            log("floor: bare INSERT … SELECT")
            result["floor_s"] = round(_floor(), 2)
            log(f"  {result['floor_s']} s")
            user = StaffUser(email="tahakkuk@bench.bel.tr", full_name="Bench", is_tenant_admin=True)
            db.session.add(user)
            db.session.flush()
            from modules.gelir.services import tahakkuk

            run = tahakkuk.toplu_baslat(2026, "emlak", actor=user.email)
            db.session.commit()
            run_id, actor = run.id, f"staff:{user.id}"
        env = dict(os.environ, EBELEDIYE_ENV="testing", EBELEDIYE_DATABASE_URL=database_url,
                   EBELEDIYE_REDIS_URL=redis_url, EBELEDIYE_MODULES="gelir", EBELEDIYE_BASE_DOMAIN="bench.test",
                   PYTHONPATH=str(ROOT))
        log("accrual through the real job")
        started = time.perf_counter()
        record = jobs.enqueue(SLUG, "modules.gelir.jobs:toplu_tahakkuk", run_id, queue_name="batch", actor=actor)
        worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "rq", "worker", "--queues",
                                   "batch", "--burst"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT)
        peak_total = peak_single = 0
        while worker.poll() is None:
            sizes = _tree_rss_kb(worker.pid)
            peak_total = max(peak_total, sum(sizes.values()))
            peak_single = max([peak_single, *sizes.values()])
            time.sleep(0.1)
        output = worker.stdout.read().decode()
        db.session.expire_all()
        record = db.session.get(jobs.JobRecord, record.id)
        finished_at, started_at = record.finished_at, record.started_at
        result["job_state"] = record.state
        # from the worker picking the job up to its end (wall_s adds the worker's start-up)
        result["job_s"] = round((finished_at - started_at).total_seconds(), 2) if finished_at else None
        result["wall_s"] = round(time.perf_counter() - started, 2)
        result["peak_rss_mb"] = round(peak_single / 1024, 1)
        result["peak_rss_worker_and_horse_mb"] = round(peak_total / 1024, 1)
        if record.state != "finished":
            log(output[-3000:])
        with services.bound(SLUG):
            from sqlalchemy import text

            result["installments"] = db.session.execute(text("SELECT count(*) FROM tahakkuklar")).scalar_one()
            result["valuations_2026"] = db.session.execute(
                text("SELECT count(*) FROM degerlemeler WHERE yil = 2026")).scalar_one()
            db.session.commit()
        result["job_over_floor"] = round(result["job_s"] / result["floor_s"], 2) if result["job_s"] else None
        db.session.remove()
        db.engine.dispose()
    if not keep and not os.environ.get("KEEP"):
        import psycopg

        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    result["goals"] = {"job_s": "≤ 60 s on 2 cores", "peak_rss_mb": "≤ 300 MB"}
    result["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version()}
    return result


def write(section: str, figures: dict) -> None:
    """Merge one section into bench/results/gelir.json."""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    data[section] = {**figures, "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S")}
    RESULTS.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
