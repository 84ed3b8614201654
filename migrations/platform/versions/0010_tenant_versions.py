"""Each tenant's migration revisions, recorded where they change (tenants/recorded.py), so
``tenants migrate --all`` reads one table instead of every tenant's version tables.

Empty at first: a tenant without a record looks behind, and its first migrate visit reads
its version tables under its lock and records them.

Revision ID: p0010
Revises: p0009
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "p0010"
down_revision = "p0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tenant_versions",
        sa.Column("tenant_id", sa.BigInteger, sa.ForeignKey("public.tenants.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("version_table", sa.String(63), primary_key=True),
        sa.Column("revisions", postgresql.ARRAY(sa.Text), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        schema="public",
    )


def downgrade() -> None:
    op.drop_table("tenant_versions", schema="public")
