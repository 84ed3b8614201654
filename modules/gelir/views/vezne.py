"""Vezne: the cashier's day, counter payments and receipts, the day close, and refunds."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ebelediye import uow
from ebelediye.access import access
from ebelediye.extensions import db
from ebelediye.inputs import InvalidInput, load_form
from ebelediye.rbac import requires
from ebelediye.web import actor, today

from .. import belge
from ..hesap import tl
from ..models import Mukellef, Tahsilat
from ..schemas import IadeInput, KapanisInput, TahsilatInput
from ..services import GelirError, borc, iade, tahsilat
from ..services import vezne as kasa
from ..yazi import tutar_yaziyla
from . import bp
from ._common import problem_message, without_blanks

PAGE = 50
TAHSIL = "gelir.tahsilat.olustur"
IADE_TALEP = "gelir.iade.talep"
IADE_ONAY = "gelir.iade.onayla"


@bp.context_processor
def _money_format() -> dict:
    return {"tl": tl}


def _page() -> int:
    return max(1, request.args.get("sayfa", 1, type=int) or 1)


def _mukellef(mukellef_id: int) -> Mukellef:
    row = db.session.get(Mukellef, mukellef_id)
    if row is None:
        abort(404)
    return row


def _failed(exc: GelirError) -> None:
    """Say what was wrong (the attempt's ``uow.savepoint()`` has undone what it touched)."""
    if exc.status == 404:
        abort(404)
    flash(problem_message(exc), "error")


# --- the cashier's day -------------------------------------------------------------------

@bp.route("/vezne")
@access("tenant", "staff")
@requires(TAHSIL)
def vezne():
    session = kasa.acik_oturum(current_user.id)
    totals = kasa.beklenen(session.id) if session else None
    recent = (db.session.scalars(kasa.makbuz_sorgusu(oturum_id=session.id).limit(10)).all() if session else [])
    refunds = kasa.odenecek_nakit_iadeler() if session else []
    return render_template("gelir/vezne/index.html", oturum=session, toplamlar=totals, son_makbuzlar=recent,
                           bugun=today(), q="", nakit_iadeler=refunds, iade_sahipleri=_names(refunds))


@bp.route("/vezne/iadeler/<int:iade_id>/ode", methods=["POST"])
@access("tenant", "staff")
@requires(TAHSIL)
def vezne_iade_ode(iade_id: int):
    """Pay an approved cash refund out of the till."""
    session = kasa.acik_oturum(current_user.id)
    if session is None:
        flash(_("Nakit iade ödemek için önce günü açın."), "error")
        return redirect(url_for("gelir.vezne"))
    try:
        with uow.savepoint():
            row = kasa.nakit_iade_ode(session.id, current_user.id, iade_id, actor=actor())
    except GelirError as exc:
        _failed(exc)
        return redirect(url_for("gelir.vezne"))
    flash(_("%(amount)s TL nakit iade ödendi; kasa kapanışında düşülür.", amount=tl(row.tutar)), "success")
    return redirect(url_for("gelir.vezne"))


@bp.route("/vezne/ac", methods=["POST"])
@access("tenant", "staff")
@requires(TAHSIL)
def vezne_ac():
    try:
        with uow.savepoint():
            kasa.ac(current_user.id, actor(), today(), actor=actor())
    except GelirError as exc:
        _failed(exc)
        return redirect(url_for("gelir.vezne"))
    flash(_("Vezne oturumu açıldı; tahsilat alabilirsiniz."), "success")
    return redirect(url_for("gelir.vezne"))


@bp.route("/vezne/kapanis", methods=["GET", "POST"])
@access("tenant", "staff")
@requires(TAHSIL)
def vezne_kapanis():
    session = kasa.acik_oturum(current_user.id)
    if session is None:
        flash(_("Kapatılacak açık bir vezne oturumunuz yok."), "error")
        return redirect(url_for("gelir.vezne"))
    errors: dict[str, list[str]] = {}
    form = {"sayilan_nakit": "", "aciklama": ""}
    if request.method == "POST":
        form = {"sayilan_nakit": request.form.get("sayilan_nakit", ""), "aciklama": request.form.get("aciklama", "")}
        try:
            data = load_form(KapanisInput())
            with uow.savepoint():
                closed = kasa.kapat(session.id, current_user.id, data["sayilan_nakit"], actor=actor(),
                                     aciklama=data["aciklama"])
        except InvalidInput as exc:
            errors = exc.field_messages()
        except GelirError as exc:
            _failed(exc)
            errors = exc.errors
            session = kasa.acik_oturum(current_user.id)
            if session is None:
                return redirect(url_for("gelir.vezne"))
        else:
            flash(_("Kasa kapatıldı."), "success")
            return redirect(url_for("gelir.vezne_oturum", oturum_id=closed.id))
    status = 422 if errors else 200
    return render_template("gelir/vezne/kapanis.html", oturum=session, beklenen=kasa.beklenen(session.id),
                           form=form, errors=errors), status


@bp.route("/vezne/oturumlar")
@access("tenant", "staff")
@requires(TAHSIL)
def vezne_oturumlar():
    mine = request.args.get("benim", "") == "1"
    pagination = db.paginate(kasa.oturum_sorgusu(kasiyer_id=current_user.id if mine else None),
                             page=_page(), per_page=PAGE, error_out=False)
    return render_template("gelir/vezne/oturumlar.html", pagination=pagination, benim=mine)


@bp.route("/vezne/oturumlar/<int:oturum_id>")
@access("tenant", "staff")
@requires(TAHSIL)
def vezne_oturum(oturum_id: int):
    try:
        report = kasa.rapor(oturum_id)
    except GelirError:
        abort(404)
    names = {m.id: m for m in db.session.query(Mukellef).filter(
        Mukellef.id.in_({r.mukellef_id for r in report.makbuzlar}))} if report.makbuzlar else {}
    return render_template("gelir/vezne/rapor.html", r=report, mukellefler=names,
                           yazdir=request.args.get("yazdir") == "1")


@bp.route("/vezne/oturumlar/<int:oturum_id>.pdf")
@access("tenant", "staff")
@requires(TAHSIL)
def vezne_oturum_pdf(oturum_id: int):
    """The day-close report as PDF, to sign and file."""
    try:
        report = kasa.rapor(oturum_id)
    except GelirError:
        abort(404)
    return Response(belge.kapanis_pdf(report), mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="kasa-kapanisi-{report.oturum.id}.pdf"'})


# --- taxpayer and payment -----------------------------------------------------------------

@bp.route("/vezne/mukellefler")
@access("tenant", "staff")
@requires(TAHSIL)
def vezne_mukellefler():
    q = request.args.get("q", "").strip()
    pagination = (db.paginate(kasa.mukellef_sorgusu(q), page=_page(), per_page=PAGE, error_out=False)
                  if q else None)
    return render_template("gelir/vezne/mukellefler.html", pagination=pagination, q=q,
                           hedef="gelir.vezne_mukellef")


def _odeme_sayfasi(m: Mukellef, form: dict, errors: dict, status: int = 200):
    day = today()
    debts = borc.acik_borclar(m.id, day)
    return render_template("gelir/vezne/mukellef.html", m=m, borclar=debts, toplam=borc.toplam(debts),
                           alacak=borc.alacak_bakiyesi(m.id), oturum=kasa.acik_oturum(current_user.id),
                           bugun=day, form=form, errors=errors), status


@bp.route("/vezne/mukellefler/<int:mukellef_id>")
@access("tenant", "staff")
@requires(TAHSIL)
def vezne_mukellef(mukellef_id: int):
    m = _mukellef(mukellef_id)
    return _odeme_sayfasi(m, {"tutar": "", "kanal": "nakit", "belge_no": "", "secili": []}, {})


@bp.route("/vezne/mukellefler/<int:mukellef_id>/tahsil", methods=["POST"])
@access("tenant", "staff")
@requires(TAHSIL)
def vezne_tahsil(mukellef_id: int):
    m = _mukellef(mukellef_id)
    form = {"tutar": request.form.get("tutar", "").strip(), "kanal": request.form.get("kanal", ""),
            "belge_no": request.form.get("belge_no", ""),
            "secili": [int(x) for x in request.form.getlist("secili") if x.isdigit()]}
    try:
        data = load_form(TahsilatInput(), without_blanks(request.form, "tutar"))
    except InvalidInput as exc:
        return _odeme_sayfasi(m, form, exc.field_messages(), 422)
    picked = data["secili"] or []
    amount = data["tutar"]
    if amount is None and picked:  # "pay these": the chosen debts in full, late fees as of today
        amount = sum((d.toplam for d in borc.acik_borclar(m.id, today()) if d.tahakkuk_id in set(picked)),
                     Decimal("0"))
        if amount <= 0:
            amount = None
    if amount is None:
        flash(_("Tutar girin ya da ödenecek borçları seçin."), "error")
        return _odeme_sayfasi(m, form, {"tutar": [_("Tutar girin ya da borç seçin.")]}, 422)
    try:
        with uow.savepoint():
            result = kasa.tahsil(current_user.id, m.id, amount, data["kanal"], today(), actor=actor(),
                                  belge_no=data["belge_no"], secili=picked or None)
    except GelirError as exc:
        _failed(exc)
        return _odeme_sayfasi(m, form, exc.errors, 422)
    flash(_("Tahsilat alındı: makbuz %(receipt)s.", receipt=result.tahsilat.makbuz_no), "success")
    return redirect(url_for("gelir.vezne_makbuz", tahsilat_id=result.tahsilat.id))


# --- receipts ----------------------------------------------------------------------------

@bp.route("/vezne/makbuzlar")
@access("tenant", "staff")
@requires(TAHSIL)
def vezne_makbuzlar():
    q = request.args.get("q", "").strip()
    session_id = request.args.get("oturum", type=int)
    raw_day = request.args.get("gun", "").strip()
    day: date | None = None
    error = ""
    if raw_day:
        try:
            day = date.fromisoformat(raw_day)
        except ValueError:
            error = _("Tarih geçersiz (GG.AA.YYYY).")
    elif session_id is None:
        day = today()
    pagination = db.paginate(kasa.makbuz_sorgusu(oturum_id=session_id, gun=day, q=q), page=_page(),
                             per_page=PAGE, error_out=False)
    names = {m.id: m for m in db.session.query(Mukellef).filter(
        Mukellef.id.in_({r.mukellef_id for r in pagination.items}))} if pagination.items else {}
    return render_template("gelir/vezne/makbuzlar.html", pagination=pagination, q=q, oturum_id=session_id,
                           gun=day, gun_hata=error, mukellefler=names), (422 if error else 200)


def _makbuz(tahsilat_id: int) -> Tahsilat:
    try:
        return tahsilat.makbuz(tahsilat_id)
    except GelirError:
        abort(404)


@bp.route("/vezne/makbuzlar/<int:tahsilat_id>")
@access("tenant", "staff")
@requires(TAHSIL)
def vezne_makbuz(tahsilat_id: int):
    receipt = _makbuz(tahsilat_id)
    lines = tahsilat.dagilim_satirlari(receipt.id)
    applied = sum((line["tutar"] for line in lines), Decimal("0"))
    return render_template("gelir/vezne/makbuz.html", t=receipt, m=db.session.get(Mukellef, receipt.mukellef_id),
                           satirlar=lines, alacaga=receipt.tutar - applied,
                           alacak=borc.alacak_bakiyesi(receipt.mukellef_id),
                           dogrulama=belge.dogrulama_adresi(receipt), tahsil_eden=tahsilat.tahsil_eden(receipt),
                           yaziyla=tutar_yaziyla(receipt.tutar))


@bp.route("/vezne/makbuzlar/<int:tahsilat_id>.pdf")
@access("tenant", "staff")
@requires(TAHSIL)
def vezne_makbuz_pdf(tahsilat_id: int):
    receipt = _makbuz(tahsilat_id)
    return Response(belge.makbuz_pdf(receipt), mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="makbuz-{receipt.makbuz_no}.pdf"'})


# --- refunds ------------------------------------------------------------------------------

@bp.route("/iadeler")
@access("tenant", "staff")
@requires(IADE_TALEP)
def iadeler():
    status = request.args.get("durum", "")
    if status not in ("", "bekliyor", "onaylandi", "reddedildi"):
        status = ""
    pagination = db.paginate(iade.iade_sorgusu(durum=status or None), page=_page(), per_page=PAGE, error_out=False)
    return render_template("gelir/vezne/iadeler.html", pagination=pagination, durum=status,
                           mukellefler=_names(pagination.items), onay_sayfasi=False)


def _names(rows: list) -> dict[int, Mukellef]:
    ids = {r.mukellef_id for r in rows}
    return {m.id: m for m in db.session.query(Mukellef).filter(Mukellef.id.in_(ids))} if ids else {}


@bp.route("/iadeler/onay")
@access("tenant", "staff")
@requires(IADE_ONAY)
def iade_onay_listesi():
    pagination = db.paginate(iade.iade_sorgusu(durum="bekliyor"), page=_page(), per_page=PAGE, error_out=False)
    return render_template("gelir/vezne/iadeler.html", pagination=pagination, durum="bekliyor",
                           mukellefler=_names(pagination.items), onay_sayfasi=True)


@bp.route("/iadeler/yeni", methods=["GET", "POST"])
@access("tenant", "staff")
@requires(IADE_TALEP)
def iade_yeni():
    mukellef_id = request.values.get("mukellef", type=int)
    if mukellef_id is None:
        q = request.args.get("q", "").strip()
        pagination = (db.paginate(kasa.mukellef_sorgusu(q), page=_page(), per_page=PAGE, error_out=False)
                      if q else None)
        return render_template("gelir/vezne/mukellefler.html", pagination=pagination, q=q, hedef="gelir.iade_yeni",
                               iade_icin=True)
    m = _mukellef(mukellef_id)
    form = {"tutar": "", "gerekce": "", "odeme_sekli": "havale", "iban": "", "tahsilat_id": ""}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        form = {k: request.form.get(k, "") for k in form}
        try:
            data = load_form(IadeInput(), without_blanks(request.form, "tahsilat_id"))
            with uow.savepoint():
                row = iade.talep(m.id, data["tutar"], data["gerekce"], data["odeme_sekli"], actor=actor(),
                                 actor_id=current_user.id, iban=data["iban"], tahsilat_id=data["tahsilat_id"])
        except InvalidInput as exc:
            errors = exc.field_messages()
        except GelirError as exc:
            _failed(exc)
            errors = exc.errors
        else:
            flash(_("İade talebi #%(id)s onaya gönderildi.", id=row.id), "success")
            return redirect(url_for("gelir.iadeler", durum="bekliyor"))
    return render_template("gelir/vezne/iade_yeni.html", m=m, alacak=borc.alacak_bakiyesi(m.id),
                           online=iade.online_odemeler(m.id), form=form, errors=errors), (422 if errors else 200)


@bp.route("/iadeler/<int:iade_id>/karar", methods=["POST"])
@access("tenant", "staff")
@requires(IADE_ONAY)
def iade_karar(iade_id: int):
    decision = request.form.get("karar", "")
    try:
        with uow.savepoint():
            if decision == "onayla":
                iade.onayla(iade_id, today(), actor=actor(), actor_id=current_user.id)
                flash(_("İade #%(id)s onaylandı.", id=iade_id), "success")
            elif decision == "reddet":
                iade.reddet(iade_id, actor=actor(), actor_id=current_user.id,
                            gerekce=request.form.get("gerekce", ""))
                flash(_("İade #%(id)s reddedildi; alacak serbest bırakıldı.", id=iade_id), "success")
            else:
                raise GelirError(_("Karar geçersiz."), {"karar": [_("Onayla ya da reddet seçin.")]})
    except GelirError as exc:
        _failed(exc)
        pagination = db.paginate(iade.iade_sorgusu(durum="bekliyor"), page=1, per_page=PAGE, error_out=False)
        return render_template("gelir/vezne/iadeler.html", pagination=pagination, durum="bekliyor",
                               mukellefler=_names(pagination.items), onay_sayfasi=True), 422
    return redirect(url_for("gelir.iade_onay_listesi"))

