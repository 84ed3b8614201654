"""Gelir's cards on the staff dashboard: one statement each, linking to the reports page
where the charts are (a card carries only a title, a value and a detail)."""

from __future__ import annotations

import json
from decimal import Decimal

from flask_babel import gettext as _
from redis.exceptions import RedisError

from ebelediye import jobs, tenancy
from ebelediye.registry import DashboardCard
from ebelediye.web import today

from ..hesap import tl
from ..services import rapor

#: the overdue total reads every open accrual (about 1.7 s at two million): the dashboard
#: shows a figure at most this old, cached per tenant and day
ARREARS_CACHE_SECONDS = 300


def collections_card() -> DashboardCard:
    """Today's collections, with the receipt count and the month so far (index on the date)."""
    day = today()
    figures = rapor.gunun_tahsilati(day)
    return DashboardCard(
        _("Bugünkü tahsilat"), f"{tl(figures['bugun'])} TL",
        _("%(day)s · %(count)s makbuz · bu ay %(month)s TL", day=f"{day:%d.%m.%Y}", count=figures["makbuz"],
          month=tl(figures["ay"])),
        endpoint="gelir.raporlar", permission="gelir.rapor.goruntule")


def arrears_card() -> DashboardCard:
    """The overdue open balance today and how many taxpayers owe it."""
    figures = _arrears(today())
    return DashboardCard(
        _("Vadesi geçmiş alacak"), f"{tl(figures['tutar'])} TL",
        _("%(count)s mükellef · gecikme zammı hariç · en çok %(minutes)s dk önceki durum",
          count=figures["mukellef"], minutes=ARREARS_CACHE_SECONDS // 60),
        endpoint="gelir.raporlar", permission="gelir.rapor.goruntule")


def _arrears(day) -> dict:
    tenant = tenancy.current_tenant()
    key = jobs.tenant_key(tenant.slug, "gelir", "kart", "gecikmis", day.isoformat()) if tenant else None
    try:
        cached = jobs.redis_connection().get(key) if key else None
    except RedisError:
        cached = None
    if cached:
        data = json.loads(cached)
        return {"tutar": Decimal(data["tutar"]), "mukellef": data["mukellef"]}
    figures = rapor.gecikmis_alacak_ozeti(day)
    if key:
        try:
            jobs.redis_connection().set(key, json.dumps({"tutar": str(figures["tutar"]),
                                                         "mukellef": figures["mukellef"]}),
                                        ex=ARREARS_CACHE_SECONDS)
        except RedisError:
            pass  # the figure is shown anyway; the next load computes it again
    return figures
