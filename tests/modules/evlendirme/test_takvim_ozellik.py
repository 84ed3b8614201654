"""A hypothesis stateful property: whatever the sequence of bookings (hall and outside),
reschedules, cancellations and lapsing holds, no hall slot holds two ceremonies, no
officiant is in two places at once (travel included), no file has two live bookings,
the slot search never offers a taken slot, and every refusal is a user's message (never
a database error reaching the user)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import text

from ebelediye.errors import UserError
from ebelediye.extensions import db
from modules.evlendirme.services import takvim
from tenants import services
from tests.modules.evlendirme.conftest import BUGUN, dosya, kur, slot
from tests.plugin import disable_modules

OVERLAPS = {
    "salon": """SELECT count(*) FROM nikahlar a JOIN nikahlar b ON a.id < b.id AND a.salon_id = b.salon_id
                AND a.baslangic < b.bitis AND b.baslangic < a.bitis
                WHERE a.durum IN ('tutuldu', 'kesin', 'kiyildi') AND b.durum IN ('tutuldu', 'kesin', 'kiyildi')""",
    "memur": """SELECT count(*) FROM nikahlar a JOIN nikahlar b ON a.id < b.id AND a.memur_id = b.memur_id
                AND a.memur_baslangic < b.memur_bitis AND b.memur_baslangic < a.memur_bitis
                WHERE a.durum IN ('tutuldu', 'kesin', 'kiyildi') AND b.durum IN ('tutuldu', 'kesin', 'kiyildi')""",
    "dosya": """SELECT count(*) FROM (SELECT basvuru_id FROM nikahlar WHERE durum IN ('tutuldu', 'kesin', 'kiyildi')
                GROUP BY basvuru_id HAVING count(*) > 1) x""",
}


class Takvim(RuleBasedStateMachine):
    files: list[int] = []
    halls: list[int] = []
    clock = None

    @initialize()
    def start(self):
        self.step = db.session.begin_nested()
        self.clock.gun(BUGUN, 8)
        self.refused = 0

    def _try(self, action):
        try:
            with db.session.begin_nested():
                action()
        except UserError:
            self.refused += 1  # a refusal with a message; anything else fails the property

    @rule(f=st.integers(0, 3), day=st.integers(1, 2), n=st.integers(0, 3), hall=st.integers(0, 1))
    def book(self, f, day, n, hall):
        self._try(lambda: takvim.tut(self.files[f], self.halls[hall],
                                     slot(BUGUN + timedelta(days=day), 10 + n // 2, 30 * (n % 2)), actor="h"))

    @rule(f=st.integers(0, 3), day=st.integers(1, 2), quarter=st.integers(36, 46), km=st.integers(1, 40))
    def book_outside(self, f, day, quarter, km):
        start = slot(BUGUN + timedelta(days=day), 0) + timedelta(minutes=15 * quarter)
        self._try(lambda: takvim.dis_tut(self.files[f], start, adres="Bahçe", mesafe_km=Decimal(km), actor="h"))

    @rule(f=st.integers(0, 3), day=st.integers(1, 2), n=st.integers(0, 3))
    def reschedule(self, f, day, n):
        booking = takvim.aktif_nikah(self.files[f])
        if booking is not None:
            when = slot(BUGUN + timedelta(days=day), 10 + n // 2, 30 * (n % 2))
            self._try(lambda: takvim.ertele(booking.id, when, actor="h", salon_id=booking.salon_id or self.halls[0]))

    @rule(f=st.integers(0, 3))
    def cancel(self, f):
        booking = takvim.aktif_nikah(self.files[f])
        if booking is not None:
            self._try(lambda: takvim.iptal(booking.id, "vazgeçti", actor="h"))

    @rule(hours=st.sampled_from((1, 30, 50)))
    def time_passes(self, hours):
        self.clock.ileri(hours=hours)
        if self.clock.an.date() > BUGUN:
            self.clock.gun(BUGUN, 20)  # stay before the booked days

    @invariant()
    def no_double_booking(self):
        for what, sql in OVERLAPS.items():
            assert db.session.execute(text(sql)).scalar_one() == 0, what

    @invariant()
    def search_never_offers_a_taken_slot(self):
        for day in (1, 2):
            gun = BUGUN + timedelta(days=day)
            live = [b for b in takvim.gunun_nikahlari(gun) if b.durum == "kesin" or
                    (b.durum == "tutuldu" and b.tutma_bitis > self.clock.an)]
            _, slots = takvim.gun_slotlari(gun)
            for s in slots:
                if s.bos:
                    assert not any(b.salon_id == s.salon_id and b.baslangic < s.bitis and s.baslangic < b.bitis
                                   for b in live), (s, live)

    def teardown(self):
        if self.step.is_active:
            self.step.rollback()


def test_no_schedule_has_two_ceremonies_in_a_slot_or_an_officiant_in_two_places(saat, kps):
    disable_modules("beta", "gelir")  # fees at the desk: holds stay holds until they lapse
    with services.bound("beta"):
        k = kur(memur_sayisi=2)
        Takvim.files = [dosya(i=i, muafiyet_id=None).id for i in range(4)]
        Takvim.halls = [k.salon.id, k.salon2.id]
        Takvim.clock = saat
        run_state_machine_as_test(Takvim, settings=settings(
            max_examples=8, stateful_step_count=10, deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
        db.session.rollback()
