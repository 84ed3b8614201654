"""Each tenant's migration revisions, recorded in ``public`` where they change.

``tenants migrate --all`` must tell which of 1,400 schemas are behind head.  Reading every
version table (about seven a tenant) costs a cold backend about 3 s: PostgreSQL opens 9,800
relations.  Instead every path that moves a tenant's revisions writes them here **in the
same transaction** (migrate_one, provision, enable_module, restore through migrate_one), and
migrate reads one platform table.

The record is only ever trusted to say "at head" for a schema that was brought there with
it; anything else makes a tenant look behind, and ``migrate_one`` reads the real version
tables under the tenant's lock before it does anything.  So a missing or older record costs
one tenant a no-op visit, never a skipped migration.  What this cannot see is a version
table edited by hand (or a schema replaced outside these paths): ``tenants migrate --verify``
reads the real tables, as before, and rewrites the record of every tenant it reads.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from sqlalchemy import text
from sqlalchemy.engine import Connection

from ebelediye.tenancy import quote_ident


def actual(conn: Connection, schema: str) -> dict[str, frozenset[str]]:
    """version table -> revisions, read from the schema itself (two round trips)."""
    tables = conn.execute(
        text(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = :s AND c.relkind = 'r' AND c.relname LIKE 'alembic\\_version%'"
        ),
        {"s": schema},
    ).scalars().all()
    found: dict[str, set[str]] = {table: set() for table in tables}
    if tables:
        union = " UNION ALL ".join(
            f"SELECT CAST(:t{i} AS text), version_num FROM {quote_ident(schema)}.{quote_ident(t)}"
            for i, t in enumerate(tables)
        )
        for table, version in conn.execute(text(union), {f"t{i}": t for i, t in enumerate(tables)}):
            found[table].add(version)
    return {table: frozenset(versions) for table, versions in found.items()}


def record(conn: Connection, slug: str, versions: Mapping[str, frozenset[str]]) -> None:
    """Replace the tenant's record with ``versions`` (on the caller's transaction; one
    statement: migrate_one writes it for each of 1,400 tenants)."""
    conn.execute(
        text(
            "WITH t AS (SELECT id FROM public.tenants WHERE slug = :s), "
            "written AS (INSERT INTO public.tenant_versions (tenant_id, version_table, revisions, recorded_at) "
            "  SELECT t.id, v.key, ARRAY(SELECT jsonb_array_elements_text(v.value)), now() "
            "  FROM t, jsonb_each(CAST(:versions AS jsonb)) v "
            "  ON CONFLICT (tenant_id, version_table) DO UPDATE "
            "  SET revisions = EXCLUDED.revisions, recorded_at = EXCLUDED.recorded_at RETURNING 1) "
            "DELETE FROM public.tenant_versions WHERE tenant_id = (SELECT id FROM t) "
            "AND NOT (version_table = ANY(CAST(:tables AS text[])))"
        ),
        {
            "s": slug,
            "versions": json.dumps({table: sorted(revs) for table, revs in versions.items()}),
            "tables": list(versions),
        },
    )


def record_actual(conn: Connection, slug: str) -> dict[str, frozenset[str]]:
    """Record what the tenant's schema holds now; returns it."""
    versions = actual(conn, "t_" + slug)
    record(conn, slug, versions)
    return versions


def recorded(conn: Connection, slugs: list[str]) -> dict[str, dict[str, frozenset[str]]]:
    """slug -> version table -> revisions as recorded (one query; tenants without a record
    are absent)."""
    found: dict[str, dict[str, frozenset[str]]] = {}
    rows = conn.execute(
        text(
            "SELECT t.slug, v.version_table, v.revisions FROM public.tenant_versions v "
            "JOIN public.tenants t ON t.id = v.tenant_id WHERE t.slug = ANY(:slugs)"
        ),
        {"slugs": slugs},
    )
    for slug, table, revisions in rows:
        found.setdefault(slug, {})[table] = frozenset(revisions or ())
    return found
