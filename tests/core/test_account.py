"""My account: password change, personal API tokens, CSRF."""

import re

import pytest

from tests.plugin import STAFF_PASSWORD, host

H = {"Host": host("alfa")}


def test_password_change_needs_the_current_one(client):
    from tests.plugin import sign_in_staff

    email = sign_in_staff(client, "alfa")
    wrong = client.post("/hesabim/parola", headers=H, data={"current": "yanlis", "password": "yeniParola2027", "confirm": "yeniParola2027"})
    assert wrong.status_code == 422 and "Şu anki parola hatalı" in wrong.get_data(as_text=True)
    ok = client.post("/hesabim/parola", headers=H, data={"current": STAFF_PASSWORD, "password": "yeniParola2027", "confirm": "yeniParola2027"})
    assert ok.status_code == 302
    fresh = client.application.test_client()
    assert fresh.post("/giris", data={"email": email, "password": "yeniParola2027"}, headers=H).status_code == 302


def test_bearer_token_acts_as_its_owner_on_its_tenant_only_until_revoked(client, app):
    from tests.plugin import sign_in_staff

    email = sign_in_staff(client, "alfa")
    page = client.post("/hesabim/anahtarlar", headers=H, data={"name": "entegrasyon"})
    assert page.status_code == 201
    plain = re.search(r'id="yeni-anahtar">(ebt_[^<]+)<', page.get_data(as_text=True)).group(1)
    api = app.test_client()
    bearer = {**H, "Authorization": f"Bearer {plain}"}
    assert api.get("/api/v1/oturum", headers=bearer).json["email"] == email
    # the same token on another tenant's host means nothing
    other = {"Host": host("beta"), "Authorization": f"Bearer {plain}"}
    assert api.get("/api/v1/oturum", headers=other).status_code == 401
    # a bearer token is for the API only: it does not sign in the portal
    assert api.get("/", headers=bearer).status_code == 302
    token_id = re.search(r'/hesabim/anahtarlar/(\d+)/iptal', client.get("/hesabim", headers=H).get_data(as_text=True)).group(1)
    client.post(f"/hesabim/anahtarlar/{token_id}/iptal", headers=H)
    assert api.get("/api/v1/oturum", headers=bearer).status_code == 401
    # the page shows a prefix, never the token again
    assert plain not in client.get("/hesabim", headers=H).get_data(as_text=True)


def test_forged_bearer_is_401(client):
    assert client.get("/api/v1/oturum", headers={**H, "Authorization": "Bearer ebt_uydurma"}).status_code == 401


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def test_state_changing_requests_need_a_csrf_token(client, csrf_on):
    response = client.post("/giris", headers=H, data={"email": "x@alfa.bel.tr", "password": "y"})
    assert response.status_code == 400
    page = client.get("/giris", headers=H).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/giris", headers=H, data={"email": "x@alfa.bel.tr", "password": "y", "csrf_token": token})
    assert response.status_code == 422  # past CSRF, wrong credentials
