"""The debt inquiry reads the late-fee rates once for all debts: each debt's fee must still
be what the per-debt computation gives (the inquiry benchmark depends on this shortcut)."""

from datetime import date
from decimal import Decimal

from modules.gelir.services import borc as borc_service
from tenants import services

from .conftest import MukellefFactory, borc


def test_fees_read_once_equal_the_per_debt_computation():
    day = date(2026, 2, 9)
    with services.bound("alfa"):
        m = MukellefFactory()
        for vade in (date(2019, 11, 30), date(2022, 5, 31), date(2024, 11, 30), date(2025, 11, 30),
                     date(2026, 1, 31), date(2026, 5, 31)):
            borc(m, "1000.00", vade)
        debts = borc_service.acik_borclar(m.id, day)
        assert len(debts) == 6
        # by hand (RULES §5.1–5.2, GİB's method: each calendar month after vade at the rate in
        # force on its first day, then 01–09.02.2026 = 9 days × 0.001234), e.g. 30.11.2024:
        # 12 months (Dec 2024–Nov 2025) at 4.50 % = 540.00, Dec–Jan at 3.70 % = 74.00, + 11.106;
        # 30.11.2019: Dec 2019 at 2.00, 31 months at 1.60, 16 at 2.50, 6 at 3.50, 18 at 4.50,
        # 2 at 3.70 = 201.0 % → 2,010.00 + 11.106
        by_hand = {date(2019, 11, 30): "2021.11", date(2022, 5, 31): "1537.11", date(2024, 11, 30): "625.11",
                   date(2025, 11, 30): "85.11", date(2026, 1, 31): "11.11", date(2026, 5, 31): "0"}
        for debt in debts:
            assert debt.gecikme_yeni == Decimal(by_hand[debt.vade]), debt.vade
            if debt.vade < day:  # and the per-debt computation gives the same
                assert borc_service.gecikme(debt.anapara, debt.vade, day).tutar == debt.gecikme_yeni
        assert debts[-1].gecikme_yeni == 0  # not yet due
        assert debts[0].gecikme_yeni > debts[1].gecikme_yeni > debts[2].gecikme_yeni > 0
