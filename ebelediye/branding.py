"""How a municipality looks in its pages and documents: its name, logo and colour."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g

from . import tenancy


@dataclass(frozen=True)
class Brand:
    """What the header, the footer and the PDFs show for the bound tenant."""

    name: str
    colour: str | None = None
    logo_url: str | None = None


def current() -> Brand | None:
    """The bound tenant's brand (once per request), or None outside a tenant."""
    tenant = tenancy.current_tenant() or g.get("tenant")
    if tenant is None:
        return None
    cached = g.get("ebelediye_brand")
    if cached is not None and cached[0] == tenant.slug:
        return cached[1]
    brand = Brand(name=tenant.name)
    g.ebelediye_brand = (tenant.slug, brand)
    return brand
