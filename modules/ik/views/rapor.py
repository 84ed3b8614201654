"""SGK reports (Vizite): the reports SGK lists for a period, matched to the staff; record one
as leave, give SGK the employer's notice."""

from __future__ import annotations

from datetime import timedelta

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ebelediye import inputs
from ebelediye.access import access
from ebelediye.errors import UserError
from ebelediye.rbac import requires
from ebelediye.web import actor, today

from ..schemas import (
    IZIN_TUR_ADLARI,
    RAPOR_TURLERI,
    RaporBildirimInput,
    RaporIzinInput,
    RaporSayfaInput,
)
from ..services import rapor as service
from . import bp

YONET = "ik.personel.yonet"


@bp.route("/sgk-raporlari")
@access("tenant", "staff")
@requires(YONET)
def sgk_raporlari():
    """The reports SGK lists for the days asked (default the last 31); SGK's failure is shown
    on the page, not as an error page."""
    rows, hata, hatalar, status = [], None, {}, 200
    bitis = today()
    baslangic = bitis - timedelta(days=30)
    try:
        args = inputs.load_args(RaporSayfaInput())
        bitis = args["bitis"] or (args["baslangic"] + timedelta(days=30) if args["baslangic"] else bitis)
        baslangic = args["baslangic"] or bitis - timedelta(days=30)
        rows = service.raporlar(baslangic, bitis, actor=actor())
    except UserError as exc:
        hata, hatalar, status = exc.message, exc.errors, exc.status
    return render_template("ik/sgk_raporlari.html", rows=rows, hata=hata, hatalar=hatalar, baslangic=baslangic,
                           bitis=bitis, rapor_turleri=RAPOR_TURLERI, izin_turleri=IZIN_TUR_ADLARI), status


def _back(data):
    return redirect(url_for("ik.sgk_raporlari", baslangic=data["baslangic"].isoformat(),
                            bitis=data["bitis"].isoformat()), 303)


@bp.route("/sgk-raporlari/izin", methods=["POST"])
@access("tenant", "staff")
@requires(YONET)
def sgk_raporu_izin():
    data = inputs.load_form(RaporIzinInput())
    service.izin_kaydet(data["rapor_no"], data["baslangic"], data["bitis"], actor=actor())
    flash(_("Rapor %(no)s izin olarak kaydedildi.", no=data["rapor_no"]), "success")
    return _back(data)


@bp.route("/sgk-raporlari/bildirim", methods=["POST"])
@access("tenant", "staff")
@requires(YONET)
def sgk_raporu_bildirim():
    data = inputs.load_form(RaporBildirimInput())
    row = service.bildir(data["rapor_no"], data["baslangic"], data["bitis"], data["calisti"], data["neden"],
                         actor=actor())
    flash(_("SGK'ya bildirildi (%(ref)s).", ref=row.bildirim_referans), "success")
    return _back(data)
