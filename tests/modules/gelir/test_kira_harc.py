"""The other revenues (issue 12, item 7): leases with a yearly increase accrued once per
period, ecrimisil, and permits charged from the dated tariff; pages, API, bad input, tenancy."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from ebelediye import parameters
from ebelediye.extensions import db
from ebelediye.parameters import ParameterMissing
from modules.gelir.models import HarcIzni, KiraSozlesmesi, Tahakkuk, Tarife
from modules.gelir.parametre import TarifeYok
from modules.gelir.services import GelirError, harc, kira
from modules.gelir.services import tahakkuk as tahakkuk_service
from tenants import services
from tests.plugin import host, ids_apart, staff_with

from .conftest import MukellefFactory
from .test_api_tahakkuk import _token

ALFA = {"Host": host("alfa")}


def _lease(mukellef_id: int, **over) -> dict:
    data = {"tur": "kira", "mukellef_id": mukellef_id, "tasinmaz": "Ada 101 Parsel 5, dükkân 3",
            "baslangic": date(2025, 3, 1), "bitis": date(2028, 2, 29), "donem": "ay", "tutar": Decimal("10000.00"),
            "artis": "sabit", "artis_orani": Decimal("25"), "dayanak": "Encümen 2025/14", "son_odeme": None}
    data.update(over)
    return data


def _tarife(tur: str, kod: str, tutar: str, birim: str, baslangic: date = date(2026, 1, 1)) -> Tarife:
    row = Tarife(tur=tur, kod=kod, ad=f"{tur} {kod}", birim=birim, tutar=Decimal(tutar), gelir_kodu=tur,
                 gecerlilik_baslangic=baslangic, karar="Meclis 2025/88", olusturan="test")
    db.session.add(row)
    db.session.flush()
    return row


def test_a_monthly_lease_rises_each_anniversary_and_each_period_is_accrued_once():
    with services.bound("alfa"):
        tenant = MukellefFactory()
        row = kira.olustur(_lease(tenant.id), actor="test")
        assert kira.sozlesme_tahakkuk(row.id, date(2026, 4, 15), actor="test") == 14  # Mar 2025 … Apr 2026
        rows = kira.tahakkuklar(row)
        assert [r.tutar for r in rows[:12]] == [Decimal("10000.00")] * 12
        assert rows[12].tutar == Decimal("12500.00") and rows[12].kaynak == f"kira:{row.id}:2026-03"
        assert rows[0].vade == date(2025, 3, 3)  # 1 March 2025 was a Saturday: the next working day
        # a rerun (the same day or later, the job after the page) adds only the new periods
        assert kira.sozlesme_tahakkuk(row.id, date(2026, 4, 15), actor="test") == 0
        assert kira.donem_tahakkuk(date(2026, 5, 1), actor="test")["tahakkuk"] == 1
        # a cancelled period stays cancelled: the run never accrues it again
        tahakkuk_service.iptal(rows[0].id, "yanlış kayıt", actor="test")
        assert kira.sozlesme_tahakkuk(row.id, date(2026, 5, 1), actor="test") == 0
        assert len([r for r in kira.tahakkuklar(row) if r.iptal_edilen_id is None]) == 15


def test_a_tufe_lease_reads_the_dated_index_and_a_missing_row_is_refused():
    with services.bound("alfa"):
        tenant = MukellefFactory()
        row = kira.olustur(_lease(tenant.id, donem="yil", artis="tufe", artis_orani=None, tutar=Decimal("120000"),
                                  baslangic=date(2024, 7, 1), bitis=date(2027, 6, 30)), actor="test")
        with pytest.raises(ParameterMissing):
            kira.sozlesme_tahakkuk(row.id, date(2025, 8, 1), actor="test")
        assert kira.artislar(row)[1]["eksik"] == "kira.tufe_12ay_ortalama"
        parameters.add("gelir", "kira.tufe_12ay_ortalama", date(2025, 7, 1), Decimal("39.95"), actor="test",
                       valid_to=date(2025, 7, 31), source="test")
        assert kira.sozlesme_tahakkuk(row.id, date(2025, 8, 1), actor="test") == 2
        assert [r.tutar for r in kira.tahakkuklar(row)] == [Decimal("120000.00"), Decimal("167940.00")]
        # the daily run reports the lease it could not accrue and goes on
        parameters.add("gelir", "kira.tufe_12ay_ortalama", date(2026, 8, 1), Decimal("30"), actor="test",
                       source="test")
        result = kira.donem_tahakkuk(date(2026, 7, 5), actor="test")
        assert result["reddedilen"] and result["reddedilen"][0]["sozlesme_id"] == row.id


def test_ecrimisil_is_one_charge_with_its_basis_and_bad_leases_are_refused_by_field():
    with services.bound("alfa"):
        occupier = MukellefFactory()
        row = kira.olustur(_lease(occupier.id, tur="ecrimisil", tutar=Decimal("18450"),
                                  baslangic=date(2024, 1, 1), bitis=date(2025, 12, 31),
                                  dayanak="Kıymet takdir komisyonu 2026/3", son_odeme=date(2026, 2, 1)), actor="t")
        [charge] = kira.tahakkuklar(row)
        assert (charge.gelir_kodu, charge.tutar, charge.vade) == ("ecrimisil", Decimal("18450.00"), date(2026, 2, 2))  # a Sunday: Monday
        assert kira.sozlesme_tahakkuk(row.id, date(2026, 12, 1), actor="t") == 0
        with pytest.raises(GelirError) as caught:
            kira.olustur(_lease(occupier.id, tur="ecrimisil", dayanak="", son_odeme=None), actor="t")
        assert set(caught.value.errors) == {"dayanak", "son_odeme"}
        with pytest.raises(GelirError) as caught:
            kira.olustur(_lease(occupier.id, artis_orani=None, bitis=date(2024, 1, 1)), actor="t")
        assert set(caught.value.errors) == {"artis_orani", "bitis"}


def test_isgaliye_is_area_times_days_times_the_tariff_of_its_first_day():
    with services.bound("alfa"):
        shop = MukellefFactory()
        _tarife("isgaliye", "cadde.1", "12.5", "TL/m²/gün")
        _tarife("pazar_yeri", "sali", "300", "TL/m²/ay")
        _tarife("insaat_harci", "konut.2", "4.75", "TL/m²")
        data = {"tur": "isgaliye", "mukellef_id": shop.id, "tarife_kod": "cadde.1", "yer": "Atatürk Cad. 5 önü",
                "alan": Decimal("6.40"), "baslangic": date(2026, 6, 1), "bitis": date(2026, 6, 30)}
        permit = harc.olustur(data, actor="t")
        assert permit.tutar == Decimal("2400.00") and permit.hesap["sure"] == 30  # 12.5 × 6.4 × 30
        [row] = harc.tahakkuklar(permit)
        assert (row.gelir_kodu, row.tutar, row.vade) == ("isgaliye", Decimal("2400.00"), date(2026, 6, 1))
        market = harc.olustur({**data, "tur": "pazar_yeri", "tarife_kod": "sali", "alan": Decimal("4"),
                               "bitis": date(2026, 8, 15)}, actor="t")
        assert market.tutar == Decimal("3600.00")  # 300 × 4 × 3 started months
        build = harc.olustur({**data, "tur": "insaat_harci", "tarife_kod": "konut.2", "alan": Decimal("240"),
                              "bitis": None}, actor="t")
        assert build.tutar == Decimal("1140.00") and build.bitis is None
        with pytest.raises(TarifeYok):  # before the tariff starts: no row, no default
            harc.olustur({**data, "baslangic": date(2025, 12, 31)}, actor="t")
        with pytest.raises(GelirError) as caught:
            harc.olustur({**data, "bitis": None}, actor="t")
        assert "bitis" in caught.value.errors
        # reversal through the accrual's cancel path
        tahakkuk_service.iptal(row.id, "izin iptal", actor="t")
        assert [r.tutar for r in harc.tahakkuklar(permit)] == [Decimal("2400.00"), Decimal("-2400.00")]


def test_api_charges_refuses_bad_input_and_keeps_tenants_apart(client):
    headers = _token()
    with services.bound("alfa"):
        payer = MukellefFactory()
        _tarife("ruhsat_harci", "grup1.sinif1", "35", "TL/m²")
        db.session.commit()
        payer_id = payer.id
    body = {"tur": "ruhsat_harci", "mukellef_id": payer_id, "tarife_kod": "grup1.sinif1", "yer": "Lokanta",
            "alan": "120,5", "baslangic": "2026-03-02"}
    made = client.post("/api/v1/gelir/harc-izinleri", json=body, headers=headers)
    assert made.status_code == 201, made.json
    assert made.json["tutar"] == "4217.50" and made.json["tahakkuklar"][0]["gelir_kodu"] == "ruhsat_harci"
    listed = client.get("/api/v1/gelir/harc-izinleri?ara=Lokanta", headers=headers).json
    assert listed["toplam"] == 1 and listed["kayitlar"][0]["id"] == made.json["id"]
    no_row = client.post("/api/v1/gelir/harc-izinleri", json={**body, "baslangic": "2025-01-02"}, headers=headers)
    assert no_row.status_code == 422 and "grup1.sinif1" in no_row.json["message"]
    for bad in ({"alan": "1e400"}, {"alan": "0"}, {"yer": "a\x00b"}, {"mukellef_id": 2**63}, {"tur": "x"},
                {"baslangic": "31.02.2026"}):
        answer = client.post("/api/v1/gelir/harc-izinleri", json={**body, **bad}, headers=headers)
        assert answer.status_code == 422 and set(bad) <= set(answer.json["errors"]), (bad, answer.json)
    lease = {"mukellef_id": payer_id, "tasinmaz": "Büfe", "baslangic": "2026-01-01", "bitis": "2026-12-31",
             "tutar": "2.500,00", "donem": "ay"}
    made_lease = client.post("/api/v1/gelir/kira-sozlesmeleri", json=lease, headers=headers)
    assert made_lease.status_code == 201 and made_lease.json["tutar"] == "2500.00"
    run = client.post(f"/api/v1/gelir/kira-sozlesmeleri/{made_lease.json['id']}/tahakkuk",
                      json={"gun": "2026-02-01"}, headers=headers)
    assert run.status_code == 200 and run.json["tahakkuk"] == 2
    again = client.post(f"/api/v1/gelir/kira-sozlesmeleri/{made_lease.json['id']}/tahakkuk",
                        json={"gun": "2026-02-01"}, headers=headers)
    assert again.json["tahakkuk"] == 0
    bad_lease = client.post("/api/v1/gelir/kira-sozlesmeleri", json={**lease, "tutar": "1,234.50"}, headers=headers)
    assert bad_lease.status_code == 422 and "tutar" in bad_lease.json["errors"]
    # another municipality's records are not found from here
    ids_apart("harc_izinleri")
    ids_apart("kira_sozlesmeleri")
    with services.bound("beta"):
        other = MukellefFactory()
        theirs = HarcIzni(tur="isgaliye", mukellef_id=other.id, tarife_kod="x", yer="y", alan=Decimal(1),
                          baslangic=date(2026, 1, 1), hesap={}, tutar=Decimal(1), kaydeden="t")
        their_lease = KiraSozlesmesi(tur="kira", mukellef_id=other.id, tasinmaz="z", baslangic=date(2026, 1, 1),
                                     bitis=date(2026, 12, 31), donem="ay", tutar=Decimal(1), artis="yok",
                                     dayanak="", kaydeden="t")
        db.session.add_all([theirs, their_lease])
        db.session.commit()
        their_ids = (theirs.id, their_lease.id)
    assert client.get(f"/api/v1/gelir/harc-izinleri/{their_ids[0]}", headers=headers).status_code == 404
    assert client.get(f"/api/v1/gelir/kira-sozlesmeleri/{their_ids[1]}", headers=headers).status_code == 404
    assert client.post(f"/api/v1/gelir/kira-sozlesmeleri/{their_ids[1]}/tahakkuk", json={},
                       headers=headers).status_code == 404


def test_pages_list_search_create_and_refuse_in_place(client):
    staff_with(client, "alfa", "gelir.tahakkuk.olustur", "gelir.tahakkuk.iptal")
    with services.bound("alfa"):
        payer = MukellefFactory()
        _tarife("isgaliye", "meydan", "20", "TL/m²/gün")
        db.session.commit()
        payer_id = payer.id
    empty = client.get("/gelir/harclar", headers=ALFA)
    assert empty.status_code == 200
    form = {"tur": "isgaliye", "mukellef_id": str(payer_id), "tarife_kod": "meydan", "yer": "Meydan masa",
            "alan": "2,5", "baslangic": "2026-07-01", "bitis": "2026-07-10"}
    made = client.post("/gelir/harclar", data=form, headers=ALFA)
    assert made.status_code == 303
    detail = client.get(made.location, headers=ALFA)
    assert detail.status_code == 200 and "500,00" in detail.get_data(as_text=True)  # 20 × 2,5 × 10
    no_row = client.post("/gelir/harclar", data={**form, "baslangic": "2025-07-01"}, headers=ALFA)
    assert no_row.status_code == 422 and "meydan" in no_row.get_data(as_text=True)
    bad = client.post("/gelir/harclar", data={**form, "alan": "abc"}, headers=ALFA)
    assert bad.status_code == 422
    found = client.get("/gelir/harclar?ara=Meydan", headers=ALFA).get_data(as_text=True)
    assert "Meydan masa" in found
    assert "Meydan masa" not in client.get("/gelir/harclar?ara=yokboyle", headers=ALFA).get_data(as_text=True)
    lease = {"tur": "kira", "mukellef_id": str(payer_id), "tasinmaz": "Kafeterya", "baslangic": "2026-01-01",
             "bitis": "2026-12-31", "tutar": "3.000,00", "donem": "ay", "artis": "yok"}
    made = client.post("/gelir/kira", data=lease, headers=ALFA)
    assert made.status_code == 303
    run = client.post(made.location + "/tahakkuk", data={"gun": "2026-03-01"}, headers=ALFA)
    assert run.status_code == 303
    page = client.get(made.location, headers=ALFA).get_data(as_text=True)
    assert page.count("3.000,00") >= 3
    refused = client.post("/gelir/kira", data={**lease, "tur": "ecrimisil"}, headers=ALFA)
    assert refused.status_code == 422
    assert client.get("/gelir/kira?ara=Kafeterya", headers=ALFA).status_code == 200
    with services.bound("alfa"):
        assert db.session.scalar(select(Tahakkuk.id).where(Tahakkuk.kaynak.startswith("kira:"),
                                                           Tahakkuk.mukellef_id == payer_id)) is not None


def test_the_pages_in_english(client):
    staff_with(client, "alfa", "gelir.tahakkuk.olustur")
    client.get("/dil/en", headers=ALFA)
    leases = client.get("/gelir/kira", headers=ALFA).get_data(as_text=True)
    assert "Rent and ecrimisil" in leases and "Kira ve ecrimisil</h1>" not in leases
    permits = client.get("/gelir/harclar", headers=ALFA).get_data(as_text=True)
    assert "Fees and occupation permits" in permits and "Yeni izin" not in permits
