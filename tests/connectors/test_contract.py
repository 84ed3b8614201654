"""The same cases against the in-process mock and the HTTP client + mock agency server."""

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import httpx
import pytest

from ebelediye.connectors import Caller, NotFound, Rejected
from ebelediye.connectors.errors import InvalidInput
from ebelediye.connectors.synthetic.population import REFERENCE_DATE
from ebelediye.connectors.types import KesenekLine, PremiumLine
from tests.connectors.conftest import adult

CLERK = Caller("memur@alfa.bel.tr", "nikah")
TAX = Caller("tahakkuk@alfa.bel.tr", "emlak_vergisi")
HR = Caller("ik@alfa.bel.tr", "personel")
MUNICIPALITY_VKN = "4540536920"

pytestmark = pytest.mark.usefixtures("alfa")


def test_person(kind, make_client, population):
    hh, member = adult(population, married=True, sex="K")
    person = make_client(kind, "kps").person(member.tckn, caller=CLERK)
    assert (person.tckn, person.ad, person.soyad, person.onceki_soyad) == (
        member.tckn, member.ad, member.soyad, member.onceki_soyad)
    assert person.dogum_tarihi == member.dogum_tarihi and person.cinsiyet == "K"
    assert person.medeni_hal == "evli" and person.alive
    assert person.adres.il == hh.address.il and hh.address.ilce in person.adres.acik_adres


def test_deceased_person(kind, make_client, population):
    _, member = adult(population, alive=False)
    person = make_client(kind, "kps").person(member.tckn, caller=CLERK)
    assert person.durum == "olu" and person.olum_tarihi == member.olum_tarihi and not person.alive


def test_unknown_person_is_not_found(kind, make_client):
    with pytest.raises(NotFound) as caught:
        make_client(kind, "kps").person("10000000146", caller=CLERK)
    assert "bulunamadı" in caught.value.message_tr


def test_family_links_are_mutual(kind, make_client, population):
    hh, parent = next((hh, m) for hh, m in population.iter_people() if m.slot == 0 and m.medeni_hal == "evli"
                      and len(hh.members) >= 3)
    kps = make_client(kind, "kps")
    family = kps.family(parent.tckn, caller=CLERK)
    relations = {r.tckn: r.yakinlik for r in family}
    assert relations[hh.members[1].tckn] == "es"
    child = hh.members[2]
    assert relations[child.tckn] == "cocuk"
    back = {r.tckn: r.yakinlik for r in kps.family(child.tckn, caller=CLERK)}
    assert back[parent.tckn] == "baba" and back[hh.members[1].tckn] == "anne"


def test_register_marriage(kind, make_client, population):
    _, groom = adult(population, married=False, sex="E")
    _, bride = adult(population, married=False, sex="K", skip={groom.tckn})
    kps = make_client(kind, "kps")
    before = kps.person(bride.tckn, caller=CLERK)  # now cached for this tenant
    on = date.today() - timedelta(days=1)
    registration = kps.register_marriage(groom.tckn, bride.tckn, on, "NK-2026-001", caller=CLERK)
    assert registration.aile_cuzdani_no and registration.nikah_tarihi == on
    # the same municipal record number again: the same registration, not a second marriage
    again = kps.register_marriage(groom.tckn, bride.tckn, on, "NK-2026-001", caller=CLERK)
    assert again.aile_cuzdani_no == registration.aile_cuzdani_no
    after = kps.person(bride.tckn, caller=CLERK)
    assert after.medeni_hal == "evli" and before.medeni_hal != "evli"
    assert after.soyad == groom.soyad and after.onceki_soyad == before.soyad
    assert {r.tckn: r.yakinlik for r in kps.family(groom.tckn, caller=CLERK)}[bride.tckn] == "es"
    with pytest.raises(Rejected) as caught:
        kps.register_marriage(groom.tckn, adult(population, married=False, sex="K", skip={bride.tckn})[1].tckn,
                              on, "NK-2026-002", caller=CLERK)
    assert "zaten evli" in caught.value.message_tr and caught.value.reason == "zaten_evli"


def test_marriage_of_a_minor_is_rejected(kind, make_client, population):
    _, groom = adult(population, married=False, sex="E")
    child = next(m for _, m in population.iter_people() if m.slot >= 2 and m.age() < 16 and m.cinsiyet == "K")
    with pytest.raises(Rejected) as caught:
        make_client(kind, "kps").register_marriage(groom.tckn, child.tckn, date.today(), "NK-9", caller=CLERK)
    assert "18" in caught.value.message_tr


def test_holdings_and_parcel_agree(kind, make_client, population):
    owner = next(o for p in population.iter_parcels(100, 400) for o in p.malikler if o.kimlik_turu == "tckn")
    tapu = make_client(kind, "tapu")
    holdings = tapu.holdings(owner.kimlik, caller=TAX)
    assert holdings
    for holding in holdings:
        parcel = tapu.parcel(holding.tasinmaz.il, holding.tasinmaz.ilce, holding.tasinmaz.ada,
                             holding.tasinmaz.parsel, caller=TAX)
        assert parcel == holding.tasinmaz
        assert sum((o.share for o in parcel.malikler), Fraction(0)) == 1
        mine = [o for o in parcel.malikler if o.kimlik == owner.kimlik]
        assert mine and mine[0].share == holding.share
        assert isinstance(parcel.alan_m2, Decimal)
        if parcel.nitelik == "bina":
            assert parcel.kullanim in ("mesken", "isyeri") and parcel.kat_alani_m2 > 0


def test_company_holdings(kind, make_client, population):
    owner = next(o for p in population.iter_parcels(0, 3000) for o in p.malikler if o.kimlik_turu == "vkn")
    holdings = make_client(kind, "tapu").holdings(owner.kimlik, caller=TAX)
    assert holdings and all(h.share == 1 for h in holdings)


def test_unknown_parcel_is_not_found(kind, make_client):
    with pytest.raises(NotFound):
        make_client(kind, "tapu").parcel("Ankara", "Çankaya", 99_999, 1, caller=TAX)


def test_ownership_changes_page_by_page(kind, make_client):
    tapu = make_client(kind, "tapu")
    since = date(2015, 1, 1)
    changes = list(tapu.iter_changes("Ankara", "Çankaya", since, caller=TAX, page_size=7))
    assert len(changes) > 7
    assert all(c.tarih >= since and c.tasinmaz.ilce == "Çankaya" for c in changes)
    assert len({c.tasinmaz.tasinmaz_no for c in changes}) == len(changes)
    sales = [c for c in changes if c.islem == "satis"]
    assert sales and all(c.onceki_malikler for c in sales)


def test_employment_and_notices(kind, make_client, population):
    _, person = next((hh, m) for hh, m in population.iter_people() if m.alive and m.age() >= 20
                     and not population.employment(hh, m).donemler)
    sgk = make_client(kind, "sgk")
    assert not sgk.employment(person.tckn, caller=HR).calisiyor
    hire = sgk.hire(person.tckn, MUNICIPALITY_VKN, date(2026, 2, 1), caller=HR, isveren_unvan="Alfa Belediyesi")
    assert hire.referans.startswith("SGK-G-")
    now = sgk.employment(person.tckn, caller=HR)  # the notice dropped the cached record
    assert now.calisiyor and now.isveren_vkn == MUNICIPALITY_VKN and now.ise_giris_tarihi == date(2026, 2, 1)
    with pytest.raises(Rejected):
        sgk.hire(person.tckn, MUNICIPALITY_VKN, date(2026, 2, 2), caller=HR)
    leave = sgk.leave(person.tckn, MUNICIPALITY_VKN, date(2026, 6, 30), "04", caller=HR)
    assert leave.referans.startswith("SGK-C-") and leave.referans != hire.referans
    record = sgk.employment(person.tckn, caller=HR)
    assert not record.calisiyor and record.donemler[-1].bitis == date(2026, 6, 30)
    with pytest.raises(Rejected) as caught:
        sgk.leave(person.tckn, MUNICIPALITY_VKN, date(2026, 7, 1), "04", caller=HR)
    assert "açık bir sigortalılık kaydı yok" in caught.value.message_tr


def test_service_record(kind, make_client, population):
    hh, person = next((hh, m) for hh, m in population.iter_people() if m.alive and m.age() > 40
                      and len(population.employment(hh, m).donemler) >= 2)
    record = make_client(kind, "sgk").employment(person.tckn, caller=HR)
    assert record.sigortali and len(record.donemler) >= 2
    assert record.toplam_gun == sum(p.gun for p in record.donemler) > 0
    assert all(p.statu in ("4a", "4b", "4c") for p in record.donemler)


def test_premium_declaration(kind, make_client, population):
    people = [m for _, m in population.iter_people(0, 30) if m.alive and m.age() >= 18][:3]
    lines = [PremiumLine(m.tckn, 30, Decimal("33030.00")) for m in people]
    sgk = make_client(kind, "sgk")
    receipt = sgk.submit_premium_declaration(MUNICIPALITY_VKN, "2026-01", lines, caller=HR)
    assert receipt.sigortali_sayisi == 3 and receipt.toplam_gun == 90
    assert receipt.toplam_kazanc == Decimal("99090.00")
    with pytest.raises(Rejected):  # one main declaration per month; corrections are "ek"
        sgk.submit_premium_declaration(MUNICIPALITY_VKN, "2026-01", lines, caller=HR)
    assert sgk.submit_premium_declaration(MUNICIPALITY_VKN, "2026-01", lines[:1], caller=HR, tur="ek").tur == "ek"


def test_taxpayer(kind, make_client, population):
    gib = make_client(kind, "gib")
    company = population.company(3)
    status = gib.taxpayer(company.vkn, caller=TAX)
    assert status.kayitli and status.mukellefiyet_turu == "kurumlar_vergisi"
    assert status.vergi_dairesi == company.vergi_dairesi and status.aktif == (company.terk_tarihi is None)
    hh, independent = next((hh, m) for hh, m in population.iter_people()
                           if any(p.statu == "4b" for p in population.employment(hh, m).donemler))
    person = gib.taxpayer(independent.tckn, caller=TAX)
    assert person.kayitli and person.mukellefiyet_turu == "gelir_vergisi" and person.baslangic < REFERENCE_DATE
    _, child = next((hh, m) for hh, m in population.iter_people() if m.age() < 10)
    assert not gib.taxpayer(child.tckn, caller=TAX).kayitli


def complete_3ds(kind, make_client, start, card="4111111111111111", otp="123456"):
    """The card holder on the bank's page: returns the fields the browser posts back."""
    from ebelediye.connectors.mock.bank import threeds_result

    token = start.yonlendirme_url.rsplit("/pos/3d/", 1)[1]
    if kind == "inprocess":
        return threeds_result(make_client.agencies, token, card, otp)[1]
    page = httpx.get(start.yonlendirme_url, trust_env=False)
    assert page.status_code == 200 and "Tutar" in page.text
    answer = httpx.post(start.yonlendirme_url, data={"kart_no": card, "sms_kodu": otp}, trust_env=False)
    assert answer.status_code == 200 and 'action="https://alfa.ebelediye.test/odeme/donus"' in answer.text
    import re

    return dict(re.findall(r'name="(\w+)" value="([^"]*)"', answer.text))


def test_card_payment_refund_and_settlement(kind, make_client):
    pos = make_client(kind, "pos")
    amount = Decimal("1250.40")
    start = pos.start_payment("EV-2026-0001", amount, "https://alfa.ebelediye.test/odeme/donus")
    assert pos.status(start.odeme_no).durum == "3d_bekliyor"
    fields = complete_3ds(kind, make_client, start)
    status = pos.confirm_callback(fields, siparis_no="EV-2026-0001", tutar=amount)
    assert status.durum == "onaylandi" and status.paid and status.tutar == amount and status.onay_kodu
    assert pos.status(start.odeme_no).durum == "onaylandi"
    refund = pos.refund(start.odeme_no, Decimal("250.40"))
    assert refund.durum == "kismi_iade" and refund.iade_tutari == Decimal("250.40")
    with pytest.raises(Rejected):
        pos.refund(start.odeme_no, Decimal("1000.01"))
    settlement = pos.settlement(status.tamamlanma.date())
    assert [line.tur for line in settlement.satirlar] == ["satis", "iade"]
    assert settlement.net == Decimal("1000.00")
    with pytest.raises(Rejected):  # the bank refuses a second payment for the same order
        pos.start_payment("EV-2026-0001", amount, "https://alfa.ebelediye.test/odeme/donus")


def test_declined_card_and_failed_authentication(kind, make_client):
    pos = make_client(kind, "pos")
    for order, card, otp, reason in (("EV-2", "4000000000000002", "123456", "yetersiz_bakiye"),
                                     ("EV-3", "4111111111111111", "000000", "3d_dogrulanamadi")):
        start = pos.start_payment(order, Decimal("10.00"), "https://alfa.ebelediye.test/odeme/donus")
        status = pos.confirm_callback(complete_3ds(kind, make_client, start, card, otp), siparis_no=order,
                                      tutar=Decimal("10.00"))
        assert status.durum == "reddedildi" and status.red_nedeni == reason and not status.paid


def test_kesenek_declaration(kind, make_client, population):
    people = [m for _, m in population.iter_people(0, 30) if m.alive and m.age() >= 18][:2]
    lines = [KesenekLine(people[0].tckn, "4c", 30, Decimal("40000.00"), Decimal("5600.00"), Decimal("7800.00")),
             KesenekLine(people[1].tckn, "5434", 30, Decimal("50000.00"), Decimal("10500.00"), Decimal("13750.00"))]
    sgk = make_client(kind, "sgk")
    receipt = sgk.submit_kesenek_declaration(MUNICIPALITY_VKN, "2026-02", lines, caller=HR)
    assert receipt.kisi_sayisi == 2 and receipt.toplam_matrah == Decimal("90000.00")
    assert (receipt.toplam_kisi_payi, receipt.toplam_kurum_payi) == (Decimal("16100.00"), Decimal("21550.00"))
    with pytest.raises(Rejected):  # one main declaration per month
        sgk.submit_kesenek_declaration(MUNICIPALITY_VKN, "2026-02", lines, caller=HR)
    assert sgk.submit_kesenek_declaration(MUNICIPALITY_VKN, "2026-02", lines[:1], caller=HR, tur="ek").tur == "ek"
    with pytest.raises(InvalidInput):
        sgk.submit_kesenek_declaration(MUNICIPALITY_VKN, "2026-02", [KesenekLine(people[0].tckn, "4a", 30,
                                       Decimal("1.00"), Decimal("0"), Decimal("0"))], caller=HR)
