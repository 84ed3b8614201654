"""Ministry users' TOTP secrets encrypted at rest (issue 10, ASVS 2.8/6.2): the column grows
to hold a Fernet token and the secrets stored plain so far are encrypted under the first
key of ``MFA_ENCRYPTION_KEYS`` (``ebelediye.mfa.seal``).  Run outside the application (no
key at hand) the column only grows; a plain secret still works and is encrypted when its
next code is accepted.  Downgrade decrypts them back.

Revision ID: p0011
Revises: p0010
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "p0011"
down_revision = "p0010"
branch_labels = None
depends_on = None

TABLE = "public.ministry_users"


def _recode(encrypt: bool) -> None:
    from flask import current_app, has_app_context

    if not has_app_context():
        return
    from ebelediye import mfa

    config = current_app.config
    conn = op.get_bind()
    rows = conn.execute(sa.text(f"SELECT id, mfa_secret FROM {TABLE} WHERE mfa_secret IS NOT NULL")).all()
    for row_id, stored in rows:
        if encrypt == mfa.is_sealed(stored):
            continue
        value = mfa.seal(stored, config) if encrypt else mfa.unseal(stored, config)
        conn.execute(sa.text(f"UPDATE {TABLE} SET mfa_secret = :v WHERE id = :i"), {"v": value, "i": row_id})


def upgrade() -> None:
    op.alter_column("ministry_users", "mfa_secret", type_=sa.String(255), existing_type=sa.String(64),
                    schema="public")
    _recode(encrypt=True)


def downgrade() -> None:
    _recode(encrypt=False)
    op.alter_column("ministry_users", "mfa_secret", type_=sa.String(64), existing_type=sa.String(255),
                    schema="public")
