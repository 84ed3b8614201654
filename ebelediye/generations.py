"""Cache generations that move only after the change commits.

A cached answer is stored under the generation counters it was computed under (in Redis,
per tenant); a change bumps the counters, and a reader that finds the stored counters older
than the current ones computes afresh.  The counters must move *after* the change is
durable: bumped before the commit, a concurrent reader could compute the old state and cache
it under the new generation.  So a service marks what it changed in the session, and the
marks become ``INCR``s after the outermost commit; a rollback drops them.  SQLAlchemy calls
``after_commit`` for a released savepoint too, which is not durable yet: that call waits.

One implementation for every such cache: the core's sign-in cache (``authcache``), Gelir's
debt inquiry and Evlendirme's free slots.  A module declares the two listeners in its spec
(``SessionListener("after_commit", "pkg.mod:counters.after_commit")`` and the same for
``after_transaction_end``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

#: how long a counter outlives its last change: longer than any cached answer it guards
KEEP_SECONDS = 7 * 86400


class CommitCounters:
    """Marks collected in ``session.info[name]``; ``key(slug, mark)`` names each mark's counter."""

    def __init__(self, name: str, key: Callable[[str, Any], str]) -> None:
        self.name = name
        self._key = key

    def mark(self, session: Any, *marks: Hashable) -> None:
        session.info.setdefault(self.name, set()).update(marks)

    def pending(self, session: Any) -> set:
        """What this transaction changed so far (a reader inside it must not cache)."""
        return session.info.get(self.name) or set()

    def after_commit(self, session: Any) -> None:
        if session.in_nested_transaction():
            return  # a savepoint released: not durable yet, the outermost commit comes later
        marks = session.info.pop(self.name, None)
        if not marks:
            return
        from redis.exceptions import RedisError

        from .jobs import redis_connection
        from .tenancy import current_tenant

        tenant = current_tenant()
        if tenant is None:
            return
        try:
            pipe = redis_connection().pipeline(transaction=False)
            for mark in marks:
                key = self._key(tenant.slug, mark)
                pipe.incr(key)
                pipe.expire(key, KEEP_SECONDS)
            pipe.execute()
        except RedisError:
            pass  # the cached answers then live at most their own expiry

    def after_transaction_end(self, session: Any, transaction: Any) -> None:
        # The outermost transaction ended without a commit (a commit popped the marks
        # already).  A savepoint's rollback keeps them: a counter moved for nothing costs one
        # recomputation, a counter not moved would serve a stale answer.
        if transaction.parent is None:
            session.info.pop(self.name, None)
