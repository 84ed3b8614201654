"""The three front doors: the request host picks the ministry console, a tenant portal
(``<slug>.<BASE_DOMAIN>`` or a row in the domains table), or nothing (404).

A suspended tenant answers 503 with a page; a module a tenant has not enabled answers
404 on every route of its blueprints.
"""

from __future__ import annotations

from flask import (
    Flask,
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import text

from . import access, auditview, branding, rbac, tenancy, uow
from .extensions import csrf, db, login_manager
from .tenancy import HostCache, TenantInfo

ADMIN, TENANT, PLATFORM_HOME = access.ADMIN, access.TENANT, access.PLATFORM_HOME  # the bare base domain is PLATFORM_HOME


def init_app(app: Flask) -> None:
    app.extensions["ebelediye.host_cache"] = HostCache(app.config["TENANT_CACHE_SECONDS"])
    app.before_request(_route_request)
    app.teardown_request(_unbind)
    app.add_url_rule("/_ping", "ping", _ping)
    app.add_url_rule("/healthz", "healthz", _healthz)
    for code in (400, 401, 403, 404, 429, 503):
        app.register_error_handler(code, _error_page)
    app.context_processor(_template_globals)
    from .admin_views import bp as admin_bp
    from .citizen import bp as citizen_bp
    from .citizen import load_citizen
    from .connectors.views import bp as connectors_bp
    from .portal import bp as portal_bp

    app.register_blueprint(portal_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(connectors_bp)
    app.register_blueprint(citizen_bp)
    from .identity import realm_loaders

    realm_loaders["citizen"] = load_citizen


def tenant_directory():
    return current_app.extensions["ebelediye.tenants"]


def host_cache() -> HostCache:
    return current_app.extensions["ebelediye.host_cache"]


def resolve(host: str) -> tuple[str, TenantInfo | None]:
    """Which front door a host names, and its tenant if it is a tenant host."""
    host = host.split(":", 1)[0].strip().lower().rstrip(".")
    base = current_app.config["BASE_DOMAIN"].lower()
    admin_host = f"{current_app.config['ADMIN_SUBDOMAIN']}.{base}"
    if host == admin_host:
        return ADMIN, None
    if host == base:
        return PLATFORM_HOME, None
    directory = tenant_directory()
    if host.endswith("." + base):
        slug = host[: -len(base) - 1]
        if not tenancy.SLUG_PATTERN.match(slug):
            return TENANT, None
        return TENANT, host_cache().get("slug:" + slug, lambda: directory.by_slug(slug))
    return TENANT, host_cache().get("host:" + host, lambda: directory.by_host(host))


def _route_request():
    # Each request resolves its own user under its own tenant (Flask-Login caches it in g,
    # which outlives a request when a caller keeps the app context, as tests do).
    g.pop("_login_user", None)
    g.pop("_rbac_cache", None)
    g.pop("bearer_authenticated", None)
    g.pop("ebelediye_mfa_required", None)
    if request.endpoint in ("healthz", "static", "bootstrap.static"):
        return None
    door, tenant = resolve(request.host)
    g.front_door = door
    g.tenant = tenant
    if door == TENANT:
        if tenant is None or tenant.state in ("archived", "requested"):
            abort(404)
        if tenant.state == "suspended":
            abort(503)
        if tenant.state != "active":
            g.tenant_unavailable_reason = "provisioning"
            abort(503)
        # A cache miss read the tenant from ``public`` in the request's session; end that
        # read so the request's own transaction begins with the tenant's search path.
        if db.session().in_transaction():
            uow.commit()
        g.tenancy_token = tenancy.enter(tenant, db.session)
    owner = current_app.extensions["ebelediye.registry"].blueprint_owner.get(request.blueprint or "")
    if owner is not None and (tenant is None or owner not in tenant.modules):
        abort(404)
    return _enforce_access(door)


#: Endpoints of the frameworks themselves, open on any host.
_FRAMEWORK_ENDPOINTS = {"static", "bootstrap.static", "healthz", "ping"}


def _enforce_access(door: str):
    """Apply the view's ``@access`` rule; a view without one is closed (404)."""
    if request.endpoint in _FRAMEWORK_ENDPOINTS or request.endpoint is None:
        return None
    # CSRF on every state-changing request, except API calls that a valid bearer token
    # signed in with no session identity (no ambient credential: a forged cross-site
    # request cannot hold one), and views marked ``@csrf.exempt`` (a bank's signed payment
    # callback, posted from the bank's page).  A bearer header alone skips nothing.
    if (current_app.config["WTF_CSRF_ENABLED"] and request.method not in ("GET", "HEAD", "OPTIONS")
            and not _bearer_api_call()):
        if _bearer_header_api_call() and "_user_id" not in session:
            abort(401)  # a token that signs no one in, and no session: nothing to protect
        csrf.protect(apply_exemptions=True)
    rule = access.rule_of(current_app.view_functions.get(request.endpoint), request.method)
    if rule is None:
        abort(404)
    if rule.door != "any" and rule.door != door:
        abort(404)
    if access.satisfies(current_user, rule.who_on(door)):
        code = access.permission_of(current_app.view_functions.get(request.endpoint), request.method)
        if code is not None and not rbac.can(current_user, code):
            abort(403)
        if door == TENANT and not _bearer_api_call():
            from . import mfa  # the tenant's MFA policy: an un-enrolled staff member enrols first

            return mfa.enforce_policy(current_user, request.endpoint, rule.who_on(door))
        return None
    if current_user.is_authenticated:
        abort(403)
    return login_manager.unauthorized()


def _unbind(exc: BaseException | None) -> None:
    token = g.pop("tenancy_token", None)
    if token is not None:
        tenancy.leave(token, db.session)


def _bearer_header_api_call() -> bool:
    return request.path.startswith("/api/") and request.headers.get("Authorization", "").startswith("Bearer ")


def _bearer_api_call() -> bool:
    """Whether a valid bearer token (and no session) signed this API call in."""
    if not _bearer_header_api_call() or "_user_id" in session:
        return False
    return bool(current_user.is_authenticated and g.get("bearer_authenticated"))


def unauthorized():
    """Not signed in: 401 for the API, else the sign-in page of the blueprint's front door."""
    if request.path.startswith("/api/"):
        abort(401)
    manager = login_manager
    if request.blueprint == "e_hizmet" or request.path.startswith("/e-hizmet/"):  # modules' citizen pages too
        return redirect(url_for("e_hizmet.sign_in", next=request.full_path.rstrip("?")))
    view = manager.blueprint_login_views.get(request.blueprint or "") or manager.login_view
    return redirect(url_for(view, next=request.full_path.rstrip("?")))


def _ping():
    """Trivial endpoint for probes and benchmarks: one query in the request's tenant scope."""
    value = db.session.execute(text("SELECT 1")).scalar_one()
    tenant = tenancy.current_tenant()
    return jsonify(ok=value == 1, tenant=tenant.slug if tenant else None)


def _healthz():
    """Liveness for load balancers: the process answers, PostgreSQL answers."""
    db.session.execute(text("SELECT 1"))
    return jsonify(status="ok")


def _error_page(error):
    code = getattr(error, "code", 500)
    wants_json = request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"
    messages = {
        400: _("İstek geçersiz ya da sayfanın süresi doldu; sayfayı yenileyip tekrar deneyin."),
        401: _("Bu işlem için giriş yapmalısınız."),
        403: _("Bu işlem için yetkiniz yok."),
        404: _("Aradığınız sayfa bulunamadı."),
        429: _("Çok fazla istek gönderildi; lütfen biraz bekleyip tekrar deneyin."),
        503: _("Bu belediyenin hizmetleri geçici olarak kullanılamıyor."),
    }
    if g.get("tenant_unavailable_reason") == "provisioning":
        messages[503] = _("Bu belediye hazırlanıyor; birkaç dakika içinde tekrar deneyin.")
    message = messages.get(code) or _("Bir hata oluştu.")
    if wants_json:
        return jsonify(code=code, message=message, errors={}), code
    return render_template("error.html", code=code, message=message), code


def _template_globals() -> dict:
    tenant = tenancy.current_tenant() or g.get("tenant")
    registry = current_app.extensions["ebelediye.registry"]
    menu: list = []
    groups: list = []
    # the staff menu is for signed-in staff only: anonymous visitors and citizens on the same
    # host see none of it (an entry without a permission used to show on the sign-in page)
    if tenant is not None and getattr(current_user, "realm", None) == "staff":
        for spec in registry:
            if spec.key in tenant.modules:
                # an entry that needs a permission shows only to those who hold it
                entries = [e for e in spec.menu if e.permission is None or rbac.can(current_user, e.permission)]
                menu.extend(entries)
                if entries:
                    groups.append((spec, entries))
    return {"tenant": tenant, "front_door": g.get("front_door"), "module_menu": menu, "module_menu_groups": groups,
            "can": lambda code: rbac.can(current_user, code), "branding": branding.current,
            "audit_action": auditview.action_words, "audit_object": auditview.object_words,
            "audit_changes": auditview.changes, "audit_actor": auditview.actor_words}
