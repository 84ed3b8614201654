"""Tahakkuk (being built: replaced by the full pages)."""

from flask import render_template

from ebelediye.access import access
from ebelediye.rbac import requires

from . import bp


@bp.route("/tahakkuk")
@access("tenant", "staff")
@requires("gelir.tahakkuk.olustur")
def tahakkuk_index():
    return render_template("gelir/bos.html", title="Tahakkuk")
