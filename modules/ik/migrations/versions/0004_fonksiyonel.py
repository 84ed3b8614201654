"""ik: the functional budget code (fonksiyonel sınıflandırma) of a unit

Revision ID: ik0004
Revises: ik0003
Create Date: 2026-12-02

Expand only: a column with a default, old code keeps working.  The payroll event carries
it with the unit's kurumsal code, so accounting finds the budget line (tertip) it spends.
"""
import sqlalchemy as sa
from alembic import op

revision = "ik0004"
down_revision = "ik0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("ik_birimler", sa.Column("fonksiyonel_kod", sa.String(length=20), nullable=False,
                                           server_default=""))


def downgrade() -> None:
    op.drop_column("ik_birimler", "fonksiyonel_kod")
