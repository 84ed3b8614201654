"""Year-end closing (RULES §6.2 items 8, 9): whatever the year held, the closing voucher
leaves 600, 630, 800, 805, 810, 830, 835, 900, 901 and 905 at zero, the result in 590 or
591, and the year refuses postings once it is approved."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from ebelediye import events
from ebelediye.extensions import db
from modules.muhasebe.models import Fis, FisSatiri
from modules.muhasebe.services import MuhasebeError, butce, fis, odenek, yilsonu
from modules.muhasebe.services.fis import MuhasebeConflict
from tenants import services

YIL = 2025
GUN = date(YIL, 6, 10)
ECON = ("01.2.9.51", "01.2.9.52", "01.2.9.54")
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("50000.00"), places=2)
ops = st.one_of(
    st.tuples(st.just("tahakkuk"), amounts, st.sampled_from(ECON)),
    st.tuples(st.just("tahsilat"), amounts, st.sampled_from(ECON), st.sampled_from(("kasa", "banka", "pos"))),
    st.tuples(st.just("iade"), amounts, st.sampled_from(ECON)),
    st.tuples(st.just("harcama"), amounts),
)


def _balance(kod: str) -> Decimal:
    return Decimal(db.session.scalar(
        select(func.coalesce(func.sum(FisSatiri.borc - FisSatiri.alacak), 0)).join(Fis, Fis.id == FisSatiri.fis_id)
        .where(Fis.durum == "onaylandi", Fis.yil == YIL, func.split_part(FisSatiri.hesap_kod, ".", 1) == kod)))


def _revenue(signal, op, ref):
    line = events.RevenueLine("x", op[2], op[1], YIL)
    signal.send("gelir", event=events.RevenueEvent(module="test", reference=ref, on=GUN, lines=(line,),
                                                   channel=op[3] if len(op) > 3 else "kasa"))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(ops, min_size=1, max_size=8))
def test_closing_leaves_the_activity_budget_and_appropriation_accounts_at_zero(scenario):
    with services.bound("alfa"):
        step = db.session.begin_nested()
        try:
            line = butce.kalem_ac(YIL, "46.06.99.02", "01.3.9.00", "03.05", "Hizmet alımı", actor="a")
            grant = odenek.odenek_ver(line.id, Decimal("1000000.00"), date(YIL, 1, 2), actor="a", actor_id=1)
            fis.onayla(grant.id, actor="b", actor_id=2)
            for i, op in enumerate(scenario):
                if op[0] == "tahakkuk":
                    _revenue(events.revenue_accrued, op, f"t{i}")
                elif op[0] == "tahsilat":
                    _revenue(events.revenue_collected, op, f"c{i}")
                elif op[0] == "iade":
                    _revenue(events.revenue_refunded, op, f"r{i}")
                else:
                    fis.onayla(odenek.harca(line.id, op[1], GUN, actor="a", actor_id=1).id, actor="b", actor_id=2)
            closing = yilsonu.hazirla(YIL, actor="a", actor_id=1)
            fis.onayla(closing.id, actor="b", actor_id=2)
            for kod in yilsonu.KAPANAN:
                assert _balance(kod) == 0, kod
            result = -sum((o[1] for o in scenario if o[0] == "tahakkuk"), Decimal(0)) \
                + sum((o[1] for o in scenario if o[0] in ("iade", "harcama")), Decimal(0))
            assert _balance("590") + _balance("591") == result  # gelir − gider, credit negative
            with pytest.raises(MuhasebeError, match="kapatıldı"):
                fis.hazirla(GUN, [fis.Satir("100", borc=Decimal(1)), fis.Satir("600", alacak=Decimal(1))],
                            actor="a", actor_id=1)
            with pytest.raises(MuhasebeConflict):
                yilsonu.hazirla(YIL, actor="a", actor_id=1)
            db.session.refresh(line)
            assert line.odenek == Decimal("1000000.00")  # the budget line keeps its figures for the kesin hesap
        finally:
            step.rollback()
