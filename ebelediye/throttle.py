"""Sign-in throttling.

Three guards:

- per client IP: Flask-Limiter (Redis-backed moving window) on the sign-in views;
- per account *and source address*: after ``LOGIN_MAX_FAILURES`` wrong passwords from one
  address within ``LOGIN_FAILURE_WINDOW`` seconds, that address may not sign in to that
  account for ``LOGIN_LOCK_SECONDS`` (even with the right password).  A stranger who types
  wrong passwords for a staff member locks only themselves out (issue 10, 7);
- per account, from anywhere: after ``LOGIN_ACCOUNT_MAX_FAILURES`` wrong passwords from
  any number of addresses (a distributed guesser), the account is locked for addresses it
  has never signed in from; the addresses its owner signed in from before
  (``LOGIN_KNOWN_SOURCE_DAYS``) still may.

When a lock begins the owner is told by mail (once per lock), with a one-time link that
lifts the lock for the browser that opens it (``unlock_token`` / ``unlock``).

Keys of tenant accounts are prefixed ``t:<slug>:``; platform accounts use ``platform:``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

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


def source_key(key: str, source: str | None) -> str:
    """The throttle key of one account seen from one address."""
    return f"{key}:src:{hashlib.sha256((source or '-').encode()).hexdigest()[:24]}"


def locked_for(key: str) -> int:
    """Seconds the account stays locked (0 when it is not locked)."""
    ttl = redis_connection().ttl(key + ":lock")
    return max(0, int(ttl)) if ttl and ttl > 0 else 0


def record_failure(key: str, limit: int | None = None) -> int:
    """Count a wrong password; lock ``key`` when ``limit`` is reached.  Returns lock seconds
    when this failure began the lock, else 0."""
    config = current_app.config
    limit = config["LOGIN_MAX_FAILURES"] if limit is None else limit
    redis = redis_connection()
    pipe = redis.pipeline()
    # The window starts at the first failure.  SET NX EX then INCR (which keeps the TTL)
    # works on every Redis; EXPIRE ... NX would need Redis 7 and the embedded one is 6.2.
    pipe.set(key + ":fails", 0, ex=config["LOGIN_FAILURE_WINDOW"], nx=True)
    pipe.incr(key + ":fails")
    fails = pipe.execute()[1]
    if fails >= limit:
        redis.set(key + ":lock", 1, ex=config["LOGIN_LOCK_SECONDS"])
        redis.delete(key + ":fails")
        return config["LOGIN_LOCK_SECONDS"]
    return 0


def remember_source(key: str, source: str | None) -> None:
    """An address the account's owner signed in from (exempt from the account-wide lock)."""
    days = current_app.config["LOGIN_KNOWN_SOURCE_DAYS"]
    redis_connection().set(source_key(key, source) + ":known", 1, ex=int(days * 86400))


def is_known_source(key: str, source: str | None) -> bool:
    return bool(redis_connection().exists(source_key(key, source) + ":known"))


def first_notice(key: str) -> bool:
    """True once per lock period: whether the owner still has to be told of a lock."""
    return bool(redis_connection().set(key + ":notified", 1, nx=True, ex=current_app.config["LOGIN_LOCK_SECONDS"]))


def unlock(key: str, source: str | None) -> None:
    """Lift the locks of ``key`` for ``source`` (the owner's unlock link) and know it."""
    redis_connection().delete(key + ":lock", key + ":fails", source_key(key, source) + ":lock",
                              source_key(key, source) + ":fails")
    remember_source(key, source)


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


@dataclass(frozen=True)
class Verdict:
    #: None when the user may sign in, else the (Turkish) message to show
    problem: str | None
    #: whether this attempt began a lock (the owner is then told)
    locked_now: bool = False


def check(key: str, user, password: str, source: str | None) -> Verdict:
    """Check a sign-in attempt from ``source`` against the locks.  Unknown accounts count
    failures too, so the answers do not reveal which e-mail addresses exist."""
    config = current_app.config
    src = source_key(key, source)
    locked = locked_for(src)
    if not locked and locked_for(key) and not is_known_source(key, source):
        locked = locked_for(key)
    if locked:
        return Verdict(lock_message(locked))
    if user is not None and user.is_active and user.check_password(password):
        record_success(src)
        remember_source(key, source)
        return Verdict(None)
    seconds = record_failure(src)
    account_seconds = record_failure(key, config["LOGIN_ACCOUNT_MAX_FAILURES"])
    if seconds:
        return Verdict(lock_message(seconds), locked_now=True)
    return Verdict(WRONG_CREDENTIALS, locked_now=bool(account_seconds))


def verify(key: str, user, password: str, source: str | None = None) -> str | None:
    """``check``'s message only (None when the user may sign in)."""
    return check(key, user, password, source).problem


def unlock_token(key: str) -> str:
    """A signed link token that lifts the lock of ``key`` (valid while a lock can last)."""
    from itsdangerous import URLSafeTimedSerializer

    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="oturum-kilidi").dumps(key)


def key_of_unlock_token(token: str) -> str | None:
    from itsdangerous import BadData, URLSafeTimedSerializer

    try:
        return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="oturum-kilidi").loads(
            token, max_age=2 * current_app.config["LOGIN_LOCK_SECONDS"])
    except BadData:
        return None
