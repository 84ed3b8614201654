"""Applying payments: properties of ``hesap.dagit`` and of the real service on PostgreSQL,
plus worked examples of late fees and due dates.

(a) a payment split into parts, applied in any order on one day, leaves the same balances
    (open principal and open late fee per debt, and credit) as paying it at once;
(b) what a taxpayer paid = what was applied + his credit;
(c) nothing is applied beyond a debt's open amount.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ebelediye.extensions import db
from modules.gelir import hesap, parametre
from modules.gelir.hesap import AcikKalem, dagit
from modules.gelir.services import borc as borc_service
from modules.gelir.services import tahsilat
from tenants import services

from .conftest import MukellefFactory, borc

CENT = Decimal("0.01")
DAY = date(2026, 2, 9)  # 3.70 % in force since 13.11.2025
SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

money = st.integers(min_value=1, max_value=2_000_000).map(lambda c: Decimal(c) * CENT)


@st.composite
def kalemler(draw) -> list[AcikKalem]:
    count = draw(st.integers(min_value=1, max_value=5))
    rows = []
    for i in range(count):
        rows.append(AcikKalem(
            tahakkuk_id=i + 1, vade=DAY - timedelta(days=draw(st.integers(-60, 800))),
            oncelik=draw(st.sampled_from([5, 10, 20])), anapara=draw(money),
            gecikme_acik=draw(st.sampled_from([Decimal(0), Decimal("1.00"), Decimal("37.50")])),
            gecikme_yeni=draw(st.one_of(st.just(Decimal(0)), money))))
    return rows


@st.composite
def split(draw, total: Decimal) -> list[Decimal]:
    """``total`` cut into 1-4 positive parts, in a drawn order."""
    cents = int(total / CENT)
    k = draw(st.integers(min_value=1, max_value=min(4, cents)))
    cuts = sorted(draw(st.sets(st.integers(1, cents - 1), min_size=k - 1, max_size=k - 1))) if k > 1 else []
    bounds = [0, *cuts, cents]
    parts = [Decimal(b - a) * CENT for a, b in zip(bounds, bounds[1:], strict=False)]
    return draw(st.permutations(parts))


def _apply(state: dict[int, AcikKalem], amount: Decimal) -> tuple[hesap.Dagitim, Decimal]:
    """Apply one payment to the pure state the way the service does; returns the plan and its credit."""
    plan = dagit(amount, [k for k in state.values() if k.anapara + k.gecikme_acik + k.gecikme_yeni > 0])
    for kid, fee in plan.yeni_gecikme.items():  # accrued when collected: it bears no more
        state[kid] = replace(state[kid], gecikme_acik=state[kid].gecikme_acik + fee, gecikme_yeni=Decimal(0))
    for kid, paid in plan.gecikmeye.items():
        state[kid] = replace(state[kid], gecikme_acik=state[kid].gecikme_acik - paid)
    for kid, paid in plan.anaparaya.items():
        state[kid] = replace(state[kid], anapara=state[kid].anapara - paid)
    return plan, plan.artan


def _balances(state: dict[int, AcikKalem]) -> dict[int, tuple[Decimal, Decimal]]:
    return {k.tahakkuk_id: (k.anapara, k.gecikme_acik + k.gecikme_yeni) for k in state.values()}


# --- hesap.dagit ----------------------------------------------------------------------------

@SETTINGS
@given(data=st.data(), debts=kalemler())
def test_split_payments_in_any_order_end_where_one_payment_does(data, debts):
    owed = sum((k.anapara + k.gecikme_acik + k.gecikme_yeni for k in debts), Decimal(0))
    total = data.draw(st.integers(1, int(owed * Decimal("1.2") / CENT) + 1).map(lambda c: Decimal(c) * CENT))
    once = {k.tahakkuk_id: k for k in debts}
    _, credit_once = _apply(once, total)
    parts = data.draw(split(total))
    stepwise = {k.tahakkuk_id: k for k in debts}
    credit = Decimal(0)
    for part in parts:
        plan, left = _apply(stepwise, part)
        credit += left
        assert plan.uygulanan + plan.artan == part  # (b)
        for kid, paid in plan.gecikmeye.items():  # (c)
            assert paid <= next(k for k in debts if k.tahakkuk_id == kid).gecikme_acik \
                + next(k for k in debts if k.tahakkuk_id == kid).gecikme_yeni
    assert _balances(stepwise) == _balances(once)  # (a)
    assert credit == credit_once
    for k in stepwise.values():  # (c): nothing goes below zero
        assert k.anapara >= 0 and k.gecikme_acik >= 0


@SETTINGS
@given(debts=kalemler(), amount=money)
def test_nothing_is_applied_beyond_what_is_open(debts, amount):
    plan = dagit(amount, debts)
    by_id = {k.tahakkuk_id: k for k in debts}
    assert plan.uygulanan + plan.artan == amount and plan.artan >= 0
    for kid, paid in plan.gecikmeye.items():
        assert 0 < paid <= by_id[kid].gecikme_acik + by_id[kid].gecikme_yeni
    for kid, paid in plan.anaparaya.items():
        assert 0 < paid <= by_id[kid].anapara
        # principal only once the debt's late fees are paid in full
        assert plan.gecikmeye.get(kid, 0) == by_id[kid].gecikme_acik + by_id[kid].gecikme_yeni
    if plan.artan > 0:  # credit only when every debt is paid
        assert plan.uygulanan == sum((k.anapara + k.gecikme_acik + k.gecikme_yeni for k in debts), Decimal(0))


# --- the real service on PostgreSQL ------------------------------------------------------------

def _state(mid: int) -> tuple[dict[int, tuple[Decimal, Decimal]], Decimal]:
    debts = borc_service.acik_borclar(mid, DAY)
    return {d.tahakkuk_id: (d.anapara, d.gecikme) for d in debts}, borc_service.alacak_bakiyesi(mid)


def _invariants(mid: int) -> None:
    paid, applied = db.session.execute(db.text("""
        SELECT (SELECT COALESCE(sum(tutar), 0) FROM tahsilatlar WHERE mukellef_id = :m),
               (SELECT COALESCE(sum(d.tutar), 0) FROM tahsilat_dagilimlari d JOIN tahsilatlar s ON s.id = d.tahsilat_id
                WHERE s.mukellef_id = :m)"""), {"m": mid}).one()
    assert paid == applied + borc_service.alacak_bakiyesi(mid)  # (b)
    over = db.session.execute(db.text("""
        SELECT count(*) FROM tahakkuklar t
        WHERE t.mukellef_id = :m AND t.iptal_edilen_id IS NULL
          AND (SELECT COALESCE(sum(d.tutar), 0) FROM tahsilat_dagilimlari d WHERE d.tahakkuk_id = t.id) > t.tutar
    """), {"m": mid}).scalar_one()
    assert over == 0  # (c)


@SETTINGS
@given(data=st.data(),
       debts=st.lists(st.tuples(st.integers(1, 500_000), st.integers(-40, 700)), min_size=1, max_size=3))
def test_the_service_applies_split_payments_like_one(data, debts):
    with services.bound("alfa"):
        m = MukellefFactory()
        for i, (cents, late) in enumerate(debts):
            borc(m, str(Decimal(cents) * CENT), DAY - timedelta(days=late), taksit=i + 1)
        before, _ = _state(m.id)
        owed = sum((a + f for a, f in before.values()), Decimal(0))
        total = data.draw(st.integers(1, int(owed * Decimal("1.1") / CENT) + 1).map(lambda c: Decimal(c) * CENT))
        parts = data.draw(split(total))

        once = db.session.begin_nested()
        tahsilat.tahsil(m.id, total, "nakit", DAY, actor="ozellik", commit=False)
        expected = _state(m.id)
        _invariants(m.id)
        once.rollback()

        stepwise = db.session.begin_nested()
        for part in parts:
            tahsilat.tahsil(m.id, part, "kart", DAY, actor="ozellik", commit=False)
            _invariants(m.id)
        assert _state(m.id) == expected
        stepwise.rollback()


# --- worked examples ------------------------------------------------------------------------

RATE_370 = [(date(2025, 11, 13), date(2099, 12, 31), Decimal("3.70"))]


def test_rules_5_1_example_two_months_ten_days_at_3_70():
    fee = hesap.gecikme_zammi(Decimal("10000"), date(2025, 11, 30), DAY, RATE_370, Decimal("1"))
    assert fee.tutar == Decimal("863.33")
    assert "2 ay + 10/30" in fee.adimlar[0].adim


def test_the_seeded_rates_give_the_same_example_and_split_a_span_over_a_rate_change():
    with services.bound("alfa"):
        assert borc_service.gecikme(Decimal("10000"), date(2025, 11, 30), DAY).tutar == Decimal("863.33")
        # 01.11–12.11.2025 at 4.50 % (12 days), 13.11–31.12.2025 at 3.70 % (1 month 19 days)
        crossing = borc_service.gecikme(Decimal("10000"), date(2025, 10, 31), date(2025, 12, 31))
        assert [a.deger for a in crossing.adimlar] == ["180,00", "604,33"]
        assert crossing.tutar == Decimal("784.33")


def test_the_late_fee_is_at_least_one_lira():
    fee = hesap.gecikme_zammi(Decimal("10"), date(2026, 1, 5), date(2026, 1, 6), RATE_370, Decimal("1.00"))
    assert fee.tutar == Decimal("1.00") and fee.adimlar[-1].adim == "Asgari tutar uygulandı"
    assert hesap.gecikme_zammi(Decimal("10"), date(2026, 1, 5), date(2026, 1, 5), RATE_370, Decimal("1")).tutar == 0


def test_due_dates_move_past_weekends_and_public_holidays():
    assert hesap.vade_gunu(date(2026, 5, 31), parametre.tatil_mi) == date(2026, 6, 1)  # Sunday
    assert hesap.vade_gunu(date(2026, 5, 19), parametre.tatil_mi) == date(2026, 5, 20)  # 19 Mayıs
    assert hesap.vade_gunu(date(2026, 5, 27), parametre.tatil_mi) == date(2026, 6, 1)  # Kurban Bayramı, then Sunday
    assert hesap.vade_gunu(date(2026, 11, 30), parametre.tatil_mi) == date(2026, 11, 30)  # a Monday


def test_no_late_fee_runs_on_the_due_day_and_the_fee_starts_the_day_after():
    with services.bound("alfa"):
        m = MukellefFactory()
        due = hesap.vade_gunu(date(2026, 5, 31), parametre.tatil_mi)
        borc(m, "1000.00", due)
        assert borc_service.acik_borclar(m.id, due)[0].gecikme == 0
        # one day late: 1000 × 3.70 % / 30 = 1.23
        assert borc_service.acik_borclar(m.id, due + timedelta(days=1))[0].gecikme == Decimal("1.23")


def test_partial_payment_pays_the_oldest_late_fee_first_then_its_principal():
    old = AcikKalem(1, date(2025, 11, 30), 10, Decimal("10000.00"), gecikme_yeni=Decimal("863.33"))
    newer = AcikKalem(2, date(2026, 1, 31), 10, Decimal("500.00"), gecikme_yeni=Decimal("1.00"))
    plan = dagit(Decimal("1000.00"), [newer, old])
    assert plan.gecikmeye == {1: Decimal("863.33")} and plan.anaparaya == {1: Decimal("136.67")}
    assert plan.yeni_gecikme == {1: Decimal("863.33")}  # the newer debt was not reached: nothing accrued
    assert plan.artan == 0
