"""Muhasebe benchmark, in one process on the machine's PostgreSQL:

    .venv/bin/python -m bench.muhasebe [--lines 1000000] [--collections 300] [--rounds 5] [--keep]

- ``mizan``: the trial balance of a year over ``--lines`` approved voucher lines in one
  tenant (``rapor.mizan``: the GROUP BY of the lines joined to their approved vouchers in
  the date range, the roll-up to main accounts and the control rules) against a bare
  ``SELECT hesap_kod, sum(borc), sum(alacak) FROM muh_fis_satirlari GROUP BY hesap_kod``
  of the same lines, interleaved, medians of ``--rounds``.  Goal: ≤ 1.5× the bare GROUP BY.
- ``collection``: one Gelir cash-desk collection (``tahsilat.tahsil`` and its commit) in a
  tenant with Muhasebe enabled (the receivers post 100/120 and 805/800 in the same
  transaction) and in one without, interleaved, medians.  Goal: ≤ 1.3× without.
- ``backpost``: a tenant that ran Gelir for 2025 without Muhasebe (``--backpost-accruals``
  accrual rows, ``--backpost-collections`` receipts each applied to one of them, by cash,
  card and transfer, a year's days) enables Muhasebe; the back-posting job
  (``geri_aktarim.baslat`` + ``calistir``, its chunk commits included) brings the ledger up
  to date through the ``RevenueLedger`` port.  Goal: ≤ 60 s on 2 cores.  Checked: the 120
  balance equals what Gelir says taxpayers owe.

Database ``ebelediye_bench_muhasebe`` on the server of ``DATABASE_URL`` (default
127.0.0.1:5432), dropped and recreated, dropped at the end unless ``--keep``; Redis
``REDIS_URL`` (default db 13).  Writes ``bench/results/muhasebe.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__" and not __package__:
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.tenancy import libpq, log, median, with_database  # noqa: E402

DATABASE = "ebelediye_bench_muhasebe"
DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/13"
RESULTS = ROOT / "bench" / "results" / "muhasebe.json"
WITH, WITHOUT, LATE = "muhbench", "muhyok", "muhgeri"
CODES = ["100", "102", "109", "120", "320", "333", "360", "361", "600", "630", "800", "805", "830", "835", "900",
         "901", "905", "103", "140", "121"]


def _recreate(admin: str, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(with_database(admin, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{DATABASE}"')


def _config(database_url: str, redis_url: str) -> dict:
    return {"ENV": "testing", "DATABASE_URL": database_url, "REDIS_URL": redis_url,
            "MODULES": ["gelir", "muhasebe"], "BASE_DOMAIN": "bench.test", "VAR_DIR": str(ROOT / "var" / "bench-muh")}


def _lines(n: int) -> None:
    """``n`` approved voucher lines: n / 10 vouchers of five balanced pairs, spread over 2026."""
    from sqlalchemy import text

    from ebelediye.extensions import db

    vouchers = max(1, n // 10)
    started = time.perf_counter()
    db.session.execute(text("""
        INSERT INTO muh_fisler (yil, no, tur, tarih, aciklama, durum, toplam, hazirlayan, onaylayan, onay_at)
        SELECT 2026, base.n + i, 'mif', DATE '2026-01-01' + (i % 365), 'bench', 'onaylandi', 0, 'bench', 'bench2',
               now()
        FROM generate_series(1, :v) i, (SELECT coalesce(max(no), 0) AS n FROM muh_fisler WHERE yil = 2026) base"""),
                       {"v": vouchers})
    db.session.execute(text("""
        INSERT INTO muh_fis_satirlari (fis_id, tarih, sira, hesap_kod, kurumsal, fonksiyonel, finansman, ekonomik,
                                       borc, alacak, aciklama)
        SELECT f.id, f.tarih, p * 2 + s, (CAST(:codes AS text[]))[1 + ((f.id * 7 + p * 3 + s * 11) % 20)], '', '', '5',
               '0' || (1 + p) || '.1', CASE WHEN s = 0 THEN a ELSE 0 END, CASE WHEN s = 1 THEN a ELSE 0 END, ''
        FROM (SELECT id, tarih FROM muh_fisler WHERE aciklama = 'bench') f
        CROSS JOIN generate_series(0, 4) p CROSS JOIN generate_series(0, 1) s
        CROSS JOIN LATERAL (SELECT (1 + (f.id * 31 + p * 17) % 100000) / 100.0 AS a) amt"""), {"codes": CODES})
    db.session.execute(text("""INSERT INTO muh_sayaclar (yil, son) SELECT 2026, max(no) FROM muh_fisler WHERE yil = 2026
                               ON CONFLICT (yil) DO UPDATE SET son = excluded.son"""))
    db.session.commit()
    db.session.execute(text("ANALYZE muh_fisler"))
    db.session.execute(text("ANALYZE muh_fis_satirlari"))
    db.session.commit()
    log(f"  {n:,} lines in {vouchers:,} vouchers: {time.perf_counter() - started:.1f} s")


def _mizan(rounds: int) -> dict:
    from sqlalchemy import text

    from ebelediye.extensions import db
    from modules.muhasebe.services import rapor

    bare_sql = text("SELECT hesap_kod, sum(borc), sum(alacak) FROM muh_fis_satirlari GROUP BY hesap_kod")
    ours, bare = [], []
    db.session.execute(bare_sql).all()  # warm both once
    rapor.mizan(date(2026, 1, 1), date(2026, 12, 31))
    for _ in range(rounds):
        started = time.perf_counter()
        rows = db.session.execute(bare_sql).all()
        bare.append(time.perf_counter() - started)
        started = time.perf_counter()
        m = rapor.mizan(date(2026, 1, 1), date(2026, 12, 31))
        ours.append(time.perf_counter() - started)
        assert m.borc == m.alacak and len(rows) >= 20
    db.session.commit()
    return {"mizan_s": round(median(ours), 3), "bare_group_by_s": round(median(bare), 3),
            "ratio": round(median(ours) / median(bare), 2), "rounds": rounds, "all_mizan_s": [round(x, 3) for x in ours],
            "all_bare_s": [round(x, 3) for x in bare]}


def _payers(n: int) -> list[int]:
    from sqlalchemy import text

    from ebelediye.extensions import db

    ids = db.session.execute(text("""
        INSERT INTO mukellefler (tur, tckn, ad, soyad, unvan, adres, telefon, eposta, created_at)
        SELECT 'gercek', (20000000000 + i)::text, 'Ad', 'Soyad', '', '', '', '', now() FROM generate_series(1, :n) i
        RETURNING id"""), {"n": n}).scalars().all()
    db.session.execute(text("""
        INSERT INTO tahakkuklar (mukellef_id, gelir_kodu, kaynak, yil, taksit, surum, vade, tutar, aciklama,
                                 olusturan, created_at)
        SELECT m.id, 'emlak_arsa', 'bench:' || m.id, 2026, 1, 1, DATE '2026-11-30', 250.00, '', 'bench', now()
        FROM mukellefler m WHERE m.tckn LIKE '2%'"""))
    db.session.commit()
    return list(ids)


def _collections(app, n: int) -> dict:
    from ebelediye import uow
    from modules.gelir.services import tahsilat
    from tenants import services

    payers = {}
    for slug in (WITH, WITHOUT):
        with services.bound(slug):
            payers[slug] = _payers(n + 5)
    times: dict[str, list[float]] = {WITH: [], WITHOUT: []}
    day = date(2026, 11, 2)
    for i in range(n + 5):
        for slug in ((WITH, WITHOUT) if i % 2 == 0 else (WITHOUT, WITH)):
            started = time.perf_counter()
            with services.bound(slug), uow.unit_of_work():
                tahsilat.tahsil(payers[slug][i], "250.00", "nakit", day, actor="bench@bench")
            if i >= 5:  # the first five warm the caches
                times[slug].append(time.perf_counter() - started)
    with services.bound(WITH):
        from sqlalchemy import text

        from ebelediye.extensions import db

        posted = db.session.execute(text("SELECT count(*) FROM muh_fisler WHERE kaynak LIKE 'gelir:makbuz:%'")).scalar()
        db.session.commit()
    w, wo = median(times[WITH]), median(times[WITHOUT])
    return {"with_muhasebe_ms": round(w * 1000, 2), "without_ms": round(wo * 1000, 2), "ratio": round(w / wo, 2),
            "collections": n, "vouchers_posted": posted}


def _gelir_year(accruals: int, collections: int) -> None:
    """A year (2025) of Gelir without Muhasebe, written set-wise: accruals, receipts applied to them."""
    from sqlalchemy import text

    from ebelediye.extensions import db

    started = time.perf_counter()
    payers = max(1, accruals // 4)
    db.session.execute(text("""
        INSERT INTO mukellefler (tur, tckn, ad, soyad, unvan, adres, telefon, eposta, created_at)
        SELECT 'gercek', (30000000000 + i)::text, 'Ad', 'Soyad', '', '', '', '', now() FROM generate_series(1, :n) i"""),
                       {"n": payers})
    db.session.execute(text("""
        INSERT INTO tahakkuklar (mukellef_id, gelir_kodu, kaynak, yil, taksit, surum, vade, tutar, aciklama,
                                 olusturan, created_at)
        SELECT m.first + (i % :p), (ARRAY['emlak_arsa', 'emlak_bina', 'ctv_konut', 'ilan_reklam'])[1 + i % 4],
               'bench:' || i, 2025, 1 + (i / :p) % 2, 1, DATE '2025-05-31', 100.00 + (i % 900), '', 'bench',
               TIMESTAMPTZ '2025-01-02 09:00:00+03' + ((i % 360) || ' days')::interval
        FROM generate_series(0, :n - 1) i, (SELECT min(id) AS first FROM mukellefler) m"""),
                       {"n": accruals, "p": payers})
    db.session.execute(text("""
        INSERT INTO tahsilatlar (makbuz_no, dogrulama_kodu, mukellef_id, kanal, tutar, tarih, alan, belge_no, created_at)
        SELECT 'B' || t.id, 'D' || t.id, t.mukellef_id, (ARRAY['nakit', 'kart', 'havale'])[1 + t.id % 3], t.tutar,
               (t.created_at AT TIME ZONE 'Europe/Istanbul')::date + 3, 'bench', '', t.created_at + interval '3 days'
        FROM tahakkuklar t WHERE t.id % 2 = 0 ORDER BY t.id LIMIT :c"""), {"c": collections})
    db.session.execute(text("""
        INSERT INTO tahsilat_dagilimlari (tahsilat_id, tahakkuk_id, tutar)
        SELECT c.id, substr(c.makbuz_no, 2)::bigint, c.tutar FROM tahsilatlar c WHERE c.makbuz_no LIKE 'B%'"""))
    db.session.commit()
    db.session.execute(text("ANALYZE tahakkuklar, tahsilatlar, tahsilat_dagilimlari, mukellefler"))
    db.session.commit()
    log(f"  {accruals:,} accruals, {collections:,} collections written in {time.perf_counter() - started:.1f} s")


def _backpost(accruals: int, collections: int) -> dict:
    from datetime import UTC, datetime

    from sqlalchemy import func, select

    from ebelediye import ports, uow
    from ebelediye.extensions import db
    from modules.muhasebe.models import FisSatiri
    from modules.muhasebe.services import geri_aktarim
    from tenants import services

    with services.bound(LATE):
        _gelir_year(accruals, collections)
    services.enable_module(LATE, "muhasebe", "bench")
    with services.bound(LATE), uow.unit_of_work():
        started = time.perf_counter()
        run = geri_aktarim.baslat(actor="bench", kesim=datetime.now(UTC))
        run = geri_aktarim.calistir(run.id)
        elapsed = time.perf_counter() - started
        facts = {"durum": run.durum, "vouchers": run.fis_sayisi, "records": run.kayit_sayisi, "amount": str(run.tutar)}
    with services.bound(LATE):
        owed = sum((v for _, v in ports.resolve(ports.RevenueLedger).open_debts(date(2025, 12, 31))), 0)
        receivable = db.session.scalar(select(func.coalesce(func.sum(FisSatiri.borc - FisSatiri.alacak), 0))
                                       .where(FisSatiri.hesap_kod == "120"))
        db.session.commit()
    return {"accrual_rows": accruals, "collections": collections, "seconds": round(elapsed, 1), **facts,
            "ledger_120": str(receivable), "gelir_open_debts": str(owed), "reconciles": receivable == owed}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--collections", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--backpost-accruals", type=int, default=2_000_000)
    parser.add_argument("--backpost-collections", type=int, default=1_000_000)
    parser.add_argument("--only", choices=("all", "backpost"), default="all")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    admin = libpq(os.environ.get("DATABASE_URL", DEFAULT_ADMIN_URL))
    _recreate(admin)
    database_url = with_database(admin, DATABASE)
    from ebelediye import jobs
    from ebelediye.app import create_app
    from ebelediye.extensions import db
    from tenants import migrate, services, template

    app = create_app(_config(database_url, os.environ.get("REDIS_URL", DEFAULT_REDIS_URL)))
    result: dict = {}
    try:
        with app.app_context():
            jobs.redis_connection().flushdb()
            migrate.migrate_platform()
            template.build()
            for slug, modules in ((WITH, ["gelir", "muhasebe"]), (WITHOUT, ["gelir"]), (LATE, ["gelir"])):
                services.request_tenant(services.ProvisionRequest(slug=slug, name=slug, modules=modules), "bench")
                services.provision(slug, "bench")
            if args.only == "all":
                log("collections, interleaved between the two tenants")
                result["collection"] = _collections(app, args.collections)
                log(f"  {result['collection']}")
                with services.bound(WITH):
                    log(f"populating {args.lines:,} voucher lines")
                    _lines(args.lines)
                    log("mizan against a bare GROUP BY, interleaved")
                    result["mizan"] = {"lines": args.lines, **_mizan(args.rounds)}
                    log(f"  {result['mizan']}")
            if args.backpost_accruals:
                log(f"back-posting a year of {args.backpost_accruals:,} accruals, {args.backpost_collections:,} collections")
                result["backpost"] = _backpost(args.backpost_accruals, args.backpost_collections)
                log(f"  {result['backpost']}")
            db.session.remove()
            db.engine.dispose()
    finally:
        if not args.keep:
            _recreate(admin, drop_only=True)
    result["goals"] = {"mizan": "≤ 1.5 × bare GROUP BY", "collection": "≤ 1.3 × without Muhasebe",
                       "backpost": "≤ 60 s for 2,000,000 accruals and 1,000,000 collections"}
    result["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(),
                         "load_average": [round(x, 1) for x in os.getloadavg()]}
    result["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    if RESULTS.exists():  # a part not run this time keeps its last figures (each says when it was measured)
        for part in ("collection", "mizan", "backpost"):
            if part in result:
                result[part] = {**result[part], "machine": result["machine"], "measured_at": result["measured_at"]}
        result = {**json.loads(RESULTS.read_text()), **result}
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
