"""The audit trails are append-only, enforced by the database."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from ebelediye import audit
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


def test_a_change_without_an_audit_row_fails_the_request(app):
    """The guard behind 'every change is audited': it runs after every request of the suite."""
    from flask import Response

    from tests.fixtures.ornek.models import OrnekKayit
    from tests.plugin import host

    with app.test_request_context("/ornek/", method="POST", headers={"Host": host("alfa")}):
        with services.bound("alfa"):
            db.session.add(OrnekKayit(baslik="denetimsiz"))
            db.session.flush()
            with pytest.raises(AssertionError, match="without an audit row"):
                audit._check_request(Response(status=201))
            db.session.rollback()
    with app.test_request_context("/ornek/", method="POST", headers={"Host": host("alfa")}):
        with services.bound("alfa"):
            db.session.add(OrnekKayit(baslik="denetimli"))
            db.session.flush()
            audit.record("ornek.kayit.olustur", actor="test")
            assert audit._check_request(Response(status=201)).status_code == 201
            db.session.rollback()
