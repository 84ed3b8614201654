"""One unit of work per request, CLI command and job: services never commit.

The outermost level commits: a request when its response is a success, a job when its
function returns, a CLI command when it finishes (``flask`` commands wrap themselves with
``@unit_of_work()``).  A service called inside one joins it; what it writes commits or
rolls back with everything else the caller did, so a refused step never leaves half a
change behind and a receiver of a domain event writes in the sender's transaction.

- ``unit_of_work()``: a context manager (and decorator) that commits on success and rolls
  back on any exception; nested, it joins the unit already open.
- ``savepoint()``: a step that may fail alone (``with savepoint(): ...``): its writes are
  undone, the rest of the unit carries on.
- ``after_commit(callback)``: work that must only happen once the data is durable (put a
  job on a queue, drop a cache entry); dropped when the unit rolls back.
- ``after_rollback(callback)``: what a refusal must leave behind although the unit rolls
  back (the audit row of a forged bank callback): run after the rollback, in a transaction
  of its own that commits; dropped when the unit commits.
- ``commit_point()``: a batch job's chunk boundary, the one place a unit commits before it
  ends (resumable batch jobs commit each chunk on purpose).

A commit issued by anything else while a unit is open is a bug: it is refused when
``UOW_STRICT`` is set (the test suite sets it) and logged otherwise.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from .extensions import db

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])

_AFTER_COMMIT = "ebelediye.after_commit"
_AFTER_ROLLBACK = "ebelediye.after_rollback"


@dataclass
class Unit:
    """An open unit of work: who opened it, and whether its own commit is running."""

    kind: str  # "request", "job", "cli" or "code"
    committing: bool = False
    extras: dict = field(default_factory=dict)


_current: ContextVar[Unit | None] = ContextVar("ebelediye_unit_of_work", default=None)


class ServiceCommitted(RuntimeError):
    """Something committed inside an open unit of work (only the unit commits)."""


def current() -> Unit | None:
    return _current.get()


def begin(kind: str) -> Any:
    """Open a unit of work and return the token for ``end`` (requests use this pair)."""
    return _current.set(Unit(kind))


def end(token: Any) -> None:
    _current.reset(token)


def commit(unit: Unit | None = None) -> None:
    """Commit the open unit's transaction (the outermost level calls this)."""
    unit = unit or _current.get()
    if unit is not None:
        unit.committing = True
    try:
        db.session.commit()
    finally:
        if unit is not None:
            unit.committing = False


def rollback() -> None:
    """Roll the unit back, then write what ``after_rollback`` asked for and commit that."""
    session = db.session()
    callbacks = session.info.pop(_AFTER_ROLLBACK, [])
    session.rollback()
    if not callbacks:
        return
    for callback in callbacks:
        callback()
    commit()


@contextmanager
def _unit(kind: str) -> Iterator[Unit]:
    outer = _current.get()
    if outer is not None:
        yield outer  # nested: join the unit already open
        return
    unit = Unit(kind)
    token = _current.set(unit)
    try:
        yield unit
    except BaseException:
        rollback()
        raise
    else:
        commit(unit)
    finally:
        _current.reset(token)


def unit_of_work(kind: str = "code") -> Any:
    """Commit what the enclosed code writes, once, at the outermost level.

    Usable as ``with unit_of_work(): ...`` and as ``@unit_of_work()``.
    """

    class _Both:
        def __enter__(self) -> Unit:
            self._cm = _unit(kind)
            return self._cm.__enter__()

        def __exit__(self, *exc: Any) -> bool | None:
            return self._cm.__exit__(*exc)

        def __call__(self, func: F) -> F:
            @functools.wraps(func)
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                with _unit(kind):
                    return func(*args, **kwargs)

            return wrapper  # type: ignore[return-value]

    return _Both()


def savepoint() -> Any:
    """A step that may fail alone: ``with savepoint():`` undoes only its own writes."""
    return db.session.begin_nested()


def commit_point() -> None:
    """A batch job's chunk boundary: make the chunk durable and go on (resumable jobs)."""
    commit()


def after_commit(callback: Callable[[], Any]) -> None:
    """Run ``callback`` once the current transaction commits; never if it rolls back."""
    session = db.session()
    if _current.get() is None and not session.in_transaction():
        callback()  # no unit and nothing pending: the data it follows is already durable
        return
    session.info.setdefault(_AFTER_COMMIT, []).append(callback)


def after_rollback(callback: Callable[[], Any]) -> None:
    """Run ``callback`` (in a new transaction that commits) if the current unit rolls back."""
    db.session().info.setdefault(_AFTER_ROLLBACK, []).append(callback)


def _run_after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # SQLAlchemy calls this for a released savepoint too: nothing is durable yet
    session.info.pop(_AFTER_ROLLBACK, None)
    callbacks = session.info.pop(_AFTER_COMMIT, [])
    for callback in callbacks:
        try:
            callback()
        except Exception:  # the commit happened; a follow-up failing must not undo the answer
            log.exception("after-commit callback %r failed", callback)


def _drop_after_commit(session: Session, previous: SessionTransaction) -> None:
    if previous.parent is None:  # the outermost transaction rolled back: nothing to follow
        session.info.pop(_AFTER_COMMIT, None)


def _refuse_foreign_commit(session: Session) -> None:
    unit = _current.get()
    if unit is None or unit.committing:
        return
    if session.in_nested_transaction():
        return  # a savepoint released (``savepoint()``), not a commit: it stays inside the unit
    message = (f"A commit inside a {unit.kind} unit of work: services do not commit, the unit of "
               "work does (ebelediye.uow).")
    from flask import current_app, has_app_context

    if has_app_context() and current_app.config.get("UOW_STRICT"):
        raise ServiceCommitted(message)
    log.error(message)


def install(session_class: type[Session]) -> None:
    """Hook the after-commit callbacks and the commit guard into a session class (once)."""
    for name, listener in (("after_commit", _run_after_commit),
                           ("after_soft_rollback", _drop_after_commit),
                           ("before_commit", _refuse_foreign_commit)):
        if not event.contains(session_class, name, listener):
            event.listen(session_class, name, listener)
