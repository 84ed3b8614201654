"""6183 collection pages: ödeme emri batches, each order with its tebliğ and objection, and
tecil/taksitlendirme plans (preview, approval, cancellation)."""

from __future__ import annotations

import io
from decimal import Decimal

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ebelediye import jobs
from ebelediye.access import access
from ebelediye.errors import UserError
from ebelediye.extensions import db
from ebelediye.inputs import load_form
from ebelediye.rbac import requires
from ebelediye.tenancy import require_tenant
from ebelediye.web import actor, today

from .. import belge
from ..models import GelirTuru, Mukellef, OdemeEmri, OdemeEmriPartisi
from ..schemas.takip import (
    IptalInput,
    ItirazInput,
    ItirazSonucInput,
    KampanyaInput,
    PartiInput,
    TebligInput,
    TecilInput,
    YapilandirmaInput,
)
from ..services import borc, takip, tecil, yapilandirma
from . import bp
from ._common import without_blanks

TAKIP = "gelir.takip.yonet"


def _emirler_sayfasi(errors: dict | None = None, status: int = 200):
    page = request.args.get("sayfa", 1, type=int)
    orders = db.paginate(takip.emirler(durum=request.args.get("durum") or None), page=page, per_page=50,
                         error_out=False)
    names = {m.id: m for m in db.session.scalars(db.select(Mukellef).where(
        Mukellef.id.in_({o.mukellef_id for o in orders.items})))} if orders.items else {}
    runs = db.session.scalars(db.select(OdemeEmriPartisi).order_by(OdemeEmriPartisi.id.desc()).limit(10)).all()
    kinds = db.session.scalars(db.select(GelirTuru).order_by(GelirTuru.oncelik)).all()
    return render_template("gelir/takip/odeme_emirleri.html", emirler=orders, mukellefler=names, partiler=runs,
                           turler=kinds, durumlar=takip.DURUMLAR, errors=errors or {}, form=request.form,
                           yil=today().year), status


@bp.route("/takip/odeme-emirleri")
@access("tenant", "staff")
@requires(TAKIP)
def odeme_emirleri():
    return _emirler_sayfasi()


@bp.route("/takip/odeme-emirleri/parti", methods=["POST"])
@access("tenant", "staff")
@requires(TAKIP)
def odeme_emri_partisi():
    try:
        data = load_form(PartiInput(), without_blanks(request.form, "yil", "gelir_kodu", "asgari"))
        run, queued = takip.parti_baslat(data["yil"], data["gelir_kodu"], data["asgari"], today(), actor=actor(),
                                         starter=f"staff:{current_user.id}", slug=require_tenant().slug)
    except UserError as exc:
        flash(exc.message, "error")
        return _emirler_sayfasi(exc.field_messages(), 422)
    if queued:  # a large batch runs as a job; its row shows the progress
        flash(_("Ödeme emri partisi arka planda hazırlanıyor."), "success")
    else:
        flash(_("%(n)s ödeme emri hazırlandı.", n=run.olusan), "success")
    return redirect(url_for("gelir.odeme_emirleri"))


@bp.route("/takip/odeme-emirleri/parti/<int:run_id>")
@access("tenant", "staff")
@requires(TAKIP)
def odeme_emri_parti(run_id: int):
    """A batch: its progress (the job's record), and its orders."""
    import uuid

    run = takip.parti(run_id)
    record = db.session.get(jobs.JobRecord, uuid.UUID(run.is_kaydi)) if run.is_kaydi else None
    orders = db.paginate(takip.emirler(parti_id=run.id), page=request.args.get("sayfa", 1, type=int), per_page=50,
                         error_out=False)
    names = {m.id: m for m in db.session.scalars(db.select(Mukellef).where(
        Mukellef.id.in_({o.mukellef_id for o in orders.items})))} if orders.items else {}
    return render_template("gelir/takip/parti.html", run=run, record=record, emirler=orders, mukellefler=names,
                           durumlar=takip.DURUMLAR)


@bp.route("/takip/odeme-emirleri/parti/<int:run_id>/devam", methods=["POST"])
@access("tenant", "staff")
@requires(TAKIP)
def odeme_emri_parti_devam(run_id: int):
    takip.parti_devam(run_id, actor=actor(), starter=f"staff:{current_user.id}", slug=require_tenant().slug)
    flash(_("Parti kaldığı yerden sürdürülüyor."), "success")
    return redirect(url_for("gelir.odeme_emri_parti", run_id=run_id))


def _emir_sayfasi(row: OdemeEmri, errors: dict | None = None, status: int = 200):
    return render_template("gelir/takip/odeme_emri.html", emir=row, mukellef=db.session.get(Mukellef, row.mukellef_id),
                           durumlar=takip.DURUMLAR, errors=errors or {}, form=request.form, bugun=today(),
                           denetim=takip.denetim("odeme_emri", row.id)), status


@bp.route("/takip/odeme-emirleri/<int:emir_id>")
@access("tenant", "staff")
@requires(TAKIP)
def odeme_emri(emir_id: int):
    return _emir_sayfasi(takip.emir(emir_id))


@bp.route("/takip/odeme-emirleri/<int:emir_id>.pdf")
@access("tenant", "staff")
@requires(TAKIP)
def odeme_emri_pdf(emir_id: int):
    row = takip.emir(emir_id)
    return send_file(io.BytesIO(belge.odeme_emri_pdf(row)), mimetype="application/pdf", as_attachment=True,
                     download_name=f"odeme-emri-{row.no}.pdf")


def _adim(emir_id: int, schema, step):
    """One step on an order's page (tebliğ, objection, decision): refused input shows the page again."""
    row = takip.emir(emir_id)
    try:
        step(load_form(schema))
    except UserError as exc:
        flash(exc.message, "error")
        return _emir_sayfasi(row, exc.field_messages(), 422)
    flash(_("Ödeme emri güncellendi."), "success")
    return redirect(url_for("gelir.odeme_emri", emir_id=emir_id))


@bp.route("/takip/odeme-emirleri/<int:emir_id>/teblig", methods=["POST"])
@access("tenant", "staff")
@requires(TAKIP)
def odeme_emri_teblig(emir_id: int):
    return _adim(emir_id, TebligInput(), lambda d: takip.teblig_et(emir_id, d["teblig_tarihi"], bugun=today(),
                                                                   actor=actor()))


@bp.route("/takip/odeme-emirleri/<int:emir_id>/itiraz", methods=["POST"])
@access("tenant", "staff")
@requires(TAKIP)
def odeme_emri_itiraz(emir_id: int):
    return _adim(emir_id, ItirazInput(), lambda d: takip.itiraz_et(emir_id, d["itiraz_tarihi"], d["aciklama"],
                                                                   bugun=today(), actor=actor()))


@bp.route("/takip/odeme-emirleri/<int:emir_id>/itiraz-sonucu", methods=["POST"])
@access("tenant", "staff")
@requires(TAKIP)
def odeme_emri_itiraz_sonucu(emir_id: int):
    return _adim(emir_id, ItirazSonucInput(), lambda d: takip.itiraz_sonucu(emir_id, d["sonuc"], d["karar_tarihi"],
                                                                            bugun=today(), actor=actor()))


# --- tecil -------------------------------------------------------------------------------

@bp.route("/takip/tecil")
@access("tenant", "staff")
@requires(TAKIP)
def tecil_planlari():
    page = request.args.get("sayfa", 1, type=int)
    plans = db.paginate(tecil.planlar(durum=request.args.get("durum") or None), page=page, per_page=50,
                        error_out=False)
    names = {m.id: m for m in db.session.scalars(db.select(Mukellef).where(
        Mukellef.id.in_({p.mukellef_id for p in plans.items})))} if plans.items else {}
    return render_template("gelir/takip/tecil_liste.html", planlar=plans, mukellefler=names, durumlar=tecil.DURUMLAR)


def _tecil_formu(mukellef: Mukellef, errors: dict | None = None, onizleme=None, status: int = 200):
    debts = [d for d in borc.acik_borclar(mukellef.id, today()) if d.tecil_taksiti_id is None and d.vade < today()]
    chosen = {int(x) for x in request.form.getlist("tahakkuk") if x.isdigit()} if request.form else \
        {d.tahakkuk_id for d in debts}
    return render_template("gelir/takip/tecil_yeni.html", mukellef=mukellef, borclar=debts, secili=chosen,
                           onizleme=onizleme, errors=errors or {}, form=request.form, bugun=today()), status


@bp.route("/takip/tecil/yeni/<int:mukellef_id>", methods=["GET", "POST"])
@access("tenant", "staff")
@requires(TAKIP)
def tecil_yeni(mukellef_id: int):
    mukellef = db.session.get(Mukellef, mukellef_id)
    if mukellef is None:
        return render_template("gelir/bos.html"), 404
    if request.method == "GET":
        return _tecil_formu(mukellef)
    try:
        data = load_form(TecilInput())
        if request.form.get("islem") != "onayla":  # "Hesapla": the schedule, before approval
            preview = tecil.onizle(mukellef.id, data["tahakkuk"], data["taksit_sayisi"], data["tecil_tarihi"],
                                   bugun=today())
            return _tecil_formu(mukellef, onizleme=preview)
        plan = tecil.onayla(mukellef.id, data["tahakkuk"], data["taksit_sayisi"], data["tecil_tarihi"],
                            bugun=today(), actor=actor(), teminat=data["teminat"])
    except UserError as exc:
        flash(exc.message, "error")
        return _tecil_formu(mukellef, exc.field_messages(), status=422)
    flash(_("Tecil planı onaylandı; taksitler ödenebilir."), "success")
    return redirect(url_for("gelir.tecil_plani", plan_id=plan.id))


@bp.route("/takip/tecil/<int:plan_id>")
@access("tenant", "staff")
@requires(TAKIP)
def tecil_plani(plan_id: int):
    plan = tecil.plan(plan_id)
    if plan.kampanya_id is not None:
        return redirect(url_for("gelir.yapilandirma_plani", plan_id=plan.id))
    return render_template("gelir/takip/tecil.html", plan=plan, mukellef=db.session.get(Mukellef, plan.mukellef_id),
                           durumlar=tecil.DURUMLAR, errors={}, denetim=takip.denetim("tecil_plani", plan.id))


@bp.route("/takip/tecil/<int:plan_id>/iptal", methods=["POST"])
@access("tenant", "staff")
@requires(TAKIP)
def tecil_iptal(plan_id: int):
    data = load_form(IptalInput())
    tecil.iptal(plan_id, data["gerekce"], today(), actor=actor())
    flash(_("Tecil planı iptal edildi; kalan borçlar yeniden gecikme zammına tabi."), "success")
    return redirect(url_for("gelir.tecil_plani", plan_id=plan_id))




# --- yapılandırma (restructuring campaigns) ---------------------------------------------

@bp.route("/takip/yapilandirma")
@access("tenant", "staff")
@requires(TAKIP)
def yapilandirmalar():
    page = request.args.get("sayfa", 1, type=int)
    campaigns = yapilandirma.kampanya_listesi(50)
    plans = db.paginate(yapilandirma.planlar(durum=request.args.get("durum") or None), page=page, per_page=50,
                        error_out=False)
    names = {m.id: m for m in db.session.scalars(db.select(Mukellef).where(
        Mukellef.id.in_({p.mukellef_id for p in plans.items})))} if plans.items else {}
    return render_template("gelir/takip/yapilandirma_liste.html", kampanyalar=campaigns, planlar=plans,
                           mukellefler=names, durumlar=tecil.DURUMLAR, yontemler=yapilandirma.YONTEMLER,
                           kanallar=yapilandirma.KANALLAR)


def _kampanya_formu(errors: dict | None = None, status: int = 200):
    kinds = db.session.scalars(db.select(GelirTuru).where(
        GelirTuru.kod.notin_(("gecikme_zammi", tecil.FAIZ_KODU, yapilandirma.KOD))).order_by(GelirTuru.oncelik)).all()
    return render_template("gelir/takip/kampanya_yeni.html", errors=errors or {}, form=request.form, turler=kinds,
                           yontemler=yapilandirma.YONTEMLER), status


@bp.route("/takip/yapilandirma/kampanya/yeni", methods=["GET", "POST"])
@access("tenant", "staff")
@requires(TAKIP)
def yapilandirma_kampanya_yeni():
    if request.method == "GET":
        return _kampanya_formu()
    try:
        data = load_form(KampanyaInput(), without_blanks(request.form, "aylik_oran", "hesap_sonu", "pesin_indirim",
                                                         "taksit_araligi_ay", "tolerans"))
        row = yapilandirma.kampanya_olustur(data, actor=actor())
    except UserError as exc:
        flash(exc.message, "error")
        return _kampanya_formu(exc.field_messages(), status=422)
    flash(_("Yapılandırma kampanyası kaydedildi."), "success")
    return redirect(url_for("gelir.yapilandirma_kampanya", kampanya_id=row.id))


@bp.route("/takip/yapilandirma/kampanya/<int:kampanya_id>")
@access("tenant", "staff")
@requires(TAKIP)
def yapilandirma_kampanya(kampanya_id: int):
    row = yapilandirma.kampanya(kampanya_id)
    page = request.args.get("sayfa", 1, type=int)
    plans = db.paginate(yapilandirma.planlar(row.id), page=page, per_page=50, error_out=False)
    names = {m.id: m for m in db.session.scalars(db.select(Mukellef).where(
        Mukellef.id.in_({p.mukellef_id for p in plans.items})))} if plans.items else {}
    return render_template("gelir/takip/kampanya.html", kampanya=row, planlar=plans, mukellefler=names,
                           durumlar=tecil.DURUMLAR, yontemler=yapilandirma.YONTEMLER,
                           secenekler=yapilandirma.secenek_metni(row.secenekler))


def _yapilandirma_formu(row, mukellef: Mukellef, errors: dict | None = None, onizleme=None, status: int = 200):
    debts = yapilandirma.uygun_borclar(row, mukellef.id, today())
    # a POST keeps what was sent; a link (the taxpayer's eligible debts) may pre-fill the choice
    source = request.form if request.method == "POST" else request.args
    if "tahakkuk" in source:
        chosen = {int(x) for x in source.getlist("tahakkuk") if x.isdigit() and len(x) <= 18}
    else:
        chosen = {d.tahakkuk_id for d in debts}
    return render_template("gelir/takip/yapilandirma_yeni.html", kampanya=row, mukellef=mukellef, borclar=debts,
                           secili=chosen, onizleme=onizleme, errors=errors or {}, form=source,
                           bugun=today()), status


@bp.route("/takip/yapilandirma/mukellef/<int:mukellef_id>")
@access("tenant", "staff")
@requires(TAKIP)
def yapilandirma_uygun(mukellef_id: int):
    """One taxpayer's debts each open campaign covers, with a link to prepare each one."""
    mukellef = db.session.get(Mukellef, mukellef_id)
    if mukellef is None:
        return render_template("gelir/bos.html"), 404
    return render_template("gelir/takip/yapilandirma_mukellef.html", mukellef=mukellef,
                           kampanyalar=yapilandirma.mukellef_uygunlari(mukellef.id, today()), bugun=today())


@bp.route("/takip/yapilandirma/kampanya/<int:kampanya_id>/yeni/<int:mukellef_id>", methods=["GET", "POST"])
@access("tenant", "staff")
@requires(TAKIP)
def yapilandirma_yeni(kampanya_id: int, mukellef_id: int):
    row = yapilandirma.kampanya(kampanya_id)
    mukellef = db.session.get(Mukellef, mukellef_id)
    if mukellef is None:
        return render_template("gelir/bos.html"), 404
    if request.method == "GET":
        return _yapilandirma_formu(row, mukellef)
    try:
        data = load_form(YapilandirmaInput())
        if request.form.get("islem") != "onayla":  # "Hesapla": the preview, nothing written
            preview = yapilandirma.onizle(row.id, mukellef.id, data["tahakkuk"], data["taksit_sayisi"],
                                          data["basvuru_tarihi"], bugun=today())
            return _yapilandirma_formu(row, mukellef, onizleme=preview)
        plan = yapilandirma.onayla(row.id, mukellef.id, data["tahakkuk"], data["taksit_sayisi"],
                                   data["basvuru_tarihi"], bugun=today(), actor=actor())
    except UserError as exc:
        flash(exc.message, "error")
        return _yapilandirma_formu(row, mukellef, exc.field_messages(), status=422)
    flash(_("Yapılandırma yapıldı; taksitler ödenebilir."), "success")
    return redirect(url_for("gelir.yapilandirma_plani", plan_id=plan.id))


@bp.route("/takip/yapilandirma/<int:plan_id>")
@access("tenant", "staff")
@requires(TAKIP)
def yapilandirma_plani(plan_id: int):
    plan = yapilandirma.yapilandirma(plan_id)
    return render_template("gelir/takip/yapilandirma.html", plan=plan, kampanya=yapilandirma.kampanya(plan.kampanya_id),
                           mukellef=db.session.get(Mukellef, plan.mukellef_id), durumlar=tecil.DURUMLAR,
                           asil_gecikme=Decimal((plan.yapilandirma or {}).get("asil_gecikme", "0")),
                           denetim=takip.denetim("tecil_plani", plan.id), kanallar=yapilandirma.KANALLAR)
