"""The mock e-Devlet sign-in (OIDC-style), bulk reads on the connectors queue, and the
factory picking in-process or HTTP from config."""

from datetime import date
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from rq import SimpleWorker

from ebelediye import jobs
from ebelediye.connectors import edevlet, factory, signing
from ebelediye.connectors.clients import KpsClient
from ebelediye.connectors.jobs import enqueue_ownership_changes
from ebelediye.connectors.transport import HttpBackend, InProcessBackend
from tests.connectors.conftest import adult, tenant

BACK = "https://alfa.ebelediye.test/e-hizmet/giris/donus"


def test_edevlet_sign_in_round_trip(mock_server, settings, population, faults):
    _, member = adult(population)
    url = edevlet.authorize_url(settings, client_id="alfa", redirect_uri=BACK, state="s-1", nonce="n-1")
    with httpx.Client(trust_env=False) as browser:
        page = browser.get(url)
        assert page.status_code == 200 and "e-Devlet Kapısı" in page.text and "Örnek kişiler" in page.text
        form = {"client_id": "alfa", "redirect_uri": BACK, "state": "s-1", "nonce": "n-1"}
        wrong = browser.post(url.split("?")[0], data={**form, "tckn": "17291716050"})
        assert wrong.status_code == 422 and "Geçerli ve kayıtlı" in wrong.text
        answer = browser.post(url.split("?")[0], data={**form, "tckn": member.tckn})
        assert answer.status_code == 302 and answer.headers["location"].startswith(BACK + "?")
        query = parse_qs(urlsplit(answer.headers["location"]).query)
        assert query["state"] == ["s-1"]
        identity = edevlet.verify_assertion(settings, query["assertion"][0], client_id="alfa", nonce="n-1")
        assert (identity.tckn, identity.ad, identity.soyad) == (member.tckn, member.ad, member.soyad)
        for bad in (dict(client_id="beta", nonce="n-1"), dict(client_id="alfa", nonce="n-2")):
            with pytest.raises(signing.TokenError):
                edevlet.verify_assertion(settings, query["assertion"][0], **bad)
        with pytest.raises(signing.TokenError):  # forged with another secret
            edevlet.verify_assertion(settings, edevlet.sign_assertion("x", client_id="alfa", tckn=member.tckn,
                                                                      ad="A", soyad="B", nonce="n-1"),
                                     client_id="alfa", nonce="n-1")
        with pytest.raises(signing.TokenError):  # expired
            edevlet.verify_assertion(settings, query["assertion"][0], client_id="alfa", nonce="n-1",
                                     now=10**10)
        cancel = browser.post(url.split("?")[0], data={**form, "iptal": "1"})
        assert "error=access_denied" in cancel.headers["location"]
        elsewhere = browser.get(edevlet.authorize_url(settings, client_id="alfa", redirect_uri="https://evil.example/x",
                                                      state="s", nonce="n"))
        assert elsewhere.status_code == 400


def test_ownership_changes_run_on_the_connectors_queue(app, population):
    record = enqueue_ownership_changes("alfa", "Ankara", "Çankaya", date(2020, 1, 1), actor="gelir@alfa.bel.tr")
    assert record.queue == "connectors"
    rq_job = jobs.queue("connectors").fetch_job(str(record.id))
    assert rq_job.meta["tenant"] == "alfa"
    SimpleWorker([jobs.queue("connectors")], connection=jobs.redis_connection()).work(burst=True)
    rq_job.refresh()
    assert rq_job.get_status() == "finished", rq_job.latest_result().exc_string
    result = rq_job.return_value()
    assert result["count"] > 0 and result["pages"] >= 1 and result["changes"][0]["tarih"] >= "2020-01-01"
    with tenant("alfa"):
        from sqlalchemy import select

        from ebelediye.connectors.kvkk import PersonalDataLookup
        from ebelediye.extensions import db

        realms = db.session.scalars(select(PersonalDataLookup.realm).where(
            PersonalDataLookup.actor == "gelir@alfa.bel.tr", PersonalDataLookup.operation == "changes")).all()
    assert realms and set(realms) == {"job"}


def test_job_refuses_an_unknown_purpose():
    from sqlalchemy import func, select

    from ebelediye.connectors import InvalidInput
    from ebelediye.extensions import db
    from ebelediye.jobs import JobRecord, queue

    before = db.session.scalar(select(func.count()).select_from(JobRecord))
    with pytest.raises(InvalidInput):
        enqueue_ownership_changes("alfa", "Ankara", "Çankaya", date(2020, 1, 1), actor="x", purpose="merak")
    # refused before anything was recorded or queued
    assert db.session.scalar(select(func.count()).select_from(JobRecord)) == before
    assert queue("connectors").count == 0


def test_factory_follows_the_config(app, mock_server):
    old = app.extensions.pop(factory.EXTENSION, None)
    saved = {k: app.config.get(k) for k in ("CONNECTORS_MODE", "CONNECTORS_AGENCY_MODES", "CONNECTORS_URL")}
    try:
        app.config.update(CONNECTORS_MODE="inprocess", CONNECTORS_AGENCY_MODES={"tapu": "http"},
                          CONNECTORS_URL=mock_server[0])
        kps, tapu = factory.get("kps"), factory.get("tapu")
        assert isinstance(kps, KpsClient) and isinstance(kps.backend, InProcessBackend)
        assert isinstance(tapu.backend, HttpBackend) and factory.get("tapu") is tapu
        with pytest.raises(KeyError):
            factory.get("noter")
    finally:
        made = app.extensions.pop(factory.EXTENSION, None)
        if made is not None:
            made.close()
        if old is not None:
            app.extensions[factory.EXTENSION] = old
        app.config.update(saved)
