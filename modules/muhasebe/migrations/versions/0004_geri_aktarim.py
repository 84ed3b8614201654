"""muhasebe: back-posting runs (records of the revenue module made before Muhasebe was enabled)

Revision ID: m0004
Revises: m0003
Create Date: 2026-12-02

``muh_ayarlar`` keeps the moment Muhasebe started receiving events in this municipality
(``etkin_at``): the back-posting takes the records created before it.  A tenant that had
Muhasebe before this migration gets its first voucher's time (or now, without one).
"""
import sqlalchemy as sa
from alembic import op

revision = "m0004"
down_revision = "m0003"
branch_labels = None
depends_on = None

MONEY = sa.Numeric(18, 2)


def upgrade() -> None:
    op.create_table(
        "muh_ayarlar",
        sa.Column("id", sa.SmallInteger(), nullable=False),
        sa.Column("etkin_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_muh_ayarlar_tek_satir")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_muh_ayarlar")),
    )
    # Not INSERT .. SELECT: Citus 13.2 sends that to the worker of a schema-sharded table with
    # an empty "WHERE ( IS NOT NULL)" (a syntax error there); a read and an insert are routed as
    # they are.
    op.execute("DO $$ DECLARE etkin timestamptz; BEGIN "
               "SELECT coalesce(min(created_at), now()) INTO etkin FROM muh_fisler; "
               "INSERT INTO muh_ayarlar (id, etkin_at) VALUES (1, etkin); END $$")
    op.create_table(
        "muh_geri_aktarimlar",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("kaynak_modul", sa.String(40), nullable=False),
        sa.Column("kesim", sa.DateTime(timezone=True), nullable=False),
        sa.Column("bas", sa.Date(), nullable=False),
        sa.Column("bit", sa.Date(), nullable=False),
        sa.Column("imlec", sa.Date()),
        sa.Column("durum", sa.String(12), nullable=False, server_default="bekliyor"),
        sa.Column("fis_sayisi", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("kayit_sayisi", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("tutar", MONEY, nullable=False, server_default="0"),
        sa.Column("is_kaydi", sa.String(40)),
        sa.Column("hata", sa.Text()),
        sa.Column("baslatan", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("bitis_at", sa.DateTime(timezone=True)),
        sa.CheckConstraint("durum IN ('bekliyor', 'calisiyor', 'bitti', 'hata')",
                           name=op.f("ck_muh_geri_aktarimlar_durum_gecerli")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_muh_geri_aktarimlar")),
    )
    # one run at a time per source module
    op.create_index("uq_muh_geri_aktarimlar_acik", "muh_geri_aktarimlar", ["kaynak_modul"], unique=True,
                    postgresql_where=sa.text("durum IN ('bekliyor', 'calisiyor')"))


def downgrade() -> None:
    op.drop_index("uq_muh_geri_aktarimlar_acik", table_name="muh_geri_aktarimlar")
    op.drop_table("muh_geri_aktarimlar")
    op.drop_table("muh_ayarlar")
