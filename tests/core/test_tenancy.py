"""The search path is bound per transaction and fails closed."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import ProgrammingError

from ebelediye import jobs, tenancy
from ebelediye.app import create_app
from ebelediye.extensions import db
from ebelediye.identity import StaffUser
from tenants import services
from tests.fixtures.ornek.models import OrnekKayit
from tests.plugin import app_config, host, purge_tenant


def test_no_tenant_bound_means_no_tenant_tables():
    with pytest.raises(ProgrammingError, match="does not exist"):
        db.session.scalars(select(StaffUser)).all()
    db.session.rollback()


def test_connection_default_search_path_holds_no_tenant(app):
    with db.engine.connect() as conn:
        assert conn.execute(text("SHOW search_path")).scalar_one() == tenancy.UNBOUND_SEARCH_PATH


def test_binding_scopes_queries_to_one_schema():
    with services.bound("alfa"):
        db.session.add(OrnekKayit(baslik="yalnızca alfa"))
        db.session.commit()
    with services.bound("beta"):
        titles = db.session.scalars(select(OrnekKayit.baslik)).all()
        db.session.commit()
    assert "yalnızca alfa" not in titles


def test_cannot_switch_tenant_inside_a_transaction():
    db.session.execute(text("SELECT 1"))
    with pytest.raises(tenancy.TenantError):
        with tenancy.bind(services.tenant_info("alfa"), db.session):
            pass
    db.session.rollback()


def test_set_local_dies_with_the_transaction(app):
    with db.engine.connect() as conn:
        with conn.begin():
            conn.execute(text("SELECT set_config('search_path', '\"t_alfa\"', true)"))
            assert conn.execute(text("SHOW search_path")).scalar_one() == '"t_alfa"'
        assert conn.execute(text("SHOW search_path")).scalar_one() == tenancy.UNBOUND_SEARCH_PATH


@pytest.mark.parametrize(
    "slug",
    ["A", "x;drop schema public", "çankaya", "a" * 200, "public", "admin", "pg_catalog", "1abc",
     "", "ab-c", "pg_foo", "a"],
)
def test_bad_slugs_are_refused(slug):
    with pytest.raises(tenancy.InvalidSlug):
        tenancy.validate_slug(slug)


def test_redis_keys_of_tenant_data_are_prefixed():
    assert jobs.tenant_key("alfa", "cache", 7) == "t:alfa:cache:7"
    with pytest.raises(tenancy.InvalidSlug):
        jobs.tenant_key("x:y", "cache")


@pytest.mark.committed
@pytest.mark.slow
def test_isolation_under_concurrency():
    """About a thousand interleaved requests and jobs from eight threads over a pool of three
    connections (each connection serves every tenant hundreds of times) never cross schemas."""
    slugs = ["isoa", "isob", "isoc"]
    requests_each, jobs_each = 120, 40  # 6 x 120 GETs + 6 x 30 POSTs + 2 x 40 jobs
    small = create_app(app_config(DB_POOL_SIZE=3, DB_MAX_OVERFLOW=0))
    try:
        for slug in slugs:
            services.request_tenant(services.ProvisionRequest(slug=slug, name=slug, modules=["ornek"]), "test")
            services.provision(slug, "test")
        errors: list[str] = []
        lock = threading.Lock()

        def fail(message: str) -> None:
            with lock:
                errors.append(message)

        def request_worker(worker: int) -> None:
            client = small.test_client()
            for i in range(requests_each):
                slug = slugs[(worker + i) % len(slugs)]
                if i % 4 == 0:
                    r = client.post("/ornek/", json={"baslik": f"{slug}:req{worker}-{i}"},
                                    headers={"Host": host(slug)})
                    if r.status_code != 201:
                        fail(f"POST {slug}: {r.status_code}")
                r = client.get("/ornek/", headers={"Host": host(slug)})
                foreign = [row["baslik"] for row in r.json if ":" in row["baslik"]
                           and not row["baslik"].startswith(slug + ":")]
                if r.status_code != 200 or foreign:
                    fail(f"GET {slug}: {r.status_code} {foreign[:3]}")

        def job_worker(worker: int) -> None:
            with small.app_context():
                for i in range(jobs_each):
                    slug = slugs[(worker + i) % len(slugs)]
                    record = jobs.create_record(slug, "tests.fixtures.ornek.jobs:stamp", f"job{worker}-{i}")
                    db.session.commit()
                    result = jobs.execute(record)
                    foreign = [t for t in result["titles"] if ":" in t and not t.startswith(slug + ":")]
                    if result["schema"] != "t_" + slug or foreign:
                        fail(f"job {slug}: schema {result['schema']} foreign {foreign[:3]}")
                db.session.remove()

        with ThreadPoolExecutor(max_workers=8) as pool:
            futures = [pool.submit(request_worker, w) for w in range(6)]
            futures += [pool.submit(job_worker, w) for w in range(2)]
            for future in futures:
                future.result()
        assert errors == []
        # and at rest every schema holds exactly its own rows
        expected = {slug: 0 for slug in slugs}
        for w in range(6):
            for i in range(0, requests_each, 4):
                expected[slugs[(w + i) % 3]] += 1
        for w in range(2):
            for i in range(jobs_each):
                expected[slugs[(w + i) % 3]] += 1
        for slug in slugs:
            with services.bound(slug):
                titles = db.session.scalars(select(OrnekKayit.baslik)).all()
                db.session.commit()
            tagged = [t for t in titles if ":" in t]
            assert len(tagged) == expected[slug]
            assert all(t.startswith(slug + ":") for t in tagged)
    finally:
        with small.app_context():
            db.engine.dispose()
        for slug in slugs:
            purge_tenant(slug)
