"""muhasebe: bank statements imported, their lines and what each was matched to in 102

Revision ID: m0006
Revises: m0005
Create Date: 2026-12-02

A statement line is matched to at most one approved voucher line of the bank account and
a voucher line to at most one statement line (unique).  A statement file is imported once
(its SHA-256).
"""
import sqlalchemy as sa
from alembic import op

revision = "m0006"
down_revision = "m0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "muh_banka_ekstreleri",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("hesap_kod", sa.String(40), nullable=False),
        sa.Column("bicim", sa.String(10), nullable=False),
        sa.Column("dosya_adi", sa.String(200), nullable=False, server_default=""),
        sa.Column("ozet", sa.String(64), nullable=False),
        sa.Column("satir_sayisi", sa.Integer(), nullable=False),
        sa.Column("olusturan", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["hesap_kod"], ["muh_hesaplar.kod"], name=op.f("fk_muh_banka_ekstreleri_hesap_kod_muh_hesaplar")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_muh_banka_ekstreleri")),
        sa.UniqueConstraint("ozet", name=op.f("uq_muh_banka_ekstreleri_ozet")),
    )
    op.create_table(
        "muh_ekstre_satirlari",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("ekstre_id", sa.BigInteger(), nullable=False),
        sa.Column("satir_no", sa.Integer(), nullable=False),
        sa.Column("tarih", sa.Date(), nullable=False),
        sa.Column("tutar", sa.Numeric(18, 2), nullable=False),
        sa.Column("referans", sa.String(100), nullable=False, server_default=""),
        sa.Column("aciklama", sa.String(300), nullable=False, server_default=""),
        sa.Column("fis_satiri_id", sa.BigInteger()),
        sa.Column("eslesme", sa.String(10)),
        sa.Column("eslestiren", sa.String(200)),
        sa.Column("eslesme_at", sa.DateTime(timezone=True)),
        sa.CheckConstraint("tutar <> 0", name=op.f("ck_muh_ekstre_satirlari_tutar_sifir_degil")),
        sa.CheckConstraint("eslesme IS NULL OR eslesme IN ('otomatik', 'elle')",
                           name=op.f("ck_muh_ekstre_satirlari_eslesme_gecerli")),
        sa.ForeignKeyConstraint(["ekstre_id"], ["muh_banka_ekstreleri.id"],
                                name=op.f("fk_muh_ekstre_satirlari_ekstre_id_muh_banka_ekstreleri")),
        sa.ForeignKeyConstraint(["fis_satiri_id"], ["muh_fis_satirlari.id"],
                                name=op.f("fk_muh_ekstre_satirlari_fis_satiri_id_muh_fis_satirlari")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_muh_ekstre_satirlari")),
        sa.UniqueConstraint("fis_satiri_id", name=op.f("uq_muh_ekstre_satirlari_fis_satiri_id")),
    )
    op.create_index(op.f("ix_muh_ekstre_satirlari_ekstre_id"), "muh_ekstre_satirlari", ["ekstre_id"])


def downgrade() -> None:
    op.drop_table("muh_ekstre_satirlari")
    op.drop_table("muh_banka_ekstreleri")
