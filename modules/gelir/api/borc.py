"""Debt inquiry for staff."""

from __future__ import annotations

from datetime import date

from flask.views import MethodView
from flask_smorest import abort

from ebelediye.access import access
from ebelediye.extensions import db
from ebelediye.rbac import requires

from ..models import Mukellef
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
        if db.session.get(Mukellef, mukellef_id) is None:
            abort(404)
        day = args.get("gun") or date.today()
        debts = borc.acik_borclar(mukellef_id, day)
        return {"mukellef_id": mukellef_id, "gun": day, "borclar": debts,
                "toplam": borc.toplam(debts)["toplam"], "alacak": borc.alacak_bakiyesi(mukellef_id)}
