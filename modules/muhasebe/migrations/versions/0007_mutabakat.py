"""muhasebe: subsidiary-ledger reconciliations (120 against Gelir's open debts)

Revision ID: m0007
Revises: m0006
Create Date: 2026-12-02

One row per run: the day it proves, the ledger's and the subsidiary ledger's figures, the
difference and its breakdown by economic code.  Append-only in practice (a run is never
changed; the next night's run is a new row).
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "m0007"
down_revision = "m0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "muh_mutabakatlar",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("tur", sa.String(20), nullable=False),
        sa.Column("gun", sa.Date(), nullable=False),
        sa.Column("defter", sa.Numeric(18, 2), nullable=False),
        sa.Column("yardimci", sa.Numeric(18, 2), nullable=False),
        sa.Column("fark", sa.Numeric(18, 2), nullable=False),
        sa.Column("ayrinti", postgresql.JSONB(), nullable=False),
        sa.Column("olusturan", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_muh_mutabakatlar")),
    )
    op.create_index("ix_muh_mutabakatlar_tur_gun", "muh_mutabakatlar", ["tur", "gun"])


def downgrade() -> None:
    op.drop_table("muh_mutabakatlar")
