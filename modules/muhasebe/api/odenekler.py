"""The budget's changes as the budget page makes them: opening a line (tertip), and the
appropriation, transfer and expense, each a draft voucher that a second person approves
(``/fisler/{id}/onay``); the line changes when it is approved."""

from __future__ import annotations

from flask.views import MethodView

from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.web import actor, actor_id

from ..schemas import AktarmaInput, ButceKalemiOut, FisOut, HarcamaInput, KalemInput, TutarInput
from ..services import butce, odenek
from . import HAZIRLA, blp, fis_out

YONET = "muhasebe.butce.yonet"


@blp.route("/butce/kalemler")
class Kalemler(MethodView):
    @access("tenant", "staff")
    @requires(YONET)
    @blp.arguments(KalemInput)
    @blp.response(201, ButceKalemiOut)
    def post(self, data):
        """Open a budget line of a year (kurumsal, fonksiyonel, finansman, ekonomik) with no appropriation yet."""
        return butce.kalem_ac(data["yil"], data["kurumsal"], data["fonksiyonel"], data["ekonomik"], data["ad"],
                              finansman=data["finansman"], actor=actor())


@blp.route("/butce/kalemler/<int:kalem_id>/odenek")
class Odenek(MethodView):
    @access("tenant", "staff")
    @requires(YONET)
    @blp.arguments(TutarInput)
    @blp.response(201, FisOut)
    def post(self, data, kalem_id: int):
        """Prepare an appropriation (900/901) for a line: a draft voucher."""
        row = odenek.odenek_ver(kalem_id, data["tutar"], data["tarih"], actor=actor(), actor_id=actor_id(),
                                aciklama=data["aciklama"])
        return fis_out(row.id)


@blp.route("/butce/aktarmalar")
class Aktarma(MethodView):
    @access("tenant", "staff")
    @requires(YONET)
    @blp.arguments(AktarmaInput)
    @blp.response(201, FisOut)
    def post(self, data):
        """Prepare a transfer of appropriation between two lines of a year: a draft voucher."""
        row = odenek.aktar(data["kaynak_id"], data["hedef_id"], data["tutar"], data["tarih"], actor=actor(),
                           actor_id=actor_id(), aciklama=data["aciklama"])
        return fis_out(row.id)


@blp.route("/butce/kalemler/<int:kalem_id>/harcama")
class Harcama(MethodView):
    @access("tenant", "staff")
    @requires(HAZIRLA)
    @blp.arguments(HarcamaInput)
    @blp.response(201, FisOut)
    def post(self, data, kalem_id: int):
        """Prepare an expense on a line (ÖEB, 905/900 and 630/320): refused beyond what is left."""
        row = odenek.harca(kalem_id, data["tutar"], data["tarih"], actor=actor(), actor_id=actor_id(),
                           gider_ekonomik=data["gider_ekonomik"], aciklama=data["aciklama"])
        return fis_out(row.id)
