"""Schema-per-tenant binding.

Tenant tables are declared without a schema; platform tables name ``public``.  Every
transaction begins with ``set_config('search_path', <schema>, true)`` - a SET LOCAL that
dies with the transaction - so a pooled connection never carries one tenant's schema into
another request or job.  With no tenant bound the search path is ``pg_catalog`` only:
tenant tables are invisible and a tenant query errors instead of reading someone else's
rows.  There is no default tenant.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import event, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, scoped_session

SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
SCHEMA_PREFIX = "t_"
#: Names that would shadow a host, a PostgreSQL schema or a platform role.
RESERVED_SLUGS = frozenset(
    {
        "admin", "api", "www", "mail", "static", "public", "pg_catalog", "pg_toast",
        "information_schema", "template", "postgres", "root", "system", "platform",
        "bakanlik", "e_hizmet", "ebelediye", "test", "localhost",
    }
)
#: The search path of a transaction with no tenant bound: no tenant tables at all.
UNBOUND_SEARCH_PATH = "pg_catalog"
#: Set on every connection (app.py) and restore script: on a Citus coordinator the
#: append-only triggers of tenant tables are accepted only with it (docs/citus.md).
CITUS_TRIGGER_SETTING = "citus.enable_unsafe_triggers"


class TenantError(Exception):
    """A tenant operation was refused; the message is fit to show to a user."""


class InvalidSlug(TenantError):
    pass


class NoTenantBound(TenantError):
    pass


def validate_slug(slug: object) -> str:
    """Return the slug if it may name a tenant, else raise InvalidSlug with the reason."""
    if not isinstance(slug, str) or not slug:
        raise InvalidSlug("Kısa ad boş olamaz.")
    if len(slug) > 41:
        raise InvalidSlug(f"Kısa ad en çok 41 karakter olabilir ({len(slug)} karakter verildi).")
    if not SLUG_PATTERN.match(slug):
        raise InvalidSlug(
            "Kısa ad küçük bir İngilizce harfle başlamalı ve yalnızca a-z, 0-9 ve _ içermeli "
            f"(2-41 karakter): {slug!r} geçersiz."
        )
    if slug in RESERVED_SLUGS or slug.startswith("pg_"):
        raise InvalidSlug(f"{slug!r} ayrılmış bir addır, başka bir kısa ad seçin.")
    return slug


def schema_for(slug: str) -> str:
    """The PostgreSQL schema of a tenant (always quoted where it meets SQL)."""
    return SCHEMA_PREFIX + validate_slug(slug)


@dataclass(frozen=True)
class TenantInfo:
    """What a request or job needs to know about its tenant; read from the platform schema."""

    slug: str
    name: str
    state: str
    modules: frozenset[str] = field(default_factory=frozenset)
    database_key: str = "main"

    @property
    def schema(self) -> str:
        return SCHEMA_PREFIX + self.slug

    @property
    def is_active(self) -> bool:
        return self.state == "active"


class TenantDirectory(Protocol):
    """Port: the platform (``tenants``) answers which tenant a host or slug names."""

    def by_host(self, host: str) -> TenantInfo | None:
        """The tenant whose own domain row is ``host``, if any."""

    def by_slug(self, slug: str) -> TenantInfo | None:
        """The tenant with this slug, in any state, if it exists."""

    def enabled_modules(self, slug: str) -> frozenset[str]:
        """The modules enabled for the tenant now (read in the current transaction)."""


_current: ContextVar[TenantInfo | None] = ContextVar("ebelediye_tenant", default=None)


def current_tenant() -> TenantInfo | None:
    return _current.get()


def require_tenant() -> TenantInfo:
    tenant = _current.get()
    if tenant is None:
        raise NoTenantBound("Bu işlem bir belediye bağlamı gerektirir; hiçbir belediye bağlı değil.")
    return tenant


def search_path() -> str:
    tenant = _current.get()
    return quote_ident(tenant.schema) if tenant else UNBOUND_SEARCH_PATH


def quote_ident(name: str) -> str:
    """Quote an identifier for PostgreSQL; names here were validated, this is belt and braces."""
    return '"' + name.replace('"', '""') + '"'


def apply_search_path(connection: Connection) -> None:
    """Scope the connection's current transaction to the bound tenant (or to none)."""
    connection.execute(
        text("SELECT set_config('search_path', :path, true)"), {"path": search_path()}
    )


def _real(session):
    return session() if session is not None and hasattr(session, "registry") else session


def enter(tenant: TenantInfo | None, session: Session | scoped_session | None = None):
    """Bind ``tenant`` until ``leave(token)``; refused while a transaction is open.

    The session's identity map is emptied: ORM identities are keyed by primary key alone,
    so an object loaded under one tenant must never answer for the same id in another.
    """
    real = _real(session)
    if real is not None:
        if real.in_transaction() or real.new or real.dirty or real.deleted:
            raise TenantError("Açık bir veritabanı işlemi varken belediye bağlamı değiştirilemez.")
        real.expunge_all()
    return _current.set(tenant)


def leave(token, session: Session | scoped_session | None = None) -> None:
    real = _real(session)
    if real is not None:
        if real.in_transaction():
            real.rollback()
        real.expunge_all()
    _current.reset(token)


@contextmanager
def bind(tenant: TenantInfo | None, session: Session | scoped_session | None = None) -> Iterator[TenantInfo | None]:
    """Bind ``tenant`` for the enclosed unit of work (None binds no tenant).

    The session must not be in a transaction: the search path is applied when the next
    transaction begins, so switching tenants half-way through one would mix schemas.
    """
    token = enter(tenant, session)
    try:
        yield tenant
    finally:
        leave(token, session)


def _scope_transaction(session: Session, transaction: object, connection: Connection) -> None:
    if getattr(transaction, "nested", False):
        return  # a savepoint inherits its transaction's search path (and its tenant: enter() refuses a switch)
    apply_search_path(connection)


def install(session_class: type[Session]) -> None:
    """Hook the search path into every transaction the ORM session begins (once per class)."""
    if not event.contains(session_class, "after_begin", _scope_transaction):
        event.listen(session_class, "after_begin", _scope_transaction)


class HostCache:
    """Process-local TTL cache of host -> TenantInfo, so routing costs no query per request."""

    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[float, TenantInfo | None]] = {}

    def get(self, key: str, load) -> TenantInfo | None:
        if self.ttl <= 0:
            return load()
        now = time.monotonic()
        hit = self._entries.get(key)
        if hit and hit[0] > now:
            return hit[1]
        value = load()
        with self._lock:
            self._entries[key] = (now + self.ttl, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
