"""The one "counter moved after commit" helper that the sign-in cache, Gelir's debt inquiry
and Evlendirme's slots share (``ebelediye.generations``)."""

from sqlalchemy import event, text
from sqlalchemy.orm import Session

from ebelediye.extensions import db
from ebelediye.generations import CommitCounters
from ebelediye.jobs import redis_connection, tenant_key
from tenants import services


def _key(slug: str, mark: str) -> str:
    return tenant_key(slug, "test", "nesil", mark)


def test_counters_move_after_the_outermost_commit_and_never_for_a_rollback():
    counters = CommitCounters("test_generations", _key)
    event.listen(Session, "after_commit", counters.after_commit)
    event.listen(Session, "after_transaction_end", counters.after_transaction_end)
    redis = redis_connection()
    try:
        with services.bound("alfa"):
            redis.delete(_key("alfa", "x"), _key("alfa", "y"))
            with db.session.begin_nested():
                counters.mark(db.session, "x")
            assert redis.get(_key("alfa", "x")) is None  # a released savepoint is not durable
            assert counters.pending(db.session) == {"x"}
            db.session.commit()
            assert redis.get(_key("alfa", "x")) == b"1" and not counters.pending(db.session)

            db.session.execute(text("SELECT 1"))  # marks are made inside a transaction
            counters.mark(db.session, "x")
            db.session.rollback()
            assert redis.get(_key("alfa", "x")) == b"1" and not counters.pending(db.session)

            # a savepoint rolled back keeps the transaction's marks (one needless recomputation
            # at worst; a counter not moved would serve a stale answer)
            savepoint = db.session.begin_nested()
            counters.mark(db.session, "y")
            savepoint.rollback()
            db.session.commit()
            assert redis.get(_key("alfa", "y")) == b"1"
            assert redis.ttl(_key("alfa", "y")) > 0
        assert redis.get(_key("beta", "x")) is None  # per tenant
    finally:
        event.remove(Session, "after_commit", counters.after_commit)
        event.remove(Session, "after_transaction_end", counters.after_transaction_end)
