"""The per-day cache of the slot search: a fresh entry answers without a statement; a
committed booking of that day, or any change to the set-up, makes the next search compute
again; time alone ends an entry (a slot start passing, a hold lapsing); a transaction that
changed the schedule reads its own writes; tenants never share an entry; the API's cached
body is what the schema would have dumped."""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import time, timedelta

from sqlalchemy import event

from ebelediye.extensions import db
from modules.evlendirme.api import GunSchema
from modules.evlendirme.models import MemurIzni, NikahSalonu, SlotSablonu
from modules.evlendirme.services import ayar, takvim
from tenants import services
from tests.modules.evlendirme.conftest import BUGUN, dosya, kur, slot
from tests.plugin import host, staff_with

DAY, OTHER_DAY = BUGUN + timedelta(days=3), BUGUN + timedelta(days=4)


@contextmanager
def statements():
    seen: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def at(slots, salon_id, when):
    return next(s for s in slots if s.salon_id == salon_id and s.baslangic == when)


def test_a_days_slots_are_cached_until_a_booking_of_that_day_commits(saat, kps):
    with services.bound("alfa"):
        k = kur()
        first, second = dosya(), dosya(i=1)
        db.session.commit()
        closed, fresh = takvim.gun_slotlari(DAY)
        db.session.commit()
        with statements() as seen:
            assert takvim.gun_slotlari(DAY) == (closed, fresh)
        assert seen == []  # from the cache
        assert at(fresh, k.salon.id, slot(DAY)).bos

        takvim.tut(first.id, k.salon.id, slot(DAY), actor="t")
        # the transaction that booked sees its booking, whatever the cache holds
        assert at(takvim.gun_slotlari(DAY)[1], k.salon.id, slot(DAY)).neden == "Dolu"
        db.session.commit()
        with statements() as seen:
            after = takvim.gun_slotlari(DAY)[1]
        assert seen and at(after, k.salon.id, slot(DAY)).neden == "Dolu"  # computed again after the commit

        takvim.tut(second.id, k.salon.id, slot(OTHER_DAY), actor="t")
        db.session.commit()
        with statements() as seen:
            assert takvim.gun_slotlari(DAY)[1] == after
        assert seen == []  # another day's booking leaves this day's entry alone


def test_a_rolled_back_booking_changes_nothing_and_a_cancellation_frees_the_slot(saat, kps):
    with services.bound("alfa"):
        k = kur()
        row = dosya()
        db.session.commit()
        takvim.gun_slotlari(DAY)
        db.session.commit()
        with db.session.begin_nested():
            booking = takvim.tut(row.id, k.salon.id, slot(DAY), actor="t")
        db.session.commit()
        assert at(takvim.gun_slotlari(DAY)[1], k.salon.id, slot(DAY)).neden == "Dolu"
        db.session.commit()
        takvim.iptal(booking.id, "Çift vazgeçti", actor="t")
        db.session.commit()
        assert at(takvim.gun_slotlari(DAY)[1], k.salon.id, slot(DAY)).bos


def test_any_change_to_the_set_up_reaches_every_day(saat, kps):
    with services.bound("alfa"):
        k = kur(memur_sayisi=1)
        db.session.commit()
        for day in (DAY, OTHER_DAY):
            assert takvim.gun_slotlari(day)[0] is None
        db.session.commit()
        ayar.kapali_gun_ekle(tarih=DAY, neden="Seçim günü", actor="t")
        db.session.commit()
        assert "Seçim günü" in takvim.gun_slotlari(DAY)[0]

        db.session.add(MemurIzni(memur_id=k.memurlar[0].id, baslangic=OTHER_DAY, bitis=OTHER_DAY, neden="İzin"))
        db.session.commit()
        assert {s.neden for s in takvim.gun_slotlari(OTHER_DAY)[1]} == {"Müsait evlendirme memuru yok"}

        hall = db.session.get(NikahSalonu, k.salon2.id)
        hall.ad = "Yeni Park Salonu"
        db.session.add(SlotSablonu(salon_id=k.salon.id, hafta_gunu=(OTHER_DAY + timedelta(days=7)).weekday(),
                                   baslangic=time(14), bitis=time(15), aralik_dk=30, sure_dk=20,
                                   gecerli_baslangic=BUGUN))
        db.session.commit()
        later = takvim.gun_slotlari(OTHER_DAY + timedelta(days=7))[1]
        assert "Yeni Park Salonu" in {s.salon for s in later} and slot(OTHER_DAY + timedelta(days=7), 14) in {
            s.baslangic for s in later}


def test_an_entry_ends_when_a_slot_starts_or_a_hold_lapses(saat, kps):
    # both moments fall well inside the entry's ten minutes of life: only the bounds end it
    with services.bound("alfa"):
        k = kur()
        row = dosya()
        db.session.commit()
        saat.an = slot(BUGUN, 9, 58)
        assert at(takvim.gun_slotlari(BUGUN)[1], k.salon.id, slot(BUGUN, 10)).bos
        db.session.commit()
        saat.ileri(minutes=3)
        assert at(takvim.gun_slotlari(BUGUN)[1], k.salon.id, slot(BUGUN, 10)).neden == "Geçmiş saat"
        db.session.commit()

        saat.gun(BUGUN)
        held = takvim.tut(row.id, k.salon.id, slot(DAY), actor="t")
        lapse = held.tutma_bitis
        db.session.commit()
        saat.an = lapse - timedelta(minutes=2)
        assert at(takvim.gun_slotlari(DAY)[1], k.salon.id, slot(DAY)).neden == "Dolu"
        db.session.commit()
        saat.ileri(minutes=3)  # the hold lapses: nothing is written, the entry ends by itself
        assert at(takvim.gun_slotlari(DAY)[1], k.salon.id, slot(DAY)).bos


def test_tenants_never_share_an_entry(saat, kps):
    with services.bound("alfa"):
        kur()
        db.session.commit()
        assert takvim.gun_slotlari(DAY)[1]
        db.session.commit()
    with services.bound("beta"):
        assert takvim.gun_slotlari(DAY) == (None, [])  # beta has no halls
        db.session.commit()


def test_the_apis_cached_body_is_what_the_schema_dumps(client, saat, kps):
    staff_with(client, "alfa", "evlendirme.basvuru.goruntule")
    with services.bound("alfa"):
        k = kur()
        row = dosya()
        takvim.tut(row.id, k.salon.id, slot(DAY, 11), actor="t")
        db.session.commit()
        closed, slots, _ = takvim._compute_day(DAY, None, None)
        db.session.commit()
    expected = json.loads(json.dumps(GunSchema().dump({"gun": DAY, "kapali": closed, "slotlar": slots})))
    for _ in range(2):  # computed, then from the cache
        response = client.get(f"/api/v1/evlendirme/slotlar?gun={DAY}", headers={"Host": host("alfa")})
        assert response.status_code == 200 and response.mimetype == "application/json"
        assert response.get_json() == expected
    closed_day = client.get("/api/v1/evlendirme/slotlar?gun=2027-01-01", headers={"Host": host("alfa")}).get_json()
    assert "resmî tatil" in closed_day["kapali"] and closed_day["slotlar"] == []
