"""Gelir's staff pages on the tenant portal, under ``/gelir``: one file per area."""

from flask import Blueprint

bp = Blueprint("gelir", __name__, url_prefix="/gelir", template_folder="../templates")


@bp.app_template_filter("tl")
def tl_filter(amount) -> str:
    """Money the Turkish way in templates: 1.234,56."""
    from decimal import Decimal

    from ..hesap import tl

    return tl(Decimal(amount)) if amount is not None else ""

from . import (  # noqa: E402,F401  (routes)
    banka,
    dashboard,
    diger,
    emlak,
    mukellef,
    rapor,
    tahakkuk,
    takip,
    tarife,
    vezne,
    zamanasimi,
)
