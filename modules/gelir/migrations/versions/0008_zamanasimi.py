"""gelir: the rest of 6183 collection (issue 12, item 6): year-end zamanaşımı lists
(m.102–104), terkin (write-off) of debts with a second approver, and haciz records

Revision ID: g0008_zamanasimi
Revises: g0007_hatirlatma
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "g0008_zamanasimi"
down_revision = "g0007_hatirlatma"
branch_labels = None
depends_on = None

MONEY = sa.Numeric(18, 2)


def _id(table: str) -> tuple:
    return (sa.Column("id", sa.BigInteger, sa.Identity(always=False), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")))


def _fk(table: str, column: str, target: str) -> sa.ForeignKey:
    return sa.ForeignKey(f"{target}.id", name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade() -> None:
    op.create_table(
        "zamanasimi_calismalari", *_id("zamanasimi_calismalari"),
        sa.Column("yil", sa.SmallInteger, nullable=False),
        sa.Column("toplam", sa.Integer),
        sa.Column("durum", sa.String(12), nullable=False, server_default="bekliyor"),
        sa.Column("imlec", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("olusan", sa.Integer, nullable=False, server_default="0"),
        sa.Column("tutar", MONEY, nullable=False, server_default="0"),
        sa.Column("is_kaydi", sa.String(40)),
        sa.Column("hata", sa.Text),
        sa.Column("baslatan", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("bitis_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "zamanasimi_kalemleri", *_id("zamanasimi_kalemleri"),
        sa.Column("calisma_id", sa.BigInteger, _fk("zamanasimi_kalemleri", "calisma_id", "zamanasimi_calismalari"),
                  nullable=False),
        sa.Column("tahakkuk_id", sa.BigInteger, _fk("zamanasimi_kalemleri", "tahakkuk_id", "tahakkuklar"),
                  nullable=False),
        sa.Column("mukellef_id", sa.BigInteger, _fk("zamanasimi_kalemleri", "mukellef_id", "mukellefler"),
                  nullable=False),
        sa.Column("gelir_kodu", sa.String(40), nullable=False),
        sa.Column("borc_yili", sa.SmallInteger, nullable=False),
        sa.Column("vade", sa.Date, nullable=False),
        sa.Column("anapara", MONEY, nullable=False),
        sa.Column("gecikme", MONEY, nullable=False),
        sa.Column("kesilme_tarihi", sa.Date),
        sa.Column("kesilme_nedeni", sa.String(20)),
        sa.Column("son_gun", sa.Date, nullable=False),
        sa.UniqueConstraint("calisma_id", "tahakkuk_id", name="uq_zamanasimi_kalemleri"),
    )
    op.create_index("ix_zamanasimi_kalemleri_mukellef", "zamanasimi_kalemleri", ["mukellef_id"])
    op.create_table(
        "terkinler", *_id("terkinler"),
        sa.Column("mukellef_id", sa.BigInteger, _fk("terkinler", "mukellef_id", "mukellefler"), nullable=False),
        sa.Column("tahakkuk_id", sa.BigInteger, _fk("terkinler", "tahakkuk_id", "tahakkuklar"), nullable=False),
        sa.Column("neden", sa.String(30), nullable=False),
        sa.Column("dayanak", sa.String(300), nullable=False, server_default=""),
        sa.Column("gerekce", sa.String(500), nullable=False),
        sa.Column("durum", sa.String(12), nullable=False, server_default="bekliyor"),
        sa.Column("anapara", MONEY),
        sa.Column("gecikme", MONEY),
        sa.Column("kayitlar", postgresql.JSONB),
        sa.Column("zamanasimi_kalemi_id", sa.BigInteger,
                  _fk("terkinler", "zamanasimi_kalemi_id", "zamanasimi_kalemleri")),
        sa.Column("talep_eden_id", sa.BigInteger),
        sa.Column("talep_eden", sa.String(200), nullable=False),
        sa.Column("onaylayan", sa.String(200)),
        sa.Column("karar_tarihi", sa.Date),
        sa.Column("karar_notu", sa.String(500), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint("durum IN ('bekliyor', 'onaylandi', 'reddedildi')", name=op.f("ck_terkinler_durum")),
    )
    op.create_index("ix_terkinler_mukellef_id", "terkinler", ["mukellef_id"])
    op.create_index("uq_terkinler_canli", "terkinler", ["tahakkuk_id"], unique=True,
                    postgresql_where=sa.text("durum IN ('bekliyor', 'onaylandi')"))
    op.create_table(
        "hacizler", *_id("hacizler"),
        sa.Column("mukellef_id", sa.BigInteger, _fk("hacizler", "mukellef_id", "mukellefler"), nullable=False),
        sa.Column("tur", sa.String(10), nullable=False),
        sa.Column("tarih", sa.Date, nullable=False),
        sa.Column("tutar", MONEY, nullable=False),
        sa.Column("konu", sa.String(300), nullable=False),
        sa.Column("maas_net", MONEY),
        sa.Column("tahakkuklar", postgresql.JSONB, nullable=False),
        sa.Column("durum", sa.String(10), nullable=False, server_default="aktif"),
        sa.Column("kaldirma_tarihi", sa.Date),
        sa.Column("kaldirma_nedeni", sa.String(500), nullable=False, server_default=""),
        sa.Column("olusturan", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint("tur IN ('banka', 'maas', 'arac', 'tasinmaz')", name=op.f("ck_hacizler_tur")),
        sa.CheckConstraint("durum IN ('aktif', 'kaldirildi')", name=op.f("ck_hacizler_durum")),
        sa.CheckConstraint("tutar > 0", name=op.f("ck_hacizler_tutar_pozitif")),
    )
    op.create_index("ix_hacizler_mukellef_id", "hacizler", ["mukellef_id"])


def downgrade() -> None:
    op.drop_table("hacizler")
    op.drop_table("terkinler")
    op.drop_table("zamanasimi_kalemleri")
    op.drop_table("zamanasimi_calismalari")
