"""Mükellefler: the taxpayer list, registration from KPS / GİB, the taxpayer page, contact
changes and merging duplicates."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ebelediye.access import access
from ebelediye.errors import UserError
from ebelediye.extensions import db
from ebelediye.inputs import load_form
from ebelediye.rbac import requires
from ebelediye.web import actor, today

from ..schemas.kayit import IletisimInput, MukellefOlusturInput
from ..services import GelirError, hatirlatma
from ..services import mukellef as service
from . import bp

PAGE = 50
VIEW, MANAGE = "gelir.mukellef.goruntule", "gelir.mukellef.yonet"


@bp.route("/mukellefler")
@access("tenant", "staff")
@requires(VIEW)
def mukellefler():
    q = request.args.get("q", "").strip()
    page = max(1, request.args.get("sayfa", 1, type=int) or 1)
    pagination = db.paginate(service.arama(q), page=page, per_page=PAGE, error_out=False)
    return render_template("gelir/mukellef/liste.html", pagination=pagination, q=q, args=urlencode({"q": q}))


def _form(values: dict, errors: dict | None = None, message: str | None = None, kps: dict | None = None,
          gib: dict | None = None, status: int = 200, elle: bool = False):
    return render_template("gelir/mukellef/yeni.html", values=values, errors=errors or {}, message=message,
                           kps=kps, gib=gib, elle=elle), status


@bp.route("/mukellefler/yeni")
@access("tenant", "staff")
@requires(MANAGE)
def mukellef_yeni():
    return _form({"tur": request.args.get("tur", "gercek")})


@bp.route("/mukellefler/yeni", methods=["POST"])
@access("tenant", "staff")
@requires(MANAGE)
def mukellef_olustur():
    values = request.form.to_dict()
    step = values.get("islem", "kaydet")
    try:
        data = load_form(MukellefOlusturInput())
        if step == "sorgula":  # pre-fill from the agency; nothing is saved yet
            if data["tur"] == "tuzel":
                info = service.gib_onbilgi(data["vkn"], actor=actor())
                values["unvan"] = data["unvan"] or info["unvan"]
                return _form(values, gib=info)
            info = service.kps_onbilgi(data["tckn"], actor=actor())
            values["adres"] = data["adres"] or info["adres"]
            return _form(values, kps=info)
        row = service.olustur(data, actor=actor())
    except UserError as exc:
        return _form(values, exc.field_messages(), exc.message, status=422,
                     elle="elle" in exc.errors or values.get("elle") == "1")
    flash(_("%(name)s kaydedildi.", name=row.gorunen_ad), "success")
    return redirect(url_for("gelir.mukellef", mukellef_id=row.id))


def _detail(mukellef_id: int, *, errors: dict | None = None, message: str | None = None,
            values: dict | None = None, status: int = 200):
    try:
        data = service.detay(mukellef_id, today())
    except GelirError:
        abort(404)
    m = data.mukellef
    values = values or {"adres": m.adres, "telefon": m.telefon, "eposta": m.eposta}
    return render_template("gelir/mukellef/detay.html", d=data, m=m, values=values, errors=errors or {},
                           message=message, gun=today()), status


@bp.route("/mukellefler/<int:mukellef_id>")
@access("tenant", "staff")
@requires(VIEW)
def mukellef(mukellef_id: int):
    return _detail(mukellef_id)


def _post(mukellef_id: int, work, done: str):
    if db.session.get(service.Mukellef, mukellef_id) is None:
        abort(404)
    try:
        work()
    except UserError as exc:
        if exc.status == 404:
            abort(404)
        return _detail(mukellef_id, errors=exc.field_messages(), message=exc.message, values=request.form.to_dict(),
                       status=422)
    flash(done, "success")
    return redirect(url_for("gelir.mukellef", mukellef_id=mukellef_id))


@bp.route("/mukellefler/<int:mukellef_id>/iletisim", methods=["POST"])
@access("tenant", "staff")
@requires(MANAGE)
def mukellef_iletisim(mukellef_id: int):
    def work():
        current = service.getir(mukellef_id)  # what the form leaves out keeps its value, as in the API
        data = load_form(IletisimInput())
        service.iletisim_guncelle(mukellef_id, actor=actor(), **{
            key: data.get(key, getattr(current, key) or "") for key in ("adres", "telefon", "eposta")})

    return _post(mukellef_id, work, _("İletişim bilgileri kaydedildi."))


@bp.route("/mukellefler/<int:mukellef_id>/hatirlatma", methods=["POST"])
@access("tenant", "staff")
@requires(MANAGE)
def mukellef_hatirlatma(mukellef_id: int):
    """Staff record the taxpayer's wish (asked at the desk or by phone), audited."""
    if request.form.get("istiyorum") == "1":
        return _post(mukellef_id, lambda: hatirlatma.ac(mukellef_id, actor=actor(), realm="staff"),
                     _("Hatırlatmalar açıldı."))
    return _post(mukellef_id, lambda: hatirlatma.kapat(mukellef_id, actor=actor(), kim=actor()),
                 _("Hatırlatmalar kapatıldı."))


@bp.route("/mukellefler/<int:mukellef_id>/gib", methods=["POST"])
@access("tenant", "staff")
@requires(MANAGE)
def mukellef_gib(mukellef_id: int):
    return _post(mukellef_id, lambda: service.gib_yenile(mukellef_id, actor=actor()), _("GİB durumu güncellendi."))


@bp.route("/mukellefler/<int:mukellef_id>/kps", methods=["POST"])
@access("tenant", "staff")
@requires(MANAGE)
def mukellef_kps_dogrula(mukellef_id: int):
    return _post(mukellef_id, lambda: service.kps_dogrula(mukellef_id, actor=actor()), _("Kimlik KPS ile doğrulandı."))


@bp.route("/mukellefler/<int:mukellef_id>/birlestir", methods=["POST"])
@access("tenant", "staff")
@requires(MANAGE)
def mukellef_birlestir(mukellef_id: int):
    form = request.form

    def work():
        target = str(form.get("hedef", "")).strip()
        found = None
        if target.isdigit() and len(target) in (10, 11):
            found = service.kimlikle_bul(target)
        elif target.isdigit():
            found = db.session.get(service.Mukellef, int(target))
        if found is None:
            raise GelirError(_("Hedef mükellef bulunamadı."), {"hedef": [_("Mükellef numarası ya da TCKN/VKN girin.")]})
        service.birlestir(mukellef_id, found.id, form.get("gerekce"), actor=actor())

    return _post(mukellef_id, work, _("Kayıt birleştirildi; borçlar, hisseler ve ödemeler hedef kayda taşındı."))
