"""Evlendirme's staff pages on the tenant portal, under ``/evlendirme``: one file per area."""

from flask import Blueprint

bp = Blueprint("evlendirme", __name__, url_prefix="/evlendirme", template_folder="../templates")

from . import ayar, basvuru, rapor, takvim  # noqa: E402,F401  (routes)
