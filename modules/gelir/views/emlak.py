"""Emlak: the property register, Tapu pre-fill and comparison, owners and sales,
declarations, the single-dwelling relief, and the valuation view."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ebelediye.access import access
from ebelediye.errors import UserError
from ebelediye.extensions import db
from ebelediye.inputs import load, load_form
from ebelediye.rbac import requires
from ebelediye.web import actor, today

from ..models import Emlak
from ..schemas.kayit import EMLAK_BOS_OLABILIR, EmlakInput, HisseInput
from ..services import GelirError
from ..services import emlak as service
from ..services import mukellef as mukellef_service
from . import bp
from ._common import without_blanks

PAGE = 50
VIEW, MANAGE = "gelir.mukellef.goruntule", "gelir.emlak.yonet"
OWNER_ROWS = 6


def _choices() -> dict:
    return {"turler": list(service.TURLER.items()), "kullanimlar": list(service.KULLANIMLAR.items()),
            "siniflar": [(c, c) for c in service.insaat_siniflari()],
            "gerekceler": list(service.GEREKCELER.items())}


@bp.route("/emlak")
@access("tenant", "staff")
@requires(VIEW)
def emlaklar():
    q = request.args.get("q", "").strip()
    page = max(1, request.args.get("sayfa", 1, type=int) or 1)
    pagination = db.paginate(service.arama(q), page=page, per_page=PAGE, error_out=False)
    return render_template("gelir/emlak/liste.html", pagination=pagination, q=q, args=urlencode({"q": q}))


def _malik(value: str, field: str) -> int:
    """A taxpayer number, or a TCKN/VKN of a registered taxpayer."""
    text = (value or "").strip()
    if text.isdigit() and len(text) in (10, 11):
        found = mukellef_service.kimlikle_bul(text)
        if found is None:
            raise GelirError(_("Malik kayıtlı değil."),
                              {field: [_("%(no)s numaralı bir mükellef kayıtlı değil; önce kaydedin.", no=text)]})
        return found.id
    if text.isdigit():
        return int(text)
    raise GelirError(_("Malik geçersiz."), {field: [_("Mükellef numarası ya da TCKN/VKN girin.")]})


def _owners(form) -> list[service.HisseGirdisi]:
    """The owner rows of the new-property form, each read through the API's ``HisseInput``."""
    owners, errors = [], {}
    for i in range(OWNER_ROWS):
        who = form.get(f"malik_{i}", "").strip()
        if not who:
            continue
        names = {"mukellef_id": f"malik_{i}", "pay": f"pay_{i}", "payda": f"payda_{i}",
                 "baslangic_yili": f"baslangic_{i}"}
        try:
            row = {"mukellef_id": _malik(who, f"malik_{i}"),
                   **{key: form.get(name) for key, name in names.items() if key != "mukellef_id"}}
            owners.append(service.HisseGirdisi(**load(HisseInput(), row)))
        except UserError as exc:
            for key, messages in exc.field_messages().items():
                errors[names.get(key, key)] = messages
    if errors:
        raise GelirError(_("Malik bilgileri geçersiz."), errors)
    return owners


def _emlak_form() -> dict:
    """The property's fields from the page's form, through the API's ``EmlakInput``."""
    return load_form(EmlakInput(exclude=("hisseler",)), without_blanks(request.form, *EMLAK_BOS_OLABILIR))


def _new_form(values: dict, errors: dict | None = None, message: str | None = None, status: int = 200,
              tapu: dict | None = None):
    return render_template("gelir/emlak/yeni.html", values=values, errors=errors or {}, message=message,
                           rows=range(OWNER_ROWS), tapu=tapu, **_choices()), status


@bp.route("/emlak/yeni")
@access("tenant", "staff")
@requires(MANAGE)
def emlak_yeni():
    return _new_form({"baslangic_0": today().year + 1})


@bp.route("/emlak/yeni", methods=["POST"])
@access("tenant", "staff")
@requires(MANAGE)
def emlak_olustur():
    values = request.form.to_dict()
    try:
        if values.get("islem") == "tapu":
            info = service.tapu_onbilgi(values.get("ada"), values.get("parsel"), actor=actor())
            for key in ("tur", "mahalle", "arsa_alani", "bina_alani", "kullanim", "yapim_yili"):
                values[key] = info[key]
            for i, owner in enumerate(info["malikler"][:OWNER_ROWS]):
                values[f"malik_{i}"] = owner["mukellef_id"] or owner["kimlik"] or ""
                values[f"pay_{i}"], values[f"payda_{i}"] = owner["pay"], owner["payda"]
                values[f"baslangic_{i}"] = info["baslangic_yili"]
            return _new_form(values, tapu=info)
        data, owners = _emlak_form(), _owners(request.form)
        row = service.olustur(data, owners, actor=actor(), tarih=today())
    except UserError as exc:
        return _new_form(values, exc.field_messages(), exc.message, 422)
    flash(_("%(name)s kaydedildi.", name=row.tanim), "success")
    return redirect(url_for("gelir.emlak", emlak_id=row.id))


def _detail(emlak_id: int, *, errors: dict | None = None, message: str | None = None, values: dict | None = None,
            status: int = 200):
    e = db.session.get(Emlak, emlak_id)
    if e is None:
        abort(404)
    year = request.args.get("yil", type=int) or today().year
    if not 1900 <= year <= 2200:
        year = today().year
    values = values or {"baslangic_yili": today().year + 1, "basvuru_tarihi": today().isoformat(),
                        "muafiyet_baslangic": today().year + 1, "satis_tarihi": today().isoformat()}
    return render_template(
        "gelir/emlak/detay.html", e=e, hisseler=service.hisseler(e.id), beyanlar=service.beyanlar(e.id),
        muafiyetler=service.muafiyetler(e.id), denetim=service.denetim(e.id),
        degerleme=service.degerleme(e.id, year), yil=year, values=values, errors=errors or {}, message=message,
        **_choices()), status


@bp.route("/emlak/<int:emlak_id>")
@access("tenant", "staff")
@requires(VIEW)
def emlak(emlak_id: int):
    return _detail(emlak_id)


def _post(emlak_id: int, work, done: str):
    if db.session.get(Emlak, emlak_id) is None:
        abort(404)
    try:
        work()
    except UserError as exc:
        return _detail(emlak_id, errors=exc.field_messages(), message=exc.message, values=request.form.to_dict(),
                       status=422)
    flash(done, "success")
    return redirect(url_for("gelir.emlak", emlak_id=emlak_id))


def _date(value: str | None, field: str) -> date:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        raise GelirError(_("Tarih geçersiz."), {field: [_("Geçerli bir tarih girin (GG.AA.YYYY).")]}) from None


@bp.route("/emlak/<int:emlak_id>/duzenle")
@access("tenant", "staff")
@requires(MANAGE)
def emlak_duzenle(emlak_id: int):
    e = db.session.get(Emlak, emlak_id)
    if e is None:
        abort(404)
    values = {name: getattr(e, name) for name in service.ALANLAR}
    return render_template("gelir/emlak/duzenle.html", e=e, values=values, errors={}, message=None, **_choices())


@bp.route("/emlak/<int:emlak_id>/duzenle", methods=["POST"])
@access("tenant", "staff")
@requires(MANAGE)
def emlak_guncelle(emlak_id: int):
    e = db.session.get(Emlak, emlak_id)
    if e is None:
        abort(404)
    values = request.form.to_dict()
    try:
        service.guncelle(emlak_id, _emlak_form(), actor=actor(), tarih=today())
    except UserError as exc:
        return render_template("gelir/emlak/duzenle.html", e=e, values=values, errors=exc.field_messages(),
                               message=exc.message, **_choices()), 422
    flash(_("Değişiklik beyan olarak kaydedildi."), "success")
    return redirect(url_for("gelir.emlak", emlak_id=emlak_id))


@bp.route("/emlak/<int:emlak_id>/hisse", methods=["POST"])
@access("tenant", "staff")
@requires(MANAGE)
def emlak_hisse(emlak_id: int):
    form = request.form

    def work():
        owner = _malik(form.get("malik", ""), "malik")
        data = load(HisseInput(), {"pay": form.get("pay"), "payda": form.get("payda"),
                                   "baslangic_yili": form.get("baslangic_yili"), "mukellef_id": owner})
        service.hisse_ekle(emlak_id, service.HisseGirdisi(**data), actor=actor(), tarih=today())

    return _post(emlak_id, work, _("Hisse eklendi."))


@bp.route("/emlak/<int:emlak_id>/satis", methods=["POST"])
@access("tenant", "staff")
@requires(MANAGE)
def emlak_satis(emlak_id: int):
    form = request.form

    def work():
        buyer = _malik(form.get("alici", ""), "alici")
        share = form.get("hisse_id", "")
        if not share.isdigit():
            raise GelirError(_("Satılan hisseyi seçin."), {"hisse_id": [_("Satılan hisseyi seçin.")]})
        service.satis(emlak_id, int(share), buyer, _date(form.get("satis_tarihi"), "satis_tarihi"),
                      actor=actor(), tarih=today())

    return _post(emlak_id, work, _("Satış kaydedildi: satıcı satış yılını, alıcı sonraki yıldan itibaren öder."))


@bp.route("/emlak/<int:emlak_id>/muafiyet", methods=["POST"])
@access("tenant", "staff")
@requires(MANAGE)
def emlak_muafiyet(emlak_id: int):
    form = request.form

    def work():
        owner = _malik(form.get("muafiyet_malik", ""), "muafiyet_malik")
        start = form.get("muafiyet_baslangic", "").strip()
        if start and not start.isdigit():
            raise GelirError(_("Başlangıç yılı geçersiz."), {"muafiyet_baslangic": [_("Bir yıl girin.")]})
        service.tek_konut_basvurusu(emlak_id, owner, form.get("gerekce", ""),
                                    _date(form.get("basvuru_tarihi"), "basvuru_tarihi"), actor=actor(),
                                    baslangic_yili=int(start) if start else None, belge=form.get("belge"))

    return _post(emlak_id, work, _("Sıfır oranlı tek konut muafiyeti kaydedildi."))


@bp.route("/emlak/<int:emlak_id>/tapu")
@access("tenant", "staff")
@requires(MANAGE)
def emlak_tapu(emlak_id: int):
    e = db.session.get(Emlak, emlak_id)
    if e is None:
        abort(404)
    try:
        diffs, problem = service.tapu_karsilastir(emlak_id, actor=actor()), None
    except GelirError as exc:
        diffs, problem = [], exc.message
    return render_template("gelir/emlak/tapu.html", e=e, diffs=diffs, problem=problem, errors={}, values={})


@bp.route("/emlak/<int:emlak_id>/tapu", methods=["POST"])
@access("tenant", "staff")
@requires(MANAGE)
def emlak_tapu_coz(emlak_id: int):
    e = db.session.get(Emlak, emlak_id)
    if e is None:
        abort(404)
    form = request.form
    try:
        service.tapu_farki_coz(emlak_id, form.get("alan", ""), form.get("karar", ""), actor=actor(), tarih=today(),
                               not_=form.get("not"))
    except GelirError as exc:
        try:
            diffs = service.tapu_karsilastir(emlak_id, actor=actor())
        except GelirError:
            diffs = []
        return render_template("gelir/emlak/tapu.html", e=e, diffs=diffs, problem=exc.message, errors=exc.errors,
                               values=form.to_dict()), 422
    flash(_("Tapu farkı işlendi."), "success")
    return redirect(url_for("gelir.emlak_tapu", emlak_id=emlak_id))
