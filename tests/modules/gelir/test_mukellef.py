"""The taxpayer registry: KPS/GİB pre-fill, checksums, duplicates, contact changes,
merging duplicates, permissions and tenant isolation."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from ebelediye.audit import AuditEntry
from ebelediye.connectors.factory import connectors
from ebelediye.extensions import db
from modules.gelir.models import (
    CtvKaydi,
    EmlakHissesi,
    IlanReklam,
    Mukellef,
    MukellefBirlestirme,
    Tahakkuk,
    Tahsilat,
)
from modules.gelir.services import GelirError, tahsilat
from modules.gelir.services import mukellef as service
from tenants import services
from tests.plugin import host

from .conftest import EmlakFactory, MukellefFactory, borc, hisse, staff_with

ALFA = {"Host": host("alfa")}
BETA = {"Host": host("beta")}
VIEW, MANAGE = "gelir.mukellef.goruntule", "gelir.mukellef.yonet"


class Ids:
    """What a test keeps of a row after its session is gone."""

    def __init__(self, row):
        self.id, self.tckn = row.id, row.tckn


def population():
    return connectors().agencies.population


def a_person():
    """A living adult of the synthetic population (KPS knows them)."""
    return next(m for _, m in population().iter_people(10, 200) if m.olum_tarihi is None and m.age() >= 18)


def a_company():
    return population().company(3)


# --- service ---------------------------------------------------------------------------

def test_person_is_created_from_kps_with_name_and_address():
    person = a_person()
    with services.bound("alfa"):
        row = service.gercek_olustur(person.tckn, actor="memur@alfa", telefon="0312 555 12 34")
        assert (row.ad, row.soyad) == (person.ad, person.soyad)
        assert row.adres and row.kps_dogrulandi_at is not None
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "gelir.mukellef.olustur",
                                                           AuditEntry.object_id == str(row.id)))
        assert entry.after["kaynak"] == "kps"


def test_company_is_created_with_its_gib_status():
    company = a_company()
    with services.bound("alfa"):
        row = service.tuzel_olustur(company.vkn, actor="memur@alfa")
        assert row.unvan == company.unvan
        assert row.gib_durumu["kayitli"] is True
        assert row.gib_durumu["vergi_dairesi"] == company.vergi_dairesi
        assert row.gib_durumu["aktif"] == (company.terk_tarihi is None)


@pytest.mark.parametrize("bad", ["17291716050", "1234567890", "02345678901", "abc", ""])
def test_bad_tckn_is_refused_before_any_call(bad):
    with services.bound("alfa"):
        with pytest.raises(GelirError) as caught:
            service.gercek_olustur(bad, actor="x")
        assert "tckn" in caught.value.errors
        assert db.session.scalar(select(func.count(Mukellef.id))) == 0


def test_bad_vkn_is_refused():
    with services.bound("alfa"):
        with pytest.raises(GelirError) as caught:
            service.tuzel_olustur("4540536921", actor="x")
        assert "vkn" in caught.value.errors


def test_unknown_person_shows_the_agency_message():
    # a valid checksum that the synthetic registry does not hold
    with services.bound("alfa"):
        with pytest.raises(GelirError) as caught:
            service.gercek_olustur("10000000146", actor="x")
        assert caught.value.errors["tckn"] == [caught.value.message]
        assert "bulunamadı" in caught.value.message.lower() or "kayıt" in caught.value.message.lower()


def test_duplicate_live_tckn_is_422_but_a_merged_one_does_not_count():
    with services.bound("alfa"):
        existing = MukellefFactory()
        with pytest.raises(GelirError) as caught:
            service.gercek_olustur(existing.tckn, actor="x")
        assert caught.value.status == 422 and "tckn" in caught.value.errors


def test_contact_change_is_audited_with_before_and_after():
    with services.bound("alfa"):
        m = MukellefFactory(telefon="", eposta="")
        service.iletisim_guncelle(m.id, actor="memur@alfa", adres="Yeni Mah. 5", telefon="05321234567",
                                  eposta="Ali@Example.com")
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "gelir.mukellef.iletisim"))
        assert entry.before["telefon"] == "" and entry.after == {"adres": "Yeni Mah. 5", "telefon": "05321234567",
                                                                   "eposta": "ali@example.com"}
        with pytest.raises(GelirError) as caught:
            service.iletisim_guncelle(m.id, actor="x", adres="", telefon="12", eposta="yok")
        assert set(caught.value.errors) == {"telefon", "eposta"}


# --- merge -------------------------------------------------------------------------------

def test_merge_moves_everything_and_keeps_history():
    with services.bound("alfa"):
        source, target = MukellefFactory(), MukellefFactory()
        e = EmlakFactory()
        share = hisse(e, source)
        debt = borc(source, "300.00", date(2025, 5, 31))
        paid = tahsilat.tahsil(source.id, "50.00", "nakit", date(2025, 6, 2), actor="kasa").tahsilat
        ctv = CtvKaydi(mukellef_id=source.id, kullanim="isyeri", grup=3, derece=2, baslangic_yili=2025)
        ad = IlanReklam(mukellef_id=source.id, tarife_kod="sabit_levha", yer="Cadde", alan=Decimal("2"), adet=1,
                        baslangic=date(2026, 1, 1), bitis=date(2026, 12, 31), kaydeden="x")
        db.session.add_all([ctv, ad])
        db.session.flush()

        row = service.birlestir(source.id, target.id, "Aynı kişi, iki kez kaydedilmiş", actor="sef@alfa")

        assert source.birlestigi_id == target.id
        assert db.session.get(EmlakHissesi, share.id).mukellef_id == target.id
        assert db.session.get(Tahakkuk, debt.id).mukellef_id == target.id
        assert db.session.get(Tahsilat, paid.id).mukellef_id == target.id
        assert db.session.get(CtvKaydi, ctv.id).mukellef_id == target.id
        assert db.session.get(IlanReklam, ad.id).mukellef_id == target.id
        assert row.tasinanlar["hisseler"] == [share.id] and debt.id in row.tasinanlar["tahakkuklar"]
        assert row.tasinanlar["tahsilatlar"] == [paid.id]
        assert row.gerekce == "Aynı kişi, iki kez kaydedilmiş" and row.yapan == "sef@alfa"
        # the merged record stays; both pages show the history; both are audited
        assert db.session.get(Mukellef, source.id) is not None
        for who in (source.id, target.id):
            assert [b.id for b in service.detay(who, date(2026, 1, 5)).birlestirmeler] == [row.id]
            assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "gelir.mukellef.birlestir",
                                                              AuditEntry.object_id == str(who)))
        assert source.id not in [m.id for m in db.session.scalars(service.arama(source.tckn))]


def test_merge_refusals():
    with services.bound("alfa"):
        a, b, c = MukellefFactory(), MukellefFactory(), MukellefFactory()
        with pytest.raises(GelirError, match="kendisiyle"):
            service.birlestir(a.id, a.id, "x", actor="x")
        with pytest.raises(GelirError, match="gerekçe"):
            service.birlestir(a.id, b.id, "  ", actor="x")
        service.birlestir(a.id, b.id, "mükerrer", actor="x")
        with pytest.raises(GelirError, match="Birleştirilmiş bir kayda"):
            service.birlestir(c.id, a.id, "x", actor="x")
        with pytest.raises(GelirError, match="zaten birleştirilmiş"):
            service.birlestir(a.id, c.id, "x", actor="x")
        assert db.session.scalar(select(func.count(MukellefBirlestirme.id))) == 1


def test_merge_refuses_colliding_accruals():
    with services.bound("alfa"):
        a, b = MukellefFactory(), MukellefFactory()
        borc(a, "100.00", date(2026, 5, 31), kaynak="emlak:1")
        borc(b, "100.00", date(2026, 5, 31), kaynak="emlak:1")
        with pytest.raises(GelirError, match="iptal"):
            service.birlestir(a.id, b.id, "mükerrer", actor="x")
        assert a.birlestigi_id is None


# --- pages -------------------------------------------------------------------------------

def test_list_search_and_detail(client):
    staff_with(client, "alfa", VIEW)
    with services.bound("alfa"):
        m = MukellefFactory(ad="Zeynep", soyad="Aksoy")
        borc(m, "120.00", date(2025, 5, 31))
        db.session.commit()
        m = Ids(m)
    page = client.get("/gelir/mukellefler", query_string={"q": m.tckn[:6]}, headers=ALFA)
    assert page.status_code == 200 and "Zeynep Aksoy" in page.get_data(as_text=True)
    assert "Zeynep" in client.get("/gelir/mukellefler", query_string={"q": "aksoy"}, headers=ALFA).get_data(as_text=True)
    detail = client.get(f"/gelir/mukellefler/{m.id}", headers=ALFA)
    text = detail.get_data(as_text=True)
    assert detail.status_code == 200 and "Açık borçlar" in text and "120,00" in text
    assert "Gecikme zammı" in text
    # viewing does not allow changing
    assert client.post(f"/gelir/mukellefler/{m.id}/iletisim", data={"adres": "x"}, headers=ALFA).status_code == 403
    assert client.get("/gelir/mukellefler/yeni", headers=ALFA).status_code == 403


def test_create_person_from_the_page_with_kps_prefill(client):
    staff_with(client, "alfa", VIEW, MANAGE)
    person = a_person()
    prefill = client.post("/gelir/mukellefler/yeni", data={"tur": "gercek", "tckn": person.tckn, "islem": "sorgula"},
                          headers=ALFA)
    assert prefill.status_code == 200 and person.soyad in prefill.get_data(as_text=True)
    saved = client.post("/gelir/mukellefler/yeni", data={"tur": "gercek", "tckn": person.tckn, "islem": "kaydet"},
                        headers=ALFA)
    assert saved.status_code == 302
    again = client.post("/gelir/mukellefler/yeni", data={"tur": "gercek", "tckn": person.tckn, "islem": "kaydet"},
                        headers=ALFA)
    assert again.status_code == 422 and "zaten var" in again.get_data(as_text=True)
    bad = client.post("/gelir/mukellefler/yeni", data={"tur": "gercek", "tckn": "12345678901", "islem": "kaydet"},
                      headers=ALFA)
    assert bad.status_code == 422 and 'aria-invalid="true"' in bad.get_data(as_text=True)


def test_create_company_from_the_page_shows_gib_status(client):
    staff_with(client, "alfa", VIEW, MANAGE)
    company = a_company()
    saved = client.post("/gelir/mukellefler/yeni", data={"tur": "tuzel", "vkn": company.vkn, "islem": "kaydet"},
                        headers=ALFA)
    assert saved.status_code == 302
    page = client.get(saved.location, headers=ALFA).get_data(as_text=True)
    assert "GİB durumu" in page and company.vergi_dairesi in page


def test_merge_from_the_page(client):
    staff_with(client, "alfa", VIEW, MANAGE)
    with services.bound("alfa"):
        a, b = MukellefFactory(), MukellefFactory()
        db.session.commit()
        a, b = Ids(a), Ids(b)
    refused = client.post(f"/gelir/mukellefler/{a.id}/birlestir", data={"hedef": str(a.id), "gerekce": "x"},
                          headers=ALFA)
    assert refused.status_code == 422
    done = client.post(f"/gelir/mukellefler/{a.id}/birlestir", data={"hedef": b.tckn, "gerekce": "mükerrer"},
                       headers=ALFA)
    assert done.status_code == 302
    assert "Birleştirme geçmişi" in client.get(f"/gelir/mukellefler/{b.id}", headers=ALFA).get_data(as_text=True)
    assert "Bu kayıt birleştirildi" in client.get(f"/gelir/mukellefler/{a.id}", headers=ALFA).get_data(as_text=True)


def test_beta_staff_cannot_open_alfas_taxpayer(client):
    with services.bound("alfa"):
        m = MukellefFactory()
        db.session.commit()
        m = Ids(m)
    staff_with(client, "beta", VIEW, MANAGE)
    assert client.get(f"/gelir/mukellefler/{m.id}", headers=BETA).status_code == 404
    assert client.post(f"/gelir/mukellefler/{m.id}/iletisim", data={"adres": "x"}, headers=BETA).status_code == 404
    listing = client.get("/gelir/mukellefler", query_string={"q": m.tckn}, headers=BETA).get_data(as_text=True)
    assert "Aramanıza uyan mükellef yok." in listing


def test_when_kps_is_down_a_person_is_registered_from_the_id_card_and_verified_later(client, monkeypatch):
    from ebelediye import connectors as connector_registry
    from ebelediye.connectors import AgencyUnavailable

    staff_with(client, "alfa", VIEW, MANAGE)
    person = a_person()
    with services.bound("alfa"):
        kps = connector_registry.get("kps")
    real_person = kps.person

    def down(*args, **kwargs):
        raise AgencyUnavailable("kps")

    monkeypatch.setattr(kps, "person", down)
    form = {"tur": "gercek", "tckn": person.tckn, "islem": "kaydet"}
    refused = client.post("/gelir/mukellefler/yeni", data=form, headers=ALFA)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "KPS doğrulaması sonra yapılsın" in page  # the manual fields appear
    no_name = client.post("/gelir/mukellefler/yeni", data={**form, "elle": "1"}, headers=ALFA)
    assert no_name.status_code == 422 and 'id="f-ad"' in no_name.get_data(as_text=True)
    saved = client.post("/gelir/mukellefler/yeni", data={**form, "elle": "1", "ad": "Elle", "soyad": "Girilmiş"},
                        headers=ALFA)
    assert saved.status_code == 302
    detail_url = saved.location
    assert "KPS ile doğrulanmadı" in client.get(detail_url, headers=ALFA).get_data(as_text=True)
    monkeypatch.setattr(kps, "person", real_person)  # KPS is back
    verified = client.post(detail_url + "/kps", headers=ALFA)
    assert verified.status_code == 302
    page = client.get(detail_url, headers=ALFA).get_data(as_text=True)
    assert "KPS ile doğrulandı" in page and person.soyad in page and "Girilmiş" not in page
