"""muhasebe: the months' financial data marked as entered into the Hazine's system (KBS)

Revision ID: m0010
Revises: m0009
Create Date: 2026-12-04

One row each time a month's tables are entered (append-only), with the fingerprint of
what was entered, so a later change to the month shows as a difference.
"""
import sqlalchemy as sa
from alembic import op

revision = "m0010"
down_revision = "m0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "muh_mali_veri_girisleri",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("yil", sa.SmallInteger(), nullable=False),
        sa.Column("ay", sa.SmallInteger(), nullable=False),
        sa.Column("parmak_izi", sa.String(64), nullable=False),
        sa.Column("borc_toplam", sa.Numeric(18, 2), nullable=False),
        sa.Column("alacak_toplam", sa.Numeric(18, 2), nullable=False),
        sa.Column("aciklama", sa.String(500), nullable=False, server_default=""),
        sa.Column("giren", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("ay BETWEEN 1 AND 12", name=op.f("ck_muh_mali_veri_girisleri_ay_gecerli")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_muh_mali_veri_girisleri")),
    )
    op.create_index("ix_muh_mali_veri_girisleri_yil_ay", "muh_mali_veri_girisleri", ["yil", "ay"])


def downgrade() -> None:
    op.drop_table("muh_mali_veri_girisleri")
