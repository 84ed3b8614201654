"""gelir: the restructuring laws' special cases as campaign data — how many months after
the last installment's month a late installment may still be paid with the late-payment
surcharge (geç ödeme zammı) before the restructuring breaks, and whether debts in court
(an ödeme emri under objection) may be restructured on withdrawing the case

Revision ID: g0012_yapilandirma_ozel
Revises: g0011_kart_taksit
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "g0012_yapilandirma_ozel"
down_revision = "g0011_kart_taksit"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # 0 and false: the behaviour before this revision (no grace, debts in court not eligible)
    op.add_column("yapilandirma_kampanyalari", sa.Column("son_taksit_ek_ay", sa.SmallInteger, nullable=False,
                                                         server_default="0"))
    op.add_column("yapilandirma_kampanyalari", sa.Column("dava_vazgecme", sa.Boolean, nullable=False,
                                                         server_default=sa.false()))
    op.create_check_constraint(op.f("ck_yapilandirma_kampanyalari_son_taksit_ek_ay"), "yapilandirma_kampanyalari",
                               "son_taksit_ek_ay BETWEEN 0 AND 12")


def downgrade() -> None:
    op.drop_constraint(op.f("ck_yapilandirma_kampanyalari_son_taksit_ek_ay"), "yapilandirma_kampanyalari")
    op.drop_column("yapilandirma_kampanyalari", "dava_vazgecme")
    op.drop_column("yapilandirma_kampanyalari", "son_taksit_ek_ay")
