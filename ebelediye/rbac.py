"""Roles and permissions, per tenant.

Modules declare permissions in their ``ModuleSpec`` (codes ``<module>.<object>.<verb>``);
the core declares its own below.  A tenant admin composes roles from them and assigns
roles to staff; the tenant admin flag grants everything.  Views say what they need with
``@requires(code)`` next to ``@access``; the front door enforces both.  Jobs and services
check with ``require(user, code)``.

Separation of duties: a module may declare maker/checker pairs (``SodRule``); services
call ``check_maker_checker`` so the one who prepared a record never approves it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import current_app, g, has_request_context
from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Identity, String, func, select
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import Model, db
from .registry import Permission

CORE_PERMISSIONS = (
    Permission("cekirdek.kullanici.yonet", "Kullanıcı ve rolleri yönet", "Manage users and roles"),
    Permission("cekirdek.denetim.goruntule", "Denetim kaydını görüntüle", "View the audit log"),
    Permission("cekirdek.kvkk.goruntule", "Kişisel veri sorgularını görüntüle (KVKK)",
               "View personal-data lookups at agencies (KVKK)"),
)

#: Built-in roles (rows created by the tenant migration c0003): their permissions follow
#: a rule rather than stored rows, so a module enabled later is covered at once.
BUILTIN_GRANTS: dict[str, Callable[[str], bool]] = {
    "yonetici": lambda code: True,
    "denetci": lambda code: code.endswith(".goruntule"),
}


class Role(Model):
    __tablename__ = "roles"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(String(300))
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class RolePermission(Model):
    __tablename__ = "role_permissions"

    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True)
    permission: Mapped[str] = mapped_column(String(120), primary_key=True)


class StaffRole(Model):
    __tablename__ = "staff_roles"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True)


@dataclass(frozen=True)
class SodRule:
    """Maker/checker: who holds ``maker`` on a record may not also do ``checker`` on it."""

    maker: str
    checker: str
    message_tr: str = "Hazırlayan kişi aynı kaydı onaylayamaz (görevler ayrılığı)."


class PermissionDenied(Exception):
    """The user lacks a permission or a separation-of-duties rule forbids the act."""


def all_permissions() -> list[Permission]:
    """Core permissions, then every loaded module's, in registry order."""
    return [*CORE_PERMISSIONS, *current_app.extensions["ebelediye.registry"].permissions()]


def permission_codes() -> set[str]:
    return {p.code for p in all_permissions()}


def permissions_of(user) -> frozenset[str]:
    """The permission codes a staff user holds in the current tenant (cached per request)."""
    if getattr(user, "realm", None) != "staff":
        return frozenset()
    if user.is_tenant_admin:
        return frozenset(permission_codes())
    cache = g.setdefault("_rbac_cache", {}) if has_request_context() else {}
    if user.id in cache:
        return cache[user.id]
    # one statement: every role of the user with its permissions (a built-in role has none stored)
    rows = db.session.execute(
        select(Role.key, Role.builtin, RolePermission.permission)
        .select_from(StaffRole).join(Role, Role.id == StaffRole.role_id)
        .outerjoin(RolePermission, RolePermission.role_id == Role.id)
        .where(StaffRole.staff_id == user.id)
    ).all()
    codes: set[str] = {row.permission for row in rows if row.permission}
    builtin_keys = {row.key for row in rows if row.builtin}
    for key in builtin_keys:
        grant = BUILTIN_GRANTS.get(key)
        if grant:
            codes.update(code for code in permission_codes() if grant(code))
    cache[user.id] = granted = frozenset(codes)
    return granted


def can(user, code: str) -> bool:
    return code in permissions_of(user)


def require(user, code: str) -> None:
    """Raise PermissionDenied unless ``user`` holds ``code`` (for services and jobs)."""
    if not can(user, code):
        raise PermissionDenied(f"Bu işlem için '{code}' yetkisi gerekiyor.")


def requires(code: str) -> Callable:
    """View decorator: the signed-in staff user must hold ``code`` (checked by the front door)."""

    def decorate(view: Callable) -> Callable:
        view.permission = code  # type: ignore[attr-defined]
        return view

    return decorate


def job_requires(code: str) -> Callable:
    """Job decorator: the job's starter (``JobRecord.actor``) must hold ``code`` when it runs."""

    def decorate(func: Callable) -> Callable:
        func.permission = code  # type: ignore[attr-defined]
        return func

    return decorate


def check_maker_checker(rule: SodRule, maker_id: int | None, checker_id: int) -> None:
    if maker_id is not None and maker_id == checker_id:
        raise PermissionDenied(rule.message_tr)
