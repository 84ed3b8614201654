"""Who may reach a view: every view declares it, and the front door enforces it.

``@access(door, who)``:

- ``door``: the host kind the view lives on — ``"tenant"`` (a municipality's host),
  ``"admin"`` (the ministry console), ``"platform"`` (the bare base domain) or ``"any"``.
  A request on another kind of host gets 404.
- ``who``: ``"public"``, ``"signed_in"`` (any realm valid on this host), ``"staff"`` (a signed-in staff member of this tenant),
  ``"tenant_admin"``, ``"ministry"`` (a signed-in ministry user) or ``"citizen"``.
  A request without it is sent to sign in (401 for the API); a signed-in user of the wrong
  kind gets 403.

A view without a declaration is refused (404): new routes are closed until they say who
may use them, and ``tests/core/test_route_matrix.py`` walks every route by its declaration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

DOORS = ("tenant", "admin", "platform", "any")
#: the front doors a request host can name (``frontdoor.resolve``)
ADMIN, TENANT, PLATFORM_HOME = "admin", "tenant", "platform"
WHO = ("public", "signed_in", "staff", "tenant_admin", "ministry", "citizen")


@dataclass(frozen=True)
class Access:
    door: str
    who: str
    #: a different ``who`` per door, for the one path shared by all doors ("/")
    who_by_door: tuple[tuple[str, str], ...] = ()

    def who_on(self, door: str) -> str:
        return dict(self.who_by_door).get(door, self.who)


def access(door: str, who: str = "public", who_by_door: dict[str, str] | None = None) -> Callable:
    pairs = tuple(sorted((who_by_door or {}).items()))
    if door not in DOORS or who not in WHO or any(d not in DOORS or w not in WHO for d, w in pairs):
        raise ValueError(f"unknown access rule {door!r}/{who!r}/{pairs!r}")

    def decorate(view: Callable) -> Callable:
        view.access = Access(door, who, pairs)  # type: ignore[attr-defined]
        return view

    return decorate


def rule_of(view: Callable | None, method: str = "GET") -> Access | None:
    """The rule of a view function, or of the method of a class-based view (flask-smorest)."""
    rule = getattr(view, "access", None)
    view_class = getattr(view, "view_class", None)
    if rule is None and view_class is not None:
        rule = getattr(getattr(view_class, method.lower(), None), "access", None)
    return rule


def satisfies(user, who: str) -> bool:
    # (kept free of Flask so the rule can be checked in jobs and tests alike)
    """Whether the (signed-in or anonymous) user meets ``who``."""
    if who == "public":
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    realm = getattr(user, "realm", None)
    if who == "signed_in":
        return True
    if who == "staff":
        return realm == "staff"
    if who == "tenant_admin":
        return realm == "staff" and bool(getattr(user, "is_tenant_admin", False))
    return realm == who


def permission_of(view: Callable | None, method: str = "GET") -> str | None:
    """The permission a view (or a class-based view's method) requires, if any."""
    code = getattr(view, "permission", None)
    view_class = getattr(view, "view_class", None)
    if code is None and view_class is not None:
        code = getattr(getattr(view_class, method.lower(), None), "permission", None)
    return code
