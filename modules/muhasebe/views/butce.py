"""The budget page: the year's budget lines with appropriation, use and what is left;
opening a line; preparing an appropriation, a transfer or an expense (each a draft
voucher that a second person approves)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ebelediye import inputs
from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.web import actor, actor_id, today

from ..schemas import AktarmaInput, HarcamaInput, KalemInput, TutarInput
from ..services import butce as service
from ..services import odenek
from . import bp

GORUNTULE, YONET, HAZIRLA = "muhasebe.goruntule", "muhasebe.butce.yonet", "muhasebe.fis.hazirla"


class _YilInput(inputs.Input):
    yil = inputs.Integer(minimum=2000, maximum=2100, load_default=None)


@bp.route("/butce")
@access("tenant", "staff")
@requires(GORUNTULE)
def butce():
    yil = inputs.load_args(_YilInput())["yil"] or today().year
    rows = service.kalemler(yil)
    odenek_toplam, kullanilan = service.yil_ozeti(yil)
    return render_template("muhasebe/butce.html", rows=rows, yil=yil, odenek_toplam=odenek_toplam,
                           kullanilan=kullanilan, bugun=today())


@bp.route("/butce/kalem", methods=["POST"])
@access("tenant", "staff")
@requires(YONET)
def kalem_ac():
    data = inputs.load_form(KalemInput())
    row = service.kalem_ac(data["yil"], data["kurumsal"], data["fonksiyonel"], data["ekonomik"], data["ad"],
                           finansman=data["finansman"], actor=actor())
    flash(_("Bütçe kalemi açıldı: %(ad)s.", ad=row.ad), "success")
    return redirect(url_for(".butce", yil=row.yil), 303)


@bp.route("/butce/<int:kalem_id>/odenek", methods=["POST"])
@access("tenant", "staff")
@requires(YONET)
def odenek_ver(kalem_id: int):
    data = inputs.load_form(TutarInput())
    row = odenek.odenek_ver(kalem_id, data["tutar"], data["tarih"], actor=actor(), actor_id=actor_id(),
                            aciklama=data["aciklama"])
    flash(_("Ödenek fişi hazırlandı; onaylanınca kaleme işlenir."), "success")
    return redirect(url_for(".fis", fis_id=row.id), 303)


@bp.route("/butce/aktar", methods=["POST"])
@access("tenant", "staff")
@requires(YONET)
def aktar():
    data = inputs.load_form(AktarmaInput())
    row = odenek.aktar(data["kaynak_id"], data["hedef_id"], data["tutar"], data["tarih"], actor=actor(), actor_id=actor_id(),
                       aciklama=data["aciklama"])
    flash(_("Aktarma fişi hazırlandı; onaylanınca kalemlere işlenir."), "success")
    return redirect(url_for(".fis", fis_id=row.id), 303)


@bp.route("/butce/<int:kalem_id>/harca", methods=["POST"])
@access("tenant", "staff")
@requires(HAZIRLA)
def harca(kalem_id: int):
    data = inputs.load_form(HarcamaInput())
    row = odenek.harca(kalem_id, data["tutar"], data["tarih"], actor=actor(), actor_id=actor_id(),
                       gider_ekonomik=data["gider_ekonomik"], aciklama=data["aciklama"])
    flash(_("Ödeme emri belgesi hazırlandı; onaylanınca ödenekten düşülür."), "success")
    return redirect(url_for(".fis", fis_id=row.id), 303)
