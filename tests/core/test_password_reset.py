"""Password reset by one-time link, through the outbox and the mail queue."""

import re

from rq import SimpleWorker
from sqlalchemy import select

from ebelediye import jobs
from ebelediye.extensions import db
from ebelediye.identity import StaffUser
from ebelediye.mail import OutboxMessage
from tenants import services
from tests.plugin import ADMIN_HOST, host, sign_in_ministry, sign_in_staff

H = {"Host": host("alfa")}


def make_staff():
    with services.bound("alfa"):
        user = StaffUser(email="unutkan@alfa.bel.tr", full_name="Unutkan Personel")
        user.set_password("eskiParola2026")
        db.session.add(user)
        db.session.commit()


def outbox():
    with services.bound("alfa"):
        rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        result = [(m.to_address, m.body, m.sent_at) for m in rows]
        db.session.commit()
    return result


def test_reset_link_sets_a_new_password_once(client):
    make_staff()
    response = client.post("/parolami-unuttum", data={"email": "Unutkan@alfa.bel.tr"}, headers=H)
    assert response.status_code == 302
    mails = [m for m in outbox() if m[0] == "unutkan@alfa.bel.tr"]
    assert len(mails) == 1
    link = re.search(r"http://alfa\.ebelediye\.test(/sifre-belirle/\S+)", mails[0][1]).group(1)
    assert client.post(link, data={"password": "yeniParola2026", "confirm": "yeniParola2026"}, headers=H).status_code == 302
    assert client.get(link, headers=H).status_code == 404  # used up
    assert client.post("/giris", data={"email": "unutkan@alfa.bel.tr", "password": "eskiParola2026"}, headers=H).status_code == 422
    assert client.post("/giris", data={"email": "unutkan@alfa.bel.tr", "password": "yeniParola2026"}, headers=H).status_code == 302


def test_unknown_address_gets_the_same_answer_and_no_mail(client):
    before = len(outbox())
    known = client.post("/parolami-unuttum", data={"email": "yonetici@alfa.bel.tr"}, headers=H, follow_redirects=True)
    unknown = client.post("/parolami-unuttum", data={"email": "kimse@alfa.bel.tr"}, headers=H, follow_redirects=True)
    assert "kayıtlıysa" in unknown.get_data(as_text=True)
    assert known.status_code == unknown.status_code == 200
    assert len(outbox()) == before + 1


def test_bad_email_is_a_form_error(client):
    response = client.post("/parolami-unuttum", data={"email": "e-posta değil"}, headers=H)
    assert response.status_code == 422 and "Geçerli bir e-posta" in response.get_data(as_text=True)


def test_mail_job_delivers_once(client, app):
    make_staff()
    client.post("/parolami-unuttum", data={"email": "unutkan@alfa.bel.tr"}, headers=H)
    worker = SimpleWorker([jobs.queue("mail")], connection=jobs.redis_connection())
    worker.work(burst=True)
    sent = [m for m in outbox() if m[0] == "unutkan@alfa.bel.tr"]
    assert sent[0][2] is not None
    record = jobs.create_record("alfa", "ebelediye.mail:deliver_pending")
    db.session.commit()
    assert jobs.execute(record) == {"sent": 0}


def test_dev_inbox_shows_the_tenants_own_mail_only(client, app):
    make_staff()
    client.post("/parolami-unuttum", data={"email": "unutkan@alfa.bel.tr"}, headers=H)
    # anonymous: the reset link must not be one request away (issue 10, 1)
    anonymous = client.get("/gelistirme/posta", headers=H)
    assert anonymous.status_code == 302 and "unutkan" not in anonymous.get_data(as_text=True)
    sign_in_staff(client, "alfa", admin=True)
    assert "unutkan@alfa.bel.tr" in client.get("/gelistirme/posta", headers=H).get_data(as_text=True)
    beta = app.test_client()
    sign_in_staff(beta, "beta", admin=True)
    assert "unutkan@alfa.bel.tr" not in beta.get("/gelistirme/posta", headers={"Host": host("beta")}).get_data(as_text=True)


def test_the_console_shows_a_new_municipalitys_outbox(client):
    """Where a newly provisioned municipality's first admin finds the set-password link."""
    make_staff()
    client.post("/parolami-unuttum", data={"email": "unutkan@alfa.bel.tr"}, headers=H)
    sign_in_ministry(client)
    page = client.get("/konsol/belediye/alfa", headers={"Host": ADMIN_HOST}).get_data(as_text=True)
    assert "/konsol/belediye/alfa/posta" in page
    inbox = client.get("/konsol/belediye/alfa/posta", headers={"Host": ADMIN_HOST}).get_data(as_text=True)
    assert "unutkan@alfa.bel.tr" in inbox and "/sifre-belirle/" in inbox
    assert client.get("/konsol/belediye/yokboyle/posta", headers={"Host": ADMIN_HOST}).status_code == 404
