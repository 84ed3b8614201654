"""Optional two-factor sign-in for staff (issue 10, ASVS 2.8): the TOTP secret, the last
time-step a code was accepted at (no replay) and the salted hashes of the recovery codes.

Revision ID: c0005
Revises: c0004
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "c0005"
down_revision = "c0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("staff_users", sa.Column("mfa_secret", sa.String(64)))
    op.add_column("staff_users", sa.Column("mfa_last_step", sa.BigInteger))
    op.add_column("staff_users", sa.Column("mfa_recovery", JSONB))
    op.add_column("staff_users", sa.Column("mfa_enabled_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    for column in ("mfa_enabled_at", "mfa_recovery", "mfa_last_step", "mfa_secret"):
        op.drop_column("staff_users", column)
