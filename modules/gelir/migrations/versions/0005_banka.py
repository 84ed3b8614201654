"""gelir: contracted banks (anlaşmalı banka tahsilatı): the banks, each a service account
with its own tokens; their payments, once per bank reference; and receipts reversed by a
negative receipt row (a bank's same-day cancellation)

Revision ID: g0005_banka
Revises: g0004_online_onay
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "g0005_banka"
down_revision = "g0004_online_onay"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bankalar",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("kod", sa.String(length=20), nullable=False),
        sa.Column("ad", sa.String(length=120), nullable=False),
        sa.Column("muhasebe_hesabi", sa.String(length=20), nullable=False),
        sa.Column("iban", sa.String(length=34), nullable=False),
        sa.Column("staff_id", sa.BigInteger(), nullable=False),
        sa.Column("aktif", sa.Boolean(), nullable=False),
        sa.Column("olusturan", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_users.id"], name=op.f("fk_bankalar_staff_id_staff_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bankalar")),
        sa.UniqueConstraint("kod", name=op.f("uq_bankalar_kod")),
        sa.UniqueConstraint("staff_id", name=op.f("uq_bankalar_staff_id")),
    )
    op.add_column("tahsilatlar", sa.Column("iptal_edilen_id", sa.BigInteger(), nullable=True))
    op.create_foreign_key(op.f("fk_tahsilatlar_iptal_edilen_id_tahsilatlar"), "tahsilatlar", "tahsilatlar",
                          ["iptal_edilen_id"], ["id"])
    op.create_unique_constraint(op.f("uq_tahsilatlar_iptal_edilen_id"), "tahsilatlar", ["iptal_edilen_id"])
    # a receipt is positive; its reversal (iptal) is the same amount, negative, naming it
    op.drop_constraint(op.f("ck_tahsilatlar_tutar_pozitif"), "tahsilatlar", type_="check")
    op.create_check_constraint(op.f("ck_tahsilatlar_tutar_isareti"), "tahsilatlar",
                               "(iptal_edilen_id IS NULL AND tutar > 0) OR (iptal_edilen_id IS NOT NULL AND tutar < 0)")
    op.drop_constraint(op.f("ck_tahsilat_dagilimlari_tutar_pozitif"), "tahsilat_dagilimlari", type_="check")
    op.create_check_constraint(op.f("ck_tahsilat_dagilimlari_tutar_sifir_degil"), "tahsilat_dagilimlari",
                               "tutar <> 0")
    op.create_table(
        "banka_tahsilatlari",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("banka_id", sa.BigInteger(), nullable=False),
        sa.Column("referans", sa.String(length=64), nullable=False),
        sa.Column("istek_ozeti", sa.String(length=64), nullable=False),
        sa.Column("mukellef_id", sa.BigInteger(), nullable=False),
        sa.Column("tutar", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("tarih", sa.Date(), nullable=False),
        sa.Column("tahsilat_id", sa.BigInteger(), nullable=False),
        sa.Column("iptal_tahsilat_id", sa.BigInteger(), nullable=True),
        sa.Column("iptal_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("tutar > 0", name=op.f("ck_banka_tahsilatlari_tutar_pozitif")),
        sa.ForeignKeyConstraint(["banka_id"], ["bankalar.id"], name=op.f("fk_banka_tahsilatlari_banka_id_bankalar")),
        sa.ForeignKeyConstraint(["mukellef_id"], ["mukellefler.id"],
                                name=op.f("fk_banka_tahsilatlari_mukellef_id_mukellefler")),
        sa.ForeignKeyConstraint(["tahsilat_id"], ["tahsilatlar.id"],
                                name=op.f("fk_banka_tahsilatlari_tahsilat_id_tahsilatlar")),
        sa.ForeignKeyConstraint(["iptal_tahsilat_id"], ["tahsilatlar.id"],
                                name=op.f("fk_banka_tahsilatlari_iptal_tahsilat_id_tahsilatlar")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_banka_tahsilatlari")),
        sa.UniqueConstraint("banka_id", "referans", name=op.f("uq_banka_tahsilatlari_banka_id")),
    )
    op.create_index("ix_banka_tahsilatlari_banka_tarih", "banka_tahsilatlari", ["banka_id", "tarih"])


def downgrade() -> None:
    op.drop_index("ix_banka_tahsilatlari_banka_tarih", table_name="banka_tahsilatlari")
    op.drop_table("banka_tahsilatlari")
    op.drop_constraint(op.f("ck_tahsilat_dagilimlari_tutar_sifir_degil"), "tahsilat_dagilimlari", type_="check")
    op.create_check_constraint(op.f("ck_tahsilat_dagilimlari_tutar_pozitif"), "tahsilat_dagilimlari", "tutar > 0")
    op.drop_constraint(op.f("ck_tahsilatlar_tutar_isareti"), "tahsilatlar", type_="check")
    op.create_check_constraint(op.f("ck_tahsilatlar_tutar_pozitif"), "tahsilatlar", "tutar > 0")
    op.drop_constraint(op.f("uq_tahsilatlar_iptal_edilen_id"), "tahsilatlar", type_="unique")
    op.drop_constraint(op.f("fk_tahsilatlar_iptal_edilen_id_tahsilatlar"), "tahsilatlar", type_="foreignkey")
    op.drop_column("tahsilatlar", "iptal_edilen_id")
    op.drop_table("bankalar")
