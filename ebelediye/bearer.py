"""API calls signed in by ``Authorization: Bearer <token>``: the token's owner, from the
per-tenant cache (``authcache``) or one statement, with its use recorded sparingly."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import cast

from flask import g, has_request_context
from sqlalchemy import Table, select, text, update
from sqlalchemy.orm import make_transient_to_detached

from . import authcache
from .extensions import db, login_manager
from .identity import TOKEN_PREFIX, ApiToken, StaffUser, hash_token
from .rbac import permissions_of
from .tenancy import current_tenant, quote_ident, require_tenant


def user_for_bearer(plain: str) -> StaffUser | None:
    """The active owner of a valid, unrevoked token in the current tenant.

    Runs on every API call: the answer (owner and permissions) is cached per tenant in
    Redis until anything about staff, tokens or roles changes (``authcache``).
    """
    if not plain.startswith(TOKEN_PREFIX):
        return None
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
    authcache.put(digest, stamp, {
        "id": user.id, "email": user.email, "full_name": user.full_name, "is_tenant_admin": user.is_tenant_admin,
        "permissions": None if user.is_tenant_admin else sorted(permissions_of(user))})
    return user


def _from_cache(identity: dict) -> StaffUser:
    """The token's owner as a persistent object of this session, without a query."""
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
    table = cast(Table, ApiToken.__table__)
    with db.engine.begin() as conn:
        conn.execute(text("SELECT set_config('search_path', :p, true)"), {"p": quote_ident(require_tenant().schema)})
        conn.execute(update(table).where(table.c.id == token_id).values(last_used_at=now)
                     .execution_options(audit_exempt=True))



@login_manager.request_loader
def load_user_from_bearer(request):
    """``Authorization: Bearer <token>`` signs API calls in as the token's owner (tenant hosts)."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer ") or current_tenant() is None or not request.path.startswith("/api/"):
        return None
    user = user_for_bearer(header[len("Bearer "):].strip())
    if user is not None:
        g.bearer_authenticated = True  # the front door skips CSRF for this call only
    return user
