"""evlendirme: halls, officiants, tariff, marriage files, checks, ceremonies, fees, receipts

Revision ID: e0001
Revises:
Create Date: 2026-12-01

The two exclusion constraints on ``nikahlar`` keep one ceremony per hall and one place per
officiant at any moment.  They compare the id as a one-point ``int8range`` so that plain
GiST handles them: no ``btree_gist`` extension is needed (nothing for a Citus cluster to
install on its nodes); tenant tables under schema-based sharding keep their constraints.
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "e0001"
down_revision = None
branch_labels = None
depends_on = None

#: money and the record of checks are append-only (corrections are new rows)
APPEND_ONLY = ("nikah_makbuzlari", "nikah_tarifeleri", "nikah_kontrolleri")


def upgrade() -> None:
    op.create_table('nikah_ayarlari',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('gecerlilik_ay', sa.SmallInteger(), nullable=False),
    sa.Column('tutma_saat', sa.SmallInteger(), nullable=False),
    sa.Column('tatilde_nikah', sa.Boolean(), nullable=False),
    sa.Column('hatirlatma_gun', sa.SmallInteger(), nullable=False),
    sa.Column('yol_dakika_km', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('makbuz_on_eki', sa.String(length=10), nullable=False),
    sa.Column('online_basvuru', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nikah_ayarlari'))
    )
    op.create_table('nikah_memurlari',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('ad_soyad', sa.String(length=120), nullable=False),
    sa.Column('unvan', sa.String(length=120), nullable=False),
    sa.Column('personel_id', sa.BigInteger(), nullable=True),
    sa.Column('yetki_karari', sa.String(length=200), nullable=False),
    sa.Column('aktif', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nikah_memurlari'))
    )
    op.create_index(op.f('ix_nikah_memurlari_personel_id'), 'nikah_memurlari', ['personel_id'], unique=False)
    op.create_table('nikah_muafiyetleri',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('kod', sa.String(length=40), nullable=False),
    sa.Column('ad', sa.String(length=200), nullable=False),
    sa.Column('karar', sa.String(length=200), nullable=False),
    sa.Column('aktif', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nikah_muafiyetleri')),
    sa.UniqueConstraint('kod', name=op.f('uq_nikah_muafiyetleri_kod'))
    )
    op.create_table('nikah_salonlari',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('ad', sa.String(length=120), nullable=False),
    sa.Column('adres', sa.String(length=300), nullable=False),
    sa.Column('kapasite', sa.Integer(), nullable=False),
    sa.Column('aktif', sa.Boolean(), nullable=False),
    sa.CheckConstraint('kapasite > 0', name=op.f('ck_nikah_salonlari_kapasite_pozitif')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nikah_salonlari')),
    sa.UniqueConstraint('ad', name=op.f('uq_nikah_salonlari_ad'))
    )
    op.create_table('nikah_sayaclari',
    sa.Column('tur', sa.String(length=12), nullable=False),
    sa.Column('yil', sa.SmallInteger(), autoincrement=False, nullable=False),
    sa.Column('son', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('tur', 'yil', name=op.f('pk_nikah_sayaclari'))
    )
    op.create_table('nikah_tarifeleri',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('tur', sa.String(length=20), nullable=False),
    sa.Column('gun_turu', sa.String(length=12), nullable=False),
    sa.Column('km_alt', sa.Numeric(precision=7, scale=1), nullable=True),
    sa.Column('km_ust', sa.Numeric(precision=7, scale=1), nullable=True),
    sa.Column('tutar', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('gecerli_baslangic', sa.Date(), nullable=False),
    sa.Column('karar', sa.String(length=200), nullable=False),
    sa.Column('kesinlik', sa.String(length=2), nullable=False),
    sa.Column('olusturan', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("gun_turu IN ('hafta_ici', 'hafta_sonu', 'tatil', 'her_gun')", name=op.f('ck_nikah_tarifeleri_gun_turu')),
    sa.CheckConstraint("tur IN ('salon', 'dis', 'izin_belgesi', 'aile_cuzdani')", name=op.f('ck_nikah_tarifeleri_tur')),
    sa.CheckConstraint('tutar >= 0', name=op.f('ck_nikah_tarifeleri_tutar')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nikah_tarifeleri'))
    )
    op.create_table('nikah_basvurulari',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('no', sa.String(length=20), nullable=False),
    sa.Column('kanal', sa.String(length=10), nullable=False),
    sa.Column('durum', sa.String(length=20), nullable=False),
    sa.Column('amac', sa.String(length=20), nullable=False),
    sa.Column('basvuru_tarihi', sa.Date(), nullable=False),
    sa.Column('gecerlilik_bitis', sa.Date(), nullable=False),
    sa.Column('davetli_sayisi', sa.Integer(), nullable=False),
    sa.Column('soyad_tercihi', sa.String(length=20), nullable=False),
    sa.Column('tercuman', sa.String(length=200), nullable=False),
    sa.Column('iletisim_eposta', sa.String(length=254), nullable=False),
    sa.Column('iletisim_telefon', sa.String(length=30), nullable=False),
    sa.Column('muafiyet_id', sa.BigInteger(), nullable=True),
    sa.Column('izin_belgesi_no', sa.String(length=30), nullable=True),
    sa.Column('izin_belgesi_yeri', sa.String(length=200), nullable=False),
    sa.Column('olusturan', sa.String(length=200), nullable=False),
    sa.Column('olusturan_id', sa.BigInteger(), nullable=True),
    sa.Column('onaylayan', sa.String(length=200), nullable=True),
    sa.Column('onaylayan_id', sa.BigInteger(), nullable=True),
    sa.Column('onay_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ret_nedeni', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("amac IN ('nikah', 'izin_belgesi')", name=op.f('ck_nikah_basvurulari_amac')),
    sa.CheckConstraint("durum IN ('taslak', 'inceleme', 'onaylandi', 'tamamlandi', 'reddedildi', 'geri_cekildi', 'suresi_doldu')", name=op.f('ck_nikah_basvurulari_durum')),
    sa.CheckConstraint("kanal IN ('masa', 'online')", name=op.f('ck_nikah_basvurulari_kanal')),
    sa.CheckConstraint("soyad_tercihi IN ('es', 'onceki_ve_es', 'yalniz_onceki')", name=op.f('ck_nikah_basvurulari_soyad_tercihi')),
    sa.CheckConstraint('davetli_sayisi >= 0', name=op.f('ck_nikah_basvurulari_davetli')),
    sa.ForeignKeyConstraint(['muafiyet_id'], ['nikah_muafiyetleri.id'], name=op.f('fk_nikah_basvurulari_muafiyet_id_nikah_muafiyetleri')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nikah_basvurulari')),
    sa.UniqueConstraint('no', name=op.f('uq_nikah_basvurulari_no'))
    )
    op.create_table('nikah_kapali_gunleri',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('tarih', sa.Date(), nullable=False),
    sa.Column('salon_id', sa.BigInteger(), nullable=True),
    sa.Column('neden', sa.String(length=200), nullable=False),
    sa.Column('olusturan', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['salon_id'], ['nikah_salonlari.id'], name=op.f('fk_nikah_kapali_gunleri_salon_id_nikah_salonlari')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nikah_kapali_gunleri'))
    )
    op.create_index(op.f('ix_nikah_kapali_gunleri_tarih'), 'nikah_kapali_gunleri', ['tarih'], unique=False)
    op.create_table('nikah_memur_calisma_saatleri',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('memur_id', sa.BigInteger(), nullable=False),
    sa.Column('hafta_gunu', sa.SmallInteger(), nullable=False),
    sa.Column('baslangic', sa.Time(), nullable=False),
    sa.Column('bitis', sa.Time(), nullable=False),
    sa.CheckConstraint('bitis > baslangic', name=op.f('ck_nikah_memur_calisma_saatleri_saat_sirasi')),
    sa.CheckConstraint('hafta_gunu BETWEEN 0 AND 6', name=op.f('ck_nikah_memur_calisma_saatleri_hafta_gunu')),
    sa.ForeignKeyConstraint(['memur_id'], ['nikah_memurlari.id'], name=op.f('fk_nikah_memur_calisma_saatleri_memur_id_nikah_memurlari')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nikah_memur_calisma_saatleri'))
    )
    op.create_index(op.f('ix_nikah_memur_calisma_saatleri_memur_id'), 'nikah_memur_calisma_saatleri', ['memur_id'], unique=False)
    op.create_table('nikah_memur_izinleri',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('memur_id', sa.BigInteger(), nullable=False),
    sa.Column('baslangic', sa.Date(), nullable=False),
    sa.Column('bitis', sa.Date(), nullable=False),
    sa.Column('neden', sa.String(length=200), nullable=False),
    sa.CheckConstraint('bitis >= baslangic', name=op.f('ck_nikah_memur_izinleri_tarih_sirasi')),
    sa.ForeignKeyConstraint(['memur_id'], ['nikah_memurlari.id'], name=op.f('fk_nikah_memur_izinleri_memur_id_nikah_memurlari')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nikah_memur_izinleri'))
    )
    op.create_index(op.f('ix_nikah_memur_izinleri_memur_id'), 'nikah_memur_izinleri', ['memur_id'], unique=False)
    op.create_table('nikah_slot_sablonlari',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('salon_id', sa.BigInteger(), nullable=False),
    sa.Column('hafta_gunu', sa.SmallInteger(), nullable=False),
    sa.Column('baslangic', sa.Time(), nullable=False),
    sa.Column('bitis', sa.Time(), nullable=False),
    sa.Column('aralik_dk', sa.SmallInteger(), nullable=False),
    sa.Column('sure_dk', sa.SmallInteger(), nullable=False),
    sa.Column('gecerli_baslangic', sa.Date(), nullable=False),
    sa.Column('gecerli_bitis', sa.Date(), nullable=True),
    sa.CheckConstraint('bitis > baslangic', name=op.f('ck_nikah_slot_sablonlari_saat_sirasi')),
    sa.CheckConstraint('hafta_gunu BETWEEN 0 AND 6', name=op.f('ck_nikah_slot_sablonlari_hafta_gunu')),
    sa.CheckConstraint('sure_dk > 0 AND aralik_dk >= sure_dk', name=op.f('ck_nikah_slot_sablonlari_sure')),
    sa.ForeignKeyConstraint(['salon_id'], ['nikah_salonlari.id'], name=op.f('fk_nikah_slot_sablonlari_salon_id_nikah_salonlari')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nikah_slot_sablonlari'))
    )
    op.create_index(op.f('ix_nikah_slot_sablonlari_salon_id'), 'nikah_slot_sablonlari', ['salon_id'], unique=False)
    op.create_table('nikah_asimlari',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('basvuru_id', sa.BigInteger(), nullable=False),
    sa.Column('kod', sa.String(length=40), nullable=False),
    sa.Column('taraf_sira', sa.SmallInteger(), nullable=True),
    sa.Column('gerekce', sa.Text(), nullable=False),
    sa.Column('isteyen', sa.String(length=200), nullable=False),
    sa.Column('isteyen_id', sa.BigInteger(), nullable=True),
    sa.Column('durum', sa.String(length=12), nullable=False),
    sa.Column('karar_veren', sa.String(length=200), nullable=True),
    sa.Column('karar_veren_id', sa.BigInteger(), nullable=True),
    sa.Column('karar_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("durum IN ('bekliyor', 'onaylandi', 'reddedildi')", name=op.f('ck_nikah_asimlari_durum')),
    sa.ForeignKeyConstraint(['basvuru_id'], ['nikah_basvurulari.id'], name=op.f('fk_nikah_asimlari_basvuru_id_nikah_basvurulari')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nikah_asimlari'))
    )
    op.create_index(op.f('ix_nikah_asimlari_basvuru_id'), 'nikah_asimlari', ['basvuru_id'], unique=False)
    op.create_table('nikah_bekleme_listesi',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('basvuru_id', sa.BigInteger(), nullable=False),
    sa.Column('tarih', sa.Date(), nullable=False),
    sa.Column('salon_id', sa.BigInteger(), nullable=True),
    sa.Column('durum', sa.String(length=14), nullable=False),
    sa.Column('haber_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['basvuru_id'], ['nikah_basvurulari.id'], name=op.f('fk_nikah_bekleme_listesi_basvuru_id_nikah_basvurulari')),
    sa.ForeignKeyConstraint(['salon_id'], ['nikah_salonlari.id'], name=op.f('fk_nikah_bekleme_listesi_salon_id_nikah_salonlari')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nikah_bekleme_listesi'))
    )
    op.create_index(op.f('ix_nikah_bekleme_listesi_basvuru_id'), 'nikah_bekleme_listesi', ['basvuru_id'], unique=False)
    op.create_index(op.f('ix_nikah_bekleme_listesi_tarih'), 'nikah_bekleme_listesi', ['tarih'], unique=False)
    op.create_index('uq_nikah_bekleme_acik', 'nikah_bekleme_listesi', ['basvuru_id', 'tarih'], unique=True, postgresql_where=sa.text("durum = 'bekliyor'"))
    op.create_table('nikah_belgeleri',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('basvuru_id', sa.BigInteger(), nullable=False),
    sa.Column('taraf_sira', sa.SmallInteger(), nullable=True),
    sa.Column('tur', sa.String(length=30), nullable=False),
    sa.Column('belge_no', sa.String(length=60), nullable=False),
    sa.Column('veren', sa.String(length=200), nullable=False),
    sa.Column('belge_tarihi', sa.Date(), nullable=False),
    sa.Column('gecerlilik_bitis', sa.Date(), nullable=True),
    sa.Column('tasdik_yolu', sa.String(length=12), nullable=False),
    sa.Column('tercume', sa.Boolean(), nullable=False),
    sa.Column('kaydeden', sa.String(length=200), nullable=False),
    sa.Column('geri_alindi', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['basvuru_id'], ['nikah_basvurulari.id'], name=op.f('fk_nikah_belgeleri_basvuru_id_nikah_basvurulari')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nikah_belgeleri'))
    )
    op.create_index(op.f('ix_nikah_belgeleri_basvuru_id'), 'nikah_belgeleri', ['basvuru_id'], unique=False)
    op.create_table('nikah_kontrolleri',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('basvuru_id', sa.BigInteger(), nullable=False),
    sa.Column('calisma', sa.Integer(), nullable=False),
    sa.Column('gun', sa.Date(), nullable=False),
    sa.Column('kod', sa.String(length=40), nullable=False),
    sa.Column('taraf_sira', sa.SmallInteger(), nullable=True),
    sa.Column('sonuc', sa.String(length=10), nullable=False),
    sa.Column('baslik', sa.String(length=200), nullable=False),
    sa.Column('gerekce', sa.Text(), nullable=False),
    sa.Column('kaynak', sa.String(length=300), nullable=False),
    sa.Column('adimlar', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('asilabilir', sa.Boolean(), nullable=False),
    sa.Column('yapan', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("sonuc IN ('uygun', 'engel', 'eksik', 'uyari')", name=op.f('ck_nikah_kontrolleri_sonuc')),
    sa.ForeignKeyConstraint(['basvuru_id'], ['nikah_basvurulari.id'], name=op.f('fk_nikah_kontrolleri_basvuru_id_nikah_basvurulari')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nikah_kontrolleri'))
    )
    op.create_index(op.f('ix_nikah_kontrolleri_basvuru_id'), 'nikah_kontrolleri', ['basvuru_id'], unique=False)
    op.create_index('ix_nikah_kontrolleri_calisma', 'nikah_kontrolleri', ['basvuru_id', 'calisma'], unique=False)
    op.create_table('nikah_taniklari',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('basvuru_id', sa.BigInteger(), nullable=False),
    sa.Column('sira', sa.SmallInteger(), nullable=False),
    sa.Column('tckn', sa.String(length=11), nullable=False),
    sa.Column('ad', sa.String(length=60), nullable=False),
    sa.Column('soyad', sa.String(length=60), nullable=False),
    sa.Column('dogum_tarihi', sa.Date(), nullable=False),
    sa.Column('kps_sorgu_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('sira IN (1, 2)', name=op.f('ck_nikah_taniklari_sira')),
    sa.ForeignKeyConstraint(['basvuru_id'], ['nikah_basvurulari.id'], name=op.f('fk_nikah_taniklari_basvuru_id_nikah_basvurulari')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nikah_taniklari')),
    sa.UniqueConstraint('basvuru_id', 'sira', name='uq_nikah_taniklari_sira')
    )
    op.create_index(op.f('ix_nikah_taniklari_basvuru_id'), 'nikah_taniklari', ['basvuru_id'], unique=False)
    op.create_table('nikah_taraflari',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('basvuru_id', sa.BigInteger(), nullable=False),
    sa.Column('sira', sa.SmallInteger(), nullable=False),
    sa.Column('tckn', sa.String(length=11), nullable=True),
    sa.Column('yabanci', sa.Boolean(), nullable=False),
    sa.Column('uyruk', sa.String(length=60), nullable=False),
    sa.Column('pasaport_no', sa.String(length=30), nullable=False),
    sa.Column('koruma_statusu', sa.Boolean(), nullable=False),
    sa.Column('ad', sa.String(length=60), nullable=False),
    sa.Column('soyad', sa.String(length=60), nullable=False),
    sa.Column('baba_adi', sa.String(length=60), nullable=False),
    sa.Column('anne_adi', sa.String(length=60), nullable=False),
    sa.Column('cinsiyet', sa.String(length=1), nullable=False),
    sa.Column('dogum_tarihi', sa.Date(), nullable=False),
    sa.Column('dogum_yeri', sa.String(length=60), nullable=False),
    sa.Column('medeni_hal', sa.String(length=10), nullable=False),
    sa.Column('evlilik_bitis_tarihi', sa.Date(), nullable=True),
    sa.Column('evlilik_bitis_nedeni', sa.String(length=20), nullable=True),
    sa.Column('olu', sa.Boolean(), nullable=False),
    sa.Column('kps_sorgu_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('eposta', sa.String(length=254), nullable=False),
    sa.Column('onay_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('onay_kanal', sa.String(length=10), nullable=True),
    sa.CheckConstraint("cinsiyet IN ('E', 'K')", name=op.f('ck_nikah_taraflari_cinsiyet')),
    sa.CheckConstraint('sira IN (1, 2)', name=op.f('ck_nikah_taraflari_sira')),
    sa.CheckConstraint('tckn IS NOT NULL OR yabanci', name=op.f('ck_nikah_taraflari_kimlik')),
    sa.ForeignKeyConstraint(['basvuru_id'], ['nikah_basvurulari.id'], name=op.f('fk_nikah_taraflari_basvuru_id_nikah_basvurulari')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nikah_taraflari')),
    sa.UniqueConstraint('basvuru_id', 'sira', name='uq_nikah_taraflari_sira')
    )
    op.create_index(op.f('ix_nikah_taraflari_basvuru_id'), 'nikah_taraflari', ['basvuru_id'], unique=False)
    op.create_index(op.f('ix_nikah_taraflari_tckn'), 'nikah_taraflari', ['tckn'], unique=False)
    op.create_table('nikah_ucretleri',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('basvuru_id', sa.BigInteger(), nullable=False),
    sa.Column('nikah_id', sa.BigInteger(), nullable=True),
    sa.Column('referans', sa.String(length=60), nullable=False),
    sa.Column('tarife_id', sa.BigInteger(), nullable=True),
    sa.Column('tarife_kod', sa.String(length=60), nullable=False),
    sa.Column('aciklama', sa.String(length=300), nullable=False),
    sa.Column('tutar', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('hesap', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('kanal', sa.String(length=6), nullable=False),
    sa.Column('durum', sa.String(length=8), nullable=False),
    sa.Column('odeme_tarihi', sa.Date(), nullable=True),
    sa.Column('makbuz_no', sa.String(length=40), nullable=True),
    sa.Column('olusturan', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("durum IN ('acik', 'odendi', 'iptal')", name=op.f('ck_nikah_ucretleri_durum')),
    sa.CheckConstraint("kanal IN ('gelir', 'masa', 'muaf')", name=op.f('ck_nikah_ucretleri_kanal')),
    sa.CheckConstraint('tutar >= 0', name=op.f('ck_nikah_ucretleri_tutar')),
    sa.ForeignKeyConstraint(['basvuru_id'], ['nikah_basvurulari.id'], name=op.f('fk_nikah_ucretleri_basvuru_id_nikah_basvurulari')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nikah_ucretleri')),
    sa.UniqueConstraint('referans', name=op.f('uq_nikah_ucretleri_referans'))
    )
    op.create_index(op.f('ix_nikah_ucretleri_basvuru_id'), 'nikah_ucretleri', ['basvuru_id'], unique=False)
    op.create_table('nikahlar',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('basvuru_id', sa.BigInteger(), nullable=False),
    sa.Column('yer', sa.String(length=6), nullable=False),
    sa.Column('salon_id', sa.BigInteger(), nullable=True),
    sa.Column('dis_adres', sa.String(length=300), nullable=False),
    sa.Column('mesafe_km', sa.Numeric(precision=7, scale=1), nullable=True),
    sa.Column('yol_dk', sa.SmallInteger(), nullable=False),
    sa.Column('memur_id', sa.BigInteger(), nullable=False),
    sa.Column('baslangic', sa.DateTime(timezone=True), nullable=False),
    sa.Column('bitis', sa.DateTime(timezone=True), nullable=False),
    sa.Column('memur_baslangic', sa.DateTime(timezone=True), nullable=False),
    sa.Column('memur_bitis', sa.DateTime(timezone=True), nullable=False),
    sa.Column('durum', sa.String(length=12), nullable=False),
    sa.Column('tutma_bitis', sa.DateTime(timezone=True), nullable=True),
    sa.Column('onceki_id', sa.BigInteger(), nullable=True),
    sa.Column('kutuk_no', sa.String(length=20), nullable=True),
    sa.Column('kiyildi_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('taniklar_hazir', sa.Boolean(), nullable=True),
    sa.Column('kps_durum', sa.String(length=12), nullable=True),
    sa.Column('kps_deneme', sa.SmallInteger(), nullable=False),
    sa.Column('kps_hata', sa.String(length=500), nullable=False),
    sa.Column('aile_cuzdani_no', sa.String(length=20), nullable=True),
    sa.Column('tescil_tarihi', sa.Date(), nullable=True),
    sa.Column('dogrulama_kodu', sa.String(length=40), nullable=True),
    sa.Column('hatirlatma_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('iptal_nedeni', sa.String(length=300), nullable=False),
    sa.Column('olusturan', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    postgresql.ExcludeConstraint((sa.text("int8range(memur_id, memur_id, '[]')"), '&&'), (sa.text("tstzrange(memur_baslangic, memur_bitis, '[)')"), '&&'), where=sa.text("durum IN ('tutuldu', 'kesin', 'kiyildi')"), using='gist', name='ex_nikahlar_memur'),
    postgresql.ExcludeConstraint((sa.text("int8range(salon_id, salon_id, '[]')"), '&&'), (sa.text("tstzrange(baslangic, bitis, '[)')"), '&&'), where=sa.text("durum IN ('tutuldu', 'kesin', 'kiyildi') AND salon_id IS NOT NULL"), using='gist', name='ex_nikahlar_salon'),
    sa.CheckConstraint("(yer = 'salon') = (salon_id IS NOT NULL)", name=op.f('ck_nikahlar_salon')),
    sa.CheckConstraint("durum IN ('tutuldu', 'kesin', 'kiyildi', 'gelmedi', 'iptal', 'ertelendi', 'suresi_doldu')", name=op.f('ck_nikahlar_durum')),
    sa.CheckConstraint("yer IN ('salon', 'dis')", name=op.f('ck_nikahlar_yer')),
    sa.CheckConstraint('bitis > baslangic AND memur_baslangic <= baslangic AND memur_bitis >= bitis', name=op.f('ck_nikahlar_zaman')),
    sa.ForeignKeyConstraint(['basvuru_id'], ['nikah_basvurulari.id'], name=op.f('fk_nikahlar_basvuru_id_nikah_basvurulari')),
    sa.ForeignKeyConstraint(['memur_id'], ['nikah_memurlari.id'], name=op.f('fk_nikahlar_memur_id_nikah_memurlari')),
    sa.ForeignKeyConstraint(['salon_id'], ['nikah_salonlari.id'], name=op.f('fk_nikahlar_salon_id_nikah_salonlari')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nikahlar')),
    sa.UniqueConstraint('dogrulama_kodu', name=op.f('uq_nikahlar_dogrulama_kodu')),
    sa.UniqueConstraint('kutuk_no', name=op.f('uq_nikahlar_kutuk_no'))
    )
    op.create_index('ix_nikahlar_baslangic', 'nikahlar', ['baslangic'], unique=False)
    op.create_index(op.f('ix_nikahlar_basvuru_id'), 'nikahlar', ['basvuru_id'], unique=False)
    op.create_index('uq_nikahlar_basvuru_aktif', 'nikahlar', ['basvuru_id'], unique=True, postgresql_where=sa.text("durum IN ('tutuldu', 'kesin', 'kiyildi')"))
    op.create_table('nikah_makbuzlari',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('yil', sa.SmallInteger(), nullable=False),
    sa.Column('sira', sa.Integer(), nullable=False),
    sa.Column('no', sa.String(length=40), nullable=False),
    sa.Column('ucret_id', sa.BigInteger(), nullable=False),
    sa.Column('tutar', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('tarih', sa.Date(), nullable=False),
    sa.Column('odeyen', sa.String(length=200), nullable=False),
    sa.Column('odeme_sekli', sa.String(length=10), nullable=False),
    sa.Column('iptal_edilen_id', sa.BigInteger(), nullable=True),
    sa.Column('kasiyer', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['ucret_id'], ['nikah_ucretleri.id'], name=op.f('fk_nikah_makbuzlari_ucret_id_nikah_ucretleri')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nikah_makbuzlari')),
    sa.UniqueConstraint('no', name=op.f('uq_nikah_makbuzlari_no')),
    sa.UniqueConstraint('yil', 'sira', name='uq_nikah_makbuzlari_sira')
    )
    op.create_index(op.f('ix_nikah_makbuzlari_ucret_id'), 'nikah_makbuzlari', ['ucret_id'], unique=False)
    for table in APPEND_ONLY:
        op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION public.ebelediye_reject_change()")


def downgrade() -> None:
    for table in ("nikah_makbuzlari", "nikah_ucretleri", "nikah_bekleme_listesi", "nikahlar", "nikah_asimlari",
                  "nikah_kontrolleri", "nikah_belgeleri", "nikah_taniklari", "nikah_taraflari", "nikah_basvurulari",
                  "nikah_muafiyetleri", "nikah_tarifeleri", "nikah_memur_izinleri", "nikah_memur_calisma_saatleri",
                  "nikah_memurlari", "nikah_kapali_gunleri", "nikah_slot_sablonlari", "nikah_salonlari",
                  "nikah_sayaclari", "nikah_ayarlari"):
        op.drop_table(table)
