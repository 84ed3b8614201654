"""ik: the payslips of a closed run as one PDF per unit (the payslip job's output)

Revision ID: ik0005
Revises: ik0004
Create Date: 2026-12-02

Expand only: a new table.  The PDFs are compressed already, so the column is stored
without TOAST compression (EXTERNAL), which would only spend CPU on them.
"""
import sqlalchemy as sa
from alembic import op

revision = "ik0005"
down_revision = "ik0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ik_bordro_belgeleri',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('bordro_id', sa.BigInteger(), nullable=False),
    sa.Column('birim_kodu', sa.String(length=20), nullable=False),
    sa.Column('pusula_sayisi', sa.Integer(), nullable=False),
    sa.Column('boyut', sa.Integer(), nullable=False),
    sa.Column('icerik', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['bordro_id'], ['ik_bordrolar.id'],
                            name=op.f('fk_ik_bordro_belgeleri_bordro_id_ik_bordrolar')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ik_bordro_belgeleri')),
    sa.UniqueConstraint('bordro_id', 'birim_kodu', name='uq_ik_bordro_belgeleri_birim')
    )
    op.create_index(op.f('ix_ik_bordro_belgeleri_bordro_id'), 'ik_bordro_belgeleri', ['bordro_id'], unique=False)
    # The PDFs are compressed already, but no SET STORAGE EXTERNAL: Citus refuses that ALTER on
    # a distributed table (every tenant table under schema-based sharding), and PostgreSQL 15
    # cannot say it inside CREATE TABLE; pglz gives up on incompressible data quickly.
    op.execute("CREATE TRIGGER ik_bordro_belgeleri_append_only BEFORE UPDATE OR DELETE ON ik_bordro_belgeleri "
               "FOR EACH ROW EXECUTE FUNCTION public.ebelediye_reject_change()")


def downgrade() -> None:
    op.drop_table('ik_bordro_belgeleri')
