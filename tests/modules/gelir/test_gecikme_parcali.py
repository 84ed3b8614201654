"""``hesap.gecikme_zammi`` charges the whole months piece by piece of the rate table (for
the debt inquiry's speed); this checks it against the month-by-month loop it replaced,
kept here verbatim: the same amount to the kuruş and the same steps, word for word, over
rate tables with changes on month starts and ends, month-end due dates and delays of up
to 25 years; and ``adimlar=False`` changes only the steps.  The inquiry's one read of the
rates and the minimum gives what reading them apart gives."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from modules.gelir import hesap, parametre
from modules.gelir.hesap import (
    ZERO,
    Adim,
    GecikmeHesabi,
    _ay_adimi,
    _oran,
    _virgul,
    ay_sonu,
    gunluk_oran,
    kurus,
    sure,
    tl,
)
from tenants import services

from .test_dagitim_properties import PURE, RATES, due_day, month_end, one_rate, principal

D = Decimal
#: RULES §5.2 since 2010, as the bench's taxpayer's ten years of debts meet it
SEEDED = [(date(2010, 10, 19), date(2018, 9, 4), D("1.40")), (date(2018, 9, 5), date(2019, 6, 30), D("2.00")),
          (date(2019, 7, 1), date(2019, 10, 1), D("2.50")), (date(2019, 10, 2), date(2019, 12, 29), D("2.00")),
          (date(2019, 12, 30), date(2022, 7, 20), D("1.60")), (date(2022, 7, 21), date(2023, 11, 13), D("2.50")),
          (date(2023, 11, 14), date(2024, 5, 20), D("3.50")), (date(2024, 5, 21), date(2025, 11, 12), D("4.50")),
          (date(2025, 11, 13), date(2060, 12, 31), D("3.70"))]


def month_by_month(anapara, baslangic, gun, oranlar, asgari) -> GecikmeHesabi:
    """The loop ``hesap.gecikme_zammi`` ran until issue 12's inquiry work, unchanged."""
    if anapara <= 0 or gun <= baslangic:
        return GecikmeHesabi(ZERO)
    months, days = sure(baslangic, gun)
    total = ZERO
    steps: list[Adim] = []
    run: list = []
    for k in range(months):
        start = (ay_sonu(baslangic, k) if k else baslangic) + timedelta(days=1)
        end = ay_sonu(baslangic, k + 1)
        rate = _oran(oranlar, start)
        total += anapara * rate / Decimal(100)
        if run and run[2] == rate:
            run[1], run[3] = end, run[3] + 1
        else:
            if run:
                steps.append(_ay_adimi(anapara, *run))
            run = [start, end, rate, 1]
    if run:
        steps.append(_ay_adimi(anapara, *run))
    if days:
        start = (ay_sonu(baslangic, months) if months else baslangic) + timedelta(days=1)
        rate = _oran(oranlar, start)
        daily = gunluk_oran(rate)
        part = anapara * daily * days
        total += part
        steps.append(Adim(f"{start:%d.%m.%Y}–{gun:%d.%m.%Y}: {tl(anapara)} × {days} gün × {_virgul(daily)} "
                          f"(günlük oran: %{_virgul(rate.normalize())} ÷ 30, 6 haneye yukarı yuvarlanmış)", tl(part)))
    amount = kurus(total)
    if amount < asgari:
        steps.append(Adim("Asgari tutar uygulandı", tl(asgari)))
        amount = asgari
    return GecikmeHesabi(amount, tuple(steps))


@st.composite
def month_edged_table(draw, start: date = date(2015, 1, 1), end: date = date(2052, 12, 31)):
    """Contiguous pieces whose changes fall on a month's first or last day or next to them
    (where a piece-wise count could be off by one), equal neighbours allowed (they merge)."""
    edges = st.builds(lambda y, m, shift: month_end(y, m) + timedelta(days=shift),
                      st.integers(start.year, end.year - 1), st.integers(1, 12), st.integers(-1, 2))
    changes = sorted(draw(st.sets(st.one_of(edges, st.dates(start + timedelta(days=1), end)), max_size=8)))
    bounds = [start, *changes, end + timedelta(days=1)]
    return [(a, b - timedelta(days=1), draw(st.sampled_from(RATES))) for a, b in zip(bounds, bounds[1:], strict=False)]


@PURE
@given(anapara=st.one_of(principal, st.integers(1, 10**13).map(lambda c: Decimal(c) / 100)), vade=due_day,
       late=st.one_of(st.integers(-5, 400), st.integers(400, 9200)), table=month_edged_table(),
       asgari=st.sampled_from([D("1.00"), D("0"), D("500.00")]))
@example(anapara=D("1250.00"), vade=date(2016, 11, 30), late=9000, table=SEEDED, asgari=D("1.00"))
@example(anapara=D("10000"), vade=date(2025, 10, 31), late=61, table=SEEDED, asgari=D("1.00"))
@example(anapara=D("10000"), vade=date(2025, 11, 12), late=30, table=SEEDED, asgari=D("1.00"))
def test_piece_by_piece_is_the_month_by_month_loop_to_the_kurus_and_word(anapara, vade, late, table, asgari):
    gun = vade + timedelta(days=late)
    expected = month_by_month(anapara, vade, gun, table, asgari)
    assert hesap.gecikme_zammi(anapara, vade, gun, table, asgari) == expected
    assert hesap.gecikme_zammi(anapara, vade, gun, table, asgari, adimlar=False) == GecikmeHesabi(expected.tutar)


@pytest.mark.parametrize("table", [
    [(date(2020, 1, 1), date(2020, 3, 31), D("2")), (date(2020, 5, 1), date(2030, 1, 1), D("3"))],  # a gap
    [(date(2020, 1, 1), date(2020, 3, 31), D("2"))],  # ends before the day
    [(date(2020, 2, 1), date(2030, 1, 1), D("2"))],  # starts after the due day
])
def test_a_month_no_rate_covers_is_refused_as_before(table):
    with pytest.raises(ValueError) as before:
        month_by_month(D("1000"), date(2020, 1, 15), date(2020, 8, 20), table, D("1"))
    with pytest.raises(ValueError) as now:
        hesap.gecikme_zammi(D("1000"), date(2020, 1, 15), date(2020, 8, 20), table, D("1"))
    assert str(now.value) == str(before.value)


def test_one_rate_over_a_century_is_one_step():
    fee = hesap.gecikme_zammi(D("1000"), date(2001, 1, 31), date(2098, 12, 31), one_rate(D("1")), D("1"))
    assert fee == month_by_month(D("1000"), date(2001, 1, 31), date(2098, 12, 31), one_rate(D("1")), D("1"))
    assert fee.tutar == D("11750.00") and len(fee.adimlar) == 1


@pytest.mark.parametrize(("bas", "son"), [
    (date(2016, 5, 31), date(2026, 12, 3)), (date(2025, 11, 12), date(2025, 11, 13)),
    (date(2026, 1, 5), date(2026, 1, 5)), (date(2019, 6, 30), date(2044, 2, 29))])
def test_the_inquiry_reads_the_rates_and_the_minimum_in_one_statement_as_read_apart(bas, son):
    with services.bound("alfa"):
        assert parametre.gecikme_parametreleri(bas, son) == (
            parametre.gecikme_oranlari(bas, son), parametre.deger("gecikme_zammi.asgari", son))
