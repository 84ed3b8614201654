"""Server-side sessions (issue 10, 5): a copied cookie dies with the session it was copied
from; password changes, deactivation and role changes end sessions elsewhere; idle and
absolute limits per realm, on a moved clock (no sleeping)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ebelediye import sessions
from ebelediye.extensions import db
from ebelediye.identity import StaffUser
from ebelediye.rbac import Role
from tenants import services
from tests.plugin import ADMIN_HOST, STAFF_PASSWORD, host, sign_in_ministry, sign_in_staff

H = {"Host": host("alfa")}
A = {"Host": ADMIN_HOST}


def _copy(app, client, hostname: str = H["Host"]):
    """A second browser holding the same session cookie, as a thief would."""
    thief = app.test_client()
    cookie = client.get_cookie("session", domain=hostname)
    thief.set_cookie("session", cookie.value, domain=hostname)
    return thief


def _signed_in(client, headers=H, path="/hesabim") -> bool:
    response = client.get(path, headers=headers)
    assert response.status_code in (200, 302), response.status_code
    return response.status_code == 200


def _sign_in(client, email, hostname="alfa"):
    response = client.post("/giris", data={"email": email, "password": STAFF_PASSWORD}, headers={"Host": host(hostname)})
    assert response.status_code == 302


@pytest.fixture
def clock(monkeypatch):
    now = [sessions._clock()]
    monkeypatch.setattr(sessions, "_clock", lambda: now[0])

    def advance(minutes: float) -> None:
        now[0] += minutes * 60
    return advance


def test_a_copied_cookie_stops_working_after_logout(app, client):
    sign_in_staff(client, "alfa")
    thief = _copy(app, client)
    assert _signed_in(thief)
    assert client.post("/cikis", headers=H).status_code == 302
    assert not _signed_in(thief) and not _signed_in(client)


def test_a_password_change_ends_the_other_sessions_only(app, client):
    email = sign_in_staff(client, "alfa")
    other_device = app.test_client()
    _sign_in(other_device, email)
    thief = _copy(app, client)
    response = client.post("/hesabim/parola", headers=H, data={
        "current": STAFF_PASSWORD, "password": "yeniParola2027", "confirm": "yeniParola2027"})
    assert response.status_code == 302
    assert _signed_in(client)  # the device that changed it stays signed in ...
    assert not _signed_in(other_device)  # ... the others must sign in again
    assert _signed_in(thief)  # (the same session as the owner's: that is what "logout" is for)


def test_sign_out_everywhere(app, client):
    email = sign_in_staff(client, "alfa")
    other_device = app.test_client()
    _sign_in(other_device, email)
    thief = _copy(app, other_device)
    assert "/hesabim/oturumlar/kapat" in client.get("/hesabim", headers=H).get_data(as_text=True)
    assert client.post("/hesabim/oturumlar/kapat", headers=H).status_code == 302
    assert not any(_signed_in(c) for c in (client, other_device, thief))
    with services.bound("alfa"):
        assert db.session.scalar(select(func.count()).select_from(
            select(StaffUser.id).where(StaffUser.email == email).subquery())) == 1
        db.session.commit()


@pytest.mark.parametrize("change", ["deactivate", "role"])
def test_deactivation_and_a_role_change_end_the_users_sessions(app, client, change):
    email = sign_in_staff(client, "alfa")
    admin = app.test_client()
    sign_in_staff(admin, "alfa", admin=True)
    with services.bound("alfa"):
        user_id = db.session.scalar(select(StaffUser.id).where(StaffUser.email == email))
        role_id = db.session.scalar(select(Role.id).order_by(Role.id).limit(1))
        db.session.commit()
    data = {"active": "1", "roles": [str(role_id)]} if change == "role" else {}
    assert admin.post(f"/yonetim/kullanicilar/{user_id}", headers=H, data=data).status_code == 302
    assert not _signed_in(client)
    assert _signed_in(admin, path="/yonetim/kullanicilar")


def test_a_password_set_by_a_reset_link_ends_every_session(app, client):
    email = sign_in_staff(client, "alfa")
    with services.bound("alfa"):
        user = db.session.scalar(select(StaffUser).where(StaffUser.email == email))
        token = user.issue_set_password_token(1)
        db.session.commit()
    stranger = app.test_client()
    response = stranger.post(f"/sifre-belirle/{token}", headers=H,
                             data={"password": "sifirParola2027", "confirm": "sifirParola2027"})
    assert response.status_code == 302
    assert not _signed_in(client)


def test_staff_sessions_end_after_30_idle_minutes(client, clock):
    sign_in_staff(client, "alfa")
    clock(29)
    assert _signed_in(client)  # use within the limit keeps it alive ...
    clock(29)
    assert _signed_in(client)
    clock(31)
    assert not _signed_in(client)  # ... 31 minutes without any does not


def test_ministry_sessions_end_after_15_idle_minutes(client, clock):
    sign_in_ministry(client)
    clock(14)
    assert _signed_in(client, A, "/konsol/")
    clock(16)
    assert not _signed_in(client, A, "/konsol/")


def test_every_session_ends_after_the_absolute_limit(client, clock, app, monkeypatch):
    sign_in_staff(client, "alfa")
    for _ in range(35):  # 11 h 40 min
        clock(20)
        assert _signed_in(client)
    clock(25)
    assert not _signed_in(client)  # used every 20 to 25 minutes, yet 12 hours is the end
    monkeypatch.setitem(app.config, "SESSION_IDLE_MINUTES_STAFF", 5)  # configurable
    sign_in_staff(client, "alfa")
    clock(6)
    assert not _signed_in(client)


def test_without_a_session_record_nobody_is_signed_in(client):
    """A session cookie minted before this change (or after Redis lost its data) signs no one in."""
    sign_in_staff(client, "alfa")
    from ebelediye import jobs

    jobs.redis_connection().flushdb()
    assert not _signed_in(client)


def test_api_tokens_are_not_sessions(client):
    sign_in_staff(client, "alfa")
    response = client.post("/hesabim/anahtarlar", headers=H, data={"name": "entegrasyon"})
    token = response.get_data(as_text=True).split('id="yeni-anahtar">')[1].split("<")[0]
    client.post("/hesabim/oturumlar/kapat", headers=H)
    api = client.application.test_client()
    assert api.get("/api/v1/oturum", headers={**H, "Authorization": f"Bearer {token}"}).status_code == 200
