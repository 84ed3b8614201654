"""The guard behind "every change is audited": a request that writes data must write an
audit row after its last change.

It watches statements, not ORM objects: every INSERT, UPDATE, DELETE, MERGE or TRUNCATE
that reaches PostgreSQL through SQLAlchemy during a request (ORM flushes, Core statements,
``text()`` SQL, data-modifying CTEs, on the request's connection or any other) is noted
with the table it writes, when it changed at least one row.  An insert into an audit
trail covers every change noted before it and every change of the same flush (the ORM
orders one flush's inserts by table, not by when ``audit.record`` was called).  A change
after the last audit row — a second act in a request that audited its first — is still
uncovered when the response goes out.  Writes rolled back (a savepoint, the transaction)
are forgotten with them.

Exempt: tables whose model says ``__audit_exempt__`` (the trails themselves, job records,
the outbox, module versions; each says why), Alembic's version tables, and a statement
run with ``execution_options(audit_exempt=True)`` (a token's "last used" stamp).

What it cannot see: writes made by a raw DBAPI cursor that bypasses SQLAlchemy, and
writes a database function makes when called from a SELECT.  The application has
neither; keep it that way.

An uncovered change is an error in the log and, when TESTING, a failed request, so the
whole suite checks every state-changing request it makes.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass, field

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .extensions import Model, db

log = logging.getLogger(__name__)

#: the trails an audit row goes to (``audit.AuditEntry``, ``audit.PlatformAuditEntry``)
AUDIT_TABLES = frozenset({"audit_entries", "platform_audit_entries"})

_STATE = "_audit_guard"

_COMMENTS = re.compile(r"--[^\n]*|/\*.*?\*/", re.S)
_LITERALS = re.compile(r"'(?:[^']|'')*'")
_NAME = r'(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)'
_QUALIFIED = rf"({_NAME}(?:\s*\.\s*{_NAME})?)"
_TARGETS = (
    re.compile(rf"\bINSERT\s+INTO\s+{_QUALIFIED}", re.I),
    re.compile(rf"\bDELETE\s+FROM\s+(?:ONLY\s+)?{_QUALIFIED}", re.I),
    re.compile(rf"\bMERGE\s+INTO\s+(?:ONLY\s+)?{_QUALIFIED}", re.I),
    re.compile(rf"\bTRUNCATE\s+(?:TABLE\s+)?(?:ONLY\s+)?{_QUALIFIED}", re.I),
)
#: UPDATE t [[AS] a] SET ...: but not "FOR [NO KEY] UPDATE" or "ON CONFLICT ... DO UPDATE SET"
_UPDATE = re.compile(rf"\b(\w+\s+)?UPDATE\s+(?:ONLY\s+)?{_QUALIFIED}(?:\s+(?:AS\s+)?{_NAME})?\s+SET\b", re.I)
_WRITE_START = re.compile(r"^\s*(?:WITH|INSERT|UPDATE|DELETE|MERGE|TRUNCATE)\b", re.I)


@functools.lru_cache(maxsize=2048)  # the app sends the same few hundred statements over and over
def written_tables(statement: str) -> tuple[str, ...]:
    """The tables a SQL statement writes, without schema or quotes (in order, no repeats)."""
    head = statement.lstrip()[:2]
    if not (_WRITE_START.match(statement) or head in ("--", "/*")):
        return ()  # a SELECT, SET, SAVEPOINT...: the common case, without the regexes below
    sql = _LITERALS.sub("''", _COMMENTS.sub(" ", statement))
    if not _WRITE_START.match(sql):
        return ()
    found: list[str] = []
    names = [m.group(1) for pattern in _TARGETS for m in pattern.finditer(sql)]
    names += [m.group(2) for m in _UPDATE.finditer(sql)
              if (m.group(1) or "").strip().upper() not in ("FOR", "KEY", "DO")]
    for qualified in names:
        name = re.split(r"\s*\.\s*", qualified)[-1].strip('"').replace('""', '"')
        if name.upper() != "SET" and name not in found:
            found.append(name)
    return tuple(found)


@dataclass
class _Guard:
    """One request's view of its writes."""

    #: (table, connection id) of changes no audit row has covered yet, in order
    pending: list[tuple[str, int]] = field(default_factory=list)
    #: the flush running now, and whether it wrote an audit row
    flushing: bool = False
    flush_audited: bool = False
    #: per connection, what ``pending`` was when each savepoint still open began (SQLAlchemy
    #: names a savepoint only after announcing it; savepoints end last-in, first-out)
    savepoints: dict[int, list[list[tuple[str, int]]]] = field(default_factory=dict)
    audited: int = 0


def _guard() -> _Guard | None:
    if not has_request_context():
        return None
    state = g.get(_STATE)
    if state is None:
        state = _Guard()
        setattr(g, _STATE, state)
    return state if isinstance(state, _Guard) else None


def _exempt_tables() -> frozenset[str]:
    cached = current_app.extensions.get("ebelediye.audit_exempt")
    if cached is None:
        names = {"alembic_version"}
        for mapper in Model.registry.mappers:
            if getattr(mapper.class_, "__audit_exempt__", False):
                names.update(table.name for table in mapper.tables)
        cached = current_app.extensions["ebelediye.audit_exempt"] = frozenset(names - AUDIT_TABLES)
    return cached


def _is_exempt(table: str) -> bool:
    return table in _exempt_tables() or table.startswith("alembic_version")


# --- statement and transaction events --------------------------------------------------

def _after_cursor_execute(conn, cursor, statement, parameters, context, executemany) -> None:
    state = _guard()
    if state is None:
        return
    tables = written_tables(statement)
    if not tables:
        return
    if context is not None and context.execution_options.get("audit_exempt"):
        return
    if getattr(cursor, "rowcount", -1) == 0:
        return  # matched nothing: not a change
    for table in tables:
        if table in AUDIT_TABLES:
            state.audited += 1
            state.pending.clear()  # an audit row covers what came before it
            if state.flushing:
                state.flush_audited = True
    for table in tables:
        if table in AUDIT_TABLES or _is_exempt(table):
            continue
        if state.flushing and state.flush_audited:
            continue  # the same flush wrote an audit row: one act
        state.pending.append((table, id(conn)))


def _forget_connection(state: _Guard, conn) -> None:
    key = id(conn)
    state.pending = [entry for entry in state.pending if entry[1] != key]
    state.savepoints.pop(key, None)


def _on_rollback(conn) -> None:
    state = _guard()
    if state is not None:
        _forget_connection(state, conn)


def _on_savepoint(conn, name) -> None:
    state = _guard()
    if state is not None:
        state.savepoints.setdefault(id(conn), []).append(list(state.pending))


def _on_rollback_savepoint(conn, name, context) -> None:
    state = _guard()
    if state is None:
        return
    stack = state.savepoints.get(id(conn))
    if not stack:  # begun before the request: everything the request wrote on it is gone
        _forget_connection(state, conn)
    else:
        state.pending = stack.pop()


def _on_release_savepoint(conn, name, context) -> None:
    state = _guard()
    if state is not None and state.savepoints.get(id(conn)):
        state.savepoints[id(conn)].pop()


def _before_flush(session, flush_context, instances) -> None:
    state = _guard()
    if state is not None:
        state.flushing, state.flush_audited = True, False


def _after_flush(session, flush_context) -> None:
    state = _guard()
    if state is not None:
        state.flushing = state.flush_audited = False


# --- the request ------------------------------------------------------------------------

def _start_request() -> None:
    # g outlives a request where a caller keeps the app context (tests): start afresh
    setattr(g, _STATE, _Guard())


def uncovered() -> list[str]:
    """The tables the current request changed after its last audit row (flushing first)."""
    session = db.session()
    if session.new or session.dirty or session.deleted:
        session.flush()  # what the commit would write is part of the request
    state = _guard()
    if state is None:
        return []
    seen: list[str] = []
    for table, _ in state.pending:
        if table not in seen:
            seen.append(table)
    return seen


def check_request(response):
    """A successful request that changed data after its last audit row breaks the rule that
    every change is audited: an error in the log, and a failure when TESTING."""
    if response.status_code >= 400 or g.get("uow_failed"):
        setattr(g, _STATE, None)
        return response
    tables = uncovered()
    setattr(g, _STATE, None)  # what follows (the unit's commit) is not the request's own work
    if tables:
        message = f"{request.method} {request.path} changed {', '.join(tables)} without an audit row after it"
        if current_app.config.get("TESTING"):
            raise AssertionError(message)
        log.error(message)
    return response


def install_session(session_class: type) -> None:
    """Mark flush boundaries for a session class (once per class)."""
    for name, listener in (("before_flush", _before_flush), ("after_flush_postexec", _after_flush)):
        if not event.contains(session_class, name, listener):
            event.listen(session_class, name, listener)


def install(app: Flask) -> None:
    """Watch every engine's statements and each request's audit rows."""
    for name, listener in (("after_cursor_execute", _after_cursor_execute), ("rollback", _on_rollback),
                           ("savepoint", _on_savepoint), ("rollback_savepoint", _on_rollback_savepoint),
                           ("release_savepoint", _on_release_savepoint)):
        if not event.contains(Engine, name, listener):
            event.listen(Engine, name, listener)
    app.before_request_funcs.setdefault(None, []).insert(0, _start_request)
    app.after_request(check_request)
