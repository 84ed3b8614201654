"""Gelir raporları (being built: replaced by the full pages)."""

from flask import render_template

from ebelediye.access import access
from ebelediye.rbac import requires

from . import bp


@bp.route("/raporlar")
@access("tenant", "staff")
@requires("gelir.rapor.goruntule")
def raporlar():
    return render_template("gelir/bos.html", title="Gelir raporları")
