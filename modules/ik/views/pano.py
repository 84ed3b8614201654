"""İK's dashboard cards."""

from __future__ import annotations

from flask_babel import gettext as _

from ebelediye.registry import DashboardCard
from ebelediye.web import today

from ..services import izin, personel


def kadro_card() -> DashboardCard:
    """Headcount of working staff by kind."""
    counts = personel.sayim()
    detail = " · ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
    return DashboardCard(_("Personel sayısı"), str(sum(counts.values())), detail, endpoint="ik.personel_listesi",
                         permission="ik.personel.goruntule")


def izin_card() -> DashboardCard:
    """Who is on leave today."""
    return DashboardCard(_("Bugün izinde"), str(len(izin.disarida(today()))), _("onaylı izin"),
                         endpoint="ik.izinler", permission="ik.izin.onayla")
