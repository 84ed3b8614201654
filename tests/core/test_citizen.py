"""Citizens sign in through (mock) e-Devlet; the municipality stores no password."""

from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select, text

from ebelediye.citizen import Citizen
from ebelediye.extensions import db
from tests.plugin import edevlet_round_trip, host, sign_in_citizen, sign_in_staff

H = {"Host": host("alfa")}


def test_sign_in_round_trip_creates_the_citizen_once(client):
    response = edevlet_round_trip(client, "alfa", "17291716060", "Mehmet", "Demir")
    assert response.status_code == 302 and response.location.endswith("/e-hizmet/")
    page = client.get("/e-hizmet/", headers=H).get_data(as_text=True)
    assert "Hoş geldiniz, Mehmet Demir" in page
    edevlet_round_trip(client, "alfa", "17291716060", "Mehmet", "Demir")
    assert db.session.scalar(select(db.func.count()).select_from(Citizen).where(Citizen.tckn == "17291716060")) == 1


def test_the_authorize_redirect_carries_state_nonce_and_our_callback(client):
    start = client.get("/e-hizmet/giris", headers=H)
    query = parse_qs(urlsplit(start.location).query)
    assert query["client_id"] == ["alfa"] and query["state"][0] and query["nonce"][0]
    assert query["redirect_uri"] == ["http://alfa.ebelediye.test/e-hizmet/giris/donus"]


def test_forged_replayed_or_foreign_assertions_are_refused(client, app):
    # signed for another municipality (audience beta), presented to alfa
    assert edevlet_round_trip(client, "alfa", "10562272296", client_id="beta").status_code == 400
    # a nonce from another sign-in (replay)
    assert edevlet_round_trip(client, "alfa", "10562272296", nonce="eski-nonce").status_code == 400
    # a tampered assertion
    start = client.get("/e-hizmet/giris", headers=H)
    state = parse_qs(urlsplit(start.location).query)["state"][0]
    forged = client.get("/e-hizmet/giris/donus", query_string={"assertion": "eyJ4IjoxfQ.AAAA", "state": state}, headers=H)
    assert forged.status_code == 400 and "doğrulanamadı" in forged.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count()).select_from(Citizen).where(Citizen.tckn == "10562272296")) == 0


def test_state_must_match_the_session(client):
    client.get("/e-hizmet/giris", headers=H)
    response = client.get("/e-hizmet/giris/donus", query_string={"assertion": "x", "state": "baska"}, headers=H)
    assert response.status_code == 400 and "yeniden deneyin" in response.get_data(as_text=True)


def test_cancelled_sign_in_is_a_clear_message(client):
    client.get("/e-hizmet/giris", headers=H)
    response = client.get("/e-hizmet/giris/donus", query_string={"error": "access_denied"}, headers=H)
    assert "iptal edildi" in response.get_data(as_text=True)


def test_citizen_session_is_bound_to_its_municipality(client):
    sign_in_citizen(client, "alfa")
    assert client.get("/e-hizmet/basvurularim", headers=H).status_code == 200
    response = client.get("/e-hizmet/basvurularim", headers={"Host": host("beta")})
    assert response.status_code == 302 and "/e-hizmet/giris" in response.location


def test_citizens_and_staff_cannot_use_each_others_pages(client, app):
    sign_in_citizen(client, "alfa")
    assert client.get("/yonetim/kullanicilar", headers=H).status_code == 403
    staff = app.test_client()
    sign_in_staff(staff, "alfa")
    assert staff.get("/e-hizmet/odemelerim", headers=H).status_code == 403


def test_empty_lists_and_who_looked_me_up(client):
    sign_in_citizen(client, "alfa", "10000000146")
    assert "başvurunuz yok" in client.get("/e-hizmet/basvurularim", headers=H).get_data(as_text=True)
    assert "ödeme yok" in client.get("/e-hizmet/odemelerim", headers=H).get_data(as_text=True)
    page = client.get("/e-hizmet/kisisel-verilerim", headers=H).get_data(as_text=True)
    assert "sorgu yapılmamış" in page


def test_sign_in_is_audited_with_a_masked_number(client):
    sign_in_citizen(client, "alfa", "10000000146")
    from tenants import services

    with services.bound("alfa"):
        actors = db.session.scalars(text("SELECT actor FROM audit_entries WHERE action = 'vatandas.giris'")).all()
        db.session.commit()
    assert actors and all(a == "100*****146" for a in actors)
