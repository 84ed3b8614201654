"""Mahsup: a taxpayer's credit applied to his debts as a payment would be, oldest first,
with late fees to the day; one receipt-like record, reversible by a reversing record."""

from datetime import date
from decimal import Decimal

import pytest

from ebelediye import events
from modules.gelir.services import GelirError, mahsup, tahsilat, tecil, zamanasimi
from modules.gelir.services import borc as borc_servisi
from modules.gelir.services.tahakkuk import acik_tutar
from tenants import services

from .conftest import MukellefFactory, borc


def _credit(m, amount: str, day: date):
    """An overpayment kept as credit: a payment with no debt open."""
    tahsilat.tahsil(m.id, amount, "nakit", day, actor="kasiyer")


def _seen(signal, call):
    got = []

    def keep(sender, event):
        got.append(event)

    signal.connect(keep, weak=False)
    try:
        result = call()
    finally:
        signal.disconnect(keep)
    return result, got


def test_credit_pays_the_oldest_debt_first_with_its_late_fee_to_the_day():
    with services.bound("alfa"):
        m = MukellefFactory()
        _credit(m, "1500.00", date(2026, 1, 5))
        older = borc(m, "1000.00", date(2025, 11, 30))
        newer = borc(m, "800.00", date(2026, 5, 31), taksit=1)
        assert borc_servisi.alacak_bakiyesi(m.id) == Decimal("1500.00")
        receipt, applied = _seen(events.credit_applied,
                                 lambda: mahsup.mahsup_et(m.id, date(2025, 12, 31), actor="vezne"))
        # 1 calendar month at 3.7 %: 37.00 late fee on the older debt, paid before its principal
        assert receipt.kanal == "mahsup" and receipt.tutar == Decimal("1500.00")
        assert acik_tutar(older.id) == 0 and acik_tutar(newer.id) == Decimal("800.00") - Decimal("463.00")
        assert borc_servisi.alacak_bakiyesi(m.id) == 0
        [event] = applied
        assert event.channel == "emanet" and event.total == Decimal("1500.00")
        assert {line.revenue_code for line in event.lines} == {"emlak_arsa", "gecikme_zammi"}
        period = zamanasimi.borc_suresi(newer.id)
        assert (period.kesilme_nedeni, period.kesilme_tarihi) == ("mahsup", date(2025, 12, 31))  # m.103


def test_a_mahsup_is_reversed_by_a_reversing_record_and_the_credit_comes_back():
    with services.bound("alfa"):
        m = MukellefFactory()
        _credit(m, "300.00", date(2026, 1, 5))
        debt = borc(m, "500.00", date(2026, 5, 31))
        receipt = mahsup.mahsup_et(m.id, date(2026, 5, 31), actor="vezne")
        assert acik_tutar(debt.id) == Decimal("200.00") and borc_servisi.alacak_bakiyesi(m.id) == 0
        reversal, seen = _seen(events.credit_application_reversed,
                               lambda: mahsup.ters_kayit(receipt.id, date(2026, 6, 2), actor="sef"))
        assert reversal.tutar == Decimal("-300.00") and reversal.iptal_edilen_id == receipt.id
        assert acik_tutar(debt.id) == Decimal("500.00") and borc_servisi.alacak_bakiyesi(m.id) == Decimal("300.00")
        assert seen[0].total == Decimal("300.00")
        with pytest.raises(GelirError) as twice:
            mahsup.ters_kayit(receipt.id, date(2026, 6, 2), actor="sef")
        assert twice.value.status == 409
        with pytest.raises(GelirError) as not_a_mahsup:
            mahsup.ters_kayit(reversal.id, date(2026, 6, 2), actor="sef")
        assert not_a_mahsup.value.status == 404


def test_part_of_the_credit_and_refusals():
    with services.bound("alfa"):
        m = MukellefFactory()
        with pytest.raises(GelirError) as none:
            mahsup.mahsup_et(m.id, date(2026, 6, 1), actor="vezne")
        assert "tutar" in none.value.errors
        _credit(m, "100.00", date(2026, 1, 5))
        with pytest.raises(GelirError) as nothing_open:
            mahsup.mahsup_et(m.id, date(2026, 6, 1), actor="vezne")
        assert nothing_open.value.status == 409
        debt = borc(m, "500.00", date(2026, 5, 31))
        with pytest.raises(GelirError) as too_much:
            mahsup.mahsup_et(m.id, date(2026, 5, 31), actor="vezne", tutar="100,01")
        assert "tutar" in too_much.value.errors
        mahsup.mahsup_et(m.id, date(2026, 5, 31), actor="vezne", tutar="40")
        assert acik_tutar(debt.id) == Decimal("460.00") and borc_servisi.alacak_bakiyesi(m.id) == Decimal("60.00")


def test_a_tecil_installment_is_paid_whole_or_not_at_all():
    with services.bound("alfa"):
        m = MukellefFactory()
        debt = borc(m, "10000.00", date(2025, 11, 30))
        plan = tecil.onayla(m.id, [debt.id], 2, date(2026, 2, 2), bugun=date(2026, 2, 2), actor="memur")
        _credit(m, "100.00", date(2026, 2, 3))  # a payment short of the installment stays credit
        with pytest.raises(GelirError) as short:
            mahsup.mahsup_et(m.id, date(2026, 2, 3), actor="vezne")
        assert short.value.status == 409
        first = plan.taksitler[0]
        small = borc(m, "1.00", date(2026, 12, 31), gelir_kodu="ctv_konut")
        tahsilat.tahsil(m.id, str(first.toplam + 1), "nakit", date(2026, 2, 4), actor="kasiyer", secili=[small.id])
        receipt = mahsup.mahsup_et(m.id, date(2026, 2, 4), actor="vezne")
        assert receipt.tutar == first.toplam and first.tahsilat_id == receipt.id
        assert borc_servisi.alacak_bakiyesi(m.id) == Decimal("100.00")
        with pytest.raises(GelirError):
            mahsup.ters_kayit(receipt.id, date(2026, 2, 4), actor="sef")


def test_the_desk_page_and_the_api_apply_and_reverse_a_credit(client):
    from ebelediye.extensions import db
    from tests.plugin import host, ids_apart, staff_with

    headers = {"Host": host("alfa")}
    ids_apart("tahsilatlar")
    with services.bound("beta"):
        bm = MukellefFactory()
        _credit(bm, "5.00", date(2026, 1, 5))
        borc(bm, "10.00", date(2026, 12, 31))
        other = mahsup.mahsup_et(bm.id, date(2026, 1, 6), actor="b").id
        db.session.commit()
    with services.bound("alfa"):
        m = MukellefFactory()
        _credit(m, "50.00", date(2026, 1, 5))
        debt = borc(m, "80.00", date(2026, 12, 31))
        db.session.commit()
        m_id, debt_id = m.id, debt.id
    staff_with(client, "alfa", "gelir.takip.yonet")
    assert client.get(f"/gelir/takip/mahsup/{m_id}", headers=headers).status_code == 403
    staff_with(client, "alfa", "gelir.tahsilat.olustur")
    page = client.get(f"/gelir/takip/mahsup/{m_id}", headers=headers).get_data(as_text=True)
    assert "Mahsup et" in page and "50,00" in page
    bad = client.post(f"/gelir/takip/mahsup/{m_id}", data={"tutar": "1e400"}, headers=headers)
    assert bad.status_code == 422
    done = client.post(f"/gelir/takip/mahsup/{m_id}", data={"tutar": "20"}, headers=headers)
    assert done.status_code == 302 and "/vezne/makbuzlar/" in done.location
    api = client.post("/api/v1/gelir/mahsuplar", json={"mukellef_id": m_id}, headers=headers)
    assert api.status_code == 201 and api.json["tutar"] == "30.00", api.json
    for bad_body in ({"mukellef_id": 2**63}, {"mukellef_id": m_id, "tutar": "a\x00"}):
        assert client.post("/api/v1/gelir/mahsuplar", json=bad_body, headers=headers).status_code == 422
    assert client.post("/api/v1/gelir/mahsuplar", json={"mukellef_id": m_id}, headers=headers).status_code == 422
    assert client.post(f"/api/v1/gelir/mahsuplar/{other}/iptal", headers=headers).status_code == 404
    back = client.post(f"/api/v1/gelir/mahsuplar/{api.json['id']}/iptal", headers=headers)
    assert back.status_code == 200 and back.json["tutar"] == "-30.00"
    assert client.post(f"/gelir/takip/mahsup/iptal/{api.json['id']}", headers=headers).status_code == 302  # refused: flash
    with services.bound("alfa"):
        assert acik_tutar(debt_id) == Decimal("60.00") and borc_servisi.alacak_bakiyesi(m_id) == Decimal("30.00")
