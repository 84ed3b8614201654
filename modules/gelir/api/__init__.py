"""Gelir's JSON API under ``/api/v1/gelir`` (flask-smorest): one file per area.

Every staff action of the portal and the citizen debt/payment flow is here, in the
OpenAPI spec at ``/api/openapi.json``.  Errors have the platform's one shape
(``{code, message, errors}``); a ``GelirError`` becomes a 422 with field messages.
"""

from flask_smorest import Blueprint

blp = Blueprint("gelir_api", __name__, url_prefix="/api/v1/gelir",
                description="Gelir: mükellef, emlak, tahakkuk, tahsilat, borç sorgulama ve online ödeme")

from . import banka, borc, diger, kayit, online, rapor, tahakkuk, takip, vezne, zamanasimi  # noqa: E402,F401  (routes)
