"""Tarifeler: dated tariff figures, the due-date calendar, the municipality's revenue
settings, and the records of other revenues (ads, ÇTV, the water-consumption import)."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ebelediye.access import access
from ebelediye.extensions import db
from ebelediye.inputs import InvalidInput, load_form
from ebelediye.rbac import requires
from ebelediye.web import actor

from ..schemas import TarifeInput
from ..services import GelirError
from ..services import tarife as service
from . import bp

TARIFF = "gelir.tarife.yonet"
VIEW, MANAGE = "gelir.mukellef.goruntule", "gelir.mukellef.yonet"
PAGE = 50


def _page() -> int:
    return max(1, request.args.get("sayfa", 1, type=int) or 1)


def _list(values: dict | None = None, errors: dict | None = None, message: str | None = None, status: int = 200):
    tur = request.args.get("tur", "") or (values or {}).get("tur", "")
    if tur not in service.TURLER:
        tur = ""
    kod = request.args.get("kod", "").strip()
    rows = service.liste(tur or None, kod)
    kinds = {k.kod: k for k in service.gelir_turleri()}
    return render_template("gelir/tarife/liste.html", rows=rows, tur=tur, kod=kod, turler=list(service.TURLER.items()),
                           values=values or {"tur": tur}, errors=errors or {}, message=message, kinds=kinds), status


@bp.route("/tarifeler")
@access("tenant", "staff")
@requires(TARIFF)
def tarifeler():
    return _list()


@bp.route("/tarifeler", methods=["POST"])
@access("tenant", "staff")
@requires(TARIFF)
def tarife_ekle():
    form = request.form.to_dict()
    try:
        data = load_form(TarifeInput())  # the API's input: the same fields, the same messages
        row = service.ekle(data["tur"], data["kod"], data["tutar"], data["gecerlilik_baslangic"], actor=actor(),
                           ad=data["ad"], birim=data["birim"], karar=data["karar"])
    except InvalidInput as exc:
        return _list(form, exc.field_messages(), _("Tarife bilgileri geçersiz."), 422)
    except GelirError as exc:
        return _list(form, exc.errors, exc.message, 422)
    flash(_("%(code)s: %(date)s tarihinden geçerli yeni tutar kaydedildi.", code=row.kod,
            date=f"{row.gecerlilik_baslangic:%d.%m.%Y}"), "success")
    return redirect(url_for("gelir.tarifeler", tur=row.tur))


@bp.route("/tarifeler/vade-takvimi")
@access("tenant", "staff")
@requires(TARIFF)
def vade_takvimi():
    return render_template("gelir/tarife/vade.html", rows=service.vade_takvimi(), kinds=service.gelir_turleri())


def _settings(values: dict | None = None, errors: dict | None = None, message: str | None = None, status: int = 200):
    row = service.ayarlar()
    values = values or {"buyuksehir": row.buyuksehir, "il": row.il, "ilce": row.ilce,
                        "makbuz_on_eki": row.makbuz_on_eki, "hatirlatma_gun": row.hatirlatma_gun,
                        "kart_taksit_en_cok": row.kart_taksit_en_cok,
                        "kart_taksit_alt_tutar": f"{row.kart_taksit_alt_tutar:.2f}"}
    return render_template("gelir/tarife/ayarlar.html", values=values, errors=errors or {}, message=message), status


@bp.route("/tarifeler/ayarlar")
@access("tenant", "staff")
@requires(TARIFF)
def gelir_ayarlari():
    return _settings()


@bp.route("/tarifeler/ayarlar", methods=["POST"])
@access("tenant", "staff")
@requires(TARIFF)
def gelir_ayarlari_kaydet():
    form = request.form.to_dict()
    try:
        service.ayar_guncelle(actor=actor(), buyuksehir=form.get("buyuksehir") in ("1", "on"), il=form.get("il"),
                              ilce=form.get("ilce"), makbuz_on_eki=form.get("makbuz_on_eki"),
                              hatirlatma_gun=form.get("hatirlatma_gun"),
                              kart_taksit_en_cok=form.get("kart_taksit_en_cok"),
                              kart_taksit_alt_tutar=form.get("kart_taksit_alt_tutar"))
    except GelirError as exc:
        return _settings(form, exc.errors, exc.message, 422)
    flash(_("Ayarlar kaydedildi."), "success")
    return redirect(url_for("gelir.gelir_ayarlari"))


# --- ads, ÇTV, water ----------------------------------------------------------------------

def _ads(values: dict | None = None, errors: dict | None = None, message: str | None = None, status: int = 200):
    pagination = db.paginate(service.ilanlar(), page=_page(), per_page=PAGE, error_out=False)
    codes = [(r.kod, f"{r.ad} ({r.birim})") for r in service.liste("ilan_reklam") if r.gecerlilik_bitis is None]
    return render_template("gelir/tarife/ilan.html", pagination=pagination, values=values or {}, errors=errors or {},
                           message=message, codes=codes, args=""), status


@bp.route("/ilan-reklam")
@access("tenant", "staff")
@requires(VIEW)
def ilanlar():
    return _ads()


@bp.route("/ilan-reklam", methods=["POST"])
@access("tenant", "staff")
@requires(MANAGE)
def ilan_olustur():
    form = request.form.to_dict()
    try:
        service.ilan_olustur(actor=actor(), mukellef_id=form.get("mukellef_id", ""), tarife_kod=form.get("tarife_kod"),
                             yer=form.get("yer"), alan=form.get("alan", ""), adet=form.get("adet", ""),
                             baslangic=form.get("baslangic"), bitis=form.get("bitis"))
    except GelirError as exc:
        return _ads(form, exc.errors, exc.message, 422)
    flash(_("İlan/reklam kaydedildi."), "success")
    return redirect(url_for("gelir.ilanlar"))


def _ctv(values: dict | None = None, errors: dict | None = None, message: str | None = None, status: int = 200):
    pagination = db.paginate(service.ctv_kayitlari(), page=_page(), per_page=PAGE, error_out=False)
    return render_template("gelir/tarife/ctv.html", pagination=pagination, values=values or {"kullanim": "isyeri"},
                           errors=errors or {}, message=message, args=""), status


@bp.route("/ctv")
@access("tenant", "staff")
@requires(VIEW)
def ctv_kayitlari():
    return _ctv()


@bp.route("/ctv", methods=["POST"])
@access("tenant", "staff")
@requires(MANAGE)
def ctv_olustur():
    form = request.form.to_dict()
    try:
        service.ctv_olustur(actor=actor(), mukellef_id=form.get("mukellef_id"), kullanim=form.get("kullanim"),
                            baslangic_yili=form.get("baslangic_yili"), grup=form.get("grup"),
                            derece=form.get("derece"), abone_no=form.get("abone_no"), adres=form.get("adres"),
                            emlak_id=form.get("emlak_id"))
    except GelirError as exc:
        return _ctv(form, exc.errors, exc.message, 422)
    flash(_("ÇTV kaydı oluşturuldu."), "success")
    return redirect(url_for("gelir.ctv_kayitlari"))


def _water(errors: dict | None = None, message: str | None = None, status: int = 200):
    abone = request.args.get("abone", "").strip()
    query = service.su_tuketimleri()
    if abone:
        query = query.where(service.SuTuketimi.abone_no == abone)
    pagination = db.paginate(query, page=_page(), per_page=PAGE, error_out=False)
    return render_template("gelir/tarife/su.html", pagination=pagination, errors=errors or {}, message=message,
                           abone=abone, args=urlencode({"abone": abone})), status


@bp.route("/su-tuketimi")
@access("tenant", "staff")
@requires(VIEW)
def su_tuketimleri():
    return _water()


@bp.route("/su-tuketimi", methods=["POST"])
@access("tenant", "staff")
@requires(MANAGE)
def su_aktar():
    upload = request.files.get("dosya")
    if upload is None or not upload.filename:
        return _water({"dosya": [_("Bir CSV dosyası seçin.")]}, _("Dosya seçilmedi."), 422)
    try:
        result = service.su_aktar(upload.read(), upload.filename, actor=actor())
    except GelirError as exc:
        return _water(exc.errors, exc.message, 422)
    flash(_("%(added)s satır aktarıldı; %(existing)s satır daha önce aktarılmıştı.", added=result.eklenen,
            existing=result.zaten_var), "success")
    return redirect(url_for("gelir.su_tuketimleri"))
