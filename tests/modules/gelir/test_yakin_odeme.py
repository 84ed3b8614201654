"""Paying a relative's debt (issue 12, item 9): TCKN and taxpayer number must match one
record (a mismatch does not say which), only open amounts by kind are shown, the lookup is in
the KVKK trail and rate-limited, and the payment credits the relative with the payer on it."""

import re
from datetime import date

from sqlalchemy import select

from ebelediye.connectors.kvkk import PersonalDataLookup
from ebelediye.extensions import db
from modules.gelir.models import OnlineOdeme, Tahakkuk, Tahsilat
from modules.gelir.services import borc as borc_service
from tenants import services
from tests.plugin import host, ids_apart, sign_in_citizen

from .conftest import MukellefFactory, borc, new_tckn
from .online_helpers import banka_sayfasi

A = {"Host": host("alfa")}
B = {"Host": host("beta")}
MISMATCH = "Girdiğiniz T.C. kimlik numarası ve mükellef numarası birlikte bir kayıtla eşleşmedi."


def _relative(slug="alfa"):
    with services.bound(slug):
        person = MukellefFactory(ad="Fatma", soyad="Kaya", adres="Gizli Sok. No: 7")
        debt = borc(person, "1500.00", date(2025, 11, 30), gelir_kodu="emlak_bina", taksit=2)
        db.session.add(Tahakkuk(mukellef_id=person.id, gelir_kodu="ctv_konut", kaynak="x:1", yil=2026, taksit=1,
                                surum=1, vade=date(2026, 5, 31), tutar=250, olusturan="t",
                                aciklama="Gizli Sok. No: 7 daire 3"))
        db.session.commit()
        return person.tckn, person.id, debt.id


def _lookup(client, tckn, no, headers=A):
    return client.post("/e-hizmet/yakin-borcu", data={"tckn": tckn, "mukellef_no": str(no)}, headers=headers)


def test_a_mismatch_is_refused_without_saying_which_field_and_is_logged(client):
    payer = new_tckn()
    sign_in_citizen(client, "alfa", payer)
    tckn, mukellef_id, _ = _relative()
    with services.bound("alfa"):
        other = MukellefFactory()
        db.session.commit()
        other_id = other.id
    for bad in ((tckn, other_id), (new_tckn(), mukellef_id), (tckn, 2**62)):
        page = _lookup(client, *bad)
        html = page.get_data(as_text=True)
        assert page.status_code == 422 and MISMATCH in html
        assert 'id="f-tckn"' in html and "is-invalid" not in html  # neither field is marked
        assert "Kaya" not in html and "1.500,00" not in html
    with services.bound("alfa"):
        rows = db.session.scalars(select(PersonalDataLookup).where(
            PersonalDataLookup.actor == f"vatandas:{payer}").order_by(PersonalDataLookup.id)).all()
        assert [r.outcome for r in rows] == ["not_found"] * 3 and rows[0].subject_id == tckn
        assert rows[0].realm == "citizen" and rows[0].purpose == "tahsilat"


def test_the_match_shows_only_open_amounts_and_the_payment_credits_the_relative(client):
    payer = new_tckn()
    sign_in_citizen(client, "alfa", payer)
    tckn, mukellef_id, debt_id = _relative()
    page = _lookup(client, tckn, mukellef_id)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "1.500,00" in html and "Bina Vergisi" in html
    for private in ("Fatma", "Kaya", "Gizli Sok", "Makbuz"):  # no name, no address, no history
        assert private not in html
    token = re.search(r'name="anahtar" value="([^"]+)"', html).group(1)
    confirm = client.post("/e-hizmet/yakin-borcu/odeme", data={"anahtar": token, "tahakkuk": [str(debt_id)]},
                          headers=A)
    assert confirm.status_code == 200 and "Kaya" not in confirm.get_data(as_text=True)
    onay = re.search(r'name="onay" value="([^"]+)"', confirm.get_data(as_text=True)).group(1)
    started = client.post("/e-hizmet/yakin-borcu/odeme", data={"anahtar": token, "onay": onay}, headers=A)
    assert started.status_code == 303, started.get_data(as_text=True)
    back = client.post("/e-hizmet/odeme/donus", data=banka_sayfasi(started.location), headers=A)
    assert back.status_code == 303
    result = client.get(back.location, headers=A)
    assert result.status_code == 200 and "makbuz/" not in result.get_data(as_text=True)  # no receipt PDF for the payer
    with services.bound("alfa"):
        odeme = db.session.scalar(select(OnlineOdeme).where(OnlineOdeme.odeyen_tckn == payer))
        assert odeme.mukellef_id == mukellef_id and odeme.durum == "odendi"
        receipt = db.session.get(Tahsilat, odeme.tahsilat_id)
        assert receipt.mukellef_id == mukellef_id and payer[:3] in receipt.odeyen and payer not in receipt.odeyen
        open_ids = {d.tahakkuk_id for d in borc_service.acik_borclar(mukellef_id, date(2026, 12, 2))}
        assert debt_id not in open_ids and len(open_ids) == 1
        assert db.session.scalar(select(PersonalDataLookup.outcome).where(
            PersonalDataLookup.actor == f"vatandas:{payer}")) == "ok"


def test_a_token_is_the_payers_own_and_another_municipality_finds_nothing(client):
    tckn, mukellef_id, debt_id = _relative()
    sign_in_citizen(client, "alfa", new_tckn())
    html = _lookup(client, tckn, mukellef_id).get_data(as_text=True)
    token = re.search(r'name="anahtar" value="([^"]+)"', html).group(1)
    client.get("/e-hizmet/cikis", headers=A)
    sign_in_citizen(client, "alfa", new_tckn())  # someone else cannot pay from that list
    for form in ({"anahtar": token, "tahakkuk": [str(debt_id)]}, {"anahtar": "x" * 5000}):
        refused = client.post("/e-hizmet/yakin-borcu/odeme", data=form, headers=A)
        assert refused.status_code == 303 and refused.location.endswith("/e-hizmet/yakin-borcu")
    with services.bound("alfa"):
        assert db.session.scalar(select(OnlineOdeme.id).where(OnlineOdeme.mukellef_id == mukellef_id)) is None
    ids_apart("mukellefler")
    sign_in_citizen(client, "beta", new_tckn())
    assert _lookup(client, tckn, mukellef_id, B).status_code == 422
    bad = _lookup(client, "1234\x00", "abc", B)
    assert bad.status_code == 422


def test_the_lookup_is_rate_limited_per_citizen(client, app):
    app.config["GELIR_YAKIN_SORGU_LIMIT"] = "3 per hour"
    try:
        sign_in_citizen(client, "alfa", new_tckn())
        answers = [_lookup(client, new_tckn(), 1).status_code for _ in range(4)]
    finally:
        app.config.pop("GELIR_YAKIN_SORGU_LIMIT")
    assert answers == [422, 422, 422, 429]


# --- the same flow through the API (/api/v1/gelir/yakin-borclari, /yakin-odemeler) ---------

def _api_lookup(client, tckn, no, headers=A):
    return client.post("/api/v1/gelir/yakin-borclari", json={"tckn": tckn, "mukellef_no": no}, headers=headers)


def test_the_api_lookup_answers_only_amounts_and_its_key_pays_as_the_payer(client):
    payer = new_tckn()
    sign_in_citizen(client, "alfa", payer)
    tckn, mukellef_id, debt_id = _relative()
    answer = _api_lookup(client, tckn, mukellef_id)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    body = answer.get_json()
    assert {b["tahakkuk_id"] for b in body["borclar"]} >= {debt_id} and body["gecerlilik_saniye"] == 30 * 60
    assert set(body["borclar"][0]) == {"tahakkuk_id", "gelir_adi", "yil", "taksit", "vade", "anapara",
                                       "gecikme_zammi", "toplam"}
    for private in ("Fatma", "Kaya", "Gizli Sok"):  # no name, no address, no description
        assert private not in answer.get_data(as_text=True)
    paid = client.post("/api/v1/gelir/yakin-odemeler", json={"anahtar": body["anahtar"], "tahakkuk_idleri": [debt_id]},
                       headers=A)
    assert paid.status_code == 201, paid.get_data(as_text=True)
    assert "/pos/3d/" in paid.get_json()["yonlendirme_url"]
    with services.bound("alfa"):
        odeme = db.session.scalar(select(OnlineOdeme).where(OnlineOdeme.mukellef_id == mukellef_id))
        assert odeme.odeyen_tckn == payer and [s["tahakkuk_id"] for s in odeme.secim] == [debt_id]
        db.session.rollback()


def test_the_api_refuses_a_mismatch_a_foreign_key_and_another_payer_s_key(client):
    tckn, mukellef_id, debt_id = _relative()
    sign_in_citizen(client, "alfa", new_tckn())
    refused = _api_lookup(client, tckn, mukellef_id + 1)
    assert refused.status_code == 422 and refused.get_json()["message"] == MISMATCH
    token = _api_lookup(client, tckn, mukellef_id).get_json()["anahtar"]
    client.get("/e-hizmet/cikis", headers=A)
    sign_in_citizen(client, "alfa", new_tckn())  # another citizen cannot pay from that answer
    for key in (token, "x" * 100, "a\x00b"):
        bad = client.post("/api/v1/gelir/yakin-odemeler", json={"anahtar": key, "tahakkuk_idleri": [debt_id]},
                          headers=A)
        assert bad.status_code == 422 and "anahtar" in bad.get_json()["errors"], bad.get_json()
    with services.bound("alfa"):
        assert db.session.scalar(select(OnlineOdeme.id).where(OnlineOdeme.mukellef_id == mukellef_id)) is None
        db.session.rollback()
    for body in ({"tckn": tckn}, {"tckn": "123", "mukellef_no": 1}, {"tckn": tckn, "mukellef_no": 2**70}):
        assert client.post("/api/v1/gelir/yakin-borclari", json=body, headers=A).status_code == 422


def test_the_api_and_the_page_share_the_citizen_s_lookup_limit(client, app):
    app.config["GELIR_YAKIN_SORGU_LIMIT"] = "3 per hour"
    try:
        sign_in_citizen(client, "alfa", new_tckn())
        answers = [_lookup(client, new_tckn(), 1).status_code, _api_lookup(client, new_tckn(), 1).status_code,
                   _lookup(client, new_tckn(), 1).status_code, _api_lookup(client, new_tckn(), 1).status_code]
    finally:
        app.config.pop("GELIR_YAKIN_SORGU_LIMIT")
    assert answers == [422, 422, 422, 429]
