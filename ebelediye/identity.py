"""Who is signed in.  Flask-Login's user id encodes the realm, so a session minted on one
tenant's host is worthless on another tenant's host or on the ministry console.

Realms: ``staff:<slug>:<id>`` (tenant schema), ``ministry:<id>`` (public); citizens join
with the e-Devlet sign-in.  The platform registers the ministry loader; the core never
imports it.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from flask_babel import gettext
from flask_login import UserMixin
from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Identity,
    String,
    func,
    select,
    text,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from .extensions import db, login_manager
from .tenancy import current_tenant

#: realm -> loader(local_id) -> user or None; the platform registers "ministry".
realm_loaders: dict[str, Callable[[str], object]] = {}


class StaffUser(UserMixin, db.Model):
    """A municipal staff member, kept in the tenant's own schema."""

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(256))
    is_tenant_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active_user: Mapped[bool] = mapped_column(Boolean, default=True)
    #: sha256 of a one-time set-password token; the token itself is only ever mailed.
    set_password_token_hash: Mapped[str | None] = mapped_column(String(64))
    set_password_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    realm = "staff"

    def get_id(self) -> str:
        tenant = current_tenant()
        return f"staff:{tenant.slug if tenant else '?'}:{self.id}"

    @property
    def is_active(self) -> bool:
        return self.is_active_user

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")
        self.set_password_token_hash = None
        self.set_password_expires_at = None

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def issue_set_password_token(self, hours: float) -> str:
        """Create a one-time token (replacing any earlier one); only its hash is stored."""
        token = secrets.token_urlsafe(32)
        self.set_password_token_hash = hash_token(token)
        self.set_password_expires_at = datetime.now(UTC) + timedelta(hours=hours)
        return token


class ApiToken(db.Model):
    """A personal bearer token for integrations: acts as its owner, with the owner's
    permissions; only a hash is stored; revoked tokens stay for the record."""

    __tablename__ = "api_tokens"
    # Creating and revoking are audited; last_used_at moves on every API call.
    __audit_exempt__ = True

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(12))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


TOKEN_PREFIX = "ebt_"


def issue_api_token(user: StaffUser, name: str) -> tuple[ApiToken, str]:
    """Create a token for ``user``; the plain token is returned once and never stored."""
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(staff_id=user.id, name=name, prefix=plain[:12], token_hash=hash_token(plain))
    db.session.add(token)
    return token, plain


def user_for_bearer(plain: str) -> StaffUser | None:
    """The active owner of a valid, unrevoked token in the current tenant.

    Runs on every API call: the answer (owner and permissions) is cached per tenant in
    Redis until anything about staff, tokens or roles changes (``authcache``).
    """
    if not plain.startswith(TOKEN_PREFIX):
        return None
    from . import authcache

    digest = hash_token(plain)
    cached, stamp = authcache.get(digest)
    if cached is not None:
        return _from_cache(cached)
    found = db.session.execute(
        select(StaffUser, ApiToken.id, ApiToken.last_used_at).join(ApiToken, ApiToken.staff_id == StaffUser.id)
        .where(ApiToken.token_hash == digest, ApiToken.revoked_at.is_(None))
    ).first()
    if found is None:
        return None
    user, token_id, last_used_at = found
    if not user.is_active:
        return None
    _touch(token_id, last_used_at)
    from .rbac import permissions_of

    authcache.put(digest, stamp, {
        "id": user.id, "email": user.email, "full_name": user.full_name, "is_tenant_admin": user.is_tenant_admin,
        "permissions": None if user.is_tenant_admin else sorted(permissions_of(user))})
    return user


def _from_cache(identity: dict) -> StaffUser:
    """The token's owner as a persistent object of this session, without a query."""
    from flask import g, has_request_context
    from sqlalchemy.orm import make_transient_to_detached

    user = StaffUser(id=identity["id"], email=identity["email"], full_name=identity["full_name"],
                     is_tenant_admin=identity["is_tenant_admin"], is_active_user=True)
    make_transient_to_detached(user)
    user = db.session.merge(user, load=False)
    if identity["permissions"] is not None and has_request_context():
        g.setdefault("_rbac_cache", {})[user.id] = frozenset(identity["permissions"])
    return user


#: "last used" is kept to this precision: writing it on every call would add an UPDATE to
#: every API request, and a GET never commits its own transaction anyway.
TOKEN_TOUCH_SECONDS = 300


def _touch(token_id: int, last_used_at: datetime | None) -> None:
    """Record the token's use in a short transaction of its own, at most every few minutes."""
    now = datetime.now(UTC)
    if last_used_at is not None and (now - last_used_at).total_seconds() < TOKEN_TOUCH_SECONDS:
        return
    from .tenancy import quote_ident, require_tenant

    table = ApiToken.__table__
    with db.engine.begin() as conn:
        conn.execute(text("SELECT set_config('search_path', :p, true)"), {"p": quote_ident(require_tenant().schema)})
        conn.execute(update(table).where(table.c.id == token_id).values(last_used_at=now))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def staff_by_token(token: str) -> StaffUser | None:
    """The staff user a valid, unexpired set-password token belongs to."""
    user = db.session.scalar(
        select(StaffUser).where(StaffUser.set_password_token_hash == hash_token(token))
    )
    if user is None or user.set_password_expires_at is None:
        return None
    if user.set_password_expires_at < datetime.now(UTC):
        return None
    return user


MIN_PASSWORD_LENGTH = 10


def password_problems(password: str) -> list[str]:
    """Why a new password is refused (empty when acceptable)."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(gettext("Parola en az %(n)d karakter olmalı.", n=MIN_PASSWORD_LENGTH))
    if password.isdigit() or password.isalpha():
        problems.append(gettext("Parola hem harf hem rakam içermeli."))
    return problems


@login_manager.user_loader
def load_user(user_id: str):
    realm, _, rest = user_id.partition(":")
    if realm == "staff":
        slug, _, local_id = rest.partition(":")
        tenant = current_tenant()
        # A staff session is valid only on the host of the tenant that minted it.
        if tenant is None or tenant.slug != slug or not local_id.isdigit():
            return None
        return db.session.get(StaffUser, int(local_id))
    loader = realm_loaders.get(realm)
    return loader(rest) if loader else None


@login_manager.request_loader
def load_user_from_bearer(request):
    """``Authorization: Bearer <token>`` signs API calls in as the token's owner (tenant hosts)."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer ") or current_tenant() is None or not request.path.startswith("/api/"):
        return None
    return user_for_bearer(header[len("Bearer "):].strip())
