"""The second factor (OWASP ASVS 2.8): TOTP codes from an authenticator app, with ten
one-time recovery codes.

Mandatory for ministry users, optional for staff.  After a right password a user who needs
the second factor is *not* signed in: the session only carries a signed, short-lived
"password passed" mark (``begin``); every page still sees an anonymous visitor until the
code step calls ``finish``, which signs in.  So no page that asks for a signed-in user can
be reached half-signed-in.

- a code is accepted within ±1 time-step (30 s) and never twice: the last accepted step is
  stored and only later steps are accepted;
- wrong codes go through the sign-in throttle (``throttle.record_failure``) on a key of
  their own, per account: whoever reaches this step knows the password;
- recovery codes are stored as salted SHA-256 hashes (50 random bits each, ASVS 2.6.2), and
  each is removed when used;
- a secret being enrolled waits in Redis (10 minutes), never in the cookie;
- the stored secret is encrypted with an application key (Fernet, ``MFA_ENCRYPTION_KEYS``:
  the first key encrypts, every key decrypts); ``secret_of`` reads it, ``store_secret``
  writes it.  A secret found under an older key (or, from before the encryption, plain) is
  re-encrypted under the first key when its code is next accepted; the migrations p0011
  and c0007 encrypted the ones stored plain before.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from datetime import UTC, datetime

import pyotp
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app, session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_user
from flask_wtf import FlaskForm
from sqlalchemy import BigInteger, Boolean, DateTime, Identity, String, func, select
from sqlalchemy.orm import Mapped, mapped_column
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, Optional

from . import audit, throttle, uow
from .extensions import Model, db
from .i18n import N_
from .jobs import redis_connection, tenant_key

PENDING = "_mfa"
STEP = 30
RECOVERY_COUNT = 10
#: Crockford-like alphabet without look-alikes (0/O, 1/I/L)
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
WRONG_CODE = N_("Doğrulama kodu hatalı ya da kullanılmış.")


class CodeForm(FlaskForm):
    code = StringField(_l("Doğrulama kodu"), validators=[DataRequired(_l("Kodu girin.")), Length(max=20)],
                       description=_l("Uygulamadaki 6 haneli kod ya da bir kurtarma kodu."))


class DisableForm(FlaskForm):
    code = StringField(_l("Doğrulama kodu"), validators=[Optional(), Length(max=20)])
    password = PasswordField(_l("ya da parolanız"), validators=[Optional(), Length(max=200)])


def _now() -> float:
    """Seconds since the epoch (a function, so tests can fix the time-step)."""
    return time.time()


def required(user) -> bool:
    """Whether ``user`` must give a second factor after the password."""
    return getattr(user, "realm", None) == "ministry" or bool(getattr(user, "mfa_secret", None))


def throttle_key(user) -> str:
    """The throttle key of ``user``'s code step (per account)."""
    user_id = user.get_id()
    realm, _, rest = user_id.partition(":")
    if realm == "staff":
        slug, _, local = rest.partition(":")
        return tenant_key(slug, "mfa", realm, local)
    return f"platform:mfa:{realm}:{rest}"


# --- the tenant's policy -----------------------------------------------------------------

class GuvenlikAyari(Model):
    """The tenant's security settings (one row, tenant schema): whether every staff member
    must have the second factor (set by the tenant admin at /yonetim/guvenlik, audited)."""

    __tablename__ = "guvenlik_ayari"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    mfa_zorunlu: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    guncelleyen: Mapped[str | None] = mapped_column(String(254))
    guncellendi: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(),
                                                  onupdate=func.now())


def _policy_row() -> GuvenlikAyari | None:
    return db.session.scalar(select(GuvenlikAyari).order_by(GuvenlikAyari.id).limit(1))


def required_for_staff() -> bool:
    """Whether the bound tenant requires the second factor of all its staff."""
    row = _policy_row()
    return bool(row is not None and row.mfa_zorunlu)


def set_required_for_staff(actor: str, required: bool) -> bool:
    """Require (or stop requiring) the second factor of the bound tenant's staff, audited;
    whether anything changed."""
    row = _policy_row()
    before = bool(row is not None and row.mfa_zorunlu)
    if before == required:
        return False
    if row is None:
        row = GuvenlikAyari()
        db.session.add(row)
    row.mfa_zorunlu = required
    row.guncelleyen = actor
    db.session.flush()
    audit.record("guvenlik.mfa_zorunlu", actor=actor, realm="staff", object_type="guvenlik_ayari",
                 object_id=row.id, before={"mfa_zorunlu": before}, after={"mfa_zorunlu": required})
    return True


#: where a staff member who must enrol may still go (the rest redirects to enrolment)
ENROLMENT_ENDPOINTS = frozenset({"portal.enrol", "portal.logout"})
MUST_ENROL = N_("Kurumunuz iki adımlı doğrulamayı zorunlu kıldı: devam etmeden önce kurun.")


def enrolment_due(user) -> bool:
    """Whether ``user`` is staff signed in without a second factor that their tenant requires
    (read once per request)."""
    if getattr(user, "realm", None) != "staff" or not getattr(user, "is_authenticated", False) or user.mfa_secret:
        return False
    from flask import g

    cached = g.get("ebelediye_mfa_required")
    if cached is None:
        cached = g.ebelediye_mfa_required = required_for_staff()
    return bool(cached)


def enforce_policy(user, endpoint: str | None, who: str):
    """The front door's check after the access rule passed: a staff member who must enrol
    reaches only enrolment and sign-out (public pages stay public); the rest redirects to
    enrolment, the API (with the session; a bearer token is not asked) answers 403."""
    from flask import abort, flash, redirect, request, url_for

    if who == "public" or endpoint in ENROLMENT_ENDPOINTS or not enrolment_due(user):
        return None
    if request.path.startswith("/api/"):
        abort(403)
    if request.method == "GET":
        flash(_(MUST_ENROL), "warning")
    return redirect(url_for("portal.enrol"))


# --- the secret at rest ------------------------------------------------------------------

#: every Fernet token starts so (version byte 0x80, base64url); a base32 TOTP secret never does
_TOKEN_START = "gAAAAA"


def derived_key(secret_key: str) -> str:
    """The development key: a Fernet key derived from SECRET_KEY (never used in production,
    which refuses to start without ``MFA_ENCRYPTION_KEYS``)."""
    digest = hashlib.sha256(b"ebelediye-mfa-secret:" + secret_key.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def _keys(config) -> list[str]:
    keys = config.get("MFA_ENCRYPTION_KEYS") or []
    if isinstance(keys, str):
        keys = [k.strip() for k in keys.split(",") if k.strip()]
    return list(keys) or [derived_key(str(config["SECRET_KEY"]))]


def _fernets(config=None) -> tuple[Fernet, MultiFernet]:
    """(the first key's Fernet, all keys' MultiFernet), made once per application."""
    config = config if config is not None else current_app.config
    keys = tuple(_keys(config))
    cache = current_app.extensions.setdefault("ebelediye.mfa_keys", {}) if config is current_app.config else {}
    made = cache.get(keys)
    if made is None:
        fernets = [Fernet(k.encode()) for k in keys]
        made = cache[keys] = (fernets[0], MultiFernet(fernets))
    return made


def seal(secret: str, config=None) -> str:
    """``secret`` encrypted under the first key (what the column stores)."""
    return _fernets(config)[0].encrypt(secret.encode()).decode()


def is_sealed(stored: str | None) -> bool:
    return bool(stored) and str(stored).startswith(_TOKEN_START)


def unseal(stored: str, config=None) -> str:
    """The plain secret of a stored value (a value from before the encryption is plain)."""
    if not is_sealed(stored):
        return stored
    return _fernets(config)[1].decrypt(stored.encode()).decode()


def secret_of(user) -> str | None:
    """``user``'s plain TOTP secret, or None when not enrolled (or unreadable: a key is missing)."""
    stored = user.mfa_secret
    if not stored:
        return None
    try:
        return unseal(stored)
    except InvalidToken:
        current_app.logger.error("MFA secret of %s not decryptable: is a key missing from MFA_ENCRYPTION_KEYS?",
                                 user.get_id())
        return None


def store_secret(user, secret: str | None) -> None:
    user.mfa_secret = seal(secret) if secret else None


def _under_first_key(stored: str) -> bool:
    if not is_sealed(stored):
        return False
    try:
        _fernets()[0].decrypt(stored.encode())
    except InvalidToken:
        return False
    return True


def reseal(stored: str | None, config=None) -> str | None:
    """``stored`` re-encrypted under the first key (None and unreadable values unchanged)."""
    if not stored:
        return stored
    try:
        return seal(unseal(stored, config), config)
    except InvalidToken:
        return stored


def reseal_all(model, *, actor: str, realm: str) -> dict:
    """Key rotation: every stored secret of ``model``'s users (the session's schema)
    re-encrypted under the first key, so that the older keys may be dropped.  Idempotent:
    a secret already under the first key is left alone.  A secret no key opens is left as
    it is and named (its user needs a reset); one audit row says what was done."""
    counts: dict = {"resealed": 0, "current": 0, "unreadable": []}
    users = db.session.scalars(select(model).where(model.mfa_secret.is_not(None)).order_by(model.id))
    for user in users:
        stored = user.mfa_secret
        if _under_first_key(stored):
            counts["current"] += 1
            continue
        fresh = reseal(stored)
        if fresh == stored:  # InvalidToken: under a key that is no longer configured
            counts["unreadable"].append(user.id)
            continue
        user.mfa_secret = fresh
        counts["resealed"] += 1
    if counts["resealed"] or counts["unreadable"]:
        audit.record("mfa.anahtar_yenile", actor=actor, realm=realm, object_type=f"{realm}_user",
                     after={"yeniden_sifrelenen": counts["resealed"], "okunamayan": counts["unreadable"]},
                     platform=realm == "ministry")
    return counts


# --- the half-signed-in state -------------------------------------------------------------

def begin(user, target: str) -> None:
    """Remember in the (signed) session that ``user``'s password was right; not signed in."""
    session[PENDING] = {"u": user.get_id(), "at": _now(), "next": target}


def pending() -> tuple[object, str] | None:
    """The user whose password was right a moment ago and the page to go to, or None."""
    from .identity import load_user

    mark = session.get(PENDING)
    if not isinstance(mark, dict):
        return None
    try:
        fresh = _now() - float(mark["at"]) <= float(current_app.config["MFA_PENDING_SECONDS"])
    except (KeyError, TypeError, ValueError):
        fresh = False
    user = load_user(str(mark.get("u", ""))) if fresh else None
    if user is None or not getattr(user, "is_active", False):
        session.pop(PENDING, None)
        return None
    return user, str(mark.get("next") or "")


def finish(user, how: str) -> None:
    """The second factor passed: sign ``user`` in and audit it (``how``: totp/kurtarma/kurulum)."""
    session.pop(PENDING, None)
    throttle.record_success(throttle_key(user))
    audit.record("oturum.ac", actor=user.email, realm=user.realm, object_type=f"{user.realm}_user",
                 object_id=user.id, after={"ikinci_adim": how}, platform=user.realm == "ministry")
    login_user(user)


def locked_message(user) -> str | None:
    seconds = throttle.locked_for(throttle_key(user))
    return throttle.lock_message(seconds, translate=True) if seconds else None


def refused(user) -> str:
    """Count a wrong code (locks the code step after LOGIN_MAX_FAILURES) and audit it in
    its own transaction (the refused request rolls back); returns the message to show."""
    seconds = throttle.record_failure(throttle_key(user))
    email, realm, user_id = user.email, user.realm, user.id

    def write() -> None:
        audit.record("oturum.hata", actor=email, realm=realm, object_type=f"{realm}_user", object_id=user_id,
                     after={"sonuc": WRONG_CODE, "adim": "ikinci"}, platform=realm == "ministry")

    uow.after_rollback(write)
    return throttle.lock_message(seconds, translate=True) if seconds else _(WRONG_CODE)


def answer(user, form) -> tuple[bool, int]:
    """The code step's answer, for the portal and the console alike: whether the user is now
    signed in, and the page's status (429 while locked, 422 for a wrong or missing code)."""
    from flask import request

    if not form.validate_on_submit():
        return False, 422 if request.method == "POST" else 200
    locked = locked_message(user)
    if locked:
        form.code.errors.append(locked)
        return False, 429
    how = check(user, form.code.data)
    if how is None:
        form.code.errors.append(refused(user))
        return False, 422
    finish(user, how)
    return True, 200


def owner_proven(user, form) -> bool:
    """Whether a ``DisableForm`` proves ``user`` is at the keyboard: a current code (spent)
    or the password (a wrong one counts against the code step's throttle)."""
    if form.code.data and locked_message(user) is None and check(user, form.code.data):
        return True
    if form.password.data and user.check_password(form.password.data):
        return True
    form.code.errors.append(refused(user) if form.code.data or form.password.data
                            else _("Doğrulama kodunu ya da parolanızı girin."))
    return False


# --- codes --------------------------------------------------------------------------------

def _digits(code: str) -> str:
    return "".join(ch for ch in code if not ch.isspace())


def _totp_step(secret: str, code: str, last_step: int | None) -> int | None:
    """The time-step (±1 around now, after ``last_step``) at which ``code`` is right."""
    code = _digits(code)
    if not (len(code) == 6 and code.isdigit()):
        return None
    totp = pyotp.TOTP(secret, interval=STEP)
    now = int(_now()) // STEP
    for step in (now - 1, now, now + 1):
        if last_step is not None and step <= last_step:
            continue  # a code used once (or an older one) is never accepted again
        if hmac.compare_digest(totp.at(step * STEP), code):
            return step
    return None


def _hash_recovery(code: str, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(8)
    return salt + "$" + hashlib.sha256((salt + _normal_recovery(code)).encode()).hexdigest()


def _normal_recovery(code: str) -> str:
    return _digits(code).replace("-", "").upper()


def new_recovery_codes(user) -> list[str]:
    """Ten new recovery codes for ``user`` (the earlier ones stop working); shown once."""
    codes = ["".join(secrets.choice(_ALPHABET) for _ in range(10)) for _ in range(RECOVERY_COUNT)]
    codes = [f"{c[:5]}-{c[5:]}" for c in codes]
    user.mfa_recovery = [_hash_recovery(c) for c in codes]
    return codes


def _use_recovery(user, code: str) -> bool:
    wanted = _normal_recovery(code)
    if len(wanted) != 10:
        return False
    kept = list(user.mfa_recovery or [])
    for stored in kept:
        salt, _, _digest = stored.partition("$")
        if hmac.compare_digest(_hash_recovery(wanted, salt), stored):
            kept.remove(stored)
            user.mfa_recovery = kept  # a new list, so the JSONB column is written
            return True
    return False


def check(user, code: str) -> str | None:
    """Check a code of an enrolled ``user``: "totp" or "kurtarma" (the code is then spent:
    its step stored, or the recovery code removed and audited), else None."""
    if not user.mfa_secret:
        return None
    secret = secret_of(user)  # None when its key is gone: the recovery codes still work
    step = None if secret is None else _totp_step(secret, code, user.mfa_last_step)
    if secret is not None and step is not None:
        user.mfa_last_step = step
        if not _under_first_key(user.mfa_secret):
            store_secret(user, secret)  # plain or under an older key: re-encrypted under the first
        return "totp"
    if _use_recovery(user, code):
        audit.record("mfa.kurtarma_kodu", actor=user.email, realm=user.realm, object_type=f"{user.realm}_user",
                     object_id=user.id, after={"kalan": len(user.mfa_recovery or [])},
                     platform=user.realm == "ministry")
        return "kurtarma"
    return None


# --- enrolment ----------------------------------------------------------------------------

def _enrol_key(user) -> str:
    return throttle_key(user) + ":kurulum"


def enrolment_secret(user) -> str:
    """The secret being enrolled for ``user`` (kept in Redis 10 minutes, made on first use)."""
    redis = redis_connection()
    key = _enrol_key(user)
    secret = redis.get(key)
    if secret is None:
        secret = pyotp.random_base32().encode()
        redis.set(key, secret, ex=600)
    return secret.decode() if isinstance(secret, bytes) else str(secret)


def provisioning_uri(user, secret: str) -> str:
    return pyotp.TOTP(secret, interval=STEP).provisioning_uri(
        name=user.email, issuer_name=current_app.config["MFA_ISSUER"])


def qr_data_uri(text: str) -> str:
    """``text`` as a QR code in an SVG data URI (an ``<img>``: no script, allowed by the CSP)."""
    from reportlab.graphics import renderSVG
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(text, barLevel="M")
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(x2 - x1, y2 - y1)
    drawing.add(widget)
    svg = renderSVG.drawToString(drawing)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def enrol(user, code: str) -> list[str] | None:
    """Confirm the enrolment with a code of the new secret: store it, audit, and return the
    ten recovery codes to show once; None when the code is wrong."""
    secret = enrolment_secret(user)
    step = _totp_step(secret, code, None)
    if step is None:
        return None
    store_secret(user, secret)
    user.mfa_last_step = step
    user.mfa_enabled_at = datetime.now(UTC)
    codes = new_recovery_codes(user)
    audit.record("mfa.kur", actor=user.email, realm=user.realm, object_type=f"{user.realm}_user",
                 object_id=user.id, platform=user.realm == "ministry")
    key = _enrol_key(user)
    uow.after_commit(lambda: redis_connection().delete(key))
    return codes


def disable(user) -> None:
    """Turn the second factor off (staff only; the caller has checked a code or the password)."""
    _forget(user)
    audit.record("mfa.kapat", actor=user.email, realm=user.realm, object_type=f"{user.realm}_user",
                 object_id=user.id)


def reset(user, actor: str, reason: str) -> None:
    """A colleague's factor cleared by ``actor`` (ministry users: a lost phone), with the
    reason, audited; the user enrols again at the next sign-in."""
    _forget(user)
    audit.record("mfa.sifirla", actor=actor, realm=user.realm, object_type=f"{user.realm}_user",
                 object_id=user.id, after={"kullanici": user.email, "gerekce": reason},
                 platform=user.realm == "ministry")


def _forget(user) -> None:
    user.mfa_secret = None
    user.mfa_last_step = None
    user.mfa_recovery = None
    user.mfa_enabled_at = None


def regenerate(user) -> list[str]:
    """New recovery codes (the old ones stop working), audited."""
    codes = new_recovery_codes(user)
    audit.record("mfa.kodlar_yenile", actor=user.email, realm=user.realm, object_type=f"{user.realm}_user",
                 object_id=user.id, platform=user.realm == "ministry")
    return codes
