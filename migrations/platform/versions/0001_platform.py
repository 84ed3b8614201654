"""Platform schema: tenants, domains, module activations, ministry users, job records,
schema templates, archives, the platform audit trail and the append-only guard.

Revision ID: p0001
Revises:
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "p0001"
down_revision = None
branch_labels = None
depends_on = None

S = "public"


def _audit_columns():
    return [
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
    ]


def upgrade() -> None:
    # Shared guard for every append-only table, platform and tenant alike.
    op.execute(
        """
        CREATE FUNCTION public.ebelediye_reject_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'append-only table %: % is not allowed', TG_TABLE_NAME, TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END
        $$
        """
    )
    op.create_table(
        "tenants",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("slug", sa.String(41), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("province", sa.String(100)),
        sa.Column("district", sa.String(100)),
        sa.Column("population_band", sa.String(40)),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("state_reason", sa.String(500)),
        sa.Column("admin_email", sa.String(254)),
        sa.Column("database_key", sa.String(40), nullable=False, server_default="main"),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint("slug ~ '^[a-z][a-z0-9_]{1,40}$'", name="slug_format"),
        sa.CheckConstraint(
            "state IN ('requested', 'provisioning', 'active', 'suspended', 'archived')",
            name="state_known",
        ),
        sa.UniqueConstraint("slug"),
        schema=S,
    )
    op.create_table(
        "tenant_domains",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("host", sa.String(253), nullable=False),
        sa.Column("tenant_id", sa.BigInteger, sa.ForeignKey("public.tenants.id"), nullable=False),
        sa.UniqueConstraint("host"),
        schema=S,
    )
    op.create_table(
        "module_activations",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("tenant_id", sa.BigInteger, sa.ForeignKey("public.tenants.id"), nullable=False),
        sa.Column("module_key", sa.String(40), nullable=False),
        sa.Column("enabled", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("installed", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("changed_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("tenant_id", "module_key"),
        schema=S,
    )
    op.create_table(
        "schema_templates",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("layers", postgresql.JSONB, nullable=False),
        sa.Column("heads", postgresql.JSONB, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        schema=S,
    )
    op.create_table(
        "ministry_users",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("password_hash", sa.Text),
        sa.Column("is_active_user", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("email"),
        schema=S,
    )
    op.create_table(
        "tenant_archives",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("tenant_id", sa.BigInteger, sa.ForeignKey("public.tenants.id"), nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("manifest", postgresql.JSONB, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("restored_at", sa.DateTime(timezone=True)),
        schema=S,
    )
    op.create_table(
        "job_records",
        sa.Column("id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_slug", sa.String(41)),
        sa.Column("func", sa.String(200), nullable=False),
        sa.Column("args", postgresql.JSONB, nullable=False, server_default="[]"),
        sa.Column("queue", sa.String(40), nullable=False),
        sa.Column("description", sa.String(300)),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("done", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("total", sa.BigInteger),
        sa.Column("message", sa.String(500)),
        sa.Column("result", postgresql.JSONB),
        sa.Column("error", sa.Text),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True)),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        schema=S,
    )
    op.create_index("ix_job_records_tenant_slug", "job_records", ["tenant_slug"], schema=S)
    op.create_table(
        "platform_audit_entries",
        *_audit_columns(),
        sa.Column("tenant_slug", sa.String(41)),
        schema=S,
    )
    op.create_index(
        "ix_platform_audit_entries_tenant_slug", "platform_audit_entries", ["tenant_slug"], schema=S
    )
    op.execute(
        "CREATE TRIGGER platform_audit_entries_append_only BEFORE UPDATE OR DELETE "
        "ON public.platform_audit_entries FOR EACH ROW EXECUTE FUNCTION public.ebelediye_reject_change()"
    )


def downgrade() -> None:
    for table in (
        "platform_audit_entries", "job_records", "tenant_archives", "ministry_users",
        "schema_templates", "module_activations", "tenant_domains", "tenants",
    ):
        op.drop_table(table, schema=S)
    op.execute("DROP FUNCTION public.ebelediye_reject_change()")
