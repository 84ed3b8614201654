"""The Alembic histories: the platform (``public``), the tenant core, and one per module.

Each history is a folder with ``versions/``; its version table is ``alembic_version``
(platform, in ``public``; tenant core, in the tenant's schema) or
``alembic_version_<key>`` for a module, in the tenant's schema.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy.engine import Connection

import migrations

if TYPE_CHECKING:
    from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(migrations.__file__).resolve().parent


@dataclass(frozen=True)
class History:
    name: str  # "platform", "core" or a module key
    directory: Path
    version_table: str

    @property
    def script(self) -> ScriptDirectory:
        return _script(str(self.directory))

    def heads(self) -> frozenset[str]:
        return frozenset(self.script.get_heads())


@functools.cache
def _script(directory: str) -> ScriptDirectory:
    from alembic.config import (
        Config as AlembicConfig,  # Alembic loads with the first migration, not every command
    )
    from alembic.script import ScriptDirectory

    config = AlembicConfig()
    config.set_main_option("script_location", directory)
    return ScriptDirectory.from_config(config)


PLATFORM = History("platform", MIGRATIONS_DIR / "platform", "alembic_version")
CORE = History("core", MIGRATIONS_DIR / "tenant", "alembic_version")


def module_history(key: str) -> History | None:
    spec = current_app.extensions["ebelediye.registry"].get(key)
    directory = spec.migrations_dir()
    return History(key, directory, spec.version_table) if directory else None


def tenant_histories(module_keys: set[str] | list[str]) -> list[History]:
    """Core first, then the modules' histories in dependency order."""
    registry = current_app.extensions["ebelediye.registry"]
    found = [module_history(key) for key in registry.closure(set(module_keys))]
    return [CORE, *[h for h in found if h is not None]]


def upgrade(connection: Connection, history: History, schema: str) -> list[str]:
    """Upgrade one history to head inside the caller's transaction; return applied revisions.

    For tenant histories the caller has set the transaction's search path to ``schema``.
    """
    script = history.script
    applied: list[str] = []

    def upgrade_revs(rev, context):
        steps = script._upgrade_revs("heads", rev)
        applied.extend(step.revision.revision for step in steps)
        return steps

    from alembic.config import Config as AlembicConfig
    from alembic.runtime.environment import EnvironmentContext

    config = AlembicConfig()
    config.set_main_option("script_location", str(history.directory))
    with EnvironmentContext(config, script, fn=upgrade_revs, destination_rev="heads") as env:
        env.configure(
            connection=connection,
            version_table=history.version_table,
            version_table_schema=schema,
            transactional_ddl=True,
        )
        with env.begin_transaction():
            env.run_migrations()
    return applied


@dataclass(frozen=True)
class Plan:
    """What upgrading one history from a set of revisions to head applies, rendered once.

    ``sql`` is Alembic's offline rendering of those revisions with unqualified names (the
    version table too), so it runs in any tenant schema put first on the search path: the
    same statements as an online upgrade, without an Alembic environment per tenant.
    ``sql`` is None when the upgrade cannot be rendered offline (a revision that reads
    from the database, or a branched start): the caller then upgrades online.
    """

    revisions: tuple[str, ...]
    sql: str | None


def plan(history: History, current: frozenset[str] | None) -> Plan:
    """The plan from ``current`` to head: the revisions in the history's version table, or
    None when the schema has no version table yet."""
    return _plan(history, current)


@functools.cache
def _plan(history: History, current: frozenset[str] | None) -> Plan:
    script = history.script
    if current == history.heads():
        return Plan((), "")
    start = next(iter(current)) if current else None
    revisions = tuple(step.revision.revision for step in script._upgrade_revs("heads", tuple(current or ())))  # type: ignore[arg-type]  # takes a tuple of heads
    if current is not None and len(current) != 1:
        # an empty version table (offline mode would create it again) or a branched start
        return Plan(revisions, None)
    from alembic.config import Config as AlembicConfig
    from alembic.runtime.environment import EnvironmentContext

    buffer = io.StringIO()
    config = AlembicConfig(output_buffer=buffer)
    config.set_main_option("script_location", str(history.directory))

    def upgrade_revs(rev, context):
        return script._upgrade_revs("heads", rev)

    try:
        with _no_live_connection(), EnvironmentContext(config, script, fn=upgrade_revs, as_sql=True, starting_rev=start,
                                destination_rev="heads") as env:
            env.configure(dialect_name="postgresql", output_buffer=buffer, version_table=history.version_table,
                          transactional_ddl=False, literal_binds=True)
            with env.begin_transaction():
                env.run_migrations()
    except Exception:  # a revision that asks for the connection, or fails to render
        return Plan(revisions, None)
    return Plan(revisions, buffer.getvalue())


def statements(sql: str) -> list[str]:
    """The statements of an offline rendering, one by one.

    Alembic ends each with ``;`` and a blank line.  They are run one at a time because Citus
    forwards some DDL of a distributed schema (CREATE TABLE, CREATE TRIGGER) to the worker
    with the statement's whole query string, and a worker refuses several commands in one
    ("cannot insert multiple commands into a prepared statement").  Quotes and dollar
    quotes are respected: a ``;`` inside a function body does not split it.
    """
    parts, start, i, quote = [], 0, 0, None
    while i < len(sql):
        char = sql[i]
        if quote:
            if sql.startswith(quote, i):
                i += len(quote)
                quote = None
                continue
        elif char == "'":
            quote = "'"
        elif char == "$":
            tag = re.match(r"\$[A-Za-z_0-9]*\$", sql[i:])
            if tag:
                quote = tag.group(0)
                i += len(quote)
                continue
        elif char == "-" and sql.startswith("--", i):
            end = sql.find("\n", i)
            i = len(sql) if end < 0 else end
            continue
        elif char == ";" and sql.startswith(";\n", i):
            parts.append(sql[start:i + 1])
            start = i + 1
        i += 1
    parts.append(sql[start:])
    return [p.strip() for p in parts if p.strip() and not all(
        line.strip().startswith("--") or not line.strip() for line in p.splitlines())]


class _NeedsConnection(Exception):
    pass


_rendering = threading.local()


@functools.cache
def _guard_get_bind() -> None:
    """Wrap Alembic's ``Operations.get_bind`` once per process (on the first rendering)."""
    from alembic.operations import Operations

    original = Operations.get_bind

    def get_bind(self):
        if getattr(_rendering, "active", False):
            raise _NeedsConnection(self)
        return original(self)

    Operations.get_bind = get_bind  # type: ignore[method-assign]


@contextlib.contextmanager
def _no_live_connection():
    """While this thread renders offline, a revision that calls ``op.get_bind()`` (to read
    data or inspect the schema) gets an error instead of Alembic's statement-echoing
    stand-in, so its upgrade runs online, where the reads have answers.  Other threads'
    online upgrades are untouched."""
    _guard_get_bind()
    _rendering.active = True
    try:
        yield
    finally:
        _rendering.active = False
