"""The audit trails are append-only, enforced by the database."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from ebelediye import audit, jobs
from ebelediye.extensions import db
from tenants import services


def test_platform_audit_rejects_update_and_delete():
    audit.record("deneme", actor="test", platform=True)
    db.session.commit()
    for statement in ("UPDATE public.platform_audit_entries SET actor = 'x'",
                      "DELETE FROM public.platform_audit_entries"):
        with pytest.raises(DBAPIError, match="append-only"):
            with db.session.begin_nested():
                db.session.execute(text(statement))


def test_tenant_audit_rejects_update_and_delete():
    with services.bound("alfa"):
        audit.record("deneme", actor="test")
        db.session.commit()
        for statement in ("UPDATE audit_entries SET actor = 'x'", "DELETE FROM audit_entries"):
            with pytest.raises(DBAPIError, match="append-only"):
                with db.session.begin_nested():
                    db.session.execute(text(statement))
        db.session.rollback()


def test_lifecycle_transitions_are_audited():
    before = db.session.scalar(text("SELECT count(*) FROM public.platform_audit_entries WHERE tenant_slug = 'alfa'"))
    services.suspend("alfa", "ministry:ayse", "test")
    services.resume("alfa", "ministry:ayse")
    rows = db.session.execute(text(
        "SELECT action, actor, before->>'state', after->>'state' FROM public.platform_audit_entries "
        "WHERE tenant_slug = 'alfa' ORDER BY id DESC LIMIT 2")).all()
    assert db.session.scalar(text("SELECT count(*) FROM public.platform_audit_entries WHERE tenant_slug = 'alfa'")) == before + 2
    assert rows == [("tenant.active", "ministry:ayse", "suspended", "active"),
                    ("tenant.suspended", "ministry:ayse", "active", "suspended")]


def _request(app, work, status: int = 201):
    """Run ``work`` as the body of a POST on alfa's host, through the app's own before- and
    after-request steps (tenant binding, unit of work, the audit guard)."""
    from flask import Response

    from tests.plugin import host

    with app.test_request_context("/ornek/", method="POST", headers={"Host": host("alfa")}):
        app.preprocess_request()
        try:
            work()
            return app.process_response(Response(status=status))
        finally:
            db.session.rollback()
            app.do_teardown_request()


def _orm_insert(title="denetimsiz"):
    from tests.fixtures.ornek.models import OrnekKayit

    db.session.add(OrnekKayit(baslik=title))


def _sql(statement):
    return lambda: db.session.execute(text(statement))


def _audit():
    audit.record("ornek.kayit.olustur", actor="test")


def _steps(*steps):
    def run():
        for step in steps:
            step()
    return run


@pytest.mark.parametrize("work", [
    _orm_insert,  # added, never flushed by the view: the guard flushes before it looks
    _sql("INSERT INTO ornek_kayitlar (baslik) VALUES ('elle')"),
    _sql("WITH n AS (SELECT 'cte' AS b) INSERT INTO ornek_kayitlar (baslik) SELECT b FROM n"),
    # a second change after the audited first one
    _steps(_orm_insert, _audit, lambda: db.session.flush(), _sql("UPDATE ornek_kayitlar SET baslik = 'sonra'")),
    # the audit row was written first (the statement flushed it): it covers only what came before
    _steps(_orm_insert, lambda: db.session.flush(), _audit, _sql("UPDATE ornek_kayitlar SET baslik = baslik || '!'")),
    # an audit row inside a savepoint that rolled back covers nothing
    _steps(_sql("INSERT INTO ornek_kayitlar (baslik) VALUES ('once')"),
           lambda: _rolled_back(_steps(_audit, lambda: db.session.flush()))),
], ids=["orm-unflushed", "text-insert", "cte-insert", "change-after-the-audit-row", "audited-then-changed",
                          "audit-rolled-back"])
def test_a_change_without_an_audit_row_after_it_fails_the_request(app, work):
    """The guard behind 'every change is audited': it runs after every request of the suite."""
    with pytest.raises(AssertionError, match="ornek_kayitlar without an audit row"):
        _request(app, work)


def _rolled_back(work):
    step = db.session.begin_nested()
    work()
    step.rollback()


@pytest.mark.parametrize("work", [
    _steps(_orm_insert, _audit),  # one flush: the audit row covers its whole flush
    _steps(_sql("INSERT INTO ornek_kayitlar (baslik) VALUES ('a')"), lambda: db.session.flush(), _audit),
    _sql("UPDATE ornek_kayitlar SET baslik = 'x' WHERE id = -1"),  # matched no row: no change
    _sql("SELECT id FROM ornek_kayitlar FOR UPDATE"),
    lambda: _rolled_back(_sql("INSERT INTO ornek_kayitlar (baslik) VALUES ('geri')")),  # undone: no change
    lambda: db.session.execute(text("UPDATE ornek_kayitlar SET baslik = baslik").execution_options(audit_exempt=True)),
    lambda: jobs.create_record("alfa", "tests.fixtures.ornek.jobs:count"),  # an exempt table
], ids=["same-flush", "audit-after", "no-row", "select-for-update", "rolled-back",
        "exempt-statement", "exempt-table"])
def test_audited_or_unchanged_requests_pass(app, work):
    with services.bound("alfa"):
        db.session.execute(text("INSERT INTO ornek_kayitlar (baslik) VALUES ('var')"))
        db.session.commit()
    assert _request(app, work).status_code == 201


def test_a_refused_request_is_not_checked(app):
    assert _request(app, _sql("INSERT INTO ornek_kayitlar (baslik) VALUES ('geri alınır')"), status=422).status_code == 422


def test_written_tables_reads_every_kind_of_write():
    from ebelediye.auditguard import written_tables

    assert written_tables('INSERT INTO "t_alfa".tahakkuklar (a) VALUES (1)') == ("tahakkuklar",)
    assert written_tables("update public.tenants as t set state = 'x'") == ("tenants",)
    assert written_tables("INSERT INTO s (yil) VALUES (1) ON CONFLICT (yil) DO UPDATE SET son = 1") == ("s",)
    assert written_tables("WITH m AS (UPDATE a SET x = 1 RETURNING id) DELETE FROM b WHERE id IN (SELECT id FROM m)") \
        == ("b", "a")
    assert written_tables("MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET a = 1") == ("t",)
    assert written_tables("-- yorum\n  TRUNCATE ONLY kayitlar") == ("kayitlar",)
    for reading in ("SELECT * FROM x FOR UPDATE", "SELECT 1 FROM x FOR NO KEY UPDATE SKIP LOCKED",
                    "SELECT 'INSERT INTO y VALUES (1)'", "WITH s AS (SELECT 1 FROM a FOR UPDATE) SELECT * FROM s"):
        assert written_tables(reading) == (), reading
    assert written_tables("INSERT INTO x VALUES ('UPDATE y SET z = 1')") == ("x",)


def test_api_token_creation_and_revocation_are_audited(client):
    import re

    from sqlalchemy import select

    from ebelediye.audit import AuditEntry
    from tests.plugin import host, sign_in_staff

    headers = {"Host": host("alfa")}
    email = sign_in_staff(client, "alfa")
    assert client.post("/hesabim/anahtarlar", headers=headers, data={"name": "entegrasyon"}).status_code == 201
    token_id = re.search(r"/hesabim/anahtarlar/(\d+)/iptal", client.get("/hesabim", headers=headers).get_data(as_text=True)).group(1)
    assert client.post(f"/hesabim/anahtarlar/{token_id}/iptal", headers=headers).status_code == 302
    client.post(f"/hesabim/anahtarlar/{token_id}/iptal", headers=headers)  # twice: nothing more to record
    with services.bound("alfa"):
        rows = db.session.execute(select(AuditEntry.action, AuditEntry.actor, AuditEntry.after)
                                  .where(AuditEntry.object_type == "api_token", AuditEntry.object_id == token_id)
                                  .order_by(AuditEntry.id)).all()
        revoked_at = db.session.scalar(text("SELECT revoked_at FROM api_tokens WHERE id = :i"), {"i": int(token_id)})
        db.session.commit()
    assert [(r.action, r.actor) for r in rows] == [("api_anahtari.olustur", email), ("api_anahtari.iptal", email)]
    assert rows[0].after["name"] == "entegrasyon" and rows[0].after["prefix"].startswith("ebt_")
    assert revoked_at is not None
