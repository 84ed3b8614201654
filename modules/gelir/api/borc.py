"""Debt inquiry for staff: the most frequent call of the module, so it stays lean (the
answer comes from the per-taxpayer cache and is sent as stored)."""

from __future__ import annotations

from flask import Response
from flask.views import MethodView
from flask_babel import lazy_gettext as _l

from ebelediye import clock
from ebelediye.access import access
from ebelediye.errors import NotFound
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
        day = args["gun"] or clock.today()
        body = borc.sorgu(mukellef_id, day)
        if body is None:
            raise NotFound(_l("Mükellef bulunamadı."))
        return Response(body, mimetype="application/json")
