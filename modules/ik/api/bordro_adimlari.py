"""The payroll run's steps after the start, as the run page offers them: resume a run whose
worker died, a difference run correcting a closed one, paid, and the SGK declarations."""

from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user

from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.web import actor, today

from ..schemas import AciklamaInput
from ..services import bordro
from . import HAZIRLA, KAPAT, BordroSchema, blp


def _starter() -> str:
    return f"staff:{current_user.id}"


@blp.route("/bordro/<int:bordro_id>/devam")
class BordroDevam(MethodView):
    @access("tenant", "staff")
    @requires(HAZIRLA)
    @blp.response(202, BordroSchema)
    def post(self, bordro_id: int):
        """Resume a run whose worker died: a new job goes on from the payslips already made."""
        row = bordro.bordro(bordro_id)
        if row.tur == "asil":
            return bordro.baslat(row.donem, actor=actor(), starter=_starter())
        return bordro.devam(row.id, actor=actor(), starter=_starter())


@blp.route("/bordro/<int:bordro_id>/fark")
class BordroFark(MethodView):
    @access("tenant", "staff")
    @requires(HAZIRLA)
    @blp.arguments(AciklamaInput)
    @blp.response(202, BordroSchema)
    def post(self, data, bordro_id: int):
        """Start a difference run that corrects a closed run (a closed run is never edited)."""
        return bordro.fark_baslat(bordro_id, actor=actor(), starter=_starter(), aciklama=data["aciklama"])


@blp.route("/bordro/<int:bordro_id>/odendi")
class BordroOdendi(MethodView):
    @access("tenant", "staff")
    @requires(KAPAT)
    @blp.response(200, BordroSchema)
    def post(self, bordro_id: int):
        """Mark a closed run's net pay as sent to the bank: the payment goes to accounting."""
        return bordro.odendi(bordro_id, today(), actor=actor())


@blp.route("/bordro/<int:bordro_id>/aphb")
class BordroAphb(MethodView):
    @access("tenant", "staff")
    @requires(KAPAT)
    @blp.response(200, BordroSchema)
    def post(self, bordro_id: int):
        """Send a closed run's monthly premium declaration (APHB, 4/1-a staff) to SGK."""
        return bordro.aphb_gonder(bordro_id, actor=actor())


@blp.route("/bordro/<int:bordro_id>/kesenek")
class BordroKesenek(MethodView):
    @access("tenant", "staff")
    @requires(KAPAT)
    @blp.response(200, BordroSchema)
    def post(self, bordro_id: int):
        """Send a closed run's kesenek declaration (4/1-c and 5434 staff) to SGK."""
        return bordro.kesenek_gonder(bordro_id, actor=actor())
