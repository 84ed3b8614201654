"""Test fixtures as a pytest plugin (loaded with ``-p tests.plugin``).

One PostgreSQL database is built once per run (the machine's server when DATABASE_URL is
set, else the embedded pgserver) and every test runs inside a transaction that is rolled
back, with the ORM session on a SAVEPOINT, so the suite stays fast.  Tests that need real
commits (threads, subprocesses, pg_dump) are marked ``committed`` and clean up after
themselves.  Network access other than loopback and unix sockets is refused.
"""

from __future__ import annotations

import hashlib
import os
import socket
import uuid

import psycopg
import pytest
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import bindparam, delete, text
from sqlalchemy.engine import make_url

from ebelediye import embedded, jobs
from ebelediye.app import create_app, install_session_hooks
from ebelediye.extensions import db

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
#: under pytest-xdist ("-n 2"), which worker this is ("gw0", "gw1", ...; "" without xdist)
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
WORKER_INDEX = int(WORKER[2:]) if WORKER.startswith("gw") else 0
# One database per checkout (two clones' runs on one server never drop each other's) and
# per xdist worker; one var dir per worker (its embedded Redis, files); one embedded
# PostgreSQL for all workers of a checkout.
TEST_DATABASE = "ebelediye_test_" + hashlib.sha1(ROOT.encode()).hexdigest()[:8] + (f"_{WORKER}" if WORKER else "")
SHARED_TEST_VAR = os.path.join(ROOT, "var", "test")
TEST_VAR = os.path.join(SHARED_TEST_VAR, WORKER) if WORKER else SHARED_TEST_VAR

def _in_tree_modules() -> dict[str, str]:
    """Every module package under modules/ (a new module is tested without touching this file)."""
    found = {}
    for entry in sorted(os.scandir(os.path.join(ROOT, "modules")), key=lambda e: e.name):
        if entry.is_dir() and os.path.exists(os.path.join(entry.path, "__init__.py")) and not entry.name.startswith("_"):
            found[entry.name] = f"modules.{entry.name}:spec"
    return found


#: the real modules, enabled in the shared tenants
REAL_MODULES = _in_tree_modules()
TEST_MODULES = {
    "ornek": "tests.fixtures.ornek:spec",
    "ornek_ek": "tests.fixtures.ornek_ek:spec",
    # a Muhasebe-like ledger with a declared receiver; loaded everywhere, enabled nowhere
    "defter": "tests.fixtures.defter:spec",
    **REAL_MODULES,
}
SHARED_TENANTS = ("alfa", "beta")


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "committed: the test commits for real and cleans up")
    _browser.update(ran=0, skipped=0, refused=False)


# --- browser tests run where they can (tests/e2e) -------------------------------------------
# With EBELEDIYE_REQUIRE_BROWSER set (`make test` where chromium is installed, .ci/run), a
# skipped browser test fails the run, and so does a whole-suite run in which none ran.
_browser = {"ran": 0, "skipped": 0, "refused": False}


def pytest_runtest_logreport(report) -> None:
    if not report.nodeid.startswith("tests/e2e/"):
        return
    if report.skipped:
        _browser["skipped"] += 1
    elif report.when == "call":
        _browser["ran"] += 1


def _whole_suite(config) -> bool:
    option = config.option
    return (config.args == list(config.getini("testpaths")) and not option.keyword and not option.markexpr
            and not getattr(option, "deselect", None) and not getattr(option, "lf", False))


def pytest_sessionfinish(session, exitstatus) -> None:
    if hasattr(session.config, "workerinput") or not os.environ.get("EBELEDIYE_REQUIRE_BROWSER"):
        return  # (xdist workers: the controller counts their reports)
    if _browser["skipped"] or (not _browser["ran"] and _whole_suite(session.config)):
        _browser["refused"] = True
        if session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if hasattr(config, "workerinput"):
        return
    line = f"browser tests: {_browser['ran']} ran, {_browser['skipped']} skipped"
    if _browser["refused"]:
        terminalreporter.write_line(f"{line}: EBELEDIYE_REQUIRE_BROWSER wants every one to run", red=True)
    else:
        terminalreporter.write_line(line)


#: EBELEDIYE_TEST_REUSE_DB=1 keeps the database a previous run of this checkout built (for
#: repeated runs of a few tests, e.g. bench/mutation.py); by default every run builds afresh.
REUSE_DB = os.environ.get("EBELEDIYE_TEST_REUSE_DB") == "1"


def _server_url() -> str:
    """A URL of the test database, after making it fresh (unless it may be reused)."""
    url = os.environ.get("DATABASE_URL")
    if url:
        parsed = make_url(url.replace("postgresql+psycopg://", "postgresql://"))
        admin = parsed.set(drivername="postgresql", database="postgres")
        with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (TEST_DATABASE,)).fetchone()
            citus = _is_citus_coordinator(conn)
            if not (REUSE_DB and exists):
                conn.execute(f'DROP DATABASE IF EXISTS "{TEST_DATABASE}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{TEST_DATABASE}"')
                if citus:
                    _create_citus_database(admin)
        return parsed.set(drivername="postgresql+psycopg", database=TEST_DATABASE).render_as_string(
            hide_password=False
        )
    import fcntl

    import pgserver

    os.makedirs(SHARED_TEST_VAR, exist_ok=True)
    with open(os.path.join(SHARED_TEST_VAR, ".pgserver.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # xdist workers share one server: one initdb, one start
        server = pgserver.get_server(embedded.postgres_dir(SHARED_TEST_VAR), cleanup_mode="stop")
    if not (REUSE_DB and TEST_DATABASE in server.psql("SELECT datname FROM pg_database;")):
        server.psql(f'DROP DATABASE IF EXISTS "{TEST_DATABASE}" WITH (FORCE);')
        server.psql(f'CREATE DATABASE "{TEST_DATABASE}";')
    return embedded.postgres_url(SHARED_TEST_VAR, TEST_DATABASE)


def _is_citus_coordinator(conn) -> bool:
    """Whether DATABASE_URL's server loads Citus (then the test database gets it on every node)."""
    libraries = conn.execute("SHOW shared_preload_libraries").fetchone()[0]
    return "citus" in [name.strip() for name in libraries.split(",")]


def citus_workers(coordinator) -> list[tuple[str, int]]:
    """The cluster's workers: EBELEDIYE_TEST_CITUS_WORKERS ("host:port,host:port"), else the
    two ports after the coordinator's (the layout of ../shared/citus/cluster.sh)."""
    listed = os.environ.get("EBELEDIYE_TEST_CITUS_WORKERS")
    if listed:
        return [(h, int(p)) for h, p in (item.strip().rsplit(":", 1) for item in listed.split(",") if item.strip())]
    port = coordinator.port or 5432
    return [(coordinator.host or "127.0.0.1", port + 1), (coordinator.host or "127.0.0.1", port + 2)]


def _create_citus_database(admin) -> None:
    """The test database with Citus on the coordinator and every worker, the workers registered
    (what ``cluster.sh createdb`` does), fresh on the workers too."""
    workers = citus_workers(admin)
    for host_name, port in workers:
        with psycopg.connect(admin.set(host=host_name, port=port).render_as_string(hide_password=False),
                             autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{TEST_DATABASE}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{TEST_DATABASE}"')
    for host_name, port in [(admin.host or "127.0.0.1", admin.port or 5432), *workers]:
        url = admin.set(host=host_name, port=port, database=TEST_DATABASE).render_as_string(hide_password=False)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CREATE EXTENSION citus")
    with psycopg.connect(admin.set(database=TEST_DATABASE).render_as_string(hide_password=False),
                         autocommit=True) as conn:
        conn.execute("SELECT citus_set_coordinator_host(%s, %s)", (admin.host or "127.0.0.1", admin.port or 5432))
        for host_name, port in workers:
            conn.execute("SELECT citus_add_node(%s, %s)", (host_name, port))


_started_redis = False


def _redis_url() -> str:
    """REDIS_URL, else the embedded Redis (started here, and stopped at the end of the run)."""
    global _started_redis
    url = os.environ.get("REDIS_URL")
    if url:
        return worker_redis_url(url, WORKER_INDEX)
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisConnectionError

    try:
        Redis.from_url(embedded.redis_url(TEST_VAR)).ping()
    except (RedisConnectionError, OSError):
        _started_redis = True
    return embedded.ensure_redis(TEST_VAR)


def worker_redis_url(url: str, index: int) -> str:
    """REDIS_URL's database number plus the xdist worker's index (each worker flushes its own)."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    if index == 0:
        return url
    parts = urlsplit(url)
    if parts.scheme == "unix":
        query = dict(parse_qsl(parts.query))
        query["db"] = str(int(query.get("db", 0)) + index)
        return urlunsplit(parts._replace(query=urlencode(query)))
    db_number = int(parts.path.strip("/") or 0) + index
    if db_number > 15:
        raise pytest.UsageError(f"REDIS_URL {url}: worker {index} would need Redis database {db_number}")
    return urlunsplit(parts._replace(path=f"/{db_number}"))


def app_config(**overrides) -> dict:
    config = {
        "ENV": "testing",
        "DATABASE_URL": os.environ["EBELEDIYE_TEST_DATABASE_URL"],
        "REDIS_URL": os.environ["EBELEDIYE_TEST_REDIS_URL"],
        "MODULES": list(TEST_MODULES),
        "MODULE_PATHS": dict(TEST_MODULES),
        "VAR_DIR": TEST_VAR,
        "BASE_DOMAIN": "ebelediye.test",
        "DB_POOL_SIZE": 10,
        "DB_MAX_OVERFLOW": 20,
    }
    config.update(overrides)
    return config


def _built() -> bool:
    """Whether the database holds a finished build (both shared tenants active)."""
    try:
        states = db.session.scalars(text("SELECT state FROM public.tenants WHERE slug IN :s")
                                    .bindparams(bindparam("s", expanding=True)), {"s": list(SHARED_TENANTS)}).all()
    except Exception:  # no platform schema yet
        db.session.rollback()
        return False
    db.session.rollback()
    return states == ["active"] * len(SHARED_TENANTS)


@pytest.fixture(scope="session")
def app():
    os.makedirs(TEST_VAR, exist_ok=True)
    os.environ["EBELEDIYE_TEST_DATABASE_URL"] = _server_url()
    os.environ["EBELEDIYE_TEST_REDIS_URL"] = _redis_url()
    application = create_app(app_config())
    with application.app_context():
        from redis import Redis

        Redis.from_url(application.config["REDIS_URL"]).flushdb()
        from tenants import migrate, services, template

        if not (REUSE_DB and _built()):
            migrate.migrate_platform()
            template.build()
            for slug in SHARED_TENANTS:
                services.request_tenant(
                    services.ProvisionRequest(slug=slug, name=f"{slug.title()} Belediyesi",
                                              modules=["ornek", *REAL_MODULES], admin_email=f"yonetici@{slug}.bel.tr"),
                    "test",
                )
                services.provision(slug, "test")
        db.session.remove()
    yield application
    with application.app_context():
        db.engine.dispose()
    if _started_redis:
        embedded.stop_redis(TEST_VAR)


@pytest.fixture(autouse=True)
def _transaction(request, app):
    """Roll every test back, unless it is marked ``committed``."""
    ctx = app.app_context()
    ctx.push()
    app.extensions["ebelediye.host_cache"].clear()
    # Redis holds queues, caches, rate limits and locks: each test starts with none.
    jobs.redis_connection().flushdb()
    if request.node.get_closest_marker("committed"):
        yield None
        db.session.remove()
        ctx.pop()
        return
    connection = db.engine.connect()
    outer = connection.begin()
    original = db.session
    db.session = db._make_scoped_session(
        {"bind": connection, "join_transaction_mode": "create_savepoint", "class_": BoundSession}
    )
    try:
        yield connection
    finally:
        db.session.remove()
        db.session = original
        outer.rollback()
        connection.close()
        ctx.pop()


class BoundSession(FlaskSession):
    """Flask-SQLAlchemy's session picks an engine per mapper and would step outside the
    test's transaction; this one always uses the connection it was bound to."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        return self.bind


install_session_hooks(BoundSession)


@pytest.fixture
def client(app):
    return app.test_client()


def host(slug: str) -> str:
    return f"{slug}.ebelediye.test"


ADMIN_HOST = "admin.ebelediye.test"
STAFF_PASSWORD = "personelParola2026"


def sign_in_staff(client, slug: str, email: str | None = None, admin: bool = False):
    """Create a staff member of ``slug`` and sign the client in as them; returns the email."""
    from ebelediye.identity import StaffUser
    from tenants import services

    email = email or f"personel{uuid.uuid4().hex[:6]}@{slug}.bel.tr"
    with services.bound(slug):
        user = StaffUser(email=email, full_name="Test Personel", is_tenant_admin=admin)
        user.set_password(STAFF_PASSWORD)
        db.session.add(user)
        db.session.commit()
    response = client.post("/giris", data={"email": email, "password": STAFF_PASSWORD},
                           headers={"Host": host(slug)})
    assert response.status_code == 302, response.get_data(as_text=True)
    return email


def staff_with(client, slug: str, *permissions: str, email: str | None = None,
               full_name: str = "Test Personel") -> str:
    """Create a staff member of ``slug`` holding exactly ``permissions`` (through one role)
    and sign the client in as them; returns the e-mail.  A module's tests use this to check
    that a route needs its permission: ``staff_with(client, "alfa", "gelir.tahsilat.olustur")``."""
    from ebelediye.identity import StaffUser
    from ebelediye.rbac import Role, RolePermission, StaffRole
    from tenants import services

    email = email or f"personel{uuid.uuid4().hex[:6]}@{slug}.bel.tr"
    with services.bound(slug):
        user = StaffUser(email=email, full_name=full_name, is_tenant_admin=False)
        user.set_password(STAFF_PASSWORD)
        role = Role(key=f"r{uuid.uuid4().hex[:8]}", name="Test rolü")
        db.session.add_all([user, role])
        db.session.flush()
        db.session.add_all([RolePermission(role_id=role.id, permission=p) for p in permissions])
        db.session.add(StaffRole(staff_id=user.id, role_id=role.id))
        db.session.commit()
    response = client.post("/giris", data={"email": email, "password": STAFF_PASSWORD},
                           headers={"Host": host(slug)})
    assert response.status_code == 302, response.get_data(as_text=True)
    return email


def disable_modules(slug: str, *keys: str) -> None:
    """Turn modules off for a shared tenant inside the test (rolled back with it): the
    tenant-without-the-module case of gating, ports and 404 tests."""
    from tenants import services

    for key in keys:
        services.disable_module(slug, key, "test")


def edevlet_round_trip(client, slug: str, tckn: str, ad: str = "Ayşe", soyad: str = "Yılmaz",
                       client_id: str | None = None, nonce: str | None = None):
    """Start the e-Devlet sign-in on ``slug``'s host and come back with an assertion signed
    as the mock e-Devlet would sign it; returns the callback's response."""
    from urllib.parse import parse_qs, urlsplit

    from flask import current_app

    from ebelediye.connectors import edevlet
    from ebelediye.connectors.settings import Settings

    start = client.get("/e-hizmet/giris", headers={"Host": host(slug)})
    assert start.status_code == 302
    query = parse_qs(urlsplit(start.location).query)
    assertion = edevlet.sign_assertion(
        Settings.from_config(current_app.config).edevlet_secret, client_id=client_id or slug,
        tckn=tckn, ad=ad, soyad=soyad, nonce=nonce or query["nonce"][0])
    return client.get("/e-hizmet/giris/donus", query_string={"assertion": assertion, "state": query["state"][0]},
                      headers={"Host": host(slug)})


def sign_in_citizen(client, slug: str, tckn: str = "10000000146"):
    response = edevlet_round_trip(client, slug, tckn)
    assert response.status_code == 302, response.get_data(as_text=True)
    return tckn


def sign_in_ministry(client, email: str = "test@bakanlik.gov.tr"):
    import pyotp

    from tenants.models import MinistryUser

    # every ministry user has a second factor (ebelediye.mfa): enrolled here, then the code step
    user = MinistryUser(email=email, full_name="Bakanlık Test", mfa_secret=pyotp.random_base32())
    user.set_password(STAFF_PASSWORD)
    db.session.add(user)
    db.session.commit()
    response = client.post("/konsol/giris", data={"email": email, "password": STAFF_PASSWORD},
                           headers={"Host": ADMIN_HOST})
    assert response.status_code == 302
    response = client.post("/konsol/giris/iki-adim", data={"code": pyotp.TOTP(user.mfa_secret).now()},
                           headers={"Host": ADMIN_HOST})
    assert response.status_code == 302, response.status_code
    return email


@pytest.fixture
def unique_slug():
    return "t" + uuid.uuid4().hex[:10]


def purge_tenant(slug: str) -> None:
    """Test-only clean-up of a committed tenant (production never deletes tenants)."""
    from tenants.models import ArchiveRecord, ModuleActivation, Tenant, TenantDomain

    db.session.rollback()
    db.session.execute(text(f'DROP SCHEMA IF EXISTS "t_{slug}" CASCADE'))
    tenant_id = db.session.scalar(text("SELECT id FROM public.tenants WHERE slug = :s"), {"s": slug})
    if tenant_id is not None:
        for model in (ArchiveRecord, ModuleActivation, TenantDomain):
            db.session.execute(delete(model).where(model.tenant_id == tenant_id))
        db.session.execute(delete(Tenant).where(Tenant.id == tenant_id))
    db.session.commit()


def subprocess_env(**extra: str) -> dict:
    """Environment for a `flask --app wsgi ...` subprocess against the test database."""
    import json

    config = app_config()
    env = dict(os.environ)
    env.update({
        "EBELEDIYE_ENV": "testing",
        "EBELEDIYE_DATABASE_URL": config["DATABASE_URL"],
        "EBELEDIYE_REDIS_URL": config["REDIS_URL"],
        "EBELEDIYE_MODULES": ",".join(TEST_MODULES),
        "EBELEDIYE_MODULE_PATHS": json.dumps(TEST_MODULES),
        "EBELEDIYE_BASE_DOMAIN": config["BASE_DOMAIN"],
        "PYTHONPATH": ROOT,
    })
    env.update(extra)
    return env


_real_connect = socket.socket.connect


def _guarded_connect(self, address):
    if self.family == socket.AF_UNIX:
        return _real_connect(self, address)
    host_name = address[0] if isinstance(address, tuple) else address
    if host_name in ("127.0.0.1", "::1", "localhost") or str(host_name).startswith("127."):
        return _real_connect(self, address)
    raise RuntimeError(f"network access blocked in tests: {address!r}")


@pytest.fixture(autouse=True, scope="session")
def _no_network():
    socket.socket.connect = _guarded_connect
    yield
    socket.socket.connect = _real_connect


def ids_apart(table: str, slug: str = "beta", other: str = "alfa") -> None:
    """Move ``slug``'s id sequence of ``table`` past ``other``'s, so a record made in ``slug``
    next has an id that names nothing in ``other``: the tenant-isolation check (``404 for
    another tenant's id``) then cannot pass or fail by a coincidence of numbers.  Sequences
    are not transactional; moving one forward harms nothing.  A million apart: the test may
    go on making ``other``'s records after this."""
    from tenants import services

    def last_value() -> int:
        seq = db.session.scalar(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table})
        return int(db.session.scalar(text(f"SELECT last_value FROM {seq}")))

    with services.bound(other):
        above = last_value()
        db.session.commit()
    with services.bound(slug):
        if last_value() <= above + 1_000_000:
            db.session.execute(text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v)"),
                               {"t": table, "v": above + 2_000_000})
        db.session.commit()
