"""Muhasebe's Alembic history (version table alembic_version_muhasebe)."""
