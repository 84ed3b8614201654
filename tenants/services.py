"""The tenant lifecycle: requested -> provisioning -> active -> suspended -> archived.

Services take the acting user as an argument, commit their own unit of work, and audit
every transition in ``public.platform_audit_entries``.  Nothing here reads the request.
"""

from __future__ import annotations

from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from werkzeug.utils import import_string

from ebelediye import audit, jobs, mail, parameters, uow, urls
from ebelediye.extensions import db
from ebelediye.identity import StaffUser
from ebelediye.registry import RegistryError
from ebelediye.tenancy import TenantError, TenantInfo, bind, quote_ident, validate_slug

from . import histories, recorded, spares, template
from .models import TRANSITIONS, ModuleActivation, Tenant


def email_problem(address: str) -> str | None:
    """Why an e-mail address is refused (the same rules as the web forms), or None."""
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return f"Geçerli bir e-posta adresi girin ({address!r} geçersiz)."
    return None


@dataclass
class ProvisionRequest:
    slug: str
    name: str
    modules: list[str]
    admin_email: str | None = None
    province: str | None = None
    district: str | None = None
    population_band: str | None = None


def registry():
    return current_app.extensions["ebelediye.registry"]


def invalidate_cache() -> None:
    current_app.extensions["ebelediye.host_cache"].clear()


def validate_request(req: ProvisionRequest) -> dict[str, list[str]]:
    """Field -> problems for a provisioning request (empty when it may go ahead)."""
    errors: dict[str, list[str]] = {}
    try:
        validate_slug(req.slug)
    except TenantError as exc:
        errors.setdefault("slug", []).append(str(exc))
    name = (req.name or "").strip()
    if not name:
        errors.setdefault("name", []).append("Belediye adı gerekli.")
    elif len(name) > 200:
        errors.setdefault("name", []).append("Belediye adı en çok 200 karakter olabilir.")
    problem = email_problem(req.admin_email) if req.admin_email is not None else None
    if problem:
        errors.setdefault("admin_email", []).append(problem)
    for key in req.modules:
        if key not in registry():
            errors.setdefault("modules", []).append(f"'{key}' adlı modül bu kurulumda yok.")
    if "slug" not in errors and db.session.scalar(select(Tenant.id).where(Tenant.slug == req.slug)):
        errors.setdefault("slug", []).append(f"'{req.slug}' kısa adı zaten kullanılıyor.")
    return errors


class ValidationFailed(TenantError):
    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(m for msgs in errors.values() for m in msgs))


def transition(tenant: Tenant, new_state: str, actor: str, reason: str | None = None) -> None:
    if new_state not in TRANSITIONS[tenant.state]:
        raise TenantError(
            f"'{tenant.slug}' belediyesi '{tenant.state}' durumundan '{new_state}' durumuna geçemez."
        )
    before = {"state": tenant.state}
    tenant.state = new_state
    tenant.state_reason = reason
    audit.record(
        f"tenant.{new_state}", actor=actor, realm="ministry", object_type="tenant",
        object_id=tenant.slug, before=before, after={"state": new_state, "reason": reason},
        platform=True, tenant_slug=tenant.slug,
    )


def request_tenant(req: ProvisionRequest, actor: str) -> tuple[Tenant, jobs.JobRecord]:
    """Validate, record the tenant as requested and queue its provisioning (committed)."""
    errors = validate_request(req)
    if errors:
        raise ValidationFailed(errors)
    modules = registry().closure(set(req.modules))
    tenant = Tenant(
        slug=req.slug, name=req.name.strip(), province=req.province, district=req.district,
        population_band=req.population_band, admin_email=req.admin_email, state="requested",
    )
    db.session.add(tenant)
    for key in modules:
        tenant.modules.append(ModuleActivation(module_key=key, enabled=False, installed=False))
    audit.record(
        "tenant.requested", actor=actor, realm="ministry", object_type="tenant", object_id=req.slug,
        after={"name": tenant.name, "modules": modules}, platform=True, tenant_slug=req.slug,
    )
    record = jobs.create_record(
        req.slug, "tenants.jobs:provision", req.slug, actor, queue_name="batch",
        description=f"{req.slug} belediyesinin kurulumu", actor=actor,
    )
    try:
        with uow.savepoint():
            db.session.flush()
    except IntegrityError:
        raise ValidationFailed({"slug": [f"'{req.slug}' kısa adı zaten kullanılıyor."]}) from None
    _commit()
    return tenant, record


def _commit() -> None:
    """Commit now when called outside a unit of work (a script, a CLI command of the platform,
    a test); inside one (a console request, a job) the unit commits, as with ``jobs.enqueue``."""
    if uow.current() is None:
        db.session.commit()


def provision(slug: str, actor: str) -> dict:
    """Create the tenant's schema, its modules, and its first admin: one transaction.

    Idempotent and resumable: a run killed half-way leaves nothing (the transaction rolls
    back) and the tenant in 'provisioning'; a rerun does the whole again; a run for an
    active tenant does nothing.  An advisory lock keeps two runs from racing.
    """
    session = db.session
    session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": "provision:" + slug})
    tenant = session.scalar(select(Tenant).where(Tenant.slug == slug).with_for_update())
    if tenant is None:
        raise TenantError(f"'{slug}' adlı belediye kaydı yok.")
    if tenant.state == "active":
        return {"slug": slug, "state": "active", "already": True}
    if tenant.state not in ("requested", "provisioning"):
        raise TenantError(f"'{slug}' belediyesi '{tenant.state}' durumunda; kurulum yapılamaz.")
    # Mark the attempt in its own commit so the console shows it while the DDL runs.
    if tenant.state == "requested":
        transition(tenant, "provisioning", actor)
        uow.commit_point()
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": "provision:" + slug})
        tenant = session.execute(select(Tenant).where(Tenant.slug == slug).with_for_update()).scalar_one()
        if tenant.state == "active":
            return {"slug": slug, "state": "active", "already": True}
    jobs.report_progress(1, 4, "Şablon hazırlanıyor")
    tpl = template.current()
    modules = [m.module_key for m in tenant.modules]
    session.execute(text(f"DROP SCHEMA IF EXISTS {quote_ident(tenant.schema)} CASCADE"))
    jobs.report_progress(2, 4, "Şema oluşturuluyor")
    spare = spares.take(tpl.key, modules)
    if spare is not None:
        spares.adopt(spare, tenant.schema)  # built ahead of demand: no DDL to run now
    else:
        template.apply(tpl, tenant.schema, modules)
    recorded.record_actual(session.connection(), slug)
    info = TenantInfo(slug=slug, name=tenant.name, state="provisioning", modules=frozenset(modules))
    jobs.report_progress(3, 4, "Modüller ve yönetici hazırlanıyor")
    link = None
    _run_seeds(modules, info)
    if tenant.admin_email:
        link = _create_first_admin(tenant)
    for activation in tenant.modules:
        activation.enabled = True
        activation.installed = True
    transition(tenant, "active", actor)
    spares.refill_later(modules, actor)
    uow.commit_point()
    invalidate_cache()
    jobs.report_progress(4, 4, "Belediye hazır.")
    return {"slug": slug, "state": "active", "modules": modules, "admin_link": bool(link),
            "from_spare": spare is not None}


def _run_seeds(module_keys: list[str], info: TenantInfo) -> None:
    # The search path already points at the new schema for this transaction.
    for key in registry().closure(set(module_keys)):
        spec = registry().get(key)
        if spec.national_parameters:
            parameters.ensure_seeded(key, import_string(spec.national_parameters.replace(":", ".")))
        if spec.seed:
            import_string(spec.seed.replace(":", "."))(db.session, info)


def set_password_url(slug: str, token: str) -> str:
    return urls.tenant_url(slug, f"/sifre-belirle/{token}")


def _create_first_admin(tenant: Tenant) -> str:
    assert tenant.admin_email, "called only for a tenant with an admin e-mail"
    admin = StaffUser(
        email=tenant.admin_email, full_name="Belediye Yöneticisi", is_tenant_admin=True,
        is_active_user=True,
    )
    token = admin.issue_set_password_token(current_app.config["SET_PASSWORD_LINK_HOURS"])
    db.session.add(admin)
    link = set_password_url(tenant.slug, token)
    mail.queue_mail(
        tenant.admin_email,
        f"{tenant.name} e-Belediye yönetici hesabınız",
        f"Merhaba,\n\n{tenant.name} için e-Belediye yönetici hesabınız açıldı. Parolanızı "
        f"belirlemek için bu bağlantıyı kullanın (tek kullanımlık, "
        f"{current_app.config['SET_PASSWORD_LINK_HOURS']} saat geçerli):\n\n{link}\n",
    )
    return link


def get_tenant(slug: str) -> Tenant:
    tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
    if tenant is None:
        raise TenantError(f"'{slug}' adlı belediye yok.")
    return tenant


def suspend(slug: str, actor: str, reason: str | None = None) -> Tenant:
    tenant = get_tenant(slug)
    transition(tenant, "suspended", actor, reason)
    _commit()
    uow.after_commit(invalidate_cache)
    return tenant


def resume(slug: str, actor: str) -> Tenant:
    tenant = get_tenant(slug)
    if tenant.state != "suspended":
        raise TenantError(f"'{slug}' belediyesi askıda değil ({tenant.state}).")
    transition(tenant, "active", actor)
    _commit()
    uow.after_commit(invalidate_cache)
    return tenant


def enable_module(slug: str, key: str, actor: str) -> ModuleActivation:
    """Enable ``key``: run its migrations and seed in the tenant's schema (one transaction)."""
    tenant = get_tenant(slug)
    if tenant.state not in ("active", "suspended"):
        raise TenantError(f"'{slug}' belediyesi '{tenant.state}' durumunda; modül açılamaz.")
    enabled = tenant.enabled_modules()
    registry().check_enable(key, enabled)
    activation = next((m for m in tenant.modules if m.module_key == key), None)
    if activation is not None and activation.enabled:
        return activation
    if activation is None:
        activation = ModuleActivation(module_key=key, enabled=False, installed=False)
        tenant.modules.append(activation)
    info = TenantInfo(slug=slug, name=tenant.name, state=tenant.state, modules=frozenset(enabled | {key}))
    connection = db.session.connection()
    connection.execute(text("SELECT set_config('search_path', :p, true)"), {"p": quote_ident(tenant.schema)})
    history = histories.module_history(key)
    if history is not None:
        histories.upgrade(connection, history, tenant.schema)
        recorded.record_actual(connection, slug)
    if not activation.installed:
        _run_seeds([key], info)
    activation.enabled = True
    activation.installed = True
    audit.record("module.enabled", actor=actor, realm="ministry", object_type="module",
                 object_id=key, platform=True, tenant_slug=slug)
    _commit()
    uow.after_commit(invalidate_cache)
    return activation


def disable_module(slug: str, key: str, actor: str) -> ModuleActivation:
    """Hide ``key`` from the tenant; its tables and data stay."""
    tenant = get_tenant(slug)
    registry().check_disable(key, tenant.enabled_modules())
    activation = next((m for m in tenant.modules if m.module_key == key and m.enabled), None)
    if activation is None:
        raise RegistryError(f"'{key}' modülü '{slug}' için zaten kapalı.")
    activation.enabled = False
    audit.record("module.disabled", actor=actor, realm="ministry", object_type="module",
                 object_id=key, platform=True, tenant_slug=slug)
    _commit()
    uow.after_commit(invalidate_cache)
    return activation


def tenant_info(slug: str) -> TenantInfo:
    info = current_app.extensions["ebelediye.tenants"].by_slug(slug)
    if info is None:
        raise TenantError(f"'{slug}' adlı belediye yok.")
    return info


def bound(slug: str):
    """Bind a tenant for a CLI or job unit of work."""
    info = tenant_info(slug)
    # The lookup read from ``public``; end that transaction so the tenant's begins clean.
    uow.commit()
    return bind(info, db.session)
