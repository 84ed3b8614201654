"""`tenants migrate` runs Alembic's offline rendering of the missing revisions in each tenant
(rendered once, not once per tenant): it must build exactly what an online upgrade builds,
and fall back to the online upgrade for a revision that needs a live connection."""

import textwrap

import pytest
from sqlalchemy import text

from ebelediye.extensions import db
from ebelediye.tenancy import quote_ident
from tenants import histories, migrate
from tests.plugin import purge_tenant
from tests.tenants.test_template import normalised, versions


@pytest.mark.committed
def test_the_offline_plan_builds_what_alembic_online_builds(app, unique_slug):
    online, offline = unique_slug + "_on", unique_slug + "_off"
    every = app.extensions["ebelediye.registry"].keys()  # the real modules and the fixtures
    try:
        with db.engine.connect() as conn:
            for slug in (online, offline):
                conn.execute(text(f"CREATE SCHEMA {quote_ident('t_' + slug)}"))
            conn.execute(text("SELECT set_config('search_path', :p, true)"), {"p": quote_ident("t_" + online)})
            for history in histories.tenant_histories(every):
                histories.upgrade(conn, history, "t_" + online)
            conn.commit()
            conn.execute(text("SELECT set_config('search_path', :p, true)"), {"p": quote_ident("t_" + offline)})
            rendered = set()
            for history in histories.tenant_histories(every):
                step = histories.plan(history, None)
                if step.sql is None:  # a revision reads the database (core c0007): migrate_one goes online
                    histories.upgrade(conn, history, "t_" + offline)
                    continue
                rendered.add(history.name)
                for statement in histories.statements(step.sql):  # as migrate_one runs it
                    conn.exec_driver_sql(statement)
            assert {"gelir", "muhasebe", "ik", "evlendirme"} <= rendered  # the modules render offline
            conn.commit()
        assert normalised("t_" + online) == normalised("t_" + offline)
        assert versions("t_" + online) == versions("t_" + offline)
        db.session.commit()
    finally:
        purge_tenant(online)
        purge_tenant(offline)


def test_a_step_from_head_is_empty_and_a_revision_that_reads_the_database_goes_online(tmp_path):
    assert histories.plan(histories.CORE, histories.CORE.heads()) == histories.Plan((), "")
    (tmp_path / "versions").mkdir()
    (tmp_path / "script.py.mako").write_text("")
    (tmp_path / "versions" / "x1.py").write_text(textwrap.dedent('''
        from alembic import op
        revision, down_revision, branch_labels, depends_on = "x1", None, None, None

        def upgrade():
            count = op.get_bind().execute(op.inline_literal(1))  # needs a live connection

        def downgrade():
            pass
    '''))
    step = histories.plan(histories.History("reads", tmp_path, "alembic_version_reads"), None)
    assert step.revisions == ("x1",) and step.sql is None
    # an emptied version table: offline mode would create it again, so the online upgrade runs
    emptied = histories.plan(histories.CORE, frozenset())
    assert emptied.sql is None and emptied.revisions[0] == "c0001"


def test_versions_are_read_under_the_tenants_lock(app):
    with db.engine.connect() as conn, conn.begin():
        have = migrate._lock_and_read_versions(conn, "alfa", ["alembic_version", "alembic_version_yok"])
        held = conn.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"))
        assert held.scalar() == 1
    assert have == {"alembic_version": histories.CORE.heads()}  # an absent version table is left out


@pytest.mark.committed
def test_the_cli_migrates_through_the_plan_in_each_tenant(app, unique_slug):
    from tenants import services

    slugs = [unique_slug + "_a", unique_slug + "_b"]
    try:
        for slug in slugs:
            services.request_tenant(services.ProvisionRequest(slug=slug, name=slug, modules=["ornek"]), "test")
            services.provision(slug, "test")
            schema = quote_ident("t_" + slug)
            db.session.execute(text(f"DROP TABLE {schema}.ornek_kayitlar; DROP TABLE {schema}.alembic_version_ornek"))
        db.session.commit()
        ornek = next(h for h in histories.tenant_histories(["ornek"]) if h.name == "ornek")
        assert histories.plan(ornek, None).sql  # these tenants take the offline path
        # the schemas were edited by hand: --verify reads them (the record still says head)
        result = app.test_cli_runner().invoke(args=["tenants", "migrate", *slugs, "--jobs", "2", "--verify"])
        assert result.exit_code == 0, result.output
        assert "2 taşındı, 0 başarısız" in result.output
        for slug in slugs:
            assert versions("t_" + slug)["alembic_version_ornek"] == ["o0001"]
            assert db.session.scalar(text(f"SELECT to_regclass('{'t_' + slug}.ornek_kayitlar') IS NOT NULL"))
        db.session.commit()
    finally:
        for slug in slugs:
            purge_tenant(slug)


def test_a_rendered_plan_runs_statement_by_statement_without_splitting_quotes():
    """Citus refuses several commands in one DDL string on a worker: the batch is split at
    Alembic's terminators only, never inside a string or a function body."""
    from tenants.histories import statements

    sql = ("CREATE TABLE a (x int);\n\n"
           "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN;\n\nEND $body$ LANGUAGE plpgsql;\n\n"
           "-- Running upgrade x -> y\n\n"
           "INSERT INTO v VALUES ('a;\n\nb');\n\n")
    assert statements(sql) == [
        "CREATE TABLE a (x int);",
        "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN;\n\nEND $body$ LANGUAGE plpgsql;",
        "-- Running upgrade x -> y\n\nINSERT INTO v VALUES ('a;\n\nb');",
    ]
