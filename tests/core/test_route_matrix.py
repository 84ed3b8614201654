"""Every route the app registers, probed by every kind of caller on every kind of host.

The expectation of each probe comes from the route's own ``@access`` and ``@requires``
declarations, read here and judged by the rules written out in ``expected`` (not by
``ebelediye.access`` itself, so a change to the front door's rules shows up as a
mismatch).  The matrix grows by itself as modules add routes; a route without a
declaration fails ``test_every_route_declares_who_may_use_it``.

- Columns are actors (``ACTORS``): anonymous, staff of alfa holding no permission, staff
  of alfa holding exactly the route's permission, alfa's tenant admin, staff and the
  tenant admin of beta, a ministry user and a citizen signed in on alfa.  Session cookies minted on one host are
  replayed on every host, as a stolen cookie would be.  To add a column, add an ``Actor``
  (how it signs in, which host its session belongs to, what it holds); ``actors_for``
  says which columns probe a route on a host (all of them where the route lives).
- Rows are (route, method) on each kind of host: alfa's (every module enabled), the
  ministry console's, the bare platform domain, and beta's with every module switched
  off, where every module route must be 404.
- "allowed" means the front door let the caller reach the view (a spy on every view
  function says so); the view may then answer 404 only for a route whose URL names an
  object (the sample values name nothing) or that says why in ``VIEW_SAYS_NOT_FOUND``.
  A 404, 403 or sign-in answer from the front door means the view never ran.  No probe
  may answer 5xx.
"""

from __future__ import annotations

import functools
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from sqlalchemy import delete, select, text
from werkzeug.routing import IntegerConverter, PathConverter, UUIDConverter

from ebelediye import access
from ebelediye.extensions import db
from ebelediye.urls import BIGINT_MAX
from tenants import services
from tests.plugin import (
    ADMIN_HOST,
    disable_modules,
    host,
    sign_in_citizen,
    sign_in_ministry,
    sign_in_staff,
    staff_with,
)

HOSTS = {"tenant": host("alfa"), "admin": ADMIN_HOST, "platform": "ebelediye.test", "module_off": host("beta")}
#: endpoints of the frameworks themselves, open on any host (frontdoor._FRAMEWORK_ENDPOINTS)
FRAMEWORK = {"static", "bootstrap.static", "healthz", "ping"}
#: views whose URL names no object but which answer 404 to a caller they let in, and why
VIEW_SAYS_NOT_FOUND = {
    "gelir_vatandas.odeme_baslat": "the signed-in citizen is no taxpayer of the municipality",
    "gelir_vatandas.odeme_onay": "the signed-in citizen is no taxpayer of the municipality",
    "portal.logo": "the municipality has set no logo (ebelediye.branding)",
    "ik_api.Benim": "the signed-in staff member has no staff record (matched by the account's e-mail)",
    "ik_api.BenimIzin": "the signed-in staff member has no staff record (matched by the account's e-mail)",
    "ik_api.BenimBelgeler": "the signed-in staff member has no staff record (matched by the account's e-mail)",
}
#: views that refuse with 403 a caller their declaration lets in, and why
VIEW_SAYS_FORBIDDEN = {
    **{f"gelir_api.{view}": "only a contracted bank's service account calls it, not staff holding the permission"
       for view in ("BankaBorclar", "BankaOdemeler", "BankaOdeme", "BankaOdemeIptal", "BankaMutabakat",
                    "BankaMutabakatDosyasi")},
}


@dataclass(frozen=True)
class Actor:
    """A column of the matrix: who calls, with the session of which host."""

    name: str
    #: signs a test client in (or does nothing for anonymous)
    sign_in: Callable | None
    #: the realm of its user: "staff", "ministry", "citizen" (None: anonymous)
    realm: str | None = None
    #: the door its session is valid on (a session of beta's staff is worthless on alfa)
    home: str | None = None
    #: "none", "exact" (exactly the route's permission, probed only where there is one) or "all"
    holds: str = "none"
    tenant_admin: bool = False


ACTORS = (
    Actor("anonymous", None),
    Actor("staff_alfa", lambda c: sign_in_staff(c, "alfa"), "staff", "tenant"),
    Actor("staff_alfa_exact", lambda c: _exact_staff(c), "staff", "tenant", holds="exact"),
    Actor("admin_alfa", lambda c: sign_in_staff(c, "alfa", admin=True), "staff", "tenant", holds="all",
          tenant_admin=True),
    Actor("staff_beta", lambda c: sign_in_staff(c, "beta"), "staff", "module_off"),
    Actor("admin_beta", lambda c: sign_in_staff(c, "beta", admin=True), "staff", "module_off", holds="all",
          tenant_admin=True),
    Actor("ministry", sign_in_ministry, "ministry", "admin"),
    Actor("citizen_alfa", lambda c: sign_in_citizen(c, "alfa"), "citizen", "tenant"),
)


EXACT_EMAIL = "matris.tam@alfa.bel.tr"


def _exact_staff(client) -> None:
    staff_with(client, "alfa", email=EXACT_EMAIL)  # one role, no permission yet


def _hold_exactly(permission: str) -> None:
    """Give the exact actor's one role that one permission (read afresh by every request)."""
    from ebelediye.identity import StaffUser
    from ebelediye.rbac import RolePermission, StaffRole

    with services.bound("alfa"):
        role_id = db.session.scalar(select(StaffRole.role_id).join(StaffUser, StaffUser.id == StaffRole.staff_id)
                                    .where(StaffUser.email == EXACT_EMAIL))
        db.session.execute(delete(RolePermission).where(RolePermission.role_id == role_id))
        db.session.add(RolePermission(role_id=role_id, permission=permission))
        db.session.commit()


@dataclass(frozen=True)
class Route:
    rule: object
    method: str
    access: access.Access | None
    permission: str | None
    owner: str | None  # the module whose blueprint serves it

    @property
    def names_an_object(self) -> bool:
        return bool(self.rule.arguments)


def routes(app) -> list[Route]:
    """Every route and method registered, with its declarations."""
    owners = app.extensions["ebelediye.registry"].blueprint_owner
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in FRAMEWORK:
            continue
        view = app.view_functions[rule.endpoint]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append(Route(rule, method, access.rule_of(view, method), access.permission_of(view, method),
                               owners.get(rule.endpoint.split(".")[0])))
    return found


def test_every_route_declares_who_may_use_it(app):
    undeclared = [f"{r.method} {r.rule.rule}" for r in routes(app) if r.access is None]
    assert undeclared == []


def test_the_api_documents_go_through_the_front_door(app):
    """The OpenAPI document and Swagger UI are routes like any other (issue 17, 4)."""
    docs = [r for r in routes(app) if r.rule.endpoint.startswith("api-docs.") or r.rule.endpoint == "swagger_ui_assets"]
    assert {r.rule.rule for r in docs} >= {"/api/openapi.json", "/api/docs", "/api/swagger-ui/<path:filename>"}
    assert {(r.access.door, r.access.who) for r in docs} == {("tenant", "public")}


def sample_url(rule, big: bool = False) -> str:
    """The rule's URL with values that name nothing (or, with ``big``, ids past bigint)."""
    values = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        if isinstance(converter, IntegerConverter):
            values[name] = BIGINT_MAX + 1 if big else 987654
        elif isinstance(converter, UUIDConverter):
            values[name] = uuid.UUID(int=987654)
        elif isinstance(converter, PathConverter):
            values[name] = "yok/boyle"
        else:
            values[name] = "yokboyle"
    if big:  # the converter would refuse to build it: write the digits in by hand
        url = rule.rule
        for name in rule.arguments:
            url = url.replace(f"<int:{name}>", str(values[name]))
            url = url.replace(f"<{name}>", str(values[name]))
        return url
    return rule.build(values, append_unknown=False)[1]


def expected(actor: Actor, route: Route, door: str, tenant_modules: frozenset[str]) -> str:
    """What the declarations promise this actor on this kind of host."""
    if door == "module_off":
        return "absent"
    if route.access.door not in ("any", door):
        return "absent"
    if route.owner is not None and (door != "tenant" or route.owner not in tenant_modules):
        return "absent"
    who = route.access.who_on(door)
    if who == "public":
        return "allowed"
    if actor.home != door:  # anonymous, or a session of another host replayed here
        return "sign_in"
    meets = {"signed_in": True, "staff": actor.realm == "staff",
             "tenant_admin": actor.realm == "staff" and actor.tenant_admin,
             "ministry": actor.realm == "ministry", "citizen": actor.realm == "citizen"}[who]
    if not meets:
        return "forbidden"
    if route.permission and actor.holds == "none":
        return "forbidden"
    return "allowed"


def classify(response, reached: bool) -> str:
    if reached:
        return "allowed"
    if response.status_code == 404:
        return "absent"
    if response.status_code == 401:
        return "sign_in"
    if response.status_code == 403:
        return "forbidden"
    location = urlsplit(response.location or "")
    if response.status_code in (302, 303) and (
            location.path in ("/giris", "/konsol/giris") and "next=" in location.query
            or location.path == "/e-hizmet/giris"):
        return "sign_in"
    return f"unexpected {response.status_code}"


@pytest.fixture
def spy(app, monkeypatch):
    """Which endpoints' view functions ran (the front door let the request through)."""
    reached: list[str] = []
    for endpoint, view in list(app.view_functions.items()):
        def wrapper(*args, _view=view, _endpoint=endpoint, **kwargs):
            reached.append(_endpoint)
            return _view(*args, **kwargs)

        monkeypatch.setitem(app.view_functions, endpoint, functools.wraps(view)(wrapper))
    return reached


@pytest.fixture
def cookies(app, monkeypatch):
    """A session cookie per signed-in actor.  Each actor keeps its one session for the whole
    matrix: the probes of ``/cikis`` and "sign out everywhere" would otherwise end it
    (server-side sessions, ``ebelediye.sessions``; tested in test_security_sessions.py)."""
    from ebelediye import sessions

    monkeypatch.setattr(sessions, "end", lambda *args, **kwargs: None)
    monkeypatch.setattr(sessions, "end_all", lambda *args, **kwargs: 0)
    minted = {}
    for actor in ACTORS:
        if actor.sign_in is None:
            continue
        client = app.test_client()
        actor.sign_in(client)
        minted[actor.name] = next(c.value for c in client._cookies.values() if c.key == "session")
    return minted


def _switch_every_module_off(app, slug: str) -> None:
    registry = app.extensions["ebelediye.registry"]
    left = set(services.tenant_info(slug).modules)
    while left:
        progress = False
        for key in sorted(left):
            try:
                disable_modules(slug, key)
            except Exception:  # another enabled module requires it: switch that one off first
                db.session.rollback()
                continue
            left.discard(key)
            progress = True
        assert progress, f"cannot switch off {left} for {slug}"
    assert services.tenant_info(slug).modules == frozenset()
    assert registry.blueprint_owner  # there are module routes to check


def actors_for(route: Route, door: str) -> list[Actor]:
    """Who probes ``route`` on ``door``: everyone where the route lives; where it does not
    (the front door answers 404 before it looks at the caller), anonymous and the most
    privileged session of that host, for a quicker matrix that still shows a leak."""
    if door == "module_off" and route.owner is None:
        return []  # beta's core routes behave like alfa's
    if route.access.door in ("any", door) and door != "module_off":
        return [a for a in ACTORS if a.holds != "exact" or (route.permission and door == "tenant")]
    strongest = {"tenant": "admin_alfa", "admin": "ministry", "platform": "ministry", "module_off": "admin_beta"}
    return [a for a in ACTORS if a.name in ("anonymous", strongest[door], "staff_beta" if door == "module_off" else "")]


def test_route_matrix(app, cookies, spy):
    tenant_modules = services.tenant_info("alfa").modules
    _switch_every_module_off(app, "beta")
    db.session.commit()
    every = routes(app)
    by_permission: dict[str | None, list[Route]] = defaultdict(list)
    for route in every:
        by_permission[route.permission].append(route)
    mismatches, seen = [], defaultdict(int)
    probes = 0
    exact_allowed: set[str] = set()

    def probe(actor: Actor, route: Route, door: str, url: str) -> None:
        nonlocal probes
        client = app.test_client()
        if actor.sign_in is not None:
            for h in HOSTS.values():
                client.set_cookie("session", cookies[actor.name], domain=h)
        spy.clear()
        response = client.open(url, method=route.method, headers={"Host": HOSTS[door]})
        probes += 1
        reached = route.rule.endpoint in spy
        want = expected(actor, route, door, tenant_modules)
        got = classify(response, reached)
        seen[want] += 1
        if actor.holds == "exact" and got == "allowed":
            exact_allowed.add(route.permission)
        problem = None
        if response.status_code >= 500:
            problem = f"answered {response.status_code}"
        elif got != want:
            problem = f"want {want}, got {got} ({response.status_code})"
        elif (got == "allowed" and response.status_code == 404 and not route.names_an_object
              and route.rule.endpoint not in VIEW_SAYS_NOT_FOUND):
            problem = "the view answered 404 but its URL names no object"
        elif got == "allowed" and response.status_code in (401, 403) \
                and not (response.status_code == 403 and route.rule.endpoint in VIEW_SAYS_FORBIDDEN):
            problem = f"the view refused with {response.status_code} what its declaration allows"
        if problem:
            mismatches.append(f"{route.method} {HOSTS[door]}{url} as {actor.name}: {problem}")
        response.close()

    for permission, group in by_permission.items():
        if permission is not None:
            _hold_exactly(permission)
        for route in group:
            url = sample_url(route.rule)
            for door in HOSTS:
                for actor in actors_for(route, door):
                    probe(actor, route, door, url)
    assert mismatches == []
    # the matrix exercised every kind of outcome, and every permission a route requires
    assert set(seen) == {"allowed", "sign_in", "forbidden", "absent"}, dict(seen)
    assert exact_allowed == {r.permission for r in every if r.permission and r.access.door == "tenant"}
    assert probes > 5 * len(every)


def test_ids_past_bigint_are_404_before_any_view(app, cookies, spy):
    """``<int:...>`` stops at bigint (``ebelediye.urls.BigIntConverter``): a larger id never
    reaches a view (nor PostgreSQL), for the tenant admin either."""
    checked = 0
    for route in routes(app):
        if not any(isinstance(route.rule._converters[a], IntegerConverter) for a in route.rule.arguments):
            continue
        door = route.access.door if route.access.door != "any" else "tenant"
        client = app.test_client()
        actor = "ministry" if door == "admin" else "admin_alfa"
        client.set_cookie("session", cookies[actor], domain=HOSTS[door])
        spy.clear()
        response = client.open(sample_url(route.rule, big=True), method=route.method, headers={"Host": HOSTS[door]})
        # 404, or 405 where a rule for another method matches the digits as text
        assert response.status_code in (404, 405) and not spy, (route.method, route.rule.rule, response.status_code)
        checked += 1
    assert checked > 10


def test_expected_reads_the_declarations(app):
    """The judge of the matrix, on hand-made routes (so a wrong judge cannot hide a wrong door)."""

    class FakeRule:
        arguments = ()

    def route(door, who, permission=None, owner=None, **by_door):
        return Route(FakeRule(), "GET", access.Access(door, who, tuple(by_door.items())), permission, owner)

    actors = {a.name: a for a in ACTORS}
    mods = frozenset({"gelir"})
    assert expected(actors["anonymous"], route("tenant", "public"), "tenant", mods) == "allowed"
    assert expected(actors["anonymous"], route("tenant", "public"), "admin", mods) == "absent"
    assert expected(actors["anonymous"], route("tenant", "staff"), "tenant", mods) == "sign_in"
    assert expected(actors["staff_beta"], route("tenant", "staff"), "tenant", mods) == "sign_in"
    assert expected(actors["citizen_alfa"], route("tenant", "staff"), "tenant", mods) == "forbidden"
    assert expected(actors["staff_alfa"], route("tenant", "staff", "gelir.x"), "tenant", mods) == "forbidden"
    assert expected(actors["staff_alfa_exact"], route("tenant", "staff", "gelir.x"), "tenant", mods) == "allowed"
    assert expected(actors["staff_alfa"], route("tenant", "tenant_admin"), "tenant", mods) == "forbidden"
    assert expected(actors["admin_alfa"], route("tenant", "tenant_admin"), "tenant", mods) == "allowed"
    assert expected(actors["ministry"], route("admin", "ministry"), "admin", mods) == "allowed"
    assert expected(actors["ministry"], route("tenant", "staff"), "tenant", mods) == "sign_in"
    assert expected(actors["admin_alfa"], route("tenant", "staff", owner="ik"), "tenant", mods) == "absent"
    assert expected(actors["admin_alfa"], route("tenant", "staff", owner="gelir"), "module_off", mods) == "absent"
    home = route("any", "public", tenant="staff")
    assert expected(actors["anonymous"], home, "admin", mods) == "allowed"
    assert expected(actors["anonymous"], home, "tenant", mods) == "sign_in"
    assert expected(actors["citizen_alfa"], route("any", "signed_in"), "tenant", mods) == "allowed"


def test_an_object_of_tenant_a_is_404_on_tenant_b(client):
    with services.bound("alfa"):
        db.session.execute(text("INSERT INTO ornek_kayitlar (id, baslik) OVERRIDING SYSTEM VALUE VALUES (424242, 'alfa gizli')"))
        db.session.commit()
    sign_in_staff(client, "alfa")
    assert client.get("/ornek/424242", headers={"Host": host("alfa")}).json["baslik"] == "alfa gizli"
    other = client.application.test_client()
    sign_in_staff(other, "beta")
    response = other.get("/ornek/424242", headers={"Host": host("beta")})
    assert response.status_code == 404 and b"alfa gizli" not in response.data


def test_api_errors_have_one_shape(client):
    response = client.get("/api/v1/oturum", headers={"Host": host("alfa")})
    assert response.status_code == 401
    assert response.json == {"code": 401, "message": "Bu işlem için giriş yapmalısınız.", "errors": {}}
    missing = client.get("/api/v1/yok", headers={"Host": host("alfa")})
    assert missing.status_code == 404 and set(missing.json) == {"code", "message", "errors"}


def test_openapi_and_docs_are_served_locally_on_tenant_hosts_only(client):
    alfa = {"Host": host("alfa")}
    spec = client.get("/api/openapi.json", headers=alfa)
    assert spec.status_code == 200 and "/api/v1/oturum" in spec.json["paths"]
    docs = client.get("/api/docs", headers=alfa).get_data(as_text=True)
    assert "/api/swagger-ui/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    asset = client.get("/api/swagger-ui/swagger-ui-bundle.js", headers=alfa)
    assert asset.status_code == 200
    asset.close()
    for other in (ADMIN_HOST, "ebelediye.test", "yokboyle.ebelediye.test"):
        for path in ("/api/openapi.json", "/api/docs", "/api/swagger-ui/swagger-ui-bundle.js"):
            assert client.get(path, headers={"Host": other}).status_code == 404, (other, path)


def test_who_am_i(client):
    email = sign_in_staff(client, "alfa")
    me = client.get("/api/v1/oturum", headers={"Host": host("alfa")}).json
    assert me == {"realm": "staff", "name": "Test Personel", "email": email, "tenant": "alfa"}


#: the development inboxes (issue 10, 1): the tenant's own, the console's copy of it, and
#: the platform's own outbox (ministry users' lock notices) on the console: (door, path)
DEV_INBOX = {"tenant": ("tenant", "/gelistirme/posta"), "console": ("admin", "/konsol/belediye/alfa/posta"),
             "platform": ("admin", "/konsol/posta")}
#: the secret each one holds (a set-password link, an unlock link)
DEV_INBOX_SECRET = {"tenant": "GIZLI-BAGLANTI", "console": "GIZLI-BAGLANTI", "platform": "GIZLI-KILIT"}
#: who reads which (everyone else: sign in, 403 or 404, and never the mail)
DEV_INBOX_READERS = {("admin_alfa", "tenant"), ("ministry", "console"), ("ministry", "platform")}


def _probe_dev_inbox(app, cookies, actor: Actor, inbox: str):
    client = app.test_client()
    if actor.sign_in is not None:
        for h in HOSTS.values():
            client.set_cookie("session", cookies[actor.name], domain=h)
    door, path = DEV_INBOX[inbox]
    return client.get(path, headers={"Host": HOSTS[door]})


def test_the_dev_inbox_column(app, cookies, monkeypatch):
    """The outboxes hold one-time set-password and unlock links: an anonymous caller, staff
    without admin rights, another tenant's admin and a citizen never see them; alfa's admin
    sees alfa's on alfa's host, a ministry user sees it and the platform's on the console;
    in production (or with real mail) nobody does."""
    from ebelediye import mail

    with services.bound("alfa"):
        mail.queue_mail("hedef@alfa.bel.tr", "Parola", "http://alfa.ebelediye.test/sifre-belirle/GIZLI-BAGLANTI")
        db.session.commit()
    mail.queue_platform_mail("hedef@bakanlik.gov.tr", "Kilit", "http://admin.ebelediye.test/konsol/giris/kilit-ac/GIZLI-KILIT")
    db.session.commit()
    seen = {}
    for actor in ACTORS:
        if actor.holds == "exact":
            continue
        for inbox in DEV_INBOX:
            response = _probe_dev_inbox(app, cookies, actor, inbox)
            assert response.status_code < 500
            shown = DEV_INBOX_SECRET[inbox] in response.get_data(as_text=True)
            seen[actor.name, inbox] = shown
            if (actor.name, inbox) in DEV_INBOX_READERS:
                assert response.status_code == 200 and shown, (actor.name, inbox)
            else:
                assert response.status_code in (302, 401, 403, 404) and not shown, (actor.name, inbox,
                                                                                    response.status_code)
    assert {key for key, shown in seen.items() if shown} == DEV_INBOX_READERS
    assert {name for name, _inbox in seen} >= {"anonymous", "staff_alfa", "admin_beta", "ministry"}
    for setting, value in (("ENV", "production"), ("MAIL_BACKEND", "smtp")):
        monkeypatch.setitem(app.config, setting, value)
        for actor_name, inbox in DEV_INBOX_READERS:
            actor = next(a for a in ACTORS if a.name == actor_name)
            response = _probe_dev_inbox(app, cookies, actor, inbox)
            assert response.status_code == 404 and DEV_INBOX_SECRET[inbox] not in response.get_data(as_text=True)
        monkeypatch.undo()
