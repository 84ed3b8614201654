"""The recorded revisions (tenants/recorded.py) say what each schema holds: written in the
transaction that moves them, read by ``tenants migrate`` instead of the schemas; a tenant
without a record is read from its version tables once, and ``--verify`` reads them all."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from ebelediye.extensions import db
from ebelediye.tenancy import quote_ident
from tenants import histories, migrate, recorded, services
from tests.plugin import purge_tenant


def record_of(slug: str) -> dict[str, frozenset[str]]:
    return recorded.recorded(db.session.connection(), [slug]).get(slug, {})


def schema_of(slug: str) -> dict[str, frozenset[str]]:
    return recorded.actual(db.session.connection(), "t_" + slug)


def heads(modules: list[str]) -> dict[str, frozenset[str]]:
    return {h.version_table: h.heads() for h in histories.tenant_histories(modules)}


def test_the_shared_tenants_are_recorded_at_their_heads(app):
    for slug, modules in migrate.targets(["alfa", "beta"]):
        assert record_of(slug) == schema_of(slug) == heads(modules)


@pytest.mark.committed
def test_provision_enable_and_migrate_record_what_the_schema_holds(app, unique_slug):
    slug = unique_slug
    try:
        services.request_tenant(services.ProvisionRequest(slug=slug, name="Kayıt", modules=["ornek"]), "test")
        services.provision(slug, "test")
        assert record_of(slug) == schema_of(slug) == heads(["ornek"])
        services.enable_module(slug, "ornek_ek", "test")
        assert record_of(slug) == schema_of(slug) == heads(["ornek", "ornek_ek"])
        assert migrate.behind(migrate.targets([slug])) == []

        # one history back at base, as the code's new revision would find it, recorded as such
        schema = quote_ident("t_" + slug)
        db.session.execute(text(f"DROP TABLE {schema}.ornek_kayitlar CASCADE; "
                                f"DELETE FROM {schema}.alembic_version_ornek"))
        recorded.record(db.session.connection(), slug, schema_of(slug))
        db.session.commit()
        assert [s for s, _ in migrate.behind(migrate.targets([slug]))] == [slug]
        outcome = migrate.migrate_one(app, slug, ["ornek", "ornek_ek"])
        assert outcome.status == "migrated", outcome.error
        assert record_of(slug) == schema_of(slug) == heads(["ornek", "ornek_ek"])
    finally:
        purge_tenant(slug)
    assert db.session.scalar(text("SELECT count(*) FROM public.tenant_versions v LEFT JOIN public.tenants t "
                                  "ON t.id = v.tenant_id WHERE t.id IS NULL")) == 0  # gone with the tenant


@pytest.mark.committed
def test_a_failed_migration_leaves_the_old_record(app, unique_slug):
    slug = unique_slug
    try:
        services.request_tenant(services.ProvisionRequest(slug=slug, name="Kayıt", modules=["ornek"]), "test")
        services.provision(slug, "test")
        schema = quote_ident("t_" + slug)
        db.session.execute(text(f"DROP TABLE {schema}.ornek_kayitlar CASCADE; "
                                f"DELETE FROM {schema}.alembic_version_ornek; "
                                f"CREATE VIEW {schema}.ornek_kayitlar AS SELECT 1 AS id"))
        recorded.record(db.session.connection(), slug, schema_of(slug))
        db.session.commit()
        before = record_of(slug)
        assert migrate.migrate_one(app, slug, ["ornek"]).status == "failed"
        assert record_of(slug) == before  # rolled back with the migration: still behind
        assert [s for s, _ in migrate.behind(migrate.targets([slug]))] == [slug]
    finally:
        purge_tenant(slug)


def test_a_tenant_without_a_record_is_read_from_its_schema_and_recorded(app):
    # alfa's record lost (as for a tenant from before the record): read once, then recorded
    db.session.execute(text("DELETE FROM public.tenant_versions WHERE tenant_id = "
                            "(SELECT id FROM public.tenants WHERE slug = 'alfa')"))
    assert record_of("alfa") == {}
    assert migrate.behind(migrate.targets(["alfa"])) == []
    [(slug, modules)] = migrate.targets(["alfa"])
    assert record_of("alfa") == heads(modules)


def test_verify_finds_a_hand_edit_the_record_cannot_see(app):
    db.session.execute(text('DELETE FROM "t_alfa".alembic_version_ornek'))
    assert migrate.behind(migrate.targets(["alfa"])) == []  # the record says head
    assert [s for s, _ in migrate.behind(migrate.targets(["alfa"]), verify=True)] == ["alfa"]
    assert record_of("alfa")["alembic_version_ornek"] == frozenset()  # and it is recorded now
    assert [s for s, _ in migrate.behind(migrate.targets(["alfa"]))] == ["alfa"]


def test_the_cli_takes_verify(app):
    result = app.test_cli_runner().invoke(args=["tenants", "migrate", "alfa", "--verify"])
    assert result.exit_code == 0, result.output
    assert "hepsi güncel" in result.output
