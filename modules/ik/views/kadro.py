"""The positions (kadrolar) and a memur position's makam, temsil and görev tazminatı by date."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ebelediye.access import access
from ebelediye.extensions import db
from ebelediye.rbac import requires
from ebelediye.web import FormPage, actor

from ..models import Birim, Kadro
from ..schemas import TAZMINAT_TURLERI, TURLER, KadroTazminatInput
from ..services import personel, sendika
from . import bp

HAZIRLA = "ik.bordro.hazirla"


@bp.route("/kadrolar")
@access("tenant", "staff")
@requires(HAZIRLA)
def kadrolar():
    return render_template("ik/kadrolar.html", rows=personel.kadrolar(), turler=TURLER)


@bp.route("/kadrolar/<int:kadro_id>/tazminat", methods=["GET", "POST"])
@access("tenant", "staff")
@requires(HAZIRLA)
def kadro_tazminat(kadro_id: int):
    kadro = db.session.get(Kadro, kadro_id)
    if kadro is None:
        abort(404)
    page = FormPage("ik/kadro_tazminat.html", KadroTazminatInput(), kadro=kadro,
                    birim=db.session.get(Birim, kadro.birim_id), rows=sendika.tazminatlar(kadro.id),
                    tazminat_turleri=TAZMINAT_TURLERI)
    if page.submitted:
        with page.attempt():
            data = page.load()
            sendika.tazminat_ekle(kadro.id, data["tur"], data["gosterge"], data["baslangic"], kaynak=data["kaynak"],
                                  actor=actor())
            flash(_("Kadro tazminatı kaydedildi."), "success")
            return redirect(url_for("ik.kadro_tazminat", kadro_id=kadro.id), 303)
    return page.render()
