"""ik: TİS wage scales with their increases by date; a memur's özel hizmet tazminatı, ek
ödeme and makam / görev tazminatı on the assignment

Revision ID: ik0006
Revises: ik0005
Create Date: 2026-12-02

Expand only: new tables, and columns with defaults (old code keeps working; an assignment
without a TİS grade is paid its typed wage as before).  The TİS tables are append-only: an
agreement's scale is dated data, a new agreement is a new period.
"""
import sqlalchemy as sa
from alembic import op

revision = "ik0006"
down_revision = "ik0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("ik_atamalar", sa.Column("ozel_hizmet_orani", sa.Numeric(6, 2), nullable=False, server_default="0"))
    op.add_column("ik_atamalar", sa.Column("ek_odeme_orani", sa.Numeric(6, 2), nullable=False, server_default="0"))
    op.add_column("ik_atamalar", sa.Column("makam_gosterge", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("ik_atamalar", sa.Column("tis_derece", sa.String(length=10), nullable=True))
    op.create_check_constraint(op.f("ck_ik_atamalar_tazminat"), "ik_atamalar",
                               "ozel_hizmet_orani BETWEEN 0 AND 1000 AND ek_odeme_orani BETWEEN 0 AND 1000 "
                               "AND makam_gosterge >= 0")
    op.create_table('ik_tisler',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('ad', sa.String(length=160), nullable=False),
    sa.Column('sendika', sa.String(length=160), nullable=False),
    sa.Column('baslangic', sa.Date(), nullable=False),
    sa.Column('bitis', sa.Date(), nullable=False),
    sa.Column('olusturan', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('bitis >= baslangic', name=op.f('ck_ik_tisler_tarih_sirasi')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ik_tisler'))
    )
    op.create_table('ik_tis_ucretleri',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('tis_id', sa.BigInteger(), nullable=False),
    sa.Column('derece', sa.String(length=10), nullable=False),
    sa.Column('aylik_brut', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.CheckConstraint('aylik_brut > 0', name=op.f('ck_ik_tis_ucretleri_ucret')),
    sa.ForeignKeyConstraint(['tis_id'], ['ik_tisler.id'], name=op.f('fk_ik_tis_ucretleri_tis_id_ik_tisler')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ik_tis_ucretleri')),
    sa.UniqueConstraint('tis_id', 'derece', name='uq_ik_tis_ucretleri_derece')
    )
    op.create_index(op.f('ix_ik_tis_ucretleri_tis_id'), 'ik_tis_ucretleri', ['tis_id'], unique=False)
    op.create_table('ik_tis_zamlari',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('tis_id', sa.BigInteger(), nullable=False),
    sa.Column('yururluk', sa.Date(), nullable=False),
    sa.Column('oran', sa.Numeric(precision=7, scale=4), nullable=False),
    sa.Column('sabit', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.CheckConstraint('oran >= 0 AND sabit >= 0', name=op.f('ck_ik_tis_zamlari_artis')),
    sa.ForeignKeyConstraint(['tis_id'], ['ik_tisler.id'], name=op.f('fk_ik_tis_zamlari_tis_id_ik_tisler')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ik_tis_zamlari')),
    sa.UniqueConstraint('tis_id', 'yururluk', name='uq_ik_tis_zamlari_tarih')
    )
    op.create_index(op.f('ix_ik_tis_zamlari_tis_id'), 'ik_tis_zamlari', ['tis_id'], unique=False)
    for table in ("ik_tisler", "ik_tis_ucretleri", "ik_tis_zamlari"):
        op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION public.ebelediye_reject_change()")


def downgrade() -> None:
    op.drop_table('ik_tis_zamlari')
    op.drop_table('ik_tis_ucretleri')
    op.drop_table('ik_tisler')
    op.drop_constraint(op.f("ck_ik_atamalar_tazminat"), "ik_atamalar")
    for column in ("tis_derece", "makam_gosterge", "ek_odeme_orani", "ozel_hizmet_orani"):
        op.drop_column("ik_atamalar", column)
