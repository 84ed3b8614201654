"""The last MFA gaps of issue 10: TOTP secrets encrypted at rest (rotation, plain secrets
from before), the tenant's policy requiring the second factor of all staff, ministry users
regenerating their recovery codes and resetting a colleague's factor, and the platform's
development outbox on the console."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import SimpleNamespace

import pyotp
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select, text

from ebelediye import config, mail, mfa
from ebelediye.audit import AuditEntry, PlatformAuditEntry
from ebelediye.extensions import db
from ebelediye.identity import StaffUser, issue_api_token
from tenants import services
from tenants.models import MinistryUser
from tests.plugin import ADMIN_HOST, STAFF_PASSWORD, host, sign_in_ministry, sign_in_staff

A = {"Host": ADMIN_HOST}
H = {"Host": host("alfa")}
NOW = 1_800_000_000.0
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fixed_clock(monkeypatch):
    """The time-step fixed (``sign_in_ministry`` codes by the real clock: not with it)."""
    now = [NOW]
    monkeypatch.setattr(mfa, "_now", lambda: now[0])
    return now


def _code(secret: str, at: float | None = None) -> str:
    return pyotp.TOTP(secret).at(int(mfa._now() if at is None else at))


def _stored_ministry_secret(user_id: int) -> str | None:
    return db.session.execute(text("SELECT mfa_secret FROM public.ministry_users WHERE id = :i"),
                              {"i": user_id}).scalar()


def _ministry(email: str, secret: str | None = None) -> MinistryUser:
    user = MinistryUser(email=email, full_name="Bakanlık " + email.split("@")[0])
    user.set_password(STAFF_PASSWORD)
    if secret:
        mfa.store_secret(user, secret)
    db.session.add(user)
    db.session.commit()
    return user


def _sign_in_ministry(client, user: MinistryUser, secret: str, at: float | None = None):
    assert client.post("/konsol/giris", data={"email": user.email, "password": STAFF_PASSWORD},
                       headers=A).status_code == 302
    return client.post("/konsol/giris/iki-adim", data={"code": _code(secret, at)}, headers=A)


# --- secrets at rest ----------------------------------------------------------------------

def test_the_stored_secret_is_not_the_plain_secret(client, fixed_clock):
    secret = pyotp.random_base32()
    user = _ministry("sakli@bakanlik.gov.tr", secret)
    stored = _stored_ministry_secret(user.id)
    assert stored != secret and secret not in stored and stored.startswith("gAAAAA")
    assert mfa.secret_of(user) == secret
    assert _sign_in_ministry(client, user, secret).status_code == 302
    assert client.get("/konsol/", headers=A).status_code == 200


def test_rotation_new_key_first_old_keys_still_decrypt(app, client, monkeypatch, fixed_clock):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setitem(app.config, "MFA_ENCRYPTION_KEYS", [old])
    secret = pyotp.random_base32()
    user = _ministry("donen@bakanlik.gov.tr", secret)
    under_old = _stored_ministry_secret(user.id)
    assert Fernet(old.encode()).decrypt(under_old.encode()).decode() == secret

    monkeypatch.setitem(app.config, "MFA_ENCRYPTION_KEYS", [new, old])  # rotation: the new key first
    assert _sign_in_ministry(client, user, secret).status_code == 302
    assert client.get("/konsol/", headers=A).status_code == 200
    db.session.expire_all()
    under_new = _stored_ministry_secret(user.id)
    assert under_new != under_old  # re-encrypted when the code was accepted
    assert Fernet(new.encode()).decrypt(under_new.encode()).decode() == secret

    client.post("/konsol/cikis", headers=A)
    monkeypatch.setitem(app.config, "MFA_ENCRYPTION_KEYS", [new])  # the old key retired
    assert _sign_in_ministry(client, user, secret, NOW + 30).status_code == 302
    assert client.get("/konsol/", headers=A).status_code == 200
    # without the key it was encrypted with, the secret is unreadable: no code is accepted
    client.post("/konsol/cikis", headers=A)
    monkeypatch.setitem(app.config, "MFA_ENCRYPTION_KEYS", [old])
    db.session.expire_all()
    assert mfa.secret_of(db.session.get(MinistryUser, user.id)) is None
    assert _sign_in_ministry(client, user, secret, NOW + 60).status_code == 422


def test_mfa_reseal_moves_every_secret_to_the_first_key_so_the_old_one_can_go(app, monkeypatch):
    old, new, lost = (Fernet.generate_key().decode() for _ in range(3))
    monkeypatch.setitem(app.config, "MFA_ENCRYPTION_KEYS", [old])
    secrets_ = {"ministry": pyotp.random_base32(), "staff": pyotp.random_base32(), "plain": pyotp.random_base32()}
    minister_id = _ministry("yenile@bakanlik.gov.tr", secrets_["ministry"]).id
    plain_id = _ministry("duz@bakanlik.gov.tr").id
    db.session.execute(text("UPDATE public.ministry_users SET mfa_secret = :s WHERE id = :i"),
                       {"s": secrets_["plain"], "i": plain_id})  # from before the encryption
    with services.bound("alfa"):
        clerk = db.session.scalars(select(StaffUser).order_by(StaffUser.id)).first()
        mfa.store_secret(clerk, secrets_["staff"])
        clerk_id = clerk.id
        db.session.commit()
    runner = app.test_cli_runner()

    monkeypatch.setitem(app.config, "MFA_ENCRYPTION_KEYS", [new, old])  # rotation: the new key first
    result = runner.invoke(args=["tenants", "mfa-reseal"])
    assert result.exit_code == 0, result.output
    assert "alfa: 1 yeniden şifrelendi" in result.output
    again = runner.invoke(args=["tenants", "mfa-reseal"])  # idempotent: nothing left to do
    assert again.exit_code == 0 and "Toplam 0 sır" in again.output

    monkeypatch.setitem(app.config, "MFA_ENCRYPTION_KEYS", [new])  # the old key retired
    db.session.expire_all()
    assert mfa.secret_of(db.session.get(MinistryUser, minister_id)) == secrets_["ministry"]
    assert mfa.secret_of(db.session.get(MinistryUser, plain_id)) == secrets_["plain"]
    with services.bound("alfa"):
        assert mfa.secret_of(db.session.get(StaffUser, clerk_id)) == secrets_["staff"]
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "mfa.anahtar_yenile")) is not None
        db.session.rollback()

    # a secret under a key no longer configured is named, left alone, and the exit is 1
    monkeypatch.setitem(app.config, "MFA_ENCRYPTION_KEYS", [lost])
    mfa.store_secret(db.session.get(MinistryUser, minister_id), secrets_["ministry"])
    db.session.commit()
    monkeypatch.setitem(app.config, "MFA_ENCRYPTION_KEYS", [new])
    stuck = runner.invoke(args=["tenants", "mfa-reseal"])
    assert stuck.exit_code == 1 and f"bakanlık kullanıcısı {minister_id}" in stuck.output
    db.session.rollback()


def test_a_plain_secret_from_before_works_and_is_encrypted_on_use(client, fixed_clock):
    secret = pyotp.random_base32()
    user = _ministry("eski@bakanlik.gov.tr")
    db.session.execute(text("UPDATE public.ministry_users SET mfa_secret = :s WHERE id = :i"),
                       {"s": secret, "i": user.id})
    db.session.commit()
    assert _sign_in_ministry(client, user, secret).status_code == 302
    db.session.expire_all()
    stored = _stored_ministry_secret(user.id)
    assert stored != secret and mfa.unseal(stored) == secret


def test_the_migration_encrypts_the_plain_secrets(app):
    path = ROOT / "migrations/platform/versions/0011_mfa_secret_encrypted.py"
    spec = importlib.util.spec_from_file_location("p0011_under_test", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    plain, sealed_already = pyotp.random_base32(), pyotp.random_base32()
    first = _ministry("gocplain@bakanlik.gov.tr")
    second = _ministry("gocsealed@bakanlik.gov.tr", sealed_already)
    db.session.execute(text("UPDATE public.ministry_users SET mfa_secret = :s WHERE id = :i"),
                       {"s": plain, "i": first.id})
    before_second = _stored_ministry_secret(second.id)
    migration.op = SimpleNamespace(get_bind=db.session.connection)
    migration._recode(encrypt=True)
    assert mfa.is_sealed(_stored_ministry_secret(first.id))
    assert mfa.unseal(_stored_ministry_secret(first.id)) == plain
    assert _stored_ministry_secret(second.id) == before_second  # not encrypted twice
    migration._recode(encrypt=False)  # the downgrade
    assert _stored_ministry_secret(first.id) == plain and _stored_ministry_secret(second.id) == sealed_already
    db.session.rollback()


def test_production_requires_the_encryption_keys():
    settings = {"SECRET_KEY": "s", "DATABASE_URL": "postgresql://x/y", "REDIS_URL": "redis://x"}
    with pytest.raises(config.ConfigurationError, match="MFA_ENCRYPTION_KEYS"):
        config.check_production(settings)
    config.check_production({**settings, "MFA_ENCRYPTION_KEYS": [Fernet.generate_key().decode()]})
    assert config.from_environment(config.ProductionConfig, {"EBELEDIYE_MFA_ENCRYPTION_KEYS": "a, b"}
                                   )["MFA_ENCRYPTION_KEYS"] == ["a", "b"]


# --- the tenant's policy ------------------------------------------------------------------

def _require(value: bool = True, slug: str = "alfa") -> None:
    with services.bound(slug):
        mfa.set_required_for_staff("yonetici@alfa.bel.tr", value)
        db.session.commit()


def _enrol(client) -> str:
    page = client.get("/hesabim/iki-adim", headers=H)
    assert page.status_code == 200
    secret = re.search(r'<code class="user-select-all">([A-Z2-7]+)</code>', page.get_data(as_text=True)).group(1)
    done = client.post("/hesabim/iki-adim", data={"code": _code(secret)}, headers=H)
    assert done.status_code == 200 and done.get_data(as_text=True).count('class="recovery-code"') == 10
    return secret


def test_required_an_unenrolled_staff_member_is_sent_to_enrol_first(app, client, fixed_clock):
    _require()
    email = sign_in_staff(client, "alfa")  # the password alone signs in...
    for path in ("/", "/hesabim", "/hesabim?sekme=anahtarlar"):
        response = client.get(path, headers=H)  # ...but every page sends to enrolment
        assert response.status_code == 302 and response.location.endswith("/hesabim/iki-adim"), path
    assert client.post("/hesabim/anahtarlar", data={"name": "x"}, headers=H).location.endswith("/hesabim/iki-adim")
    assert client.get("/api/v1/oturum", headers=H).status_code == 403  # the API with the session too
    assert client.get("/kurum/logo", headers=H).status_code in (200, 404)  # a public page stays public
    _enrol(client)
    assert client.get("/hesabim", headers=H).status_code == 200
    assert client.get("/", headers=H).status_code == 200
    client.post("/cikis", headers=H)
    # enrolled: the password is followed by the code step
    response = client.post("/giris", data={"email": email, "password": STAFF_PASSWORD}, headers=H)
    assert response.status_code == 302 and response.location.endswith("/giris/iki-adim")
    assert client.get("/hesabim", headers=H).status_code == 302
    assert client.post("/giris/iki-adim", data={"code": _code(pyotp.random_base32())}, headers=H).status_code == 422


def test_required_sign_out_still_works_and_api_tokens_are_not_affected(app, client):
    email = sign_in_staff(client, "alfa")
    with services.bound("alfa"):
        user = db.session.scalar(select(StaffUser).where(StaffUser.email == email))
        _token, plain = issue_api_token(user, "entegrasyon")
        db.session.commit()
    _require()
    assert client.post("/cikis", headers=H).status_code == 302
    assert client.get("/hesabim", headers=H).location.split("?")[0].endswith("/giris")
    bearer = app.test_client().get("/api/v1/oturum", headers={**H, "Authorization": f"Bearer {plain}"})
    assert bearer.status_code == 200 and bearer.json["email"] == email


def test_required_the_factor_cannot_be_turned_off(client, fixed_clock):
    sign_in_staff(client, "alfa")
    _enrol(client)
    _require()
    page = client.get("/hesabim", headers=H).get_data(as_text=True)
    assert "/hesabim/iki-adim/kapat" not in page
    assert client.post("/hesabim/iki-adim/kapat", data={"password": STAFF_PASSWORD}, headers=H).status_code == 422


def test_not_required_nothing_changes(client):
    sign_in_staff(client, "alfa")
    assert client.get("/hesabim", headers=H).status_code == 200
    assert client.get("/", headers=H).status_code == 200
    assert client.get("/api/v1/oturum", headers=H).status_code == 200


def test_the_tenant_admin_sets_the_policy_audited(client, fixed_clock):
    admin = sign_in_staff(client, "alfa", admin=True)
    page = client.get("/yonetim/guvenlik", headers=H)
    assert page.status_code == 200 and 'name="mfa_zorunlu"' in page.get_data(as_text=True)
    assert client.post("/yonetim/guvenlik", data={"mfa_zorunlu": "1"}, headers=H).status_code == 302
    with services.bound("alfa"):
        assert mfa.required_for_staff()
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "guvenlik.mfa_zorunlu")
                                  .order_by(AuditEntry.id.desc()))
        assert entry.actor == admin and entry.after == {"mfa_zorunlu": True}
    # the admin has no factor either: now sent to enrol like everyone
    assert client.get("/yonetim/guvenlik", headers=H).location.endswith("/hesabim/iki-adim")
    _enrol(client)
    assert client.post("/yonetim/guvenlik", data={}, headers=H).status_code == 302
    with services.bound("alfa"):
        assert not mfa.required_for_staff()
    # beta's policy is its own
    with services.bound("beta"):
        assert not mfa.required_for_staff()


def test_staff_without_admin_rights_cannot_set_the_policy(client):
    sign_in_staff(client, "alfa")
    assert client.get("/yonetim/guvenlik", headers=H).status_code == 403
    assert client.post("/yonetim/guvenlik", data={"mfa_zorunlu": "1"}, headers=H).status_code == 403
    with services.bound("alfa"):
        assert not mfa.required_for_staff()


# --- ministry users: recovery codes, a colleague's reset ----------------------------------

def test_a_ministry_user_regenerates_their_recovery_codes(client, fixed_clock):
    secret = pyotp.random_base32()
    user = _ministry("kodlar@bakanlik.gov.tr", secret)
    old = mfa.new_recovery_codes(user)
    db.session.commit()
    assert _sign_in_ministry(client, user, secret).status_code == 302
    assert "Kalan kurtarma kodu: 10" in client.get("/konsol/hesabim", headers=A).get_data(as_text=True)
    assert client.post("/konsol/hesabim/kurtarma-kodlari", data={"password": "yanlis"}, headers=A).status_code == 422
    assert client.post("/konsol/hesabim/kurtarma-kodlari", data={}, headers=A).status_code == 422
    done = client.post("/konsol/hesabim/kurtarma-kodlari", data={"password": STAFF_PASSWORD}, headers=A)
    new = re.findall(r'<li class="recovery-code">([A-Z0-9-]+)</li>', done.get_data(as_text=True))
    assert done.status_code == 200 and len(new) == 10 and not set(new) & set(old)
    assert db.session.scalar(select(PlatformAuditEntry.id).where(PlatformAuditEntry.action == "mfa.kodlar_yenile",
                                                                 PlatformAuditEntry.actor == user.email))
    client.post("/konsol/cikis", headers=A)
    client.post("/konsol/giris", data={"email": user.email, "password": STAFF_PASSWORD}, headers=A)
    assert client.post("/konsol/giris/iki-adim", data={"code": old[0]}, headers=A).status_code == 422
    assert client.post("/konsol/giris/iki-adim", data={"code": new[0]}, headers=A).status_code == 302


def test_a_ministry_user_resets_a_colleagues_factor(app, client):
    sign_in_ministry(client, "sifirlayan@bakanlik.gov.tr")
    secret = pyotp.random_base32()
    colleague = _ministry("kaybetti@bakanlik.gov.tr", secret)
    mfa.new_recovery_codes(colleague)
    db.session.commit()
    theirs = app.test_client()
    assert _sign_in_ministry(theirs, colleague, secret).status_code == 302
    assert theirs.get("/konsol/", headers=A).status_code == 200

    listing = client.get("/konsol/kullanicilar?q=kaybetti", headers=A).get_data(as_text=True)
    assert colleague.email in listing and "sifirlayan@" not in listing
    path = f"/konsol/kullanicilar/{colleague.id}/iki-adim-sifirla"
    assert client.get(path, headers=A).status_code == 200
    assert client.post(path, data={"reason": ""}, headers=A).status_code == 422  # a reason is required
    assert client.post(path, data={"reason": "Telefonunu kaybetti; kimliği telefonla doğrulandı"},
                       headers=A).status_code == 302
    db.session.expire_all()
    reset = db.session.get(MinistryUser, colleague.id)
    assert reset.mfa_secret is None and reset.mfa_recovery is None
    entry = db.session.scalar(select(PlatformAuditEntry).where(PlatformAuditEntry.action == "mfa.sifirla"))
    assert entry.actor == "ministry:sifirlayan@bakanlik.gov.tr" and entry.object_id == str(colleague.id)
    assert entry.after["gerekce"].startswith("Telefonunu kaybetti")
    assert theirs.get("/konsol/", headers=A).status_code == 302  # their sessions ended
    # the next sign-in enrols again
    theirs.post("/konsol/giris", data={"email": colleague.email, "password": STAFF_PASSWORD}, headers=A)
    assert theirs.get("/konsol/giris/iki-adim", headers=A).location.endswith("/konsol/giris/iki-adim/kurulum")
    assert client.get("/konsol/kullanicilar/99999999999/iki-adim-sifirla", headers=A).status_code == 404


def test_nobody_resets_their_own_factor(client):
    sign_in_ministry(client, "kendisi@bakanlik.gov.tr")
    me = db.session.scalar(select(MinistryUser).where(MinistryUser.email == "kendisi@bakanlik.gov.tr"))
    response = client.post(f"/konsol/kullanicilar/{me.id}/iki-adim-sifirla", data={"reason": "deneme"}, headers=A)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(MinistryUser, me.id).mfa_secret is not None


# --- the platform's development outbox ----------------------------------------------------

def test_the_platform_outbox_newest_first_paginated(app, client, monkeypatch):
    for n in range(25):
        mail.queue_platform_mail("x@bakanlik.gov.tr", f"Bildirim {n:02d}", f"govde {n:02d}")
    db.session.commit()
    sign_in_ministry(client)
    first = client.get("/konsol/posta", headers=A).get_data(as_text=True)
    assert first.index("Bildirim 24") < first.index("Bildirim 23") and "Bildirim 04" not in first
    assert "Bildirim 04" in client.get("/konsol/posta?sayfa=2", headers=A).get_data(as_text=True)
    assert client.get("/konsol/posta?sayfa=999999999999999999999", headers=A).status_code < 500
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    assert client.get("/konsol/posta", headers=A).status_code == 404
