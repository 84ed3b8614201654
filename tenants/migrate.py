"""``flask tenants migrate``: bring tenant schemas to head.

One query reads each tenant's revisions as recorded where they change (tenants/recorded.py;
``--verify`` reads every schema's version tables instead: a catalog query, then batched
UNION ALL reads); only the tenants behind are migrated, in N parallel workers, each tenant in
its own transaction, which records its new revisions.  A failing tenant stays at its old
revision, is reported, and the others go on; rerunning finishes the rest.

The workers are forked processes, not threads: Alembic's ``op`` and ``context`` are
process-wide proxies, so two migrations in one process would trample each other.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from dataclasses import dataclass, field

from flask import Flask, current_app
from sqlalchemy import select, text

from ebelediye.extensions import db
from ebelediye.tenancy import quote_ident

from . import histories, recorded
from .models import ModuleActivation, Tenant

#: Tenants in "requested"/"provisioning" get the current template when provisioned;
#: archived ones have no schema (restore migrates them).
MIGRATABLE_STATES = ("active", "suspended")


@dataclass
class TenantResult:
    slug: str
    status: str  # "current", "migrated", "failed"
    applied: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0


def migrate_platform() -> list[str]:
    """Upgrade the platform history in ``public`` (one transaction)."""
    with db.engine.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('ebelediye:migrate-platform'))"))
        return histories.upgrade(conn, histories.PLATFORM, "public")


def targets(slugs: list[str] | None) -> list[tuple[str, list[str]]]:
    """(slug, installed module keys) of the tenants to consider."""
    query = select(Tenant.slug, Tenant.id).where(Tenant.state.in_(MIGRATABLE_STATES))
    if slugs:
        query = query.where(Tenant.slug.in_(slugs))
    rows = db.session.execute(query.order_by(Tenant.slug)).all()
    modules: dict[int, list[str]] = {}
    for tenant_id, key in db.session.execute(
        select(ModuleActivation.tenant_id, ModuleActivation.module_key).where(
            ModuleActivation.installed.is_(True)
        )
    ):
        modules.setdefault(tenant_id, []).append(key)
    return [(slug, sorted(modules.get(tenant_id, []))) for slug, tenant_id in rows]


#: Version tables read per UNION ALL statement (keeps one statement a few hundred KB at most).
_UNION_BATCH = 1000


def versions_of(schemas: list[str]) -> dict[str, dict[str, frozenset[str]]]:
    """schema -> version table -> revisions, for all schemas in a handful of round trips.

    One catalog query finds every version table, then batched UNION ALL statements read
    them (identifiers quoted by the preparer).  Portable: no XML or server-side functions.
    """
    found: dict[str, dict[str, frozenset[str]]] = {schema: {} for schema in schemas}
    if not schemas:
        return found
    tables = db.session.execute(
        text(
            "SELECT n.nspname, c.relname FROM pg_namespace n "
            "JOIN pg_class c ON c.relnamespace = n.oid AND c.relkind = 'r' "
            "WHERE n.nspname = ANY(:schemas) AND c.relname LIKE 'alembic\\_version%'"
        ),
        {"schemas": schemas},
    ).all()
    for start in range(0, len(tables), _UNION_BATCH):
        batch = tables[start:start + _UNION_BATCH]
        params: dict[str, str] = {}
        selects = []
        for i, (schema, table) in enumerate(batch):
            params[f"s{i}"], params[f"t{i}"] = schema, table
            selects.append(
                f"SELECT :s{i} AS s, :t{i} AS t, version_num FROM {quote_ident(schema)}.{quote_ident(table)}"
            )
        collected: dict[tuple[str, str], set[str]] = {(s, t): set() for s, t in batch}
        # Read each batch in a savepoint and roll it back: PostgreSQL frees a rolled-back
        # subtransaction's locks (two per version table: the table and its key), so the
        # transaction holds one batch's locks, not every tenant's.  The default lock table
        # (max_locks_per_transaction 64) ran out at about 2,100 tenants of three histories.
        connection = db.session.connection()
        savepoint = connection.begin_nested()
        try:
            rows = connection.execute(text(" UNION ALL ".join(selects)), params).all()
        finally:
            savepoint.rollback()
        for schema, table, version in rows:
            collected[(schema, table)].add(version)
        for (schema, table), versions in collected.items():
            found[schema][table] = frozenset(versions)
    return found


def behind(candidates: list[tuple[str, list[str]]], verify: bool = False) -> list[tuple[str, list[str]]]:
    """The candidates whose schema lacks a head of any of its histories: by the recorded
    revisions (one query, tenants/recorded.py).  Tenants without a record, or all of them
    with ``verify``, are read from their version tables, and what they hold is recorded."""
    slugs = [slug for slug, _ in candidates]
    versions = {} if verify else recorded.recorded(db.session.connection(), slugs)
    unrecorded = [slug for slug in slugs if slug not in versions]
    if unrecorded:  # --verify, or tenants from before the record (read once, then recorded)
        by_schema = versions_of(["t_" + slug for slug in unrecorded])
        connection = db.session.connection()
        for slug in unrecorded:
            versions[slug] = by_schema.get("t_" + slug, {})
            recorded.record(connection, slug, versions[slug])
        db.session.commit()
    heads_cache: dict[str, tuple[str, frozenset[str]]] = {}
    out = []
    for slug, modules in candidates:
        have = versions.get(slug, {})
        for history in histories.tenant_histories(modules):
            if history.name not in heads_cache:
                heads_cache[history.name] = (history.version_table, history.heads())
            table, heads = heads_cache[history.name]
            if have.get(table, frozenset()) != heads:
                out.append((slug, modules))
                break
    return out


def migrate_one(app: Flask, slug: str, modules: list[str]) -> TenantResult:
    """Bring one tenant's histories to head in one transaction.

    Each history's upgrade is Alembic's offline rendering of the revisions the tenant lacks
    (``histories.plan``: rendered once per starting revision, not once per tenant), run as
    one batch of statements with the tenant's schema on the search path; an upgrade that
    cannot be rendered offline runs through Alembic online, as before.
    """
    started = time.perf_counter()
    schema = "t_" + slug
    with app.app_context():
        try:
            with db.engine.connect() as conn:
                with conn.begin():
                    wanted = histories.tenant_histories(modules)
                    current = _lock_and_read_versions(conn, slug, [h.version_table for h in wanted])
                    applied: list[str] = []
                    for history in wanted:
                        step = histories.plan(history, current.get(history.version_table))
                        if step.sql is None:
                            applied.extend(histories.upgrade(conn, history, schema))
                        elif step.revisions:
                            for statement in histories.statements(step.sql):
                                conn.exec_driver_sql(statement)
                            applied.extend(step.revisions)
                    # every wanted history is at its heads now; other version tables
                    # (a module uninstalled) keep what they hold
                    done = dict(current)
                    done.update({h.version_table: h.heads() for h in wanted})
                    recorded.record(conn, slug, done)
            status = "migrated" if applied else "current"
            return TenantResult(slug, status, applied, seconds=time.perf_counter() - started)
        except Exception as exc:  # one tenant's failure must not stop the others
            message = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            return TenantResult(slug, "failed", error=message, seconds=time.perf_counter() - started)


def _lock_and_read_versions(conn, slug: str, tables: list[str]) -> dict[str, frozenset[str]]:
    """Bind the tenant's schema, take its migration lock and read, under the lock, the
    revisions in its version tables (absent tables left out): two round trips."""
    schema = "t_" + slug
    names = sorted(set(tables))
    exists = conn.execute(text(
        "SELECT set_config('search_path', :p, true), pg_advisory_xact_lock(hashtext(:k)), "
        "array(SELECT t FROM unnest(CAST(:tables AS text[])) AS t "
        "      WHERE to_regclass(quote_ident(:s) || '.' || quote_ident(t)) IS NOT NULL)"),
        {"p": quote_ident(schema), "k": "migrate:" + slug, "tables": names, "s": schema}).one()[2]
    if not exists:
        return {}
    union = " UNION ALL ".join(f"SELECT '{table}', version_num FROM {quote_ident(table)}" for table in exists)
    found: dict[str, set[str]] = {table: set() for table in exists}
    for table, version in conn.exec_driver_sql(union):
        found[table].add(version)
    return {table: frozenset(versions) for table, versions in found.items()}


_forked_app: Flask | None = None


def _start_worker() -> None:
    # The parent may have a SIGTERM handler of its own (a test runner, a server): a worker
    # must die on Pool.terminate(), not go on waiting for work.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # A forked child must never use the parent's pooled connections.
    assert _forked_app is not None, "set by the parent before the pool forks"
    with _forked_app.app_context():
        db.engine.dispose(close=False)


def _migrate_in_worker(item: tuple[str, list[str]]) -> TenantResult:
    assert _forked_app is not None, "set by the parent before the pool forks"
    return migrate_one(_forked_app, *item)


def _render_plans(pending: list[tuple[str, list[str]]]) -> None:
    versions = versions_of(["t_" + slug for slug, _ in pending])
    for slug, modules in pending:
        have = versions.get("t_" + slug, {})
        for history in histories.tenant_histories(modules):
            histories.plan(history, have.get(history.version_table))


def migrate(slugs: list[str] | None, jobs: int, on_result=None, verify: bool = False) -> list[TenantResult]:
    """Migrate the behind tenants among ``slugs`` (all when None) with ``jobs`` workers;
    ``verify`` reads every schema's version tables instead of the recorded revisions."""
    global _forked_app
    pending = behind(targets(slugs), verify=verify)
    db.session.rollback()
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the proxy's target
    results: list[TenantResult] = []
    workers = max(1, min(jobs, len(pending)))
    if workers == 1:
        outcomes = (migrate_one(app, *item) for item in pending)
        for result in outcomes:
            results.append(result)
            if on_result:
                on_result(result)
        return results
    _forked_app = app
    _render_plans(pending)  # once, before the fork: every worker inherits the rendered SQL
    chunk = max(1, len(pending) // (workers * 8))
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker)
    try:
        for result in pool.imap_unordered(_migrate_in_worker, pending, chunksize=chunk):
            results.append(result)
            if on_result:
                on_result(result)
        # Every result is in: let the workers take their stop signal and exit. Not
        # terminate(), which kills them wherever they are; one killed while holding the task
        # queue's lock left another waiting on it for ever (seen in CI: join() never returned).
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
    return results
