"""Accrual pages: the yearly batch with live progress, single accruals, cancellation."""

from __future__ import annotations

import uuid

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ebelediye import audit, clock, jobs, uow
from ebelediye.access import access
from ebelediye.errors import UserError
from ebelediye.extensions import db
from ebelediye.inputs import load_form
from ebelediye.parameters import ParameterMissing
from ebelediye.rbac import requires
from ebelediye.tenancy import require_tenant
from ebelediye.web import actor

from ..models import GelirTuru, Mukellef, Tahakkuk, TopluTahakkuk
from ..parametre import TarifeYok
from ..schemas.tahakkuk import EmlakYiliInput, TahakkukIptalInput, TahakkukYiliInput, TopluInput
from ..services import GelirError
from ..services import tahakkuk as service
from . import bp
from ._common import flash_problem

PROBLEMS = (GelirError, ParameterMissing, TarifeYok, LookupError)


def _page(errors: dict | None = None, status: int = 200):
    runs = db.session.scalars(select(TopluTahakkuk).order_by(TopluTahakkuk.id.desc()).limit(20)).all()
    page = request.args.get("sayfa", 1, type=int)
    # staff's own accruals and cancellations; late fees accrued by payments are on the taxpayer's page
    recent = db.paginate(select(Tahakkuk).where(Tahakkuk.calisma_id.is_(None),
                                                Tahakkuk.gelir_kodu != "gecikme_zammi")
                         .order_by(Tahakkuk.id.desc()), page=page, per_page=50, error_out=False)
    kinds = {k.kod: k for k in db.session.scalars(select(GelirTuru))}
    ids = [t.id for t in recent.items]
    reversed_ids = set(db.session.scalars(select(Tahakkuk.iptal_edilen_id).where(Tahakkuk.iptal_edilen_id.in_(ids)))) \
        if ids else set()
    names = {m.id: m for m in db.session.scalars(select(Mukellef).where(
        Mukellef.id.in_({t.mukellef_id for t in recent.items})))} if ids else {}
    this_year = clock.today().year
    ctv_missing = {year: len(service.ctv_tutar_eksikleri(year)) for year in (this_year, this_year + 1)}
    return render_template("gelir/tahakkuk/index.html", runs=runs, recent=recent, kinds=kinds,
                           iptal_edilmis=reversed_ids, mukellefler=names,
                           ctv_eksik={y: n for y, n in ctv_missing.items() if n},
                           errors=errors or {}, form=request.form, this_year=clock.today().year), status


@bp.route("/tahakkuk")
@access("tenant", "staff")
@requires("gelir.tahakkuk.olustur")
def tahakkuk_index():
    return _page()


@bp.route("/tahakkuk/toplu", methods=["POST"])
@access("tenant", "staff")
@requires("gelir.tahakkuk.toplu")
def toplu_baslat():
    try:
        data = load_form(TopluInput())
    except UserError as exc:
        return _page(exc.field_messages(), 422)
    try:
        with uow.savepoint():
            run = service.toplu_baslat(data["yil"], data["grup"], actor=actor())
    except PROBLEMS as exc:
        return _page(getattr(exc, "errors", None) or {"yil": [getattr(exc, "message_tr", str(exc))]}, 422)
    if service.toplu_kuyruga_al(run, require_tenant().slug, starter=f"staff:{current_user.id}"):
        flash(_("%(year)s yılı %(group)s tahakkuku başlatıldı.", year=run.yil, group=run.grup), "success")
    else:
        flash(_("Bu yıl ve grup için bir çalışma zaten sürüyor; ilerlemesi aşağıda."), "info")
    return redirect(url_for("gelir.toplu", run_id=run.id))


@bp.route("/tahakkuk/toplu/<int:run_id>")
@access("tenant", "staff")
@requires("gelir.tahakkuk.olustur")
def toplu(run_id: int):
    run = db.session.get(TopluTahakkuk, run_id)
    if run is None:
        abort(404)
    record = db.session.get(jobs.JobRecord, uuid.UUID(run.is_kaydi)) if run.is_kaydi else None
    if request.args.get("format") == "json":
        return jsonify({**(record.as_dict() if record else {}), "imlec": run.imlec, "olusan": run.olusan,
                        "tutar": str(run.tutar), "durum": run.durum, "uyari": run.hata})
    return render_template("gelir/tahakkuk/toplu.html", run=run, record=record)


@bp.route("/tahakkuk/toplu/<int:run_id>/devam", methods=["POST"])
@access("tenant", "staff")
@requires("gelir.tahakkuk.toplu")
def toplu_devam(run_id: int):
    """Resume a run whose worker died: a new job continues from the run's cursor."""
    run = db.session.get(TopluTahakkuk, run_id)
    if run is None:
        abort(404)
    if run.durum == "bitti":
        flash(_("Bu çalışma zaten tamamlandı."), "info")
        return redirect(url_for("gelir.toplu", run_id=run.id))
    record = jobs.enqueue(require_tenant().slug, "modules.gelir.jobs:toplu_tahakkuk", run.id,
                          queue_name="batch", description=f"{run.yil} {run.grup} toplu tahakkuk (devam)",
                          actor=f"staff:{current_user.id}")
    run.is_kaydi = str(record.id)
    audit.record("gelir.tahakkuk.toplu_devam", actor=actor(), realm="staff", object_type="toplu_tahakkuk",
                 object_id=run.id, after={"imlec": run.imlec})
    flash(_("Çalışma kaldığı yerden sürdürülüyor."), "success")
    return redirect(url_for("gelir.toplu", run_id=run.id))


@bp.route("/tahakkuk/emlak", methods=["POST"])
@access("tenant", "staff")
@requires("gelir.tahakkuk.olustur")
def emlak_tahakkuk():
    try:
        data = load_form(EmlakYiliInput())
    except UserError as exc:
        return _page(exc.field_messages(), 422)
    try:
        with uow.savepoint():
            rows = service.emlak_tahakkuk(data["emlak_id"], data["yil"], actor=actor())
    except PROBLEMS as exc:
        flash_problem(exc)
        return _page(getattr(exc, "errors", None) or {}, 422)
    flash(_("%(count)s taksit tahakkuk edildi.", count=len(rows)), "success")
    return redirect(request.form.get("geri") if (request.form.get("geri") or "").startswith("/gelir/")
                    else url_for("gelir.tahakkuk_index"))


@bp.route("/tahakkuk/ilan/<int:ilan_id>", methods=["POST"])
@access("tenant", "staff")
@requires("gelir.tahakkuk.olustur")
def ilan_tahakkuk(ilan_id: int):
    try:
        with uow.savepoint():
            service.ilan_tahakkuk(ilan_id, actor=actor())
    except PROBLEMS as exc:
        flash_problem(exc)
        return _page(getattr(exc, "errors", None) or {}, 422)
    flash(_("İlan ve reklam vergisi tahakkuk edildi."), "success")
    return redirect(url_for("gelir.tahakkuk_index"))


@bp.route("/tahakkuk/ilan-yili", methods=["POST"])
@access("tenant", "staff")
@requires("gelir.tahakkuk.olustur")
def ilan_yili():
    try:
        year = load_form(TahakkukYiliInput())["yil"]
    except UserError as exc:  # the form's year box is "ilan_yil" on this page
        return _page({"ilan_yil": exc.field_messages().get("yil", [str(exc.message)])}, 422)
    if year > clock.today().year + 1:
        return _page({"ilan_yil": [_("Geçerli bir yıl girin.")]}, 422)
    try:
        with uow.savepoint():
            count = service.ilan_yili_tahakkuk(year, actor=actor())
    except PROBLEMS as exc:
        flash_problem(exc)
        return _page(getattr(exc, "errors", None) or {}, 422)
    flash(_("%(yil)s yılı için %(adet)s ilan/reklam izni tahakkuk edildi.", yil=year, adet=count), "success")
    return redirect(url_for("gelir.tahakkuk_index"))


@bp.route("/tahakkuk/ctv-konut", methods=["POST"])
@access("tenant", "staff")
@requires("gelir.tahakkuk.olustur")
def ctv_konut():
    try:
        with uow.savepoint():
            count = service.ctv_konut_tahakkuk(request.form.get("donem", "").strip(), actor=actor())
    except PROBLEMS as exc:
        return _page(getattr(exc, "errors", None) or {"donem": [getattr(exc, "message_tr", str(exc))]}, 422)
    flash(_("%(count)s konut için ÇTV tahakkuk edildi (daha önce yapılanlar atlandı).", count=count), "success")
    return redirect(url_for("gelir.tahakkuk_index"))


@bp.route("/tahakkuk/<int:tahakkuk_id>/iptal", methods=["POST"])
@access("tenant", "staff")
@requires("gelir.tahakkuk.iptal")
def iptal(tahakkuk_id: int):
    if db.session.get(Tahakkuk, tahakkuk_id) is None:  # another tenant's id, too: 404 before the form
        abort(404)
    try:
        data = load_form(TahakkukIptalInput())
        with uow.savepoint():
            service.iptal(tahakkuk_id, data["gerekce"], actor=actor())
    except UserError as exc:
        if exc.status == 404:
            abort(404)
        flash_problem(exc)
        return _page(exc.errors, 422)
    flash(_("Tahakkukun açık kısmı ters kayıtla iptal edildi."), "success")
    return redirect(request.form.get("geri") if (request.form.get("geri") or "").startswith("/gelir/")
                    else url_for("gelir.tahakkuk_index"))
