"""Evlendirme's staff pages on the tenant portal, under ``/evlendirme``: one file per area."""

from flask import Blueprint

bp = Blueprint("evlendirme", __name__, url_prefix="/evlendirme", template_folder="../templates")
