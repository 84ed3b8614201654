"""gelir: reminders before due dates (issue 12, item 9) — the municipality's lead time, a
taxpayer's opt-out, and one row per reminder sent (a rerun sends nothing twice)

Revision ID: g0007_hatirlatma
Revises: g0006_takip
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "g0007_hatirlatma"
down_revision = "g0006_takip"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("gelir_ayarlari", sa.Column("hatirlatma_gun", sa.SmallInteger, nullable=False, server_default="7"))
    op.add_column("mukellefler", sa.Column("hatirlatma_kapali_at", sa.DateTime(timezone=True)))
    op.add_column("mukellefler", sa.Column("hatirlatma_kapatan", sa.String(200)))
    op.create_table(
        "gelir_hatirlatmalar",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("mukellef_id", sa.BigInteger, sa.ForeignKey("mukellefler.id"), nullable=False),
        sa.Column("vade", sa.Date, nullable=False),
        sa.Column("kanal", sa.String(10), nullable=False),
        sa.Column("adres", sa.String(254), nullable=False),
        sa.Column("tutar", sa.Numeric(18, 2), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("mukellef_id", "vade", "kanal", name="uq_gelir_hatirlatmalar_bir_kez"),
        sa.CheckConstraint("kanal IN ('eposta', 'sms')", name="ck_gelir_hatirlatmalar_kanal"),
    )


def downgrade() -> None:
    op.drop_table("gelir_hatirlatmalar")
    op.drop_column("mukellefler", "hatirlatma_kapatan")
    op.drop_column("mukellefler", "hatirlatma_kapali_at")
    op.drop_column("gelir_ayarlari", "hatirlatma_gun")
