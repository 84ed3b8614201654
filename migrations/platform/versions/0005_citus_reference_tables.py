"""On a Citus coordinator, the platform lookup table that tenant statements join,
``national_parameters``, becomes a reference table (a copy on every node, so a tenant's
accrual that joins it stays on the tenant's worker); on plain PostgreSQL this step does
nothing.

``tenants`` stays a plain coordinator table: no tenant statement joins it (the Gelir seed
reads it alone), and making it a reference table turns the tables whose foreign keys
point at it (``module_activations``, ``tenant_domains``, ``tenant_archives``) into Citus
local tables - tried: the identity sequence of ``module_activations`` then handed out ids
already used (duplicate key on the next provisioning).  See docs/citus.md.

Revision ID: p0005
Revises: p0004
Create Date: 2026-12-02
"""
from alembic import op
from sqlalchemy import text

revision = "p0005"
down_revision = "p0004"
branch_labels = None
depends_on = None

REFERENCE_TABLES = ("national_parameters",)


def _citus() -> bool:
    return op.get_bind().execute(text("SELECT 1 FROM pg_extension WHERE extname = 'citus'")).first() is not None


def _distributed(table: str) -> bool:
    return op.get_bind().execute(
        text("SELECT 1 FROM pg_dist_partition WHERE logicalrelid = to_regclass(:t)"), {"t": f"public.{table}"}
    ).first() is not None


def upgrade() -> None:
    if not _citus():
        return
    for table in REFERENCE_TABLES:
        if not _distributed(table):
            op.execute(f"SELECT create_reference_table('public.{table}')")


def downgrade() -> None:
    if not _citus():
        return
    for table in reversed(REFERENCE_TABLES):
        if _distributed(table):
            op.execute(f"SELECT undistribute_table('public.{table}', cascade_via_foreign_keys => true)")
