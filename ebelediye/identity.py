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

from flask import current_app, has_app_context
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
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from .extensions import Model, db, login_manager
from .tenancy import current_tenant

#: realm -> loader(local_id) -> user or None; the platform registers "ministry".
realm_loaders: dict[str, Callable[[str], object]] = {}


class MfaColumns:
    """The second factor of a user (``ebelediye.mfa``): a TOTP secret, the last time-step a
    code was accepted at (no code is accepted twice) and the salted hashes of the unused
    recovery codes.  Shared by staff (tenant schema) and ministry users (``public``)."""

    #: a Fernet token (``mfa.seal``); read it with ``mfa.secret_of``
    mfa_secret: Mapped[str | None] = mapped_column(String(255))
    mfa_last_step: Mapped[int | None] = mapped_column(BigInteger)
    mfa_recovery: Mapped[list | None] = mapped_column(JSONB)
    mfa_enabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class StaffUser(UserMixin, MfaColumns, Model):
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
        self.password_hash = hash_password(password)
        self.set_password_token_hash = None
        self.set_password_expires_at = None

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash or "", password)

    def issue_set_password_token(self, hours: float) -> str:
        """Create a one-time token (replacing any earlier one); only its hash is stored."""
        token = secrets.token_urlsafe(32)
        self.set_password_token_hash = hash_token(token)
        self.set_password_expires_at = datetime.now(UTC) + timedelta(hours=hours)
        return token


class ApiToken(Model):
    """A personal bearer token for integrations: acts as its owner, with the owner's
    permissions; only a hash is stored; revoked tokens stay for the record."""

    __tablename__ = "api_tokens"
    # Creating and revoking are audited; the "last used" stamp is not a change of anyone's
    # (``bearer._touch`` runs it with ``audit_exempt``).

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


def hash_password(password: str) -> str:
    """A password hash by the configured method (``PASSWORD_HASH_METHOD``, scrypt by default)."""
    method = current_app.config["PASSWORD_HASH_METHOD"] if has_app_context() else "scrypt"
    return generate_password_hash(password, method=method)


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
