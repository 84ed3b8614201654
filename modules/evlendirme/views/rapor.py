"""Statistics of the office and its dashboard card."""

from __future__ import annotations

from datetime import date

from flask import render_template
from flask_babel import gettext as _

from ebelediye import inputs
from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.registry import DashboardCard
from ebelediye.web import today

from ..schemas import Girdi
from ..services import istatistik, takvim
from . import bp


class DonemInput(Girdi):
    baslangic = inputs.Day(load_default=None)
    bitis = inputs.Day(load_default=None)


@bp.route("/istatistik", endpoint="istatistik")
@access("tenant", "staff")
@requires("evlendirme.rapor.goruntule")
def istatistik_sayfasi():
    args = inputs.load_args(DonemInput())
    end = args["bitis"] or today()
    start = args["baslangic"] or date(end.year - 1, end.month, 1)
    if start > end or (end - start).days > 3 * 366:
        start, end = date(end.year - 1, end.month, 1), end
    return render_template("evlendirme/istatistik.html", ozet=istatistik.ozet(start, end), baslangic=start, bitis=end)




def bugun_card() -> DashboardCard:
    """Today's ceremonies (one count)."""
    return DashboardCard(_("Bugünkü nikâhlar"), str(takvim.nikah_sayisi(today())), _("kesin ya da tutulmuş"),
                         endpoint="evlendirme.takvim", permission="evlendirme.basvuru.goruntule")

