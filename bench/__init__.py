"""Benchmarks (``make bench``); importable so gunicorn can load ``bench.tenancy:wsgi_app()``."""
