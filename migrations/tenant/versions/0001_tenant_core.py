"""Tenant core: staff users, the append-only audit trail, the mail outbox.

Tables are created without a schema: the runner sets the transaction's search path to
the tenant's schema.

Revision ID: c0001
Revises:
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "c0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_users",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("password_hash", sa.String(256)),
        sa.Column("is_tenant_admin", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("is_active_user", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("set_password_token_hash", sa.String(64)),
        sa.Column("set_password_expires_at", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("email"),
    )
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("actor", sa.String(200)),
        sa.Column("realm", sa.String(20)),
        sa.Column("action", sa.String(100), nullable=False),
        sa.Column("object_type", sa.String(100)),
        sa.Column("object_id", sa.String(100)),
        sa.Column("before", postgresql.JSONB),
        sa.Column("after", postgresql.JSONB),
        sa.Column("client_ip", sa.String(64)),
        sa.Column("request_id", sa.String(64)),
    )
    op.execute(
        "CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries "
        "FOR EACH ROW EXECUTE FUNCTION public.ebelediye_reject_change()"
    )
    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("to_address", sa.String(254), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
    )


def downgrade() -> None:
    op.drop_table("outbox_messages")
    op.drop_table("audit_entries")
    op.drop_table("staff_users")
