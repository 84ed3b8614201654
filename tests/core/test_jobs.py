"""Jobs carry their tenant; the worker binds it; a tenant job without one is refused."""

import pytest
from rq import SimpleWorker

from ebelediye import jobs
from ebelediye.extensions import db


def test_tenant_job_without_tenant_is_refused_at_enqueue():
    with pytest.raises(jobs.JobRefused):
        jobs.enqueue(None, "tests.fixtures.ornek.jobs:count")


def test_tenant_job_record_without_tenant_is_refused_by_the_runner():
    record = jobs.create_record(None, "tests.fixtures.ornek.jobs:count")
    db.session.commit()
    with pytest.raises(jobs.JobRefused):
        jobs.execute(record)


def test_job_for_unknown_tenant_is_refused():
    record = jobs.create_record("yokboyle", "tests.fixtures.ornek.jobs:count")
    db.session.commit()
    with pytest.raises(jobs.JobRefused):
        jobs.execute(record)


def test_runner_binds_the_records_tenant():
    for slug in ("alfa", "beta"):
        record = jobs.create_record(slug, "tests.fixtures.ornek.jobs:stamp", "x")
        db.session.commit()
        result = jobs.execute(record)
        assert result["schema"] == f"t_{slug}"
        assert all(t.startswith(slug + ":") for t in result["titles"] if ":" in t)


def test_worker_runs_a_queued_job_with_the_tenant_from_meta(app):
    record = jobs.enqueue("beta", "tests.fixtures.ornek.jobs:stamp", "rq")
    rq_job = jobs.queue("default").fetch_job(str(record.id))
    assert rq_job.meta["tenant"] == "beta"
    worker = SimpleWorker([jobs.queue("default")], connection=jobs.redis_connection())
    worker.work(burst=True)
    rq_job.refresh()
    assert rq_job.get_status() == "finished", rq_job.latest_result().exc_string
    assert rq_job.return_value()["schema"] == "t_beta"


def test_worker_refuses_a_job_whose_meta_disagrees_with_its_record(app):
    record = jobs.create_record("alfa", "tests.fixtures.ornek.jobs:count")
    db.session.commit()
    jobs.queue("default").enqueue(jobs.run_job, str(record.id), meta={"tenant": "beta"})
    worker = SimpleWorker([jobs.queue("default")], connection=jobs.redis_connection())
    worker.work(burst=True)
    failed = jobs.queue("default").failed_job_registry
    assert failed.count >= 1
