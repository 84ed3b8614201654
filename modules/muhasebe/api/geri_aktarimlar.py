"""The back-posting as its page runs it: Gelir's records made before Muhasebe was enabled
are posted by a resumable job; start a run and follow it."""

from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user

from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.tenancy import require_tenant
from ebelediye.web import actor

from ..schemas import GeriAktarimInput, GeriAktarimOut
from ..services import geri_aktarim
from . import GORUNTULE, ONAYLA, blp


@blp.route("/geri-aktarim")
class GeriAktarimlar(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, GeriAktarimOut(many=True))
    def get(self):
        """The latest 20 back-posting runs with their progress."""
        return geri_aktarim.calismalar()

    @access("tenant", "staff")
    @requires(ONAYLA)
    @blp.arguments(GeriAktarimInput, location="query")
    @blp.response(202, GeriAktarimOut)
    def post(self, args):
        """Start the back-posting of Gelir's earlier records (``modul=gelir``, the default) or
        İK's earlier payrolls (``modul=ik``) as a job (one run per module at a time; 422 when
        there is nothing to post or an appropriation is missing, 409 while another runs or
        where the module is not enabled)."""
        run = geri_aktarim.baslat(actor=actor(), modul=args["modul"])
        geri_aktarim.kuyruga_al(run, require_tenant().slug, starter=f"staff:{current_user.id}")
        return run


@blp.route("/geri-aktarim/<int:run_id>")
class GeriAktarimDurumu(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, GeriAktarimOut)
    def get(self, run_id: int):
        """A run: its state, cursor, vouchers and amount posted so far."""
        return geri_aktarim.calisma(run_id)
