"""muhasebe: a bank account's IBAN, and a SWIFT MT940 statement's balances

Revision ID: m0009
Revises: m0008
Create Date: 2026-12-04

- ``muh_hesaplar.iban`` (optional): the IBAN of a bank account (102 or a sub-account); an
  MT940 statement's ``:25:`` must name it when it is recorded.  One account per IBAN.
- ``muh_banka_ekstreleri``: the statement numbers (``:20:``/``:28C:``) and the first
  opening and last closing balance of an MT940 file.
- The flattened CSV layout formerly called ``mt940`` is ``mt940_csv`` now; ``mt940`` is the
  SWIFT file.
"""
import sqlalchemy as sa
from alembic import op

revision = "m0009"
down_revision = "m0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("muh_hesaplar", sa.Column("iban", sa.String(34), nullable=True))
    op.create_index("uq_muh_hesaplar_iban", "muh_hesaplar", ["iban"], unique=True,
                    postgresql_where=sa.text("iban IS NOT NULL"))
    op.add_column("muh_banka_ekstreleri", sa.Column("ekstre_no", sa.String(200), nullable=True))
    op.add_column("muh_banka_ekstreleri", sa.Column("acilis_bakiye", sa.Numeric(18, 2), nullable=True))
    op.add_column("muh_banka_ekstreleri", sa.Column("kapanis_bakiye", sa.Numeric(18, 2), nullable=True))
    op.execute("UPDATE muh_banka_ekstreleri SET bicim = 'mt940_csv' WHERE bicim = 'mt940'")


def downgrade() -> None:
    op.execute("UPDATE muh_banka_ekstreleri SET bicim = 'mt940' WHERE bicim IN ('mt940', 'mt940_csv')")
    op.drop_column("muh_banka_ekstreleri", "kapanis_bakiye")
    op.drop_column("muh_banka_ekstreleri", "acilis_bakiye")
    op.drop_column("muh_banka_ekstreleri", "ekstre_no")
    op.drop_index("uq_muh_hesaplar_iban", table_name="muh_hesaplar")
    op.drop_column("muh_hesaplar", "iban")
