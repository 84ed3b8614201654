"""Spare schemas: tenant schemas built ahead of demand, so provisioning does no DDL.

Provisioning a tenant with the four modules runs about 470 DDL statements from the
template (tenants/template.py): half a second of a 0.6 s provision on two cores, and no
way to make PostgreSQL execute them much faster.  So the platform builds that schema
before anyone asks: a *spare* is a schema named ``ebelediye_spare_<hex>`` with the core's
and one module set's tables at the template's heads, registered in ``public.spare_schemas``.
``provision`` takes a spare of the tenant's module set (``take``: ``FOR UPDATE SKIP LOCKED``,
so two provisions never take the same one) and renames it to the tenant's schema: a
catalog update in the provision's own transaction.  If the provision rolls back, so do the
take and the rename, and the spare is back in the pool.

What is *not* in a spare is anything about the tenant: seeds, national parameters, the
first admin and its mail run in ``provision`` as before.  Objects in a schema refer to each
other by OID, not by the schema's name, so a renamed spare is the same as a schema built
under its final name; ``tests/tenants/test_spares.py`` compares the two with ``pg_dump``.

The pool is kept at ``TENANT_SPARES`` spares per module set that has been provisioned (0,
the default outside production, stops the refills): a platform job refills the set after
each provision, and ``flask tenants spares fill`` fills a set by hand.  A spare built for older migration heads is never taken (its template key no
longer matches) and is dropped by the next refill or by ``flask tenants spares prune``.
On a Citus coordinator a spare is a distributed schema like any other (schema-based sharding
distributes it at ``CREATE SCHEMA``), and ``ALTER SCHEMA … RENAME`` is propagated to its
worker in the same transaction (Citus 13.2, checked on the CI's local cluster by
tests/tenants/test_spares.py).
"""

from __future__ import annotations

import secrets

from flask import current_app
from sqlalchemy import delete, func, select, text

from ebelediye import jobs, uow
from ebelediye.extensions import db
from ebelediye.tenancy import quote_ident

from . import template
from .models import SpareSchema

PREFIX = "ebelediye_spare_"


def registry():
    return current_app.extensions["ebelediye.registry"]


def module_set(module_keys: list[str] | set[str] | frozenset[str]) -> str:
    """The key of a module set: its closure (requirements included), sorted, comma-joined."""
    return ",".join(sorted(registry().closure(set(module_keys))))


def per_set() -> int:
    """How many spares to keep per module set; 0 when the pool is off."""
    return max(0, int(current_app.config.get("TENANT_SPARES") or 0))


def take(template_key: str, module_keys: list[str]) -> str | None:
    """Remove one spare of this template and module set from the pool, in the session's
    transaction, and return its schema name; None when there is none ready.  A spare
    filled by hand is taken even while ``TENANT_SPARES`` is 0."""
    chosen = (
        select(SpareSchema.schema)
        .where(SpareSchema.template_key == template_key, SpareSchema.modules == module_set(module_keys))
        .order_by(SpareSchema.created_at)
        .limit(1)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    return db.session.scalar(delete(SpareSchema).where(SpareSchema.schema == chosen).returning(SpareSchema.schema))


def adopt(spare: str, schema: str) -> None:
    """Give a taken spare the tenant's schema name (same transaction as the take)."""
    db.session.execute(text(f"ALTER SCHEMA {quote_ident(spare)} RENAME TO {quote_ident(schema)}"))
    db.session.execute(text("SELECT set_config('search_path', :p, true)"), {"p": quote_ident(schema)})


def build_one(module_keys: list[str]) -> str:
    """Build one spare for the current template and register it; committed."""
    tpl = template.current()
    name = PREFIX + secrets.token_hex(8)
    template.apply(tpl, name, module_keys)
    db.session.add(SpareSchema(schema=name, template_key=tpl.key, modules=module_set(module_keys)))
    uow.commit_point()
    return name


def fill(module_keys: list[str], count: int) -> list[str]:
    """Top the pool of this module set up to ``count`` spares of the current template, one
    commit per spare (a killed run keeps what it built); stale spares are pruned first.
    Idempotent: a rerun with the pool full builds nothing."""
    prune()
    key, wanted = template.current().key, module_set(module_keys)
    ready = db.session.scalar(select(func.count()).select_from(SpareSchema).where(
        SpareSchema.template_key == key, SpareSchema.modules == wanted)) or 0
    uow.commit_point()
    return [build_one(module_keys) for _ in range(max(0, count - ready))]


def prune(keep_current: bool = True) -> list[str]:
    """Drop spares built for other migration heads (all spares with ``keep_current=False``),
    and schemas named like spares that the pool does not list (a build killed before its
    commit leaves none, but a restored dump might); committed."""
    current_key = template.current().key if keep_current else None
    stale = db.session.scalars(
        select(SpareSchema.schema).where(SpareSchema.template_key != current_key)
        if current_key else select(SpareSchema.schema)
    ).all()
    listed = set(db.session.scalars(select(SpareSchema.schema)).all()) - set(stale)
    present = db.session.scalars(text("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, :p)"),
                                 {"p": PREFIX}).all()
    dropped = sorted(set(stale) | (set(present) - listed))
    for name in dropped:
        db.session.execute(delete(SpareSchema).where(SpareSchema.schema == name))
        db.session.execute(text(f"DROP SCHEMA IF EXISTS {quote_ident(name)} CASCADE"))
        uow.commit_point()
    return dropped


def pool() -> list[dict]:
    """The pool by module set: how many spares, of which template, since when."""
    rows = db.session.execute(
        select(SpareSchema.modules, SpareSchema.template_key, func.count(), func.min(SpareSchema.created_at))
        .group_by(SpareSchema.modules, SpareSchema.template_key)
        .order_by(SpareSchema.modules)
    ).all()
    return [{"modules": r[0], "template_key": r[1], "count": r[2], "oldest": r[3]} for r in rows]


def refill_later(module_keys: list[str], actor: str) -> None:
    """After a provision of this module set: queue a platform job that tops its pool up,
    once the provision commits (nothing when the pool is off)."""
    if per_set() == 0:
        return
    jobs.enqueue(None, "tenants.jobs:refill_spares", sorted(module_keys), queue_name="batch",
                 description="Yedek şemalar hazırlanıyor", tenant_job=False, actor=actor)


def refill(module_keys: list[str]) -> list[str]:
    """The refill job's body: top this set up to ``TENANT_SPARES``."""
    return fill(module_keys, per_set())
