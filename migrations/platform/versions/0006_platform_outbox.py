"""The platform's own outbox: mail to ministry users (the console's lock notice), who
belong to no tenant and so have no tenant outbox.

Revision ID: p0006
Revises: p0005
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "p0006"
down_revision = "p0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "platform_outbox_messages",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("to_address", sa.String(254), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        schema="public",
    )


def downgrade() -> None:
    op.drop_table("platform_outbox_messages", schema="public")
