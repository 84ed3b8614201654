"""ik: earnings and deductions besides the wage (overtime, bonus, union dues, advances, icra)

Revision ID: ik0003
Revises: ik0002
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "ik0003"
down_revision = "ik0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ik_ek_kalemler',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('personel_id', sa.BigInteger(), nullable=False),
    sa.Column('donem', sa.String(length=7), nullable=False),
    sa.Column('tur', sa.String(length=12), nullable=False),
    sa.Column('saat', sa.Numeric(precision=7, scale=2), nullable=True),
    sa.Column('tutar', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('aciklama', sa.String(length=200), nullable=False),
    sa.Column('olusturan', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("(tur = 'fazla_mesai') = (saat IS NOT NULL)", name=op.f('ck_ik_ek_kalemler_saatli')),
    sa.CheckConstraint("saat IS NULL OR saat > 0", name=op.f('ck_ik_ek_kalemler_saat')),
    sa.CheckConstraint("tur IN ('fazla_mesai', 'ikramiye', 'sendika', 'avans', 'icra')",
                       name=op.f('ck_ik_ek_kalemler_tur')),
    sa.CheckConstraint("tutar IS NULL OR tutar > 0", name=op.f('ck_ik_ek_kalemler_tutar')),
    sa.ForeignKeyConstraint(['personel_id'], ['ik_personeller.id'],
                            name=op.f('fk_ik_ek_kalemler_personel_id_ik_personeller')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ik_ek_kalemler'))
    )
    op.create_index(op.f('ix_ik_ek_kalemler_donem'), 'ik_ek_kalemler', ['donem'], unique=False)
    op.create_index(op.f('ix_ik_ek_kalemler_personel_id'), 'ik_ek_kalemler', ['personel_id'], unique=False)
    op.execute("CREATE TRIGGER ik_ek_kalemler_append_only BEFORE UPDATE OR DELETE ON ik_ek_kalemler "
               "FOR EACH ROW EXECUTE FUNCTION public.ebelediye_reject_change()")


def downgrade() -> None:
    op.drop_table('ik_ek_kalemler')
