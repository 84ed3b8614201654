"""The citizen's pages and API: debts, paying through the bank's page, the receipt, the
no-debt letter; one municipality's citizen sees nothing of another's, nor of another person's."""

import re
from datetime import date

import pytest

from ebelediye.extensions import db
from modules.gelir.models import Mukellef, OnlineOdeme, Tahakkuk, Tahsilat
from tenants import services
from tests.plugin import host, sign_in_citizen

from .conftest import MukellefFactory, borc, new_tckn
from .online_helpers import banka_sayfasi, denetim

A = {"Host": host("alfa")}
B = {"Host": host("beta")}


def citizen_with_debts(client, slug="alfa", tutarlar=("1000.00",), vade=date(2025, 11, 30)):
    """Sign a new citizen in on ``slug`` and give him a taxpayer record with debts there; returns (tckn, ids)."""
    tckn = new_tckn()
    sign_in_citizen(client, slug, tckn)
    with services.bound(slug):
        m = MukellefFactory(tckn=tckn)
        ids = [borc(m, t, vade, taksit=i + 1).id for i, t in enumerate(tutarlar)]
        db.session.commit()
    return tckn, ids


def confirm(client, ids, headers=A):
    """The list of debts posts the choice; the confirmation page's form carries it on, signed."""
    page = client.post("/e-hizmet/odeme", data={"tahakkuk": [str(i) for i in ids]}, headers=headers)
    assert page.status_code == 200, page.get_data(as_text=True)
    html = page.get_data(as_text=True)
    assert "Onayla ve kart sayfasına geç" in html
    return html, re.search(r'name="onay" value="([^"]+)"', html).group(1)


def start(client, ids, headers=A):
    _, onay = confirm(client, ids, headers)
    started = client.post("/e-hizmet/odeme", data={"onay": onay}, headers=headers)
    assert started.status_code == 303, started.get_data(as_text=True)
    return started


def pay(client, ids, headers=A):
    started = start(client, ids, headers)
    fields = banka_sayfasi(started.location)
    back = client.post("/e-hizmet/odeme/donus", data=fields, headers=headers)
    assert back.status_code == 303
    return back.location, fields


def test_a_citizen_who_is_not_a_taxpayer_sees_a_friendly_empty_state(client):
    sign_in_citizen(client, "alfa", new_tckn())
    page = client.get("/e-hizmet/borclarim", headers=A)
    assert page.status_code == 200 and "Bu belediyede kayıtlı borcunuz yok" in page.get_data(as_text=True)


def test_debts_with_late_fees_overdue_ones_chosen(client):
    _, (overdue, later) = citizen_with_debts(client, tutarlar=("1000.00", "300.00"))
    with services.bound("alfa"):
        db.session.get(Tahakkuk, later).vade = date(2099, 5, 31)
        db.session.commit()
    html = client.get("/e-hizmet/borclarim", headers=A).get_data(as_text=True)
    assert re.search(rf'value="{overdue}" id="t{overdue}" checked', html)
    assert not re.search(rf'value="{later}" id="t{later}" checked', html)
    assert "Nasıl hesaplandı?" in html and "1.000,00 TL" in html


def test_paying_through_the_bank_lands_on_the_receipt(client):
    _, ids = citizen_with_debts(client)
    result_url, fields = pay(client, ids)
    page = client.get(result_url, headers=A)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Ödendi" in html and "Makbuzu indir (PDF)" in html
    pdf_url = re.search(r'href="(/e-hizmet/makbuz/\d+\.pdf)"', html).group(1)
    pdf = client.get(pdf_url, headers=A)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF") and pdf.mimetype == "application/pdf"
    # the payment is in "ödemelerim", linking to the receipt
    assert pdf_url in client.get("/e-hizmet/odemelerim", headers=A).get_data(as_text=True)
    # the bank posting the same callback again changes nothing
    again = client.post("/e-hizmet/odeme/donus", data=fields, headers=A)
    assert again.status_code == 303 and again.location == result_url
    with services.bound("alfa"):
        assert db.session.query(Tahsilat).filter(Tahsilat.online_odeme_id.isnot(None)).count() == 1
    assert "Ödenmemiş borcunuz yok" in client.get("/e-hizmet/borclarim", headers=A).get_data(as_text=True)


def test_choosing_nothing_or_garbage_is_a_form_error(client):
    citizen_with_debts(client)
    for data in ({}, {"tahakkuk": ["abc"]}, {"tahakkuk": ["987654"]}):
        response = client.post("/e-hizmet/odeme", data=data, headers=A)
        assert response.status_code == 422
        assert 'aria-describedby="secim-hata"' in response.get_data(as_text=True)
    with services.bound("alfa"):
        assert db.session.query(OnlineOdeme).count() == 0


def test_a_forged_callback_page_says_so_and_changes_nothing(client):
    _, ids = citizen_with_debts(client)
    started = start(client, ids)
    fields = dict(banka_sayfasi(started.location), hash="AAAA")
    response = client.post("/e-hizmet/odeme/donus", data=fields, headers=A)
    assert response.status_code == 400 and "doğrulanamadı" in response.get_data(as_text=True)
    empty = client.post("/e-hizmet/odeme/donus", data={}, headers=A)
    assert empty.status_code == 400
    with services.bound("alfa"):
        assert db.session.query(OnlineOdeme).one().durum == "baslatildi"
        assert len(denetim("gelir.online.dogrulanamadi")) == 2


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def test_csrf_guards_the_citizen_form_but_not_the_banks_callback(client, csrf_on):
    _, ids = citizen_with_debts(client)
    refused = client.post("/e-hizmet/odeme", data={"tahakkuk": [str(i) for i in ids]}, headers=A)
    assert refused.status_code == 400
    page = client.get("/e-hizmet/odeme/onay", headers=A).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    onay = re.search(r'name="onay" value="([^"]+)"', page).group(1)
    assert client.post("/e-hizmet/odeme", data={"onay": onay}, headers=A).status_code == 400
    started = client.post("/e-hizmet/odeme", data={"onay": onay, "csrf_token": token}, headers=A)
    assert started.status_code == 303
    bank = client.application.test_client()  # the bank's page: no session, no token
    back = bank.post("/e-hizmet/odeme/donus", data=banka_sayfasi(started.location), headers=A)
    assert back.status_code == 303


def test_alfas_citizen_cannot_see_or_pay_betas_debts(client):
    tckn = new_tckn()
    with services.bound("beta"):
        m = MukellefFactory(tckn=tckn)
        beta_debt = borc(m, "777.00", date(2025, 11, 30)).id
        db.session.commit()
    sign_in_citizen(client, "alfa", tckn)
    html = client.get("/e-hizmet/borclarim", headers=A).get_data(as_text=True)
    assert "Bu belediyede kayıtlı borcunuz yok" in html and "777,00" not in html
    assert client.post("/e-hizmet/odeme", data={"tahakkuk": [str(beta_debt)]}, headers=A).status_code == 404
    api = client.get("/api/v1/gelir/borclarim", headers=A).json
    assert api["kayitli"] is False and api["borclar"] == []
    # with a record in alfa too, beta's debt still cannot be chosen
    with services.bound("alfa"):
        MukellefFactory(tckn=tckn)
        db.session.commit()
    assert client.post("/e-hizmet/odeme", data={"tahakkuk": [str(beta_debt)]}, headers=A).status_code == 422
    # the alfa session is worthless on beta's host
    assert client.get("/e-hizmet/borclarim", headers=B).status_code == 302


def test_a_citizen_cannot_see_another_citizens_receipt_or_payment(client, app):
    _, ids = citizen_with_debts(client)
    result_url, _ = pay(client, ids)
    pdf_url = re.search(r'href="(/e-hizmet/makbuz/\d+\.pdf)"', client.get(result_url, headers=A).get_data(as_text=True)).group(1)
    siparis_no = result_url.rsplit("/", 1)[1]
    other = app.test_client()
    citizen_with_debts(other)
    assert other.get(pdf_url, headers=A).status_code == 404
    assert other.get(result_url, headers=A).status_code == 404
    assert other.get(f"/api/v1/gelir/odemeler/{siparis_no}", headers=A).status_code == 404
    assert client.get(f"/api/v1/gelir/odemeler/{siparis_no}", headers=A).json["durum"] == "odendi"
    anonymous = app.test_client()
    assert anonymous.get(pdf_url, headers=A).status_code == 302  # to e-Devlet sign-in


def test_the_qr_verification_page_finds_the_receipt(client, app):
    _, ids = citizen_with_debts(client)
    pay(client, ids)
    with services.bound("alfa"):
        receipt = db.session.query(Tahsilat).one()
        kod, makbuz_no = receipt.dogrulama_kodu, receipt.makbuz_no
        ad = db.session.get(Mukellef, receipt.mukellef_id).gorunen_ad
    public = app.test_client()
    page = public.get(f"/e-hizmet/makbuz/dogrula/{kod}", headers=A)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and makbuz_no in html and "Alfa Belediyesi" in html
    assert f"{ad[:2]}*" in html and ad not in html  # the name is masked
    unknown = public.get("/e-hizmet/makbuz/dogrula/yok-boyle-kod", headers=A)
    assert unknown.status_code == 404 and "tanınmadı" in unknown.get_data(as_text=True)
    assert public.get(f"/e-hizmet/makbuz/dogrula/{kod}", headers=B).status_code == 404  # beta has no such receipt


def test_no_debt_letter_only_without_debts(client):
    _, ids = citizen_with_debts(client)
    page = client.get("/e-hizmet/borcu-yoktur", headers=A).get_data(as_text=True)
    assert "verilemiyor" in page and "/e-hizmet/borclarim" in page
    assert client.get("/e-hizmet/borcu-yoktur.pdf", headers=A).status_code == 302
    pay(client, ids)
    assert "indir (PDF)" in client.get("/e-hizmet/borcu-yoktur", headers=A).get_data(as_text=True)
    pdf = client.get("/e-hizmet/borcu-yoktur.pdf", headers=A)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_api_debts_start_and_status(client):
    _, ids = citizen_with_debts(client)
    debts = client.get("/api/v1/gelir/borclarim", headers=A).json
    assert debts["kayitli"] and [d["tahakkuk_id"] for d in debts["borclar"]] == ids
    assert debts["borclar"][0]["gecikme_adimlari"]
    for body in ({}, {"tahakkuk_idleri": []}, {"tahakkuk_idleri": ["x"]}, {"tahakkuk_idleri": [987654]}):
        bad = client.post("/api/v1/gelir/odemeler", json=body, headers=A)
        assert bad.status_code == 422 and any(k.startswith("tahakkuk_idleri") for k in bad.json["errors"]), bad.json
    started = client.post("/api/v1/gelir/odemeler", json={"tahakkuk_idleri": ids}, headers=A)
    assert started.status_code == 201 and "/pos/3d/" in started.json["yonlendirme_url"]
    assert started.json["tutar"] == debts["toplam"]
    siparis_no = started.json["siparis_no"]
    assert client.get(f"/api/v1/gelir/odemeler/{siparis_no}", headers=A).json["durum"] == "baslatildi"
    client.post("/e-hizmet/odeme/donus", data=banka_sayfasi(started.json["yonlendirme_url"]), headers=A)
    status = client.get(f"/api/v1/gelir/odemeler/{siparis_no}", headers=A).json
    assert status["durum"] == "odendi" and status["tahsilat_id"]
