"""gelir reports: index payments by date (collections by day/kind read a date range)

Revision ID: g0002_rapor
Revises: g0001
Create Date: 2026-11-24
"""
from alembic import op

revision = "g0002_rapor"
down_revision = "g0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The collections reports and the dashboard card read ``tahsilatlar`` by a date range;
    # without this they scan every payment ever taken.
    op.create_index("ix_tahsilatlar_tarih", "tahsilatlar", ["tarih"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_tahsilatlar_tarih", table_name="tahsilatlar")
