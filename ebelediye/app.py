"""The application factory.

``create_app`` binds the extensions in fixed, named steps and touches neither PostgreSQL
nor Redis: engines connect lazily, and the embedded servers are started by the launcher,
the CLI or the test set-up, never here.
"""

from __future__ import annotations

import logging
import os

from flask import Flask
from werkzeug.utils import import_string

from . import (
    api,
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


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
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
    directories = [app.config["BABEL_TRANSLATION_DIRECTORIES"], *registry.translation_dirs()]
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
    import_string("ebelediye.rbac")
    import_string("ebelediye.citizen")
    import_string("ebelediye.parameters")


def _bind_extensions(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "portal.login"
    login_manager.session_protection = "strong"
    csrf.init_app(app)
    babel.init_app(app)
    import_string("ebelediye.i18n:init_app")(app)  # locale selector, /dil/<code>
    bootstrap.init_app(app)
    api.init_app(app)
    login_manager.unauthorized_handler(frontdoor.unauthorized)
    throttle.limiter.init_app(app)
    sessions.install(app)  # server-side sessions: revocable, with idle and absolute limits


def _load_modules(app: Flask, registry: Registry) -> None:
    registry.register_blueprints(app)
    registry.connect_handlers()


def _load_platform(app: Flask) -> None:
    path = app.config.get("PLATFORM")
    if path:
        import_string(path)(app)
