"""The DDL script and a freshly migrated schema are identical."""

import pytest
from sqlalchemy import text

from ebelediye.extensions import db
from ebelediye.tenancy import quote_ident
from tenants import histories, services, template
from tests.plugin import purge_tenant


def normalised(schema: str) -> list[str]:
    return sorted(template.split_dump(template.pg_dump_schema(schema), schema))


def versions(schema: str) -> dict[str, list[str]]:
    tables = db.session.scalars(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = :s AND tablename LIKE 'alembic\\_version%'"), {"s": schema}).all()
    return {t: sorted(db.session.scalars(text(f"SELECT version_num FROM {quote_ident(schema)}.{quote_ident(t)}")).all())
            for t in tables}


@pytest.mark.committed
def test_script_and_migrations_build_the_same_schema(app, unique_slug):
    scripted, migrated = unique_slug, unique_slug + "_m"
    try:
        services.request_tenant(services.ProvisionRequest(slug=scripted, name="Betik", modules=["ornek_ek"]), "test")
        services.provision(scripted, "test")
        with db.engine.connect() as conn:
            schema = "t_" + migrated
            conn.execute(text(f"CREATE SCHEMA {quote_ident(schema)}"))
            conn.execute(text("SELECT set_config('search_path', :p, true)"), {"p": quote_ident(schema)})
            for history in histories.tenant_histories(["ornek_ek"]):
                histories.upgrade(conn, history, schema)
            conn.commit()
        assert normalised("t_" + scripted) == normalised("t_" + migrated)
        assert versions("t_" + scripted) == versions("t_" + migrated)
        # rows the migrations inserted (built-in roles) came along too (timestamps aside)
        def roles(schema):
            return db.session.execute(text(
                f"SELECT id, key, name, description, builtin FROM {quote_ident(schema)}.roles ORDER BY id")).all()

        assert roles("t_" + scripted) == roles("t_" + migrated)
        assert [r.key for r in roles("t_" + scripted)] == ["yonetici", "denetci"]
        db.session.commit()
    finally:
        purge_tenant(scripted)
        purge_tenant(migrated)


def test_split_dump_abstracts_the_schema_and_drops_foreign_options():
    dump = (
        "--\n-- Name: x; Type: TABLE; Schema: tpl; Owner: -\n--\n\n"
        "CREATE TABLE tpl.x (\n    id bigint\n);\n"
        "ALTER TABLE ONLY tpl.x ALTER COLUMN id SET (pg_attver=123);\n"
    )
    assert template.split_dump(dump, "tpl") == [f"CREATE TABLE {template.PLACEHOLDER}.x (\n    id bigint\n);"]
