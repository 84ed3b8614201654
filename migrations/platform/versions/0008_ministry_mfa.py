"""Two-factor sign-in for ministry users (issue 10, ASVS 2.8): the TOTP secret, the last
time-step a code was accepted at (a code is never accepted twice) and the salted hashes of
the one-time recovery codes.

Revision ID: p0008
Revises: p0007
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "p0008"
down_revision = "p0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("ministry_users", sa.Column("mfa_secret", sa.String(64)), schema="public")
    op.add_column("ministry_users", sa.Column("mfa_last_step", sa.BigInteger), schema="public")
    op.add_column("ministry_users", sa.Column("mfa_recovery", JSONB), schema="public")
    op.add_column("ministry_users", sa.Column("mfa_enabled_at", sa.DateTime(timezone=True)), schema="public")


def downgrade() -> None:
    for column in ("mfa_enabled_at", "mfa_recovery", "mfa_last_step", "mfa_secret"):
        op.drop_column("ministry_users", column, schema="public")
