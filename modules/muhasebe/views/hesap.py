"""The chart of accounts page: the accounts, and a form for a sub-account."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.web import FormPage, actor

from ..schemas import AltHesapInput
from ..services import hesaplar as service
from . import bp

TURLER = {"varlik": _l("Varlık"), "kaynak": _l("Kaynak"), "faaliyet": _l("Faaliyet"), "butce": _l("Bütçe"),
          "odenek": _l("Ödenek"), "nazim": _l("Nazım")}


@bp.route("/hesaplar", methods=["GET"])
@access("tenant", "staff")
@requires("muhasebe.goruntule")
def hesaplar():
    page = FormPage("muhasebe/hesaplar.html", AltHesapInput(), hesaplar=service.hesaplar(), turler=TURLER)
    return page.render()


@bp.route("/hesaplar", methods=["POST"])
@access("tenant", "staff")
@requires("muhasebe.hesap.yonet")
def hesap_ekle():
    page = FormPage("muhasebe/hesaplar.html", AltHesapInput(), turler=TURLER)
    with page.attempt():
        data = page.load()
        row = service.alt_hesap_ekle(data["kod"], data["ad"], actor=actor(), iban=data.get("iban"))
        flash(_("%(kod)s hesabı açıldı.", kod=row.kod), "success")
        return redirect(url_for(".hesaplar"), 303)
    return page.render(hesaplar=service.hesaplar())
