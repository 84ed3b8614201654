"""Roles, their permissions, staff role assignments, and personal API tokens.

Revision ID: c0003
Revises: c0002
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

revision = "c0003"
down_revision = "c0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "roles",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("key", sa.String(60), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("description", sa.String(300)),
        sa.Column("builtin", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("key"),
    )
    op.create_table(
        "role_permissions",
        sa.Column("role_id", sa.BigInteger, sa.ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("permission", sa.String(120), primary_key=True),
    )
    op.create_table(
        "staff_roles",
        sa.Column("staff_id", sa.BigInteger, sa.ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("role_id", sa.BigInteger, sa.ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_index("ix_staff_roles_role_id", "staff_roles", ["role_id"])
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("staff_id", sa.BigInteger, sa.ForeignKey("staff_users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("prefix", sa.String(12), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True)),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_api_tokens_staff_id", "api_tokens", ["staff_id"])
    # The built-in roles; their permissions follow a rule in ebelediye/rbac.py.
    op.execute(
        "INSERT INTO roles (key, name, description, builtin) VALUES "
        "('yonetici', 'Belediye Yöneticisi', 'Her yetki.', true), "
        "('denetci', 'Denetçi (salt okunur)', 'Görüntüleme yetkileri ve denetim kaydı.', true)"
    )


def downgrade() -> None:
    op.drop_table("api_tokens")
    op.drop_table("staff_roles")
    op.drop_table("role_permissions")
    op.drop_table("roles")
