"""Spare tenant schemas built ahead of demand (issue 9: provisioning in ≤ 0.3 s).

A spare is a schema with the core's and a module set's tables at the template's heads,
taken by ``provision`` and renamed to the tenant's schema (tenants/spares.py).

Revision ID: p0009
Revises: p0008
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "p0009"
down_revision = "p0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "spare_schemas",
        sa.Column("schema", sa.String(63), primary_key=True),
        sa.Column("template_key", sa.String(64), nullable=False),
        sa.Column("modules", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        schema="public",
    )
    op.create_index("spare_schemas_by_set", "spare_schemas", ["template_key", "modules", "created_at"],
                    schema="public")


def downgrade() -> None:
    op.drop_table("spare_schemas", schema="public")
