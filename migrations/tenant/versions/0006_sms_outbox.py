"""Outgoing SMS kept in the tenant's outbox, like its mail (ebelediye/sms.py): written in the
transaction of the change that caused it, sent by a gateway client when one is configured.

Revision ID: c0006
Revises: c0005
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "c0006"
down_revision = "c0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sms_outbox",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("to_number", sa.String(20), nullable=False),
        sa.Column("body", sa.String(1000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
    )


def downgrade() -> None:
    op.drop_table("sms_outbox")
