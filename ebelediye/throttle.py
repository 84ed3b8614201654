"""Sign-in throttling.

Two independent guards:

- per client IP: Flask-Limiter (Redis-backed moving window) on the sign-in views;
- per account: after ``LOGIN_MAX_FAILURES`` wrong passwords within ``LOGIN_FAILURE_WINDOW``
  seconds the account is locked for ``LOGIN_LOCK_SECONDS``.  While locked even the right
  password is refused, so guessing cannot continue at the IP limit's pace from many IPs.

Keys of tenant accounts are prefixed ``t:<slug>:``; platform accounts use ``platform:``.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from flask_babel import gettext
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from .i18n import N_
from .jobs import redis_connection, tenant_key

limiter = Limiter(key_func=get_remote_address, strategy="moving-window")


def limiter_storage_uri(redis_url: str) -> str:
    """Flask-Limiter names unix sockets ``redis+unix://``."""
    return "redis+unix://" + redis_url[len("unix://"):] if redis_url.startswith("unix://") else redis_url


def account_key(realm: str, identifier: str, slug: str | None = None) -> str:
    digest = hashlib.sha256(identifier.strip().lower().encode()).hexdigest()[:32]
    if slug:
        return tenant_key(slug, "login", realm, digest)
    return f"platform:login:{realm}:{digest}"


def locked_for(key: str) -> int:
    """Seconds the account stays locked (0 when it is not locked)."""
    ttl = redis_connection().ttl(key + ":lock")
    return max(0, int(ttl)) if ttl and ttl > 0 else 0


def record_failure(key: str) -> int:
    """Count a wrong password; lock the account when the limit is reached.  Returns lock seconds."""
    config = current_app.config
    redis = redis_connection()
    pipe = redis.pipeline()
    # The window starts at the first failure.  SET NX EX then INCR (which keeps the TTL)
    # works on every Redis; EXPIRE ... NX would need Redis 7 and the embedded one is 6.2.
    pipe.set(key + ":fails", 0, ex=config["LOGIN_FAILURE_WINDOW"], nx=True)
    pipe.incr(key + ":fails")
    fails = pipe.execute()[1]
    if fails >= config["LOGIN_MAX_FAILURES"]:
        redis.set(key + ":lock", 1, ex=config["LOGIN_LOCK_SECONDS"])
        redis.delete(key + ":fails")
        return config["LOGIN_LOCK_SECONDS"]
    return 0


def record_success(key: str) -> None:
    redis_connection().delete(key + ":fails")


LOCKED = N_("Çok sayıda hatalı deneme nedeniyle bu hesap %(minutes)d dakika kilitlendi. "
           "Lütfen sonra tekrar deneyin ya da parolanızı sıfırlayın.")


def lock_message(seconds: int, translate: bool = False) -> str:
    """The lock notice: Turkish for the audit, or in the request's language to show."""
    minutes = max(1, (seconds + 59) // 60)
    return (gettext(LOCKED) if translate else LOCKED) % {"minutes": minutes}


# Untranslated on purpose: verify() returns it (the audit keeps Turkish) and signin compares
# against it; it is translated where it is shown.
WRONG_CREDENTIALS = N_("E-posta ya da parola hatalı.")


def verify(key: str, user, password: str) -> str | None:
    """Check a sign-in attempt against the account lock; None when it may sign in, else the
    message to show.  Unknown accounts count failures too, so the answers do not reveal
    which e-mail addresses exist."""
    locked = locked_for(key)
    if locked:
        return lock_message(locked)
    if user is not None and user.is_active and user.check_password(password):
        record_success(key)
        return None
    seconds = record_failure(key)
    return lock_message(seconds) if seconds else WRONG_CREDENTIALS
