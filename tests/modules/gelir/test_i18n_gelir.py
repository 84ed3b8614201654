"""Gelir's pages in English (/dil/en): staff pages, a flash message, the citizen's debts page."""

from tests.plugin import host, sign_in_citizen

from .conftest import new_tckn, staff_with

A = {"Host": host("alfa")}


def test_cash_desk_and_accrual_pages_in_english(client):
    staff_with(client, "alfa", "gelir.tahsilat.olustur", "gelir.tahakkuk.olustur")
    client.get("/dil/en", headers=A)

    desk = client.get("/gelir/vezne", headers=A).get_data(as_text=True)
    assert '<html lang="en">' in desk
    assert ">Cash desk</h1>" in desk and ">Vezne</h1>" not in desk
    assert "Open the day" in desk and "Günü aç" not in desk

    # a flash message from the view follows the language too
    opened = client.post("/gelir/vezne/ac", headers=A, follow_redirects=True).get_data(as_text=True)
    assert "Cash-desk session opened; you can take collections." in opened
    assert "Vezne oturumu açıldı" not in opened

    accrual = client.get("/gelir/tahakkuk", headers=A).get_data(as_text=True)
    assert ">Accrual</h1>" in accrual and ">Tahakkuk</h1>" not in accrual
    assert "Yearly batch accrual" in accrual and "Yıllık toplu tahakkuk" not in accrual

    client.get("/dil/tr", headers=A)
    assert ">Vezne</h1>" in client.get("/gelir/vezne", headers=A).get_data(as_text=True)


def test_citizen_debts_page_in_english(client):
    sign_in_citizen(client, "alfa", new_tckn())
    client.get("/dil/en", headers=A)
    page = client.get("/e-hizmet/borclarim", headers=A)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert ">My debts</h1>" in html and "Borçlarım</h1>" not in html
    assert "You have no debt registered with this municipality." in html
    assert "Bu belediyede kayıtlı borcunuz yok" not in html


def test_cash_desk_service_refusals_follow_the_language(client):
    """A service's refusal is a translatable message: the API and the page answer in English."""
    from ebelediye.extensions import db
    from tenants import services

    from .conftest import MukellefFactory

    staff_with(client, "alfa", "gelir.tahsilat.olustur")
    with services.bound("alfa"):
        mid = MukellefFactory().id
        db.session.commit()
    client.get("/dil/en", headers=A)
    # no open session: the service refuses the payment
    api = client.post("/api/v1/gelir/vezne/tahsilat", headers=A, json={"mukellef_id": mid, "tutar": "5", "kanal": "nakit"})
    assert api.status_code == 422
    assert api.json["message"] == "Open the day (cash-desk session) before taking payments."
    assert api.json["errors"]["oturum"] == ["No open cash-desk session."]
    client.post("/gelir/vezne/ac", headers=A)
    page = client.post(f"/gelir/vezne/mukellefler/{mid}/tahsil", headers=A,
                       data={"tutar": "5", "kanal": "havale"}).get_data(as_text=True)
    assert "Enter the slip number." in page and "Dekont numarasını girin." not in page
    client.get("/dil/tr", headers=A)
    again = client.post("/api/v1/gelir/vezne/tahsilat", headers=A,
                        json={"mukellef_id": mid, "tutar": "5", "kanal": "havale"})
    assert again.json["errors"]["belge_no"] == ["Dekont numarasını girin."]


def test_a_citizens_refused_payment_is_explained_in_english(client):
    from .test_online_vatandas import citizen_with_debts

    citizen_with_debts(client)
    client.get("/dil/en", headers=A)
    bad = client.post("/api/v1/gelir/odemeler", json={"tahakkuk_idleri": [987654]}, headers=A)
    assert bad.status_code == 422
    assert bad.json["message"] == "Some of the debts you chose were not found or are paid; refresh the page."
    assert bad.json["errors"]["tahakkuk_idleri"] == ["Not an open debt: 987654"]
