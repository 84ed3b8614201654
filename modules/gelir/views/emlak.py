"""Emlak (being built: replaced by the full pages)."""

from flask import render_template

from ebelediye.access import access
from ebelediye.rbac import requires

from . import bp


@bp.route("/emlak")
@access("tenant", "staff")
@requires("gelir.mukellef.goruntule")
def emlaklar():
    return render_template("gelir/bos.html", title="Emlak")
