"""CSRF with bearer tokens, and a lockout a stranger cannot use against the owner (issue 10, 7)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from ebelediye import mail
from ebelediye.extensions import db
from ebelediye.identity import StaffUser
from tenants import services
from tenants.models import MinistryUser
from tests.plugin import ADMIN_HOST, STAFF_PASSWORD, host, sign_in_staff

H = {"Host": host("alfa")}
OPEN_DESK = "/api/v1/gelir/vezne/oturum"  # a POST of the API (opens the caller's cash session)


@pytest.fixture
def csrf_on(monkeypatch, app):
    """Switch CSRF on (after the test's sign-ins, which post no token)."""
    return lambda: monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


def _token(client) -> str:
    page = client.post("/hesabim/anahtarlar", headers=H, data={"name": "entegrasyon", "csrf_token": _csrf(client)})
    return re.search(r'id="yeni-anahtar">(ebt_[^<]+)<', page.get_data(as_text=True)).group(1)


def _csrf(client) -> str:
    page = client.get("/hesabim", headers=H).get_data(as_text=True)
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)


def test_a_made_up_bearer_header_does_not_skip_csrf_for_a_session(client, csrf_on):
    """The browser's session cookie plus any ``Authorization: Bearer`` header used to skip
    the CSRF check (a forged request from a page that can set the header)."""
    sign_in_staff(client, "alfa", admin=True)
    csrf_on()
    response = client.post(OPEN_DESK, headers={**H, "Authorization": "Bearer uydurma"})
    assert response.status_code == 400  # CSRF refused, the desk is not opened
    # a valid token *and* a session cookie: the session is who acts, so CSRF applies
    token = _token(client)
    response = client.post(OPEN_DESK, headers={**H, "Authorization": f"Bearer {token}"})
    assert response.status_code == 400


def test_a_valid_bearer_token_alone_needs_no_csrf_token(client, app, csrf_on):
    sign_in_staff(client, "alfa", admin=True)
    csrf_on()
    token = _token(client)
    api = app.test_client()
    assert api.post(OPEN_DESK, headers={**H, "Authorization": f"Bearer {token}"}).status_code in (200, 201)
    assert api.post(OPEN_DESK, headers={**H, "Authorization": "Bearer ebt_uydurma"}).status_code == 401


# --- lockout -----------------------------------------------------------------------------

PASSWORD = "dogruParola2026"


def _owner() -> None:
    with services.bound("alfa"):
        user = StaffUser(email="hedef@alfa.bel.tr", full_name="Hedef Personel")
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()


def _attempt(client, password, ip, email="hedef@alfa.bel.tr"):
    return client.post("/giris", data={"email": email, "password": password}, headers=H,
                       environ_base={"REMOTE_ADDR": ip})


def _mails_to(address: str) -> list[str]:
    with services.bound("alfa"):
        bodies = list(db.session.scalars(select(mail.OutboxMessage.body).where(mail.OutboxMessage.to_address == address)))
        db.session.commit()
    return bodies


def test_a_stranger_cannot_lock_the_owner_out(client):
    _owner()
    assert _attempt(client, PASSWORD, "10.7.0.1").status_code == 302  # the owner's usual address
    client.post("/cikis", headers=H)
    codes = [_attempt(client, f"yanlis{i}", "203.0.113.9").status_code for i in range(8)]
    assert codes[:4] == [422] * 4 and set(codes[4:]) == {429}  # the stranger is locked out ...
    assert _attempt(client, PASSWORD, "203.0.113.9").status_code == 429
    assert _attempt(client, PASSWORD, "10.7.0.1").status_code == 302  # ... the owner is not
    client.post("/cikis", headers=H)
    assert _attempt(client, PASSWORD, "10.7.0.2").status_code == 302  # nor from a new address


def test_the_owner_is_told_once_and_the_link_unlocks_their_browser(client):
    _owner()
    for i in range(7):
        _attempt(client, f"yanlis{i}", "198.51.100.7")
    notices = _mails_to("hedef@alfa.bel.tr")
    assert len(notices) == 1 and "198.51.100.7" in notices[0]
    link = re.search(r"http://alfa\.ebelediye\.test(/giris/kilit-ac/\S+)", notices[0]).group(1)
    assert _attempt(client, PASSWORD, "198.51.100.7").status_code == 429
    assert client.get(link, headers=H, environ_base={"REMOTE_ADDR": "198.51.100.7"}).status_code == 302
    assert _attempt(client, PASSWORD, "198.51.100.7").status_code == 302
    assert client.get("/giris/kilit-ac/bozuk", headers=H).status_code == 404
    # a link of alfa means nothing on beta's host
    assert client.get(link, headers={"Host": host("beta")}).status_code == 404


def test_a_distributed_guesser_locks_unknown_addresses_only(client, app):
    _owner()
    assert _attempt(client, PASSWORD, "10.8.0.1").status_code == 302
    client.post("/cikis", headers=H)
    limit = app.config["LOGIN_ACCOUNT_MAX_FAILURES"]
    for i in range(limit):
        assert _attempt(client, f"yanlis{i}", f"192.0.2.{i + 1}").status_code == 422
    assert _attempt(client, PASSWORD, "192.0.2.250").status_code == 429  # a new address: locked
    assert _attempt(client, PASSWORD, "10.8.0.1").status_code == 302  # the owner's known one: not


def test_ministry_accounts_lock_per_address_too(client):
    user = MinistryUser(email="mehmet@bakanlik.gov.tr", full_name="Mehmet")
    user.set_password(STAFF_PASSWORD)
    db.session.add(user)
    db.session.commit()
    for _ in range(5):
        client.post("/konsol/giris", data={"email": "mehmet@bakanlik.gov.tr", "password": "x"},
                    headers={"Host": ADMIN_HOST}, environ_base={"REMOTE_ADDR": "203.0.113.50"})
    kwargs = {"data": {"email": "mehmet@bakanlik.gov.tr", "password": STAFF_PASSWORD}, "headers": {"Host": ADMIN_HOST}}
    assert client.post("/konsol/giris", environ_base={"REMOTE_ADDR": "203.0.113.50"}, **kwargs).status_code == 429
    assert client.post("/konsol/giris", environ_base={"REMOTE_ADDR": "10.9.0.1"}, **kwargs).status_code == 302


def test_a_locked_ministry_user_is_mailed_an_unlock_link_for_the_console(client):
    """The staff lock notice, for the console: the platform's own outbox (ministry users have
    no tenant), a signed link that lifts the lock for the browser that opens it, sent by a
    platform job on the ``mail`` queue."""
    from ebelediye import jobs

    user = MinistryUser(email="ayse@bakanlik.gov.tr", full_name="Ayşe Müfettiş")
    user.set_password(STAFF_PASSWORD)
    db.session.add(user)
    db.session.commit()
    console = {"Host": ADMIN_HOST}
    for i in range(7):
        client.post("/konsol/giris", data={"email": "ayse@bakanlik.gov.tr", "password": f"yanlis{i}"},
                    headers=console, environ_base={"REMOTE_ADDR": "203.0.113.60"})
    notices = db.session.execute(select(mail.PlatformOutboxMessage.id, mail.PlatformOutboxMessage.body)
                                 .where(mail.PlatformOutboxMessage.to_address == "ayse@bakanlik.gov.tr")).all()
    assert len(notices) == 1 and "203.0.113.60" in notices[0].body and "Ayşe Müfettiş" in notices[0].body
    notice_id = notices[0].id
    link = re.search(r"http://admin\.ebelediye\.test(/konsol/giris/kilit-ac/\S+)", notices[0].body).group(1)
    sender = db.session.execute(select(jobs.JobRecord.tenant_slug, jobs.JobRecord.queue).where(
        jobs.JobRecord.func_path == "ebelediye.mail:deliver_platform_pending")).all()
    assert sender == [(None, "mail")]
    kwargs = {"data": {"email": "ayse@bakanlik.gov.tr", "password": STAFF_PASSWORD}, "headers": console,
              "environ_base": {"REMOTE_ADDR": "203.0.113.60"}}
    assert client.post("/konsol/giris", **kwargs).status_code == 429
    # the link means nothing on a tenant's host, nor a made-up one on the console
    assert client.get(link.removeprefix("/konsol"), headers=H).status_code == 404
    assert client.get("/konsol/giris/kilit-ac/bozuk", headers=console).status_code == 404
    assert client.get(link, headers=console, environ_base={"REMOTE_ADDR": "203.0.113.60"}).status_code == 302
    assert client.post("/konsol/giris", **kwargs).status_code == 302
    assert mail.deliver_platform_pending() == {"sent": 1}  # the outbox backend marks it sent
    assert db.session.get(mail.PlatformOutboxMessage, notice_id).sent_at is not None


def test_a_staff_unlock_link_does_not_unlock_the_console(client):
    from ebelediye import throttle

    with client.application.test_request_context():
        token = throttle.unlock_token(throttle.account_key("staff", "hedef@alfa.bel.tr", "alfa"))
    assert client.get(f"/konsol/giris/kilit-ac/{token}", headers={"Host": ADMIN_HOST}).status_code == 404
