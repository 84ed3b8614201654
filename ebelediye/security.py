"""The request-wide guards every response and every input passes (issue 10).

Headers (one ``after_request``):

- ``Content-Security-Policy``: scripts and styles from this host only; an inline
  ``<script>``/``<style>`` needs the request's nonce (``{{ csp_nonce() }}``), so injected
  markup cannot run; no plugins, no ``<base>`` elsewhere, no framing
  (``frame-ancestors 'none'``).  Style *attributes* stay allowed (``style-src-attr``):
  progress bars and widths use them and they cannot run code.  Swagger UI (``/api/docs``)
  is started by a static script (``templates/swagger_ui.html``, ``static/swagger-init.js``),
  under the same policy.  Forms are sent to this host only (``form-action 'self'``); the
  one page whose form goes on elsewhere, the citizen's online payment (our form, then a
  redirect to the bank's 3-D Secure page), adds exactly the bank's origin
  (``allow_bank_3ds``: ``BANK_3DS_ORIGINS``, else the origin of ``CONNECTORS_URL``).
- ``X-Frame-Options: DENY``, ``X-Content-Type-Options: nosniff``,
  ``Referrer-Policy: same-origin`` (one-time links in paths never leave the host),
  ``Permissions-Policy``, ``Cross-Origin-Opener-Policy``; HSTS in production.
- ``Cache-Control: no-store`` on every response to a signed-in caller and on every
  document (PDF, attachments): personal data stays out of shared and browser caches.
- ``Allow`` on every 405 (the API's error handler dropped it).

Inputs (one ``before_request``, before any view):

- NUL and other control characters in the query string or in a JSON body's strings are
  refused (400 for pages, 422 with the field for the API): PostgreSQL cannot store NUL and
  no field of this application wants the others (form fields: ``ebelediye.inputs``, with
  the form shown again);
- a page number (``sayfa``/``page``) past ``PAGE_MAX`` is refused (404);
- request bodies are bounded (``MAX_CONTENT_LENGTH``, 413).

And a last line of defence: a database error caused by a value (``DataError``: a number
out of range, an invalid text) or an arithmetic one (``decimal.InvalidOperation``,
``OverflowError``: ``-1.37e145`` quantized to kuruş) is a 422, not a 500; it is logged, as
it means an input path that does not use ``ebelediye.inputs`` yet.
"""

from __future__ import annotations

import decimal
import logging
import re
import secrets
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, g, jsonify, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import DataError

from .urls import PAGE_ARGS, PAGE_MAX

log = logging.getLogger(__name__)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: where line breaks and tabs are not text either: query strings (they are in forms)
_QUERY_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def csp_nonce() -> str:
    """The request's CSP nonce, for an inline ``<script nonce="...">``."""
    nonce = g.get("csp_nonce")
    if nonce is None:
        nonce = g.csp_nonce = secrets.token_urlsafe(16)
    return nonce


def origin(url: str) -> str:
    """``scheme://host[:port]`` of a URL ("" when it has none)."""
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


def allow_form_action(*origins: str) -> None:
    """Let this response's forms be sent (or redirected, as browsers check redirects too)
    to these origins besides this host."""
    extra = g.setdefault("csp_form_action", [])
    extra.extend(o for o in origins if o and o not in extra)


def allow_bank_3ds() -> None:
    """The citizen's payment form: posted here, then redirected to the bank's 3-D Secure
    page, whose origin is configuration (``BANK_3DS_ORIGINS``; by default the agency
    server's, ``CONNECTORS_URL``, where the mock bank lives)."""
    origins = current_app.config.get("BANK_3DS_ORIGINS") or [current_app.config.get("CONNECTORS_URL", "")]
    allow_form_action(*(origin(o) for o in origins))


def content_security_policy(nonce: str, form_action: Iterable[str] = ()) -> str:
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'nonce-{nonce}'",
        f"style-src 'self' 'nonce-{nonce}'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        " ".join(["form-action 'self'", *form_action]),
        "frame-ancestors 'none'",
    ])


def _is_document(response) -> bool:
    return (response.mimetype == "application/pdf"
            or "attachment" in response.headers.get("Content-Disposition", ""))


def _signed_in() -> bool:
    """Whether the request carried a sign-in (a session or a valid bearer token), read
    without touching the user object (its unit of work has committed and expired it)."""
    from flask import session

    return "_user_id" in session or bool(g.get("bearer_authenticated"))


def _allowed_methods() -> str:
    try:
        methods = current_app.url_map.bind_to_environ(request.environ).allowed_methods(request.path)
    except Exception:  # noqa: BLE001 - a header, never a reason to fail the response
        return ""
    return ", ".join(sorted(set(methods) | ({"HEAD"} if "GET" in methods else set())))


def add_headers(response):
    headers = response.headers
    if response.status_code == 405 and "Allow" not in headers:  # RFC 9110 15.5.6 (the API's handler drops it)
        allowed = _allowed_methods()
        if allowed:
            headers["Allow"] = allowed
    if response.mimetype == "text/html" or "Content-Security-Policy" not in headers:
        headers["Content-Security-Policy"] = content_security_policy(csp_nonce(), g.get("csp_form_action", ()))
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if current_app.config["ENV"] == "production":
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    # the municipality's logo is public and its URL carries its digest (ebelediye.branding)
    if request.endpoint not in ("static", "bootstrap.static", "swagger_ui_assets", "portal.logo") and (
            _is_document(response) or _signed_in()):
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return response


# --- inputs -----------------------------------------------------------------------------

def _strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _refuse(field: str, status: int = 422):
    message = _("Geçersiz karakter içeren bir değer gönderildi.")
    if request.path.startswith("/api/") or request.is_json:
        return jsonify(code=status, reason="invalid_input", message=message,
                       errors={field: [_("Denetim karakteri (ör. NUL) içeremez.")]}), status
    return render_template("error.html", code=400, message=message), 400


def check_input():
    """Refuse control characters and impossible page numbers before any view runs."""
    g.pop("csp_form_action", None)
    g.pop("csp_nonce", None)  # one per request (g outlives a request where a caller keeps the app context)
    if request.endpoint in ("static", "bootstrap.static", "healthz"):
        return None
    for name, value in request.args.items(multi=True):
        if _QUERY_CONTROL.search(name) or _QUERY_CONTROL.search(value):
            return _refuse(name)
    for name in PAGE_ARGS:
        raw = request.args.get(name, "")
        if raw.isascii() and raw.isdigit() and (len(raw.lstrip("0")) > len(str(PAGE_MAX)) or int(raw) > PAGE_MAX):
            abort(404)
    if request.method in ("POST", "PUT", "PATCH", "DELETE") and request.is_json:
        body = request.get_json(silent=True)
        fields: Iterable[tuple[Any, Any]] = body.items() if isinstance(body, dict) else [("body", body)]
        for name, value in fields:
            if any(_CONTROL.search(s) for s in _strings(value)) or _CONTROL.search(str(name)):
                return _refuse(str(name))
    # Form fields are left to the page's own input path: ``ebelediye.inputs`` refuses them
    # with the form shown again and a message under the field; a page that does not use it
    # yet ends in the database's refusal, answered 422 below.
    return None


def _data_error(error: Exception):
    """A value the database refused (out of range, invalid) or that arithmetic could not
    take (``1e400`` quantized to kuruş, an overflow): 422, and a log line saying which
    input path let it through."""
    log.warning("database refused a value on %s %s: %s", request.method, request.path,
                str(getattr(error, "orig", error)).splitlines()[0])
    g.uow_failed = True
    from .extensions import db

    db.session.rollback()
    message = _("Gönderilen bir değer geçersiz ya da izin verilen aralığın dışında.")
    if request.path.startswith("/api/") or request.is_json:
        return jsonify(code=422, reason="invalid_input", message=message, errors={}), 422
    return render_template("error.html", code=422, message=message), 422


def init_app(app: Flask) -> None:
    app.before_request(check_input)
    app.after_request(add_headers)
    for error in (DataError, decimal.InvalidOperation, OverflowError):
        app.register_error_handler(error, _data_error)
    app.add_template_global(csp_nonce)
