"""Fixtures live in tests/plugin.py (loaded with -p tests.plugin)."""
