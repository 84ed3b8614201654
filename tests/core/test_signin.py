"""Brute force: wrong passwords lock the account (per address, and for unknown addresses after
many from anywhere); the right one does not lift the lock early."""

from ebelediye import throttle
from ebelediye.extensions import db
from ebelediye.identity import StaffUser
from ebelediye.jobs import redis_connection
from tenants import services
from tenants.models import MinistryUser
from tests.plugin import ADMIN_HOST, host

PASSWORD = "dogruParola2026"


def make_staff():
    with services.bound("alfa"):
        user = StaffUser(email="hedef@alfa.bel.tr", full_name="Hedef")
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()


def attempt(client, password, email="hedef@alfa.bel.tr", ip="10.0.0.1"):
    return client.post("/giris", data={"email": email, "password": password},
                       headers={"Host": host("alfa")}, environ_base={"REMOTE_ADDR": ip})


def test_fifty_wrong_passwords_lock_the_account_and_the_right_one_waits(client, app):
    """From many addresses, as a distributed guesser would try: after
    LOGIN_ACCOUNT_MAX_FAILURES the account is locked for every address its owner never
    signed in from (one address alone is locked after LOGIN_MAX_FAILURES:
    test_security_signin.py)."""
    make_staff()
    limit = app.config["LOGIN_ACCOUNT_MAX_FAILURES"]
    statuses = []
    for i in range(50):
        response = attempt(client, f"yanlis{i}", ip=f"10.0.{i // 250}.{i % 250 + 1}")
        statuses.append(response.status_code)
        if i == limit:
            assert "kilitlendi" in response.get_data(as_text=True)
    assert statuses[:limit] == [422] * limit
    assert statuses[limit:] == [429] * (50 - limit)
    # the right password during the lock is refused too
    right = attempt(client, PASSWORD, ip="10.9.9.9")
    assert right.status_code == 429 and "kilitlendi" in right.get_data(as_text=True)
    assert client.get("/", headers={"Host": host("alfa")}).status_code == 302  # not signed in
    # when the lock expires (simulated: its key gone), the right password works
    redis_connection().delete(throttle.account_key("staff", "hedef@alfa.bel.tr", "alfa") + ":lock")
    assert attempt(client, PASSWORD, ip="10.9.9.9").status_code == 302


def test_lock_is_per_tenant_account(client):
    make_staff()
    for i in range(5):
        attempt(client, f"yanlis{i}", ip=f"10.1.0.{i + 1}")
    with services.bound("beta"):
        user = StaffUser(email="hedef@alfa.bel.tr", full_name="Aynı e-posta, başka belediye")
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
    response = client.post("/giris", data={"email": "hedef@alfa.bel.tr", "password": PASSWORD},
                           headers={"Host": host("beta")})
    assert response.status_code == 302


def test_per_ip_rate_limit(client, app):
    make_staff()
    limit = int(app.config["LOGIN_RATE_LIMIT"].split()[0])
    codes = [attempt(client, "yanlis", email=f"kimse{i}@alfa.bel.tr", ip="10.2.0.1").status_code
             for i in range(limit + 5)]
    assert codes[:limit] == [422] * limit
    assert set(codes[limit:]) == {429}


def test_failed_attempts_are_audited_without_the_password(client):
    make_staff()
    attempt(client, "gizli-yanlis-parola")
    with services.bound("alfa"):
        rows = db.session.execute(db.text("SELECT action, actor, after::text FROM audit_entries WHERE action = 'oturum.hata'")).all()
        db.session.commit()
    assert rows and rows[0][1] == "hedef@alfa.bel.tr"
    assert "gizli-yanlis-parola" not in str(rows)


def test_ministry_accounts_lock_too(client):
    user = MinistryUser(email="mehmet@bakanlik.gov.tr", full_name="Mehmet")
    user.set_password(PASSWORD)
    db.session.add(user)
    db.session.commit()
    for _ in range(5):
        client.post("/konsol/giris", data={"email": "mehmet@bakanlik.gov.tr", "password": "x"},
                    headers={"Host": ADMIN_HOST}, environ_base={"REMOTE_ADDR": "10.3.0.1"})
    response = client.post("/konsol/giris", data={"email": "mehmet@bakanlik.gov.tr", "password": PASSWORD},
                           headers={"Host": ADMIN_HOST}, environ_base={"REMOTE_ADDR": "10.3.0.1"})
    assert response.status_code == 429 and "kilitlendi" in response.get_data(as_text=True)
