"""ik: a payroll's payment day and channel (for Muhasebe's back-posting of payroll_paid)

Revision ID: ik0009
Revises: ik0008
Create Date: 2026-12-03

Expand only: two nullable columns.  Payrolls paid before this revision have none; the
``PayrollLedger`` port reads their day and channel from the payment's audit entry.
"""
import sqlalchemy as sa
from alembic import op

revision = "ik0009"
down_revision = "ik0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("ik_bordrolar", sa.Column("odeme_tarihi", sa.Date(), nullable=True))
    op.add_column("ik_bordrolar", sa.Column("odeme_kanali", sa.String(length=14), nullable=True))


def downgrade() -> None:
    op.drop_column("ik_bordrolar", "odeme_kanali")
    op.drop_column("ik_bordrolar", "odeme_tarihi")
