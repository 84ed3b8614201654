"""The ministry console on ``admin.<BASE_DOMAIN>``: tenants, provisioning with live
progress, suspend/resume, modules.  The identity issue completes it (archive from the
browser, platform audit screen, roles)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import EmailField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

from ebelediye import audit, jobs, mail, mfa, signin, throttle
from ebelediye.access import access
from ebelediye.extensions import db
from ebelediye.registry import RegistryError
from ebelediye.signin import LoginForm
from ebelediye.tenancy import TenantError
from ebelediye.throttle import limiter
from ebelediye.urls import page_number

from . import citus, services, stats
from .models import MinistryUser, Tenant

bp = Blueprint("console", __name__, url_prefix="/konsol", template_folder="templates")

POPULATION_BANDS = [SelectChoice(value, label) for value, label in (
    ("", "—"), ("0-10k", _l("10.000'e kadar")), ("10k-50k", _l("10.000–50.000")),
    ("50k-250k", _l("50.000–250.000")), ("250k+", _l("250.000 üzeri")))]

if TYPE_CHECKING:
    from ebelediye.parameters import ParamDef


@bp.context_processor
def _console_globals() -> dict:
    return {"platform_inbox": mail.dev_inbox_enabled()}


def actor() -> str:
    return f"ministry:{current_user.email}"


class ProvisionForm(FlaskForm):
    slug = StringField(_l("Kısa ad (adres)"), validators=[DataRequired(_l("Kısa ad gerekli.")), Length(max=41)],
                       description=_l("ör. cankaya → cankaya.<alan adı>"))
    name = StringField(_l("Belediye adı"), validators=[DataRequired(_l("Ad gerekli.")), Length(max=200)])
    province = StringField(_l("İl"), validators=[Optional(), Length(max=100)])
    district = StringField(_l("İlçe"), validators=[Optional(), Length(max=100)])
    population_band = SelectField(_l("Nüfus grubu"), choices=POPULATION_BANDS, validators=[Optional()])
    modules = SelectMultipleField(_l("Modüller"), choices=[], validate_choice=False)
    admin_email = EmailField(_l("Yönetici e-postası"), validators=[DataRequired(_l("Yönetici e-postası gerekli.")), Email(_l("Geçerli bir e-posta girin."))])


@bp.route("/giris", methods=["GET", "POST"])
@access("admin")
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    form = LoginForm()
    status = signin.handle(
        form, lambda email: db.session.scalar(select(MinistryUser).where(func.lower(MinistryUser.email) == email)),
        "ministry", None,
    )
    if status is None:
        return redirect(url_for("console.second_factor"))
    return render_template("tenants/login.html", form=form), status


def _after_second_factor(target: str) -> str:
    from ebelediye.urls import is_local_path

    return target if is_local_path(target, "/konsol") else url_for("console.index")


@bp.route("/giris/iki-adim", methods=["GET", "POST"])
@access("admin")
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def second_factor():
    """The code step after a right password (every ministry user has one: enrol first)."""
    found = mfa.pending()
    if found is None:
        return redirect(url_for("console.login"))
    user, target = found
    if not user.mfa_secret:
        return redirect(url_for("console.enrol"))
    form = mfa.CodeForm()
    signed_in, status = mfa.answer(user, form)
    if signed_in:
        return redirect(_after_second_factor(target))
    return render_template("mfa/code.html", base="tenants/base.html", form=form), status


@bp.route("/giris/iki-adim/kurulum", methods=["GET", "POST"])
@access("admin")
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def enrol():
    """A ministry user without a second factor sets one up before reaching the console."""
    found = mfa.pending()
    if found is None:
        return redirect(url_for("console.login"))
    user, target = found
    if user.mfa_secret:
        return redirect(url_for("console.second_factor"))
    form = mfa.CodeForm()
    status = 200
    if form.validate_on_submit():
        locked = mfa.locked_message(user)
        codes = None if locked else mfa.enrol(user, form.code.data)
        if codes is not None:
            mfa.finish(user, "kurulum")
            return render_template("mfa/codes.html", base="tenants/base.html", codes=codes,
                                   next_url=_after_second_factor(target))
        form.code.errors.append(locked or mfa.refused(user))
        status = 429 if locked else 422
    elif request.method == "POST":
        status = 422
    secret = mfa.enrolment_secret(user)
    return render_template("mfa/enrol.html", base="tenants/base.html", form=form, secret=secret,
                           qr=mfa.qr_data_uri(mfa.provisioning_uri(user, secret))), status


@bp.route("/giris/kilit-ac/<token>")
@access("admin")
def unlock(token: str):
    """The ministry user's link from the lock notice: lifts the lock for this browser's address."""
    key = throttle.key_of_unlock_token(token)
    if key is None or not key.startswith("platform:login:ministry:"):
        return render_template("tenants/link_invalid.html"), 404
    throttle.unlock(key, request.remote_addr)
    flash(_("Giriş kilidi bu tarayıcı için kaldırıldı; şimdi giriş yapabilirsiniz."), "success")
    return redirect(url_for("console.login"))


@bp.route("/cikis", methods=["POST"])
@access("admin", "ministry")
def logout():
    logout_user()
    return redirect(url_for("console.login"))


@bp.route("/")
@access("admin", "ministry")
def index():
    q = request.args.get("q", "").strip()
    state = request.args.get("durum", "")
    page = page_number()
    query = select(Tenant).order_by(Tenant.slug)
    if q:
        like = f"%{q.lower()}%"
        query = query.where(func.lower(Tenant.name).like(like) | Tenant.slug.like(like))
    if state:
        query = query.where(Tenant.state == state)
    pagination = db.paginate(query, page=page, per_page=50, error_out=False)
    figures = stats.tenant_stats([t.slug for t in pagination.items])
    return render_template("tenants/index.html", pagination=pagination, q=q, state=state,
                           figures=figures, human_size=stats.human_size, format_time=stats.format_time,
                           show_nodes=any(f["node"] for f in figures.values()))


AUDIT_PAGE = 50


@bp.route("/denetim")
@access("admin", "ministry")
def audit_log():
    """Platform audit trail, searchable by tenant, actor, action and date."""
    entry = audit.PlatformAuditEntry
    query, filters, errors = audit.search(entry, request.args, {"belediye": lambda v: entry.tenant_slug == v})
    page = page_number()
    pagination = db.paginate(query, page=page, per_page=AUDIT_PAGE, error_out=False)
    fields = [("belediye", _("Belediye (kısa ad)"), "text"), ("kim", _("Kim"), "text"),
              ("islem", _("İşlem (ör. tenant.)"), "text"), ("baslangic", _("Başlangıç"), "date"), ("bitis", _("Bitiş"), "date")]
    return render_template("tenants/audit.html", pagination=pagination, filters=filters,
                           errors=errors, fields=fields, names=_ministry_names(pagination.items)), 422 if errors else 200


def _ministry_names(entries) -> dict[str, str]:
    """E-mail → full name of the ministry users among the entries' actors (``ministry:<email>``)."""
    emails = {e.actor.split(":", 1)[1] for e in entries if e.actor and e.actor.startswith("ministry:")}
    if not emails:
        return {}
    return dict(db.session.execute(select(MinistryUser.email, MinistryUser.full_name)
                                   .where(MinistryUser.email.in_(emails))).all())


@bp.route("/belediye/<slug>/arsivle", methods=["GET", "POST"])
@access("admin", "ministry")
def archive(slug: str):
    """Queue the archive of a tenant (export, verify, drop) as a batch job.  Like suspending,
    it takes a confirmation step: what it does and the short name typed again."""
    t = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
    if t is None:
        abort(404)
    if t.state not in ("active", "suspended"):
        flash(_("'%(slug)s' belediyesi '%(state)s' durumunda; arşivlenemez.", slug=slug, state=t.state), "error")
        return redirect(url_for("console.tenant", slug=slug))
    form = {"onay": (request.form.get("onay") or "").strip()}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        if form["onay"].lower() != t.slug:
            errors["onay"] = [_("Onaylamak için belediyenin kısa adını (%(slug)s) aynen yazın.", slug=t.slug)]
        else:
            record = jobs.enqueue(slug, "tenants.jobs:archive", slug, actor(), queue_name="batch",
                                  description=f"{slug} belediyesinin arşivlenmesi")
            audit.record("tenant.archive_requested", actor=actor(), realm="ministry", object_type="tenant",
                         object_id=slug, platform=True, tenant_slug=slug)
            return redirect(url_for("console.job", job_id=record.id))
    return render_template("tenants/archive.html", t=t, form=form, errors=errors), 422 if errors else 200


@bp.route("/belediye/<slug>/tasi", methods=["POST"])
@access("admin", "ministry")
def move(slug: str):
    """Queue the move of a tenant's schema to another Citus worker (progress on the job page)."""
    t = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
    if t is None:
        abort(404)
    node = (request.form.get("node") or "").strip()
    if t.state not in ("active", "suspended"):
        flash(_("'%(slug)s' belediyesi '%(state)s' durumunda; taşınamaz.", slug=slug, state=t.state), "error")
        return redirect(url_for("console.tenant", slug=slug))
    if node not in citus.workers():
        flash(_("Hedef düğüm kümenin etkin düğümlerinden biri olmalı."), "error")
        return redirect(url_for("console.tenant", slug=slug))
    record = jobs.enqueue(slug, "tenants.jobs:move", slug, node, actor(), queue_name="batch",
                          description=f"{slug} belediyesinin {node} düğümüne taşınması")
    audit.record("tenant.move_requested", actor=actor(), realm="ministry", object_type="tenant",
                 object_id=slug, after={"node": node}, platform=True, tenant_slug=slug)
    return redirect(url_for("console.job", job_id=record.id))


@bp.route("/belediye/<slug>/geri-yukle/<int:archive_id>", methods=["POST"])
@access("admin", "ministry")
def restore(slug: str, archive_id: int):
    """Queue the restore of one of the tenant's archives."""
    from .models import ArchiveRecord

    record_row = db.session.get(ArchiveRecord, archive_id)
    t = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
    if record_row is None or t is None or record_row.tenant_id != t.id:
        abort(404)
    record = jobs.enqueue(slug, "tenants.jobs:restore", record_row.path, actor(), queue_name="batch",
                          description=f"{slug} belediyesinin geri yüklenmesi")
    return redirect(url_for("console.job", job_id=record.id))


@bp.route("/belediye/yeni", methods=["GET", "POST"])
@access("admin", "ministry")
def new_tenant():
    form = ProvisionForm()
    registry = services.registry()
    form.modules.choices = [SelectChoice(s.key, s.name_tr) for s in registry]
    if form.validate_on_submit():
        req = services.ProvisionRequest(
            slug=form.slug.data.strip(), name=form.name.data, modules=form.modules.data or [],
            admin_email=form.admin_email.data.strip().lower(), province=form.province.data or None,
            district=form.district.data or None, population_band=form.population_band.data or None,
        )
        try:
            tenant, record = services.request_tenant(req, actor())
        except services.ValidationFailed as exc:
            for field, messages in exc.errors.items():
                getattr(form, field).errors = list(getattr(form, field).errors) + messages
        else:
            jobs.dispatch_after_commit(record)
            return redirect(url_for("console.job", job_id=record.id))
    status = 422 if request.method == "POST" else 200
    return render_template("tenants/new.html", form=form), status


@bp.route("/isler/<uuid:job_id>")
@access("admin", "ministry")
def job(job_id: uuid.UUID):
    record = db.session.get(jobs.JobRecord, job_id)
    if record is None:
        abort(404)
    if request.accept_mimetypes.best == "application/json" or request.args.get("format") == "json":
        return jsonify(record.as_dict())
    return render_template("tenants/job.html", record=record)


@bp.route("/belediye/<slug>")
@access("admin", "ministry")
def tenant(slug: str):
    t = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
    if t is None:
        abort(404)
    recent_jobs = db.session.scalars(
        select(jobs.JobRecord).where(jobs.JobRecord.tenant_slug == slug)
        .order_by(jobs.JobRecord.created_at.desc()).limit(10)
    ).all()
    entries = db.session.scalars(
        select(audit.PlatformAuditEntry).where(audit.PlatformAuditEntry.tenant_slug == slug)
        .order_by(audit.PlatformAuditEntry.id.desc()).limit(20)
    ).all()
    from .models import ArchiveRecord

    archives = db.session.scalars(
        select(ArchiveRecord).where(ArchiveRecord.tenant_id == t.id).order_by(ArchiveRecord.id.desc())
    ).all()
    return render_template("tenants/tenant.html", t=t, modules=list(services.registry()),
                           recent_jobs=recent_jobs, entries=entries, archives=archives,
                           figures=stats.tenant_stats([t.slug])[t.slug], human_size=stats.human_size,
                           format_time=stats.format_time, dev_inbox=mail.dev_inbox_enabled(),
                           nodes=citus.workers(), names=_ministry_names(entries))


@bp.route("/belediye/<slug>/posta")
@access("admin", "ministry")
def dev_inbox(slug: str):
    """Development only: a municipality's outbox, where its first admin's set-password
    link is found (``mail.dev_inbox_enabled``: never in production)."""
    if not mail.dev_inbox_enabled():
        abort(404)
    t = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
    if t is None or t.state not in ("active", "suspended"):
        abort(404)
    messages = mail.outbox_page_of(services.tenant_info(slug).schema, page_number())
    return render_template("portal/dev_inbox.html", messages=messages, layout="tenants/base.html", t=t)


@bp.route("/posta")
@access("admin", "ministry")
def platform_inbox():
    """Development only: the platform's own outbox (ministry users' lock notices with their
    unlock links), newest first; the same rule as a municipality's (``mail.dev_inbox_enabled``)."""
    if not mail.dev_inbox_enabled():
        abort(404)
    return render_template("portal/dev_inbox.html", messages=mail.platform_outbox_page(page_number()),
                           layout="tenants/base.html", t=None, platform=True)


# --- the ministry user's own account and colleagues' second factor ----------------------------

def _account_page(form=None, status: int = 200):
    user = current_user._get_current_object()
    return render_template("tenants/account.html", form=form or mfa.DisableForm(),
                           recovery_left=len(user.mfa_recovery or [])), status


@bp.route("/hesabim")
@access("admin", "ministry")
def account():
    """The signed-in ministry user's account: their second factor and recovery codes."""
    return _account_page()


@bp.route("/hesabim/kurtarma-kodlari", methods=["POST"])
@access("admin", "ministry")
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def regenerate_recovery_codes():
    """Ten new recovery codes, shown once (the old ones stop working), after a current code
    or the password."""
    user = current_user._get_current_object()
    form = mfa.DisableForm()
    if user.mfa_secret and form.validate_on_submit() and mfa.owner_proven(user, form):
        codes = mfa.regenerate(user)
        return render_template("mfa/codes.html", base="tenants/base.html", codes=codes,
                               next_url=url_for("console.account"))
    return _account_page(form, 422)


USERS_PAGE = 50


@bp.route("/kullanicilar")
@access("admin", "ministry")
def ministry_users():
    """The ministry users and whether each has set up the second factor."""
    q = request.args.get("q", "").strip()
    query = select(MinistryUser).order_by(MinistryUser.full_name, MinistryUser.id)
    if q:
        like = f"%{q.lower()}%"
        query = query.where(func.lower(MinistryUser.email).like(like) | func.lower(MinistryUser.full_name).like(like))
    pagination = db.paginate(query, page=page_number(), per_page=USERS_PAGE, error_out=False)
    return render_template("tenants/users.html", pagination=pagination, q=q)


class ResetForm(FlaskForm):
    reason = StringField(_l("Gerekçe"), validators=[DataRequired(_l("Sıfırlama gerekçesini yazın.")), Length(max=500)],
                         description=_l("ör. telefonunu kaybetti; kimliğini … ile doğruladım"))


@bp.route("/kullanicilar/<int:user_id>/iki-adim-sifirla", methods=["GET", "POST"])
@access("admin", "ministry")
def reset_second_factor(user_id: int):
    """Clear a colleague's second factor (a lost phone, no recovery code left): with a
    reason, audited; their sessions end and their next sign-in enrols again.  Nobody resets
    their own (they regenerate their recovery codes on their account page)."""
    from ebelediye import sessions, uow

    user = db.session.get(MinistryUser, user_id)
    if user is None:
        abort(404)
    if user.id == current_user.id:
        flash(_("Kendi iki adımlı doğrulamanızı sıfırlayamazsınız; hesabınızdan yeni kurtarma kodları alın."), "error")
        return redirect(url_for("console.ministry_users"))
    form = ResetForm()
    if form.validate_on_submit():
        mfa.reset(user, actor(), form.reason.data.strip())
        user_key = user.get_id()
        uow.after_commit(lambda: sessions.end_all(user_key))
        flash(_("%(name)s için iki adımlı doğrulama sıfırlandı; bir sonraki girişte yeniden kuracak.",
                name=user.full_name), "success")
        return redirect(url_for("console.ministry_users"))
    return render_template("tenants/reset_mfa.html", user=user, form=form), 422 if request.method == "POST" else 200


@bp.route("/belediye/<slug>/askiya-al", methods=["GET", "POST"])
@access("admin", "ministry")
def suspend(slug: str):
    """Suspending a whole municipality stops its staff and citizens at once, so it takes a
    confirmation step: the consequences, a required reason and the municipality's short
    name typed again (no one-click suspension, no JavaScript-only confirm)."""
    t = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
    if t is None:
        abort(404)
    form = {"reason": (request.form.get("reason") or request.args.get("reason") or "").strip(),
            "onay": (request.form.get("onay") or "").strip()}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        if not form["reason"]:
            errors["reason"] = [_("Askıya alma gerekçesini yazın.")]
        elif len(form["reason"]) > 500:
            errors["reason"] = [_("Gerekçe en çok 500 karakter olabilir.")]
        if form["onay"].lower() != t.slug:
            errors["onay"] = [_("Onaylamak için belediyenin kısa adını (%(slug)s) aynen yazın.", slug=t.slug)]
        if not errors:
            return _act(slug, lambda: services.suspend(slug, actor(), form["reason"]), _("Belediye askıya alındı."))
    if t.state != "active" and not errors:
        flash(_("Yalnızca etkin bir belediye askıya alınabilir."), "error")
        return redirect(url_for("console.tenant", slug=slug))
    return render_template("tenants/suspend.html", t=t, form=form, errors=errors,
                           figures=stats.tenant_stats([t.slug])[t.slug]), 422 if errors else 200


@bp.route("/belediye/<slug>/ac", methods=["POST"])
@access("admin", "ministry")
def resume(slug: str):
    return _act(slug, lambda: services.resume(slug, actor()), _("Belediye yeniden etkin."))


@bp.route("/belediye/<slug>/modul/<key>", methods=["POST"])
@access("admin", "ministry")
def toggle_module(slug: str, key: str):
    if request.form.get("enable") == "1":
        return _act(slug, lambda: services.enable_module(slug, key, actor()), _("'%(key)s' modülü açıldı.", key=key))
    return _act(slug, lambda: services.disable_module(slug, key, actor()), _("'%(key)s' modülü kapatıldı.", key=key))


def _act(slug: str, action, success: str):
    try:
        action()
    except (TenantError, RegistryError) as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        flash(success, "success")
    return redirect(url_for("console.tenant", slug=slug))


# --- national parameters ----------------------------------------------------------------------

def _parameter_definitions() -> list[tuple[str, str, list]]:
    """(module key, module name, [ParamDef]) of every loaded module that declares parameters."""
    from werkzeug.utils import import_string

    from ebelediye.parameters import NationalParameter

    out = []
    for spec in current_app.extensions["ebelediye.registry"]:
        if spec.national_parameters:
            out.append((spec.key, spec.name_tr, list(import_string(spec.national_parameters.replace(":", ".")))))
    known = {d.key for _, _, defs in out for d in defs}
    # rows whose definition is gone (a module no longer loaded) still show, unnamed
    orphans = sorted(set(db.session.scalars(select(NationalParameter.key).distinct())) - known)
    if orphans:
        from ebelediye.parameters import ParamDef

        out.append(("", _("Tanımsız"), [ParamDef(k, k, k, "") for k in orphans]))
    return out


def _parameters_page(errors: dict | None = None, values: dict | None = None, status: int = 200):
    from ebelediye import parameters

    groups = []
    for key, name, defs in _parameter_definitions():
        groups.append((key, name, [(d, parameters.rows(d.key)) for d in defs]))
    return render_template("tenants/parameters.html", groups=groups, errors=errors or {},
                           values=values or {}), status


@bp.route("/parametreler")
@access("admin", "ministry")
def national_parameters():
    """Dated national parameters of every module (rates, multipliers, thresholds)."""
    return _parameters_page()


def _revalued_definitions() -> list[tuple[str, ParamDef]]:
    return [(module, d) for module, _name, defs in _parameter_definitions() if module for d in defs if d.revalued_by]


def _proposal_year() -> int | None:
    from ebelediye import clock

    text = (request.values.get("yil") or "").strip()
    if not text:
        return clock.today().year + 1
    return int(text) if text.isdigit() and 2000 <= int(text) <= clock.today().year + 1 else None


@bp.route("/parametreler/oneri")
@access("admin", "ministry")
def parameter_proposals(errors: dict | None = None, status: int = 200):
    """Next year's figures of the yearly revalued parameters (ÇTV amounts…), proposed by
    revaluation for a person to check and confirm; nothing is written until confirmed."""
    from ebelediye import parameters

    year = _proposal_year()
    errors = dict(errors or {})
    found: list = []
    if year is None:
        errors["yil"] = [_("Geçerli bir yıl girin.")]
    else:
        try:
            found = parameters.proposals([d for _m, d in _revalued_definitions()], year)
        except parameters.ParameterMissing as exc:
            errors["yil"] = [exc.message_tr]
    return render_template("tenants/parameter_proposals.html", year=year, proposals=found, errors=errors,
                           form=request.values), 422 if errors and status == 200 else status


@bp.route("/parametreler/oneri", methods=["POST"])
@access("admin", "ministry")
def confirm_parameter_proposals():
    """Append the confirmed proposals as rows for the year (1 January – 31 December)."""
    from datetime import date

    from ebelediye import parameters

    year = _proposal_year()
    if year is None:
        return parameter_proposals({"yil": [_("Geçerli bir yıl girin.")]}, 422)
    modules = {d.key: m for m, d in _revalued_definitions()}
    picked = set(request.form.getlist("key"))
    try:
        chosen = [p for p in parameters.proposals([d for _m, d in _revalued_definitions()], year)
                  if p.definition.key in picked]
    except parameters.ParameterMissing as exc:
        return parameter_proposals({"yil": [exc.message_tr]}, 422)
    if not chosen:
        return parameter_proposals({"key": [_("Onaylanacak en az bir öneri seçin.")]}, 422)
    for proposal in chosen:
        row = parameters.add(modules[proposal.definition.key], proposal.definition.key, date(year, 1, 1),
                             proposal.value, actor=actor(), valid_to=date(year, 12, 31),
                             source=f"{proposal.source}; onaylayan {actor()}")
        audit.record("parameter.add", actor=actor(), realm="ministry", object_type="national_parameter",
                     object_id=row.id, platform=True,
                     after={"key": row.key, "valid_from": row.valid_from.isoformat(),
                            "valid_to": row.valid_to.isoformat(), "value": str(row.value), "source": row.source,
                            "proposal": True})
    flash(_("%(year)s için %(count)s değer onaylandı.", year=year, count=len(chosen)), "success")
    return redirect(url_for("console.parameter_proposals", yil=year))


def _monthly_keys() -> dict[str, str]:
    """Key → module of the parameters published per month (entered as a pasted table)."""
    return {d.key: module for module, _name, defs in _parameter_definitions() for d in defs if module and d.monthly}


@bp.route("/parametreler/aylik", methods=["POST"])
@access("admin", "ministry")
def import_monthly_parameter():
    """A pasted table of monthly figures (TÜİK's layout): the first post shows what would be
    added and writes nothing; the second, with ``onay``, appends the new months."""
    from ebelediye import parameters

    form = request.form.to_dict()
    errors: dict[str, list[str]] = {}
    monthly = _monthly_keys()
    key = form.get("key", "").strip()
    if key not in monthly:
        errors["aylik_key"] = [_("Aylık tablo olarak girilen bir parametre seçin.")]
    source = form.get("source", "").strip()
    if not source:
        errors["aylik_source"] = [_("Kaynak (TÜİK bülteni, tablo) gerekli.")]
    elif len(source) > 500 or any(ord(ch) < 32 for ch in source):
        errors["aylik_source"] = [_("Kaynak en çok 500 karakter olabilir ve denetim karakteri içeremez.")]
    figures: list = []
    plan = None
    try:
        figures = parameters.parse_monthly_table(form.get("tablo", ""))
        if key in monthly:
            plan = parameters.plan_monthly(key, figures)
            if not plan.new:
                errors["tablo"] = [_("Tablodaki bütün aylar zaten kayıtlı; eklenecek ay yok.")]
    except parameters.MonthlyTableError as exc:
        errors["tablo"] = [f"{n}. satır: {m}" if n else m for n, m in exc.lines]
    if errors or plan is None:
        return _parameters_page(errors, {"aylik_" + k: v for k, v in form.items()}, 422)
    if form.get("onay") != "1":
        return render_template("tenants/parameter_monthly.html", key=key, plan=plan, form=form,
                               months=parameters.MONTHS_TR)
    plan = parameters.add_monthly(monthly[key], key, figures, actor=actor(), source=source)
    audit.record("parameter.import_monthly", actor=actor(), realm="ministry", object_type="national_parameter",
                 object_id=key, platform=True,
                 after={"key": key, "source": source, "added": len(plan.new), "already_entered": len(plan.known),
                        "months": [f"{f.year}-{f.month:02d}={f.value}" for f in plan.new]})
    flash(_("%(key)s için %(count)s ay eklendi.", key=key, count=len(plan.new)), "success")
    return redirect(url_for("console.national_parameters") + "#p-" + key.replace(".", "-"))


@bp.route("/parametreler", methods=["POST"])
@access("admin", "ministry")
def add_national_parameter():
    """Append a dated value to a national parameter; the open row before it is closed."""
    from datetime import date
    from decimal import Decimal, InvalidOperation

    from ebelediye import parameters

    form = request.form.to_dict()
    errors: dict[str, list[str]] = {}
    definitions = {d.key: module for module, _name, defs in _parameter_definitions() for d in defs if module}
    key = form.get("key", "").strip()
    if key not in definitions:
        errors["key"] = [_("Bilinmeyen parametre.")]

    def day(name: str, required: bool):
        text = form.get(name, "").strip()
        if not text:
            if required:
                errors[name] = [_("Tarih gerekli.")]
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            errors[name] = [_("Geçerli bir tarih girin (YYYY-AA-GG).")]
            return None

    valid_from, valid_to = day("valid_from", True), day("valid_to", False)
    try:
        value: Decimal | None = Decimal(form.get("value", "").strip().replace(",", "."))
        assert value is not None
        if not value.is_finite() or value != value.quantize(Decimal("0.000001")) or abs(value) >= Decimal("1e12"):
            raise InvalidOperation
    except InvalidOperation:
        value = None
        errors["value"] = [_("Geçerli bir sayı girin (en çok altı ondalık).")]
    source = form.get("source", "").strip()
    if not source:
        errors["source"] = [_("Kaynak (Resmî Gazete, karar) gerekli.")]
    elif len(source) > 500:
        errors["source"] = [_("Kaynak en çok 500 karakter olabilir.")]
    if not errors and value is not None:
        try:
            previous = parameters.rows(key)
            closed = previous[-1] if previous else None
            before = {"id": closed.id, "valid_to": closed.valid_to.isoformat() if closed.valid_to else None} \
                if closed else None
            row = parameters.add(definitions[key], key, valid_from, value, actor=actor(), valid_to=valid_to,
                                 source=source, signed=key in _monthly_keys())
        except parameters.ParameterError as exc:
            errors["value" if value < 0 else "valid_to" if "Bitiş" in str(exc) else "valid_from"] = [str(exc)]
        else:
            audit.record("parameter.add", actor=actor(), realm="ministry", object_type="national_parameter",
                         object_id=row.id, platform=True, before={"closed": before} if before else None,
                         after={"key": key, "valid_from": valid_from.isoformat(),
                                "valid_to": valid_to.isoformat() if valid_to else None, "value": str(value),
                                "source": source})
            flash(_("%(key)s için yeni değer kaydedildi.", key=key), "success")
            return redirect(url_for("console.national_parameters") + "#p-" + key.replace(".", "-"))
    db.session.rollback()
    return _parameters_page(errors, form, 422)
