"""Answers cached in Redis, per tenant: keys are ``t:<slug>:conn:<operation>:<digest>``
(``jobs.tenant_key``), so one municipality's lookups are never served to another.

The digest is an HMAC of the arguments, so key listings in monitoring tools show no
identity numbers.  Redis trouble never fails a call: the cache is skipped and logged.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Callable

from redis import Redis
from redis.exceptions import RedisError

from .. import jobs

log = logging.getLogger(__name__)


class ResultCache:
    def __init__(self, ttls: dict[str, int], key_secret: str,
                 redis: Callable[[], Redis] = jobs.redis_connection) -> None:
        self.ttls = ttls
        self.key_secret = key_secret.encode()
        self._redis = redis

    def ttl(self, name: str | None) -> int:
        return int(self.ttls.get(name, 0)) if name else 0

    def key(self, slug: str, name: str, args: dict) -> str:
        canonical = json.dumps(args, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        digest = hmac.new(self.key_secret, f"{name}|{canonical}".encode(), hashlib.sha256).hexdigest()[:40]
        return jobs.tenant_key(slug, "conn", name, digest)

    def get(self, slug: str, name: str, args: dict) -> dict | None:
        if not self.ttl(name):
            return None
        try:
            raw = self._redis().get(self.key(slug, name, args))
        except RedisError as exc:
            log.warning("connector cache unavailable: %s", exc)
            return None
        if raw is None:
            return None
        try:
            value = json.loads(raw)
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def set(self, slug: str, name: str, args: dict, value: dict) -> None:
        ttl = self.ttl(name)
        if not ttl:
            return
        try:
            self._redis().set(self.key(slug, name, args), json.dumps(value, ensure_ascii=False), ex=ttl)
        except RedisError as exc:
            log.warning("connector cache unavailable: %s", exc)

    def forget(self, slug: str, name: str, args: dict) -> None:
        try:
            self._redis().delete(self.key(slug, name, args))
        except RedisError as exc:
            log.warning("connector cache unavailable: %s", exc)
