"""Citizen pages of Gelir under ``/e-hizmet``: debts, online payment, receipts, no-debt letter."""

from __future__ import annotations

from flask import Blueprint, render_template

from ebelediye.access import access
from ebelediye.citizen import CitizenItem

bp = Blueprint("gelir_vatandas", __name__, url_prefix="/e-hizmet", template_folder="templates")


@bp.route("/borclarim")
@access("tenant", "citizen")
def borclarim():
    return render_template("gelir/bos.html", title="Borçlarım")


@bp.route("/borcu-yoktur")
@access("tenant", "citizen")
def borcu_yoktur():
    return render_template("gelir/bos.html", title="Borcu yoktur yazısı")


def items(tckn: str) -> list[CitizenItem]:
    """The citizen's payments to this municipality, for "ödemelerim"."""
    return []
