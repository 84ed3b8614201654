"""Evlendirme benchmark: slot search and booking under 50 concurrent clients on gunicorn.

    .venv/bin/python -m bench.evlendirme [--rounds R] [--requests N] [--client-threads 50] [--keep]

Variants, measured in interleaved rounds in one run:

- ``search``: ``GET /api/v1/evlendirme/slotlar?gun=<day>`` for one of the next 60 days (six
  halls × 72 slots a day, ten officiants, the day's bookings and closures read);
- ``book``: ``POST /api/v1/evlendirme/basvurular/<id>/randevu``: a different approved file
  into a different free slot every request (the file locked, the ceremony-day checks, the
  exclusion constraints, the fee priced from the tariff and opened at the desk, audit),
  the slots taken in order (the first 30 days, minute by minute, six halls at a time: the
  50 clients race for the same few officiants, as on the morning a popular date opens);
- ``book_spread``: the same, but consecutive bookings fall on different days (the last 30
  days): what a booking costs when it does not queue behind another's officiant;
- ``ping``: ``GET /_ping`` on the same tenant host, the yardstick.

Reported: requests/s, p50/p95 per variant and the throughput ratio of each to ``/_ping``
(median of per-round ratios).  Goal: p95 <= 50 ms for search and booking.  Writes
``bench/results/evlendirme.json``.

Services: the PostgreSQL server of ``DATABASE_URL`` (default 127.0.0.1:5432) gets a database
``bench_evl_evlendirme``, recreated at the start and dropped at the end (``--keep`` keeps it);
Redis ``REDIS_URL`` (default ``redis://127.0.0.1:6379/5``).  All traffic goes to 127.0.0.1;
every loop is bounded in count and time.  See ``docs/benchmarks.md``.
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
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__" and not __package__:
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.gelir import stop  # noqa: E402  (after the path fix above)
from bench.tenancy import APP_ENV, free_port, libpq, log, median, percentile, with_database  # noqa: E402

DATABASE = "bench_evl_evlendirme"
DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/5"
VAR_DIR = ROOT / "var" / "bench-evlendirme"
RESULTS = ROOT / "bench" / "results" / "evlendirme.json"
BASE_DOMAIN = "bench.test"
SLUG = "evlbench"
MODULES = {"evlendirme": "modules.evlendirme:spec"}
HALLS, OFFICERS, DAYS = 6, 10, 60
IST = ZoneInfo("Europe/Istanbul")


def app_config(database_url: str, redis_url: str) -> dict:
    return {"ENV": "production", "SECRET_KEY": "bench-only-secret-key-not-for-anything-else",
            "MFA_ENCRYPTION_KEYS": ["soZlh6EGDZXcL7ryGIvPPzoWuXLlbGT9DwlHq0w7zRM="],  # bench only
            "DATABASE_URL": database_url, "REDIS_URL": redis_url, "MODULES": list(MODULES),
            "MODULE_PATHS": dict(MODULES), "VAR_DIR": str(VAR_DIR), "BASE_DOMAIN": BASE_DOMAIN}


def recreate(admin_url: str, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(with_database(admin_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{DATABASE}"')


def forget_tenant_keys(redis_url: str) -> None:
    """The tenant's Redis keys of an earlier run (caches and their counters) describe a
    database that was dropped: a fresh database starts with none."""
    from redis import Redis

    redis = Redis.from_url(redis_url)
    for key in redis.scan_iter(match=f"t:{SLUG}:*", count=1000):
        redis.delete(key)


def seed(app, files: int) -> dict:
    """Platform, one tenant with Evlendirme, halls, officiants, ``files`` approved files
    (written set-based) and a staff API token holding the scheduling permissions."""
    from sqlalchemy import text

    from ebelediye.extensions import db
    from ebelediye.identity import StaffUser, issue_api_token
    from ebelediye.rbac import Role, RolePermission, StaffRole
    from tenants import migrate, services, template

    with app.app_context():
        migrate.migrate_platform()
        template.build()
        services.request_tenant(services.ProvisionRequest(slug=SLUG, name="Nikâh Bench Belediyesi", modules=list(MODULES),
                                                          admin_email=f"yonetici@{SLUG}.bel.tr"), "bench")
        services.provision(SLUG, "bench")
        with services.bound(SLUG):
            user = StaffUser(email=f"bench@{SLUG}.bel.tr", full_name="Bench Nikâh", is_tenant_admin=False)
            user.set_password("benchParola2026")
            role = Role(key="bench_nikah", name="Nikâh randevusu")
            db.session.add_all([user, role])
            db.session.flush()
            db.session.add_all([RolePermission(role_id=role.id, permission=p)
                                for p in ("evlendirme.basvuru.goruntule", "evlendirme.takvim.yonet")])
            db.session.add(StaffRole(staff_id=user.id, role_id=role.id))
            _, token = issue_api_token(user, "bench")
            db.session.execute(text("""
                INSERT INTO nikah_salonlari (ad, adres, kapasite, aktif)
                SELECT 'Salon ' || g, '', 200, true FROM generate_series(1, :h) g"""), {"h": HALLS})
            db.session.execute(text("""
                INSERT INTO nikah_slot_sablonlari (salon_id, hafta_gunu, baslangic, bitis, aralik_dk, sure_dk,
                                                   gecerli_baslangic)
                SELECT s.id, d, '08:00', '20:00', 10, 10, DATE '2026-01-01'
                FROM nikah_salonlari s CROSS JOIN generate_series(0, 6) d"""))
            db.session.execute(text("""
                INSERT INTO nikah_memurlari (ad_soyad, unvan, yetki_karari, aktif)
                SELECT 'Memur ' || g, 'Evlendirme Memuru', '', true FROM generate_series(1, :m) g"""), {"m": OFFICERS})
            db.session.execute(text("""
                INSERT INTO nikah_memur_calisma_saatleri (memur_id, hafta_gunu, baslangic, bitis)
                SELECT m.id, d, '07:30', '20:30' FROM nikah_memurlari m CROSS JOIN generate_series(0, 6) d"""))
            db.session.execute(text("""
                INSERT INTO nikah_basvurulari (no, kanal, durum, amac, basvuru_tarihi, gecerlilik_bitis, davetli_sayisi,
                    soyad_tercihi, tercuman, iletisim_eposta, iletisim_telefon, izin_belgesi_yeri, olusturan, ret_nedeni)
                SELECT '2026/' || lpad(g::text, 6, '0'), 'masa', 'onaylandi', 'nikah', CURRENT_DATE,
                       CURRENT_DATE + 180, 50, 'es', '', '', '', '', 'bench', ''
                FROM generate_series(1, :n) g"""), {"n": files})
            db.session.execute(text("""
                WITH src AS (SELECT id FROM nikah_basvurulari)
                INSERT INTO nikah_taraflari (basvuru_id, sira, tckn, yabanci, uyruk, pasaport_no, koruma_statusu, ad, soyad,
                    baba_adi, anne_adi, cinsiyet, dogum_tarihi, dogum_yeri, medeni_hal, olu, eposta, onay_at, onay_kanal)
                SELECT src.id, s, NULL, true, 'Bench', 'P' || src.id || s, false, 'Ad', 'Soyad', '', '',
                       CASE s WHEN 1 THEN 'E' ELSE 'K' END, DATE '1995-01-01', '', 'bekar', false, '', now(), 'masa'
                FROM src CROSS JOIN generate_series(1, 2) s"""))
            db.session.commit()
            db.session.execute(text("ANALYZE"))
            db.session.commit()
            files_ids = [r[0] for r in db.session.execute(text("SELECT id FROM nikah_basvurulari ORDER BY id"))]
            halls = [r[0] for r in db.session.execute(text("SELECT id FROM nikah_salonlari ORDER BY id"))]
            db.session.commit()
        db.session.remove()
    return {"token": token, "files": files_ids, "halls": halls}


def slots_ahead(halls: list[int], first: date, days: range) -> list[tuple[int, str]]:
    """Every (hall, start) of ``days`` (offsets from ``first``), a day at a time."""
    out = []
    for d in days:
        day = first + timedelta(days=d)
        for minute in range(8 * 60, 20 * 60, 10):
            for hall in halls:
                start = datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=IST)
                out.append((hall, start.isoformat()))
    return out


def start_gunicorn(config: dict, workers: int, threads: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = dict(os.environ)
    env[APP_ENV] = json.dumps(config)
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
            if call(port, "GET", "/_ping")[0] == 200:
                return server, port
        except OSError:
            pass
        if time.monotonic() > deadline:
            stop(server)
            raise RuntimeError("gunicorn did not answer within 60 s")
        time.sleep(0.2)


def call(port: int, method: str, path: str, body: dict | None = None, headers: dict | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        sent = {"Host": f"{SLUG}.{BASE_DOMAIN}", **(headers or {})}
        payload = None
        if body is not None:
            payload, sent["Content-Type"] = json.dumps(body), "application/json"
        conn.request(method, path, body=payload, headers=sent)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def load(port: int, make, requests: int, threads: int, max_seconds: float) -> dict:
    """``requests`` calls over ``threads`` keep-alive connections; ``make(n)`` gives the n-th
    call as (method, path, body, headers, expected statuses)."""
    counter = itertools.count()
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + max_seconds

    def worker() -> None:
        conn = None
        mine: list[float] = []
        bad: list[str] = []
        while time.monotonic() < deadline and (number := next(counter)) < requests:
            method, path, body, headers, expected = make(number)
            sent = {"Host": f"{SLUG}.{BASE_DOMAIN}", **headers}
            payload = None
            if body is not None:
                payload, sent["Content-Type"] = json.dumps(body), "application/json"
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
                started = time.perf_counter()
                conn.request(method, path, body=payload, headers=sent)
                response = conn.getresponse()
                text = response.read()
                elapsed = time.perf_counter() - started
                if response.status in expected:
                    mine.append(elapsed)
                else:
                    bad.append(f"{response.status} {text[:120]!r}")
                if response.will_close:
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException) as exc:
                bad.append(type(exc).__name__)
                if conn is not None:
                    conn.close()
                conn = None
        if conn is not None:
            conn.close()
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    started = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(max_seconds + 30)
    seconds = time.perf_counter() - started
    return {"ok": len(latencies), "errors": len(errors), "error_samples": errors[:3], "seconds": seconds,
            "rps": len(latencies) / seconds if seconds else 0.0, "latencies": latencies}


def run(args) -> dict:
    from sqlalchemy import text

    from ebelediye.app import create_app
    from ebelediye.extensions import db

    os.environ.setdefault("XDG_RUNTIME_DIR", str(ROOT / "var" / "run"))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, parents=True, exist_ok=True)
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    admin_url = libpq(os.environ.get("DATABASE_URL", DEFAULT_ADMIN_URL))
    redis_url = os.environ.get("REDIS_URL", DEFAULT_REDIS_URL)
    recreate(admin_url)
    forget_tenant_keys(redis_url)
    database_url = with_database(admin_url, DATABASE)
    load_at_start = list(os.getloadavg())
    started = time.perf_counter()
    total_bookings = 2 * (args.rounds + 1) * args.requests
    try:
        config = app_config(database_url, redis_url)
        app = create_app(config)
        with app.app_context():
            pg_version = db.session.scalar(text("SHOW server_version"))
            db.session.commit()
        log(f"seeding {HALLS} halls, {OFFICERS} officiants, {total_bookings} approved files")
        seeded = seed(app, total_bookings)
        with app.app_context():
            db.engine.dispose()
        first = date.today() + timedelta(days=2)
        slots = slots_ahead(seeded["halls"], first, range(DAYS // 2))
        per_day = len(slots) // (DAYS // 2)
        by_day = slots_ahead(seeded["halls"], first, range(DAYS // 2, DAYS))
        spread = [by_day[(k % (DAYS // 2)) * per_day + k // (DAYS // 2)] for k in range(len(by_day))]
        if len(slots) < total_bookings // 2:
            raise RuntimeError("not enough slots for the bookings asked for")
        auth = {"Authorization": f"Bearer {seeded['token']}"}
        bookings, spread_bookings = itertools.count(), itertools.count()
        spread_files = seeded["files"][total_bookings // 2:]

        def ping(_n):
            return "GET", "/_ping", None, {}, (200,)

        def search(n):
            return "GET", f"/api/v1/evlendirme/slotlar?gun={first + timedelta(days=n % DAYS)}", None, auth, (200,)

        def book(_n):
            k = next(bookings)
            hall, start = slots[k]
            return ("POST", f"/api/v1/evlendirme/basvurular/{seeded['files'][k]}/randevu",
                    {"salon_id": hall, "baslangic": start}, auth, (201,))

        def book_spread(_n):
            k = next(spread_bookings)
            hall, start = spread[k]
            return ("POST", f"/api/v1/evlendirme/basvurular/{spread_files[k]}/randevu",
                    {"salon_id": hall, "baslangic": start}, auth, (201,))

        server, port = start_gunicorn(config, args.workers, args.threads)
        try:
            status, body = call(port, "GET", search(0)[1], headers=auth)
            if status != 200 or len(json.loads(body)["slotlar"]) != HALLS * 72:
                raise RuntimeError(f"slot search answered {status}: {body[:300]!r}")
            variants = {"ping": ping, "search": search, "book": book, "book_spread": book_spread}
            log("warm-up")
            for make in variants.values():
                load(port, make, args.requests, args.client_threads, args.round_seconds)
            rounds: list[dict] = []
            for r in range(args.rounds):
                names = list(variants) if r % 2 == 0 else list(reversed(variants))
                rounds.append({name: load(port, variants[name], args.requests, args.client_threads, args.round_seconds)
                               for name in names})
                log(f"  round {r + 1}/{args.rounds}: search {rounds[-1]['search']['rps']:.0f} req/s, "
                    f"book {rounds[-1]['book']['rps']:.0f} req/s, book_spread {rounds[-1]['book_spread']['rps']:.0f} req/s, "
                    f"/_ping {rounds[-1]['ping']['rps']:.0f} req/s")
        finally:
            stop(server)
        with app.app_context():
            from tenants import services

            with services.bound(SLUG):
                overlaps = db.session.execute(text("""
                    SELECT count(*) FROM nikahlar a JOIN nikahlar b ON a.id < b.id AND a.salon_id = b.salon_id
                    AND a.baslangic < b.bitis AND b.baslangic < a.bitis
                    WHERE a.durum IN ('tutuldu', 'kesin') AND b.durum IN ('tutuldu', 'kesin')""")).scalar_one()
                booked = db.session.execute(text("SELECT count(*) FROM nikahlar")).scalar_one()
                db.session.commit()
            db.engine.dispose()
    finally:
        if not args.keep:
            recreate(admin_url, drop_only=True)

    def figure(name: str) -> dict:
        lat = [x for rd in rounds for x in rd[name]["latencies"]]
        ratios = [rd[name]["rps"] / rd["ping"]["rps"] for rd in rounds]
        p95 = percentile(lat, 0.95) * 1000
        errors = sum(rd[name]["errors"] for rd in rounds)
        return {"p95_ms": p95, "p50_ms": percentile(lat, 0.5) * 1000, "rps_median": median([rd[name]["rps"] for rd in rounds]),
                "ratio_to_ping": median(ratios), "per_round_ratios": ratios, "errors": errors,
                "error_samples": [s for rd in rounds for s in rd[name]["error_samples"]][:5],
                "goal": "p95 <= 50 ms", "pass": p95 <= 50 and errors == 0}

    ping_lat = [x for rd in rounds for x in rd["ping"]["latencies"]]
    return {
        "benchmark": "evlendirme",
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "run_seconds": round(time.perf_counter() - started, 1),
        "machine": {"cores": os.cpu_count(), "postgresql": pg_version, "python": platform.python_version(),
                    "load_average_at_start": load_at_start, "load_average_at_end": list(os.getloadavg()),
                    "platform": platform.platform()},
        "parameters": {k: v for k, v in vars(args).items() if k != "func"}
        | {"halls": HALLS, "officers": OFFICERS, "slots_per_hall_day": 72, "database": DATABASE},
        "figures": {
            "search": figure("search"), "book": figure("book"), "book_spread": figure("book_spread"),
            "ping": {"rps_median": median([rd["ping"]["rps"] for rd in rounds]),
                     "p50_ms": percentile(ping_lat, 0.5) * 1000, "p95_ms": percentile(ping_lat, 0.95) * 1000},
        },
        "checks": {"bookings_written": booked, "hall_overlaps": overlaps},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.evlendirme", description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="interleaved measured rounds (default 5)")
    parser.add_argument("--requests", type=int, default=500, help="requests per round and variant (default 500)")
    parser.add_argument("--round-seconds", type=float, default=60.0, help="time bound of one round (default 60)")
    parser.add_argument("--client-threads", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=8, help="gunicorn threads per worker (default 8)")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args(argv)
    report = run(args)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n")
    f = report["figures"]
    print(f"\nevlendirme benchmark, {report['machine']['cores']} cores, load {report['machine']['load_average_at_start']}")
    for name in ("search", "book", "book_spread"):
        print(f"  {name:7s} {f[name]['rps_median']:7.0f} req/s  p50 {f[name]['p50_ms']:6.1f} ms  p95 {f[name]['p95_ms']:6.1f} ms"
              f"  ratio to /_ping {f[name]['ratio_to_ping']:.3f}  errors {f[name]['errors']}  "
              f"{'PASS' if f[name]['pass'] else 'MISS'}")
    print(f"  /_ping  {f['ping']['rps_median']:7.0f} req/s  p95 {f['ping']['p95_ms']:6.1f} ms")
    print(f"  bookings written {report['checks']['bookings_written']}, hall overlaps {report['checks']['hall_overlaps']}")
    print(f"written to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
