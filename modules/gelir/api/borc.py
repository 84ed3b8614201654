"""Debt inquiry for staff."""

from __future__ import annotations

from datetime import date

from flask import Response
from flask.views import MethodView
from flask_smorest import abort

from ebelediye.access import access
from ebelediye.rbac import requires

from ..schemas import BorcListesiSchema, GunQuerySchema
from ..services import borc
from . import blp


@blp.route("/mukellefler/<int:mukellef_id>/borclar")
class MukellefBorclari(MethodView):
    @access("tenant", "staff")
    @requires("gelir.mukellef.goruntule")
    @blp.arguments(GunQuerySchema, location="query")
    @blp.response(200, BorcListesiSchema)
    def get(self, args, mukellef_id: int):
        """Mükellefin açık borçları, gecikme zammı verilen güne göre (open debts with late fees)."""
        body = borc.sorgu(mukellef_id, args.get("gun") or date.today())
        if body is None:
            abort(404)
        return Response(body, mimetype="application/json")
