"""Citizen pages of Evlendirme under ``/e-hizmet/evlendirme``."""

from flask import Blueprint

bp = Blueprint("evlendirme_vatandas", __name__, url_prefix="/e-hizmet/evlendirme", template_folder="templates")


def items(tckn):
    return []
