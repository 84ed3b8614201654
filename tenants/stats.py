"""Per-tenant figures for the console, read for a whole page of tenants in two queries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text

from ebelediye.extensions import db
from ebelediye.formatting import moment
from ebelediye.tenancy import quote_ident

from . import citus


def tenant_stats(slugs: list[str]) -> dict[str, dict]:
    """slug -> {"staff": int, "last_activity": datetime | None, "size_bytes": int, "node": str | None}.

    Tenants without a schema (requested, archived) get empty figures.  On a Citus
    coordinator, a distributed schema's size is read from its worker (the coordinator holds
    only empty shells) and ``node`` says which worker that is.
    """
    stats: dict[str, dict] = {s: {"staff": None, "last_activity": None, "size_bytes": None, "node": None}
                              for s in slugs}
    schemas = {"t_" + s: s for s in slugs}
    if not schemas:
        return stats
    sizes = db.session.execute(
        text(
            "SELECT n.nspname, sum(pg_total_relation_size(c.oid))::bigint FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = ANY(:schemas) AND c.relkind IN ('r', 'p', 'm') GROUP BY n.nspname"
        ),
        {"schemas": list(schemas)},
    ).all()
    present = []
    for schema, size in sizes:
        stats[schemas[schema]]["size_bytes"] = int(size or 0)
        present.append(schema)
    if present and citus.present():
        for schema, size in citus.schema_sizes(present).items():
            stats[schemas[schema]]["size_bytes"] = size
        for schema, node in citus.schema_nodes(present).items():
            stats[schemas[schema]]["node"] = node
    if not present:
        return stats
    selects = [
        f"SELECT :s{i} AS s, (SELECT count(*) FROM {quote_ident(schema)}.staff_users) AS staff, "
        f"(SELECT max(at) FROM {quote_ident(schema)}.audit_entries) AS last_at"
        for i, schema in enumerate(present)
    ]
    params = {f"s{i}": schema for i, schema in enumerate(present)}
    for schema, staff, last_at in db.session.execute(text(" UNION ALL ".join(selects)), params):
        stats[schemas[schema]].update(staff=staff, last_activity=last_at)
    return stats


def human_size(size_in_bytes: int | None) -> str:
    if size_in_bytes is None:
        return "—"
    size = float(size_in_bytes)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return str(size)


def format_time(value: datetime | None) -> str:
    return moment(value) if value else "—"  # Europe/Istanbul, as every time shown
