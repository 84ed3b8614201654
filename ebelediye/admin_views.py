"""Tenant administration in the staff portal: users, roles, the audit log.

Every change is audited in the tenant's schema.  Users are never deleted (their audit
history stays meaningful); they are deactivated.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import delete, func, select
from wtforms import BooleanField, EmailField, StringField
from wtforms.validators import DataRequired, Email, Length, Regexp

from . import audit, branding, jobs, mail, rbac, sessions, uow
from .access import access
from .extensions import db
from .identity import StaffUser
from .rbac import Role, RolePermission, StaffRole, requires
from .tenancy import require_tenant
from .urls import page_number
from .web import FormPage

bp = Blueprint("yonetim", __name__, url_prefix="/yonetim")

MANAGE = "cekirdek.kullanici.yonet"
VIEW_AUDIT = "cekirdek.denetim.goruntule"
PAGE = 50


class UserForm(FlaskForm):
    email = EmailField(_l("E-posta"), validators=[DataRequired(_l("E-posta gerekli.")), Email(_l("Geçerli bir e-posta girin."))])
    full_name = StringField(_l("Ad soyad"), validators=[DataRequired(_l("Ad soyad gerekli.")), Length(max=200)])


class RoleForm(FlaskForm):
    key = StringField(_l("Rol anahtarı"), validators=[
        DataRequired(_l("Anahtar gerekli.")), Length(max=60),
        Regexp(r"^[a-z][a-z0-9_]*$", message=_l("Küçük harf, rakam ve _ kullanın; harfle başlayın."))])
    name = StringField(_l("Rol adı"), validators=[DataRequired(_l("Ad gerekli.")), Length(max=120)])
    description = StringField(_l("Açıklama"), validators=[Length(max=300)])
    active = BooleanField(_l("Etkin"))


def actor() -> str:
    return current_user.email


def _snapshot_roles(user_id: int) -> list[str]:
    return sorted(db.session.scalars(
        select(Role.key).join(StaffRole, StaffRole.role_id == Role.id).where(StaffRole.staff_id == user_id)))


@bp.route("/kullanicilar")
@access("tenant", "staff")
@requires(MANAGE)
def users():
    q = request.args.get("q", "").strip().lower()
    query = select(StaffUser).order_by(StaffUser.full_name)
    if q:
        query = query.where(func.lower(StaffUser.email).contains(q) | func.lower(StaffUser.full_name).contains(q))
    page = page_number()
    pagination = db.paginate(query, page=page, per_page=PAGE, error_out=False)
    ids = [u.id for u in pagination.items]
    assigned: dict[int, list[str]] = {i: [] for i in ids}
    for staff_id, name in db.session.execute(
        select(StaffRole.staff_id, Role.name).join(Role, Role.id == StaffRole.role_id).where(StaffRole.staff_id.in_(ids))
    ):
        assigned[staff_id].append(name)
    return render_template("yonetim/users.html", pagination=pagination, assigned=assigned, q=q, form=UserForm(),
                           admin_role=_admin_role_name())


def _admin_role_name() -> str:
    """What a tenant admin is called: the built-in ``yonetici`` role's name, as the role list
    shows it (the user list said "Yönetici" while the role list said "Belediye Yöneticisi")."""
    return db.session.scalar(select(Role.name).where(Role.key == "yonetici")) or _("Belediye Yöneticisi")


@bp.route("/kullanicilar", methods=["POST"])
@access("tenant", "staff")
@requires(MANAGE)
def create_user():
    form = UserForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        if db.session.scalar(select(StaffUser.id).where(func.lower(StaffUser.email) == email)):
            form.email.errors.append(_("Bu e-posta ile bir kullanıcı zaten var."))
        else:
            user = StaffUser(email=email, full_name=form.full_name.data.strip(), is_active_user=True)
            token = user.issue_set_password_token(current_app.config["SET_PASSWORD_LINK_HOURS"])
            db.session.add(user)
            db.session.flush()
            link = url_for("portal.set_password", token=token, _external=True)
            tenant = require_tenant()
            mail.queue_mail(email, f"{tenant.name} e-Belediye hesabınız",
                            f"Merhaba {user.full_name},\n\n{tenant.name} e-Belediye hesabınız açıldı. "
                            f"Parolanızı belirlemek için bu bağlantıyı kullanın:\n\n{link}\n")
            audit.record("kullanici.olustur", actor=actor(), realm="staff", object_type="staff_user",
                         object_id=user.id, after={"email": email, "full_name": user.full_name})
            jobs.enqueue(tenant.slug, "ebelediye.mail:deliver_pending", queue_name="mail", description="Posta gönderimi")
            flash(_("%(email)s oluşturuldu; parola bağlantısı gönderildi.", email=email), "success")
            return redirect(url_for("yonetim.user", user_id=user.id))
    pagination = db.paginate(select(StaffUser).order_by(StaffUser.full_name), page=1, per_page=PAGE, error_out=False)
    return render_template("yonetim/users.html", pagination=pagination, assigned={}, q="", form=form,
                           admin_role=_admin_role_name()), 422


@bp.route("/kullanicilar/<int:user_id>", methods=["GET", "POST"])
@access("tenant", "staff")
@requires(MANAGE)
def user(user_id: int):
    staff = db.session.get(StaffUser, user_id)
    if staff is None:
        abort(404)
    roles = db.session.scalars(select(Role).order_by(Role.builtin.desc(), Role.name)).all()
    if request.method == "POST":
        wanted = {int(r) for r in request.form.getlist("roles") if r.isdigit()}
        known = {r.id for r in roles}
        if not wanted <= known:
            abort(422)
        active = request.form.get("active") == "1"
        if staff.id == current_user.id and not active:
            flash(_("Kendi hesabınızı devre dışı bırakamazsınız."), "error")
            return redirect(url_for("yonetim.user", user_id=user_id))
        before = {"roles": _snapshot_roles(staff.id), "active": staff.is_active_user}
        db.session.execute(delete(StaffRole).where(StaffRole.staff_id == staff.id))
        for role_id in sorted(wanted):
            db.session.add(StaffRole(staff_id=staff.id, role_id=role_id))
        staff.is_active_user = active
        db.session.flush()
        after = {"roles": _snapshot_roles(staff.id), "active": active}
        if before != after:
            audit.record("kullanici.guncelle", actor=actor(), realm="staff", object_type="staff_user",
                         object_id=staff.id, before=before, after=after)
            staff_key = staff.get_id()  # deactivated or given other roles: signed out everywhere
            uow.after_commit(lambda: sessions.end_all(staff_key))
        flash(_("Kaydedildi."), "success")
        return redirect(url_for("yonetim.user", user_id=user_id))
    mine = set(db.session.scalars(select(StaffRole.role_id).where(StaffRole.staff_id == staff.id)))
    return render_template("yonetim/user.html", staff=staff, roles=roles, mine=mine)


@bp.route("/roller")
@access("tenant", "staff")
@requires(MANAGE)
def roles():
    rows = db.session.execute(
        select(Role, func.count(StaffRole.staff_id)).outerjoin(StaffRole, StaffRole.role_id == Role.id)
        .group_by(Role.id).order_by(Role.builtin.desc(), Role.name)
    ).all()
    return render_template("yonetim/roles.html", rows=rows)


def _permission_groups() -> list[tuple[str, list]]:
    registry = current_app.extensions["ebelediye.registry"]
    groups = [(_("Çekirdek"), list(rbac.CORE_PERMISSIONS))]
    groups += [(spec.name_tr, list(spec.permissions)) for spec in registry if spec.permissions]
    return groups


@bp.route("/roller/yeni", methods=["GET", "POST"])
@bp.route("/roller/<int:role_id>", methods=["GET", "POST"])
@access("tenant", "staff")
@requires(MANAGE)
def role(role_id: int | None = None):
    role_row = db.session.get(Role, role_id) if role_id else None
    if role_id and role_row is None:
        abort(404)
    form = RoleForm(obj=role_row)
    granted = set(db.session.scalars(select(RolePermission.permission).where(RolePermission.role_id == role_id))) if role_row else set()
    if request.method == "POST":
        if role_row is not None and role_row.builtin:
            flash(_("Yerleşik roller değiştirilemez; kopyalayıp yeni rol oluşturun."), "error")
            return redirect(url_for("yonetim.role", role_id=role_id))
        wanted = set(request.form.getlist("permissions"))
        unknown = wanted - rbac.permission_codes()
        if unknown:
            form.key.errors = list(form.key.errors) + [_("Bilinmeyen yetki: %(codes)s", codes=", ".join(sorted(unknown)))]
        elif form.validate_on_submit():
            taken = db.session.scalar(select(Role.id).where(Role.key == form.key.data, Role.id != (role_id or 0)))
            if taken:
                form.key.errors.append(_("Bu anahtarla bir rol zaten var."))
            else:
                before = {"name": role_row.name, "permissions": sorted(granted)} if role_row else None
                if role_row is None:
                    role_row = Role(key=form.key.data, builtin=False)
                    db.session.add(role_row)
                role_row.name, role_row.description = form.name.data.strip(), (form.description.data or "").strip() or None
                db.session.flush()
                db.session.execute(delete(RolePermission).where(RolePermission.role_id == role_row.id))
                for code in sorted(wanted):
                    db.session.add(RolePermission(role_id=role_row.id, permission=code))
                audit.record("rol.kaydet", actor=actor(), realm="staff", object_type="role", object_id=role_row.id,
                             before=before, after={"name": role_row.name, "permissions": sorted(wanted)})
                flash(_("Rol kaydedildi."), "success")
                return redirect(url_for("yonetim.roles"))
        granted = wanted
    status = 422 if request.method == "POST" else 200
    return render_template("yonetim/role.html", form=form, role=role_row, groups=_permission_groups(),
                           granted=granted), status


@bp.route("/denetim")
@access("tenant", "staff")
@requires(VIEW_AUDIT)
def audit_log():
    entry = audit.AuditEntry

    def by_object(value: str):
        kind, _, ident = value.partition(":")
        return (entry.object_type == kind) & (entry.object_id == ident) if ident else entry.object_type == kind

    query, filters, errors = audit.search(entry, request.args, {"nesne": by_object})
    page = page_number()
    pagination = db.paginate(query, page=page, per_page=PAGE, error_out=False)
    fields = [("kim", _("Kim"), "text"), ("nesne", _("Nesne (tür:no)"), "text"), ("islem", _("İşlem"), "text"),
              ("baslangic", _("Başlangıç"), "date"), ("bitis", _("Bitiş"), "date")]
    actors = {e.actor for e in pagination.items if e.actor}
    names = dict(db.session.execute(select(StaffUser.email, StaffUser.full_name).where(StaffUser.email.in_(actors)))
                 .all()) if actors else {}
    return render_template("yonetim/audit.html", pagination=pagination, filters=filters, errors=errors,
                           fields=fields, names=names), 422 if errors else 200


@bp.route("/kurum", methods=["GET", "POST"])
@access("tenant", "tenant_admin")
def branding_page():
    """The municipality's look: display name, colour and logo (tenant admin only)."""
    brand = branding.current()
    values = {"gorunen_ad": brand.name if brand and brand.name != brand.registered_name else "",
              "renk": (brand.colour or "") if brand else ""}
    page = FormPage("yonetim/kurum.html", values=values, brand=brand,
                    default_colour=branding.DEFAULT_COLOUR)
    if page.submitted:
        upload = request.files.get("logo")
        data = None
        if upload is not None:
            try:
                data = upload.read(branding.MAX_LOGO_BYTES + 1) if upload.filename else None
            finally:
                upload.close()  # a large upload is a temporary file: closed here, not left to the GC
        with page.attempt():
            branding.save(actor(), request.form.get("gorunen_ad", ""), request.form.get("renk", ""),
                          data, request.form.get("logo_kaldir") == "1")
            flash(_("Kurum görünümü kaydedildi."), "success")
            return redirect(url_for("yonetim.branding_page"))
    return page.render()


@bp.route("/guvenlik", methods=["GET", "POST"])
@access("tenant", "tenant_admin")
def security_page():
    """The tenant's security policy: whether every staff member must use the second factor
    (tenant admin only, audited).  When required, a staff member without it is sent to
    enrol at the next page (``mfa.enforce_policy``); API tokens are not affected."""
    from . import mfa

    if request.method == "POST":
        wanted = request.form.get("mfa_zorunlu") == "1"
        if mfa.set_required_for_staff(actor(), wanted):
            flash(_("İki adımlı doğrulama artık tüm personel için zorunlu.") if wanted
                  else _("İki adımlı doğrulama artık personelin kendi seçimi."), "success")
        return redirect(url_for("yonetim.security_page"))
    active = StaffUser.is_active_user.is_(True)
    total = db.session.scalar(select(func.count()).select_from(StaffUser).where(active)) or 0
    enrolled = db.session.scalar(select(func.count()).select_from(StaffUser)
                                 .where(active, StaffUser.mfa_secret.is_not(None))) or 0
    return render_template("yonetim/guvenlik.html", required=mfa.required_for_staff(), total=total,
                           enrolled=enrolled)
