"""gelir: collection of overdue debt under 6183: ödeme emirleri in numbered batches, and
tecil/taksitlendirme plans whose installments are paid at the desk and online (issue 12, item 6)

Revision ID: g0006_takip
Revises: g0005_banka
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "g0006_takip"
# the lead chains this after g0005 at merge
down_revision = "g0005_banka"
branch_labels = None
depends_on = None

MONEY = sa.Numeric(18, 2)


def _id(table: str) -> tuple:
    return (sa.Column("id", sa.BigInteger, sa.Identity(always=False), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")))


def upgrade() -> None:
    op.create_table(
        "odeme_emri_partileri", *_id("odeme_emri_partileri"),
        sa.Column("kriterler", postgresql.JSONB, nullable=False),
        sa.Column("durum", sa.String(12), nullable=False, server_default="bekliyor"),
        sa.Column("imlec", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("toplam", sa.Integer),
        sa.Column("olusan", sa.Integer, nullable=False, server_default="0"),
        sa.Column("tutar", MONEY, nullable=False, server_default="0"),
        sa.Column("is_kaydi", sa.String(40)),
        sa.Column("hata", sa.Text),
        sa.Column("baslatan", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("bitis_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "odeme_emirleri", *_id("odeme_emirleri"),
        sa.Column("yil", sa.SmallInteger, nullable=False),
        sa.Column("sira", sa.Integer, nullable=False),
        sa.Column("no", sa.String(30), nullable=False),
        sa.Column("parti_id", sa.BigInteger, sa.ForeignKey("odeme_emri_partileri.id",
                                                          name=op.f("fk_odeme_emirleri_parti_id_odeme_emri_partileri"))),
        sa.Column("mukellef_id", sa.BigInteger, sa.ForeignKey("mukellefler.id",
                                                             name=op.f("fk_odeme_emirleri_mukellef_id_mukellefler")),
                  nullable=False),
        sa.Column("duzenleme_tarihi", sa.Date, nullable=False),
        sa.Column("kalemler", postgresql.JSONB, nullable=False),
        sa.Column("anapara", MONEY, nullable=False),
        sa.Column("gecikme", MONEY, nullable=False),
        sa.Column("durum", sa.String(14), nullable=False, server_default="hazirlandi"),
        sa.Column("teblig_tarihi", sa.Date),
        sa.Column("odeme_son_gun", sa.Date),
        sa.Column("itiraz_son_gun", sa.Date),
        sa.Column("itiraz_tarihi", sa.Date),
        sa.Column("itiraz_sonucu", sa.String(6)),
        sa.Column("itiraz_karar_tarihi", sa.Date),
        sa.Column("aciklama", sa.String(500), nullable=False, server_default=""),
        sa.Column("olusturan", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("yil", "sira", name=op.f("uq_odeme_emirleri_yil")),
        sa.UniqueConstraint("no", name=op.f("uq_odeme_emirleri_no")),
        sa.UniqueConstraint("parti_id", "mukellef_id", name="uq_odeme_emirleri_parti"),
        sa.CheckConstraint("durum IN ('hazirlandi', 'teblig_edildi', 'itirazda', 'kesinlesti', 'iptal')",
                           name=op.f("ck_odeme_emirleri_durum")),
    )
    op.create_index(op.f("ix_odeme_emirleri_parti_id"), "odeme_emirleri", ["parti_id"])
    op.create_index(op.f("ix_odeme_emirleri_mukellef_id"), "odeme_emirleri", ["mukellef_id"])
    op.create_table(
        "odeme_emri_sayaclari",
        sa.Column("yil", sa.SmallInteger, autoincrement=False, nullable=False),
        sa.Column("son", sa.Integer, nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("yil", name=op.f("pk_odeme_emri_sayaclari")),
    )
    op.create_table(
        "tecil_planlari", *_id("tecil_planlari"),
        sa.Column("mukellef_id", sa.BigInteger, sa.ForeignKey("mukellefler.id",
                                                             name=op.f("fk_tecil_planlari_mukellef_id_mukellefler")),
                  nullable=False),
        sa.Column("durum", sa.String(8), nullable=False, server_default="aktif"),
        sa.Column("tecil_tarihi", sa.Date, nullable=False),
        sa.Column("taksit_sayisi", sa.SmallInteger, nullable=False),
        sa.Column("anapara", MONEY, nullable=False),
        sa.Column("gecikme", MONEY, nullable=False),
        sa.Column("faiz", MONEY, nullable=False),
        sa.Column("teminat", sa.String(300), nullable=False, server_default=""),
        sa.Column("hesap", postgresql.JSONB),
        sa.Column("onaylayan", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("kapanis_tarihi", sa.Date),
        sa.Column("kapanis_nedeni", sa.String(500), nullable=False, server_default=""),
        sa.CheckConstraint("durum IN ('aktif', 'kapandi', 'bozuldu', 'iptal')", name=op.f("ck_tecil_planlari_durum")),
        sa.CheckConstraint("taksit_sayisi > 0", name=op.f("ck_tecil_planlari_taksit_sayisi")),
    )
    op.create_index(op.f("ix_tecil_planlari_mukellef_id"), "tecil_planlari", ["mukellef_id"])
    op.create_table(
        "tecil_taksitleri", *_id("tecil_taksitleri"),
        sa.Column("plan_id", sa.BigInteger, sa.ForeignKey("tecil_planlari.id",
                                                         name=op.f("fk_tecil_taksitleri_plan_id_tecil_planlari")),
                  nullable=False),
        sa.Column("sira", sa.SmallInteger, nullable=False),
        sa.Column("vade", sa.Date, nullable=False),
        sa.Column("anapara", MONEY, nullable=False),
        sa.Column("gecikme", MONEY, nullable=False),
        sa.Column("faiz", MONEY, nullable=False),
        sa.Column("faiz_tahakkuk_id", sa.BigInteger,
                  sa.ForeignKey("tahakkuklar.id", name=op.f("fk_tecil_taksitleri_faiz_tahakkuk_id_tahakkuklar")),
                  nullable=False),
        sa.Column("paylar", postgresql.JSONB, nullable=False),
        sa.Column("tahsilat_id", sa.BigInteger,
                  sa.ForeignKey("tahsilatlar.id", name=op.f("fk_tecil_taksitleri_tahsilat_id_tahsilatlar"))),
        sa.UniqueConstraint("plan_id", "sira", name=op.f("uq_tecil_taksitleri_plan_id")),
        sa.UniqueConstraint("faiz_tahakkuk_id", name=op.f("uq_tecil_taksitleri_faiz_tahakkuk_id")),
    )
    # the revenue kind of tecil faizi, for tenants seeded before it existed
    op.execute("""
        INSERT INTO gelir_turleri (kod, ad, ad_en, ekonomik_kod, grup, oncelik, gecikme_zammi, kesinlik)
        VALUES ('tecil_faizi', 'Tecil Faizi', 'Deferral interest', '05.1.1.01', 'tecil', 6, false, 'U')
        ON CONFLICT (kod) DO NOTHING""")


def downgrade() -> None:
    op.drop_table("tecil_taksitleri")
    op.drop_table("tecil_planlari")
    op.drop_table("odeme_emri_sayaclari")
    op.drop_table("odeme_emirleri")
    op.drop_table("odeme_emri_partileri")
    op.execute("DELETE FROM gelir_turleri WHERE kod = 'tecil_faizi' "
               "AND NOT EXISTS (SELECT 1 FROM tahakkuklar WHERE gelir_kodu = 'tecil_faizi')")
