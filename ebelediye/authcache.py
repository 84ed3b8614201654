"""A per-tenant Redis cache of what an API token authenticates as: the staff member and
their permissions, so an API call needs no database statement to know who is calling.

Correctness comes from a per-tenant generation counter: any change to staff users, API
tokens, roles, role permissions or role assignments (ORM flushes and bulk statements
alike) moves it after the change commits, and an entry made under another generation is
ignored.  Revoking a token or a role therefore takes effect on the next call, as before.
"""

from __future__ import annotations

import json
from typing import cast

from redis.exceptions import RedisError
from sqlalchemy import event
from sqlalchemy.orm import Session

from .generations import CommitCounters
from .jobs import redis_connection, tenant_key
from .tenancy import require_tenant

TTL_SECONDS = 300
#: one counter per tenant, moved after any change to who may do what commits
counters = CommitCounters("ebelediye_auth_changed", lambda slug, _mark: tenant_key(slug, "auth", "nesil"))


def _auth_classes() -> tuple[type, ...]:
    from .identity import ApiToken, StaffUser
    from .rbac import Role, RolePermission, StaffRole

    return (StaffUser, ApiToken, Role, RolePermission, StaffRole)


def _note_flush(session, flush_context) -> None:
    classes = _auth_classes()
    if any(isinstance(obj, classes) for obj in (*session.new, *session.dirty, *session.deleted)):
        counters.mark(session, "auth")


def _note_bulk(state) -> None:
    if (state.is_update or state.is_delete or state.is_insert) and state.bind_mapper is not None \
            and issubclass(state.bind_mapper.class_, _auth_classes()):
        counters.mark(state.session, "auth")


def install() -> None:
    """Watch every session for changes to who may do what (idempotent)."""
    if not event.contains(Session, "after_flush", _note_flush):
        event.listen(Session, "after_flush", _note_flush)
        event.listen(Session, "do_orm_execute", _note_bulk)
        event.listen(Session, "after_commit", counters.after_commit)
        event.listen(Session, "after_transaction_end", counters.after_transaction_end)


def get(token_hash: str) -> tuple[dict | None, bytes]:
    """The cached identity of a token (or None) and the generation to store a fresh one under."""
    tenant = require_tenant()
    try:
        generation, entry = cast("list[bytes | None]", redis_connection().mget(
            tenant_key(tenant.slug, "auth", "nesil"), tenant_key(tenant.slug, "auth", "token", token_hash)))
    except RedisError:
        return None, b""
    stamp = (generation or b"0") + b"\n"
    if entry is not None and entry.startswith(stamp):
        return json.loads(entry[len(stamp):]), stamp
    return None, stamp


def put(token_hash: str, stamp: bytes, identity: dict) -> None:
    if not stamp:
        return
    tenant = require_tenant()
    try:
        redis_connection().set(tenant_key(tenant.slug, "auth", "token", token_hash),
                               stamp + json.dumps(identity).encode(), ex=TTL_SECONDS)
    except RedisError:
        pass
