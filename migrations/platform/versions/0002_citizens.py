"""Citizens: one national person per TC Kimlik No, signed in through e-Devlet.

Revision ID: p0002
Revises: p0001
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

revision = "p0002"
down_revision = "p0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "citizens",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("tckn", sa.String(11), nullable=False),
        sa.Column("first_name", sa.String(100), nullable=False),
        sa.Column("last_name", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("last_sign_in_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("tckn"),
        schema="public",
    )


def downgrade() -> None:
    op.drop_table("citizens", schema="public")
