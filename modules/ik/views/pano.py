"""İK's dashboard cards."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _

from ebelediye.registry import DashboardCard
from ebelediye.web import today

from ..hesap import tl
from ..services import bordro, izin, personel


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


def maliyet_card() -> DashboardCard | None:
    """Payroll cost (gross + employer shares) of the latest closed month, by unit."""
    runs = [r for r in bordro.bordrolar(limit=12) if r.durum in ("kapali", "odendi") and r.tur == "asil"]
    if not runs:
        return None
    by_unit = bordro.maliyet_birim(runs[0].donem)
    total = sum(by_unit.values(), Decimal("0"))
    top = ", ".join(f"{unit}: {tl(amount)}" for unit, amount in sorted(by_unit.items(), key=lambda x: -x[1])[:3])
    return DashboardCard(_("Bordro maliyeti %(donem)s", donem=runs[0].donem), f"{tl(total)} TL", top,
                         endpoint="ik.bordrolar", permission="ik.bordro.hazirla")
