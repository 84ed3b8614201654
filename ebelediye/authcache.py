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

from .jobs import redis_connection, tenant_key
from .tenancy import current_tenant, require_tenant

_CHANGED = "ebelediye_auth_changed"
TTL_SECONDS = 300


def _auth_classes() -> tuple[type, ...]:
    from .identity import ApiToken, StaffUser
    from .rbac import Role, RolePermission, StaffRole

    return (StaffUser, ApiToken, Role, RolePermission, StaffRole)


def _note_flush(session, flush_context) -> None:
    classes = _auth_classes()
    if any(isinstance(obj, classes) for obj in (*session.new, *session.dirty, *session.deleted)):
        session.info[_CHANGED] = True


def _note_bulk(state) -> None:
    if (state.is_update or state.is_delete or state.is_insert) and state.bind_mapper is not None \
            and issubclass(state.bind_mapper.class_, _auth_classes()):
        state.session.info[_CHANGED] = True


def _after_commit(session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint released (SQLAlchemy calls this hook for those too): not durable yet
    if not session.info.pop(_CHANGED, False):
        return
    tenant = current_tenant()
    if tenant is None:
        return
    try:
        key = tenant_key(tenant.slug, "auth", "nesil")
        pipe = redis_connection().pipeline(transaction=False)
        pipe.incr(key)
        pipe.expire(key, 7 * 86400)
        pipe.execute()
    except RedisError:
        pass  # entries then live at most TTL_SECONDS


def _after_rollback(session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint rolled back: what the transaction changed before it still commits
    session.info.pop(_CHANGED, None)


def install() -> None:
    """Watch every session for changes to who may do what (idempotent)."""
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_flush", _note_flush)
        event.listen(Session, "do_orm_execute", _note_bulk)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _after_rollback)


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
