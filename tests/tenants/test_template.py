"""The DDL script and a freshly migrated schema are identical."""

import pytest
from sqlalchemy import text

from ebelediye.extensions import db
from ebelediye.tenancy import quote_ident
from tenants import histories, services, template
from tests.plugin import REAL_MODULES, purge_tenant


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


def constraints(schema: str) -> list[tuple]:
    """Every constraint and index of ``schema``: table, name, kind, referenced table, columns."""
    return sorted(db.session.execute(text(
        "SELECT c.conrelid::regclass::text, c.conname, c.contype::text, c.confrelid::regclass::text, "
        "c.conkey::text, c.confkey::text FROM pg_constraint c WHERE c.connamespace = to_regnamespace(:s) "
        "UNION ALL SELECT tablename, indexname, 'i', NULL, NULL, NULL FROM pg_indexes WHERE schemaname = :s"),
        {"s": schema}).all(), key=repr)


@pytest.mark.committed
def test_every_module_s_script_has_the_migrations_keys_foreign_keys_and_indexes(app, unique_slug):
    # The stored script folds keys and foreign keys into CREATE TABLE (fewer statements on Citus).
    # (A textual comparison of every module fails on a replayed dump's spelling of CHECK and
    # EXCLUDE predicates, ARRAY[…::text] for (ARRAY[…])::text[]: the catalog is compared here.)
    scripted, migrated = unique_slug, unique_slug + "_m"
    modules = ["ornek_ek", *REAL_MODULES]
    try:
        services.request_tenant(services.ProvisionRequest(slug=scripted, name="Betik", modules=modules), "test")
        services.provision(scripted, "test")
        with db.engine.connect() as conn:
            schema = "t_" + migrated
            conn.execute(text(f"CREATE SCHEMA {quote_ident(schema)}"))
            conn.execute(text("SELECT set_config('search_path', :p, true)"), {"p": quote_ident(schema)})
            for history in histories.tenant_histories(modules):
                histories.upgrade(conn, history, schema)
            conn.commit()

        def unqualified(schema):
            return [tuple(str(v).replace(f"t_{schema}.", "").replace(f'"t_{schema}".', "") if v is not None else None
                          for v in row) for row in constraints("t_" + schema)]

        found = unqualified(scripted)
        assert found == unqualified(migrated)
        assert sum(1 for row in found if row[2] == "f") > 50  # the foreign keys are there
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


def test_identities_move_into_create_table():
    """pg_dump's ``ALTER TABLE .. ADD GENERATED .. AS IDENTITY`` (refused by Citus on a
    distributed table) becomes part of the column in ``CREATE TABLE``."""
    dump = (
        "--\n-- Name: x; Type: TABLE; Schema: tpl; Owner: -\n--\n\n"
        "CREATE TABLE tpl.x (\n    id bigint NOT NULL,\n    \"before\" jsonb,\n    n integer NOT NULL\n);\n\n"
        "--\n-- Name: x_id_seq; Type: SEQUENCE; Schema: tpl; Owner: -\n--\n\n"
        "ALTER TABLE tpl.x ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (\n"
        "    SEQUENCE NAME tpl.x_id_seq\n    START WITH 1\n    INCREMENT BY 1\n    NO MINVALUE\n"
        "    NO MAXVALUE\n    CACHE 1\n);\n\n"
        "--\n-- Name: x_n_seq; Type: SEQUENCE; Schema: tpl; Owner: -\n--\n\n"
        "ALTER TABLE tpl.x ALTER COLUMN n ADD GENERATED ALWAYS AS IDENTITY (\n"
        "    SEQUENCE NAME tpl.x_n_seq\n    START WITH 5\n    INCREMENT BY 1\n    NO MINVALUE\n"
        "    NO MAXVALUE\n    CACHE 1\n);\n"
    )
    p = template.PLACEHOLDER
    assert template.split_dump(dump, "tpl") == [
        f"CREATE TABLE {p}.x (\n"
        f"    id bigint NOT NULL GENERATED BY DEFAULT AS IDENTITY (SEQUENCE NAME {p}.x_id_seq START WITH 1 "
        "INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1),\n"
        "    \"before\" jsonb,\n"
        f"    n integer NOT NULL GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME {p}.x_n_seq START WITH 5 "
        "INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1)\n);"
    ]


def test_no_identity_is_added_after_its_table(app):
    """The stored template never alters a table to add an identity (Citus refuses it)."""
    layers = template.current().layers
    statements = [s for layer in layers.values() for s in layer]
    assert statements and not [s for s in statements if "ADD GENERATED" in s]
    assert any("GENERATED BY DEFAULT AS IDENTITY" in s for s in statements)


def test_keys_and_foreign_keys_fold_into_their_tables_referenced_tables_first():
    p = template.PLACEHOLDER
    layer = [
        f"CREATE TABLE {p}.a (\n    id bigint NOT NULL,\n    b_id bigint\n);",
        f"CREATE SEQUENCE {p}.s\n    START WITH 1;",
        f"CREATE TABLE {p}.b (\n    id bigint NOT NULL,\n    kod text\n);",
        f"ALTER SEQUENCE {p}.s OWNED BY {p}.b.id;",
        f"ALTER TABLE ONLY {p}.a\n    ADD CONSTRAINT pk_a PRIMARY KEY (id);",
        f"ALTER TABLE ONLY {p}.b\n    ADD CONSTRAINT pk_b PRIMARY KEY (id);",
        f"ALTER TABLE ONLY {p}.b\n    ADD CONSTRAINT uq_b_kod UNIQUE (kod);",
        f"CREATE INDEX ix_a_b ON {p}.a USING btree (b_id);",
        f"ALTER TABLE ONLY {p}.a\n    ADD CONSTRAINT fk_a_b FOREIGN KEY (b_id) REFERENCES {p}.b(id);",
        f"ALTER TABLE ONLY {p}.a\n    ADD CONSTRAINT fk_a_b_kod FOREIGN KEY (b_id) REFERENCES {p}.b(ad);",
        f"ALTER TABLE ONLY {p}.x\n    ADD CONSTRAINT pk_x PRIMARY KEY (id);",
    ]
    assert template.fold_constraints(layer) == [
        f"CREATE SEQUENCE {p}.s\n    START WITH 1;",
        f"CREATE TABLE {p}.b (\n    id bigint NOT NULL,\n    kod text,\n"
        "    CONSTRAINT pk_b PRIMARY KEY (id),\n    CONSTRAINT uq_b_kod UNIQUE (kod)\n);",
        f"CREATE TABLE {p}.a (\n    id bigint NOT NULL,\n    b_id bigint,\n"
        f"    CONSTRAINT pk_a PRIMARY KEY (id),\n    CONSTRAINT fk_a_b FOREIGN KEY (b_id) REFERENCES {p}.b(id)\n);",
        f"ALTER SEQUENCE {p}.s OWNED BY {p}.b.id;",
        f"CREATE INDEX ix_a_b ON {p}.a USING btree (b_id);",
        # no key of b on (ad): a unique index made later, so the ALTER stays; x is another layer's
        f"ALTER TABLE ONLY {p}.a\n    ADD CONSTRAINT fk_a_b_kod FOREIGN KEY (b_id) REFERENCES {p}.b(ad);",
        f"ALTER TABLE ONLY {p}.x\n    ADD CONSTRAINT pk_x PRIMARY KEY (id);",
    ]
    cycle = [f"CREATE TABLE {p}.a (\n    id bigint\n);", f"CREATE TABLE {p}.b (\n    id bigint\n);",
             f"ALTER TABLE ONLY {p}.a\n    ADD CONSTRAINT pk_a PRIMARY KEY (id);",
             f"ALTER TABLE ONLY {p}.b\n    ADD CONSTRAINT pk_b PRIMARY KEY (id);",
             f"ALTER TABLE ONLY {p}.a\n    ADD CONSTRAINT fk_a FOREIGN KEY (id) REFERENCES {p}.b(id);",
             f"ALTER TABLE ONLY {p}.b\n    ADD CONSTRAINT fk_b FOREIGN KEY (id) REFERENCES {p}.a(id);"]
    assert template.fold_constraints(cycle) == cycle


def test_the_stored_template_adds_no_key_after_its_table(app):
    statements = [s for layer in template.current().layers.values() for s in layer]
    assert not [s for s in statements if "ADD CONSTRAINT" in s and ("PRIMARY KEY" in s or "FOREIGN KEY" in s)]
    assert any("CONSTRAINT pk_mukellefler PRIMARY KEY (id)" in s for s in statements)
