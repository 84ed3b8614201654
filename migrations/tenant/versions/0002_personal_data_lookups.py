"""KVKK trail of personal-data lookups at external agencies (append-only).

Revision ID: c0002
Revises: c0001
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "c0002"
down_revision = "c0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "personal_data_lookups",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("realm", sa.String(20)),
        sa.Column("purpose", sa.String(40), nullable=False),
        sa.Column("agency", sa.String(20), nullable=False),
        sa.Column("operation", sa.String(60), nullable=False),
        sa.Column("subject_id", sa.String(11)),
        sa.Column("subject_ref", sa.String(200)),
        sa.Column("related_ids", postgresql.ARRAY(sa.String(11))),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("cached", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("duration_ms", sa.Integer, nullable=False),
        sa.Column("record_count", sa.Integer),
        sa.Column("client_ip", sa.String(64)),
        sa.Column("request_id", sa.String(64)),
    )
    op.create_index("ix_personal_data_lookups_subject_id", "personal_data_lookups", ["subject_id", "id"])
    op.create_index("ix_personal_data_lookups_at", "personal_data_lookups", ["at"])
    op.create_index("ix_personal_data_lookups_related_ids", "personal_data_lookups", ["related_ids"],
                    postgresql_using="gin")
    op.execute(
        "CREATE TRIGGER personal_data_lookups_append_only BEFORE UPDATE OR DELETE ON personal_data_lookups "
        "FOR EACH ROW EXECUTE FUNCTION public.ebelediye_reject_change()"
    )


def downgrade() -> None:
    op.drop_table("personal_data_lookups")
