"""Tarifeler (being built: replaced by the full pages)."""

from flask import render_template

from ebelediye.access import access
from ebelediye.rbac import requires

from . import bp


@bp.route("/tarifeler")
@access("tenant", "staff")
@requires("gelir.tarife.yonet")
def tarifeler():
    return render_template("gelir/bos.html", title="Tarifeler")
