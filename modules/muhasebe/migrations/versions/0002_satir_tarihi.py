"""muhasebe: the voucher's day on each of its lines, for a mizan that is one GROUP BY

Revision ID: m0002
Revises: m0001
Create Date: 2026-12-02

A voucher's day never changes (drafts are not edited, approved vouchers are immutable),
so the line carries it.  The mizan then groups the lines of a date range and leaves out
the few vouchers that are not approved through a partial index, instead of joining every
line to its voucher.
"""
import sqlalchemy as sa
from alembic import op

revision = "m0002"
down_revision = "m0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("muh_fis_satirlari", sa.Column("tarih", sa.Date(), nullable=True))
    # lines are append-only: the one-time fill of the new column goes around the trigger
    op.execute("ALTER TABLE muh_fis_satirlari DISABLE TRIGGER muh_fis_satirlari_append_only")
    op.execute("UPDATE muh_fis_satirlari s SET tarih = f.tarih FROM muh_fisler f WHERE f.id = s.fis_id")
    op.execute("ALTER TABLE muh_fis_satirlari ENABLE TRIGGER muh_fis_satirlari_append_only")
    op.alter_column("muh_fis_satirlari", "tarih", nullable=False)
    op.create_index("ix_muh_fis_satirlari_tarih", "muh_fis_satirlari", ["tarih"])
    op.create_index("ix_muh_fisler_onaysiz", "muh_fisler", ["id"], postgresql_where=sa.text("durum <> 'onaylandi'"))


def downgrade() -> None:
    op.drop_index("ix_muh_fisler_onaysiz", table_name="muh_fisler")
    op.drop_index("ix_muh_fis_satirlari_tarih", table_name="muh_fis_satirlari")
    op.drop_column("muh_fis_satirlari", "tarih")
