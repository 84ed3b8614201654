"""The registry API: taxpayers, properties and tariffs, with the platform's error shape."""

from ebelediye.connectors.factory import connectors
from ebelediye.extensions import db
from tenants import services
from tests.plugin import host

from .conftest import MukellefFactory, birim_deger, staff_with

ALFA = {"Host": host("alfa")}
BETA = {"Host": host("beta")}
ALL = ("gelir.mukellef.goruntule", "gelir.mukellef.yonet", "gelir.emlak.yonet", "gelir.tarife.yonet")


def test_taxpayer_api(client):
    staff_with(client, "alfa", *ALL)
    company = connectors().agencies.population.company(5)
    created = client.post("/api/v1/gelir/mukellefler", json={"tur": "tuzel", "vkn": company.vkn}, headers=ALFA)
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["unvan"] == company.unvan and body["gib_durumu"]["kayitli"] is True
    bad = client.post("/api/v1/gelir/mukellefler", json={"tur": "tuzel", "vkn": "4540536921"}, headers=ALFA)
    assert bad.status_code == 422 and "vkn" in bad.get_json()["errors"]
    dup = client.post("/api/v1/gelir/mukellefler", json={"tur": "tuzel", "vkn": company.vkn}, headers=ALFA)
    assert dup.status_code == 422
    found = client.get("/api/v1/gelir/mukellefler", query_string={"q": company.vkn}, headers=ALFA).get_json()
    assert found["toplam"] == 1 and found["kayitlar"][0]["id"] == body["id"]
    contact = client.put(f"/api/v1/gelir/mukellefler/{body['id']}/iletisim", json={"eposta": "yanlis"}, headers=ALFA)
    assert contact.status_code == 422 and "eposta" in contact.get_json()["errors"]
    with services.bound("alfa"):
        other = MukellefFactory(tur="tuzel", tckn=None, vkn="4540536920", unvan="Eski Kayıt")
        db.session.commit()
        other_id = other.id
    merged = client.post(f"/api/v1/gelir/mukellefler/{other_id}/birlestir",
                         json={"hedef_id": body["id"], "gerekce": "mükerrer"}, headers=ALFA)
    assert merged.status_code == 201 and merged.get_json()["hedef_id"] == body["id"]
    self_merge = client.post(f"/api/v1/gelir/mukellefler/{body['id']}/birlestir",
                             json={"hedef_id": body["id"], "gerekce": "x"}, headers=ALFA)
    assert self_merge.status_code == 422
    assert client.get(f"/api/v1/gelir/mukellefler/{body['id']}", headers=BETA).status_code in (401, 403, 404)


def test_property_and_tariff_api(client):
    staff_with(client, "alfa", *ALL)
    with services.bound("alfa"):
        birim_deger("B1")
        m = MukellefFactory()
        db.session.commit()
        mid = m.id
    data = {"tur": "arsa", "deger_bolgesi": "B1", "ada": 700, "parsel": 3, "arsa_alani": "350.00",
            "hisseler": [{"mukellef_id": mid, "pay": 1, "payda": 2, "baslangic_yili": 2026},
                         {"mukellef_id": mid, "pay": 2, "payda": 3, "baslangic_yili": 2026}]}
    over = client.post("/api/v1/gelir/emlaklar", json=data, headers=ALFA)
    assert over.status_code == 422 and over.get_json()["message"] == "Hisseler toplamı %100'ü aşamaz."
    negative = client.post("/api/v1/gelir/emlaklar", json={**data, "arsa_alani": "-1", "hisseler": data["hisseler"][:1]},
                           headers=ALFA)
    assert negative.status_code == 422 and "arsa_alani" in negative.get_json()["errors"]
    # an area typed the Turkish way, as on the page
    created = client.post("/api/v1/gelir/emlaklar", json={**data, "arsa_alani": "1.350,50",
                                                          "hisseler": data["hisseler"][:1]}, headers=ALFA)
    assert created.status_code == 201, created.get_json()
    emlak_id = created.get_json()["id"]
    got = client.get(f"/api/v1/gelir/emlaklar/{emlak_id}", headers=ALFA).get_json()
    assert got["arsa_alani"] == "1350.50" and got["hisseler"][0]["pay"] == 1
    tariffs = client.get("/api/v1/gelir/tarifeler", query_string={"tur": "arsa_birim"}, headers=ALFA).get_json()
    assert any(t["kod"] == "B1" for t in tariffs)
    added = client.post("/api/v1/gelir/tarifeler", json={"tur": "arsa_birim", "kod": "B1", "tutar": "1250.50",
                                                         "gecerlilik_baslangic": "2026-01-01"}, headers=ALFA)
    assert added.status_code == 201 and added.get_json()["ad"] == "Değer bölgesi B1"
    backdated = client.post("/api/v1/gelir/tarifeler", json={"tur": "arsa_birim", "kod": "B1", "tutar": "1",
                                                             "gecerlilik_baslangic": "2025-06-01"}, headers=ALFA)
    assert backdated.status_code == 422 and "gecerlilik_baslangic" in backdated.get_json()["errors"]


def test_api_permissions(client):
    staff_with(client, "alfa", "gelir.mukellef.goruntule")
    assert client.post("/api/v1/gelir/mukellefler", json={"tur": "gercek", "tckn": "10000000146"},
                       headers=ALFA).status_code == 403
    assert client.get("/api/v1/gelir/tarifeler", headers=ALFA).status_code == 403
    assert client.get("/api/v1/gelir/mukellefler/999999", headers=ALFA).status_code == 404


def test_an_empty_contact_update_is_refused_and_a_partial_one_keeps_the_rest(client):
    """Issue 10 item 7: `PUT .../iletisim` with an empty body used to blank the address,
    phone and e-mail."""
    staff_with(client, "alfa", *ALL)
    with services.bound("alfa"):
        m = MukellefFactory(adres="Kızılay Mah. 1", telefon="05321234567", eposta="ayse@example.org")
        db.session.commit()
        mid = m.id
    empty = client.put(f"/api/v1/gelir/mukellefler/{mid}/iletisim", json={}, headers=ALFA)
    assert empty.status_code == 422 and empty.get_json()["errors"]
    partial = client.put(f"/api/v1/gelir/mukellefler/{mid}/iletisim", json={"telefon": "05329876543"}, headers=ALFA)
    assert partial.status_code == 200, partial.get_json()
    with services.bound("alfa"):
        from modules.gelir.models import Mukellef

        row = db.session.get(Mukellef, mid)
        db.session.refresh(row)
        assert (row.adres, row.telefon, row.eposta) == ("Kızılay Mah. 1", "05329876543", "ayse@example.org")
