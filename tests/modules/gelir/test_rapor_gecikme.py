"""The debt inquiry reads the late-fee rates once for all debts: each debt's fee must still
be what the per-debt computation gives (the inquiry benchmark depends on this shortcut)."""

from datetime import date

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
        for debt in debts:
            expected = borc_service.gecikme(debt.anapara, debt.vade, day) if debt.vade < day else None
            assert debt.gecikme_yeni == (expected.tutar if expected else 0), debt.vade
        assert debts[-1].gecikme_yeni == 0  # not yet due
        assert debts[0].gecikme_yeni > debts[1].gecikme_yeni > debts[2].gecikme_yeni > 0
