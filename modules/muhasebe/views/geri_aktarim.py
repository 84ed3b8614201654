"""The back-posting page: start a run of Gelir's earlier records and follow its progress."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ebelediye import ports
from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.tenancy import require_tenant
from ebelediye.web import actor

from ..services import geri_aktarim
from . import bp

DURUMLAR = {"bekliyor": _l("Bekliyor"), "calisiyor": _l("Sürüyor"), "bitti": _l("Bitti"), "hata": _l("Durdu")}


@bp.route("/geri-aktarim")
@access("tenant", "staff")
@requires("muhasebe.goruntule")
def geri_aktarim_index():
    return render_template("muhasebe/geri_aktarim.html", runs=geri_aktarim.calismalar(),
                           etkin_at=geri_aktarim.etkin_at(), gelir_var=ports.available(ports.RevenueLedger),
                           ik_var=ports.available(ports.PayrollLedger), durumlar=DURUMLAR)


@bp.route("/geri-aktarim", methods=["POST"])
@access("tenant", "staff")
@requires("muhasebe.fis.onayla")
def geri_aktarim_baslat():
    modul = geri_aktarim.MODUL_IK if request.form.get("modul") == geri_aktarim.MODUL_IK else geri_aktarim.MODUL
    run = geri_aktarim.baslat(actor=actor(), modul=modul)
    geri_aktarim.kuyruga_al(run, require_tenant().slug, starter=f"staff:{current_user.id}")
    flash(_("Geriye dönük aktarım kuyruğa alındı; ilerlemesi aşağıda."), "success")
    return redirect(url_for(".geri_aktarim_index"), 303)
