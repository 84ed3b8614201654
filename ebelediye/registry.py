"""The module registry.

A module is a package whose ``__init__.py`` holds only a ``ModuleSpec``.  Its parts are
named as ``"package.module:attr"`` strings, so reading the registry imports nothing
heavy.  Modules are found through the ``ebelediye.modules`` entry-point group (and the
``MODULE_PATHS`` setting) and load only when listed in ``MODULES``: installed is not
allowed until listed.  Every loaded module registers its blueprints at start-up; whether
a tenant may use one is a row in the database, checked per request.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from werkzeug.utils import import_string

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "ebelediye.modules"


@dataclass(frozen=True)
class Permission:
    code: str  # "<module>.<object>.<verb>", e.g. gelir.tahsilat.olustur
    name_tr: str
    name_en: str


@dataclass(frozen=True)
class MenuEntry:
    endpoint: str
    label_tr: str
    label_en: str
    permission: str | None = None


@dataclass(frozen=True)
class DashboardCard:
    """A card a module puts on the staff dashboard; shown only with ``permission`` (if set)."""

    title: str
    value: str
    detail: str | None = None
    endpoint: str | None = None
    permission: str | None = None


@dataclass(frozen=True)
class Handler:
    """A receiver of a domain event: ``signal`` names a signal of ``ebelediye.events``
    (e.g. ``"revenue_collected"``), ``receiver`` the function (``"package.module:function"``),
    called as ``receiver(sender, event=...)`` inside the sender's transaction, and only when
    the tenant bound to that transaction has the receiving module enabled."""

    signal: str
    receiver: str


@dataclass(frozen=True)
class SessionListener:
    """A session event (``after_flush``, ``do_orm_execute``, ``after_commit``,
    ``after_rollback``, ``after_transaction_end``) heard by ``listener``
    (``"package.module:function"`` or ``"package.module:object.method"``, e.g. a
    ``ebelediye.generations.CommitCounters``), on every ORM session.

    The listener runs only once its module has been imported by the module's own code:
    such listeners act on what that code did in the session (marks in ``session.info``, its
    own mapped classes), and with the module not loaded none of it can have happened.  So a
    command that never touches the module does not import it (issue 9's start-up).
    """

    event: str
    listener: str


@dataclass(frozen=True)
class ModuleSpec:
    """Descriptor of a module; everything heavy is a dotted path imported on demand."""

    key: str
    name_tr: str
    name_en: str
    version: str
    requires: tuple[str, ...] = ()
    integrates: tuple[str, ...] = ()
    permissions: tuple[Permission, ...] = ()
    menu: tuple[MenuEntry, ...] = ()
    #: "package.module:blueprint" strings: portal, citizen and API blueprints.
    blueprints: tuple[str, ...] = ()
    #: Package holding the module's tables, imported so its metadata is known.
    models: str | None = None
    #: Package whose folder holds the Alembic history (``migrations/versions``).
    migrations: str | None = None
    #: "package.module:function" called as ``seed(session, tenant)`` when enabled.
    seed: str | None = None
    #: "package.module:function" strings, each called under the bound tenant and returning
    #: a ``DashboardCard`` (or None) for the staff dashboard.
    dashboard_cards: tuple[str, ...] = ()
    #: Services the module offers citizens on /e-hizmet (endpoints of its citizen blueprint).
    citizen_menu: tuple[MenuEntry, ...] = ()
    #: "package.module:function" called as ``items(tckn)`` under the bound tenant, returning
    #: ``ebelediye.citizen.CitizenItem``s for "başvurularım" and "ödemelerim".
    citizen_items: str | None = None
    #: "package.module:attr" naming a list of ``ebelediye.parameters.ParamDef``: the national
    #: (ministry-maintained) parameters the module reads, seeded when first enabled.
    national_parameters: str | None = None
    #: "package.module:function" called as ``demo(session, tenant)`` under the bound tenant by
    #: ``flask tenants demo`` (``make run``): idempotent demo data; returns lines to print.
    demo: str | None = None
    #: demos run in this order (then by key): a module the others post into sets itself up
    #: first (Muhasebe opens the budget İK's payrolls are spent from)
    demo_order: int = 100
    #: receivers of other modules' (or the core's) domain events, tenant-gated by the registry
    handlers: tuple[Handler, ...] = ()
    #: "package.module:group": a click group mounted as ``flask <key> ...``; each command runs
    #: in one unit of work, and a ``UserError`` is its message on stderr with exit code 2
    cli: str | None = None
    #: "package.module:function" strings called as ``function(app)`` at start-up (listeners,
    #: template filters): the only place a module wires itself into the app
    on_app: tuple[str, ...] = ()
    #: session listeners (cache invalidation after commit, per-transaction caches), heard
    #: only once the listener's module is loaded: see ``SessionListener``
    session_listeners: tuple[SessionListener, ...] = ()
    #: ports the module provides: protocol name in ``ebelediye.ports`` -> implementation
    ports: dict[str, str] = field(default_factory=dict)
    extras: dict = field(default_factory=dict)

    def translations_dir(self, package: str) -> Path | None:
        """``<package>/translations`` when the module ships its own message catalog."""
        module = sys.modules.get(package)
        if module is None or not getattr(module, "__file__", None):
            return None
        path = Path(module.__file__).resolve().parent / "translations"  # type: ignore[arg-type]
        return path if path.is_dir() else None

    @property
    def version_table(self) -> str:
        return f"alembic_version_{self.key}"

    def migrations_dir(self) -> Path | None:
        if not self.migrations:
            return None
        package = import_module(self.migrations)
        if package.__file__ is None:
            raise RegistryError(f"{self.migrations} bir paket değil (__init__.py yok)")
        return Path(package.__file__).resolve().parent


class RegistryError(Exception):
    """A module could not be loaded or its requirements are not met."""


class Registry:
    """The modules this deployment loaded, in dependency order."""

    def __init__(self, specs: list[ModuleSpec], missing: list[str],
                 packages: dict[str, str] | None = None) -> None:
        self._specs = {spec.key: spec for spec in _dependency_order(specs)}
        self.missing = missing
        #: module key -> the package its spec was loaded from
        self.packages: dict[str, str] = packages or {}
        #: blueprint name -> module key, filled by ``register_blueprints``
        self.blueprint_owner: dict[str, str] = {}

    def __iter__(self) -> Iterator[ModuleSpec]:
        return iter(self._specs.values())

    def __contains__(self, key: str) -> bool:
        return key in self._specs

    def __len__(self) -> int:
        return len(self._specs)

    def get(self, key: str) -> ModuleSpec:
        try:
            return self._specs[key]
        except KeyError:
            raise RegistryError(f"'{key}' adlı modül bu kurulumda yüklü değil.") from None

    def keys(self) -> list[str]:
        return list(self._specs)

    def closure(self, keys: set[str] | list[str]) -> list[str]:
        """The keys plus everything they require, in dependency order."""
        wanted: set[str] = set()
        stack = list(keys)
        while stack:
            key = stack.pop()
            if key in wanted:
                continue
            wanted.add(key)
            stack.extend(self.get(key).requires)
        return [key for key in self._specs if key in wanted]

    def check_enable(self, key: str, enabled: set[str]) -> None:
        """Refuse to enable ``key`` while a module it requires is off for the tenant."""
        spec = self.get(key)
        missing = [req for req in spec.requires if req not in enabled]
        if missing:
            raise RegistryError(
                f"'{key}' modülü şunlar olmadan etkinleştirilemez: {', '.join(missing)}. "
                "Önce bunları etkinleştirin."
            )

    def check_disable(self, key: str, enabled: set[str]) -> None:
        """Refuse to disable ``key`` while an enabled module requires it."""
        self.get(key)
        dependants = [s.key for s in self if s.key in enabled and key in s.requires]
        if dependants:
            raise RegistryError(
                f"'{key}' modülü şu modüller onu gerektirdiği için kapatılamaz: "
                f"{', '.join(dependants)}."
            )

    def register_blueprints(self, app) -> None:
        """Import every loaded module's models and register its blueprints (start-up only)."""
        from flask_smorest import Blueprint as SmorestBlueprint

        for spec in self:
            if spec.models:
                import_module(spec.models)
            for path in spec.blueprints:
                blueprint = import_string(path)
                if isinstance(blueprint, SmorestBlueprint):
                    # API blueprints go through the Api so they appear in the OpenAPI spec.
                    from .api import api

                    api.register_blueprint(blueprint)
                else:
                    app.register_blueprint(blueprint)
                self.blueprint_owner[blueprint.name] = spec.key

    def permissions(self) -> list[Permission]:
        return [perm for spec in self for perm in spec.permissions]

    def translation_dirs(self) -> list[str]:
        """The message catalogs of the loaded modules (added to Flask-Babel's directories)."""
        found = (spec.translations_dir(self.packages.get(spec.key, "")) for spec in self)
        return [str(path) for path in found if path is not None]

    # --- declared hooks ------------------------------------------------------------------

    def connect_handlers(self) -> None:
        """Connect every loaded module's receivers to their signals, behind the tenant gate."""
        from . import events

        for spec in self:
            for handler in spec.handlers:
                signal = getattr(events, handler.signal, None)
                if signal is None or not hasattr(signal, "connect"):
                    raise RegistryError(f"'{spec.key}' modülü bilinmeyen bir olayı dinliyor: {handler.signal}")
                key = (handler.signal, spec.key, handler.receiver)
                if key not in _GATED:  # signals are process-wide: connect each receiver once
                    _GATED[key] = GatedReceiver(spec.key, handler.receiver)
                    signal.connect(_GATED[key], weak=False)

    def install_session_listeners(self) -> None:
        """Listen to every session on behalf of the modules' declared ``session_listeners``."""
        from sqlalchemy.orm import Session

        for spec in self:
            for declared in spec.session_listeners:
                key = (declared.event, declared.listener)
                if key not in _SESSION_LISTENERS:  # process-wide, like the signals: once each
                    _SESSION_LISTENERS[key] = _when_loaded(declared.listener)
                    event.listen(Session, declared.event, _SESSION_LISTENERS[key])

    def register_cli(self, app: Flask) -> None:
        """Mount each module's click group as ``flask <key>`` (imported when first used)."""
        for spec in self:
            if spec.cli:
                app.cli.add_command(LazyModuleGroup(spec.key, spec.cli, help=f"{spec.name_tr} ({spec.name_en})"))

    def run_on_app(self, app: Flask) -> None:
        for spec in self:
            for path in spec.on_app:
                import_string(path.replace(":", "."))(app)

    # --- the tenant's modules, as the current transaction sees them ----------------------

    def enabled_here(self, key: str) -> bool:
        """Whether the tenant bound now has module ``key`` enabled (and this app loaded it).

        Read from the platform's activations once per transaction, not from the routing
        cache: a module enabled a second ago must already receive its events.
        """
        if key not in self._specs:
            return False
        from .tenancy import current_tenant

        tenant = current_tenant()
        if tenant is None:
            return False
        return key in _enabled_in_transaction(tenant.slug, tenant.modules)


#: (signal, module, receiver) -> the one gated receiver connected in this process
_GATED: dict[tuple[str, str, str], GatedReceiver] = {}
#: (session event, listener path) -> the one wrapper listening in this process
_SESSION_LISTENERS: dict[tuple[str, str], Callable[..., Any]] = {}


def _when_loaded(path: str) -> Callable[..., Any]:
    """A session listener that calls ``path``'s function only once its module is loaded."""
    module_name, _, attribute = path.partition(":")
    found: list[Callable[..., Any]] = []

    def listener(*args: Any) -> Any:
        if not found:
            found_object: Any = sys.modules.get(module_name)
            for name in attribute.split("."):  # "function" or "object.method"
                found_object = getattr(found_object, name, None)
            if found_object is None:  # not imported (or still importing): nothing of it ran yet
                return None
            found.append(found_object)
        return found[0](*args)

    listener.__qualname__ = f"when_loaded[{path}]"
    return listener
_ENABLED_CACHE = "ebelediye.enabled_modules"


class GatedReceiver:
    """A module's receiver wrapped so it runs only where that module is enabled.

    It is imported on its first call.  An exception it raises is not caught: it aborts the
    sender's unit of work, as a posting that cannot be made must stop the collection it
    would record - in that tenant only, since no other tenant ever reaches the receiver.
    """

    def __init__(self, module: str, path: str) -> None:
        self.module = module
        self.path = path
        self._function: Callable[..., Any] | None = None

    def __call__(self, sender: object, **kwargs: Any) -> Any:
        if not has_app_context():
            return None
        registry: Registry = current_app.extensions["ebelediye.registry"]
        if not registry.enabled_here(self.module):
            return None
        if self._function is None:
            self._function = import_string(self.path.replace(":", "."))
        return self._function(sender, **kwargs)

    def __repr__(self) -> str:
        return f"<GatedReceiver {self.module}:{self.path}>"


def _enabled_in_transaction(slug: str, fallback: frozenset[str]) -> frozenset[str]:
    from .extensions import db

    session = db.session()
    cached = session.info.get(_ENABLED_CACHE)
    if cached is not None and cached[0] == slug:
        return cached[1]
    directory = current_app.extensions.get("ebelediye.tenants")
    lookup = getattr(directory, "enabled_modules", None)
    enabled = frozenset(lookup(slug)) if lookup is not None else fallback
    session.info[_ENABLED_CACHE] = (slug, enabled)
    return enabled


def _forget_enabled(session: Any, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(_ENABLED_CACHE, None)


def install(session_class: type) -> None:
    """Drop the per-transaction answer of ``enabled_here`` when the transaction ends."""
    if not event.contains(session_class, "after_transaction_end", _forget_enabled):
        event.listen(session_class, "after_transaction_end", _forget_enabled)


class LazyModuleGroup(click.Group):
    """``flask <key> ...``: the module's click group, imported only when it is used.

    Each command runs in one unit of work; a ``UserError`` prints its message and exits 2.
    """

    def __init__(self, name: str, path: str, **kwargs: Any) -> None:
        super().__init__(name, **kwargs)
        self.path = path
        self._group: click.Group | None = None

    def _real(self) -> click.Group:
        if self._group is None:
            group = import_string(self.path.replace(":", "."))
            if not isinstance(group, click.Group):
                raise RegistryError(f"{self.path} bir click grubu değil.")
            _wrap_commands(group)
            self._group = group
        return self._group

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self._real().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._real().get_command(ctx, cmd_name)


def _wrap_commands(group: click.Group) -> None:
    for command in group.commands.values():
        if isinstance(command, click.Group):
            _wrap_commands(command)
        elif command.callback is not None and not getattr(command.callback, "_in_unit", False):
            command.callback = in_cli_unit(command.callback)


def in_cli_unit(callback: Callable[..., Any]) -> Callable[..., Any]:
    """Run a CLI command in one unit of work; a ``UserError`` is a message and exit code 2."""
    import functools

    from . import uow
    from .errors import UserError

    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            with uow.unit_of_work("cli"):
                return callback(*args, **kwargs)
        except UserError as exc:
            click.echo(f"Hata: {exc.message}", err=True)
            for name, messages in exc.field_messages().items():
                click.echo(f"  {name}: {' '.join(messages)}", err=True)
            raise SystemExit(2) from None

    run._in_unit = True  # type: ignore[attr-defined]
    return run


def _dependency_order(specs: list[ModuleSpec]) -> list[ModuleSpec]:
    by_key = {spec.key: spec for spec in specs}
    ordered: list[ModuleSpec] = []
    state: dict[str, str] = {}

    def visit(spec: ModuleSpec, trail: tuple[str, ...]) -> None:
        if state.get(spec.key) == "done":
            return
        if state.get(spec.key) == "visiting":
            raise RegistryError(f"Modül bağımlılıklarında döngü var: {' -> '.join(trail)}")
        state[spec.key] = "visiting"
        for req in spec.requires:
            if req not in by_key:
                raise RegistryError(
                    f"'{spec.key}' modülü '{req}' modülünü gerektiriyor, ama o yüklenmedi "
                    "(MODULES ayarına ekleyin)."
                )
            visit(by_key[req], (*trail, req))
        state[spec.key] = "done"
        ordered.append(spec)

    for spec in sorted(specs, key=lambda s: s.key):
        visit(spec, (spec.key,))
    return ordered


def discover(listed: list[str], extra_paths: dict[str, str] | None = None) -> Registry:
    """Load the listed modules from entry points and ``extra_paths``; report the missing."""
    available: dict[str, str] = {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}
    available.update(extra_paths or {})
    specs: list[ModuleSpec] = []
    missing: list[str] = []
    packages: dict[str, str] = {}
    for key in listed:
        path = available.get(key)
        if path is None:
            missing.append(key)
            continue
        spec = import_string(path)
        if not isinstance(spec, ModuleSpec) or spec.key != key:
            raise RegistryError(f"{path} bir ModuleSpec değil ya da anahtarı '{key}' değil.")
        specs.append(spec)
        packages[key] = path.partition(":")[0]
    if missing:
        log.info("Listed modules not installed, skipped: %s", ", ".join(missing))
    return Registry(specs, missing, packages)
