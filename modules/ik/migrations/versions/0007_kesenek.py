"""ik: SGK's reference of a run's kesenek declaration (4/1-c and 5434 staff)

Revision ID: ik0007
Revises: ik0006
Create Date: 2026-12-02

Expand only: a nullable column.
"""
import sqlalchemy as sa
from alembic import op

revision = "ik0007"
down_revision = "ik0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("ik_bordrolar", sa.Column("kesenek_referans", sa.String(length=60), nullable=True))


def downgrade() -> None:
    op.drop_column("ik_bordrolar", "kesenek_referans")
