"""Mükellefler (being built: replaced by the full pages)."""

from flask import render_template

from ebelediye.access import access
from ebelediye.rbac import requires

from . import bp


@bp.route("/mukellefler")
@access("tenant", "staff")
@requires("gelir.mukellef.goruntule")
def mukellefler():
    return render_template("gelir/bos.html", title="Mükellefler")
