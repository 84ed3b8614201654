"""The Alembic histories: the platform (``public``), the tenant core, and one per module.

Each history is a folder with ``versions/``; its version table is ``alembic_version``
(platform, in ``public``; tenant core, in the tenant's schema) or
``alembic_version_<key>`` for a module, in the tenant's schema.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from alembic.config import Config as AlembicConfig
from alembic.runtime.environment import EnvironmentContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy.engine import Connection

import migrations

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
