"""Leave pages for managers: pending requests, decisions, who is away today, the month's
calendar by unit."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ebelediye import inputs
from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.web import Pager, actor, query_string, today

from ..schemas import IZIN_TUR_ADLARI, KararInput, TakvimInput, YilInput
from ..services import izin as service
from ..services import personel
from . import bp

ONAYLA = "ik.izin.onayla"


@bp.route("/izin")
@access("tenant", "staff")
@requires(ONAYLA)
def izinler():
    pending = [(t, personel.personel(t.personel_id)) for t in service.talepler(durum="bekliyor")]
    return render_template("ik/izinler.html", bekleyen=pending, disarida=service.disarida(today()),
                           turler=IZIN_TUR_ADLARI, bugun=today())


TAKVIM_SAYFA = 50


def _ay_kaydir(ay: str, months: int) -> str:
    year, month = divmod(int(ay[:4]) * 12 + int(ay[5:7]) - 1 + months, 12)
    return f"{year:04d}-{month + 1:02d}"


@bp.route("/izin/takvim")
@access("tenant", "staff")
@requires(ONAYLA)
def izin_takvimi():
    """The month's leave calendar: who is away on which day, by unit."""
    args = inputs.load_args(TakvimInput())
    ay = args["ay"] or f"{today():%Y-%m}"
    cal = service.takvim(ay, birim_id=args["birim"], sayfa=args["sayfa"], boyut=TAKVIM_SAYFA)
    query = query_string({"ay": ay, "birim": args["birim"]}, "ay", "birim")
    return render_template("ik/izin_takvimi.html", takvim=cal, birim_id=args["birim"], birimler=personel.birimler(),
                           sayfa=Pager(args["sayfa"], cal.toplam, TAKVIM_SAYFA), query=query,
                           onceki=_ay_kaydir(ay, -1), sonraki=_ay_kaydir(ay, 1), turler=IZIN_TUR_ADLARI,
                           harfler=service.HARFLER, bugun=today())


@bp.route("/izin/yil", methods=["POST"])
@access("tenant", "staff")
@requires(ONAYLA)
def izin_yili():
    """The year's entitlements for everyone, or the year-end lapse (657 m.103)."""
    data = inputs.load_form(YilInput())
    if data["islem"] == "hak":
        made = service.hak_tanimla_hepsi(data["yil"], actor=actor())
        flash(_("%(n)s kişiye %(yil)s yıllık izin hakkı tanımlandı.", n=made, yil=data["yil"]), "success")
    else:
        lapsed = service.dusur(data["yil"], actor=actor())
        flash(_("%(n)s kişinin %(yil)s yılından kalan izni düştü.", n=lapsed, yil=data["yil"] - 1), "success")
    return redirect(url_for("ik.izinler"), 303)


@bp.route("/izin/<int:talep_id>/karar", methods=["POST"])
@access("tenant", "staff")
@requires(ONAYLA)
def izin_karar(talep_id: int):
    data = inputs.load_form(KararInput())
    row = service.karar(talep_id, data["onay"], actor=actor())
    flash(_("İzin talebi onaylandı.") if row.durum == "onaylandi" else _("İzin talebi reddedildi."), "success")
    return redirect(url_for("ik.izinler"), 303)
