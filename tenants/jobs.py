"""rq jobs of the tenant lifecycle (platform jobs: they run with no tenant bound)."""

from __future__ import annotations

from ebelediye.jobs import platform_job

from . import services


@platform_job
def provision(slug: str, actor: str) -> dict:
    """Provision a requested tenant; safe to rerun."""
    return services.provision(slug, actor)


@platform_job
def enable_module(slug: str, key: str, actor: str) -> dict:
    """Enable a module for a tenant; safe to rerun."""
    services.enable_module(slug, key, actor)
    return {"slug": slug, "module": key}
