"""ik: the SGK reference of a payroll's monthly premium declaration (APHB)

Revision ID: ik0002
Revises: ik0001
Create Date: 2026-12-02

Expand only: a nullable column, old code keeps working.
"""
import sqlalchemy as sa
from alembic import op

revision = "ik0002"
down_revision = "ik0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("ik_bordrolar", sa.Column("aphb_referans", sa.String(length=60), nullable=True))


def downgrade() -> None:
    op.drop_column("ik_bordrolar", "aphb_referans")
