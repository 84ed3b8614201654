"""The application factory.

``create_app`` binds the extensions in fixed, named steps and touches neither PostgreSQL
nor Redis: engines connect lazily, and the embedded servers are started by the launcher,
the CLI or the test set-up, never here.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable

from flask import Flask
from werkzeug.utils import import_string

from . import (
    auditguard,
    cli,
    embedded,
    frontdoor,
    security,
    sessions,
    tenancy,
    throttle,
    uow,
    urls,
    web,
)
from . import config as config_module
from . import registry as registry_module
from .extensions import babel, bootstrap, csrf, db, login_manager
from .registry import Registry, discover

log = logging.getLogger(__name__)


class Application(Flask):
    """Flask whose routes may be registered when they are first needed.

    A CLI command such as ``flask tenants list`` uses no page and no API route, yet
    registering the modules' blueprints imports their views, forms, PDF and spreadsheet
    code: about a second of every command's start (issue 9, ``bench/startup.py``).  With
    ``lazy_routes``, those registrations wait until something reads the URL map or the
    blueprints (the first request, ``url_for``, a template lookup, ``flask routes``).
    Gunicorn imports ``wsgi`` without the flag, so a server registers everything at boot
    and a broken module fails there, not on its first request.
    """

    def __init__(self, *args, **kwargs) -> None:
        self._deferred_routes: list[Callable[[], None]] = []
        self._routes_lock = threading.RLock()
        self._adding_routes = 0  # inside register_blueprint / add_url_rule: read, don't register
        super().__init__(*args, **kwargs)

    def defer_routes(self, register: Callable[[], None], *, lazy: bool) -> None:
        """Run ``register`` (which adds blueprints) now, or when the routes are first read."""
        if lazy:
            self._deferred_routes.append(register)
        else:
            register()

    def ensure_routes(self) -> None:
        """Register whatever is still deferred (idempotent, thread-safe)."""
        if not self._deferred_routes:
            return
        with self._routes_lock:
            while self._deferred_routes:
                # Popped before it runs: registering reads the URL map and the blueprints.
                self._deferred_routes.pop(0)()

    # Adding a route or a blueprint reads both attributes; that alone must not register the
    # deferred ones (the platform's console is added eagerly after the modules are deferred).
    def register_blueprint(self, blueprint, **options) -> None:
        self._adding_routes += 1
        try:
            super().register_blueprint(blueprint, **options)
        finally:
            self._adding_routes -= 1

    def add_url_rule(self, *args, **kwargs) -> None:
        self._adding_routes += 1
        try:
            super().add_url_rule(*args, **kwargs)
        finally:
            self._adding_routes -= 1

    # Flask assigns both attributes in ``__init__``; every later reader goes through these.
    @property
    def url_map(self):
        if not self._adding_routes:
            self.ensure_routes()
        return self.__dict__["_url_map"]

    @url_map.setter
    def url_map(self, value) -> None:
        self.__dict__["_url_map"] = value

    @property
    def blueprints(self):
        if not self._adding_routes:
            self.ensure_routes()
        return self.__dict__["_blueprints"]

    @blueprints.setter
    def blueprints(self, value) -> None:
        self.__dict__["_blueprints"] = value


def lazy_routes_default() -> bool:
    """Defer routes under the ``flask`` command (Flask sets ``FLASK_RUN_FROM_CLI``), not
    under a WSGI server or the tests; ``EBELEDIYE_LAZY_ROUTES=0`` or ``1`` decides instead
    (``flask dev`` starts its ``flask run`` web server with 0)."""
    chosen = os.environ.get("EBELEDIYE_LAZY_ROUTES")
    if chosen in ("0", "1"):
        return chosen == "1"
    return os.environ.get("FLASK_RUN_FROM_CLI") == "true"


def create_app(config: dict | None = None, *, lazy_routes: bool | None = None) -> Application:
    app = Application(__name__)
    app.config["LAZY_ROUTES"] = lazy_routes_default() if lazy_routes is None else lazy_routes
    # ``<int:...>`` in every route stops at bigint: a larger id is a 404, never a database error
    app.url_map.converters["int"] = urls.BigIntConverter
    _configure(app, config or {})
    registry = _discover_modules(app)
    _bind_database(app)
    _bind_extensions(app)
    _load_modules(app, registry)
    _load_platform(app)
    frontdoor.init_app(app)
    security.init_app(app)  # input guards after the front door, before any view; headers on every response
    web.init_app(app)  # before the audit guard: its after_request commits after the guard's check
    auditguard.install(app)
    cli.init_app(app)
    registry.register_cli(app)
    registry.run_on_app(app)
    return app


def _configure(app: Flask, overrides: dict) -> None:
    name = overrides.get("ENV") or os.environ.get("EBELEDIYE_ENV")
    values = config_module.from_environment(config_module.config_class(name))
    values.update(overrides)
    if values["ENV"] == "production":
        config_module.check_production(values)
    if not values.get("SECRET_KEY"):
        # Development only: a per-VAR_DIR key so sessions survive restarts of `make run`.
        values["SECRET_KEY"] = _development_secret(values["VAR_DIR"])
    embedded.resolve_service_urls(values)
    url = values["DATABASE_URL"]
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    values["DATABASE_URL"] = url
    values["SQLALCHEMY_DATABASE_URI"] = url
    values.setdefault("RATELIMIT_STORAGE_URI", throttle.limiter_storage_uri(values["REDIS_URL"]))
    values.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    values["SQLALCHEMY_ENGINE_OPTIONS"] = {
        "pool_size": values["DB_POOL_SIZE"],
        "max_overflow": values["DB_MAX_OVERFLOW"],
        "pool_recycle": values["DB_POOL_RECYCLE_SECONDS"],
        "pool_pre_ping": True,
        # Fail closed: a connection's own search path holds no tenant tables.  On a Citus
        # coordinator, the append-only triggers of tenant tables (audit, KVKK lookups,
        # approved vouchers) are created only with citus.enable_unsafe_triggers; they read
        # no other table, so they are safe on a shard.  Plain PostgreSQL keeps the setting
        # as an inert placeholder (docs/citus.md).
        "connect_args": {"options": f"-c search_path={tenancy.UNBOUND_SEARCH_PATH} "
                                    f"-c {tenancy.CITUS_TRIGGER_SETTING}=on"},
    }
    app.config.update(values)


def _development_secret(var_dir: str) -> str:
    import secrets
    from pathlib import Path

    path = Path(var_dir) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


def _discover_modules(app: Flask) -> Registry:
    """Read the listed modules' specs (light: descriptors only) and add their catalogs."""
    registry = discover(app.config["MODULES"], app.config["MODULE_PATHS"])
    app.extensions["ebelediye.registry"] = registry
    # Outside a module's pages all catalogs serve, the core's last so that it wins where a
    # module translates the same Turkish word otherwise; a module's own pages use its own
    # catalog over the core's (i18n.module_catalogs).
    app.config["EBELEDIYE_CORE_TRANSLATIONS"] = app.config["BABEL_TRANSLATION_DIRECTORIES"]
    directories = [*registry.translation_dirs(), app.config["BABEL_TRANSLATION_DIRECTORIES"]]
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(directories)
    return registry


def install_session_hooks(session_class: type) -> None:
    """What every ORM session class needs: the tenant's search path, the unit of work's
    follow-ups and guard, the audit guard's flush marks, the per-transaction module answer
    (tests' sessions too)."""
    tenancy.install(session_class)
    uow.install(session_class)
    auditguard.install_session(session_class)
    registry_module.install(session_class)


def _bind_database(app: Flask) -> None:
    db.init_app(app)
    install_session_hooks(db.session.session_factory.class_)
    import_string("ebelediye.authcache:install")()
    import_string("ebelediye.bearer")  # the API's bearer-token sign-in
    # Core tables register with the metadata before any module's.
    import_string("ebelediye.audit")
    import_string("ebelediye.identity")
    import_string("ebelediye.jobs")
    import_string("ebelediye.mail")
    import_string("ebelediye.sms")
    import_string("ebelediye.rbac")
    import_string("ebelediye.citizen")
    import_string("ebelediye.parameters")


def _bind_extensions(app: Application) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "portal.login"
    login_manager.session_protection = "strong"
    csrf.init_app(app)
    babel.init_app(app)
    import_string("ebelediye.i18n:init_app")(app)  # locale selector, /dil/<code>
    bootstrap.init_app(app)
    # The API's routes and OpenAPI document come with the other routes (see ``Application``).
    app.defer_routes(lambda: import_string("ebelediye.api:init_app")(app), lazy=app.config["LAZY_ROUTES"])
    login_manager.unauthorized_handler(frontdoor.unauthorized)
    throttle.limiter.init_app(app)
    sessions.install(app)  # server-side sessions: revocable, with idle and absolute limits


def _load_modules(app: Application, registry: Registry) -> None:
    registry.connect_handlers()
    registry.install_session_listeners()
    app.defer_routes(lambda: registry.register_blueprints(app), lazy=app.config["LAZY_ROUTES"])


def _load_platform(app: Flask) -> None:
    path = app.config.get("PLATFORM")
    if path:
        import_string(path)(app)
