"""The month's data for the Hazine's general government statistics (KBS): the three tables,
their export, the mark that they were entered, and the dashboard card that reminds of it."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ebelediye import inputs
from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.registry import DashboardCard
from ebelediye.web import actor, today

from ..services import mali_istatistik as service
from . import bp
from ._common import export

GORUNTULE = "muhasebe.goruntule"
#: who enters the month into the KBS: the accounting officer who also locks the months
GIREN = "muhasebe.donem.kilitle"
TABLOLAR = ("mizan", "odenek", "gelir")


class _VeriInput(inputs.Input):
    yil = inputs.Integer(minimum=2000, maximum=2100, load_default=None)
    ay = inputs.Integer(minimum=1, maximum=12, load_default=None)
    tablo = inputs.Choice(TABLOLAR, load_default="mizan")
    bicim = inputs.Choice(("", "csv", "xlsx"), load_default="")


class _GirisInput(inputs.Input):
    yil = inputs.Integer(minimum=2000, maximum=2100, required=True)
    ay = inputs.Integer(minimum=1, maximum=12, required=True)
    aciklama = inputs.Text(load_default="", max_length=500)


def _export(veri: service.AylikVeri, tablo: str, bicim: str):
    name = f"kbs-{veri.yil}-{veri.ay:02d}-{tablo}"
    if tablo == "mizan":
        header = [_("Hesap kodu"), _("Hesap adı"), _("Borç"), _("Alacak"), _("Borç bakiyesi"), _("Alacak bakiyesi")]
        rows = [[r.kod, r.ad, r.borc, r.alacak, r.borc_bakiye, r.alacak_bakiye] for r in veri.mizan.satirlar]
        return export(bicim, name, _("Mizan"), header, rows)
    if tablo == "odenek":
        header = [_("Kurumsal"), _("Fonksiyonel"), _("Finansman"), _("Ekonomik"), _("Kalem"), _("Ödenek"),
                  _("Harcama"), _("Kalan")]
        rows = [[r.kurumsal, r.fonksiyonel, r.finansman, r.ekonomik, r.ad, r.odenek, r.harcama, r.kalan]
                for r in veri.odenekler]
        return export(bicim, name, _("Ödenek ve harcama"), header, rows)
    header = [_("Ekonomik kod"), _("Tahsilat (800)"), _("Ret ve iade (810)"), _("Net")]
    rows = [[r.ekonomik, r.tahsilat, r.iade, r.net] for r in veri.gelirler]
    return export(bicim, name, _("Bütçe gelirleri"), header, rows)


@bp.route("/mali-istatistik")
@access("tenant", "staff")
@requires(GORUNTULE)
def mali_istatistik():
    """One month's tables (the latest month ended, unless chosen), cumulative from 1 January."""
    args = inputs.load_args(_VeriInput())
    yil, ay = service.son_biten_ay(today())
    yil, ay = args["yil"] or yil, args["ay"] or ay
    veri = service.aylik_veri(yil, ay)
    if args["bicim"]:
        return _export(veri, args["tablo"], args["bicim"])
    return render_template("muhasebe/mali_istatistik.html", v=veri, gecikti=veri.durum != "girildi"
                           and today() > veri.son_gun, bitmedi=veri.bit >= today())


@bp.route("/mali-istatistik/giris", methods=["POST"])
@access("tenant", "staff")
@requires(GIREN)
def mali_veri_girildi():
    data = inputs.load_form(_GirisInput())
    service.isaretle(data["yil"], data["ay"], data["aciklama"], today(), actor=actor())
    flash(_("%(ay)02d/%(yil)s verisi KBS'ye girildi olarak işaretlendi.", ay=data["ay"], yil=data["yil"]), "success")
    return redirect(url_for(".mali_istatistik", yil=data["yil"], ay=data["ay"]), 303)


def mali_veri_card() -> DashboardCard | None:
    """The latest month ended, while it is not entered as it stands (two small statements)."""
    yil, ay = service.son_biten_ay(today())
    durum = service.kart_durumu(yil, ay)
    if durum in (None, "girildi"):
        return None
    value = _("Girilmedi") if durum == "girilmedi" else _("Değişti, yeniden girilmeli")
    return DashboardCard(_("Hazine aylık mali verisi %(ay)02d/%(yil)s", ay=ay, yil=yil), value,
                         _("son gün %(gun)s", gun=service.son_gun(yil, ay).strftime("%d.%m.%Y")),
                         endpoint="muhasebe.mali_istatistik", permission=GORUNTULE)
