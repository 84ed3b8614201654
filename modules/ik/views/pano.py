"""İK's dashboard cards."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _

from ebelediye.registry import DashboardCard
from ebelediye.web import today

from ..hesap import tl
from ..services import bordro, izin, ozluk, personel


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


def maliyet_card() -> DashboardCard:
    """Birime göre bordro maliyeti: the latest closed month's cost (gross + employer shares)
    by unit, the dearest three and the total; an empty state before the first closed run."""
    donem = bordro.son_kapali_donem()
    if donem is None:
        return DashboardCard(_("Birime göre bordro maliyeti"), "—", _("Henüz kapatılmış bordro yok."),
                             endpoint="ik.bordro_maliyeti", permission="ik.bordro.hazirla")
    units = bordro.maliyet_birimleri(donem)
    total = sum((row.toplam for row in units), Decimal("0"))
    top = " · ".join(f"{row.ad}: {tl(row.toplam)} TL" for row in units[:3])
    more = len(units) - 3
    detail = _("%(donem)s · %(ilk)s", donem=donem, ilk=top)
    if more > 0:
        detail += " · " + _("%(n)s birim daha", n=more)
    return DashboardCard(_("Birime göre bordro maliyeti"), f"{tl(total)} TL", detail,
                         endpoint="ik.bordro_maliyeti", permission="ik.bordro.hazirla")


def belge_card() -> DashboardCard:
    """Documents in force whose validity ends within 30 days (a health report, say)."""
    _rows, total = ozluk.yaklasanlar(today(), boyut=1)
    return DashboardCard(_("Geçerliliği bitecek belgeler"), str(total),
                         _("önümüzdeki %(n)s gün", n=ozluk.YAKLASAN_GUN), endpoint="ik.belgeler_yaklasan",
                         permission="ik.personel.goruntule")
