"""The property register: validation, shares, sales, declarations, Tapu pre-fill and
comparison, the single-dwelling relief, pages and permissions."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from ebelediye.audit import AuditEntry
from ebelediye.connectors.factory import connectors
from ebelediye.extensions import db
from ebelediye.inputs import InvalidInput, load
from modules.gelir import parametre
from modules.gelir.models import Beyan, Emlak, EmlakHissesi, Muafiyet
from modules.gelir.schemas.kayit import HisseInput
from modules.gelir.services import GelirError
from modules.gelir.services import emlak as service
from tenants import services
from tests.plugin import host

from .conftest import EmlakFactory, MukellefFactory, birim_deger, hisse, staff_with

ALFA = {"Host": host("alfa")}
BETA = {"Host": host("beta")}
TODAY = date(2026, 2, 10)


def bina(**extra) -> dict:
    data = {"tur": "bina", "mahalle": "Cumhuriyet", "sokak": "Atatürk Cad.", "deger_bolgesi": "B1", "ada": "501",
            "parsel": "7", "bagimsiz_bolum": "3", "arsa_alani": "400", "arsa_payi_alani": "40", "bina_alani": "120",
            "kullanim": "mesken", "insaat_sinifi": "3A", "yapim_yili": "2005"}
    data.update(extra)
    return data


def owner(m, pay=1, payda=1, start=2026) -> service.HisseGirdisi:
    return service.HisseGirdisi(m.id, pay, payda, start)


def a_parcel(nitelik: str = "bina"):
    """A privately held parcel of the synthetic land registry whose owners are persons."""
    population = connectors().agencies.population
    return next(p for p in population.iter_parcels(0, 5000)
                if p.nitelik == nitelik and p.malikler and all(o.kimlik_turu == "tckn" for o in p.malikler))


def settle_in(parcel) -> None:
    settings = parametre.ayarlar()
    settings.il, settings.ilce = parcel.il, parcel.ilce
    db.session.flush()


# --- create and validate -------------------------------------------------------------------

def test_create_files_the_first_declaration_and_audits():
    with services.bound("alfa"):
        birim_deger("B1")
        a, b = MukellefFactory(), MukellefFactory()
        e = service.olustur(bina(), [owner(a, 1, 2), owner(b, 1, 2)], actor="memur@alfa", tarih=TODAY)
        assert e.bina_alani == Decimal("120.00") and e.insaat_sinifi == "3A"
        declaration = db.session.scalar(select(Beyan).where(Beyan.emlak_id == e.id))
        assert declaration.neden == "ilk" and len(declaration.bilgiler["hisseler"]) == 2
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "gelir.emlak.olustur"))


@pytest.mark.parametrize("field, value, message", [
    ("bina_alani", "-5", "negatif"),
    ("arsa_alani", "12,345", "iki ondalık"),
    ("deger_bolgesi", "YOK9", "birim değer tanımlı değil"),
    ("insaat_sinifi", "9Z", "maliyet bedeli tanımlı değil"),
    ("tur", "villa", "Bina, arsa ya da arazi"),
    ("ada", "-1", "arasında"),
    ("kullanim", "", "Mesken ya da işyeri"),
])
def test_bad_property_input_is_refused_and_nothing_written(field, value, message):
    with services.bound("alfa"):
        birim_deger("B1")
        m = MukellefFactory()
        with pytest.raises(GelirError) as caught:
            service.olustur(bina(**{field: value}), [owner(m)], actor="x", tarih=TODAY)
        assert message in " ".join(caught.value.field_messages()[field])
        assert db.session.scalar(select(func.count(Emlak.id))) == 0
        assert db.session.scalar(select(func.count(Beyan.id))) == 0


def test_shares_over_the_whole_are_refused():
    with services.bound("alfa"):
        birim_deger("B1")
        a, b = MukellefFactory(), MukellefFactory()
        with pytest.raises(GelirError, match="%100'ü aşamaz"):
            service.olustur(bina(), [owner(a, 2, 3), owner(b, 1, 2)], actor="x", tarih=TODAY)
        assert db.session.scalar(select(func.count(Emlak.id))) == 0
        e = service.olustur(bina(), [owner(a, 1, 2)], actor="x", tarih=TODAY)
        with pytest.raises(GelirError) as caught:
            service.hisse_ekle(e.id, owner(b, 2, 3), actor="x", tarih=TODAY)
        assert caught.value.errors["pay"] == ["Hisseler toplamı %100'ü aşamaz."]
        with pytest.raises(InvalidInput) as refused:  # the page's and the API's input
            load(HisseInput(), {"mukellef_id": b.id, "pay": 3, "payda": 2, "baslangic_yili": 2026})
        assert "paydadan büyük" in refused.value.field_messages()["pay"][0]
        service.hisse_ekle(e.id, owner(b, 1, 2), actor="x", tarih=TODAY)


def test_duplicate_parcel_is_refused():
    with services.bound("alfa"):
        birim_deger("B1")
        m = MukellefFactory()
        service.olustur(bina(), [owner(m)], actor="x", tarih=TODAY)
        with pytest.raises(GelirError, match="zaten kayıtlı"):
            service.olustur(bina(), [owner(m)], actor="x", tarih=TODAY)


def test_sale_ends_the_seller_in_the_sale_year_and_starts_the_buyer_next_year():
    with services.bound("alfa"):
        seller, buyer = MukellefFactory(), MukellefFactory()
        e = EmlakFactory()
        share = hisse(e, seller, baslangic=2015)
        new = service.satis(e.id, share.id, buyer.id, date(2026, 7, 26), actor="x", tarih=TODAY)
        assert share.bitis_yili == 2026 and new.baslangic_yili == 2027 and new.mukellef_id == buyer.id
        assert db.session.scalar(select(Beyan.neden).where(Beyan.emlak_id == e.id)) == "satis"
        with pytest.raises(GelirError, match="sona ermiş"):
            service.satis(e.id, share.id, buyer.id, date(2026, 8, 1), actor="x", tarih=TODAY)


def test_every_change_is_filed_as_a_declaration():
    with services.bound("alfa"):
        birim_deger("B1")
        m = MukellefFactory()
        e = service.olustur(bina(), [owner(m)], actor="x", tarih=TODAY)
        service.guncelle(e.id, bina(bina_alani="135.5"), actor="y", tarih=TODAY)
        rows = service.beyanlar(e.id)
        assert [r.neden for r in rows] == ["degisiklik", "ilk"]
        assert rows[0].bilgiler["once"]["bina_alani"] == "120.00"
        assert rows[0].bilgiler["emlak"]["bina_alani"] == "135.50"
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "gelir.emlak.guncelle"))
        assert entry.before["bina_alani"] == "120.00" and entry.after["bina_alani"] == "135.50"


# --- Tapu ----------------------------------------------------------------------------------

def test_tapu_prefill_matches_owners_to_taxpayers():
    parcel = a_parcel()
    with services.bound("alfa"):
        settle_in(parcel)
        known = MukellefFactory(tckn=parcel.malikler[0].kimlik)
        info = service.tapu_onbilgi(parcel.ada, parcel.parsel, actor="memur@alfa")
        assert info["tur"] == "bina" and Decimal(info["arsa_alani"]) == parcel.alan_m2
        assert info["malikler"][0]["mukellef_id"] == known.id
        assert info["baslangic_yili"] == parcel.edinme_tarihi.year + 1


def test_unknown_parcel_and_missing_settings_are_clear_errors():
    with services.bound("alfa"):
        settings = parametre.ayarlar()
        settings.il = settings.ilce = ""
        with pytest.raises(GelirError, match="il ve ilçe"):
            service.tapu_onbilgi(101, 1, actor="x")
        settle_in(a_parcel())
        with pytest.raises(GelirError) as caught:
            service.tapu_onbilgi(99_999, 1, actor="x")
        assert "parsel" in caught.value.errors and "bulunamadı" in caught.value.message


def test_tapu_comparison_and_resolution():
    parcel = a_parcel()
    with services.bound("alfa"):
        settle_in(parcel)
        birim_deger("B1")
        owners = [MukellefFactory(tckn=o.kimlik) for o in parcel.malikler]
        stranger = MukellefFactory()
        e = service.olustur(bina(ada=str(parcel.ada), parsel=str(parcel.parsel), bagimsiz_bolum="",
                                 arsa_alani=str(parcel.alan_m2 + 1), bina_alani=str(parcel.kat_alani_m2),
                                 kullanim=parcel.kullanim, yapim_yili=str(parcel.yapim_yili)),
                            [owner(stranger)], actor="x", tarih=TODAY)
        diffs = {d.alan: d for d in service.tapu_karsilastir(e.id, actor="x")}
        assert set(diffs) == {"arsa_alani", "malikler"}
        with pytest.raises(GelirError, match="not"):
            service.tapu_farki_coz(e.id, "arsa_alani", "bizim", actor="x", tarih=TODAY)
        service.tapu_farki_coz(e.id, "arsa_alani", "tapu", actor="x", tarih=TODAY)
        assert e.arsa_alani == parcel.alan_m2
        service.tapu_farki_coz(e.id, "malikler", "tapu", actor="x", tarih=TODAY)
        assert service.tapu_karsilastir(e.id, actor="x") == []
        live = db.session.scalars(select(EmlakHissesi).where(EmlakHissesi.emlak_id == e.id,
                                                             EmlakHissesi.bitis_yili.is_(None))).all()
        assert {h.mukellef_id for h in live} == {o.id for o in owners}
        assert [b.neden for b in service.beyanlar(e.id)][:2] == ["degisiklik", "degisiklik"]
        assert db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "gelir.emlak.tapu_kabul")) == 2


# --- relief --------------------------------------------------------------------------------

def test_single_dwelling_relief_rules():
    with services.bound("alfa"):
        birim_deger("B1")
        m, company = MukellefFactory(), MukellefFactory(tur="tuzel", tckn=None, vkn="4540536920", unvan="X A.Ş.")
        home = service.olustur(bina(), [owner(m, start=2020)], actor="x", tarih=TODAY)
        row = service.tek_konut_basvurusu(home.id, m.id, "emekli", TODAY, actor="x")
        assert row.baslangic_yili == 2027 and row.tur == "tek_konut"
        with pytest.raises(GelirError) as caught:
            service.tek_konut_basvurusu(home.id, m.id, "emekli", TODAY, actor="x")
        assert "zaten" in " ".join(caught.value.field_messages()["emlak_id"])
        with pytest.raises(GelirError) as caught:
            service.tek_konut_basvurusu(home.id, m.id, "zengin", TODAY, actor="x")
        assert "gerekce" in caught.value.errors

        big = service.olustur(bina(parsel="8", bina_alani="250"), [owner(company, start=2020)], actor="x", tarih=TODAY)
        with pytest.raises(GelirError) as caught:
            service.tek_konut_basvurusu(big.id, company.id, "gazi", TODAY, actor="x")
        reasons = " ".join(caught.value.field_messages()["emlak_id"])
        assert "gerçek kişi" in reasons and "200" in reasons

        other = MukellefFactory()
        service.olustur(bina(parsel="9", dinlenme_amacli="1"), [owner(other, start=2020)], actor="x", tarih=TODAY)
        second = service.olustur(bina(parsel="10"), [owner(other, start=2020)], actor="x", tarih=TODAY)
        with pytest.raises(GelirError) as caught:
            service.tek_konut_basvurusu(second.id, other.id, "engelli", TODAY, actor="x")
        assert "başka meskeni" in " ".join(caught.value.field_messages()["emlak_id"])
        assert db.session.scalar(select(func.count(Muafiyet.id))) == 1


# --- pages ---------------------------------------------------------------------------------

def test_property_pages_and_permissions(client):
    staff_with(client, "alfa", "gelir.mukellef.goruntule")
    with services.bound("alfa"):
        e = EmlakFactory()
        m = MukellefFactory()
        hisse(e, m)
        db.session.commit()
        emlak_id = e.id
    assert client.get("/gelir/emlak", headers=ALFA).status_code == 200
    page = client.get(f"/gelir/emlak/{emlak_id}", headers=ALFA)
    assert page.status_code == 200 and "Vergi değeri" in page.get_data(as_text=True)
    with services.bound("alfa"):
        birim_deger("B1", "1000", baslangic=date(2026, 1, 1))
        db.session.commit()
    valued = client.get(f"/gelir/emlak/{emlak_id}?yil=2026", headers=ALFA).get_data(as_text=True)
    # 500 m² × 1,000 TL = 500,000 TL; ‰3 = 1,500 TL a year for the sole owner, in two installments
    assert "500.000,00 TL" in valued and "1.500,00" in valued and "750,00 + 750,00" in valued
    assert client.get("/gelir/emlak/yeni", headers=ALFA).status_code == 403
    assert client.post(f"/gelir/emlak/{emlak_id}/hisse", data={}, headers=ALFA).status_code == 403


def test_create_property_from_the_page(client):
    staff_with(client, "alfa", "gelir.mukellef.goruntule", "gelir.emlak.yonet")
    with services.bound("alfa"):
        birim_deger("B1")
        m = MukellefFactory()
        db.session.commit()
        tckn = m.tckn
    form = {**bina(), "malik_0": tckn, "pay_0": "1", "payda_0": "1", "baslangic_0": "2026", "islem": "kaydet"}
    bad = client.post("/gelir/emlak/yeni", data={**form, "bina_alani": "-3"}, headers=ALFA)
    assert bad.status_code == 422 and "En az 0 olmalı." in bad.get_data(as_text=True)  # the API's message
    over = client.post("/gelir/emlak/yeni", data={**form, "malik_1": tckn, "pay_1": "1", "payda_1": "2",
                                                  "baslangic_1": "2026"}, headers=ALFA)
    assert over.status_code == 422 and "%100" in over.get_data(as_text=True)
    done = client.post("/gelir/emlak/yeni", data=form, headers=ALFA)
    assert done.status_code == 302
    detail = client.get(done.location, headers=ALFA).get_data(as_text=True)
    assert "Beyan geçmişi" in detail and "ilk" in detail


def test_beta_cannot_open_alfas_property(client):
    with services.bound("alfa"):
        e = EmlakFactory()
        db.session.commit()
        emlak_id = e.id
    staff_with(client, "beta", "gelir.mukellef.goruntule", "gelir.emlak.yonet")
    assert client.get(f"/gelir/emlak/{emlak_id}", headers=BETA).status_code == 404
    assert client.get(f"/gelir/emlak/{emlak_id}/tapu", headers=BETA).status_code == 404
