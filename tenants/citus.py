"""Tenants on a Citus cluster (schema-based sharding): where each tenant lives, its size,
moving it to another node and rebalancing.  Everything here is a no-op or refused with a
clear message on plain PostgreSQL (docs/citus.md).
"""

from __future__ import annotations

import re

from sqlalchemy import text

from ebelediye import uow
from ebelediye.extensions import db
from ebelediye.tenancy import TenantError

_NODE = re.compile(r"^(?P<host>[A-Za-z0-9._-]+):(?P<port>\d{1,5})$")


def present() -> bool:
    """Whether the database is a Citus coordinator (the extension is installed)."""
    return bool(db.session.scalar(text("SELECT count(*) FROM pg_extension WHERE extname = 'citus'")))


def schema_nodes(schemas: list[str]) -> dict[str, str]:
    """schema -> "host:port" of the node that holds its tables (distributed schemas only).

    Read from Citus's metadata on the coordinator: no round trip to the workers.
    """
    if not schemas or not present():
        return {}
    rows = db.session.execute(text(
        "SELECT s.schemaid::regnamespace::text, min(n.nodename || ':' || n.nodeport) "
        "FROM pg_dist_schema s JOIN pg_dist_partition p ON p.colocationid = s.colocationid "
        "JOIN pg_dist_shard d ON d.logicalrelid = p.logicalrelid "
        "JOIN pg_dist_placement pl ON pl.shardid = d.shardid "
        "JOIN pg_dist_node n ON n.groupid = pl.groupid "
        "WHERE s.schemaid::regnamespace::text = ANY(:schemas) GROUP BY 1"), {"schemas": schemas}).all()
    return {schema: node for schema, node in rows}


def schema_sizes(schemas: list[str]) -> dict[str, int]:
    """schema -> bytes on its worker (tables, indexes, TOAST), for distributed schemas.

    ``pg_total_relation_size`` on the coordinator sees only the empty shell tables; Citus
    asks each worker once for the sizes of its shards (``citus_shard_sizes``).
    """
    if not schemas or not present():
        return {}
    rows = db.session.execute(text(
        "SELECT n.nspname, sum(s.shard_size)::bigint FROM citus_shards s "
        "JOIN pg_class c ON c.oid = s.table_name JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = ANY(:schemas) GROUP BY n.nspname"), {"schemas": schemas}).all()
    return {schema: int(size or 0) for schema, size in rows}


def workers() -> list[str]:
    """"host:port" of every active primary worker node, in a stable order."""
    if not present():
        return []
    return list(db.session.scalars(text(
        "SELECT nodename || ':' || nodeport FROM pg_dist_node "
        "WHERE isactive AND noderole = 'primary' AND shouldhaveshards ORDER BY nodename, nodeport")))


def parse_node(value: str) -> tuple[str, int]:
    match = _NODE.match((value or "").strip())
    if not match or not 0 < int(match.group("port")) < 65536:
        raise TenantError(f"'{value}' bir düğüm adresi değil; HOST:PORT biçiminde yazın (ör. 10.0.0.12:5432).")
    return match.group("host"), int(match.group("port"))


def move(schema: str, node: str) -> dict:
    """Move a distributed tenant schema to ``node`` with ``citus_schema_move`` (online: reads
    and writes go on during the copy, and block only for the final switch).  Runs outside
    any transaction (Citus requires it for the logical replication it uses)."""
    if not present():
        raise TenantError("Bu veritabanı bir Citus kümesi değil; belediye taşınamaz.")
    host, port = parse_node(node)
    target = f"{host}:{port}"
    if target not in workers():
        raise TenantError(f"{target} kümenin etkin bir düğümü değil (düğümler: {', '.join(workers()) or '—'}).")
    source = schema_nodes([schema]).get(schema)
    if source is None:
        raise TenantError(f"{schema} şeması dağıtılmış değil; taşınacak bir şey yok.")
    if source == target:
        return {"schema": schema, "from": source, "to": target, "moved": False}
    uow.commit_point()  # end the reading transaction: the move must not run inside one
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("SELECT citus_schema_move(CAST(:s AS regnamespace), :h, :p)"),
                     {"s": schema, "h": host, "p": port})
    return {"schema": schema, "from": source, "to": target, "moved": True}


def rebalance_start() -> int | None:
    """Start Citus's background rebalancer (it moves whole tenant schemas); the job id."""
    if not present():
        raise TenantError("Bu veritabanı bir Citus kümesi değil; dengelenecek düğüm yok.")
    uow.commit_point()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        return conn.execute(text("SELECT citus_rebalance_start()")).scalar()


def rebalance_status() -> list[dict]:
    """The rebalancer's jobs and their state (newest first)."""
    if not present():
        return []
    rows = db.session.execute(text(
        "SELECT job_id, state::text, started_at, finished_at FROM pg_dist_background_job "
        "ORDER BY job_id DESC LIMIT 5")).mappings().all()
    return [dict(r) for r in rows]


def move_tenant(slug: str, node: str, actor: str) -> dict:
    """Move a tenant's schema to another worker, with progress for the console and an audit
    row; moving to the node it is on already changes nothing."""
    from ebelediye import audit, jobs

    from .services import get_tenant

    tenant = get_tenant(slug)
    if tenant.state not in ("active", "suspended"):
        raise TenantError(f"'{slug}' belediyesi '{tenant.state}' durumunda; taşınamaz.")
    schema = tenant.schema
    source = schema_nodes([schema]).get(schema)
    jobs.report_progress(0, 1, f"{schema}: {source or '—'} → {node} taşınıyor")
    result = move(schema, node)
    if result["moved"]:
        audit.record("tenant.moved", actor=actor, realm="ministry", object_type="tenant", object_id=slug,
                     before={"node": result["from"]}, after={"node": result["to"]}, platform=True,
                     tenant_slug=slug)
        uow.commit_point()
    jobs.report_progress(1, 1, f"{schema}: {result['to']} düğümünde")
    return {"slug": slug, **result}


def rebalance(actor: str) -> dict:
    """Start the rebalancer (whole tenant schemas move to even out the workers), audited."""
    from ebelediye import audit

    job_id = rebalance_start()
    audit.record("cluster.rebalance_started", actor=actor, realm="ministry", object_type="cluster",
                 object_id=str(job_id) if job_id is not None else None,
                 after={"job_id": job_id}, platform=True)
    uow.commit_point()
    return {"job_id": job_id}


def rebalance_wait() -> None:
    """Block until the rebalancer's current job finishes (citus_rebalance_wait)."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("SELECT citus_rebalance_wait()"))
