"""Debt inquiry for staff: the most frequent call of the module, so it stays lean (the
answer comes from the per-taxpayer cache and is sent as stored)."""

from __future__ import annotations

from datetime import date

from flask import Response, request
from flask.views import MethodView
from flask_smorest import abort

from ebelediye import clock
from ebelediye.access import access
from ebelediye.rbac import requires

from ..schemas import BorcListesiSchema
from ..services import borc
from . import blp

_DAY_PARAMETER = {"in": "query", "name": "gun", "required": False, "schema": {"type": "string", "format": "date"},
                  "description": "Hangi günkü gecikme zammıyla (varsayılan: bugün)"}


@blp.route("/mukellefler/<int:mukellef_id>/borclar")
class MukellefBorclari(MethodView):
    @access("tenant", "staff")
    @requires("gelir.mukellef.goruntule")
    @blp.doc(parameters=[_DAY_PARAMETER])
    @blp.response(200, BorcListesiSchema)
    def get(self, mukellef_id: int):
        """Mükellefin açık borçları, gecikme zammı verilen güne göre (open debts with late fees)."""
        raw = request.args.get("gun")
        try:
            day = date.fromisoformat(raw) if raw else clock.today()
        except ValueError:
            abort(422, message="Gönderilen veri geçersiz.", messages={"gun": ["Tarihi YYYY-AA-GG biçiminde girin."]})
        body = borc.sorgu(mukellef_id, day)
        if body is None:
            abort(404)
        return Response(body, mimetype="application/json")
