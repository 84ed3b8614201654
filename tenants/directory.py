"""The platform's answer to the core's TenantDirectory port."""

from __future__ import annotations

from sqlalchemy import select

from ebelediye.extensions import db
from ebelediye.tenancy import TenantInfo

from .models import ModuleActivation, Tenant, TenantDomain


def _info(tenant: Tenant | None) -> TenantInfo | None:
    if tenant is None:
        return None
    modules = db.session.scalars(
        select(ModuleActivation.module_key).where(
            ModuleActivation.tenant_id == tenant.id, ModuleActivation.enabled.is_(True)
        )
    ).all()
    return TenantInfo(
        slug=tenant.slug, name=tenant.name, state=tenant.state,
        modules=frozenset(modules), database_key=tenant.database_key,
    )


class SqlTenantDirectory:
    """Reads tenants from ``public``; platform tables need no tenant binding."""

    def by_slug(self, slug: str) -> TenantInfo | None:
        return _info(db.session.scalar(select(Tenant).where(Tenant.slug == slug)))

    def by_host(self, host: str) -> TenantInfo | None:
        return _info(
            db.session.scalar(
                select(Tenant).join(TenantDomain).where(TenantDomain.host == host.lower())
            )
        )
