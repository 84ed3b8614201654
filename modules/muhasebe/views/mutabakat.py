"""The subsidiary-ledger reconciliation page and its dashboard card."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ebelediye import ports
from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.registry import DashboardCard
from ebelediye.web import actor

from ..services import mutabakat as service
from . import bp

GORUNTULE = "muhasebe.goruntule"


@bp.route("/mutabakat")
@access("tenant", "staff")
@requires(GORUNTULE)
def mutabakat():
    return render_template("muhasebe/mutabakat.html", runs=service.tum_gecmis(),
                           gelir_var=ports.available(ports.RevenueLedger), kasa_var=ports.available(ports.CashDesks))


@bp.route("/mutabakat/<int:mutabakat_id>")
@access("tenant", "staff")
@requires(GORUNTULE)
def mutabakat_ayrinti(mutabakat_id: int):
    return render_template("muhasebe/mutabakat_ayrinti.html", r=service.kayit(mutabakat_id))


@bp.route("/mutabakat/borclar", methods=["POST"])
@access("tenant", "staff")
@requires("muhasebe.fis.onayla")
def mutabakat_320_calistir():
    row = service.calistir_320(actor=actor())
    fark = f"{row.fark:.2f}".replace(".", ",")
    flash(_("320 hesabı ile açık borçlar arasında fark var: %(fark)s ₺.", fark=fark) if row.fark
          else _("320 hesabı açık borçlarla tutuyor."), "warning" if row.fark else "success")
    return _ayrintiya(row)


@bp.route("/mutabakat/kasa", methods=["POST"])
@access("tenant", "staff")
@requires("muhasebe.fis.onayla")
def mutabakat_100_calistir():
    row = service.calistir_100(actor=actor())
    fark = f"{row.fark:.2f}".replace(".", ",")
    flash(_("100 Kasa hesabı ile veznelerdeki nakit arasında fark var: %(fark)s ₺.", fark=fark) if row.fark
          else _("100 Kasa hesabı veznelerdeki nakitle tutuyor."), "warning" if row.fark else "success")
    return _ayrintiya(row)


@bp.route("/mutabakat", methods=["POST"])
@access("tenant", "staff")
@requires("muhasebe.fis.onayla")
def mutabakat_calistir():
    row = service.calistir(actor=actor())
    fark = f"{row.fark:.2f}".replace(".", ",")
    flash(_("Mutabakat farkı var: %(fark)s ₺.", fark=fark) if row.fark
          else _("120 hesabı Gelir'in açık borçlarıyla tutuyor."), "warning" if row.fark else "success")
    return _ayrintiya(row)


def _ayrintiya(row):
    """After a run: its page, with the documents behind any difference."""
    return redirect(url_for(".mutabakat_ayrinti", mutabakat_id=row.id), 303)


def mutabakat_card() -> DashboardCard | None:
    """The latest reconciliation of 120 with Gelir, shown when it found a difference (one statement)."""
    row = service.son()
    if row is None or not row.fark:
        return None
    return DashboardCard(_("Alt defter farkı (120)"), f"{row.fark:,.2f} ₺".replace(",", "X").replace(".", ",")
                         .replace("X", "."), _("%(gun)s itibarıyla, %(n)s ekonomik kodda", gun=row.gun.strftime("%d.%m.%Y"),
                                                n=len(row.ayrinti)),
                         endpoint="muhasebe.mutabakat", permission=GORUNTULE)


def mutabakat_320_card() -> DashboardCard | None:
    """The latest reconciliation of 320 with the open payables, shown when it found a difference."""
    row = service.son_tur(service.TUR_320)
    if row is None or not row.fark:
        return None
    return DashboardCard(_("Alt defter farkı (320)"), f"{row.fark:,.2f} ₺".replace(",", "X").replace(".", ",")
                         .replace("X", "."), _("%(gun)s itibarıyla, %(n)s belgede", gun=row.gun.strftime("%d.%m.%Y"),
                                                n=len(row.ayrinti)),
                         endpoint="muhasebe.mutabakat", permission=GORUNTULE)


def mutabakat_100_card() -> DashboardCard | None:
    """The latest reconciliation of 100 Kasa with the cash desks, shown when it found a difference."""
    row = service.son_tur(service.TUR_100)
    if row is None or not row.fark:
        return None
    n = row.ayrinti[0].get("belge_sayisi", 0) if row.ayrinti else 0
    return DashboardCard(_("Alt defter farkı (100)"), f"{row.fark:,.2f} ₺".replace(",", "X").replace(".", ",")
                         .replace("X", "."), _("%(gun)s itibarıyla, %(n)s belgede", gun=row.gun.strftime("%d.%m.%Y"),
                                                n=n),
                         endpoint="muhasebe.mutabakat", permission=GORUNTULE)
