"""Properties (Hypothesis): any sequence of postings keeps Σ borç = Σ alacak in every
voucher and in the mizan; reversing a voucher returns every balance to what it was."""

from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ebelediye.extensions import db
from modules.muhasebe import hesap
from modules.muhasebe.hesap import Satir
from modules.muhasebe.services import fis, rapor
from tenants import services

#: accounts whose balance may turn (kasa, banka and 320 may not: that refusal is tested in test_fis)
ACCOUNTS = ("109", "120", "140", "333", "600", "630", "805", "800")
GUN = date(2026, 5, 11)
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2)


@st.composite
def vouchers(draw):
    """A balanced voucher: debits drawn freely, credits splitting the same total."""
    debits = draw(st.lists(st.tuples(st.sampled_from(ACCOUNTS), amounts), min_size=1, max_size=4))
    total = sum((a for _, a in debits), Decimal(0))
    cents = int(total * 100)
    cuts = sorted(draw(st.lists(st.integers(min_value=1, max_value=max(1, cents - 1)), max_size=min(3, cents - 1),
                                unique=True))) if cents > 1 else []
    parts = [Decimal(b - a) / 100 for a, b in zip([0, *cuts], [*cuts, cents], strict=True)]
    credits = [(draw(st.sampled_from(ACCOUNTS)), p) for p in parts]
    return [Satir(k, borc=a) for k, a in debits] + [Satir(k, alacak=a) for k, a in credits]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(vouchers(), min_size=1, max_size=5))
def test_postings_balance_per_voucher_and_in_the_mizan_and_reversal_restores(batch):
    with services.bound("alfa"):
        step = db.session.begin_nested()
        try:
            before = rapor.hareketler(GUN, GUN)
            posted = []
            for lines in batch:
                assert hesap.dengeli(lines)
                row = fis.hazirla(GUN, lines, actor="a@x", actor_id=1)
                fis.onayla(row.id, actor="b@x", actor_id=2)
                got = fis.satirlari(row.id)
                assert sum(s.borc for s in got) == sum(s.alacak for s in got) == row.toplam
                posted.append(row)
            m = rapor.mizan(GUN, GUN)
            assert m.borc == m.alacak and m.kontroller[0].tutuyor
            for row in posted:  # reverse them all: every balance is what it was before
                reversal = fis.ters_kayit(row.id, actor="a@x", actor_id=1, tarih=GUN)
                fis.onayla(reversal.id, actor="b@x", actor_id=2)

            def net(moves):
                return {k: v[0] - v[1] for k, v in moves.items() if v[0] != v[1]}

            assert net(rapor.hareketler(GUN, GUN)) == net(before)
        finally:
            step.rollback()
