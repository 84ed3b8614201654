"""The cached inquiry follows every change that commits: payments, accruals, cancellations,
refunds, batch runs; and one municipality's cache is not another's."""

import json
from datetime import date
from decimal import Decimal

from ebelediye.extensions import db
from modules.gelir.services import borc as service
from modules.gelir.services import tahakkuk, tahsilat
from tenants import services

from .conftest import MukellefFactory, borc


def _total(mukellef_id, day=date(2026, 11, 24)):
    return Decimal(json.loads(service.sorgu(mukellef_id, day))["toplam"])


def test_the_cached_inquiry_moves_with_payments_accruals_and_cancellations():
    with services.bound("alfa"):
        m = MukellefFactory()
        first = borc(m, "100.00", date(2026, 11, 30))
        db.session.commit()
        assert _total(m.id) == Decimal("100.00")
        assert _total(m.id) == Decimal("100.00")  # from the cache
        # services never commit: each commit below is the caller's unit of work ending
        tahsilat.tahsil(m.id, "40.00", "nakit", date(2026, 11, 24), actor="kasa")
        db.session.commit()
        assert _total(m.id) == Decimal("60.00")
        tahakkuk.ucret_tahakkuk(m.id, "nikah.hafta_ici", date(2026, 12, 1), "nikah:1", actor="x")
        db.session.commit()
        assert _total(m.id) == Decimal("4060.00")
        tahakkuk.iptal(first.id, "Hatalı", actor="x")
        db.session.commit()
        assert _total(m.id) == Decimal("4000.00")
        answer = json.loads(service.sorgu(m.id, date(2026, 11, 24)))
        assert answer["alacak"] == "0.00" and len(answer["borclar"]) == 1


def test_a_rolled_back_change_leaves_the_cache_as_it_was_and_no_taxpayer_is_none():
    with services.bound("alfa"):
        m = MukellefFactory()
        borc(m, "10.00", date(2026, 11, 30))
        db.session.commit()
        assert _total(m.id) == Decimal("10.00")
        tahsilat.tahsil(m.id, "10.00", "nakit", date(2026, 11, 24), actor="kasa")
        db.session.rollback()
        assert _total(m.id) == Decimal("10.00")
        assert service.sorgu(987654321, date(2026, 11, 24)) is None


def test_each_municipality_has_its_own_cache():
    with services.bound("alfa"):
        a = MukellefFactory()
        borc(a, "77.00", date(2026, 11, 30))
        db.session.commit()
        assert _total(a.id) == Decimal("77.00")
        alfa_id = a.id
    with services.bound("beta"):
        twin = MukellefFactory(id=alfa_id)  # the same id in beta's schema: its own answer, not alfa's
        db.session.commit()
        assert _total(twin.id) == Decimal("0.00")


def test_an_inquiry_inside_an_uncommitted_change_neither_reads_nor_keeps_the_cache():
    with services.bound("alfa"):
        m = MukellefFactory()
        borc(m, "50.00", date(2026, 11, 30))
        db.session.commit()
        assert _total(m.id) == Decimal("50.00")  # cached
        tahsilat.tahsil(m.id, "20.00", "nakit", date(2026, 11, 24), actor="kasa")
        # the same transaction sees its own payment, not the cached answer from before it
        assert _total(m.id) == Decimal("30.00")
        db.session.rollback()
        # and what it computed was not kept: after the rollback the debt is whole again
        assert _total(m.id) == Decimal("50.00")
