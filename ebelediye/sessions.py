"""Server-side sessions: a signed cookie alone no longer signs anyone in.

The cookie still carries Flask-Login's user id, and now also a random session id
(``_sid``).  Each sign-in writes a record in Redis, ``<user>:<sid>`` → sign-in and last-use
times, and a set of the user's session ids.  A request counts as signed in only when its
record exists and is neither idle past its realm's limit (``SESSION_IDLE_MINUTES_STAFF``,
``_MINISTRY``, ``_CITIZEN``) nor older than ``SESSION_ABSOLUTE_HOURS``.  So:

- signing out deletes the record: a copied cookie is worthless after ``/cikis``;
- ``end_all(user_id)`` (deactivation, a role change, "sign out everywhere", a password set
  by a reset link) and ``end_others(user_id)`` (a password change) end sessions on other
  devices, however the cookie was obtained;
- without Redis nobody is signed in (it fails closed), and a lost Redis signs everyone out.

API calls with a bearer token are not sessions and are not affected (tokens are revoked on
their own; ``bearer``).
"""

from __future__ import annotations

import logging
import secrets
import time
from typing import cast

from flask import Flask, current_app, has_request_context, session
from flask_login import user_logged_in, user_logged_out
from redis.exceptions import RedisError

from .extensions import login_manager
from .jobs import redis_connection, tenant_key

log = logging.getLogger(__name__)

SID = "_sid"
#: last use is written back at most this often (every request would be a Redis write)
TOUCH_SECONDS = 30


def _clock() -> float:
    """Seconds since the epoch (a function, so tests can move time without sleeping)."""
    return time.time()


def _base(user_id: str) -> str:
    """The Redis key prefix of a user's sessions: tenant users under ``t:<slug>:``."""
    realm, _, rest = user_id.partition(":")
    if realm in ("staff", "citizen"):
        slug, _, local = rest.partition(":")
        return tenant_key(slug, "oturum", realm, local)
    return f"platform:oturum:{realm}:{rest}"


def idle_seconds(user_id: str) -> int:
    realm = user_id.partition(":")[0].upper()
    minutes = current_app.config.get(f"SESSION_IDLE_MINUTES_{realm}", current_app.config["SESSION_IDLE_MINUTES_STAFF"])
    return int(float(minutes) * 60)


def absolute_seconds() -> int:
    return int(float(current_app.config["SESSION_ABSOLUTE_HOURS"]) * 3600)


def start(user_id: str) -> str:
    """Record a new session of ``user_id`` and put its id into the cookie."""
    sid = secrets.token_urlsafe(24)
    now = _clock()
    base = _base(user_id)
    pipe = redis_connection().pipeline()
    pipe.set(f"{base}:{sid}", f"{now!r}:{now!r}", ex=idle_seconds(user_id))
    pipe.sadd(f"{base}:hepsi", sid)
    pipe.expire(f"{base}:hepsi", absolute_seconds())
    pipe.execute()
    session[SID] = sid
    return sid


def alive(user_id: str, sid: str | None) -> bool:
    """Whether the session ``sid`` of ``user_id`` may still act; refreshes its last use."""
    if not sid:
        return False
    key = f"{_base(user_id)}:{sid}"
    redis = redis_connection()
    try:
        value = cast("bytes | None", redis.get(key))  # the client does not decode responses
        if value is None:
            return False
        started, _, seen = value.decode().partition(":")
        now = _clock()
        if now - float(started) > absolute_seconds() or now - float(seen) > idle_seconds(user_id):
            redis.delete(key)
            return False
        if now - float(seen) >= TOUCH_SECONDS:
            redis.set(key, f"{started}:{now!r}", ex=idle_seconds(user_id))
    except (RedisError, ValueError):
        log.warning("session store unavailable or unreadable: treating the session as ended", exc_info=True)
        return False
    return True


def end(user_id: str, sid: str | None) -> None:
    if not sid:
        return
    base = _base(user_id)
    pipe = redis_connection().pipeline()
    pipe.delete(f"{base}:{sid}")
    pipe.srem(f"{base}:hepsi", sid)
    pipe.execute()


def end_all(user_id: str, keep: str | None = None) -> int:
    """End every session of ``user_id`` (but ``keep``); returns how many were ended."""
    base = _base(user_id)
    redis = redis_connection()
    sids = [s.decode() for s in cast("set[bytes]", redis.smembers(f"{base}:hepsi"))]
    ended = [s for s in sids if s != keep]
    pipe = redis.pipeline()
    for sid in ended:
        pipe.delete(f"{base}:{sid}")
        pipe.srem(f"{base}:hepsi", sid)
    pipe.execute()
    return len(ended)


def end_others(user_id: str) -> int:
    """End the user's sessions on other devices, keeping the current request's one."""
    return end_all(user_id, keep=session.get(SID) if has_request_context() else None)


def _signed_in(app, user) -> None:
    start(user.get_id())


def _signed_out(app, user) -> None:
    sid = session.pop(SID, None)
    if user is not None and getattr(user, "is_authenticated", False):
        try:
            end(user.get_id(), sid)
        except RedisError:
            log.warning("could not end a session in Redis", exc_info=True)


def install(app: Flask) -> None:
    """Check every session-borne sign-in against its record (bearer tokens are untouched)."""
    manager = login_manager
    original = manager._user_callback
    if not getattr(original, "checks_sessions", False):  # one login manager serves every app
        def load(user_id: str):
            if not alive(user_id, session.get(SID)):
                session.pop("_user_id", None)
                session.pop(SID, None)
                return None
            return original(user_id)

        load.checks_sessions = True  # type: ignore[attr-defined]
        manager._user_callback = load
    user_logged_in.connect(_signed_in, app)
    user_logged_out.connect(_signed_out, app)
