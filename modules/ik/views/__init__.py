"""İK's staff pages on the tenant portal, under ``/ik``: one file per area."""

from flask import Blueprint

bp = Blueprint("ik", __name__, url_prefix="/ik", template_folder="../templates")

from . import benim, bordro, izin, kadro, ozluk, personel, rapor, tis  # noqa: E402,F401  (routes)
