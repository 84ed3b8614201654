"""gelir: a card payment starts from a confirmation page: its key (a double submit starts it
once) and the bank's page it was sent to (a second submit goes there again)

Revision ID: g0004_online_onay
Revises: g0003_nakit_iade
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "g0004_online_onay"
down_revision = "g0003_nakit_iade"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("online_odemeler", sa.Column("onay_anahtari", sa.String(40), nullable=True))
    op.add_column("online_odemeler", sa.Column("yonlendirme_url", sa.String(1000), nullable=True))
    op.create_unique_constraint(op.f("uq_online_odemeler_onay_anahtari"), "online_odemeler", ["onay_anahtari"])


def downgrade() -> None:
    op.drop_constraint(op.f("uq_online_odemeler_onay_anahtari"), "online_odemeler", type_="unique")
    op.drop_column("online_odemeler", "yonlendirme_url")
    op.drop_column("online_odemeler", "onay_anahtari")
