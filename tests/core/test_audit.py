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
