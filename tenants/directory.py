"""The platform's answer to the core's TenantDirectory port."""

from __future__ import annotations

from sqlalchemy import func, select

from ebelediye.extensions import db
from ebelediye.tenancy import TenantInfo

from .models import ModuleActivation, Tenant, TenantDomain


def _lookup(condition, *joins) -> TenantInfo | None:
    """One query: the tenant and its enabled modules (a host-cache miss costs one round trip)."""
    enabled = func.array_agg(ModuleActivation.module_key).filter(ModuleActivation.enabled.is_(True))
    query = select(Tenant.slug, Tenant.name, Tenant.state, Tenant.database_key, enabled)
    for join in joins:
        query = query.join(join)
    query = (query.outerjoin(ModuleActivation, ModuleActivation.tenant_id == Tenant.id)
             .where(condition).group_by(Tenant.id))
    row = db.session.execute(query).first()
    if row is None:
        return None
    slug, name, state, database_key, modules = row
    return TenantInfo(slug=slug, name=name, state=state, modules=frozenset(modules or ()),
                      database_key=database_key)


class SqlTenantDirectory:
    """Reads tenants from ``public``; platform tables need no tenant binding."""

    def by_slug(self, slug: str) -> TenantInfo | None:
        return _lookup(Tenant.slug == slug)

    def by_host(self, host: str) -> TenantInfo | None:
        return _lookup(TenantDomain.host == host.lower(), TenantDomain)

    def enabled_modules(self, slug: str) -> frozenset[str]:
        rows = db.session.scalars(
            select(ModuleActivation.module_key).join(Tenant, Tenant.id == ModuleActivation.tenant_id)
            .where(Tenant.slug == slug, ModuleActivation.enabled.is_(True)))
        return frozenset(rows)
