"""Contracted banks: the list with their daily totals, a new bank, a bank's API tokens
(shown once, revocable), stopping a bank, and a day's reconciliation with the bank's own
list (upload its CSV: matched, missing, extra)."""

from __future__ import annotations

from datetime import timedelta

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ebelediye import inputs
from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.web import FormPage, actor, today

from ..schemas import AnahtarInput, BankaDurumInput, BankaInput, MutabakatQuery
from ..services import GelirError
from ..services import banka as service
from ..services import banka_mutabakat as gun_sonu
from . import bp

YONET = "gelir.banka.yonet"
#: the daily totals page covers this many days back from today
GUN_SAYISI = 31


@bp.route("/bankalar", methods=["GET", "POST"])
@access("tenant", "staff")
@requires(YONET)
def bankalar():
    page = FormPage("gelir/banka/liste.html", BankaInput(), values={"muhasebe_hesabi": "102"},
                    bankalar=service.bankalar(),
                    toplamlar=gun_sonu.gunluk_toplamlar(today() - timedelta(days=GUN_SAYISI), today()))
    if page.submitted:
        with page.attempt():
            row = service.olustur(**page.load(), actor=actor())
            flash(_("%(ad)s kaydedildi. Bankaya bir API anahtarı verin.", ad=row.ad), "success")
            return redirect(url_for(".banka", banka_id=row.id), 303)
    return page.render()


def _detay(banka_id: int, new_token: str | None = None, status: int = 200):
    row = service.banka(banka_id)
    return render_template("gelir/banka/detay.html", banka=row, anahtarlar=service.anahtarlar(banka_id),
                           new_token=new_token, values={}, errors={}), status


@bp.route("/bankalar/<int:banka_id>")
@access("tenant", "staff")
@requires(YONET)
def banka(banka_id: int):
    return _detay(banka_id)


@bp.route("/bankalar/<int:banka_id>/anahtar", methods=["POST"])
@access("tenant", "staff")
@requires(YONET)
def banka_anahtar(banka_id: int):
    args = inputs.load_form(AnahtarInput())
    plain = service.anahtar_ver(banka_id, args["ad"], actor=actor())
    return _detay(banka_id, new_token=plain, status=201)


@bp.route("/bankalar/<int:banka_id>/anahtarlar/<int:token_id>/iptal", methods=["POST"])
@access("tenant", "staff")
@requires(YONET)
def banka_anahtar_iptal(banka_id: int, token_id: int):
    service.anahtar_iptal(banka_id, token_id, actor=actor())
    flash(_("Anahtar iptal edildi; bu anahtarla yapılan istekler artık reddedilir."), "success")
    return redirect(url_for(".banka", banka_id=banka_id), 303)


@bp.route("/bankalar/<int:banka_id>/durum", methods=["POST"])
@access("tenant", "staff")
@requires(YONET)
def banka_durum(banka_id: int):
    row = service.durum_degistir(banka_id, inputs.load_form(BankaDurumInput())["aktif"], actor=actor())
    flash(_("Banka yeniden açıldı.") if row.aktif else _("Banka durduruldu; anahtarları çalışmaz."), "success")
    return redirect(url_for(".banka", banka_id=banka_id), 303)


def _mutabakat(banka_id: int):
    row = service.banka(banka_id)
    gun = inputs.load_args(MutabakatQuery())["gun"] or today()
    return gun_sonu.mutabakat(row, gun)


@bp.route("/bankalar/<int:banka_id>/mutabakat", methods=["GET", "POST"])
@access("tenant", "staff")
@requires(YONET)
def banka_mutabakat(banka_id: int):
    m = _mutabakat(banka_id)
    page = FormPage("gelir/banka/mutabakat.html", m=m, karsilastirma=None)
    if page.submitted:
        upload = request.files.get("dosya")
        if upload is None or not upload.filename:
            page.fail(GelirError(_("Dosya seçilmedi."), {"dosya": [_("Bankanın CSV dosyasını seçin.")]}))
        else:
            with page.attempt():
                return page.render(karsilastirma=gun_sonu.karsilastir(m, upload.read(), actor=actor()))
    return page.render()


@bp.route("/bankalar/<int:banka_id>/mutabakat.csv")
@access("tenant", "staff")
@requires(YONET)
def banka_mutabakat_dosyasi(banka_id: int):
    m = _mutabakat(banka_id)
    response = Response(gun_sonu.mutabakat_csv(m), mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="mutabakat-{m.banka.kod}-{m.gun}.csv"'
    return response
