"""Periods as the mizan page handles them: the monthly lock, the two-person unlock (one
asks with a reason, another approves or rejects), the year's closing and the new year's
opening vouchers (drafts a second person approves)."""

from __future__ import annotations

from flask.views import MethodView

from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.web import actor, actor_id

from ..schemas import (
    AcmaDurumuInput,
    AyInput,
    DonemAcmaInput,
    DonemAcmaOut,
    DonemOut,
    FisOut,
    MaliYilInput,
)
from ..services import acilis, donem, kilitli_donemler, yilsonu
from . import GORUNTULE, blp, fis_out

KILITLE = "muhasebe.donem.kilitle"


@blp.route("/donemler")
class Donemler(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, DonemOut(many=True))
    def get(self):
        """The locked months, newest first."""
        return kilitli_donemler()

    @access("tenant", "staff")
    @requires(KILITLE)
    @blp.arguments(AyInput)
    @blp.response(201, DonemOut)
    def post(self, data):
        """Lock a month: drafts and approvals dated in it are refused from now on."""
        return donem.kilitle(data["yil"], data["ay"], actor=actor())


@blp.route("/donemler/acma-talepleri")
class AcmaTalepleri(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.arguments(AcmaDurumuInput, location="query")
    @blp.response(200, DonemAcmaOut(many=True))
    def get(self, args):
        """Requests to unlock a month (default: waiting for a decision), the latest 50."""
        return donem.acma_talepleri(args["durum"])

    @access("tenant", "staff")
    @requires(KILITLE)
    @blp.arguments(DonemAcmaInput)
    @blp.response(201, DonemAcmaOut)
    def post(self, data):
        """Ask to unlock a locked month with the reason (at least 10 characters); another person decides."""
        return donem.acma_talebi(data["yil"], data["ay"], data["gerekce"], actor=actor(), actor_id=actor_id())


@blp.route("/donemler/acma-talepleri/<int:talep_id>/onay")
class AcmaOnay(MethodView):
    @access("tenant", "staff")
    @requires(KILITLE)
    @blp.response(200, DonemAcmaOut)
    def post(self, talep_id: int):
        """Approve an unlock request (not the one who asked): the month's lock goes."""
        return donem.acma_onayla(talep_id, actor=actor(), actor_id=actor_id())


@blp.route("/donemler/acma-talepleri/<int:talep_id>/ret")
class AcmaRet(MethodView):
    @access("tenant", "staff")
    @requires(KILITLE)
    @blp.response(200, DonemAcmaOut)
    def post(self, talep_id: int):
        """Reject an unlock request (not the one who asked): the month stays locked."""
        return donem.acma_reddet(talep_id, actor=actor(), actor_id=actor_id())


@blp.route("/yil-sonu")
class YilSonu(MethodView):
    @access("tenant", "staff")
    @requires(KILITLE)
    @blp.arguments(MaliYilInput)
    @blp.response(201, FisOut)
    def post(self, data):
        """Prepare the year's closing voucher (600/690, 630/690, 800/805, 835/830 …)."""
        return fis_out(yilsonu.hazirla(data["yil"], actor=actor(), actor_id=actor_id()).id)


@blp.route("/acilis")
class Acilis(MethodView):
    @access("tenant", "staff")
    @requires(KILITLE)
    @blp.arguments(MaliYilInput)
    @blp.response(201, FisOut)
    def post(self, data):
        """Prepare the new year's opening voucher with the balances carried forward."""
        return fis_out(acilis.hazirla(data["yil"], actor=actor(), actor_id=actor_id()).id)
