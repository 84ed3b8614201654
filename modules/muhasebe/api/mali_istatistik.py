"""The month's data for the Hazine's general government statistics (KBS) and the mark that
it was entered (``services.mali_istatistik``)."""

from __future__ import annotations

from flask.views import MethodView

from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.web import actor, today

from ..schemas import AylikVeriOut, MaliVeriArgs, MaliVeriGirisInput, MaliVeriGirisOut
from ..services import mali_istatistik as service
from . import GORUNTULE, blp

GIREN = "muhasebe.donem.kilitle"


@blp.route("/mali-istatistik")
class MaliIstatistik(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.arguments(MaliVeriArgs, location="query")
    @blp.response(200, AylikVeriOut)
    def get(self, args):
        """A month's three tables for the KBS (mizan, budget lines, budget revenue), cumulative
        from 1 January; the latest month ended unless ``yil`` and ``ay`` are given."""
        yil, ay = service.son_biten_ay(today())
        return service.aylik_veri(args["yil"] or yil, args["ay"] or ay)


@blp.route("/mali-istatistik/girisler")
class MaliVeriGirisleri(MethodView):
    @access("tenant", "staff")
    @requires(GIREN)
    @blp.arguments(MaliVeriGirisInput)
    @blp.response(201, MaliVeriGirisOut)
    def post(self, data):
        """Mark the month's tables, as they stand now, as entered into the KBS (422 for a month
        not over yet, 409 when it is already entered as it stands)."""
        return service.isaretle(data["yil"], data["ay"], data["aciklama"], today(), actor=actor())
