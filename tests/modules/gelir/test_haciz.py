"""Haciz records: kinds, the salary limit [U], the debts secured, release with a reason, and
the interruption of zamanaşımı (6183 m.103)."""

from datetime import date
from decimal import Decimal

import pytest

from ebelediye.extensions import db
from modules.gelir.services import GelirError, haciz, zamanasimi
from tenants import services

from .conftest import MukellefFactory, borc

GUN = date(2026, 2, 2)


def test_a_haciz_secures_debts_interrupts_the_period_and_is_released_with_a_reason():
    with services.bound("alfa"):
        m = MukellefFactory()
        debt = borc(m, "1000.00", date(2019, 11, 30))
        assert zamanasimi.borc_suresi(debt.id).son_gun == date(2024, 12, 31)
        row = haciz.kaydet(m.id, "banka", date(2021, 7, 1), "1000.00", "Ziraat Bankası, hesap 123", [debt.id],
                           bugun=GUN, actor="memur")
        period = zamanasimi.borc_suresi(debt.id)
        assert (period.kesilme_nedeni, period.son_gun) == ("haciz", date(2026, 12, 31))
        with pytest.raises(GelirError) as early:
            haciz.kaldir(row.id, date(2021, 6, 1), "Borç ödendi", bugun=GUN, actor="memur")
        assert "tarih" in early.value.errors
        haciz.kaldir(row.id, GUN, "Borç ödendi", bugun=GUN, actor="memur")
        assert row.durum == "kaldirildi"
        assert zamanasimi.borc_suresi(debt.id).son_gun == date(2026, 12, 31)  # the act happened
        with pytest.raises(GelirError) as twice:
            haciz.kaldir(row.id, GUN, "yine", bugun=GUN, actor="memur")
        assert twice.value.status == 409


def test_salary_attachment_is_limited_to_a_quarter_and_only_own_debts_are_secured():
    with services.bound("alfa"):
        m, other = MukellefFactory(), MukellefFactory()
        debt = borc(m, "5000.00", date(2025, 11, 30))
        theirs = borc(other, "10.00", date(2025, 11, 30))
        with pytest.raises(GelirError) as over:
            haciz.kaydet(m.id, "maas", GUN, "2500.01", "İşveren A.Ş.", [debt.id], bugun=GUN, actor="memur",
                         maas_net="10000")
        assert "tutar" in over.value.errors
        assert haciz.kaydet(m.id, "maas", GUN, "2500", "İşveren A.Ş.", [debt.id], bugun=GUN, actor="memur",
                            maas_net="10000").maas_net == Decimal("10000.00")
        with pytest.raises(GelirError) as not_theirs:
            haciz.kaydet(m.id, "arac", GUN, "100", "34 ABC 12", [theirs.id], bugun=GUN, actor="memur")
        assert "tahakkuk" in not_theirs.value.errors
        with pytest.raises(GelirError) as bad:
            haciz.kaydet(m.id, "yok", date(2027, 1, 1), "0", " ", [], bugun=GUN, actor="memur")
        assert {"tur", "tarih", "tutar", "konu", "tahakkuk"} <= set(bad.value.errors)


def test_page_and_api(client):
    from tests.plugin import host, ids_apart, staff_with

    headers = {"Host": host("alfa")}
    ids_apart("hacizler")
    with services.bound("beta"):
        bm = MukellefFactory()
        other = haciz.kaydet(bm.id, "arac", GUN, "5", "06 X 1", [borc(bm, "5.00", GUN).id], bugun=GUN, actor="b").id
        db.session.commit()
    with services.bound("alfa"):
        m = MukellefFactory()
        debt = borc(m, "700.00", date(2025, 11, 30))
        db.session.commit()
        m_id, debt_id = m.id, debt.id
    staff_with(client, "alfa", "gelir.tahsilat.olustur")
    assert client.get("/gelir/takip/haciz", headers=headers).status_code == 403
    staff_with(client, "alfa", "gelir.takip.yonet")
    page = client.get(f"/gelir/takip/haciz/mukellef/{m_id}", headers=headers).get_data(as_text=True)
    assert "Haczi kaydet" in page
    bad = client.post(f"/gelir/takip/haciz/mukellef/{m_id}", data={"tur": "tasinmaz", "tarih": "2026-02-30",
                                                                   "tutar": "1e400", "konu": "x"}, headers=headers)
    assert bad.status_code == 422
    made = client.post(f"/gelir/takip/haciz/mukellef/{m_id}", headers=headers,
                       data={"tur": "tasinmaz", "tarih": "2026-01-15", "tutar": "700", "konu": "Ada 5 parsel 9",
                             "tahakkuk": [str(debt_id)]})
    assert made.status_code == 302
    api = client.post("/api/v1/gelir/hacizler", headers=headers, json={
        "mukellef_id": m_id, "tur": "banka", "tarih": "2026-01-16", "tutar": "700", "konu": "Banka",
        "tahakkuk": [debt_id]})
    assert api.status_code == 201 and api.json["tahakkuklar"] == [debt_id], api.json
    assert client.get(f"/api/v1/gelir/hacizler/{other}", headers=headers).status_code == 404
    assert client.post(f"/api/v1/gelir/hacizler/{other}/kaldir", headers=headers,
                       json={"tarih": "2026-02-01", "neden": "x"}).status_code == 404
    for body in ({"mukellef_id": 2**63, "tur": "banka", "tarih": "2026-01-16", "tutar": "1", "konu": "b",
                  "tahakkuk": [debt_id]}, {"mukellef_id": m_id, "tur": "banka", "tarih": "2026-01-16", "tutar": "1",
                                           "konu": "a\x00", "tahakkuk": [debt_id]}):
        assert client.post("/api/v1/gelir/hacizler", headers=headers, json=body).status_code == 422
    released = client.post(f"/api/v1/gelir/hacizler/{api.json['id']}/kaldir", headers=headers,
                           json={"tarih": date.today().isoformat(), "neden": "Mahkeme kararı"})
    assert released.status_code == 200 and released.json["durum"] == "kaldirildi", released.json
