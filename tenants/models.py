"""Tables of the platform schema (``public``) owned by the tenant lifecycle."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash

from ebelediye.extensions import Model
from ebelediye.i18n import N_
from ebelediye.identity import MfaColumns, hash_password

STATES = ("requested", "provisioning", "active", "suspended", "archived")
#: what the console shows for each state
STATE_LABELS = {
    "requested": N_("Talep edildi"), "provisioning": N_("Kuruluyor"), "active": N_("Etkin"),
    "suspended": N_("Askıda"), "archived": N_("Arşivlendi"),
}
#: state -> the states it may move to
TRANSITIONS = {
    "requested": {"provisioning"},
    "provisioning": {"active", "provisioning"},
    "active": {"suspended", "archived"},
    "suspended": {"active", "archived"},
    "archived": {"suspended", "active"},
}


class Tenant(Model):
    """A municipality."""

    __tablename__ = "tenants"
    __table_args__ = (
        CheckConstraint("slug ~ '^[a-z][a-z0-9_]{1,40}$'", name="slug_format"),
        CheckConstraint(f"state IN ({', '.join(repr(s) for s in STATES)})", name="state_known"),
        {"schema": "public"},
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    slug: Mapped[str] = mapped_column(String(41), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    province: Mapped[str | None] = mapped_column(String(100))
    district: Mapped[str | None] = mapped_column(String(100))
    population_band: Mapped[str | None] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(20), default="requested")
    state_reason: Mapped[str | None] = mapped_column(String(500))
    admin_email: Mapped[str | None] = mapped_column(String(254))
    #: Which database server holds the schema (the app-level tenant -> database map).
    database_key: Mapped[str] = mapped_column(String(40), default="main")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    modules: Mapped[list[ModuleActivation]] = relationship(back_populates="tenant", order_by="ModuleActivation.module_key")
    domains: Mapped[list[TenantDomain]] = relationship(back_populates="tenant")

    @property
    def schema(self) -> str:
        return "t_" + self.slug

    def enabled_modules(self) -> set[str]:
        return {m.module_key for m in self.modules if m.enabled}


class TenantDomain(Model):
    """An extra host name that serves a tenant (e.g. ebelediye.cankaya.bel.tr)."""

    __tablename__ = "tenant_domains"
    __table_args__ = {"schema": "public"}

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    host: Mapped[str] = mapped_column(String(253), unique=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("public.tenants.id"))
    tenant: Mapped[Tenant] = relationship(back_populates="domains")


class ModuleActivation(Model):
    """Whether a tenant may use a module.  Disabling hides it and never drops data."""

    __tablename__ = "module_activations"
    __table_args__ = (UniqueConstraint("tenant_id", "module_key"), {"schema": "public"})

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("public.tenants.id"))
    module_key: Mapped[str] = mapped_column(String(40))
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    #: set once the module's tables and seed exist in the tenant's schema
    installed: Mapped[bool] = mapped_column(Boolean, default=False)
    changed_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    tenant: Mapped[Tenant] = relationship(back_populates="modules")


class SchemaTemplate(Model):
    """The DDL of a tenant schema at head, per layer (core, then each module), generated
    once per set of migration heads from a migrated template schema."""

    __tablename__ = "schema_templates"
    __audit_exempt__ = True  # derived from the code's migrations, not a user's change
    __table_args__ = {"schema": "public"}

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    layers: Mapped[dict] = mapped_column(JSONB)
    heads: Mapped[dict] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class SpareSchema(Model):
    """A tenant schema built ahead of demand for one module set (tenants/spares.py)."""

    __tablename__ = "spare_schemas"
    __audit_exempt__ = True  # built by the platform from the code's migrations; no one's data
    __table_args__ = {"schema": "public"}

    schema: Mapped[str] = mapped_column(String(63), primary_key=True)
    #: the SchemaTemplate it was built from: a spare of older heads is never used
    template_key: Mapped[str] = mapped_column(String(64))
    #: the module closure, sorted and comma-joined ("" for the core alone)
    modules: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class TenantVersion(Model):
    """A tenant's revisions of one migration history, recorded in the transaction that moved
    them (tenants/recorded.py): what ``tenants migrate`` reads instead of the schemas."""

    __tablename__ = "tenant_versions"
    __audit_exempt__ = True  # a copy of the schema's own version table, written by the platform
    __table_args__ = {"schema": "public"}

    tenant_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("public.tenants.id", ondelete="CASCADE"), primary_key=True
    )
    version_table: Mapped[str] = mapped_column(String(63), primary_key=True)
    revisions: Mapped[list[str]] = mapped_column(ARRAY(Text))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class MinistryUser(UserMixin, MfaColumns, Model):
    """Ministry (Bakanlık) staff who run the platform console."""

    __tablename__ = "ministry_users"
    __table_args__ = {"schema": "public"}

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(Text)
    is_active_user: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    realm = "ministry"

    def get_id(self) -> str:
        return f"ministry:{self.id}"

    @property
    def is_active(self) -> bool:
        return self.is_active_user

    def set_password(self, password: str) -> None:
        self.password_hash = hash_password(password)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash or "", password)


class ArchiveRecord(Model):
    """Where an archived tenant's export went, with the figures restore checks against."""

    __tablename__ = "tenant_archives"
    __table_args__ = {"schema": "public"}

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("public.tenants.id"))
    path: Mapped[str] = mapped_column(Text)
    manifest: Mapped[dict] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    restored_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
