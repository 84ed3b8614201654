"""gelir: restructuring campaigns (yapılandırma, issue 12 item 6) — a law's rules as dated
data, and a restructuring as a tecil plan under a campaign (its installments are paid and
broken by the tecil machinery); the revenue kind of the amount that replaces the late fees

Revision ID: g0010_yapilandirma
Revises: g0009_diger_gelirler
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "g0010_yapilandirma"
down_revision = "g0009_diger_gelirler"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "yapilandirma_kampanyalari",
        sa.Column("id", sa.BigInteger, sa.Identity(always=False), nullable=False),
        sa.Column("ad", sa.String(200), nullable=False),
        sa.Column("kanun_no", sa.String(20), nullable=False),
        sa.Column("kanun_tarihi", sa.Date, nullable=False),
        sa.Column("dayanak", sa.String(500), nullable=False),
        sa.Column("basvuru_baslangic", sa.Date, nullable=False),
        sa.Column("basvuru_bitis", sa.Date, nullable=False),
        sa.Column("kapsam_vade_sonu", sa.Date, nullable=False),
        sa.Column("gelir_kodlari", postgresql.JSONB, nullable=False),
        sa.Column("gecikme_yontemi", sa.String(12), nullable=False),
        sa.Column("aylik_oran", sa.Numeric(7, 4)),
        sa.Column("hesap_sonu", sa.Date, nullable=False),
        sa.Column("pesin_indirim", sa.Numeric(5, 2), nullable=False),
        sa.Column("secenekler", postgresql.JSONB, nullable=False),
        sa.Column("ilk_taksit_vadesi", sa.Date, nullable=False),
        sa.Column("taksit_araligi_ay", sa.SmallInteger, nullable=False),
        sa.Column("tolerans", sa.SmallInteger, nullable=False),
        sa.Column("olusturan", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_yapilandirma_kampanyalari")),
        sa.CheckConstraint("gecikme_yontemi IN ('yi_ufe', 'aylik_oran', 'vazgec')",
                           name=op.f("ck_yapilandirma_kampanyalari_gecikme_yontemi")),
        sa.CheckConstraint("basvuru_bitis >= basvuru_baslangic",
                           name=op.f("ck_yapilandirma_kampanyalari_basvuru_araligi")),
        sa.CheckConstraint("taksit_araligi_ay BETWEEN 1 AND 12",
                           name=op.f("ck_yapilandirma_kampanyalari_taksit_araligi")),
        sa.CheckConstraint("tolerans >= 0", name=op.f("ck_yapilandirma_kampanyalari_tolerans")),
    )
    # expand only: nullable columns, old code keeps working
    op.add_column("tecil_planlari", sa.Column(
        "kampanya_id", sa.BigInteger,
        sa.ForeignKey("yapilandirma_kampanyalari.id",
                      name=op.f("fk_tecil_planlari_kampanya_id_yapilandirma_kampanyalari"))))
    op.add_column("tecil_planlari", sa.Column("yapilandirma", postgresql.JSONB))
    op.create_index(op.f("ix_tecil_planlari_kampanya_id"), "tecil_planlari", ["kampanya_id"])
    # the revenue kind of the amount replacing late fees, for tenants seeded before it existed
    op.execute("""
        INSERT INTO gelir_turleri (kod, ad, ad_en, ekonomik_kod, grup, oncelik, gecikme_zammi, kesinlik)
        VALUES ('yapilandirma', 'Yapılandırma Tutarı', 'Restructuring amount', '05.1.1.01', 'tecil', 7, false, 'U')
        ON CONFLICT (kod) DO NOTHING""")


def downgrade() -> None:
    op.drop_index(op.f("ix_tecil_planlari_kampanya_id"), table_name="tecil_planlari")
    op.drop_column("tecil_planlari", "yapilandirma")
    op.drop_column("tecil_planlari", "kampanya_id")
    op.drop_table("yapilandirma_kampanyalari")
    op.execute("DELETE FROM gelir_turleri WHERE kod = 'yapilandirma' "
               "AND NOT EXISTS (SELECT 1 FROM tahakkuklar WHERE gelir_kodu = 'yapilandirma')")
