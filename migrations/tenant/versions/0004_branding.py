"""The municipality's own look: the name shown in its pages and documents, its logo and
its colour (one row, kept by the tenant admin).

Revision ID: c0004
Revises: c0003
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "c0004"
down_revision = "c0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kurum_gorunumu",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("gorunen_ad", sa.String(120)),
        sa.Column("renk", sa.String(7)),
        sa.Column("logo", sa.LargeBinary),
        sa.Column("logo_turu", sa.String(20)),
        sa.Column("logo_ozet", sa.String(64)),
        sa.Column("guncelleyen", sa.String(254)),
        sa.Column("guncellendi", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint("renk IS NULL OR renk ~ '^#[0-9a-f]{6}$'", name="renk_hex"),
        sa.CheckConstraint("(logo IS NULL) = (logo_turu IS NULL)", name="logo_turu_ile"),
    )


def downgrade() -> None:
    op.drop_table("kurum_gorunumu")
