"""6183 collection pages, continued: the year-end zamanaşımı list (6183 m.102–103) staff
review, and terkin (write-off) requests with their approval by a second user."""

from __future__ import annotations

import uuid

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ebelediye import jobs
from ebelediye.access import access
from ebelediye.errors import UserError
from ebelediye.extensions import db
from ebelediye.inputs import load_args, load_form
from ebelediye.rbac import can, requires
from ebelediye.tenancy import require_tenant
from ebelediye.web import actor, today

from ..models import GelirTuru, Mukellef, Tahakkuk, Tahsilat
from ..schemas.zamanasimi import (
    HacizInput,
    HacizKaldirInput,
    MahsupInput,
    TerkinInput,
    TerkinListeInput,
    TerkinOnayInput,
    TerkinRetInput,
    ZamanasimiInput,
    ZamanasimiSayfaInput,
)
from ..services import borc, haciz, mahsup, terkin, zamanasimi
from ..services import takip as takip_servisi
from . import bp

TAKIP = "gelir.takip.yonet"
TALEP, ONAY = "gelir.terkin.talep", "gelir.terkin.onayla"
TAHSIL = "gelir.tahsilat.olustur"


def _adlar(ids) -> dict[int, Mukellef]:
    ids = set(ids)
    return {m.id: m for m in db.session.scalars(db.select(Mukellef).where(Mukellef.id.in_(ids)))} if ids else {}


def _liste_sayfasi(errors: dict | None = None, status: int = 200):
    runs = db.paginate(zamanasimi.calismalar(), page=request.args.get("sayfa", 1, type=int), per_page=50,
                       error_out=False)
    return render_template("gelir/takip/zamanasimi_listeleri.html", calismalar=runs, errors=errors or {},
                           form=request.form, yil=today().year - 1), status


@bp.route("/takip/zamanasimi", methods=["GET", "POST"])
@access("tenant", "staff")
@requires(TAKIP)
def zamanasimi_listeleri():
    if request.method == "GET":
        return _liste_sayfasi()
    try:
        data = load_form(ZamanasimiInput())
        run, queued = zamanasimi.baslat(data["yil"], today(), actor=actor(), starter=f"staff:{current_user.id}",
                                        slug=require_tenant().slug)
    except UserError as exc:
        flash(exc.message, "error")
        return _liste_sayfasi(exc.field_messages(), 422)
    flash(_("Zamanaşımı listesi arka planda hazırlanıyor.") if queued else
          _("%(n)s borç zamanaşımına uğramış olarak listelendi.", n=run.olusan), "success")
    return redirect(url_for("gelir.zamanasimi_listesi", run_id=run.id))


@bp.route("/takip/zamanasimi/<int:run_id>")
@access("tenant", "staff")
@requires(TAKIP)
def zamanasimi_listesi(run_id: int):
    run = zamanasimi.calisma(run_id)
    try:
        args = load_args(ZamanasimiSayfaInput())
    except UserError:
        args = {"sayfa": 1, "mukellef_id": None}
    record = db.session.get(jobs.JobRecord, uuid.UUID(run.is_kaydi)) if run.is_kaydi else None
    items = db.paginate(zamanasimi.kalemler(run.id, mukellef_id=args["mukellef_id"]), page=args["sayfa"],
                        per_page=50, error_out=False)
    ids = [k.tahakkuk_id for k in items.items]
    live = {t.tahakkuk_id: t for t in db.session.scalars(terkin.terkinler().where(
        terkin.Terkin.tahakkuk_id.in_(ids), terkin.Terkin.durum.in_(("bekliyor", "onaylandi"))))} if ids else {}
    kinds = {k.kod: k.ad for k in db.session.scalars(db.select(GelirTuru))}
    return render_template("gelir/takip/zamanasimi_listesi.html", run=run, record=record, kalemler=items,
                           mukellefler=_adlar(k.mukellef_id for k in items.items), terkinler=live, turler=kinds,
                           nedenler=zamanasimi.NEDENLER, terkin_durumlari=terkin.DURUMLAR,
                           talep_edebilir=can(current_user, TALEP), mukellef_id=args["mukellef_id"])


@bp.route("/takip/zamanasimi/<int:run_id>/devam", methods=["POST"])
@access("tenant", "staff")
@requires(TAKIP)
def zamanasimi_devam(run_id: int):
    from ebelediye import audit

    run = zamanasimi.calisma(run_id)
    if run.durum == "bitti":
        flash(_("Bu liste zaten tamamlandı."), "error")
        return redirect(url_for("gelir.zamanasimi_listesi", run_id=run_id))
    record = jobs.enqueue(require_tenant().slug, "modules.gelir.jobs:zamanasimi", run.yil, run.id, queue_name="batch",
                          description=f"Zamanaşımı listesi {run.yil} (devam)", actor=f"staff:{current_user.id}")
    run.is_kaydi = str(record.id)[:40]
    audit.record("gelir.zamanasimi.devam", actor=actor(), realm="staff", object_type="zamanasimi_calismasi",
                 object_id=run.id, after={"imlec": run.imlec, "is_kaydi": run.is_kaydi})
    flash(_("Liste kaldığı yerden sürdürülüyor."), "success")
    return redirect(url_for("gelir.zamanasimi_listesi", run_id=run_id))


# --- terkin ---------------------------------------------------------------------------------

def _borc_or_404(tahakkuk_id: int) -> Tahakkuk | None:
    debt = db.session.get(Tahakkuk, tahakkuk_id)
    return debt if debt is not None and debt.iptal_edilen_id is None else None


def _terkin_formu(debt: Tahakkuk, errors: dict | None = None, status: int = 200):
    kind = db.session.get(GelirTuru, debt.gelir_kodu)
    period = zamanasimi.borc_suresi(debt.id)
    return render_template("gelir/takip/terkin_yeni.html", borc=debt, tur=kind, sure=period,
                           doldu=period.doldu_mu(today()), mukellef=db.session.get(Mukellef, debt.mukellef_id),
                           nedenler=terkin.nedenler(today()), errors=errors or {}, form=request.form,
                           kalem=request.values.get("kalem", "")), status


@bp.route("/takip/terkin/yeni/<int:tahakkuk_id>", methods=["GET", "POST"])
@access("tenant", "staff")
@requires(TALEP)
def terkin_yeni(tahakkuk_id: int):
    debt = _borc_or_404(tahakkuk_id)
    if debt is None:
        return render_template("gelir/bos.html"), 404
    if request.method == "GET":
        return _terkin_formu(debt)
    try:
        data = load_form(TerkinInput())
        row = terkin.talep(debt.id, data["neden"], data["gerekce"], data["dayanak"], today(), actor=actor(),
                           actor_id=current_user.id, zamanasimi_kalemi_id=data["zamanasimi_kalemi_id"])
    except UserError as exc:
        flash(exc.message, "error")
        return _terkin_formu(debt, exc.field_messages(), 422 if exc.status != 409 else 409)
    flash(_("Terkin talebi kaydedildi; başka bir yetkilinin onayını bekliyor."), "success")
    return redirect(url_for("gelir.terkin_kaydi", terkin_id=row.id))


def _terkinler_sayfasi(errors: dict | None = None, status: int = 200):
    try:
        args = load_args(TerkinListeInput())
    except UserError:
        args = {"sayfa": 1, "durum": None}
    rows = db.paginate(terkin.terkinler(durum=args["durum"]), page=args["sayfa"], per_page=50, error_out=False)
    debts = {t.id: t for t in db.session.scalars(db.select(Tahakkuk).where(
        Tahakkuk.id.in_({r.tahakkuk_id for r in rows.items})))} if rows.items else {}
    return render_template("gelir/takip/terkinler.html", terkinler=rows, borclar=debts,
                           mukellefler=_adlar(r.mukellef_id for r in rows.items), durumlar=terkin.DURUMLAR,
                           nedenler=terkin.NEDEN_ADLARI, durum=args["durum"], errors=errors or {},
                           onaylayabilir=can(current_user, ONAY), talep_edebilir=can(current_user, TALEP)), status


@bp.route("/takip/terkin")
@access("tenant", "staff")
@requires(ONAY)
def terkinler():
    """The approvers' queue: every request with what is needed to decide it."""
    return _terkinler_sayfasi()


@bp.route("/takip/terkin/<int:terkin_id>")
@access("tenant", "staff")
@requires(TALEP)
def terkin_kaydi(terkin_id: int):
    row = terkin.terkin(terkin_id)
    return render_template("gelir/takip/terkin.html", t=row, borc=db.session.get(Tahakkuk, row.tahakkuk_id),
                           mukellef=db.session.get(Mukellef, row.mukellef_id), durumlar=terkin.DURUMLAR,
                           nedenler=terkin.NEDEN_ADLARI, denetim=takip_servisi.denetim("terkin", row.id),
                           onaylayabilir=can(current_user, ONAY))


def _karar(terkin_id: int, schema, step):
    terkin.terkin(terkin_id)  # 404 before the form is read
    try:
        step(load_form(schema))
    except UserError as exc:
        flash(exc.message, "error")
        return _terkinler_sayfasi(exc.field_messages(), exc.status if exc.status in (404, 409) else 422)
    return redirect(url_for("gelir.terkinler"))


@bp.route("/takip/terkin/<int:terkin_id>/onayla", methods=["POST"])
@access("tenant", "staff")
@requires(ONAY)
def terkin_onayla(terkin_id: int):
    def step(data):
        terkin.onayla(terkin_id, today(), actor=actor(), actor_id=current_user.id, not_=data["karar_notu"])
        flash(_("Terkin onaylandı; borç ters kayıtla kapandı."), "success")
    return _karar(terkin_id, TerkinOnayInput(), step)


@bp.route("/takip/terkin/<int:terkin_id>/reddet", methods=["POST"])
@access("tenant", "staff")
@requires(ONAY)
def terkin_reddet(terkin_id: int):
    def step(data):
        terkin.reddet(terkin_id, data["karar_notu"], today(), actor=actor(), actor_id=current_user.id)
        flash(_("Terkin talebi reddedildi; borç açık kalır."), "success")
    return _karar(terkin_id, TerkinRetInput(), step)


# --- mahsup ---------------------------------------------------------------------------------

def _mahsup_sayfasi(m: Mukellef, errors: dict | None = None, status: int = 200):
    preview, message = None, None
    try:
        credit, plan, debts = mahsup.onizle(m.id, today())
        names = {d.tahakkuk_id: d for d in debts}
        preview = {"alacak": credit, "uygulanan": plan.uygulanan, "kalan": credit - plan.uygulanan,
                   "satirlar": [(names[i], plan.gecikmeye.get(i, 0), plan.anaparaya.get(i, 0))
                                for i in names if i in plan.gecikmeye or i in plan.anaparaya]}
    except UserError as exc:
        message = exc.message
    return render_template("gelir/takip/mahsup.html", m=m, onizleme=preview, mesaj=message,
                           alacak=borc.alacak_bakiyesi(m.id), errors=errors or {}, form=request.form,
                           gecmis=db.session.scalars(mahsup.mahsuplar(m.id).limit(20)).all()), status


@bp.route("/takip/mahsup/<int:mukellef_id>", methods=["GET", "POST"])
@access("tenant", "staff")
@requires(TAHSIL)
def mahsup_sayfasi(mukellef_id: int):
    m = db.session.get(Mukellef, mukellef_id)
    if m is None:
        return render_template("gelir/bos.html"), 404
    if request.method == "GET":
        return _mahsup_sayfasi(m)
    try:
        data = load_form(MahsupInput())
        receipt = mahsup.mahsup_et(m.id, today(), actor=actor(), tutar=data["tutar"])
    except UserError as exc:
        flash(exc.message, "error")
        return _mahsup_sayfasi(m, exc.field_messages(), 409 if exc.status == 409 else 422)
    flash(_("Alacak borçlara mahsup edildi."), "success")
    return redirect(url_for("gelir.vezne_makbuz", tahsilat_id=receipt.id))


@bp.route("/takip/mahsup/iptal/<int:tahsilat_id>", methods=["POST"])
@access("tenant", "staff")
@requires(TAHSIL)
def mahsup_iptal(tahsilat_id: int):
    try:
        reversal = mahsup.ters_kayit(tahsilat_id, today(), actor=actor())
    except UserError as exc:
        if exc.status == 404:
            return render_template("gelir/bos.html"), 404
        flash(exc.message, "error")
        original = db.session.get(Tahsilat, tahsilat_id)
        return redirect(url_for("gelir.mahsup_sayfasi", mukellef_id=original.mukellef_id)) if original else \
            (render_template("gelir/bos.html"), 404)
    flash(_("Mahsup ters kayıtla geri alındı."), "success")
    return redirect(url_for("gelir.mahsup_sayfasi", mukellef_id=reversal.mukellef_id))


# --- haciz ----------------------------------------------------------------------------------

def _haciz_sayfasi(errors: dict | None = None, status: int = 200, mukellef: Mukellef | None = None):
    rows = db.paginate(haciz.hacizler(mukellef_id=mukellef.id if mukellef else None),
                       page=request.args.get("sayfa", 1, type=int), per_page=50, error_out=False)
    debts = [d for d in borc.acik_borclar(mukellef.id, today()) if d.tecil_taksiti_id is None] if mukellef else []
    return render_template("gelir/takip/hacizler.html", hacizler=rows, mukellef=mukellef, borclar=debts,
                           mukellefler=_adlar(r.mukellef_id for r in rows.items), turler=haciz.TURLER,
                           durumlar=haciz.DURUMLAR, errors=errors or {}, form=request.form, bugun=today()), status


@bp.route("/takip/haciz")
@access("tenant", "staff")
@requires(TAKIP)
def hacizler():
    return _haciz_sayfasi()


@bp.route("/takip/haciz/mukellef/<int:mukellef_id>", methods=["GET", "POST"])
@access("tenant", "staff")
@requires(TAKIP)
def haciz_mukellef(mukellef_id: int):
    m = db.session.get(Mukellef, mukellef_id)
    if m is None:
        return render_template("gelir/bos.html"), 404
    if request.method == "GET":
        return _haciz_sayfasi(mukellef=m)
    try:
        data = load_form(HacizInput())
        haciz.kaydet(m.id, data["tur"], data["tarih"], data["tutar"], data["konu"], data["tahakkuk"], bugun=today(),
                     actor=actor(), maas_net=data["maas_net"])
    except UserError as exc:
        flash(exc.message, "error")
        return _haciz_sayfasi(exc.field_messages(), 422, mukellef=m)
    flash(_("Haciz kaydedildi."), "success")
    return redirect(url_for("gelir.haciz_mukellef", mukellef_id=m.id))


@bp.route("/takip/haciz/<int:haciz_id>/kaldir", methods=["POST"])
@access("tenant", "staff")
@requires(TAKIP)
def haciz_kaldir(haciz_id: int):
    row = haciz.haciz(haciz_id)
    try:
        data = load_form(HacizKaldirInput())
        haciz.kaldir(row.id, data["tarih"], data["neden"], bugun=today(), actor=actor())
    except UserError as exc:
        flash(exc.message, "error")
        return _haciz_sayfasi(exc.field_messages(), 409 if exc.status == 409 else 422,
                              mukellef=db.session.get(Mukellef, row.mukellef_id))
    flash(_("Haciz kaldırıldı."), "success")
    return redirect(url_for("gelir.haciz_mukellef", mukellef_id=row.mukellef_id))
