"""The payroll job killed mid-run (SIGKILL of the rq worker and its work horse) and rerun
gives exactly one payslip per person."""

import subprocess
import sys

import pytest
from sqlalchemy import text

from ebelediye import jobs
from ebelediye.extensions import db
from ebelediye.identity import StaffUser
from modules.ik.models import Bordro
from modules.ik.services import bordro as service
from tenants import services
from tests.modules.gelir.test_tahakkuk_kill import _kill_tree, progress_notices
from tests.plugin import ROOT, purge_tenant, subprocess_env

STAFF = 300  # 150 chunks of two: killed after the tenth, the rerun does the rest


def _seed(slug: str) -> tuple[int, str]:
    with services.bound(slug):
        db.session.execute(text("INSERT INTO ik_birimler (kod, ad, aktif) VALUES ('46.06.99.01', 'Fen İşleri', true)"))
        db.session.execute(text("""
            INSERT INTO ik_kadrolar (birim_id, tur, sinif, unvan, ekonomik_kod, aktif)
            SELECT id, 'isci', 'İşçi', 'Sürekli işçi', '01.3.1.01', true FROM ik_birimler"""))
        db.session.execute(text("""
            INSERT INTO ik_personeller (sicil_no, tckn, ad, soyad, cinsiyet, dogum_tarihi, tur, sgk_statu, ise_giris,
                                        hizmet_baslangic, es_yardimi, cocuk_0_6, cocuk_6_ustu, olusturan, created_at)
            SELECT 'P-' || i, (10000000000 + i * 2)::text, 'Ad' || i, 'Soyad', 'E', '1980-01-01', 'isci', '4a',
                   '2025-01-01', '2025-01-01', false, 0, 0, 'test', now()
            FROM generate_series(1, :n) i"""), {"n": STAFF})
        db.session.execute(text("""
            WITH src AS (SELECT p.id AS pid, k.id AS kid, k.birim_id FROM ik_personeller p CROSS JOIN ik_kadrolar k)
            INSERT INTO ik_atamalar (personel_id, kadro_id, birim_id, baslangic, brut_ucret, ek_gosterge,
                                     yan_odeme_puan, gerekce, olusturan, created_at)
            SELECT pid, kid, birim_id, '2025-01-01', 40000 + pid, 0, 0, '', 'test', now() FROM src"""))
        user = StaffUser(email=f"tahakkuk@{slug}.bel.tr", full_name="Tahakkuk Şefi", is_tenant_admin=True)
        db.session.add(user)
        db.session.flush()
        run = Bordro(donem="2026-01", tur="asil", durum="taslak", olusturan=user.email)
        db.session.add(run)
        db.session.commit()
        return run.id, f"staff:{user.id}"


@pytest.mark.committed
@pytest.mark.slow
def test_payroll_worker_killed_mid_run_then_rerun_gives_one_payslip_per_person(app, unique_slug):
    slug = unique_slug
    try:
        services.request_tenant(services.ProvisionRequest(slug=slug, name="Kesinti", modules=["ik"]), "test")
        services.provision(slug, "test")
        run_id, actor = _seed(slug)
        record_id = jobs.enqueue(slug, "modules.ik.jobs:bordro_hesapla", run_id, 2, queue_name="batch",
                                 actor=actor).id
        db.session.commit()
        with progress_notices(record_id, at_least=20) as wait:
            worker = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "wsgi", "rq", "worker", "--queues", "batch"],
                cwd=ROOT, env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            try:
                wait(worker)  # the job committed its tenth chunk of two people
                _kill_tree(worker.pid)
            finally:
                if worker.poll() is None:
                    _kill_tree(worker.pid)
                worker.wait()
                worker.stdout.close()
        with services.bound(slug):
            db.session.execute(text("LOCK TABLE ik_bordro_satirlari IN SHARE MODE"))
            db.session.commit()
        with services.bound(slug):
            half = db.session.get(Bordro, run_id)
            before = db.session.execute(text("SELECT count(*) FROM ik_bordro_satirlari")).scalar_one()
            assert half.durum == "hesaplaniyor" and 0 < before < STAFF, "killed after the end: not a mid-run kill"
            assert before % 2 == 0  # every committed chunk is whole
            db.session.commit()
            service.hesapla(run_id)  # the rerun skips the payslips already made
            counts = db.session.execute(text(
                "SELECT count(*), count(DISTINCT personel_id) FROM ik_bordro_satirlari")).one()
            assert counts[0] == counts[1] == STAFF
            assert db.session.get(Bordro, run_id).kisi_sayisi == STAFF
            db.session.commit()
    finally:
        purge_tenant(slug)
