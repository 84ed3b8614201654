"""ik: personnel documents (özlük dosyası) with their kinds, and the size limit of a document

Revision ID: ik0010
Revises: ik0009
Create Date: 2026-12-04

Expand only: two new tables (the kinds seeded with the usual ones) and a column with a
default.  A document is never deleted, and changed only once: the "geçersiz" mark (its
three columns, from empty); a trigger refuses anything else.
"""
import sqlalchemy as sa
from alembic import op

revision = "ik0010"
down_revision = "ik0009"
branch_labels = None
depends_on = None

#: (kod, ad, süreli) — also in ``modules.ik.seed.BELGE_TURLERI``
TURLER = (
    ("nufus", "Nüfus cüzdanı sureti", False),
    ("diploma", "Diploma", False),
    ("askerlik", "Askerlik durum belgesi", False),
    ("saglik", "Sağlık raporu", True),
    ("adli_sicil", "Adli sicil kaydı", False),
    ("sgk_giris", "SGK işe giriş bildirgesi", False),
    ("atama", "Atama onayı / sözleşme", False),
    ("sertifika", "Kurs ve sertifika", False),
    ("disiplin", "Disiplin", False),
    ("diger", "Diğer", False),
)


def upgrade() -> None:
    op.add_column("ik_ayarlari", sa.Column("belge_azami_mb", sa.SmallInteger(), server_default="5", nullable=False))
    op.create_check_constraint(op.f("ck_ik_ayarlari_belge_azami_mb"), "ik_ayarlari", "belge_azami_mb BETWEEN 1 AND 10")
    op.create_table('ik_belge_turleri',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('kod', sa.String(length=40), nullable=False),
    sa.Column('ad', sa.String(length=120), nullable=False),
    sa.Column('sureli', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('olusturan', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ik_belge_turleri')),
    sa.UniqueConstraint('ad', name=op.f('uq_ik_belge_turleri_ad')),
    sa.UniqueConstraint('kod', name=op.f('uq_ik_belge_turleri_kod'))
    )
    op.create_table('ik_personel_belgeleri',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('personel_id', sa.BigInteger(), nullable=False),
    sa.Column('tur_id', sa.BigInteger(), nullable=False),
    sa.Column('dosya_adi', sa.String(length=120), nullable=False),
    sa.Column('icerik_turu', sa.String(length=20), nullable=False),
    sa.Column('boyut', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('icerik', sa.LargeBinary(), nullable=False),
    sa.Column('belge_tarihi', sa.Date(), nullable=False),
    sa.Column('gecerlilik_bitis', sa.Date(), nullable=True),
    sa.Column('aciklama', sa.String(length=500), nullable=False),
    sa.Column('olusturan', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('gecersiz_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('gecersiz_eden', sa.String(length=200), nullable=True),
    sa.Column('gecersiz_nedeni', sa.String(length=300), nullable=True),
    sa.CheckConstraint("icerik_turu IN ('application/pdf', 'image/jpeg', 'image/png')",
                       name=op.f('ck_ik_personel_belgeleri_icerik_turu')),
    sa.CheckConstraint('boyut > 0 AND boyut = octet_length(icerik)', name=op.f('ck_ik_personel_belgeleri_boyut')),
    sa.CheckConstraint('gecerlilik_bitis IS NULL OR gecerlilik_bitis >= belge_tarihi',
                       name=op.f('ck_ik_personel_belgeleri_gecerlilik')),
    sa.CheckConstraint('(gecersiz_at IS NULL) = (gecersiz_eden IS NULL) AND '
                       '(gecersiz_at IS NULL) = (gecersiz_nedeni IS NULL)',
                       name=op.f('ck_ik_personel_belgeleri_gecersiz')),
    sa.ForeignKeyConstraint(['personel_id'], ['ik_personeller.id'],
                            name=op.f('fk_ik_personel_belgeleri_personel_id_ik_personeller')),
    sa.ForeignKeyConstraint(['tur_id'], ['ik_belge_turleri.id'],
                            name=op.f('fk_ik_personel_belgeleri_tur_id_ik_belge_turleri')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ik_personel_belgeleri')),
    sa.UniqueConstraint('personel_id', 'sha256', name='uq_ik_personel_belgeleri_dosya')
    )
    op.create_index(op.f('ix_ik_personel_belgeleri_personel_id'), 'ik_personel_belgeleri', ['personel_id'],
                    unique=False)
    op.create_index(op.f('ix_ik_personel_belgeleri_tur_id'), 'ik_personel_belgeleri', ['tur_id'], unique=False)
    op.create_index(op.f('ix_ik_personel_belgeleri_gecerlilik_bitis'), 'ik_personel_belgeleri',
                    ['gecerlilik_bitis'], unique=False)
    # never deleted; changed only by the "geçersiz" mark, once, and nothing else with it
    op.execute("CREATE TRIGGER ik_personel_belgeleri_no_delete BEFORE DELETE ON ik_personel_belgeleri "
               "FOR EACH ROW EXECUTE FUNCTION public.ebelediye_reject_change()")
    op.execute("CREATE TRIGGER ik_personel_belgeleri_append_only BEFORE UPDATE ON ik_personel_belgeleri "
               "FOR EACH ROW WHEN (OLD.gecersiz_at IS NOT NULL OR "
               "(NEW.id, NEW.personel_id, NEW.tur_id, NEW.dosya_adi, NEW.icerik_turu, NEW.boyut, NEW.sha256, "
               "NEW.icerik, NEW.belge_tarihi, NEW.gecerlilik_bitis, NEW.aciklama, NEW.olusturan, NEW.created_at) "
               "IS DISTINCT FROM (OLD.id, OLD.personel_id, OLD.tur_id, OLD.dosya_adi, OLD.icerik_turu, OLD.boyut, "
               "OLD.sha256, OLD.icerik, OLD.belge_tarihi, OLD.gecerlilik_bitis, OLD.aciklama, OLD.olusturan, "
               "OLD.created_at)) EXECUTE FUNCTION public.ebelediye_reject_change()")
    # typed columns: the offline plan (tenants/histories.py) renders the rows as literals
    turler = sa.table("ik_belge_turleri", sa.column("kod", sa.String()), sa.column("ad", sa.String()),
                      sa.column("sureli", sa.Boolean()), sa.column("olusturan", sa.String()))
    op.bulk_insert(turler, [{"kod": k, "ad": a, "sureli": s, "olusturan": "migration:ik0010"} for k, a, s in TURLER])


def downgrade() -> None:
    op.drop_table('ik_personel_belgeleri')
    op.drop_table('ik_belge_turleri')
    op.drop_constraint(op.f("ck_ik_ayarlari_belge_azami_mb"), "ik_ayarlari", type_="check")
    op.drop_column("ik_ayarlari", "belge_azami_mb")
