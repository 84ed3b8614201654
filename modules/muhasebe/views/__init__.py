"""Muhasebe's staff pages on the tenant portal, under ``/muhasebe``: one file per area."""

from flask import Blueprint

bp = Blueprint("muhasebe", __name__, url_prefix="/muhasebe", template_folder="../templates")

from . import (  # noqa: E402,F401  (routes)
    banka,
    borclar,
    butce,
    fis,
    geri_aktarim,
    hesap,
    kesin_hesap,
    mali_istatistik,
    mutabakat,
    rapor,
)
