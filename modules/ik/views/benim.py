"""Employee self-service: a signed-in staff member's own payslips, leave balance and requests
(matched to the staff record by the account's e-mail)."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ebelediye.access import access
from ebelediye.errors import NotFound
from ebelediye.web import FormPage, actor

from ..schemas import IZIN_TUR_ADLARI, IZIN_TURLERI, IzinTalepInput
from ..services import belge, bordro, izin, ozluk
from ..services import personel as service
from . import bp
from ._common import dosya

#: the newest documents self-service lists (the office keeps the whole file)
BELGE_SAYFASI = 100


def _page(p):
    return FormPage("ik/benim.html", IzinTalepInput(), p=p, turler=IZIN_TURLERI, tur_adlari=IZIN_TUR_ADLARI,
                    bordrolar=bordro.bordrolarim(p.id) if p else [], bakiye=izin.bakiye(p.id) if p else 0,
                    yillar=izin.yillara_gore(p.id) if p else {},
                    talepler=izin.talepler(personel_id=p.id) if p else [],
                    belgeler=ozluk.belgeler(p.id, boyut=BELGE_SAYFASI)[0] if p else [])


@bp.route("/benim", methods=["GET", "POST"])
@access("tenant", "staff")
def benim():
    p = service.epostadan(current_user.email)
    page = _page(p)
    if page.submitted and p is not None:
        with page.attempt():
            data = page.load()
            izin.talep(p.id, data["tur"], data["baslangic"], data["bitis"], aciklama=data["aciklama"], actor=actor())
            flash(_("İzin talebiniz yöneticinize iletildi."), "success")
            return redirect(url_for("ik.benim"), 303)
    return page.render()


@bp.route("/benim/bordro/<int:satir_id>.pdf")
@access("tenant", "staff")
def benim_bordro_pdf(satir_id: int):
    p = service.epostadan(current_user.email)
    if p is None:
        raise NotFound(_("Bordro satırı bulunamadı."))
    if satir_id not in {s.id for s, _b in bordro.bordrolarim(p.id)}:
        raise NotFound(_("Bordro satırı bulunamadı."))
    return dosya(belge.bordro_pdf(satir_id, personel_id=p.id), f"bordro-{satir_id}.pdf", "application/pdf")
