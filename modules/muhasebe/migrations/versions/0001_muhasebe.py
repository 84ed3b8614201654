"""muhasebe: chart of accounts, vouchers and lines, counters, locked periods, budget lines

Revision ID: m0001
Revises:
Create Date: 2026-12-02

Voucher lines and budget movements are append-only (a trigger refuses UPDATE and DELETE):
an approved voucher is corrected by a reversing voucher, never by an edit.
"""
import sqlalchemy as sa
from alembic import op

revision = "m0001"
down_revision = None
branch_labels = None
depends_on = None

APPEND_ONLY = ("muh_fis_satirlari", "muh_butce_hareketleri")
MONEY = sa.Numeric(18, 2)


def upgrade() -> None:
    op.create_table(
        "muh_hesaplar",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("kod", sa.String(40), nullable=False),
        sa.Column("ad", sa.String(200), nullable=False),
        sa.Column("tur", sa.String(12), nullable=False),
        sa.Column("bakiye_yonu", sa.String(1), nullable=False),
        sa.Column("ters_bakiye_yasak", sa.Boolean(), nullable=False),
        sa.Column("ust_kod", sa.String(40), nullable=True),
        sa.Column("standart", sa.Boolean(), nullable=False),
        sa.Column("aktif", sa.Boolean(), nullable=False),
        sa.Column("olusturan", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("tur IN ('varlik', 'kaynak', 'faaliyet', 'butce', 'odenek', 'nazim')",
                           name=op.f("ck_muh_hesaplar_tur_gecerli")),
        sa.CheckConstraint("bakiye_yonu IN ('B', 'A', '')", name=op.f("ck_muh_hesaplar_yon_gecerli")),
        sa.ForeignKeyConstraint(["ust_kod"], ["muh_hesaplar.kod"], name=op.f("fk_muh_hesaplar_ust_kod_muh_hesaplar")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_muh_hesaplar")),
        sa.UniqueConstraint("kod", name=op.f("uq_muh_hesaplar_kod")),
    )
    op.create_index(op.f("ix_muh_hesaplar_ust_kod"), "muh_hesaplar", ["ust_kod"])
    op.create_table(
        "muh_sayaclar",
        sa.Column("yil", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("son", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("yil", name=op.f("pk_muh_sayaclar")),
    )
    op.create_table(
        "muh_fisler",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("yil", sa.SmallInteger(), nullable=False),
        sa.Column("no", sa.Integer(), nullable=True),
        sa.Column("tur", sa.String(10), nullable=False),
        sa.Column("tarih", sa.Date(), nullable=False),
        sa.Column("aciklama", sa.String(500), nullable=False),
        sa.Column("durum", sa.String(10), nullable=False),
        sa.Column("kaynak", sa.String(200), nullable=True),
        sa.Column("ters_fis_id", sa.BigInteger(), nullable=True),
        sa.Column("toplam", MONEY, nullable=False),
        sa.Column("hazirlayan", sa.String(200), nullable=False),
        sa.Column("hazirlayan_id", sa.BigInteger(), nullable=True),
        sa.Column("onaylayan", sa.String(200), nullable=True),
        sa.Column("onaylayan_id", sa.BigInteger(), nullable=True),
        sa.Column("onay_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("durum IN ('taslak', 'onaylandi', 'iptal')", name=op.f("ck_muh_fisler_durum_gecerli")),
        sa.CheckConstraint("tur IN ('mif', 'oeb', 'gonderme')", name=op.f("ck_muh_fisler_tur_gecerli")),
        sa.CheckConstraint("(durum = 'onaylandi') = (no IS NOT NULL)", name=op.f("ck_muh_fisler_no_onayla")),
        sa.ForeignKeyConstraint(["ters_fis_id"], ["muh_fisler.id"], name=op.f("fk_muh_fisler_ters_fis_id_muh_fisler")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_muh_fisler")),
        sa.UniqueConstraint("yil", "no", name="uq_muh_fisler_yil_no"),
    )
    op.create_index("ix_muh_fisler_tarih", "muh_fisler", ["tarih"])
    op.create_index("ix_muh_fisler_kaynak", "muh_fisler", ["kaynak"])
    op.create_index("uq_muh_fisler_ters_fis", "muh_fisler", ["ters_fis_id"], unique=True,
                    postgresql_where=sa.text("durum <> 'iptal'"))
    op.create_table(
        "muh_fis_satirlari",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("fis_id", sa.BigInteger(), nullable=False),
        sa.Column("sira", sa.SmallInteger(), nullable=False),
        sa.Column("hesap_kod", sa.String(40), nullable=False),
        sa.Column("kurumsal", sa.String(20), nullable=False),
        sa.Column("fonksiyonel", sa.String(20), nullable=False),
        sa.Column("finansman", sa.String(4), nullable=False),
        sa.Column("ekonomik", sa.String(20), nullable=False),
        sa.Column("borc", MONEY, nullable=False),
        sa.Column("alacak", MONEY, nullable=False),
        sa.Column("aciklama", sa.String(300), nullable=False),
        sa.CheckConstraint("borc >= 0 AND alacak >= 0 AND (borc = 0) <> (alacak = 0)",
                           name=op.f("ck_muh_fis_satirlari_tek_taraf")),
        sa.ForeignKeyConstraint(["fis_id"], ["muh_fisler.id"], name=op.f("fk_muh_fis_satirlari_fis_id_muh_fisler")),
        sa.ForeignKeyConstraint(["hesap_kod"], ["muh_hesaplar.kod"],
                                name=op.f("fk_muh_fis_satirlari_hesap_kod_muh_hesaplar")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_muh_fis_satirlari")),
    )
    op.create_index(op.f("ix_muh_fis_satirlari_fis_id"), "muh_fis_satirlari", ["fis_id"])
    op.create_index("ix_muh_fis_satirlari_hesap", "muh_fis_satirlari", ["hesap_kod"])
    op.create_table(
        "muh_donemler",
        sa.Column("yil", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("ay", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("kilitleyen", sa.String(200), nullable=False),
        sa.Column("kilit_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("ay BETWEEN 1 AND 12", name=op.f("ck_muh_donemler_ay_gecerli")),
        sa.PrimaryKeyConstraint("yil", "ay", name=op.f("pk_muh_donemler")),
    )
    op.create_table(
        "muh_butce_kalemleri",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("yil", sa.SmallInteger(), nullable=False),
        sa.Column("kurumsal", sa.String(20), nullable=False),
        sa.Column("fonksiyonel", sa.String(20), nullable=False),
        sa.Column("finansman", sa.String(4), nullable=False),
        sa.Column("ekonomik", sa.String(20), nullable=False),
        sa.Column("ad", sa.String(200), nullable=False),
        sa.Column("odenek", MONEY, nullable=False),
        sa.Column("kullanilan", MONEY, nullable=False),
        sa.Column("olusturan", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("kullanilan <= odenek", name=op.f("ck_muh_butce_kalemleri_odenek_asilamaz")),
        sa.CheckConstraint("kullanilan >= 0 AND odenek >= 0", name=op.f("ck_muh_butce_kalemleri_pozitif")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_muh_butce_kalemleri")),
        sa.UniqueConstraint("yil", "kurumsal", "fonksiyonel", "finansman", "ekonomik", name="uq_muh_butce_tertip"),
    )
    op.create_table(
        "muh_butce_hareketleri",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("kalem_id", sa.BigInteger(), nullable=False),
        sa.Column("fis_id", sa.BigInteger(), nullable=False),
        sa.Column("tur", sa.String(14), nullable=False),
        sa.Column("tutar", MONEY, nullable=False),
        sa.Column("tarih", sa.Date(), nullable=False),
        sa.CheckConstraint("tur IN ('odenek', 'odenek_dusum', 'harcama', 'harcama_iptal')",
                           name=op.f("ck_muh_butce_hareketleri_tur_gecerli")),
        sa.ForeignKeyConstraint(["fis_id"], ["muh_fisler.id"], name=op.f("fk_muh_butce_hareketleri_fis_id_muh_fisler")),
        sa.ForeignKeyConstraint(["kalem_id"], ["muh_butce_kalemleri.id"],
                                name=op.f("fk_muh_butce_hareketleri_kalem_id_muh_butce_kalemleri")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_muh_butce_hareketleri")),
    )
    op.create_index(op.f("ix_muh_butce_hareketleri_kalem_id"), "muh_butce_hareketleri", ["kalem_id"])
    op.create_index(op.f("ix_muh_butce_hareketleri_fis_id"), "muh_butce_hareketleri", ["fis_id"])
    for table in APPEND_ONLY:
        op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION public.ebelediye_reject_change()")


def downgrade() -> None:
    for table in ("muh_butce_hareketleri", "muh_butce_kalemleri", "muh_donemler", "muh_fis_satirlari",
                  "muh_fisler", "muh_sayaclar", "muh_hesaplar"):
        op.drop_table(table)
