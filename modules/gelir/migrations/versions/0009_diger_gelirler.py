"""gelir: the other revenues billed daily (issue 12, item 7) — leases of municipal property
and ecrimisil, and permits charged from the council's tariff (işgaliye, pazar yeri, işyeri
ruhsatı harcı, bina inşaat harcı); their revenue kinds for tenants seeded before; and who
paid an online payment made for someone else (item 9)

Revision ID: g0009_diger_gelirler
Revises: g0008_zamanasimi
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "g0009_diger_gelirler"
# the lead chains this after g0008 at merge
down_revision = "g0008_zamanasimi"
branch_labels = None
depends_on = None

MONEY = sa.Numeric(18, 2)

KINDS = [
    # kod, ad, ad_en, ekonomik kod [U], grup, öncelik, gecikme zammı
    ("kira", "Taşınmaz Kira Gelirleri", "Rent of municipal property", "03.6.1.01", "kira", 45, False),
    ("ecrimisil", "Ecrimisil", "Charge for unlawful occupation", "03.6.1.99", "kira", 46, True),
    ("isgaliye", "İşgal Harcı", "Occupation fee", "01.6.1.02", "harc", 35, True),
    ("pazar_yeri", "Pazar Yeri Ücreti", "Market place fee", "03.1.9.01", "harc", 36, True),
    ("ruhsat_harci", "İşyeri Açma ve Çalışma Ruhsatı Harcı", "Business licence fee", "01.6.1.05", "harc", 37, True),
    ("insaat_harci", "Bina İnşaat Harcı", "Building construction fee", "01.6.1.04", "harc", 38, True),
]


def upgrade() -> None:
    op.create_table(
        "kira_sozlesmeleri",
        sa.Column("id", sa.BigInteger, sa.Identity(), nullable=False),
        sa.Column("tur", sa.String(10), nullable=False),
        sa.Column("mukellef_id", sa.BigInteger, sa.ForeignKey("mukellefler.id",
                                                             name=op.f("fk_kira_sozlesmeleri_mukellef_id_mukellefler")),
                  nullable=False),
        sa.Column("tasinmaz", sa.String(300), nullable=False),
        sa.Column("baslangic", sa.Date, nullable=False),
        sa.Column("bitis", sa.Date, nullable=False),
        sa.Column("donem", sa.String(3), nullable=False),
        sa.Column("tutar", MONEY, nullable=False),
        sa.Column("artis", sa.String(5), nullable=False),
        sa.Column("artis_orani", sa.Numeric(7, 4)),
        sa.Column("dayanak", sa.String(300), nullable=False),
        sa.Column("son_odeme", sa.Date),
        sa.Column("kaydeden", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kira_sozlesmeleri")),
        sa.CheckConstraint("tur IN ('kira', 'ecrimisil')", name=op.f("ck_kira_sozlesmeleri_tur")),
        sa.CheckConstraint("donem IN ('ay', 'yil')", name=op.f("ck_kira_sozlesmeleri_donem")),
        sa.CheckConstraint("artis IN ('yok', 'sabit', 'tufe', 'ufe')", name=op.f("ck_kira_sozlesmeleri_artis")),
        sa.CheckConstraint("tutar > 0", name=op.f("ck_kira_sozlesmeleri_tutar_pozitif")),
        sa.CheckConstraint("bitis >= baslangic", name=op.f("ck_kira_sozlesmeleri_tarih_sirasi")),
    )
    op.create_index(op.f("ix_kira_sozlesmeleri_mukellef_id"), "kira_sozlesmeleri", ["mukellef_id"])
    op.create_table(
        "harc_izinleri",
        sa.Column("id", sa.BigInteger, sa.Identity(), nullable=False),
        sa.Column("tur", sa.String(20), nullable=False),
        sa.Column("mukellef_id", sa.BigInteger, sa.ForeignKey("mukellefler.id",
                                                             name=op.f("fk_harc_izinleri_mukellef_id_mukellefler")),
                  nullable=False),
        sa.Column("tarife_kod", sa.String(80), nullable=False),
        sa.Column("yer", sa.String(300), nullable=False),
        sa.Column("alan", sa.Numeric(12, 2), nullable=False),
        sa.Column("baslangic", sa.Date, nullable=False),
        sa.Column("bitis", sa.Date),
        sa.Column("hesap", postgresql.JSONB, nullable=False),
        sa.Column("tutar", MONEY, nullable=False),
        sa.Column("kaydeden", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_harc_izinleri")),
        sa.CheckConstraint("tur IN ('isgaliye', 'pazar_yeri', 'ruhsat_harci', 'insaat_harci')",
                           name=op.f("ck_harc_izinleri_tur")),
        sa.CheckConstraint("alan > 0", name=op.f("ck_harc_izinleri_alan_pozitif")),
        sa.CheckConstraint("bitis IS NULL OR bitis >= baslangic", name=op.f("ck_harc_izinleri_tarih_sirasi")),
    )
    op.create_index(op.f("ix_harc_izinleri_mukellef_id"), "harc_izinleri", ["mukellef_id"])
    # paying a relative's debt (issue 12, item 9): the payer on the payment and its receipt
    op.add_column("online_odemeler", sa.Column("odeyen_tckn", sa.String(11)))
    op.add_column("online_odemeler", sa.Column("odeyen_ad", sa.String(200)))
    op.add_column("tahsilatlar", sa.Column("odeyen", sa.String(250)))
    for kod, ad, ad_en, ekonomik, grup, oncelik, gz in KINDS:
        op.execute(sa.text(
            "INSERT INTO gelir_turleri (kod, ad, ad_en, ekonomik_kod, grup, oncelik, gecikme_zammi, kesinlik) "
            "VALUES (:kod, :ad, :ad_en, :ekonomik, :grup, :oncelik, :gz, 'U') ON CONFLICT (kod) DO NOTHING"
        ).bindparams(kod=kod, ad=ad, ad_en=ad_en, ekonomik=ekonomik, grup=grup, oncelik=oncelik, gz=gz))


def downgrade() -> None:
    op.drop_column("tahsilatlar", "odeyen")
    op.drop_column("online_odemeler", "odeyen_ad")
    op.drop_column("online_odemeler", "odeyen_tckn")
    op.drop_table("harc_izinleri")
    op.drop_table("kira_sozlesmeleri")
    for kod, *_rest in KINDS:
        op.execute(sa.text("DELETE FROM gelir_turleri WHERE kod = :kod AND NOT EXISTS "
                           "(SELECT 1 FROM tahakkuklar WHERE gelir_kodu = :kod)").bindparams(kod=kod))
