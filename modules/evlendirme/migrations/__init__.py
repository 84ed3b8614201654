"""Evlendirme's Alembic history (version table alembic_version_evlendirme)."""
