"""The ministry console: sign-in, tenant list, provisioning form, job progress."""

import uuid

import pyotp
import pytest
from sqlalchemy import select, text

from ebelediye import jobs
from ebelediye.extensions import db
from tenants.models import MinistryUser, Tenant
from tests.plugin import ADMIN_HOST, host

H = {"Host": ADMIN_HOST}


@pytest.fixture
def ministry(client):
    user = MinistryUser(email="ayse@bakanlik.gov.tr", full_name="Ayşe Yılmaz", mfa_secret=pyotp.random_base32())
    user.set_password("bakanlik12345")
    db.session.add(user)
    db.session.commit()
    response = client.post("/konsol/giris", data={"email": "ayse@bakanlik.gov.tr", "password": "bakanlik12345"}, headers=H)
    assert response.status_code == 302
    response = client.post("/konsol/giris/iki-adim", data={"code": pyotp.TOTP(user.mfa_secret).now()}, headers=H)
    assert response.status_code == 302
    return client


def test_console_requires_ministry_sign_in(client):
    assert client.get("/konsol/", headers=H).status_code == 302


def test_tenant_list_with_search(ministry):
    page = ministry.get("/konsol/?q=alf", headers=H).get_data(as_text=True)
    assert "alfa" in page and ">beta<" not in page
    empty = ministry.get("/konsol/?q=zzz", headers=H).get_data(as_text=True)
    assert "Aramanıza uyan belediye yok" in empty


def test_ministry_session_is_worthless_on_tenant_host(ministry):
    assert ministry.get("/", headers={"Host": host("alfa")}).status_code == 302


def test_provision_form_refuses_bad_input_and_creates_nothing(ministry):
    before = db.session.scalar(text("SELECT count(*) FROM public.tenants"))
    response = ministry.post("/konsol/belediye/yeni", headers=H, data={
        "slug": "x;drop schema public", "name": "", "admin_email": "yok"})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Ad gerekli" in body and "Geçerli bir e-posta" in body
    response = ministry.post("/konsol/belediye/yeni", headers=H, data={
        "slug": "public", "name": "Kamu", "admin_email": "bt@kamu.bel.tr"})
    assert response.status_code == 422 and "ayrılmış" in response.get_data(as_text=True)
    assert db.session.scalar(text("SELECT count(*) FROM public.tenants")) == before


def queued(queue_name: str) -> list:
    """The rq jobs waiting on a queue of this test's Redis database (flushed before each test)."""
    return jobs.queue(queue_name).get_jobs()


def work_off(queue_name: str) -> None:
    """Run what waits on the queue as the worker would (rq's SimpleWorker, in this process,
    so the job sees the test's transaction)."""
    from rq import SimpleWorker

    assert SimpleWorker([jobs.queue(queue_name)], connection=jobs.redis_connection()).work(burst=True)


def test_provision_form_queues_the_job_and_shows_progress(ministry):
    response = ministry.post("/konsol/belediye/yeni", headers=H, data={
        "slug": "delta", "name": "Delta Belediyesi", "modules": ["ornek"], "admin_email": "bt@delta.bel.tr"})
    assert response.status_code == 302
    [waiting] = queued("batch")  # on the real queue, once the request committed
    assert waiting.meta["tenant"] == "delta"
    record = db.session.get(jobs.JobRecord, uuid.UUID(waiting.meta["record"]))
    assert record.tenant_slug == "delta" and record.queue == "batch" and record.state == "queued"
    record_id = record.id
    assert db.session.scalar(select(Tenant.state).where(Tenant.slug == "delta")) == "requested"
    work_off("batch")
    # (the worker's progress writes go through a connection of their own, outside this test's
    # transaction: rq's own record of the job says it ran)
    assert queued("batch") == [] and waiting.get_status(refresh=True) == "finished"
    assert waiting.return_value()["state"] == "active"
    assert db.session.scalar(select(Tenant.state).where(Tenant.slug == "delta")) == "active"
    status = ministry.get(f"/konsol/isler/{record_id}?format=json", headers=H).json
    assert status["tenant"] == "delta"
    page = ministry.get(f"/konsol/isler/{record_id}", headers=H)
    assert page.status_code == 200 and "progressbar" in page.get_data(as_text=True)


def test_suspending_takes_a_confirmation_step(ministry):
    page = ministry.get("/konsol/belediye/alfa", headers=H).get_data(as_text=True)
    assert 'href="/konsol/belediye/alfa/askiya-al"' in page  # a link to the step, not a one-click form
    step = ministry.get("/konsol/belediye/alfa/askiya-al", headers=H)
    assert step.status_code == 200
    text = step.get_data(as_text=True)
    assert "askıya alınsın mı?" in text and "oturum açamaz" in text and "Vazgeç" in text
    # no reason, or the short name not typed again: nothing happens, and the form says why
    for data in ({"reason": "", "onay": "alfa"}, {"reason": "denetim", "onay": ""}, {"reason": "denetim", "onay": "beta"}):
        refused = ministry.post("/konsol/belediye/alfa/askiya-al", data=data, headers=H)
        assert refused.status_code == 422
        assert "is-invalid" in refused.get_data(as_text=True)
        assert db.session.scalar(select(Tenant.state).where(Tenant.slug == "alfa")) == "active"
    assert ministry.get("/konsol/belediye/yok/askiya-al", headers=H).status_code == 404


def test_suspend_and_resume_from_console(ministry):
    ministry.post("/konsol/belediye/alfa/askiya-al", data={"reason": "denetim", "onay": "alfa"}, headers=H)
    assert db.session.scalar(select(Tenant.state).where(Tenant.slug == "alfa")) == "suspended"
    ministry.post("/konsol/belediye/alfa/ac", headers=H)
    assert db.session.scalar(select(Tenant.state).where(Tenant.slug == "alfa")) == "active"
    page = ministry.get("/konsol/belediye/alfa", headers=H).get_data(as_text=True)
    assert "tenant.suspended" in page and "ministry:ayse@bakanlik.gov.tr" in page


def test_refused_module_change_is_shown_not_500(ministry):
    response = ministry.post("/konsol/belediye/alfa/modul/ornek_ek", data={"enable": "1"}, headers=H,
                             follow_redirects=True)
    assert response.status_code == 200
    # ornek is on for alfa, so ornek_ek may be enabled; disabling ornek then is refused
    response = ministry.post("/konsol/belediye/alfa/modul/ornek", data={"enable": "0"}, headers=H,
                             follow_redirects=True)
    assert "gerektirdiği için kapatılamaz" in response.get_data(as_text=True)


def test_tenant_list_shows_staff_activity_and_size(ministry):
    page = ministry.get("/konsol/", headers=H).get_data(as_text=True)
    assert "Şema boyutu" in page and (" KB" in page or " MB" in page)  # rolled-back test rows still take pages


def test_audit_log_filters_and_bad_dates(ministry):
    from tenants import services

    services.suspend("beta", "ministry:ayse@bakanlik.gov.tr", "denetim")
    page = ministry.get("/konsol/denetim?belediye=beta&islem=tenant.", headers=H).get_data(as_text=True)
    assert "tenant.suspended" in page
    none = ministry.get("/konsol/denetim?belediye=alfa&islem=tenant.suspended", headers=H).get_data(as_text=True)
    assert "uyan kayıt yok" in none
    bad = ministry.get("/konsol/denetim?baslangic=31.12.2026", headers=H)
    assert bad.status_code == 422 and "YYYY-AA-GG" in bad.get_data(as_text=True)


def test_archiving_takes_a_confirmation_step(ministry):
    page = ministry.get("/konsol/belediye/beta", headers=H).get_data(as_text=True)
    assert 'href="/konsol/belediye/beta/arsivle"' in page  # a link to the step, not a one-click form
    step = ministry.get("/konsol/belediye/beta/arsivle", headers=H)
    assert step.status_code == 200
    text = step.get_data(as_text=True)
    assert "arşivlensin mi?" in text and "veritabanından kaldırılır" in text and "Vazgeç" in text
    # the short name not typed, or another's: nothing is queued, and the form says why
    for data in ({}, {"onay": ""}, {"onay": "alfa"}):
        refused = ministry.post("/konsol/belediye/beta/arsivle", data=data, headers=H)
        assert refused.status_code == 422 and "is-invalid" in refused.get_data(as_text=True)
        assert queued("batch") == []
        assert db.session.scalar(select(Tenant.state).where(Tenant.slug == "beta")) == "active"
    assert ministry.get("/konsol/belediye/yok/arsivle", headers=H).status_code == 404


def test_archive_from_console_is_a_job(ministry):
    response = ministry.post("/konsol/belediye/beta/arsivle", data={"onay": "beta"}, headers=H)
    assert response.status_code == 302
    [waiting] = queued("batch")
    record = db.session.get(jobs.JobRecord, uuid.UUID(waiting.meta["record"]))
    assert (record.func_path, record.args[0], record.queue, waiting.meta["tenant"]) == (
        "tenants.jobs:archive", "beta", "batch", record.tenant_slug)
    # an archived or unknown tenant cannot be archived again
    assert ministry.post("/konsol/belediye/yokboyle/arsivle", headers=H).status_code == 404


def test_the_audit_log_has_a_second_page(ministry):
    """`{% set _ = ... %}` in _audit.html once hid the translation function: a 500 on any
    audit page with a next page."""
    from ebelediye import audit

    for i in range(120):
        audit.record("test.sayfa", actor="test", object_type="tenant", object_id=i, platform=True,
                     tenant_slug="alfa")
    db.session.flush()
    first = ministry.get("/konsol/denetim?islem=test.sayfa", headers=H)
    assert first.status_code == 200 and "Sonraki" in first.get_data(as_text=True)
    second = ministry.get("/konsol/denetim?islem=test.sayfa&sayfa=2", headers=H)
    assert second.status_code == 200 and "Önceki" in second.get_data(as_text=True)
