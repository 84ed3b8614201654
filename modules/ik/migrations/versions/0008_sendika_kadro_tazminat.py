"""ik: a memur's union memberships (the toplu sözleşme ikramiyesi) and a position's makam,
temsil and görev tazminatı indicators by date

Revision ID: ik0008
Revises: ik0007
Create Date: 2026-12-02

Expand only: two new tables.  The position's tazminat rows are append-only (dated data: a
change is a new row from its day); a membership's end is set once when it ends.
"""
import sqlalchemy as sa
from alembic import op

revision = "ik0008"
down_revision = "ik0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ik_sendika_uyelikleri',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('personel_id', sa.BigInteger(), nullable=False),
    sa.Column('sendika', sa.String(length=160), nullable=False),
    sa.Column('baslangic', sa.Date(), nullable=False),
    sa.Column('bitis', sa.Date(), nullable=True),
    sa.Column('baraj_alti', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('olusturan', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('bitis IS NULL OR bitis >= baslangic', name=op.f('ck_ik_sendika_uyelikleri_tarih_sirasi')),
    sa.ForeignKeyConstraint(['personel_id'], ['ik_personeller.id'],
                            name=op.f('fk_ik_sendika_uyelikleri_personel_id_ik_personeller')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ik_sendika_uyelikleri'))
    )
    op.create_index(op.f('ix_ik_sendika_uyelikleri_personel_id'), 'ik_sendika_uyelikleri', ['personel_id'],
                    unique=False)
    op.create_index('uq_ik_sendika_uyelikleri_acik', 'ik_sendika_uyelikleri', ['personel_id'], unique=True,
                    postgresql_where=sa.text('bitis IS NULL'))
    op.create_table('ik_kadro_tazminatlari',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('kadro_id', sa.BigInteger(), nullable=False),
    sa.Column('tur', sa.String(length=6), nullable=False),
    sa.Column('gosterge', sa.Integer(), nullable=False),
    sa.Column('baslangic', sa.Date(), nullable=False),
    sa.Column('kaynak', sa.String(length=200), nullable=False),
    sa.Column('olusturan', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("tur IN ('makam', 'temsil', 'gorev')", name=op.f('ck_ik_kadro_tazminatlari_tur')),
    sa.CheckConstraint('gosterge >= 0', name=op.f('ck_ik_kadro_tazminatlari_gosterge')),
    sa.ForeignKeyConstraint(['kadro_id'], ['ik_kadrolar.id'],
                            name=op.f('fk_ik_kadro_tazminatlari_kadro_id_ik_kadrolar')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ik_kadro_tazminatlari')),
    sa.UniqueConstraint('kadro_id', 'tur', 'baslangic', name='uq_ik_kadro_tazminatlari_gun')
    )
    op.create_index(op.f('ix_ik_kadro_tazminatlari_kadro_id'), 'ik_kadro_tazminatlari', ['kadro_id'], unique=False)
    op.execute("CREATE TRIGGER ik_kadro_tazminatlari_append_only BEFORE UPDATE OR DELETE ON ik_kadro_tazminatlari "
               "FOR EACH ROW EXECUTE FUNCTION public.ebelediye_reject_change()")


def downgrade() -> None:
    op.drop_table('ik_kadro_tazminatlari')
    op.drop_table('ik_sendika_uyelikleri')
