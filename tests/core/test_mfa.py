"""The second factor (issue 10, ASVS 2.8): ministry users must enrol and give a code before
any console page; staff may turn it on; codes are spent once, recovery codes too; wrong
codes are throttled; a password change still ends the other sessions."""

from __future__ import annotations

import re

import pyotp
import pytest
from sqlalchemy import select

from ebelediye import mfa
from ebelediye.audit import AuditEntry, PlatformAuditEntry
from ebelediye.extensions import db
from ebelediye.identity import StaffUser
from tenants import services
from tenants.models import MinistryUser
from tests.plugin import ADMIN_HOST, STAFF_PASSWORD, host, sign_in_staff

A = {"Host": ADMIN_HOST}
H = {"Host": host("alfa")}
NOW = 1_800_000_000.0  # a fixed moment: the time-step never moves under a test


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    now = [NOW]
    monkeypatch.setattr(mfa, "_now", lambda: now[0])
    return now


def _code(secret: str, at: float = NOW) -> str:
    return pyotp.TOTP(secret).at(int(at))


def _ministry(email="mfa@bakanlik.gov.tr", secret=None) -> MinistryUser:
    user = MinistryUser(email=email, full_name="Bakanlık MFA", mfa_secret=secret)
    user.set_password(STAFF_PASSWORD)
    db.session.add(user)
    db.session.commit()
    return user


def _password(client, email, headers=A, path="/konsol/giris"):
    return client.post(path, data={"email": email, "password": STAFF_PASSWORD}, headers=headers)


def _console_routes(app) -> list[str]:
    """Every GET route of the console without parameters, but the sign-in steps."""
    paths = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("console.") and "GET" in rule.methods and not rule.arguments:
            if not rule.rule.startswith("/konsol/giris"):
                paths.append(rule.rule)
    return paths


def test_a_ministry_user_without_a_secret_enrols_and_sees_ten_codes_once(client):
    user = _ministry()
    response = _password(client, user.email)
    assert response.status_code == 302 and response.location.endswith("/konsol/giris/iki-adim")
    response = client.get("/konsol/giris/iki-adim", headers=A)
    assert response.status_code == 302 and response.location.endswith("/konsol/giris/iki-adim/kurulum")
    page = client.get("/konsol/giris/iki-adim/kurulum", headers=A)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'src="data:image/svg+xml;base64,' in html and "<script" not in html.split("<main", 1)[-1].split("</main>")[0]
    secret = re.search(r'<code class="user-select-all">([A-Z2-7]+)</code>', html).group(1)
    assert client.post("/konsol/giris/iki-adim/kurulum", data={"code": "000000"}, headers=A).status_code == 422
    done = client.post("/konsol/giris/iki-adim/kurulum", data={"code": _code(secret)}, headers=A)
    assert done.status_code == 200
    codes = re.findall(r'<li class="recovery-code">([A-Z0-9-]+)</li>', done.get_data(as_text=True))
    assert len(codes) == 10 and len(set(codes)) == 10
    db.session.expire_all()
    user = db.session.get(MinistryUser, user.id)
    assert user.mfa_secret != secret and mfa.secret_of(user) == secret and len(user.mfa_recovery) == 10  # encrypted at rest
    assert not any(code in str(user.mfa_recovery) for code in codes)  # stored hashed
    assert client.get("/konsol/", headers=A).status_code == 200
    actions = db.session.scalars(select(PlatformAuditEntry.action).where(PlatformAuditEntry.actor == user.email)).all()
    assert "mfa.kur" in actions and "oturum.ac" in actions


def test_no_console_page_is_reachable_half_signed_in(app, client):
    user = _ministry(secret=pyotp.random_base32())
    assert _password(client, user.email).status_code == 302
    routes = _console_routes(app)
    assert "/konsol/" in routes and len(routes) > 3
    for path in routes:
        response = client.get(path, headers=A)
        assert response.status_code in (302, 401, 404), (path, response.status_code)
        if response.status_code == 302:
            assert "/konsol/giris" in response.location, (path, response.location)
    # an enrolled user cannot re-enrol (and so replace the secret) half-signed-in
    assert client.get("/konsol/giris/iki-adim/kurulum", headers=A).status_code == 302


def test_sign_in_with_a_code_wrong_code_and_replay(client, fixed_clock):
    secret = pyotp.random_base32()
    user = _ministry(secret=secret)
    _password(client, user.email)
    assert client.post("/konsol/giris/iki-adim", data={"code": _code(secret, NOW - 90)}, headers=A).status_code == 422
    assert client.get("/konsol/", headers=A).status_code == 302
    # the previous step is still accepted (a clock a little behind)
    ok = client.post("/konsol/giris/iki-adim", data={"code": _code(secret, NOW - 30)}, headers=A)
    assert ok.status_code == 302 and client.get("/konsol/", headers=A).status_code == 200
    client.post("/konsol/cikis", headers=A)
    # the same code, or the one before it, is never accepted twice
    _password(client, user.email)
    assert client.post("/konsol/giris/iki-adim", data={"code": _code(secret, NOW - 30)}, headers=A).status_code == 422
    assert client.post("/konsol/giris/iki-adim", data={"code": _code(secret, NOW)}, headers=A).status_code == 302
    assert client.get("/konsol/", headers=A).status_code == 200


def test_wrong_codes_are_throttled(app, client):
    secret = pyotp.random_base32()
    user = _ministry(secret=secret)
    _password(client, user.email)
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        assert client.post("/konsol/giris/iki-adim", data={"code": "123456"}, headers=A).status_code == 422
    assert client.post("/konsol/giris/iki-adim", data={"code": "123456"}, headers=A).status_code == 422
    # locked now: even the right code is refused
    assert client.post("/konsol/giris/iki-adim", data={"code": _code(secret)}, headers=A).status_code == 429
    assert client.get("/konsol/", headers=A).status_code == 302


def test_a_recovery_code_works_once(client):
    secret = pyotp.random_base32()
    user = _ministry(secret=secret)
    codes = mfa.new_recovery_codes(user)
    db.session.commit()
    _password(client, user.email)
    assert client.post("/konsol/giris/iki-adim", data={"code": codes[3].lower()}, headers=A).status_code == 302
    assert client.get("/konsol/", headers=A).status_code == 200
    client.post("/konsol/cikis", headers=A)
    _password(client, user.email)
    assert client.post("/konsol/giris/iki-adim", data={"code": codes[3]}, headers=A).status_code == 422
    db.session.expire_all()
    assert len(db.session.get(MinistryUser, user.id).mfa_recovery) == 9
    assert db.session.scalar(select(PlatformAuditEntry.id).where(PlatformAuditEntry.action == "mfa.kurtarma_kodu",
                                                                 PlatformAuditEntry.actor == user.email)) is not None


def test_the_pending_mark_expires(app, client, fixed_clock):
    secret = pyotp.random_base32()
    user = _ministry(secret=secret)
    _password(client, user.email)
    fixed_clock[0] += app.config["MFA_PENDING_SECONDS"] + 1
    response = client.post("/konsol/giris/iki-adim", data={"code": _code(secret, fixed_clock[0])}, headers=A)
    assert response.status_code == 302 and response.location.endswith("/konsol/giris")
    assert client.get("/konsol/", headers=A).status_code == 302




def test_staff_turn_it_on_sign_in_with_it_and_turn_it_off(app, client):
    email = sign_in_staff(client, "alfa")
    assert "/hesabim/iki-adim" in client.get("/hesabim", headers=H).get_data(as_text=True)
    page = client.get("/hesabim/iki-adim", headers=H)
    secret = re.search(r'<code class="user-select-all">([A-Z2-7]+)</code>', page.get_data(as_text=True)).group(1)
    assert client.post("/hesabim/iki-adim", data={"code": "999999"}, headers=H).status_code == 422
    done = client.post("/hesabim/iki-adim", data={"code": _code(secret)}, headers=H)
    assert done.status_code == 200 and done.get_data(as_text=True).count('class="recovery-code"') == 10
    client.post("/cikis", headers=H)

    # now the password alone does not sign in
    response = _password(client, email, headers=H, path="/giris")
    assert response.status_code == 302 and response.location.endswith("/giris/iki-adim")
    assert client.get("/hesabim", headers=H).status_code == 302
    assert client.post("/giris/iki-adim", data={"code": _code(secret)}, headers=H).status_code == 422  # spent at enrolment
    assert client.post("/giris/iki-adim", data={"code": _code(secret, NOW + 30)}, headers=H).status_code == 302
    assert client.get("/hesabim", headers=H).status_code == 200

    # turning it off needs the password or a current code
    assert client.post("/hesabim/iki-adim/kapat", data={"password": "yanlis"}, headers=H).status_code == 422
    assert client.post("/hesabim/iki-adim/kapat", data={}, headers=H).status_code == 422
    assert client.post("/hesabim/iki-adim/kapat", data={"password": STAFF_PASSWORD}, headers=H).status_code == 302
    with services.bound("alfa"):
        user = db.session.scalar(select(StaffUser).where(StaffUser.email == email))
        assert user.mfa_secret is None and user.mfa_recovery is None
        actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.actor == email)).all()
    assert {"mfa.kur", "mfa.kapat"} <= set(actions)
    client.post("/cikis", headers=H)
    assert _password(client, email, headers=H, path="/giris").location.endswith("/")


def test_staff_without_it_sign_in_with_the_password_alone(client):
    email = sign_in_staff(client, "alfa")
    assert client.get("/hesabim", headers=H).status_code == 200
    assert email


def test_recovery_codes_can_be_regenerated(client):
    email = sign_in_staff(client, "alfa")
    secret = re.search(r'<code class="user-select-all">([A-Z2-7]+)</code>',
                       client.get("/hesabim/iki-adim", headers=H).get_data(as_text=True)).group(1)
    first = re.findall(r'<li class="recovery-code">([A-Z0-9-]+)</li>',
                       client.post("/hesabim/iki-adim", data={"code": _code(secret)}, headers=H).get_data(as_text=True))
    again = client.post("/hesabim/iki-adim/kodlar", data={"password": STAFF_PASSWORD}, headers=H)
    second = re.findall(r'<li class="recovery-code">([A-Z0-9-]+)</li>', again.get_data(as_text=True))
    assert len(second) == 10 and not set(first) & set(second)
    client.post("/cikis", headers=H)
    _password(client, email, headers=H, path="/giris")
    assert client.post("/giris/iki-adim", data={"code": first[0]}, headers=H).status_code == 422
    assert client.post("/giris/iki-adim", data={"code": second[0]}, headers=H).status_code == 302


def test_a_password_change_still_ends_the_other_sessions(app, client):
    email = sign_in_staff(client, "alfa")
    secret = re.search(r'<code class="user-select-all">([A-Z2-7]+)</code>',
                       client.get("/hesabim/iki-adim", headers=H).get_data(as_text=True)).group(1)
    client.post("/hesabim/iki-adim", data={"code": _code(secret)}, headers=H)
    other = app.test_client()
    _password(other, email, headers=H, path="/giris")
    assert other.post("/giris/iki-adim", data={"code": _code(secret, NOW + 30)}, headers=H).status_code == 302
    assert other.get("/hesabim", headers=H).status_code == 200
    response = client.post("/hesabim/parola", data={"current": STAFF_PASSWORD, "password": "yeniParola2027x",
                                                     "confirm": "yeniParola2027x"}, headers=H)
    assert response.status_code == 302
    assert other.get("/hesabim", headers=H).status_code == 302
    assert client.get("/hesabim", headers=H).status_code == 200
