"""gelir: card installments (issue 12, item 9) — how many installments the municipality
offers on the bank's card page and from what amount, and the count each payment was made in

Revision ID: g0011_kart_taksit
Revises: g0010_yapilandirma
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "g0011_kart_taksit"
down_revision = "g0010_yapilandirma"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # 1: one payment only (no installments offered), the behaviour before this revision
    op.add_column("gelir_ayarlari", sa.Column("kart_taksit_en_cok", sa.SmallInteger, nullable=False,
                                              server_default="1"))
    op.add_column("gelir_ayarlari", sa.Column("kart_taksit_alt_tutar", sa.Numeric(18, 2), nullable=False,
                                              server_default="0"))
    op.add_column("online_odemeler", sa.Column("taksit", sa.SmallInteger, nullable=False, server_default="1"))
    op.create_check_constraint("ck_gelir_ayarlari_kart_taksit", "gelir_ayarlari",
                               "kart_taksit_en_cok BETWEEN 1 AND 12 AND kart_taksit_alt_tutar >= 0")
    op.create_check_constraint("ck_online_odemeler_taksit", "online_odemeler", "taksit BETWEEN 1 AND 12")


def downgrade() -> None:
    op.drop_constraint("ck_online_odemeler_taksit", "online_odemeler")
    op.drop_constraint("ck_gelir_ayarlari_kart_taksit", "gelir_ayarlari")
    op.drop_column("online_odemeler", "taksit")
    op.drop_column("gelir_ayarlari", "kart_taksit_alt_tutar")
    op.drop_column("gelir_ayarlari", "kart_taksit_en_cok")
