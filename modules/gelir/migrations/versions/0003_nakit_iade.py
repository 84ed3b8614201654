"""gelir: a cash refund is paid out at a cashier's desk, from that cashier's session

Revision ID: g0003_nakit_iade
Revises: g0002_rapor
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

revision = "g0003_nakit_iade"
down_revision = "g0002_rapor"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("iadeler", sa.Column("vezne_oturumu_id", sa.BigInteger(), nullable=True))
    op.add_column("iadeler", sa.Column("odendi_at", sa.DateTime(timezone=True), nullable=True))
    op.create_foreign_key(op.f("fk_iadeler_vezne_oturumu_id_vezne_oturumlari"), "iadeler", "vezne_oturumlari",
                          ["vezne_oturumu_id"], ["id"])
    op.create_index(op.f("ix_iadeler_vezne_oturumu_id"), "iadeler", ["vezne_oturumu_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_iadeler_vezne_oturumu_id"), "iadeler")
    op.drop_constraint(op.f("fk_iadeler_vezne_oturumu_id_vezne_oturumlari"), "iadeler", type_="foreignkey")
    op.drop_column("iadeler", "odendi_at")
    op.drop_column("iadeler", "vezne_oturumu_id")
