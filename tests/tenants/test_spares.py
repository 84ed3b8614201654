"""Spare schemas: a tenant provisioned from one is the tenant a cold provision builds, a
spare is taken once, a failed provision gives it back, and stale spares are never used."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select, text

from ebelediye import jobs
from ebelediye.extensions import db
from ebelediye.jobs import JobRecord
from tenants import citus, services, spares, template
from tenants.models import SpareSchema
from tests.citus import on_citus
from tests.plugin import purge_tenant
from tests.tenants.test_template import normalised, versions

MODULES = ["ornek_ek"]  # requires ornek: the closure is what a spare is keyed by


def schemas_like_spares() -> list[str]:
    return db.session.scalars(text("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, :p)"),
                              {"p": spares.PREFIX}).all()


def provision(slug: str, modules=MODULES) -> dict:
    services.request_tenant(services.ProvisionRequest(slug=slug, name=slug.title(), modules=modules,
                                                      admin_email=f"bt@{slug}.bel.tr"), "test")
    return services.provision(slug, "test")


@pytest.mark.committed  # pg_dump reads what is committed
def test_a_tenant_from_a_spare_is_the_tenant_a_cold_provision_builds(app, unique_slug):
    warm_slug, cold_slug = unique_slug, unique_slug + "c"
    try:
        compare_warm_and_cold(warm_slug, cold_slug)
    finally:
        purge_tenant(warm_slug)
        purge_tenant(cold_slug)
        spares.prune(keep_current=False)


def compare_warm_and_cold(warm_slug: str, cold_slug: str) -> None:
    [spare] = spares.fill(MODULES, 1)
    assert spares.pool()[0]["modules"] == "ornek,ornek_ek" and spares.pool()[0]["count"] == 1

    warm = provision(warm_slug)
    cold = provision(cold_slug)  # the pool is empty now
    assert warm["from_spare"] and not cold["from_spare"]
    assert spare not in schemas_like_spares() and spares.pool() == []
    warm_schema, cold_schema = "t_" + warm_slug, "t_" + cold_slug
    assert normalised(warm_schema) == normalised(cold_schema)
    assert versions(warm_schema) == versions(cold_schema)
    # what is the tenant's own was made at provision, not in the spare: seeds and the first admin
    for schema in (warm_schema, cold_schema):
        assert db.session.scalar(text(f"SELECT count(*) FROM {schema}.roles")) == 2
        assert db.session.scalar(text(f"SELECT count(*) FROM {schema}.staff_users")) == 1
    if on_citus():  # the renamed spare is still a distributed schema, on a worker
        nodes = citus.schema_nodes([warm_schema, cold_schema, spare])
        assert set(nodes) == {warm_schema, cold_schema}, nodes
    # the tenant's statements find its tables by the new name
    with services.bound(warm_slug):
        assert db.session.scalar(text("SELECT (current_schemas(false))[1]")) == warm_schema
        seeded = db.session.scalar(text("SELECT count(*) FROM ornek_kayitlar"))
    assert seeded == db.session.scalar(text(f"SELECT count(*) FROM {cold_schema}.ornek_kayitlar"))


def test_a_spare_of_another_module_set_is_not_taken(app):
    spares.fill(["ornek"], 1)
    assert not provision("baska")["from_spare"]
    assert [row["count"] for row in spares.pool()] == [1]


def test_a_failed_provision_gives_its_spare_back(app, monkeypatch):
    [spare] = spares.fill(MODULES, 1)
    services.request_tenant(services.ProvisionRequest(slug="bozuk", name="Bozuk", modules=MODULES), "test")

    def broken_seed(*args):
        raise RuntimeError("seed failed")

    monkeypatch.setattr(services, "_run_seeds", broken_seed)
    with pytest.raises(RuntimeError):
        services.provision("bozuk", "test")
    db.session.rollback()
    assert spare in schemas_like_spares()
    assert db.session.get(SpareSchema, spare) is not None
    assert not db.session.scalar(text("SELECT count(*) FROM pg_namespace WHERE nspname = 't_bozuk'"))
    monkeypatch.undo()
    assert services.provision("bozuk", "test")["from_spare"]


def test_spares_of_older_heads_are_never_taken_and_are_pruned(app):
    [spare] = spares.fill(MODULES, 1)
    db.session.get_one(SpareSchema, spare).template_key = "eski-sablon"
    db.session.commit()
    assert spares.take(template.current().key, MODULES) is None
    assert spares.prune() == [spare]
    assert schemas_like_spares() == [] and spares.pool() == []


def test_fill_tops_up_and_is_idempotent(app):
    assert len(spares.fill(MODULES, 2)) == 2
    assert spares.fill(MODULES, 2) == []
    assert len(spares.fill(MODULES, 3)) == 1
    assert spares.prune(keep_current=False) and schemas_like_spares() == []


def test_a_provision_queues_the_refill_only_when_the_pool_is_on(app, monkeypatch):
    def refills():
        return db.session.scalars(select(JobRecord).where(JobRecord.func_path == "tenants.jobs:refill_spares")).all()

    provision("kapali")
    assert refills() == []
    monkeypatch.setitem(app.config, "TENANT_SPARES", 1)
    provision("acik")
    [record] = refills()
    assert record.args == [["ornek", "ornek_ek"]] and record.tenant_slug is None
    assert jobs.execute(record) == {"modules": ["ornek", "ornek_ek"], "built": 1}
    assert provision("ucuncu")["from_spare"]


@pytest.mark.committed
def test_two_provisions_at_once_never_take_the_same_spare(app):
    built = spares.fill(MODULES, 1)
    key = template.current().key
    taken: list[str | None] = []
    barrier = threading.Barrier(2)

    def take():
        with app.app_context():
            try:
                db.session.execute(text("SELECT 1"))
                barrier.wait(timeout=10)
                taken.append(spares.take(key, MODULES))
                barrier.wait(timeout=10)  # both hold their transaction open until both have tried
            finally:
                db.session.rollback()
                db.session.remove()

    try:
        threads = [threading.Thread(target=take) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(taken, key=str) == [built[0], None] or sorted(taken, key=str) == [None, built[0]]
        assert taken.count(None) == 1
    finally:
        spares.prune(keep_current=False)


def test_cli_fills_lists_and_prunes(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["tenants", "spares", "fill", "--modules", "yok"])
    assert result.exit_code == 1 and "Bilinmeyen modül: yok" in result.output
    assert schemas_like_spares() == []
    result = runner.invoke(args=["tenants", "spares", "fill", "--modules", "ornek_ek", "--count", "0"])
    assert result.exit_code == 2
    result = runner.invoke(args=["tenants", "spares", "fill", "--modules", "ornek_ek", "--count", "1"])
    assert result.exit_code == 0 and "ornek,ornek_ek: 1 yedek şema hazırlandı" in result.output
    result = runner.invoke(args=["tenants", "spares", "list"])
    assert "ornek,ornek_ek: 1 yedek, güncel" in result.output
    result = runner.invoke(args=["tenants", "spares", "prune", "--all"])
    assert result.exit_code == 0 and "1 yedek şema silindi" in result.output
    assert runner.invoke(args=["tenants", "spares", "list"]).output.strip() == "Havuzda yedek şema yok."
