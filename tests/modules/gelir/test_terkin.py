"""Terkin (write-off): requested by one user, approved by another, the debt closed by
reversing rows; lapse (zamanaşımı) is checked against the debt's period."""

from datetime import date
from decimal import Decimal

import pytest

from ebelediye import events
from ebelediye.extensions import db
from modules.gelir.models import Tahakkuk
from modules.gelir.services import GelirError, tahsilat, tecil, terkin, zamanasimi
from modules.gelir.services import borc as borc_servisi
from modules.gelir.services.tahakkuk import acik_tutar
from tenants import services

from .conftest import MukellefFactory, borc

VADE = date(2019, 11, 30)
GUN = date(2026, 2, 2)


def _cancelled(call):
    seen = []

    def keep(sender, event):
        seen.append(event)

    events.revenue_cancelled.connect(keep, weak=False)
    try:
        result = call()
    finally:  # only this test's receiver
        events.revenue_cancelled.disconnect(keep)
    return result, seen


def test_a_lapsed_debt_and_its_late_fee_are_written_off_by_a_second_user():
    with services.bound("alfa"):
        m = MukellefFactory()
        debt = borc(m, "1000.00", VADE)
        # a payment in 2019 accrues a late fee and does not move the period past 2024
        tahsilat.tahsil(m.id, "100.00", "nakit", date(2019, 12, 30), actor="kasiyer", secili=[debt.id])
        fee = db.session.scalar(db.select(Tahakkuk).where(Tahakkuk.kaynak == f"gz:{debt.id}"))
        assert fee is not None and acik_tutar(fee.id) == 0  # the payment paid its own fee first
        open_before = acik_tutar(debt.id)
        request = terkin.talep(debt.id, "zamanasimi", "5 yıl doldu", "", GUN, actor="memur", actor_id=1)
        assert request.durum == "bekliyor" and acik_tutar(debt.id) == open_before  # nothing closed yet
        with pytest.raises(GelirError) as same_user:
            terkin.onayla(request.id, GUN, actor="memur", actor_id=1)
        assert "onaylayan" in same_user.value.errors
        approved, seen = _cancelled(lambda: terkin.onayla(request.id, GUN, actor="sef", actor_id=2))
        assert approved.durum == "onaylandi" and approved.anapara == open_before
        assert acik_tutar(debt.id) == 0
        assert db.session.get(Tahakkuk, debt.id).tutar == Decimal("1000.00")  # never edited
        [row] = approved.kayitlar
        reversal = db.session.get(Tahakkuk, row["iptal_id"])
        assert reversal.iptal_edilen_id == debt.id and reversal.tutar == -open_before
        assert [e.reference for e in seen] == [f"terkin:{approved.id}"] and seen[0].total == open_before
        assert all(d.tahakkuk_id != debt.id for d in borc_servisi.acik_borclar(m.id, GUN))
        with pytest.raises(GelirError) as twice:
            terkin.talep(debt.id, "degersiz_alacak", "yine", "", GUN, actor="memur", actor_id=1)
        assert twice.value.status == 409


def test_accrued_open_late_fees_are_written_off_with_the_debt():
    with services.bound("alfa"):
        m = MukellefFactory()
        debt = borc(m, "500.00", date(2024, 11, 30))
        fee = Tahakkuk(mukellef_id=m.id, gelir_kodu="gecikme_zammi", kaynak=f"gz:{debt.id}", yil=2025, taksit=0,
                       surum=1, vade=date(2025, 6, 1), tutar=Decimal("80.00"), olusturan="test")
        db.session.add(fee)
        db.session.flush()
        request = terkin.talep(debt.id, "degersiz_alacak", "Mal varlığı yok", "Komisyon kararı 2026/3", GUN,
                               actor="memur", actor_id=1)
        approved, seen = _cancelled(lambda: terkin.onayla(request.id, GUN, actor="sef", actor_id=2))
        assert (approved.anapara, approved.gecikme) == (Decimal("500.00"), Decimal("80.00"))
        assert acik_tutar(fee.id) == 0 and acik_tutar(debt.id) == 0
        assert {line.revenue_code for line in seen[0].lines} == {"emlak_arsa", "gecikme_zammi"}
        with pytest.raises(GelirError):
            terkin.talep(fee.id, "degersiz_alacak", "x", "", GUN, actor="memur", actor_id=1)


def test_a_debt_not_yet_lapsed_or_under_tecil_is_refused_and_a_refusal_leaves_it_open():
    with services.bound("alfa"):
        m = MukellefFactory()
        young = borc(m, "100.00", date(2022, 11, 30))
        with pytest.raises(GelirError) as not_lapsed:
            terkin.talep(young.id, "zamanasimi", "eski", "", GUN, actor="memur", actor_id=1)
        assert "neden" in not_lapsed.value.errors
        assert zamanasimi.borc_suresi(young.id).son_gun == date(2027, 12, 31)
        covered = borc(m, "1000.00", date(2025, 11, 30))
        tecil.onayla(m.id, [covered.id], 2, GUN, bugun=GUN, actor="memur")
        with pytest.raises(GelirError) as under_plan:
            terkin.talep(covered.id, "degersiz_alacak", "x", "", GUN, actor="memur", actor_id=1)
        assert under_plan.value.status == 409
        request = terkin.talep(young.id, "kucuk_alacak", "Masrafına değmez", "", GUN, actor="memur", actor_id=1)
        with pytest.raises(GelirError) as no_note:
            terkin.reddet(request.id, " ", GUN, actor="sef", actor_id=2)
        assert "karar_notu" in no_note.value.errors
        refused = terkin.reddet(request.id, "Tahsil edilebilir", GUN, actor="sef", actor_id=2)
        assert refused.durum == "reddedildi" and acik_tutar(young.id) == Decimal("100.00")
        with pytest.raises(GelirError):
            terkin.onayla(request.id, GUN, actor="sef", actor_id=2)
        assert terkin.talep(young.id, "kucuk_alacak", "Yeniden", "", GUN, actor="memur", actor_id=1)


@pytest.mark.parametrize(("neden", "gerekce", "dayanak", "field"), [
    ("yok", "x", "", "neden"), ("degersiz_alacak", "  ", "", "gerekce"), ("af_kanunu", "af", "", "dayanak")])
def test_bad_requests_are_refused_with_the_field(neden, gerekce, dayanak, field):
    with services.bound("alfa"):
        m = MukellefFactory()
        debt = borc(m, "100.00", VADE)
        with pytest.raises(GelirError) as refused:
            terkin.talep(debt.id, neden, gerekce, dayanak, GUN, actor="memur", actor_id=1)
        assert field in refused.value.errors


def test_the_api_request_then_another_users_approval_closes_the_debt(client):
    from tests.plugin import host, ids_apart, staff_with

    headers = {"Host": host("alfa")}
    ids_apart("terkinler")
    with services.bound("beta"):
        bm = MukellefFactory()
        other = terkin.talep(borc(bm, "10.00", VADE).id, "kucuk_alacak", "x", "", GUN, actor="b", actor_id=1).id
        db.session.commit()
    with services.bound("alfa"):
        m = MukellefFactory()
        debt = borc(m, "750.00", date(2015, 11, 30))
        db.session.commit()
        debt_id = debt.id
    staff_with(client, "alfa", "gelir.takip.yonet")
    assert client.post("/api/v1/gelir/terkinler", json={}, headers=headers).status_code == 403
    staff_with(client, "alfa", "gelir.terkin.talep")
    for bad, field in (({"tahakkuk_id": debt_id, "neden": "yok", "gerekce": "x"}, "neden"),
                       ({"tahakkuk_id": 2**63, "neden": "zamanasimi", "gerekce": "x"}, "tahakkuk_id"),
                       ({"tahakkuk_id": debt_id, "neden": "zamanasimi", "gerekce": "a\x00b"}, "gerekce")):
        refused = client.post("/api/v1/gelir/terkinler", json=bad, headers=headers)
        assert refused.status_code == 422 and field in refused.json["errors"], refused.json
    asked = client.post("/api/v1/gelir/terkinler", json={"tahakkuk_id": debt_id, "neden": "zamanasimi",
                                                         "gerekce": "5 yıl doldu"}, headers=headers)
    assert asked.status_code == 201 and asked.json["durum"] == "bekliyor", asked.json
    terkin_id = asked.json["id"]
    assert client.post(f"/api/v1/gelir/terkinler/{terkin_id}/onay", json={}, headers=headers).status_code == 403
    assert client.get(f"/api/v1/gelir/terkinler/{other}", headers=headers).status_code == 404
    staff_with(client, "alfa", "gelir.terkin.onayla")
    assert client.post(f"/api/v1/gelir/terkinler/{other}/onay", json={}, headers=headers).status_code == 404
    queue = client.get("/gelir/takip/terkin?durum=bekliyor", headers=headers).get_data(as_text=True)
    assert "5 yıl doldu" in queue and "Onayla" in queue
    done = client.post(f"/gelir/takip/terkin/{terkin_id}/onayla", data={}, headers=headers)
    assert done.status_code == 302
    with services.bound("alfa"):
        assert acik_tutar(debt_id) == 0
        assert terkin.terkin(terkin_id).durum == "onaylandi"
    again = client.post(f"/api/v1/gelir/terkinler/{terkin_id}/ret", json={"karar_notu": "geç"}, headers=headers)
    assert again.status_code == 409
