"""muhasebe: requests to unlock a locked month (maker-checker), the carry-forward opening's index

Revision ID: m0003
Revises: m0002
Create Date: 2026-12-02

A locked month is unlocked only when a second person approves a reasoned request; the
request rows are the history (never deleted).  The opening vouchers a closed year carries
into the next (``kaynak = 'muhasebe:acilis:<yil>'``) are few and left out of cumulative
sums, which already include the balances they carry: a partial index finds them.
"""
import sqlalchemy as sa
from alembic import op

revision = "m0003"
down_revision = "m0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "muh_donem_acmalar",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("yil", sa.SmallInteger(), nullable=False),
        sa.Column("ay", sa.SmallInteger(), nullable=False),
        sa.Column("gerekce", sa.String(500), nullable=False),
        sa.Column("durum", sa.String(12), nullable=False, server_default="bekliyor"),
        sa.Column("talep_eden", sa.String(200), nullable=False),
        sa.Column("talep_eden_id", sa.BigInteger()),
        sa.Column("karar_veren", sa.String(200)),
        sa.Column("karar_veren_id", sa.BigInteger()),
        sa.Column("karar_at", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint("ay BETWEEN 1 AND 12", name=op.f("ck_muh_donem_acmalar_ay_gecerli")),
        sa.CheckConstraint("durum IN ('bekliyor', 'onaylandi', 'reddedildi')", name=op.f("ck_muh_donem_acmalar_durum_gecerli")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_muh_donem_acmalar")),
    )
    # one pending request per month
    op.create_index("uq_muh_donem_acmalar_bekleyen", "muh_donem_acmalar", ["yil", "ay"], unique=True,
                    postgresql_where=sa.text("durum = 'bekliyor'"))
    op.create_index("ix_muh_fisler_acilis", "muh_fisler", ["id"],
                    postgresql_where=sa.text("starts_with(kaynak, 'muhasebe:acilis:')"))


def downgrade() -> None:
    op.drop_index("ix_muh_fisler_acilis", table_name="muh_fisler")
    op.drop_index("uq_muh_donem_acmalar_bekleyen", table_name="muh_donem_acmalar")
    op.drop_table("muh_donem_acmalar")
