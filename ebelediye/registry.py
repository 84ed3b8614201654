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
from dataclasses import dataclass, field
from importlib import import_module
from importlib.metadata import entry_points
from pathlib import Path

from flask_smorest import Blueprint as SmorestBlueprint
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
    extras: dict = field(default_factory=dict)

    @property
    def version_table(self) -> str:
        return f"alembic_version_{self.key}"

    def migrations_dir(self) -> Path | None:
        if not self.migrations:
            return None
        package = import_module(self.migrations)
        return Path(package.__file__).resolve().parent


class RegistryError(Exception):
    """A module could not be loaded or its requirements are not met."""


class Registry:
    """The modules this deployment loaded, in dependency order."""

    def __init__(self, specs: list[ModuleSpec], missing: list[str]) -> None:
        self._specs = {spec.key: spec for spec in _dependency_order(specs)}
        self.missing = missing
        #: blueprint name -> module key, filled by ``register_blueprints``
        self.blueprint_owner: dict[str, str] = {}

    def __iter__(self):
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
    for key in listed:
        path = available.get(key)
        if path is None:
            missing.append(key)
            continue
        spec = import_string(path)
        if not isinstance(spec, ModuleSpec) or spec.key != key:
            raise RegistryError(f"{path} bir ModuleSpec değil ya da anahtarı '{key}' değil.")
        specs.append(spec)
    if missing:
        log.info("Listed modules not installed, skipped: %s", ", ".join(missing))
    return Registry(specs, missing)
