"""Who started a job ("staff:<id>", "ministry:<email>", "cli:<user>"), so a job can be
held to its starter's permissions when it runs.

Revision ID: p0003
Revises: p0002
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

revision = "p0003"
down_revision = "p0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("job_records", sa.Column("actor", sa.String(200)), schema="public")


def downgrade() -> None:
    op.drop_column("job_records", "actor", schema="public")
