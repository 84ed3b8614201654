"""create -> suspend -> resume -> archive -> restore, with nothing lost; a provisioning
process killed half-way and rerun ends with one complete tenant."""

import os
import signal
import subprocess
import sys

import pytest
from sqlalchemy import select, text

from ebelediye.extensions import db
from tenants import archive, recorded, services
from tenants.models import Tenant
from tests.fixtures.ornek.jobs import SEED_GATE_MARKER
from tests.fixtures.ornek.models import OrnekKayit
from tests.plugin import ROOT, host, purge_tenant, subprocess_env


def cli(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.committed
def test_full_lifecycle_keeps_every_row(app, client, tmp_path, unique_slug):
    slug = unique_slug
    try:
        cli(app, "tenants", "create", slug, "--name", "Yaşam Döngüsü", "--modules", "ornek_ek",
            "--admin-email", "bt@yasam.bel.tr")
        with services.bound(slug):
            for i in range(250):
                db.session.add(OrnekKayit(baslik=f"kayıt {i} — çğıöşü"))
            db.session.commit()
            db.session.execute(text("INSERT INTO ornek_notlar (kayit_id, not_metni) SELECT id, 'not ' || id FROM ornek_kayitlar"))
            db.session.commit()
        digests = archive.table_digests("t_" + slug)
        db.session.commit()
        assert digests["ornek_kayitlar"]["rows"] == 251  # with the seed row

        cli(app, "tenants", "suspend", slug, "--reason", "borç")
        assert client.get("/ornek/", headers={"Host": host(slug)}).status_code == 503
        assert archive.table_digests("t_" + slug) == digests  # data intact while suspended
        db.session.commit()
        cli(app, "tenants", "resume", slug)
        assert client.get("/ornek/", headers={"Host": host(slug)}).status_code == 200

        target = tmp_path / "arsiv.tar"
        cli(app, "tenants", "archive", slug, "--to", str(target))
        assert target.exists()
        assert db.session.scalar(text("SELECT count(*) FROM pg_namespace WHERE nspname = :s"), {"s": "t_" + slug}) == 0
        assert db.session.scalar(select(Tenant.state).where(Tenant.slug == slug)) == "archived"
        assert recorded.recorded(db.session.connection(), [slug]) == {}  # no schema, no record
        db.session.commit()
        assert client.get("/ornek/", headers={"Host": host(slug)}).status_code == 404
        # archiving again to the same file is refused, and nothing changes
        assert app.test_cli_runner().invoke(args=["tenants", "archive", slug, "--to", str(target)]).exit_code != 0

        output = cli(app, "tenants", "restore", str(target))
        assert "geri yüklendi (active)" in output
        assert archive.table_digests("t_" + slug) == digests
        connection = db.session.connection()
        assert recorded.recorded(connection, [slug])[slug] == recorded.actual(connection, "t_" + slug)
        db.session.commit()
        response = client.get("/ornek/", headers={"Host": host(slug)})
        assert response.status_code == 200 and len(response.json) == 251
        # the restored schema is a working one: new rows get fresh ids
        created = client.post("/ornek/", json={"baslik": "yeni"}, headers={"Host": host(slug)})
        assert created.status_code == 201 and created.json["id"] > 251
    finally:
        purge_tenant(slug)


@pytest.mark.committed
def test_restore_refuses_a_file_that_is_not_an_archive(app, tmp_path):
    bogus = tmp_path / "bozuk.tar"
    bogus.write_bytes(b"not a tar at all")
    result = app.test_cli_runner().invoke(args=["tenants", "restore", str(bogus)])
    assert result.exit_code == 1 and "arşivi değil" in result.output


@pytest.mark.committed
@pytest.mark.slow
def test_provisioning_killed_half_way_then_rerun(app, unique_slug):
    slug = unique_slug
    try:
        services.request_tenant(services.ProvisionRequest(slug=slug, name="Kesinti", modules=["ornek"]), "test")
        # The seed of ornek says so on stdout, then waits, once the DDL has run inside the transaction.
        proc = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "tenants", "provision", slug],
            cwd=ROOT, env=subprocess_env(ORNEK_SEED_GATE="1"), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True,
        )
        output = []
        for line in proc.stdout:  # blocks until the gate speaks, or the process ends
            output.append(line)
            if SEED_GATE_MARKER in line:
                break
        assert proc.poll() is None, "provisioning never reached the seed:\n" + "".join(output)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        proc.stdin.close()
        # PostgreSQL notices the dead client and rolls its transaction back: wait for that on
        # the tenant row the provisioning transaction holds FOR UPDATE
        db.session.execute(text("SELECT 1 FROM public.tenants WHERE slug = :s FOR UPDATE"), {"s": slug})
        db.session.commit()
        db.session.rollback()
        assert db.session.scalar(select(Tenant.state).where(Tenant.slug == slug)) == "provisioning"
        assert db.session.scalar(text("SELECT count(*) FROM pg_namespace WHERE nspname = :s"), {"s": "t_" + slug}) == 0
        db.session.commit()

        env = subprocess_env()
        done = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", "tenants", "provision", slug],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        # and a third run is a no-op
        again = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", "tenants", "provision", slug],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )
        assert "zaten kuruluydu" in again.stdout
        assert db.session.scalar(select(Tenant.state).where(Tenant.slug == slug)) == "active"
        assert db.session.scalar(text("SELECT count(*) FROM pg_namespace WHERE nspname = :s"), {"s": "t_" + slug}) == 1
        db.session.commit()
        with services.bound(slug):
            assert db.session.scalar(select(db.func.count()).select_from(OrnekKayit)) == 1  # one seed row
            db.session.commit()
    finally:
        purge_tenant(slug)
