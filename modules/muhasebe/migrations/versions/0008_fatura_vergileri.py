"""muhasebe: an invoice's taxes: KDV, and the withholdings (KDV tevkifatı, damga vergisi,
gelir vergisi stopajı) credited to 360's sub-accounts

Revision ID: m0008
Revises: m0007
Create Date: 2026-12-04

An invoice recorded before keeps working as before: its tax columns stay NULL and what the
supplier is paid (``odenecek``) is its amount.  The 360 sub-accounts are added to every
chart that lacks them (a code the municipality already uses is left alone).
"""
import sqlalchemy as sa
from alembic import op

revision = "m0008"
down_revision = "m0007"
branch_labels = None
depends_on = None

MONEY = sa.Numeric(18, 2)


def upgrade() -> None:
    op.add_column("muh_faturalar", sa.Column("matrah", MONEY, nullable=True))
    op.add_column("muh_faturalar", sa.Column("kdv_turu", sa.String(20), nullable=True))
    op.add_column("muh_faturalar", sa.Column("kdv_orani", sa.Numeric(9, 4), nullable=True))
    op.add_column("muh_faturalar", sa.Column("kdv", MONEY, nullable=True))
    op.add_column("muh_faturalar", sa.Column("odenecek", MONEY, nullable=True))
    op.execute("UPDATE muh_faturalar SET odenecek = tutar")
    op.alter_column("muh_faturalar", "odenecek", nullable=False)
    op.create_check_constraint(op.f("ck_muh_faturalar_odenecek_gecerli"), "muh_faturalar", "odenecek > 0 AND odenecek <= tutar")
    op.create_table(
        "muh_fatura_kesintileri",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("fatura_id", sa.BigInteger(), nullable=False),
        sa.Column("tarih", sa.Date(), nullable=False),
        sa.Column("tur", sa.String(14), nullable=False),
        sa.Column("kod", sa.String(30), nullable=False),
        sa.Column("matrah", MONEY, nullable=False),
        sa.Column("oran", sa.Numeric(12, 6), nullable=False),
        sa.Column("tutar", MONEY, nullable=False),
        sa.Column("hesap_kod", sa.String(40), nullable=False),
        sa.CheckConstraint("tur IN ('kdv_tevkifat', 'damga', 'gelir_stopaj')",
                           name=op.f("ck_muh_fatura_kesintileri_tur_gecerli")),
        sa.CheckConstraint("tutar > 0 AND matrah > 0 AND oran > 0", name=op.f("ck_muh_fatura_kesintileri_pozitif")),
        sa.ForeignKeyConstraint(["fatura_id"], ["muh_faturalar.id"],
                                name=op.f("fk_muh_fatura_kesintileri_fatura_id_muh_faturalar")),
        sa.ForeignKeyConstraint(["hesap_kod"], ["muh_hesaplar.kod"],
                                name=op.f("fk_muh_fatura_kesintileri_hesap_kod_muh_hesaplar")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_muh_fatura_kesintileri")),
    )
    op.create_index(op.f("ix_muh_fatura_kesintileri_fatura_id"), "muh_fatura_kesintileri", ["fatura_id"])
    op.create_index("ix_muh_fatura_kesintileri_tarih", "muh_fatura_kesintileri", ["tarih"])
    for kod, ad in (("360.01", "Gelir Vergisi"), ("360.03", "Damga Vergisi"), ("360.05", "KDV Tevkifatı")):
        op.execute(sa.text(
            "INSERT INTO muh_hesaplar (kod, ad, tur, bakiye_yonu, ters_bakiye_yasak, ust_kod, standart, aktif, "
            "olusturan) SELECT :kod, :ad, 'kaynak', 'A', false, '360', true, true, 'm0008' "
            "WHERE EXISTS (SELECT 1 FROM muh_hesaplar WHERE kod = '360') "
            "AND NOT EXISTS (SELECT 1 FROM muh_hesaplar WHERE kod = :kod)").bindparams(kod=kod, ad=ad))


def downgrade() -> None:
    op.drop_table("muh_fatura_kesintileri")
    op.drop_constraint(op.f("ck_muh_faturalar_odenecek_gecerli"), "muh_faturalar", type_="check")
    for column in ("odenecek", "kdv", "kdv_orani", "kdv_turu", "matrah"):
        op.drop_column("muh_faturalar", column)
