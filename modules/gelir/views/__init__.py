"""Gelir's staff pages on the tenant portal, under ``/gelir``: one file per area."""

from flask import Blueprint

bp = Blueprint("gelir", __name__, url_prefix="/gelir", template_folder="../templates")

from . import dashboard, emlak, mukellef, rapor, tahakkuk, tarife, vezne  # noqa: E402,F401  (routes)
