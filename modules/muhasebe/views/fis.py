"""Voucher pages: the list with search and pages, the form, a voucher with its approve,
reverse and cancel buttons."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ebelediye import inputs
from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.web import FormPage, Pager, actor, actor_id, query_string, today

from ..schemas import DURUMLAR, FIS_TURLERI, AramaInput, FisInput, satirlar_of
from ..services import fis as service
from ..services import hesaplar
from . import bp

GORUNTULE, HAZIRLA, ONAYLA = "muhasebe.goruntule", "muhasebe.fis.hazirla", "muhasebe.fis.onayla"
PAGE = 25
SATIR_ALANLARI = ("hesap", "kurumsal", "fonksiyonel", "finansman", "ekonomik", "borc", "alacak", "aciklama_satir")


@bp.route("/fisler")
@access("tenant", "staff")
@requires(GORUNTULE)
def fisler():
    args = inputs.load_args(AramaInput())
    rows, total = service.ara(args["ara"], args["durum"], page=args["sayfa"], per_page=PAGE)
    query = query_string(args, "ara", "durum")
    return render_template("muhasebe/fisler.html", rows=rows, args=args, total=total, durumlar=DURUMLAR,
                           turler=FIS_TURLERI, sayfa=Pager(args["sayfa"], total, PAGE), query=query)


def _form_to_fis(form) -> dict:
    """The form's repeated line fields as the API's nested input (blank lines dropped)."""
    columns = {name: form.getlist(name) for name in SATIR_ALANLARI}
    count = max((len(v) for v in columns.values()), default=0)
    lines = []
    for i in range(count):
        line = {name: (columns[name][i] if i < len(columns[name]) else "").strip() for name in SATIR_ALANLARI}
        if not line["hesap"] and not line["borc"] and not line["alacak"]:
            continue
        line["borc"] = line["borc"] or "0"
        line["alacak"] = line["alacak"] or "0"
        lines.append(line)
    return {"tarih": form.get("tarih", ""), "tur": form.get("tur", "mif"), "aciklama": form.get("aciklama", ""),
            "satirlar": lines}


@bp.route("/fisler/yeni", methods=["GET", "POST"])
@access("tenant", "staff")
@requires(HAZIRLA)
def fis_yeni():
    page = FormPage("muhasebe/fis_yeni.html", None, hesaplar=hesaplar.hesaplar(sadece_aktif=True), turler=FIS_TURLERI,
                    satir_sayisi=8, bugun=today())
    if page.submitted:
        with page.attempt():
            data = inputs.load(FisInput(), _form_to_fis(request.form))
            row = service.hazirla(data["tarih"], satirlar_of(data), actor=actor(), actor_id=actor_id(),
                                  tur=data["tur"], aciklama=data["aciklama"])
            flash(_("Fiş taslak olarak kaydedildi; başka bir yetkili onaylayınca deftere geçer."), "success")
            return redirect(url_for(".fis", fis_id=row.id), 303)
    return page.render(satirlar=_form_to_fis(request.form)["satirlar"] if page.submitted else [])


@bp.route("/fisler/<int:fis_id>")
@access("tenant", "staff")
@requires(GORUNTULE)
def fis(fis_id: int):
    row = service.fis(fis_id)
    return render_template("muhasebe/fis.html", row=row, satirlar=service.satirlari(row.id), durumlar=DURUMLAR,
                           turler=FIS_TURLERI)


@bp.route("/fisler/<int:fis_id>/onayla", methods=["POST"])
@access("tenant", "staff")
@requires(ONAYLA)
def fis_onayla(fis_id: int):
    row = service.onayla(fis_id, actor=actor(), actor_id=actor_id())
    flash(_("Fiş onaylandı: %(no)s.", no=row.numara), "success")
    return redirect(url_for(".fis", fis_id=fis_id), 303)


@bp.route("/fisler/<int:fis_id>/ters", methods=["POST"])
@access("tenant", "staff")
@requires(HAZIRLA)
def fis_ters(fis_id: int):
    row = service.ters_kayit(fis_id, actor=actor(), actor_id=actor_id(), tarih=today())
    flash(_("Ters kayıt taslağı hazırlandı; başka bir yetkili onaylamalı."), "success")
    return redirect(url_for(".fis", fis_id=row.id), 303)


@bp.route("/fisler/<int:fis_id>/iptal", methods=["POST"])
@access("tenant", "staff")
@requires(HAZIRLA)
def fis_iptal(fis_id: int):
    service.iptal(fis_id, actor=actor())
    flash(_("Taslak fiş iptal edildi."), "success")
    return redirect(url_for(".fis", fis_id=fis_id), 303)
