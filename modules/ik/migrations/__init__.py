"""İK's Alembic history (version table alembic_version_ik)."""
