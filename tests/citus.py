"""Citus helpers for tests: is the suite on a Citus coordinator, and do the app's statements
stay on one node?

``single_node_statements()`` records every statement the code inside it sends to
PostgreSQL; ``assert_single_node`` then runs ``EXPLAIN`` on each, in the same tenant and
transaction, and fails on a plan that leaves the tenant's node: a repartition join, more
than one task, a table read on the coordinator (a platform table that is not a reference
table), or a statement Citus refuses to plan.  An INSERT … SELECT "pulled to the
coordinator" (rows from one task on the tenant's node, sent back through the
coordinator) fails too unless ``allow_pull_up``: Citus never pushes down an INSERT …
SELECT whose target has an identity default (a volatile ``nextval``), see docs/citus.md.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field

import psycopg
import pytest
from sqlalchemy import event, text

from ebelediye.extensions import db

#: what a plan that leaves the tenant's node says (Citus 12/13 EXPLAIN wording)
_OFF_NODE = re.compile(r"repartition|Task Count: (?:[2-9]|\d{2,})", re.I)
_PULL_UP = re.compile(r"pull to coordinator", re.I)
#: a scan of a table that is no shard (shards are named <table>_<shard id>): read on the coordinator
_SCAN = re.compile(r"(?:Seq|Index|Index Only|Bitmap Heap) Scan (?:Backward )?(?:using \S+ )?on (?P<rel>[\w.\"]+)")
_EXPLAINABLE = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|MERGE)\b", re.I)
_BOOKKEEPING = re.compile(r"^\s*SELECT (pg_catalog\.)?(set_config|pg_advisory|pg_notify|pg_try_advisory)", re.I)


def on_citus() -> bool:
    """Whether the test database has the citus extension (the suite runs on a coordinator)."""
    return bool(db.session.scalar(text("SELECT count(*) FROM pg_extension WHERE extname = 'citus'")))


def requires_citus() -> None:
    if not on_citus():
        pytest.skip("needs a Citus coordinator (DATABASE_URL of a cluster, docs/citus.md)")


@dataclass
class Recorded:
    statements: list[tuple[str, object]] = field(default_factory=list)


@contextmanager
def single_node_statements():
    """Record the statements run inside the block (statement text and its parameters)."""
    recorded = Recorded()
    engine = db.engine

    def keep(conn, cursor, statement, parameters, context, executemany):
        if _EXPLAINABLE.match(statement) and not _BOOKKEEPING.match(statement):
            if isinstance(parameters, (list, tuple)) and parameters and isinstance(parameters[0], (dict, list, tuple)):
                parameters = parameters[0]  # executemany: one set explains them all
            recorded.statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        yield recorded
    finally:
        event.remove(engine, "before_cursor_execute", keep)


def explain(statement: str, parameters) -> str:
    """The statement's plan, in the session's transaction (a refusal comes back as the plan
    text "REFUSED: ...").  The values are bound on the client side: Citus cannot plan an
    EXPLAIN whose parameters are left to the server."""
    driver = db.session.connection().connection.driver_connection
    try:
        with driver.transaction(), psycopg.ClientCursor(driver) as cursor:  # a savepoint
            cursor.execute("EXPLAIN " + statement, parameters if parameters else None)
            return "\n".join(r[0] for r in cursor.fetchall())
    except psycopg.Error as refused:  # (FeatureNotSupported, or InternalError for a repartition)
        return f"REFUSED: {refused}"


def off_node(plan: str) -> str | None:
    """Why the plan leaves the tenant's node (None when it stays)."""
    if plan.startswith("REFUSED"):
        return plan
    if _OFF_NODE.search(plan):
        return "repartition or more than one task"
    local = [m.group("rel") for m in _SCAN.finditer(plan) if not re.search(r"_\d+\"?$", m.group("rel"))]
    if local and "Citus" in plan:  # (a platform query that touches no distributed table is no tenant's)
        return f"read on the coordinator: {', '.join(sorted(set(local)))}"
    return None


def assert_single_node(recorded: Recorded, must_include: tuple[str, ...] = (),
                       allow_pull_up: bool = False) -> list[tuple[str, str]]:
    """EXPLAIN every recorded statement; fail on any plan that leaves one node.  Returns the
    (statement, plan) pairs.

    ``must_include`` names fragments (e.g. ``"INSERT INTO tahakkuklar"``) of statements that
    have to be among those explained, so a refactoring cannot make the check vacuous.
    """
    plans, failures = [], []
    for statement, parameters in recorded.statements:
        plan = explain(statement, parameters)
        plans.append((statement, plan))
        reason = off_node(plan) or (None if allow_pull_up or not _PULL_UP.search(plan) else "pulled to the coordinator")
        if reason:
            failures.append(f"{reason}\n{statement.strip()[:400]}\n--- plan:\n{plan}")
    for fragment in must_include:
        assert any(fragment in s for s, _ in recorded.statements), f"no statement with {fragment!r} was run"
    assert not failures, "statements Citus does not route to one node:\n\n" + "\n\n".join(failures)
    assert any("Citus" in p for _, p in plans), "no statement was planned by Citus"
    return plans


def worker_of(schema: str) -> str | None:
    """host:port of the worker holding a distributed tenant schema (None if not distributed)."""
    row = db.session.execute(text(
        "SELECT s.nodename || ':' || s.nodeport FROM citus_shards s "
        "JOIN pg_class c ON c.oid = s.table_name JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = :s LIMIT 1"), {"s": schema}).first()
    return row[0] if row else None
