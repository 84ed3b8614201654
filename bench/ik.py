"""İK benchmark: the monthly payroll of 10,000 staff end to end through the real rq job and
worker, and 10,000 payslip PDFs.

    .venv/bin/python -m bench.ik [--staff N] [--pdfs N] [--keep]

Measured:

- ``job_s``: from the worker picking the job up to its record saying finished (a real
  ``flask rq worker --burst`` subprocess; every payslip computed by ``hesap.bordro`` from the
  assignment in force, inserted in chunks of 200, each chunk committed with its progress);
  ``wall_s`` adds the worker's start-up;
- ``peak_rss_mb``: the highest resident memory of the worker or its forked work horse,
  sampled every 0.1 s from /proc;
- ``pdf_job_s``: the run closed, the payslip job (``modules.ik.jobs:pusula_paketi``) through
  a second real worker: one PDF per unit, each stored with its progress; its peak RSS and
  the PDFs' total size (``--pdfs`` is ignored by it: it prints the whole run);
- ``single_pdf_ms``: ``belge.bordro_pdf`` (one payslip, one file, as the staff page and
  self-service serve it) for ``--pdfs`` payslips (default 200) in one process, per payslip.

Database ``ebelediye_bench_ik`` on the server of ``DATABASE_URL`` (default the machine's at
127.0.0.1:5432), dropped and recreated; Redis ``REDIS_URL`` (default db 13).
"""

from __future__ import annotations

import argparse
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

from bench.gelir_accrual import _tree_rss_kb  # noqa: E402

DATABASE = "ebelediye_bench_ik"
SLUG = "bench"
DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/13"
RESULTS = ROOT / "bench" / "results" / "ik.json"
MONTH = "2026-03"


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


def _populate(staff: int) -> None:
    """Ten units, a memur and an işçi position in each; 30 % memurs with families, 70 % workers."""
    from sqlalchemy import text

    from ebelediye.extensions import db

    statements = [
        """INSERT INTO ik_birimler (kod, ad, aktif) SELECT '46.06.99.' || lpad(u::text, 2, '0'), 'Birim ' || u, true
           FROM generate_series(1, 10) u""",
        """INSERT INTO ik_kadrolar (birim_id, tur, sinif, unvan, derece, ekonomik_kod, aktif)
           SELECT id, t.tur, t.sinif, t.unvan, t.derece, t.kod, true FROM ik_birimler
           CROSS JOIN (VALUES ('memur', 'GİH', 'Memur', 8, '01.1.1.01'),
                              ('isci', 'İşçi', 'Sürekli işçi', NULL, '01.3.1.01')) t(tur, sinif, unvan, derece, kod)""",
        """INSERT INTO ik_personeller (sicil_no, tckn, ad, soyad, cinsiyet, dogum_tarihi, tur, sgk_statu, ise_giris,
                                      hizmet_baslangic, iban, es_yardimi, cocuk_0_6, cocuk_6_ustu, olusturan, created_at)
           SELECT 'P-' || lpad(i::text, 6, '0'), (10000000000 + i * 2)::text, 'Ad' || i, 'Soyad', 'E', '1980-01-01',
                  CASE WHEN i % 10 < 3 THEN 'memur' ELSE 'isci' END, CASE WHEN i % 10 < 3 THEN '4c' ELSE '4a' END,
                  '2015-01-01', '2010-01-01', 'TR330006100519786457841326', i % 2 = 0, i % 3, i % 2, 'bench', now()
           FROM generate_series(1, :n) i""",
        """WITH src AS (
               SELECT p.id AS pid, k.id AS kid, k.birim_id, p.tur FROM ik_personeller p
               JOIN ik_kadrolar k ON k.tur = p.tur AND k.birim_id = (SELECT min(id) FROM ik_birimler) + p.id % 10)
           INSERT INTO ik_atamalar (personel_id, kadro_id, birim_id, baslangic, brut_ucret, gosterge, ek_gosterge,
                                    yan_odeme_puan, gerekce, olusturan, created_at)
           SELECT pid, kid, birim_id, '2015-01-01', CASE WHEN tur = 'isci' THEN 33030 + (pid % 200) * 400 END,
                  CASE WHEN tur = 'memur' THEN 1320 END, CASE WHEN tur = 'memur' THEN 2200 ELSE 0 END,
                  CASE WHEN tur = 'memur' THEN 1000 ELSE 0 END, '', 'bench', now() FROM src""",
    ]
    for sql in statements:
        db.session.execute(text(sql), {"n": staff})
        db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()


def _worker(env: dict) -> tuple[str, int, int]:
    """A real ``flask rq worker --burst`` on the batch queue: its output and peak RSS (KB) of
    the busiest process and of the worker with its work horse."""
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
    worker.stdout.close()
    return output, peak_single, peak_total


def run(staff: int = 10_000, pdfs: int = 200, keep: bool = False) -> dict:
    admin_url, database_url, redis_url = _urls()
    from ebelediye import jobs
    from ebelediye.app import create_app
    from ebelediye.extensions import db
    from ebelediye.identity import StaffUser
    from tenants import migrate, services, template

    config = {"ENV": "testing", "DATABASE_URL": database_url, "REDIS_URL": redis_url, "MODULES": ["ik"],
              "BASE_DOMAIN": "bench.test", "VAR_DIR": str(ROOT / "var" / "bench")}
    app = create_app(config)
    result: dict = {"staff": staff}
    with app.app_context():
        jobs.redis_connection().flushdb()
        migrate.migrate_platform()
        template.build()
        services.request_tenant(services.ProvisionRequest(slug=SLUG, name="Bench Belediyesi", modules=["ik"]), "bench")
        services.provision(SLUG, "bench")
        with services.bound(SLUG):
            log(f"populating {staff:,} staff")
            _populate(staff)
            user = StaffUser(email="tahakkuk@bench.bel.tr", full_name="Bench", is_tenant_admin=True)
            db.session.add(user)
            db.session.flush()
            from modules.ik.models import Bordro

            row = Bordro(donem=MONTH, tur="asil", durum="taslak", olusturan=user.email)
            db.session.add(row)
            db.session.commit()
            run_id, actor = row.id, f"staff:{user.id}"
        env = dict(os.environ, EBELEDIYE_ENV="testing", EBELEDIYE_DATABASE_URL=database_url,
                   EBELEDIYE_REDIS_URL=redis_url, EBELEDIYE_MODULES="ik", EBELEDIYE_BASE_DOMAIN="bench.test",
                   PYTHONPATH=str(ROOT))
        log("payroll through the real job")
        started = time.perf_counter()
        record = jobs.enqueue(SLUG, "modules.ik.jobs:bordro_hesapla", run_id, queue_name="batch", actor=actor)
        output, peak_single, peak_total = _worker(env)
        db.session.expire_all()
        record = db.session.get(jobs.JobRecord, record.id)
        result["job_state"] = record.state
        result["job_s"] = (round((record.finished_at - record.started_at).total_seconds(), 2)
                           if record.finished_at else None)
        result["wall_s"] = round(time.perf_counter() - started, 2)
        result["peak_rss_mb"] = round(peak_single / 1024, 1)
        result["peak_rss_worker_and_horse_mb"] = round(peak_total / 1024, 1)
        if record.state != "finished":
            log(output[-3000:])
        log(f"  {result['job_s']} s, peak RSS {result['peak_rss_mb']} MB")
        with services.bound(SLUG):
            from datetime import date

            from sqlalchemy import select, text

            from modules.ik.models import BordroBelgesi, BordroSatiri
            from modules.ik.services import belge, bordro

            result["payslips"] = db.session.execute(text("SELECT count(*) FROM ik_bordro_satirlari")).scalar_one()
            bordro.kapat(run_id, date(2026, 3, 31), actor="bench")
            record = belge.paket_baslat(run_id, actor="bench", starter=actor)
            db.session.commit()
            record_id = record.id
        log("payslip PDFs through the real job, one PDF per unit")
        started = time.perf_counter()
        output, peak_single, peak_total = _worker(env)
        db.session.expire_all()
        record = db.session.get(jobs.JobRecord, record_id)
        result["pdf_job_state"] = record.state
        result["pdf_job_s"] = (round((record.finished_at - record.started_at).total_seconds(), 2)
                               if record.finished_at else None)
        result["pdf_wall_s"] = round(time.perf_counter() - started, 2)
        result["pdf_peak_rss_mb"] = round(peak_single / 1024, 1)
        if record.state != "finished":
            log(output[-3000:])
        with services.bound(SLUG):
            from sqlalchemy import func

            units, pages, size = db.session.execute(select(
                func.count(), func.coalesce(func.sum(BordroBelgesi.pusula_sayisi), 0),
                func.coalesce(func.sum(BordroBelgesi.boyut), 0)).where(BordroBelgesi.bordro_id == run_id)).one()
            result["pdf_units"], result["pdf_payslips"] = units, pages
            result["pdf_total_mb"] = round(size / 1024 / 1024, 1)
            log(f"  {result['pdf_job_s']} s for {pages:,} payslips in {units} PDFs, "
                f"peak RSS {result['pdf_peak_rss_mb']} MB")
            ids = list(db.session.scalars(select(BordroSatiri.id).order_by(BordroSatiri.id).limit(pdfs)))
            log(f"{len(ids):,} single payslip PDFs")
            started = time.perf_counter()
            for n, satir_id in enumerate(ids, start=1):
                belge.bordro_pdf(satir_id)
                if n % 500 == 0:
                    db.session.expunge_all()
            result["single_pdfs"] = len(ids)
            result["single_pdf_ms"] = round((time.perf_counter() - started) / max(1, len(ids)) * 1000, 1)
            log(f"  {result['single_pdf_ms']} ms each")
            db.session.commit()
        db.session.remove()
        db.engine.dispose()
    if not keep:
        import psycopg

        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    result["goals"] = {"job_s": "≤ 20 s on 2 cores", "peak_rss_mb": "≤ 300 MB",
                       "pdf_job_s": "≤ 60 s for 10,000"}
    result["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(),
                         "load_1m": round(os.getloadavg()[0], 2)}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--staff", type=int, default=10_000)
    parser.add_argument("--pdfs", type=int, default=200)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    figures = run(args.staff, args.pdfs, args.keep)
    figures["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(figures, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
