"""rq jobs of the tenant lifecycle (platform jobs: they run with no tenant bound)."""

from __future__ import annotations

from ebelediye.jobs import platform_job

from . import services


@platform_job
def provision(slug: str, actor: str) -> dict:
    """Provision a requested tenant; safe to rerun."""
    return services.provision(slug, actor)


@platform_job
def refill_spares(module_keys: list[str]) -> dict:
    """Top the pool of spare schemas of one module set up to TENANT_SPARES; safe to rerun."""
    from . import spares

    return {"modules": module_keys, "built": len(spares.refill(module_keys))}


@platform_job
def enable_module(slug: str, key: str, actor: str) -> dict:
    """Enable a module for a tenant; safe to rerun."""
    services.enable_module(slug, key, actor)
    return {"slug": slug, "module": key}


@platform_job
def archive(slug: str, actor: str) -> dict:
    """Archive a tenant to ARCHIVE_DIR/<slug>-<UTC time>.tar; safe to rerun while not archived."""
    from datetime import UTC, datetime
    from pathlib import Path

    from flask import current_app

    from . import archive as archive_service

    folder = Path(current_app.config["ARCHIVE_DIR"] or Path(current_app.config["VAR_DIR"]) / "archives")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.tar"
    return {"slug": slug, "file": str(archive_service.archive(slug, str(path), actor))}


@platform_job
def restore(path: str, actor: str) -> dict:
    """Restore a tenant from an archive file."""
    from . import archive as archive_service

    tenant = archive_service.restore(path, actor)
    return {"slug": tenant.slug, "state": tenant.state}


@platform_job
def move(slug: str, node: str, actor: str) -> dict:
    """Move a tenant's schema to another Citus worker (citus_schema_move); safe to rerun."""
    from . import citus

    return citus.move_tenant(slug, node, actor)
