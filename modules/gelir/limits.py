"""Rate limits shared by a page and its API operation (flask-limiter ``shared_limit``: one
counter for both, so the API is no way around the page's limit)."""

from __future__ import annotations

from flask import current_app, request
from flask_login import current_user

from ebelediye.tenancy import current_tenant

#: looking up someone else's debt (paying a relative's debt): page and API together
YAKIN_SCOPE = "gelir-yakin-sorgu"


def yakin_limit() -> str:
    return current_app.config.get("GELIR_YAKIN_SORGU_LIMIT", "10 per hour")


def yakin_anahtari() -> str:
    """Per municipality and citizen (the limit is checked before the sign-in check: an
    anonymous POST counts by address)."""
    tenant = current_tenant()
    who = getattr(current_user, "tckn", None) or request.remote_addr
    return f"gelir.yakin:{tenant.slug if tenant else '-'}:{who}"
