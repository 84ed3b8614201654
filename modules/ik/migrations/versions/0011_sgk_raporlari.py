"""ik: SGK incapacity reports (Vizite) — the leave that records a report, the employer's
notice on it, a payslip's missing days with their APHB reason, a TİS's first-two-days rule

Revision ID: ik0011
Revises: ik0010
Create Date: 2026-12-04

Expand only: one new table, nullable or defaulted columns.  Self-contained (it touches no
table or column another revision adds), so it can be re-chained after ik0010.
"""
import sqlalchemy as sa
from alembic import op

revision = "ik0011"
down_revision = "ik0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("ik_izin_talepleri", sa.Column("rapor_no", sa.String(length=30), nullable=True))
    op.create_index("uq_ik_izin_talepleri_rapor", "ik_izin_talepleri", ["rapor_no"], unique=True,
                    postgresql_where=sa.text("rapor_no IS NOT NULL"))
    op.add_column("ik_bordro_satirlari", sa.Column("eksik_gun", sa.SmallInteger(), server_default="0",
                                                   nullable=False))
    op.add_column("ik_bordro_satirlari", sa.Column("eksik_gun_nedeni", sa.String(length=2), nullable=True))
    op.add_column("ik_tisler", sa.Column("rapor_ilk_iki_gun", sa.Boolean(), nullable=True))
    op.create_table('ik_sgk_raporlari',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('rapor_no', sa.String(length=30), nullable=False),
    sa.Column('personel_id', sa.BigInteger(), nullable=False),
    sa.Column('tur', sa.String(length=16), nullable=False),
    sa.Column('baslangic', sa.Date(), nullable=False),
    sa.Column('bitis', sa.Date(), nullable=False),
    sa.Column('tesis', sa.String(length=200), nullable=False),
    sa.Column('kontrol_tarihi', sa.Date(), nullable=True),
    sa.Column('izin_talebi_id', sa.BigInteger(), nullable=True),
    sa.Column('bildirim', sa.String(length=10), nullable=True),
    sa.Column('bildirim_nedeni', sa.String(length=300), nullable=True),
    sa.Column('bildirim_referans', sa.String(length=60), nullable=True),
    sa.Column('bildirim_tarihi', sa.Date(), nullable=True),
    sa.Column('bildiren', sa.String(length=200), nullable=True),
    sa.Column('olusturan', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('bitis >= baslangic', name=op.f('ck_ik_sgk_raporlari_tarih_sirasi')),
    sa.CheckConstraint("tur IN ('hastalik', 'is_kazasi', 'meslek_hastaligi', 'analik')",
                       name=op.f('ck_ik_sgk_raporlari_tur')),
    sa.CheckConstraint("bildirim IS NULL OR bildirim IN ('calismadi', 'calisti')",
                       name=op.f('ck_ik_sgk_raporlari_bildirim')),
    sa.CheckConstraint('(bildirim IS NULL) = (bildirim_referans IS NULL)',
                       name=op.f('ck_ik_sgk_raporlari_bildirim_referansli')),
    sa.CheckConstraint("bildirim IS DISTINCT FROM 'calisti' OR izin_talebi_id IS NULL",
                       name=op.f('ck_ik_sgk_raporlari_calisti_izinsiz')),
    sa.ForeignKeyConstraint(['izin_talebi_id'], ['ik_izin_talepleri.id'],
                            name=op.f('fk_ik_sgk_raporlari_izin_talebi_id_ik_izin_talepleri')),
    sa.ForeignKeyConstraint(['personel_id'], ['ik_personeller.id'],
                            name=op.f('fk_ik_sgk_raporlari_personel_id_ik_personeller')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ik_sgk_raporlari')),
    sa.UniqueConstraint('izin_talebi_id', name=op.f('uq_ik_sgk_raporlari_izin_talebi_id')),
    sa.UniqueConstraint('rapor_no', name=op.f('uq_ik_sgk_raporlari_rapor_no'))
    )
    op.create_index(op.f('ix_ik_sgk_raporlari_personel_id'), 'ik_sgk_raporlari', ['personel_id'], unique=False)


def downgrade() -> None:
    op.drop_table('ik_sgk_raporlari')
    op.drop_column("ik_tisler", "rapor_ilk_iki_gun")
    op.drop_column("ik_bordro_satirlari", "eksik_gun_nedeni")
    op.drop_column("ik_bordro_satirlari", "eksik_gun")
    op.drop_index("uq_ik_izin_talepleri_rapor", table_name="ik_izin_talepleri")
    op.drop_column("ik_izin_talepleri", "rapor_no")
