"""The yearly accrual killed mid-run (SIGKILL of the rq worker) and rerun gives exactly one
accrual per key."""

import os
import signal
import subprocess
import sys
from contextlib import contextmanager

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from ebelediye import jobs
from ebelediye.extensions import db
from ebelediye.identity import StaffUser
from modules.gelir.models import TopluTahakkuk
from modules.gelir.services import tahakkuk as service
from tenants import services
from tests.plugin import ROOT, purge_tenant, subprocess_env

PROPERTIES = 400  # 200 chunks of two: killed after the tenth, the rerun does the other 190


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, stack = [], [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def _kill_tree(pid: int) -> None:
    """SIGKILL the worker and rq's work horse (a forked child in its own process group)."""
    for victim in [pid, *_descendants(pid)]:
        try:
            os.kill(victim, signal.SIGKILL)
        except ProcessLookupError:
            pass


@contextmanager
def progress_notices(record_id, at_least: int):
    """``wait(process)`` returns once the job record ``record_id`` reports ``done >= at_least``
    (a trigger on the record NOTIFYs when its progress commits), or fails if ``process``
    dies first.  Events, not a stopwatch."""
    url = make_url(db.engine.url).set(drivername="postgresql").render_as_string(hide_password=False)
    channel = f"ilerleme_{record_id.hex}"
    setup = [
        f"""CREATE FUNCTION public.{channel}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN PERFORM pg_notify('{channel}', NEW.done::text); RETURN NEW; END $$""",
        f"""CREATE TRIGGER {channel} AFTER UPDATE OF done ON public.job_records FOR EACH ROW
            WHEN (NEW.id = '{record_id}' AND NEW.done >= {at_least}) EXECUTE FUNCTION public.{channel}()""",
    ]
    with psycopg.connect(url, autocommit=True) as listener:
        for statement in setup:
            listener.execute(statement)
        try:
            listener.execute(f"LISTEN {channel}")

            def wait(process) -> None:
                while process.poll() is None:
                    for _ in listener.notifies(timeout=1.0, stop_after=1):
                        return
                    # a job that ended without the progress asked for would leave the worker idle for ever
                    state, error = listener.execute("SELECT state, error FROM public.job_records WHERE id = %s",
                                                    (record_id,)).fetchone()
                    if state in ("finished", "failed"):
                        raise AssertionError(f"the job {state} before it reported {at_least} done: {error}")
                raise AssertionError("the worker died before the job got going: " + process.stdout.read().decode())

            yield wait
        finally:
            listener.execute(f"DROP TRIGGER {channel} ON public.job_records")
            listener.execute(f"DROP FUNCTION public.{channel}()")


def _seed(slug: str) -> tuple[int, str]:
    with services.bound(slug):
        db.session.execute(text("""
            INSERT INTO mukellefler (tur, tckn, ad, soyad, unvan, adres, telefon, eposta, created_at)
            SELECT 'gercek', (10000000000 + i * 2)::text, 'Ad' || i, 'Soyad', '', '', '', '', now()
            FROM generate_series(1, :n) i"""), {"n": PROPERTIES})
        db.session.execute(text("""
            INSERT INTO emlaklar (tur, mahalle, sokak, deger_bolgesi, ada, parsel, bagimsiz_bolum, arsa_alani,
                                  arsa_payi_alani, bina_alani, buyuksehir_mucavir, dinlenme_amacli, created_at)
            SELECT 'arsa', 'Merkez', '', 'B1', i, 1, '', 100 + i, 0, 0, false, false, now()
            FROM generate_series(1, :n) i"""), {"n": PROPERTIES})
        # a data-modifying CTE, not INSERT .. SELECT .. JOIN, which Citus refuses (docs/citus.md)
        db.session.execute(text("""
            WITH sahip AS (SELECT e.id AS emlak_id, m.id AS mukellef_id
                           FROM emlaklar e JOIN mukellefler m ON m.ad = 'Ad' || e.ada),
            ins AS (INSERT INTO emlak_hisseleri (emlak_id, mukellef_id, pay, payda, baslangic_yili)
                    SELECT emlak_id, mukellef_id, 1, 1, 2020 FROM sahip RETURNING 1)
            SELECT count(*) FROM ins"""))
        db.session.execute(text("""
            INSERT INTO tarifeler (tur, kod, ad, birim, tutar, gecerlilik_baslangic, created_at)
            VALUES ('arsa_birim', 'B1', 'B1', 'TL/m²', 800, '2026-01-01', now())"""))
        user = StaffUser(email=f"tahakkuk@{slug}.bel.tr", full_name="Tahakkuk Şefi", is_tenant_admin=True)
        db.session.add(user)
        db.session.flush()
        run = service.toplu_baslat(2026, "emlak", actor=user.email)
        db.session.commit()
        return run.id, f"staff:{user.id}"


@pytest.mark.committed
@pytest.mark.slow
def test_accrual_worker_killed_mid_run_then_rerun_gives_one_accrual_per_key(app, unique_slug):
    slug = unique_slug
    try:
        services.request_tenant(services.ProvisionRequest(slug=slug, name="Kesinti", modules=["gelir"]), "test")
        services.provision(slug, "test")
        run_id, actor = _seed(slug)
        record_id = jobs.enqueue(slug, "modules.gelir.jobs:toplu_tahakkuk", run_id, 2, queue_name="batch",
                                 actor=actor).id
        db.session.commit()  # hold no lock on job_records while the trigger comes and goes
        with progress_notices(record_id, at_least=20) as wait:
            worker = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "wsgi", "rq", "worker", "--queues", "batch"],
                cwd=ROOT, env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            try:
                wait(worker)  # the job committed its tenth chunk of two plots
                _kill_tree(worker.pid)
            finally:
                if worker.poll() is None:
                    _kill_tree(worker.pid)
                worker.wait()
                worker.stdout.close()
        with services.bound(slug):
            # PostgreSQL rolls the dead worker's open chunk back; wait for it on the table's
            # lock (an open insert holds ROW EXCLUSIVE, which SHARE waits for)
            db.session.execute(text("LOCK TABLE tahakkuklar IN SHARE MODE"))
            db.session.commit()
        with services.bound(slug):
            half = db.session.get(TopluTahakkuk, run_id)
            assert half.durum == "calisiyor" and 0 < half.imlec < PROPERTIES, "killed after the end: not a mid-run kill"
            before = db.session.execute(text("SELECT count(*) FROM tahakkuklar")).scalar_one()
            assert before == 2 * half.imlec  # every committed chunk is whole: both installments of each plot
            db.session.commit()
            service.toplu_calistir(run_id)  # the rerun resumes from the cursor
            counts = db.session.execute(text("""
                SELECT count(*) AS rows,
                       count(DISTINCT (mukellef_id, gelir_kodu, kaynak, yil, taksit, surum)) AS keys
                FROM tahakkuklar""")).one()
            assert counts.rows == counts.keys == 2 * PROPERTIES
            again = service.toplu_baslat(2026, "emlak", actor="x")
            db.session.commit()
            assert service.toplu_calistir(again.id).olusan == 0
            db.session.commit()
    finally:
        purge_tenant(slug)
