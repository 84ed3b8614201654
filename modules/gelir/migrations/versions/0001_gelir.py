"""gelir: taxpayers, properties, tariffs, accruals, payments, refunds, online payments

Revision ID: g0001
Revises:
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "g0001"
down_revision = None
branch_labels = None
depends_on = None


# No foreign keys on tahakkuklar.gelir_kodu, tahakkuklar.iptal_edilen_id and
# degerlemeler.emlak_id: the yearly batch writes millions of these rows from joins to the
# very rows they name, and the per-row FK triggers cost about 40 % of the accrual
# (measured on 50k properties).  The services write the other cases from locked rows.
# tahakkuklar.mukellef_id keeps its key: a debt must always have its taxpayer.


def upgrade() -> None:
    op.create_table('makbuz_sayaclari',
    sa.Column('yil', sa.SmallInteger(), autoincrement=False, nullable=False),
    sa.Column('son', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('yil', name=op.f('pk_makbuz_sayaclari'))
    )
    op.create_table('emlaklar',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('tur', sa.String(length=10), nullable=False),
    sa.Column('mahalle', sa.String(length=120), nullable=False),
    sa.Column('sokak', sa.String(length=200), nullable=False),
    sa.Column('deger_bolgesi', sa.String(length=80), nullable=False),
    sa.Column('ada', sa.Integer(), nullable=False),
    sa.Column('parsel', sa.Integer(), nullable=False),
    sa.Column('bagimsiz_bolum', sa.String(length=20), nullable=False),
    sa.Column('arsa_alani', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('arsa_payi_alani', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('bina_alani', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('kullanim', sa.String(length=10), nullable=True),
    sa.Column('insaat_sinifi', sa.String(length=10), nullable=True),
    sa.Column('yapim_yili', sa.SmallInteger(), nullable=True),
    sa.Column('buyuksehir_mucavir', sa.Boolean(), nullable=False),
    sa.Column('dinlenme_amacli', sa.Boolean(), nullable=False),
    sa.Column('tapu_kontrol_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('terkin_yili', sa.SmallInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("tur IN ('bina', 'arsa', 'arazi')", name=op.f('ck_emlaklar_tur')),
    sa.CheckConstraint('arsa_alani >= 0 AND bina_alani >= 0 AND arsa_payi_alani >= 0', name=op.f('ck_emlaklar_alan_pozitif')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_emlaklar')),
    sa.UniqueConstraint('ada', 'parsel', 'bagimsiz_bolum', name='uq_emlaklar_parsel')
    )
    op.create_table('gelir_ayarlari',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('buyuksehir', sa.Boolean(), nullable=False),
    sa.Column('il', sa.String(length=60), nullable=False),
    sa.Column('ilce', sa.String(length=60), nullable=False),
    sa.Column('makbuz_on_eki', sa.String(length=10), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gelir_ayarlari'))
    )
    op.create_table('gelir_turleri',
    sa.Column('kod', sa.String(length=40), nullable=False),
    sa.Column('ad', sa.String(length=120), nullable=False),
    sa.Column('ad_en', sa.String(length=120), nullable=False),
    sa.Column('ekonomik_kod', sa.String(length=20), nullable=False),
    sa.Column('grup', sa.String(length=20), nullable=False),
    sa.Column('oncelik', sa.SmallInteger(), nullable=False),
    sa.Column('gecikme_zammi', sa.Boolean(), nullable=False),
    sa.Column('kesinlik', sa.String(length=2), nullable=False),
    sa.PrimaryKeyConstraint('kod', name=op.f('pk_gelir_turleri'))
    )
    op.create_table('mukellefler',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('tur', sa.String(length=10), nullable=False),
    sa.Column('tckn', sa.String(length=11), nullable=True),
    sa.Column('vkn', sa.String(length=10), nullable=True),
    sa.Column('ad', sa.String(length=100), nullable=False),
    sa.Column('soyad', sa.String(length=100), nullable=False),
    sa.Column('unvan', sa.String(length=250), nullable=False),
    sa.Column('adres', sa.String(length=500), nullable=False),
    sa.Column('telefon', sa.String(length=20), nullable=False),
    sa.Column('eposta', sa.String(length=200), nullable=False),
    sa.Column('gib_durumu', postgresql.JSONB(), nullable=True),
    sa.Column('kps_dogrulandi_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('birlestigi_id', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("(tur = 'gercek' AND tckn IS NOT NULL) OR (tur = 'tuzel' AND vkn IS NOT NULL)", name=op.f('ck_mukellefler_kimlik_no')),
    sa.ForeignKeyConstraint(['birlestigi_id'], ['mukellefler.id'], name=op.f('fk_mukellefler_birlestigi_id_mukellefler')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mukellefler'))
    )
    op.create_index('uq_mukellefler_tckn_aktif', 'mukellefler', ['tckn'], unique=True, postgresql_where=sa.text('birlestigi_id IS NULL AND tckn IS NOT NULL'))
    op.create_index('uq_mukellefler_vkn_aktif', 'mukellefler', ['vkn'], unique=True, postgresql_where=sa.text('birlestigi_id IS NULL AND vkn IS NOT NULL'))
    op.create_table('su_tuketimleri',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('abone_no', sa.String(length=30), nullable=False),
    sa.Column('donem', sa.String(length=7), nullable=False),
    sa.Column('m3', sa.Numeric(precision=12, scale=3), nullable=False),
    sa.Column('aktarim', sa.String(length=100), nullable=False),
    sa.CheckConstraint('m3 >= 0', name=op.f('ck_su_tuketimleri_m3_pozitif')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_su_tuketimleri')),
    sa.UniqueConstraint('abone_no', 'donem', name=op.f('uq_su_tuketimleri_abone_no'))
    )
    op.create_table('toplu_tahakkuklar',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('yil', sa.SmallInteger(), nullable=False),
    sa.Column('grup', sa.String(length=20), nullable=False),
    sa.Column('durum', sa.String(length=12), nullable=False),
    sa.Column('imlec', sa.BigInteger(), nullable=False),
    sa.Column('toplam_kaynak', sa.Integer(), nullable=True),
    sa.Column('olusan', sa.Integer(), nullable=False),
    sa.Column('tutar', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('is_kaydi', sa.String(length=40), nullable=True),
    sa.Column('hata', sa.Text(), nullable=True),
    sa.Column('baslatan', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('bitis_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_toplu_tahakkuklar'))
    )
    op.create_table('vade_takvimi',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('grup', sa.String(length=20), nullable=False),
    sa.Column('taksit', sa.SmallInteger(), nullable=False),
    sa.Column('ay', sa.SmallInteger(), nullable=False),
    sa.Column('gun', sa.SmallInteger(), nullable=False),
    sa.Column('gecerlilik_baslangic', sa.Date(), nullable=False),
    sa.Column('gecerlilik_bitis', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vade_takvimi')),
    sa.UniqueConstraint('grup', 'taksit', 'gecerlilik_baslangic', name=op.f('uq_vade_takvimi_grup'))
    )
    op.create_table('vezne_oturumlari',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('kasiyer_id', sa.BigInteger(), nullable=False),
    sa.Column('kasiyer', sa.String(length=200), nullable=False),
    sa.Column('tarih', sa.Date(), nullable=False),
    sa.Column('acilis_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('kapanis_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('beklenen', postgresql.JSONB(), nullable=True),
    sa.Column('sayilan_nakit', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('fark', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('aciklama', sa.String(length=500), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vezne_oturumlari'))
    )
    op.create_index('uq_vezne_oturumlari_acik', 'vezne_oturumlari', ['kasiyer_id'], unique=True, postgresql_where=sa.text('kapanis_at IS NULL'))
    op.create_table('beyanlar',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('emlak_id', sa.BigInteger(), nullable=False),
    sa.Column('mukellef_id', sa.BigInteger(), nullable=False),
    sa.Column('tarih', sa.Date(), nullable=False),
    sa.Column('neden', sa.String(length=20), nullable=False),
    sa.Column('bilgiler', postgresql.JSONB(), nullable=False),
    sa.Column('kaydeden', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['emlak_id'], ['emlaklar.id'], name=op.f('fk_beyanlar_emlak_id_emlaklar')),
    sa.ForeignKeyConstraint(['mukellef_id'], ['mukellefler.id'], name=op.f('fk_beyanlar_mukellef_id_mukellefler')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_beyanlar'))
    )
    op.create_index(op.f('ix_beyanlar_emlak_id'), 'beyanlar', ['emlak_id'], unique=False)
    op.create_table('ctv_kayitlari',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('mukellef_id', sa.BigInteger(), nullable=False),
    sa.Column('emlak_id', sa.BigInteger(), nullable=True),
    sa.Column('kullanim', sa.String(length=10), nullable=False),
    sa.Column('grup', sa.SmallInteger(), nullable=True),
    sa.Column('derece', sa.SmallInteger(), nullable=True),
    sa.Column('abone_no', sa.String(length=30), nullable=True),
    sa.Column('adres', sa.String(length=500), nullable=False),
    sa.Column('baslangic_yili', sa.SmallInteger(), nullable=False),
    sa.Column('bitis_yili', sa.SmallInteger(), nullable=True),
    sa.CheckConstraint('derece BETWEEN 1 AND 5 OR derece IS NULL', name=op.f('ck_ctv_kayitlari_derece')),
    sa.CheckConstraint('grup BETWEEN 1 AND 7 OR grup IS NULL', name=op.f('ck_ctv_kayitlari_grup')),
    sa.ForeignKeyConstraint(['emlak_id'], ['emlaklar.id'], name=op.f('fk_ctv_kayitlari_emlak_id_emlaklar')),
    sa.ForeignKeyConstraint(['mukellef_id'], ['mukellefler.id'], name=op.f('fk_ctv_kayitlari_mukellef_id_mukellefler')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ctv_kayitlari'))
    )
    op.create_index(op.f('ix_ctv_kayitlari_abone_no'), 'ctv_kayitlari', ['abone_no'], unique=False)
    op.create_index(op.f('ix_ctv_kayitlari_mukellef_id'), 'ctv_kayitlari', ['mukellef_id'], unique=False)
    op.create_table('degerlemeler',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('emlak_id', sa.BigInteger(), nullable=False),
    sa.Column('yil', sa.SmallInteger(), nullable=False),
    sa.Column('vergi_degeri', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('yontem', sa.String(length=10), nullable=False),
    sa.Column('hesap', postgresql.JSONB(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_degerlemeler')),
    sa.UniqueConstraint('emlak_id', 'yil', name=op.f('uq_degerlemeler_emlak_id'))
    )
    op.create_table('emlak_hisseleri',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('emlak_id', sa.BigInteger(), nullable=False),
    sa.Column('mukellef_id', sa.BigInteger(), nullable=False),
    sa.Column('pay', sa.Integer(), nullable=False),
    sa.Column('payda', sa.Integer(), nullable=False),
    sa.Column('baslangic_yili', sa.SmallInteger(), nullable=False),
    sa.Column('bitis_yili', sa.SmallInteger(), nullable=True),
    sa.CheckConstraint('pay > 0 AND payda > 0 AND pay <= payda', name=op.f('ck_emlak_hisseleri_pay_payda')),
    sa.ForeignKeyConstraint(['emlak_id'], ['emlaklar.id'], name=op.f('fk_emlak_hisseleri_emlak_id_emlaklar')),
    sa.ForeignKeyConstraint(['mukellef_id'], ['mukellefler.id'], name=op.f('fk_emlak_hisseleri_mukellef_id_mukellefler')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_emlak_hisseleri'))
    )
    op.create_index('ix_emlak_hisseleri_emlak', 'emlak_hisseleri', ['emlak_id'], unique=False)
    op.create_index('ix_emlak_hisseleri_mukellef', 'emlak_hisseleri', ['mukellef_id'], unique=False)
    op.create_table('ilan_reklamlar',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('mukellef_id', sa.BigInteger(), nullable=False),
    sa.Column('tarife_kod', sa.String(length=80), nullable=False),
    sa.Column('yer', sa.String(length=300), nullable=False),
    sa.Column('alan', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('adet', sa.Integer(), nullable=False),
    sa.Column('baslangic', sa.Date(), nullable=False),
    sa.Column('bitis', sa.Date(), nullable=False),
    sa.Column('kaydeden', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('alan > 0 AND adet > 0', name=op.f('ck_ilan_reklamlar_alan_adet')),
    sa.ForeignKeyConstraint(['mukellef_id'], ['mukellefler.id'], name=op.f('fk_ilan_reklamlar_mukellef_id_mukellefler')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ilan_reklamlar'))
    )
    op.create_index(op.f('ix_ilan_reklamlar_mukellef_id'), 'ilan_reklamlar', ['mukellef_id'], unique=False)
    op.create_table('muafiyetler',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('mukellef_id', sa.BigInteger(), nullable=False),
    sa.Column('emlak_id', sa.BigInteger(), nullable=False),
    sa.Column('tur', sa.String(length=30), nullable=False),
    sa.Column('gerekce', sa.String(length=30), nullable=False),
    sa.Column('basvuru_tarihi', sa.Date(), nullable=False),
    sa.Column('baslangic_yili', sa.SmallInteger(), nullable=False),
    sa.Column('bitis_yili', sa.SmallInteger(), nullable=True),
    sa.Column('belge', sa.String(length=300), nullable=False),
    sa.Column('kaydeden', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['emlak_id'], ['emlaklar.id'], name=op.f('fk_muafiyetler_emlak_id_emlaklar')),
    sa.ForeignKeyConstraint(['mukellef_id'], ['mukellefler.id'], name=op.f('fk_muafiyetler_mukellef_id_mukellefler')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_muafiyetler'))
    )
    op.create_index(op.f('ix_muafiyetler_mukellef_id'), 'muafiyetler', ['mukellef_id'], unique=False)
    op.create_table('mukellef_birlestirmeleri',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('kaynak_id', sa.BigInteger(), nullable=False),
    sa.Column('hedef_id', sa.BigInteger(), nullable=False),
    sa.Column('tasinanlar', postgresql.JSONB(), nullable=False),
    sa.Column('gerekce', sa.String(length=500), nullable=False),
    sa.Column('yapan', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['hedef_id'], ['mukellefler.id'], name=op.f('fk_mukellef_birlestirmeleri_hedef_id_mukellefler')),
    sa.ForeignKeyConstraint(['kaynak_id'], ['mukellefler.id'], name=op.f('fk_mukellef_birlestirmeleri_kaynak_id_mukellefler')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mukellef_birlestirmeleri'))
    )
    op.create_table('tahakkuklar',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('mukellef_id', sa.BigInteger(), nullable=False),
    sa.Column('gelir_kodu', sa.String(length=40), nullable=False),
    sa.Column('kaynak', sa.String(length=80), nullable=False),
    sa.Column('yil', sa.SmallInteger(), nullable=False),
    sa.Column('taksit', sa.SmallInteger(), nullable=False),
    sa.Column('surum', sa.SmallInteger(), nullable=False),
    sa.Column('vade', sa.Date(), nullable=False),
    sa.Column('tutar', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('aciklama', sa.String(length=300), nullable=False),
    sa.Column('iptal_edilen_id', sa.BigInteger(), nullable=True),
    sa.Column('calisma_id', sa.BigInteger(), nullable=True),
    sa.Column('olusturan', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('(iptal_edilen_id IS NULL AND tutar >= 0) OR (iptal_edilen_id IS NOT NULL AND tutar <= 0)', name=op.f('ck_tahakkuklar_tutar_isareti')),
    sa.ForeignKeyConstraint(['mukellef_id'], ['mukellefler.id'], name=op.f('fk_tahakkuklar_mukellef_id_mukellefler')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tahakkuklar'))
    )
    op.create_index('ix_tahakkuklar_mukellef_vade', 'tahakkuklar', ['mukellef_id', 'vade'], unique=False)
    op.create_index('uq_tahakkuklar_anahtar', 'tahakkuklar', ['mukellef_id', 'gelir_kodu', 'kaynak', 'yil', 'taksit', 'surum'], unique=True, postgresql_where=sa.text('iptal_edilen_id IS NULL'))
    op.create_index('uq_tahakkuklar_iptal', 'tahakkuklar', ['iptal_edilen_id'], unique=True, postgresql_where=sa.text('iptal_edilen_id IS NOT NULL'))
    op.create_table('tahsilatlar',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('makbuz_no', sa.String(length=30), nullable=False),
    sa.Column('dogrulama_kodu', sa.String(length=40), nullable=False),
    sa.Column('mukellef_id', sa.BigInteger(), nullable=False),
    sa.Column('kanal', sa.String(length=10), nullable=False),
    sa.Column('tutar', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('tarih', sa.Date(), nullable=False),
    sa.Column('vezne_oturumu_id', sa.BigInteger(), nullable=True),
    sa.Column('online_odeme_id', sa.BigInteger(), nullable=True),
    sa.Column('alan', sa.String(length=200), nullable=False),
    sa.Column('belge_no', sa.String(length=60), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('tutar > 0', name=op.f('ck_tahsilatlar_tutar_pozitif')),
    sa.ForeignKeyConstraint(['mukellef_id'], ['mukellefler.id'], name=op.f('fk_tahsilatlar_mukellef_id_mukellefler')),
    sa.ForeignKeyConstraint(['vezne_oturumu_id'], ['vezne_oturumlari.id'], name=op.f('fk_tahsilatlar_vezne_oturumu_id_vezne_oturumlari')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tahsilatlar')),
    sa.UniqueConstraint('dogrulama_kodu', name=op.f('uq_tahsilatlar_dogrulama_kodu')),
    sa.UniqueConstraint('makbuz_no', name=op.f('uq_tahsilatlar_makbuz_no')),
    sa.UniqueConstraint('online_odeme_id', name=op.f('uq_tahsilatlar_online_odeme_id'))
    )
    op.create_index(op.f('ix_tahsilatlar_mukellef_id'), 'tahsilatlar', ['mukellef_id'], unique=False)
    op.create_index(op.f('ix_tahsilatlar_vezne_oturumu_id'), 'tahsilatlar', ['vezne_oturumu_id'], unique=False)
    op.create_table('tarifeler',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('tur', sa.String(length=20), nullable=False),
    sa.Column('kod', sa.String(length=80), nullable=False),
    sa.Column('ad', sa.String(length=200), nullable=False),
    sa.Column('birim', sa.String(length=40), nullable=False),
    sa.Column('tutar', sa.Numeric(precision=18, scale=4), nullable=False),
    sa.Column('gelir_kodu', sa.String(length=40), nullable=True),
    sa.Column('gecerlilik_baslangic', sa.Date(), nullable=False),
    sa.Column('gecerlilik_bitis', sa.Date(), nullable=True),
    sa.Column('karar', sa.String(length=200), nullable=True),
    sa.Column('olusturan', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('gecerlilik_bitis IS NULL OR gecerlilik_bitis >= gecerlilik_baslangic', name=op.f('ck_tarifeler_gecerlilik_sirasi')),
    sa.CheckConstraint('tutar >= 0', name=op.f('ck_tarifeler_tutar_pozitif')),
    sa.ForeignKeyConstraint(['gelir_kodu'], ['gelir_turleri.kod'], name=op.f('fk_tarifeler_gelir_kodu_gelir_turleri')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tarifeler')),
    sa.UniqueConstraint('tur', 'kod', 'gecerlilik_baslangic', name=op.f('uq_tarifeler_tur'))
    )
    op.create_table('iadeler',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('mukellef_id', sa.BigInteger(), nullable=False),
    sa.Column('tahsilat_id', sa.BigInteger(), nullable=True),
    sa.Column('tutar', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('gerekce', sa.String(length=500), nullable=False),
    sa.Column('durum', sa.String(length=12), nullable=False),
    sa.Column('odeme_sekli', sa.String(length=10), nullable=False),
    sa.Column('iban', sa.String(length=34), nullable=False),
    sa.Column('talep_eden_id', sa.BigInteger(), nullable=True),
    sa.Column('talep_eden', sa.String(length=200), nullable=False),
    sa.Column('onaylayan', sa.String(length=200), nullable=True),
    sa.Column('karar_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('banka_iade_no', sa.String(length=60), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('tutar > 0', name=op.f('ck_iadeler_tutar_pozitif')),
    sa.ForeignKeyConstraint(['mukellef_id'], ['mukellefler.id'], name=op.f('fk_iadeler_mukellef_id_mukellefler')),
    sa.ForeignKeyConstraint(['tahsilat_id'], ['tahsilatlar.id'], name=op.f('fk_iadeler_tahsilat_id_tahsilatlar')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_iadeler'))
    )
    op.create_index(op.f('ix_iadeler_mukellef_id'), 'iadeler', ['mukellef_id'], unique=False)
    op.create_table('online_odemeler',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('siparis_no', sa.String(length=40), nullable=False),
    sa.Column('mukellef_id', sa.BigInteger(), nullable=False),
    sa.Column('tutar', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('secim', postgresql.JSONB(), nullable=False),
    sa.Column('durum', sa.String(length=12), nullable=False),
    sa.Column('odeme_no', sa.String(length=60), nullable=True),
    sa.Column('sonuc', sa.String(length=300), nullable=False),
    sa.Column('geri_cagrim_sayisi', sa.Integer(), nullable=False),
    sa.Column('tahsilat_id', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('sonuc_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['mukellef_id'], ['mukellefler.id'], name=op.f('fk_online_odemeler_mukellef_id_mukellefler')),
    sa.ForeignKeyConstraint(['tahsilat_id'], ['tahsilatlar.id'], name=op.f('fk_online_odemeler_tahsilat_id_tahsilatlar')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_online_odemeler')),
    sa.UniqueConstraint('siparis_no', name=op.f('uq_online_odemeler_siparis_no'))
    )
    op.create_index(op.f('ix_online_odemeler_mukellef_id'), 'online_odemeler', ['mukellef_id'], unique=False)
    op.create_table('tahsilat_dagilimlari',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('tahsilat_id', sa.BigInteger(), nullable=False),
    sa.Column('tahakkuk_id', sa.BigInteger(), nullable=False),
    sa.Column('tutar', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.CheckConstraint('tutar > 0', name=op.f('ck_tahsilat_dagilimlari_tutar_pozitif')),
    sa.ForeignKeyConstraint(['tahakkuk_id'], ['tahakkuklar.id'], name=op.f('fk_tahsilat_dagilimlari_tahakkuk_id_tahakkuklar')),
    sa.ForeignKeyConstraint(['tahsilat_id'], ['tahsilatlar.id'], name=op.f('fk_tahsilat_dagilimlari_tahsilat_id_tahsilatlar')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tahsilat_dagilimlari'))
    )
    op.create_index('ix_tahsilat_dagilimlari_tahakkuk', 'tahsilat_dagilimlari', ['tahakkuk_id'], unique=False)
    op.create_index(op.f('ix_tahsilat_dagilimlari_tahsilat_id'), 'tahsilat_dagilimlari', ['tahsilat_id'], unique=False)


def downgrade() -> None:
    for table in ("makbuz_sayaclari", "tahsilat_dagilimlari", "online_odemeler", "iadeler", "tarifeler", "tahsilatlar",
                  "tahakkuklar", "mukellef_birlestirmeleri", "muafiyetler", "ilan_reklamlar",
                  "emlak_hisseleri", "degerlemeler", "ctv_kayitlari", "beyanlar", "vezne_oturumlari",
                  "vade_takvimi", "toplu_tahakkuklar", "su_tuketimleri", "mukellefler", "gelir_turleri",
                  "gelir_ayarlari", "emlaklar"):
        op.drop_table(table)
