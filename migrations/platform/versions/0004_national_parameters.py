"""National parameters: effective-dated figures of law (rates, thresholds) the ministry
maintains for every municipality.

Revision ID: p0004
Revises: p0003
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

revision = "p0004"
down_revision = "p0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "national_parameters",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("module", sa.String(40), nullable=False),
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("valid_from", sa.Date, nullable=False),
        sa.Column("valid_to", sa.Date),
        sa.Column("value", sa.Numeric(18, 6), nullable=False),
        sa.Column("source", sa.String(500)),
        sa.Column("created_by", sa.String(200)),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("key", "valid_from", name="uq_national_parameters_key"),
        sa.CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="ck_national_parameters_range"),
        schema="public",
    )
    op.create_index("ix_public_national_parameters_key", "national_parameters", ["key"], schema="public")


def downgrade() -> None:
    op.drop_table("national_parameters", schema="public")
