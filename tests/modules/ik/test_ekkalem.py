"""Earnings and deductions besides the wage: overtime by the hour (4857 m.41), a bonus,
union dues, an icra order within its limit; refused input; a late item through a difference
run."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from ebelediye import inputs
from ebelediye.errors import UserError
from ebelediye.extensions import db
from modules.ik import hesap
from modules.ik.models import EkKalem
from modules.ik.schemas import EkKalemInput
from modules.ik.services import bordro, ekkalem
from tests.modules.ik.conftest import ACTOR, ise_al

D = Decimal


def _slip(run_id, pid):
    return next(s for s, _p in bordro.satirlar(run_id, personel_id=pid))


def test_overtime_and_a_bonus_raise_the_gross_dues_and_icra_come_off_the_net(kadrolar):
    """40,000 a month, 10 overtime hours: 40,000 / 225 × 1.5 × 10 = 2,666.67 (4857 m.41, m.63);
    icra at most a quarter of the net ([U] İİK m.83 practice)."""
    p = ise_al(kadrolar, "isci", "40000.00")
    ekkalem.ekle(p.id, "2026-10", "fazla_mesai", saat=D("10"), actor=ACTOR)
    ekkalem.ekle(p.id, "2026-10", "ikramiye", tutar=D("5000.00"), actor=ACTOR)
    ekkalem.ekle(p.id, "2026-10", "sendika", tutar=D("500.00"), actor=ACTOR)
    ekkalem.ekle(p.id, "2026-10", "icra", tutar=D("100000.00"), actor=ACTOR)
    run = bordro.baslat("2026-10", actor=ACTOR)
    bordro.hesapla(run.id)
    slip = _slip(run.id, p.id)
    assert slip.brut == D("40000.00") + D("2666.67") + D("5000.00")
    net_before = slip.net + slip.diger_kesintiler
    icra = slip.diger_kesintiler - D("500.00")
    assert icra == hesap.kurus(net_before * D("0.25"))
    assert slip.net == slip.brut - slip.sgk_isci - slip.issizlik_isci - slip.gelir_vergisi - slip.damga_vergisi \
        - slip.diger_kesintiler
    assert any("Fazla mesai" in step["adim"] for step in slip.adimlar["adimlar"])


@pytest.mark.parametrize("data, field", [
    ({"donem": "2026-10", "tur": "fazla_mesai", "saat": "-3"}, "saat"),
    ({"donem": "2026-10", "tur": "prim_bilinmeyen", "tutar": "10"}, "tur"),
    ({"donem": "2026-10", "tur": "sendika", "tutar": "-10"}, "tutar"),
])
def test_negative_hours_and_unknown_kinds_are_refused_by_the_input(data, field):
    with pytest.raises(UserError) as caught:
        inputs.load(EkKalemInput(), data)
    assert field in caught.value.field_messages()


def test_service_refusals_write_nothing(kadrolar):
    memur = ise_al(kadrolar, "memur")
    isci = ise_al(kadrolar, "isci")
    before = db.session.scalar(select(func.count()).select_from(EkKalem))
    for call, field in ((lambda: ekkalem.ekle(memur.id, "2026-10", "fazla_mesai", saat=D("2"), actor=ACTOR), "tur"),
                        (lambda: ekkalem.ekle(isci.id, "2026-10", "fazla_mesai", saat=D("0"), actor=ACTOR), "saat"),
                        (lambda: ekkalem.ekle(isci.id, "2026-10", "bilinmeyen", tutar=D("1"), actor=ACTOR), "tur"),
                        (lambda: ekkalem.ekle(isci.id, "2026-13", "ikramiye", tutar=D("1"), actor=ACTOR), "donem")):
        with pytest.raises(UserError) as caught:
            call()
        assert field in caught.value.field_messages()
    assert db.session.scalar(select(func.count()).select_from(EkKalem)) == before


def test_a_bonus_entered_after_the_close_is_paid_by_a_difference_run(kadrolar):
    p = ise_al(kadrolar, "isci", "40000.00")
    run = bordro.baslat("2026-11", actor=ACTOR)
    bordro.hesapla(run.id)
    bordro.kapat(run.id, date(2026, 11, 30), actor=ACTOR)
    ekkalem.ekle(p.id, "2026-11", "ikramiye", tutar=D("10000.00"), actor=ACTOR)
    fark = bordro.fark_baslat(run.id, actor=ACTOR)
    bordro.hesapla(fark.id)
    diff = _slip(fark.id, p.id)
    assert diff.brut == D("10000.00") and diff.sgk_isci == D("1400.00") and diff.gelir_vergisi > 0
