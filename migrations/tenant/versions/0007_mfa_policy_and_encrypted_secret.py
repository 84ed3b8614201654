"""Staff's second factor (issue 10): the tenant's MFA policy (``guvenlik_ayari``, one row:
the tenant admin can require the second factor of all staff) and the TOTP secrets
encrypted at rest: the column grows to hold a Fernet token and the secrets stored plain so
far are encrypted under the first key of ``MFA_ENCRYPTION_KEYS`` (``ebelediye.mfa.seal``).
Run outside the application (no key at hand) the column only grows; a plain secret still
works and is encrypted when its next code is accepted.  Downgrade decrypts them back.

Revision ID: c0007
Revises: c0006
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "c0007"
down_revision = "c0006"
branch_labels = None
depends_on = None


def _recode(encrypt: bool) -> None:
    from flask import current_app, has_app_context

    if not has_app_context():
        return
    from ebelediye import mfa

    config = current_app.config
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, mfa_secret FROM staff_users WHERE mfa_secret IS NOT NULL")).all()
    for row_id, stored in rows:
        if encrypt == mfa.is_sealed(stored):
            continue
        value = mfa.seal(stored, config) if encrypt else mfa.unseal(stored, config)
        conn.execute(sa.text("UPDATE staff_users SET mfa_secret = :v WHERE id = :i"), {"v": value, "i": row_id})


def upgrade() -> None:
    op.create_table(
        "guvenlik_ayari",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("mfa_zorunlu", sa.Boolean, server_default=sa.false(), nullable=False),
        sa.Column("guncelleyen", sa.String(254)),
        sa.Column("guncellendi", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.alter_column("staff_users", "mfa_secret", type_=sa.String(255), existing_type=sa.String(64))
    _recode(encrypt=True)


def downgrade() -> None:
    _recode(encrypt=False)
    op.alter_column("staff_users", "mfa_secret", type_=sa.String(64), existing_type=sa.String(255))
    op.drop_table("guvenlik_ayari")
