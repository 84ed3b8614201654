"""ik: settings, units, positions, staff, assignments, payrolls and payslips, leave

Revision ID: ik0001
Revises:
Create Date: 2026-12-02

Payslips and leave movements are append-only (a closed payroll is corrected by a
difference run, a balance by a new movement).
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "ik0001"
down_revision = None
branch_labels = None
depends_on = None

APPEND_ONLY = ("ik_bordro_satirlari", "ik_izin_hareketleri")
TABLES = ("ik_izin_hareketleri", "ik_izin_talepleri", "ik_bordro_satirlari", "ik_bordrolar", "ik_atamalar",
          "ik_personeller", "ik_kadrolar", "ik_birimler", "ik_ayarlari")


def upgrade() -> None:
    op.create_table('ik_ayarlari',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('isveren_vkn', sa.String(length=10), nullable=False),
    sa.Column('isveren_unvan', sa.String(length=200), nullable=False),
    sa.Column('sicil_on_eki', sa.String(length=10), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ik_ayarlari'))
    )
    op.create_table('ik_birimler',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('kod', sa.String(length=20), nullable=False),
    sa.Column('ad', sa.String(length=160), nullable=False),
    sa.Column('ust_id', sa.BigInteger(), nullable=True),
    sa.Column('yonetici_personel_id', sa.BigInteger(), nullable=True),
    sa.Column('aktif', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['ust_id'], ['ik_birimler.id'], name=op.f('fk_ik_birimler_ust_id_ik_birimler')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ik_birimler')),
    sa.UniqueConstraint('kod', name=op.f('uq_ik_birimler_kod'))
    )
    op.create_table('ik_kadrolar',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('birim_id', sa.BigInteger(), nullable=False),
    sa.Column('tur', sa.String(length=12), nullable=False),
    sa.Column('sinif', sa.String(length=40), nullable=False),
    sa.Column('unvan', sa.String(length=120), nullable=False),
    sa.Column('derece', sa.SmallInteger(), nullable=True),
    sa.Column('ekonomik_kod', sa.String(length=20), nullable=False),
    sa.Column('aktif', sa.Boolean(), nullable=False),
    sa.CheckConstraint("tur IN ('memur', 'isci', 'sozlesmeli', 'gecici')", name=op.f('ck_ik_kadrolar_tur')),
    sa.CheckConstraint('derece IS NULL OR derece BETWEEN 1 AND 15', name=op.f('ck_ik_kadrolar_derece')),
    sa.ForeignKeyConstraint(['birim_id'], ['ik_birimler.id'], name=op.f('fk_ik_kadrolar_birim_id_ik_birimler')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ik_kadrolar'))
    )
    op.create_index(op.f('ix_ik_kadrolar_birim_id'), 'ik_kadrolar', ['birim_id'], unique=False)
    op.create_table('ik_personeller',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('sicil_no', sa.String(length=20), nullable=False),
    sa.Column('tckn', sa.String(length=11), nullable=False),
    sa.Column('ad', sa.String(length=80), nullable=False),
    sa.Column('soyad', sa.String(length=80), nullable=False),
    sa.Column('cinsiyet', sa.String(length=1), nullable=False),
    sa.Column('dogum_tarihi', sa.Date(), nullable=False),
    sa.Column('tur', sa.String(length=12), nullable=False),
    sa.Column('sgk_statu', sa.String(length=5), nullable=False),
    sa.Column('ise_giris', sa.Date(), nullable=False),
    sa.Column('hizmet_baslangic', sa.Date(), nullable=False),
    sa.Column('iban', sa.String(length=26), nullable=True),
    sa.Column('eposta', sa.String(length=200), nullable=True),
    sa.Column('es_yardimi', sa.Boolean(), nullable=False),
    sa.Column('cocuk_0_6', sa.SmallInteger(), nullable=False),
    sa.Column('cocuk_6_ustu', sa.SmallInteger(), nullable=False),
    sa.Column('sgk_giris_referans', sa.String(length=60), nullable=True),
    sa.Column('ayrilis_tarihi', sa.Date(), nullable=True),
    sa.Column('ayrilis_nedeni', sa.String(length=200), nullable=True),
    sa.Column('sgk_cikis_kodu', sa.String(length=2), nullable=True),
    sa.Column('sgk_cikis_referans', sa.String(length=60), nullable=True),
    sa.Column('olusturan', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("sgk_statu IN ('4a', '4c', '5434')", name=op.f('ck_ik_personeller_sgk_statu')),
    sa.CheckConstraint("tur IN ('memur', 'isci', 'sozlesmeli', 'gecici')", name=op.f('ck_ik_personeller_tur')),
    sa.CheckConstraint('ayrilis_tarihi IS NULL OR ayrilis_tarihi >= ise_giris', name=op.f('ck_ik_personeller_ayrilis')),
    sa.CheckConstraint('cocuk_0_6 >= 0 AND cocuk_6_ustu >= 0', name=op.f('ck_ik_personeller_cocuk')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ik_personeller')),
    sa.UniqueConstraint('sicil_no', name=op.f('uq_ik_personeller_sicil_no')),
    sa.UniqueConstraint('tckn', name=op.f('uq_ik_personeller_tckn'))
    )
    op.create_index(op.f('ix_ik_personeller_tur'), 'ik_personeller', ['tur'], unique=False)
    op.create_table('ik_atamalar',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('personel_id', sa.BigInteger(), nullable=False),
    sa.Column('kadro_id', sa.BigInteger(), nullable=False),
    sa.Column('birim_id', sa.BigInteger(), nullable=False),
    sa.Column('baslangic', sa.Date(), nullable=False),
    sa.Column('bitis', sa.Date(), nullable=True),
    sa.Column('brut_ucret', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('gosterge', sa.Integer(), nullable=True),
    sa.Column('ek_gosterge', sa.Integer(), nullable=False),
    sa.Column('yan_odeme_puan', sa.Integer(), nullable=False),
    sa.Column('gerekce', sa.String(length=200), nullable=False),
    sa.Column('olusturan', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('bitis IS NULL OR bitis >= baslangic', name=op.f('ck_ik_atamalar_tarih_sirasi')),
    sa.CheckConstraint('brut_ucret IS NULL OR brut_ucret >= 0', name=op.f('ck_ik_atamalar_ucret')),
    sa.ForeignKeyConstraint(['birim_id'], ['ik_birimler.id'], name=op.f('fk_ik_atamalar_birim_id_ik_birimler')),
    sa.ForeignKeyConstraint(['kadro_id'], ['ik_kadrolar.id'], name=op.f('fk_ik_atamalar_kadro_id_ik_kadrolar')),
    sa.ForeignKeyConstraint(['personel_id'], ['ik_personeller.id'], name=op.f('fk_ik_atamalar_personel_id_ik_personeller')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ik_atamalar'))
    )
    op.create_index(op.f('ix_ik_atamalar_birim_id'), 'ik_atamalar', ['birim_id'], unique=False)
    op.create_index(op.f('ix_ik_atamalar_kadro_id'), 'ik_atamalar', ['kadro_id'], unique=False)
    op.create_index(op.f('ix_ik_atamalar_personel_id'), 'ik_atamalar', ['personel_id'], unique=False)
    op.create_index('uq_ik_atamalar_acik', 'ik_atamalar', ['personel_id'], unique=True, postgresql_where=sa.text('bitis IS NULL'))
    op.create_table('ik_bordrolar',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('donem', sa.String(length=7), nullable=False),
    sa.Column('tur', sa.String(length=5), nullable=False),
    sa.Column('duzeltilen_id', sa.BigInteger(), nullable=True),
    sa.Column('durum', sa.String(length=12), nullable=False),
    sa.Column('kisi_sayisi', sa.Integer(), nullable=False),
    sa.Column('toplam_brut', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('toplam_net', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('job_id', sa.String(length=40), nullable=True),
    sa.Column('aciklama', sa.String(length=300), nullable=False),
    sa.Column('olusturan', sa.String(length=200), nullable=False),
    sa.Column('kapatan', sa.String(length=200), nullable=True),
    sa.Column('kapanis_tarihi', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("(tur = 'fark') = (duzeltilen_id IS NOT NULL)", name=op.f('ck_ik_bordrolar_fark_duzeltir')),
    sa.CheckConstraint("durum IN ('taslak', 'hesaplaniyor', 'hesaplandi', 'kapali', 'odendi')", name=op.f('ck_ik_bordrolar_durum')),
    sa.CheckConstraint("tur IN ('asil', 'fark')", name=op.f('ck_ik_bordrolar_tur')),
    sa.ForeignKeyConstraint(['duzeltilen_id'], ['ik_bordrolar.id'], name=op.f('fk_ik_bordrolar_duzeltilen_id_ik_bordrolar')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ik_bordrolar'))
    )
    op.create_index(op.f('ix_ik_bordrolar_donem'), 'ik_bordrolar', ['donem'], unique=False)
    op.create_index('uq_ik_bordrolar_asil', 'ik_bordrolar', ['donem'], unique=True, postgresql_where=sa.text("tur = 'asil'"))
    op.create_table('ik_bordro_satirlari',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('bordro_id', sa.BigInteger(), nullable=False),
    sa.Column('personel_id', sa.BigInteger(), nullable=False),
    sa.Column('donem', sa.String(length=7), nullable=False),
    sa.Column('birim_kodu', sa.String(length=20), nullable=False),
    sa.Column('ekonomik_kod', sa.String(length=20), nullable=False),
    sa.Column('gun', sa.SmallInteger(), nullable=False),
    sa.Column('brut', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('sgk_matrahi', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('sgk_isci', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('issizlik_isci', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('gv_matrahi', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('kumulatif_matrah', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('gelir_vergisi', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('gv_istisnasi', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('damga_vergisi', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('dv_istisnasi', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('diger_kesintiler', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('net', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('sgk_isveren', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('issizlik_isveren', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('iban', sa.String(length=26), nullable=True),
    sa.Column('adimlar', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['bordro_id'], ['ik_bordrolar.id'], name=op.f('fk_ik_bordro_satirlari_bordro_id_ik_bordrolar')),
    sa.ForeignKeyConstraint(['personel_id'], ['ik_personeller.id'], name=op.f('fk_ik_bordro_satirlari_personel_id_ik_personeller')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ik_bordro_satirlari')),
    sa.UniqueConstraint('bordro_id', 'personel_id', name='uq_ik_bordro_satirlari_kisi')
    )
    op.create_index(op.f('ix_ik_bordro_satirlari_bordro_id'), 'ik_bordro_satirlari', ['bordro_id'], unique=False)
    op.create_index(op.f('ix_ik_bordro_satirlari_personel_id'), 'ik_bordro_satirlari', ['personel_id'], unique=False)
    op.create_table('ik_izin_talepleri',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('personel_id', sa.BigInteger(), nullable=False),
    sa.Column('tur', sa.String(length=12), nullable=False),
    sa.Column('baslangic', sa.Date(), nullable=False),
    sa.Column('bitis', sa.Date(), nullable=False),
    sa.Column('gun', sa.SmallInteger(), nullable=False),
    sa.Column('durum', sa.String(length=12), nullable=False),
    sa.Column('aciklama', sa.String(length=300), nullable=False),
    sa.Column('talep_eden', sa.String(length=200), nullable=False),
    sa.Column('karar_veren', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("durum IN ('bekliyor', 'onaylandi', 'reddedildi', 'iptal')", name=op.f('ck_ik_izin_talepleri_durum')),
    sa.CheckConstraint('bitis >= baslangic', name=op.f('ck_ik_izin_talepleri_tarih_sirasi')),
    sa.CheckConstraint('gun > 0', name=op.f('ck_ik_izin_talepleri_gun')),
    sa.ForeignKeyConstraint(['personel_id'], ['ik_personeller.id'], name=op.f('fk_ik_izin_talepleri_personel_id_ik_personeller')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ik_izin_talepleri'))
    )
    op.create_index(op.f('ix_ik_izin_talepleri_personel_id'), 'ik_izin_talepleri', ['personel_id'], unique=False)
    op.create_table('ik_izin_hareketleri',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('personel_id', sa.BigInteger(), nullable=False),
    sa.Column('hak_yili', sa.SmallInteger(), nullable=False),
    sa.Column('tur', sa.String(length=10), nullable=False),
    sa.Column('gun', sa.Integer(), nullable=False),
    sa.Column('talep_id', sa.BigInteger(), nullable=True),
    sa.Column('aciklama', sa.String(length=200), nullable=False),
    sa.Column('olusturan', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("(tur = 'hak') = (gun > 0)", name=op.f('ck_ik_izin_hareketleri_isaret')),
    sa.CheckConstraint("tur IN ('hak', 'kullanim', 'dusme')", name=op.f('ck_ik_izin_hareketleri_tur')),
    sa.ForeignKeyConstraint(['personel_id'], ['ik_personeller.id'], name=op.f('fk_ik_izin_hareketleri_personel_id_ik_personeller')),
    sa.ForeignKeyConstraint(['talep_id'], ['ik_izin_talepleri.id'], name=op.f('fk_ik_izin_hareketleri_talep_id_ik_izin_talepleri')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ik_izin_hareketleri'))
    )
    op.create_index(op.f('ix_ik_izin_hareketleri_personel_id'), 'ik_izin_hareketleri', ['personel_id'], unique=False)
    op.create_index('uq_ik_izin_hareketleri_hak', 'ik_izin_hareketleri', ['personel_id', 'hak_yili'], unique=True,
                    postgresql_where=sa.text("tur = 'hak'"))
    for table in APPEND_ONLY:
        op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION public.ebelediye_reject_change()")


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
