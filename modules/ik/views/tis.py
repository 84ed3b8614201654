"""The TİS page: the agreements with their wage scales and increases, and a new one."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _

from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.web import FormPage, actor

from ..schemas import RAPOR_ILK_IKI_GUN, TisInput
from ..services import tis as service
from . import bp

#: the TİS form's answer on a sick report's first two days
ILK_IKI_GUN = {"evet": True, "hayir": False}


@bp.route("/tis", methods=["GET", "POST"])
@access("tenant", "staff")
@requires("ik.bordro.hazirla")
def tisler():
    page = FormPage("ik/tis.html", TisInput(), rows=service.tisler(), ilk_iki_gun=RAPOR_ILK_IKI_GUN)
    if page.submitted:
        with page.attempt():
            data = page.load()
            row = service.tis_ekle(data["ad"], data["sendika"], data["baslangic"], data["bitis"], data["ucretler"],
                                   data["zamlar"], actor=actor(),
                                   rapor_ilk_iki_gun=ILK_IKI_GUN.get(data["rapor_ilk_iki_gun"] or ""))
            flash(_("%(ad)s kaydedildi.", ad=row.ad), "success")
            return redirect(url_for("ik.tisler"), 303)
    return page.render()
