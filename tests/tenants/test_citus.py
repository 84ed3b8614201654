"""Tenants on a Citus cluster: reference tables, sizes and nodes, append-only audit on the
shards, moving a tenant and rebalancing; and what the same code does on plain PostgreSQL."""

import uuid

import pytest
from psycopg import errors
from sqlalchemy import exc, text

from ebelediye import jobs
from ebelediye.extensions import db
from tenants import citus, services, stats
from tests.citus import on_citus, requires_citus, worker_of
from tests.plugin import ADMIN_HOST, purge_tenant, sign_in_ministry

H = {"Host": ADMIN_HOST}


def test_platform_lookup_tables_are_reference_tables_on_citus_and_plain_tables_otherwise():
    kinds = dict(db.session.execute(text(
        "SELECT c.relname, p.partmethod::text || p.repmodel::text FROM pg_class c "
        "LEFT JOIN pg_dist_partition p ON p.logicalrelid = c.oid "
        "WHERE c.relnamespace = 'public'::regnamespace AND c.relname IN ('national_parameters', 'tenants')")
        if on_citus() else text("SELECT 'national_parameters', NULL UNION ALL SELECT 'tenants', NULL")).all())
    if on_citus():
        # 'n'one partition, 't'wo-phase replicated: a reference table; tenants stays local (p0005)
        assert kinds == {"national_parameters": "nt", "tenants": None}
    else:
        assert kinds == {"national_parameters": None, "tenants": None}
        assert not citus.present() and citus.schema_nodes(["t_alfa"]) == {} and citus.workers() == []


def test_sizes_come_from_the_worker_and_each_tenant_shows_its_node():
    figures = stats.tenant_stats(["alfa", "beta"])
    if not on_citus():
        assert figures["alfa"]["node"] is None and figures["alfa"]["size_bytes"] > 0
        return
    shells = db.session.scalar(text(
        "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
        "WHERE c.relnamespace = 't_alfa'::regnamespace AND c.relkind = 'r'"))
    on_worker = db.session.scalar(text(
        "SELECT sum(shard_size) FROM citus_shards s JOIN pg_class c ON c.oid = s.table_name "
        "WHERE c.relnamespace = 't_alfa'::regnamespace"))
    assert figures["alfa"]["size_bytes"] == on_worker > shells
    assert figures["alfa"]["node"] == worker_of("t_alfa") and figures["alfa"]["node"] in citus.workers()
    assert {figures["alfa"]["node"], figures["beta"]["node"]} <= set(citus.workers())


def test_the_console_shows_each_tenant_s_node(client):
    sign_in_ministry(client)
    page = client.get("/konsol/", headers=H).get_data(as_text=True)
    detail = client.get("/konsol/belediye/alfa", headers=H).get_data(as_text=True)
    if on_citus():
        node = worker_of("t_alfa")
        assert "Düğüm" in page and f"<code>{node}</code>" in page
        assert f"<code>{node}</code>" in detail and "Başka düğüme taşı" in detail
        other = next(n for n in citus.workers() if n != node)
        assert f'<option value="{other}">' in detail and f'<option value="{node}">' not in detail
    else:
        assert "Düğüm" not in page and "Başka düğüme taşı" not in detail


def test_the_append_only_trigger_holds_on_the_shards():
    with services.bound("alfa"):
        db.session.execute(text("INSERT INTO audit_entries (actor, action) VALUES ('test', 'test.citus')"))
        for statement in ("UPDATE audit_entries SET actor = 'x'", "DELETE FROM audit_entries"):
            with pytest.raises(exc.DBAPIError) as refused, db.session.begin_nested():
                db.session.execute(text(statement))
            assert isinstance(refused.value.orig, errors.InsufficientPrivilege)
            assert "append-only" in str(refused.value.orig)


def test_move_is_refused_with_a_message_for_a_bad_node_and_off_citus(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["tenants", "move", "alfa", "--node", "not a node"])
    assert result.exit_code == 1
    assert ("HOST:PORT" if on_citus() else "Citus kümesi değil") in result.output
    result = runner.invoke(args=["tenants", "move", "alfa", "--node", "127.0.0.1:1"])
    assert result.exit_code == 1
    assert ("etkin bir düğümü değil" if on_citus() else "Citus kümesi değil") in result.output
    assert runner.invoke(args=["tenants", "move", "yokboyle", "--node", "127.0.0.1:1"]).exit_code == 1


def test_console_move_refuses_a_node_outside_the_cluster(client):
    sign_in_ministry(client)
    response = client.post("/konsol/belediye/alfa/tasi", data={"node": "10.9.9.9:5432"}, headers=H)
    assert response.status_code == 302
    assert jobs.queue("batch").get_jobs() == []
    assert client.post("/konsol/belediye/yokboyle/tasi", data={"node": "x:1"}, headers=H).status_code == 404


@pytest.mark.committed
def test_a_tenant_moves_to_the_other_worker_with_its_rows_and_an_audit_row(app, client):
    requires_citus()
    slug = "tm" + uuid.uuid4().hex[:8]
    try:
        services.request_tenant(services.ProvisionRequest(slug=slug, name="Taşınan", modules=["ornek"]), "test")
        services.provision(slug, "test")
        with services.bound(slug):
            db.session.execute(text("INSERT INTO ornek_kayitlar (baslik) SELECT 'k' || g FROM generate_series(1, 50) g"))
            db.session.commit()
        with services.bound(slug):
            rows = db.session.scalar(text("SELECT count(*) FROM ornek_kayitlar"))
            db.session.rollback()
        source = worker_of("t_" + slug)
        target = next(n for n in citus.workers() if n != source)
        db.session.commit()
        # from the console: a batch job, with progress, run as the worker would
        sign_in_ministry(client, email=f"{slug}@bakanlik.gov.tr")
        response = client.post(f"/konsol/belediye/{slug}/tasi", data={"node": target}, headers=H)
        assert response.status_code == 302
        from rq import SimpleWorker

        assert SimpleWorker([jobs.queue("batch")], connection=jobs.redis_connection()).work(burst=True)
        db.session.rollback()
        assert worker_of("t_" + slug) == target
        record = db.session.scalar(text("SELECT state FROM public.job_records WHERE tenant_slug = :s "
                                        "AND func = 'tenants.jobs:move'"), {"s": slug})
        assert record == "finished"
        with services.bound(slug):
            assert db.session.scalar(text("SELECT count(*) FROM ornek_kayitlar")) == rows >= 50
            db.session.rollback()
        moved = db.session.execute(text(
            "SELECT before, after FROM public.platform_audit_entries WHERE action = 'tenant.moved' "
            "AND tenant_slug = :s"), {"s": slug}).one()
        assert moved == ({"node": source}, {"node": target})
        # and back from the CLI; moving to where it is changes nothing
        result = app.test_cli_runner().invoke(args=["tenants", "move", slug, "--node", source])
        assert result.exit_code == 0 and f"{target} -> {source}" in result.output, result.output
        result = app.test_cli_runner().invoke(args=["tenants", "move", slug, "--node", source])
        assert result.exit_code == 0 and "zaten" in result.output
        db.session.rollback()
        assert worker_of("t_" + slug) == source
        db.session.commit()
    finally:
        db.session.rollback()
        db.session.execute(text("DELETE FROM public.ministry_users WHERE email = :e"), {"e": f"{slug}@bakanlik.gov.tr"})
        db.session.commit()
        purge_tenant(slug)


@pytest.mark.committed
def test_rebalance_prints_the_tenants_per_node(app):
    requires_citus()
    result = app.test_cli_runner().invoke(args=["tenants", "rebalance", "--wait"])
    assert result.exit_code == 0, result.output
    nodes = citus.workers()
    lines = [line.strip() for line in result.output.splitlines() if line.strip().endswith("belediye")]
    assert {line.split(":")[0] + ":" + line.split(":")[1] for line in lines} <= set(nodes)
    assert sum(int(line.rsplit(" ", 2)[-2]) for line in lines) >= 2  # alfa and beta at least
    db.session.commit()
