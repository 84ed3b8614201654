"""muhasebe: payables: suppliers, their invoices, payment orders, advances, bank payment files

Revision ID: m0005
Revises: m0004
Create Date: 2026-12-02

Money moves only through vouchers (an invoice's ÖEB, a payment order's gönderme emri, an
advance and its closing); these rows say which document each voucher records.
"""
import sqlalchemy as sa
from alembic import op

revision = "m0005"
down_revision = "m0004"
branch_labels = None
depends_on = None

MONEY = sa.Numeric(18, 2)


def _common() -> list:
    return [sa.Column("olusturan", sa.String(200), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "muh_tedarikciler",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("kimlik_no", sa.String(11), nullable=False),
        sa.Column("unvan", sa.String(250), nullable=False),
        sa.Column("iban", sa.String(34), nullable=False, server_default=""),
        sa.Column("adres", sa.String(500), nullable=False, server_default=""),
        sa.Column("aktif", sa.Boolean(), nullable=False, server_default=sa.true()),
        *_common(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_muh_tedarikciler")),
        sa.UniqueConstraint("kimlik_no", name=op.f("uq_muh_tedarikciler_kimlik_no")),
    )
    op.create_table(
        "muh_banka_dosyalari",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("adet", sa.Integer(), nullable=False),
        sa.Column("toplam", MONEY, nullable=False),
        *_common(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_muh_banka_dosyalari")),
    )
    op.create_table(
        "muh_faturalar",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("tedarikci_id", sa.BigInteger(), nullable=False),
        sa.Column("fatura_no", sa.String(40), nullable=False),
        sa.Column("fatura_tarihi", sa.Date(), nullable=False),
        sa.Column("tutar", MONEY, nullable=False),
        sa.Column("kalem_id", sa.BigInteger(), nullable=False),
        sa.Column("gider_ekonomik", sa.String(20), nullable=False, server_default=""),
        sa.Column("aciklama", sa.String(300), nullable=False, server_default=""),
        sa.Column("fis_id", sa.BigInteger(), nullable=False),
        *_common(),
        sa.CheckConstraint("tutar > 0", name=op.f("ck_muh_faturalar_tutar_pozitif")),
        sa.ForeignKeyConstraint(["tedarikci_id"], ["muh_tedarikciler.id"],
                                name=op.f("fk_muh_faturalar_tedarikci_id_muh_tedarikciler")),
        sa.ForeignKeyConstraint(["kalem_id"], ["muh_butce_kalemleri.id"],
                                name=op.f("fk_muh_faturalar_kalem_id_muh_butce_kalemleri")),
        sa.ForeignKeyConstraint(["fis_id"], ["muh_fisler.id"], name=op.f("fk_muh_faturalar_fis_id_muh_fisler")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_muh_faturalar")),
        sa.UniqueConstraint("tedarikci_id", "fatura_no", name=op.f("uq_muh_faturalar_tedarikci_id")),
    )
    op.create_index(op.f("ix_muh_faturalar_tedarikci_id"), "muh_faturalar", ["tedarikci_id"])
    op.create_table(
        "muh_avanslar",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("tur", sa.String(12), nullable=False),
        sa.Column("kimlik_no", sa.String(11), nullable=False),
        sa.Column("ad_soyad", sa.String(200), nullable=False),
        sa.Column("iban", sa.String(34), nullable=False),
        sa.Column("tutar", MONEY, nullable=False),
        sa.Column("kalem_id", sa.BigInteger(), nullable=False),
        sa.Column("aciklama", sa.String(300), nullable=False, server_default=""),
        sa.Column("fis_id", sa.BigInteger()),
        sa.Column("kapanis_fis_id", sa.BigInteger()),
        *_common(),
        sa.CheckConstraint("tutar > 0", name=op.f("ck_muh_avanslar_tutar_pozitif")),
        sa.CheckConstraint("tur IN ('is_avansi', 'kredi')", name=op.f("ck_muh_avanslar_tur_gecerli")),
        sa.ForeignKeyConstraint(["kalem_id"], ["muh_butce_kalemleri.id"],
                                name=op.f("fk_muh_avanslar_kalem_id_muh_butce_kalemleri")),
        sa.ForeignKeyConstraint(["fis_id"], ["muh_fisler.id"], name=op.f("fk_muh_avanslar_fis_id_muh_fisler")),
        sa.ForeignKeyConstraint(["kapanis_fis_id"], ["muh_fisler.id"],
                                name=op.f("fk_muh_avanslar_kapanis_fis_id_muh_fisler")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_muh_avanslar")),
    )
    op.create_table(
        "muh_odeme_emirleri",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("fatura_id", sa.BigInteger()),
        sa.Column("avans_id", sa.BigInteger()),
        sa.Column("alici", sa.String(250), nullable=False),
        sa.Column("iban", sa.String(34), nullable=False),
        sa.Column("tutar", MONEY, nullable=False),
        sa.Column("fis_id", sa.BigInteger(), nullable=False),
        sa.Column("dosya_id", sa.BigInteger()),
        *_common(),
        sa.CheckConstraint("tutar > 0", name=op.f("ck_muh_odeme_emirleri_tutar_pozitif")),
        sa.CheckConstraint("(fatura_id IS NULL) <> (avans_id IS NULL)", name=op.f("ck_muh_odeme_emirleri_tek_belge")),
        sa.ForeignKeyConstraint(["fatura_id"], ["muh_faturalar.id"],
                                name=op.f("fk_muh_odeme_emirleri_fatura_id_muh_faturalar")),
        sa.ForeignKeyConstraint(["avans_id"], ["muh_avanslar.id"],
                                name=op.f("fk_muh_odeme_emirleri_avans_id_muh_avanslar")),
        sa.ForeignKeyConstraint(["fis_id"], ["muh_fisler.id"], name=op.f("fk_muh_odeme_emirleri_fis_id_muh_fisler")),
        sa.ForeignKeyConstraint(["dosya_id"], ["muh_banka_dosyalari.id"],
                                name=op.f("fk_muh_odeme_emirleri_dosya_id_muh_banka_dosyalari")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_muh_odeme_emirleri")),
    )
    op.create_index(op.f("ix_muh_odeme_emirleri_fatura_id"), "muh_odeme_emirleri", ["fatura_id"])


def downgrade() -> None:
    for table in ("muh_odeme_emirleri", "muh_avanslar", "muh_faturalar", "muh_banka_dosyalari", "muh_tedarikciler"):
        op.drop_table(table)
