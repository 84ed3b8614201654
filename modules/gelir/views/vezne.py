"""Vezne (being built: replaced by the full pages)."""

from flask import render_template

from ebelediye.access import access
from ebelediye.rbac import requires

from . import bp


@bp.route("/vezne")
@access("tenant", "staff")
@requires("gelir.tahsilat.olustur")
def vezne():
    return render_template("gelir/bos.html", title="Vezne")
