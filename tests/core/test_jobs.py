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


def test_job_for_suspended_tenant_is_refused():
    from tenants import services

    services.suspend("beta", "test")
    record = jobs.create_record("beta", "tests.fixtures.ornek.jobs:count")
    db.session.commit()
    with pytest.raises(jobs.JobRefused, match="suspended"):
        jobs.execute(record)


@pytest.mark.committed
def test_progress_goes_to_the_running_jobs_own_record(app, monkeypatch):
    """Two jobs running at once in two threads each report to their own record."""
    import threading

    from sqlalchemy import delete

    from tests.fixtures.ornek import jobs as ornek_jobs

    monkeypatch.setattr(ornek_jobs, "lockstep", threading.Barrier(2))  # every step overlaps

    ids = []
    for slug in ("alfa", "beta"):
        record = jobs.create_record(slug, "tests.fixtures.ornek.jobs:echo_progress", f"mesaj-{slug}")
        db.session.commit()
        ids.append(record.id)
    barrier = threading.Barrier(2)
    failures = []

    def run(record_id):
        with app.app_context():
            try:
                record = db.session.get(jobs.JobRecord, record_id)
                barrier.wait()
                jobs.execute(record)
            except Exception as exc:  # surfaced below: a thread's exception is otherwise lost
                failures.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    try:
        assert failures == []
        db.session.expire_all()
        rows = {r.tenant_slug: r for r in db.session.query(jobs.JobRecord).filter(jobs.JobRecord.id.in_(ids))}
        assert (rows["beta"].state, rows["beta"].error) == ("finished", None)
        assert rows["alfa"].message == "mesaj-alfa" and rows["beta"].message == "mesaj-beta"
        assert rows["alfa"].state == rows["beta"].state == "finished"
        assert rows["alfa"].done == rows["alfa"].total == 3
    finally:
        db.session.execute(delete(jobs.JobRecord).where(jobs.JobRecord.id.in_(ids)))
        db.session.commit()


def test_a_job_requiring_a_permission_runs_only_for_a_starter_who_holds_it():
    from ebelediye.identity import StaffUser
    from tenants import services

    with services.bound("alfa"):
        clerk = StaffUser(email="memur@alfa.bel.tr", full_name="Memur")
        boss = StaffUser(email="mudur@alfa.bel.tr", full_name="Müdür", is_tenant_admin=True)
        db.session.add_all([clerk, boss])
        db.session.commit()
        clerk_id, boss_id = clerk.id, boss.id
    for actor in (None, "cli:root", f"staff:{clerk_id}"):
        record = jobs.create_record("alfa", "tests.fixtures.ornek.jobs:guarded_count", actor=actor)
        db.session.commit()
        with pytest.raises(jobs.JobRefused, match="ornek.kayit.olustur"):
            jobs.execute(record)
    record = jobs.create_record("alfa", "tests.fixtures.ornek.jobs:guarded_count", actor=f"staff:{boss_id}")
    db.session.commit()
    assert jobs.execute(record)["count"] >= 1
