"""Gelir's cards on the staff dashboard: one cheap statement each, linking to the reports
page where the charts are (a card carries only a title, a value and a detail)."""

from __future__ import annotations

from ebelediye.registry import DashboardCard

from ..hesap import tl
from ..services import rapor
from ._common import today


def collections_card() -> DashboardCard:
    """Today's collections, with the receipt count and the month so far."""
    day = today()
    figures = rapor.gunun_tahsilati(day)
    return DashboardCard(
        "Bugünkü tahsilat", f"{tl(figures['bugun'])} TL",
        f"{day:%d.%m.%Y} · {figures['makbuz']} makbuz · bu ay {tl(figures['ay'])} TL",
        endpoint="gelir.raporlar", permission="gelir.rapor.goruntule")


def arrears_card() -> DashboardCard:
    """The overdue open balance today and how many taxpayers owe it."""
    figures = rapor.gecikmis_alacak_ozeti(today())
    return DashboardCard(
        "Vadesi geçmiş alacak", f"{tl(figures['tutar'])} TL",
        f"{figures['mukellef']} mükellef · gecikme zammı hariç",
        endpoint="gelir.raporlar", permission="gelir.rapor.goruntule")
