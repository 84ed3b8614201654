"""Staff sign-in, the one-time set-password link, and sessions bound to their tenant."""

from sqlalchemy import select

from ebelediye.extensions import db
from ebelediye.identity import StaffUser
from tenants import services
from tests.plugin import ADMIN_HOST, host


def make_staff(slug, email, password="parola12345"):
    with services.bound(slug):
        user = StaffUser(email=email, full_name="Test Personel")
        user.set_password(password)
        db.session.add(user)
        db.session.commit()


def login(client, slug, email, password="parola12345"):
    return client.post("/giris", data={"email": email, "password": password}, headers={"Host": host(slug)})


def test_dashboard_requires_sign_in(client):
    response = client.get("/", headers={"Host": host("alfa")})
    assert response.status_code == 302 and "/giris" in response.location


def test_sign_in_and_dashboard(client):
    make_staff("alfa", "ali@alfa.bel.tr")
    assert login(client, "alfa", "ali@alfa.bel.tr").status_code == 302
    page = client.get("/", headers={"Host": host("alfa")})
    assert page.status_code == 200 and "Alfa Belediyesi" in page.get_data(as_text=True)


def test_wrong_password_is_422_with_message(client):
    make_staff("alfa", "ali@alfa.bel.tr")
    response = login(client, "alfa", "ali@alfa.bel.tr", "yanlis-parola")
    assert response.status_code == 422
    assert "E-posta ya da parola hatalı" in response.get_data(as_text=True)


def test_session_from_one_tenant_is_worthless_on_another(client):
    make_staff("alfa", "ali@alfa.bel.tr")
    make_staff("beta", "ali@alfa.bel.tr")  # same e-mail, same id space, other tenant
    login(client, "alfa", "ali@alfa.bel.tr")
    assert client.get("/", headers={"Host": host("alfa")}).status_code == 200
    assert client.get("/", headers={"Host": host("beta")}).status_code == 302
    assert client.get("/konsol/", headers={"Host": ADMIN_HOST}).status_code == 302


def test_set_password_link_works_once(client, app):
    with services.bound("alfa"):
        user = db.session.scalar(select(StaffUser).where(StaffUser.email == "yonetici@alfa.bel.tr"))
        token = user.issue_set_password_token(1)
        db.session.commit()
    url = f"/sifre-belirle/{token}"
    assert client.get(url, headers={"Host": host("alfa")}).status_code == 200
    weak = client.post(url, data={"password": "kisa", "confirm": "kisa"}, headers={"Host": host("alfa")})
    assert weak.status_code == 422 and "En az 10 karakter" in weak.get_data(as_text=True)
    ok = client.post(url, data={"password": "yeniParola2026", "confirm": "yeniParola2026"}, headers={"Host": host("alfa")})
    assert ok.status_code == 302
    assert client.get(url, headers={"Host": host("alfa")}).status_code == 404
    # the link is for alfa only
    assert client.get(url, headers={"Host": host("beta")}).status_code == 404
    assert login(client, "alfa", "yonetici@alfa.bel.tr", "yeniParola2026").status_code == 302


def test_unknown_token_is_404(client):
    assert client.get("/sifre-belirle/uydurma", headers={"Host": host("alfa")}).status_code == 404


def test_sign_in_never_redirects_off_host(client):
    from tests.plugin import STAFF_PASSWORD, sign_in_staff

    email = sign_in_staff(client, "alfa")
    for target in ("//evil.example/", "/\\evil.example/", "/\t/evil.example", "https://evil.example/", "yok"):
        fresh = client.application.test_client()
        response = fresh.post("/giris", query_string={"next": target},
                              data={"email": email, "password": STAFF_PASSWORD}, headers={"Host": host("alfa")})
        if "\t" in target:  # a control character in a query string is refused outright (ebelediye.security)
            assert response.status_code == 400, target
            continue
        assert response.status_code == 302 and response.location == "/", (target, response.location)
    ok = client.application.test_client().post("/giris", query_string={"next": "/yonetim/roller"},
                                               data={"email": email, "password": STAFF_PASSWORD}, headers={"Host": host("alfa")})
    assert ok.location == "/yonetim/roller"
