"""ÇTV (workplace tariff, residences from water), ilan ve reklam: accrued from the dated tables."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from ebelediye.extensions import db
from modules.gelir.models import CtvKaydi, IlanReklam, SuTuketimi, Tahakkuk
from modules.gelir.services import GelirError
from modules.gelir.services import tahakkuk as service
from tenants import services

from .conftest import MukellefFactory


def _ctv_amounts(year: int) -> None:
    """The year's ÇTV amounts, as the ministry confirms them (tests use the 2022 figures)."""
    from ebelediye import parameters
    from modules.gelir.seed import NATIONAL_PARAMETERS

    for d in NATIONAL_PARAMETERS:
        if d.key.startswith("ctv.") and parameters.maybe_value_on(d.key, date(year, 1, 1)) is None:
            parameters.add("gelir", d.key, date(year, 1, 1), Decimal(d.seeds[0][2]), actor="test",
                           valid_to=date(year, 12, 31), source="test: 2022 tutarı")


def test_workplace_ctv_is_the_group_and_degree_amount_in_two_installments_once():
    with services.bound("alfa"):
        shop, kiosk = MukellefFactory(), MukellefFactory()
        db.session.add_all([
            CtvKaydi(mukellef_id=shop.id, kullanim="isyeri", grup=1, derece=1, baslangic_yili=2024),
            CtvKaydi(mukellef_id=kiosk.id, kullanim="isyeri", grup=7, derece=5, baslangic_yili=2024),
            CtvKaydi(mukellef_id=kiosk.id, kullanim="isyeri", grup=3, derece=2, baslangic_yili=2027),  # not yet
        ])
        db.session.flush()
        # the 2022 amounts are 2022's: 2026 without its own rows is refused, naming what is missing
        assert len(service.ctv_tutar_eksikleri(2026)) == 36
        with pytest.raises(GelirError) as caught:
            service.toplu_baslat(2026, "ctv", actor="x")
        assert "2026 yılının ÇTV işyeri tutarları girilmemiş" in caught.value.message
        _ctv_amounts(2026)
        assert service.ctv_tutar_eksikleri(2026) == []
        run = service.toplu_baslat(2026, "ctv", actor="x")
        db.session.flush()
        service.toplu_calistir(run.id)
        rows = db.session.scalars(select(Tahakkuk).where(Tahakkuk.gelir_kodu == "ctv_isyeri")
                                  .order_by(Tahakkuk.mukellef_id, Tahakkuk.taksit)).all()
        amounts = {(r.mukellef_id, r.taksit): (r.tutar, r.vade) for r in rows}
        # RULES §3.3 2022 non-metropolitan table: 6,000 TL (1st group, 1st degree), 50 TL (7th, 5th)
        assert amounts[(shop.id, 1)] == (Decimal("3000.00"), date(2026, 6, 1))
        assert amounts[(shop.id, 2)] == (Decimal("3000.00"), date(2026, 11, 30))
        assert amounts[(kiosk.id, 1)][0] + amounts[(kiosk.id, 2)][0] == Decimal("50.00")
        assert len(rows) == 4
        again = service.toplu_baslat(2026, "ctv", actor="x")
        db.session.flush()
        assert service.toplu_calistir(again.id).olusan == 0


def test_residential_ctv_follows_the_imported_water_consumption_once_per_month():
    with services.bound("alfa"):
        home = MukellefFactory()
        db.session.add(CtvKaydi(mukellef_id=home.id, kullanim="konut", abone_no="SU-1001", baslangic_yili=2026))
        db.session.add(SuTuketimi(abone_no="SU-1001", donem="2026-09", m3=Decimal("14.500"), aktarim="test"))
        db.session.flush()
        from ebelediye.parameters import ParameterMissing

        with pytest.raises(ParameterMissing):  # no 2026 amount yet
            service.ctv_konut_tahakkuk("2026-09", actor="x")
        _ctv_amounts(2026)
        assert service.ctv_konut_tahakkuk("2026-09", actor="x") == 1
        assert service.ctv_konut_tahakkuk("2026-09", actor="x") == 0  # idempotent
        row = db.session.scalar(select(Tahakkuk).where(Tahakkuk.gelir_kodu == "ctv_konut"))
        assert row.tutar == Decimal("7.25")  # 14.5 m³ × 0.50 TL (2022 amount, other municipalities)
        assert row.vade == date(2026, 11, 2)  # end of the following month, 31 Oct 2026 a Saturday → Monday
        with pytest.raises(GelirError):
            service.ctv_konut_tahakkuk("2026-13", actor="x")


def test_advertising_tax_is_area_times_pieces_times_tariff_times_periods():
    with services.bound("alfa"):
        payer = MukellefFactory()
        banner = IlanReklam(mukellef_id=payer.id, tarife_kod="gecici_bez", yer="Atatürk Cad.", alan=Decimal("6"),
                            adet=2, baslangic=date(2026, 12, 1), bitis=date(2026, 12, 20), kaydeden="x")
        sign = IlanReklam(mukellef_id=payer.id, tarife_kod="sabit_levha", yer="Dükkan cephesi", alan=Decimal("3.5"),
                          adet=1, baslangic=date(2026, 1, 1), bitis=date(2026, 12, 31), kaydeden="x")
        db.session.add_all([banner, sign])
        db.session.flush()
        weekly = service.ilan_tahakkuk(banner.id, actor="x")[0]
        assert weekly.tutar == Decimal("360.00")  # 6 m² × 2 × 10 TL/week × 3 weeks
        yearly = service.ilan_tahakkuk(sign.id, actor="x")
        # 3.5 m² × 100 TL/year, in the ilan calendar's two installments (31.01 a Saturday → 02.02)
        assert [(r.taksit, r.vade, r.tutar) for r in yearly] == [
            (1, date(2026, 2, 2), Decimal("175.00")), (2, date(2026, 7, 31), Decimal("175.00"))]
        with pytest.raises(GelirError):
            service.ilan_tahakkuk(sign.id, actor="x")  # once


def test_a_multi_year_permit_is_charged_year_by_year_on_the_municipality_s_calendar():
    """RULES §4: the yearly tax of each year, in that year's installments; not every year at once."""
    with services.bound("alfa"):
        payer = MukellefFactory()
        sign = IlanReklam(mukellef_id=payer.id, tarife_kod="isikli", yer="Çarşı", alan=Decimal("2"), adet=1,
                          baslangic=date(2026, 3, 15), bitis=date(2028, 3, 14), kaydeden="x")
        db.session.add(sign)
        db.session.flush()
        first = service.ilan_tahakkuk(sign.id, actor="x")
        # 2 m² × 150 TL/year = 300 for 2026 only; the January installment is not due before the permit starts
        assert [(r.yil, r.taksit, r.vade, r.tutar) for r in first] == [
            (2026, 1, date(2026, 3, 15), Decimal("150.00")), (2026, 2, date(2026, 7, 31), Decimal("150.00"))]
        assert service.ilan_yili_tahakkuk(2026, actor="x") == 0  # already accrued
        assert service.ilan_yili_tahakkuk(2027, actor="x") == 1
        assert service.ilan_yili_tahakkuk(2027, actor="x") == 0  # a rerun adds nothing
        later = db.session.scalars(select(Tahakkuk).where(Tahakkuk.kaynak == f"ilan:{sign.id}", Tahakkuk.yil == 2027)
                                   .order_by(Tahakkuk.taksit)).all()
        assert [(r.vade, r.tutar) for r in later] == [(date(2027, 2, 1), Decimal("150.00")),
                                                       (date(2027, 8, 2), Decimal("150.00"))]
        with pytest.raises(GelirError):
            service.ilan_tahakkuk(sign.id, actor="x", yil=2029)  # outside the permit
