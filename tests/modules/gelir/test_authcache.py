"""API calls are authenticated from a per-tenant cache, and every change to tokens, users,
roles or permissions reaches the very next call."""

from datetime import UTC, datetime

from sqlalchemy import delete, event

from ebelediye.extensions import db
from ebelediye.identity import ApiToken, StaffUser, issue_api_token
from ebelediye.rbac import Role, RolePermission, StaffRole
from tenants import services
from tests.plugin import host

from .conftest import MukellefFactory


def _token_of_a_viewer(slug="alfa"):
    with services.bound(slug):
        user = StaffUser(email=f"gorur@{slug}.bel.tr", full_name="Görür", is_tenant_admin=False)
        role = Role(key="borc_gorur", name="Borç görür")
        db.session.add_all([user, role])
        db.session.flush()
        db.session.add_all([RolePermission(role_id=role.id, permission="gelir.mukellef.goruntule"),
                            StaffRole(staff_id=user.id, role_id=role.id)])
        token, plain = issue_api_token(user, "entegrasyon")
        taxpayer = MukellefFactory()
        db.session.commit()
        return {"Host": host(slug), "Authorization": f"Bearer {plain}"}, user.id, role.id, token.id, taxpayer.id


def _statements(client, url, headers) -> tuple[int, list[str]]:
    seen: list[str] = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        status = client.get(url, headers=headers).status_code
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return status, seen


def test_a_cached_call_needs_no_statement_and_changes_reach_the_next_call(client):
    headers, user_id, role_id, token_id, taxpayer_id = _token_of_a_viewer()
    url = f"/api/v1/gelir/mukellefler/{taxpayer_id}/borclar"
    assert client.get(url, headers=headers).status_code == 200  # fills both caches
    status, statements = _statements(client, url, headers)
    # who, may they, and the answer all come from Redis (what is left is the host's tenant lookup)
    touched = [s for s in statements if any(t in s for t in ("staff_users", "api_tokens", "role", "tahakkuk",
                                                              "mukellef", "tahsilat"))]
    assert status == 200 and touched == []

    with services.bound("alfa"):  # a bulk delete of the role's permission (as the roles page does)
        db.session.execute(delete(RolePermission).where(RolePermission.role_id == role_id))
        db.session.commit()
    assert client.get(url, headers=headers).status_code == 403

    with services.bound("alfa"):
        db.session.add(RolePermission(role_id=role_id, permission="gelir.mukellef.goruntule"))
        db.session.commit()
    assert client.get(url, headers=headers).status_code == 200

    with services.bound("alfa"):
        db.session.get(StaffUser, user_id).is_active_user = False
        db.session.commit()
    assert client.get(url, headers=headers).status_code == 401

    with services.bound("alfa"):
        db.session.get(StaffUser, user_id).is_active_user = True
        db.session.get(ApiToken, token_id).revoked_at = datetime.now(UTC)
        db.session.commit()
    assert client.get(url, headers=headers).status_code == 401


def test_a_token_is_only_good_on_its_own_tenant(client):
    headers, *_ = _token_of_a_viewer("alfa")
    assert client.get("/api/v1/oturum", headers=headers).status_code == 200
    other = {**headers, "Host": host("beta")}
    assert client.get("/api/v1/oturum", headers=other).status_code == 401
