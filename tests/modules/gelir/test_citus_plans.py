"""On Citus, Gelir's heavy statements run on the tenant's node: no repartition, no platform
table read on the coordinator (skipped on plain PostgreSQL)."""

from datetime import date
from decimal import Decimal

import pytest

from ebelediye.extensions import db
from modules.gelir.models import CtvKaydi, SuTuketimi
from modules.gelir.services import rapor
from modules.gelir.services import tahakkuk as service
from modules.gelir.services.tahsilat import tahsil
from tenants import services
from tests.citus import Recorded, assert_single_node, requires_citus, single_node_statements

from .conftest import MukellefFactory
from .test_diger_gelirler import _ctv_amounts
from .test_tahakkuk import _register, _run

#: the residential ÇTV accrual as it was written before (INSERT … SELECT … JOIN): the form
#: Citus refuses ("the query contains a join that requires repartitioning")
_OLD_CTV_KONUT = """
    INSERT INTO tahakkuklar (mukellef_id, gelir_kodu, kaynak, yil, taksit, surum, vade, tutar, aciklama,
                             olusturan, created_at)
    SELECT c.mukellef_id, 'ctv_konut', 'ctv:' || c.id, 2026, 9, 1, DATE '2026-11-02', round(s.m3 * 0.5, 2),
           'ÇTV konut', 'x', now()
    FROM ctv_kayitlari c JOIN su_tuketimleri s ON s.abone_no = c.abone_no AND s.donem = '2026-09'
    WHERE c.kullanim = 'konut'
    ON CONFLICT (mukellef_id, gelir_kodu, kaynak, yil, taksit, surum) WHERE iptal_edilen_id IS NULL DO NOTHING
    RETURNING tutar"""


def test_accrual_water_ctv_payment_and_reports_stay_on_the_tenant_s_node():
    requires_citus()
    with services.bound("alfa"):
        _register()
        _ctv_amounts(2026)  # ÇTV amounts are yearly rows a person confirms (2022's end that year)
        home = MukellefFactory()
        db.session.add_all([
            CtvKaydi(mukellef_id=home.id, kullanim="konut", abone_no="SU-77", baslangic_yili=2026),
            CtvKaydi(mukellef_id=home.id, kullanim="isyeri", grup=1, derece=1, baslangic_yili=2024),
            SuTuketimi(abone_no="SU-77", donem="2026-09", m3=Decimal("14.500"), aktarim="test"),
        ])
        db.session.flush()
        with single_node_statements() as recorded:
            run = _run()
            ctv = service.toplu_baslat(2026, "ctv", actor="x")
            db.session.flush()
            service.toplu_calistir(ctv.id)
            assert service.ctv_konut_tahakkuk("2026-09", actor="x") == 1
            tahsil(home.id, "100.00", "nakit", date(2026, 5, 20), actor="kasiyer@alfa")
            rapor.tahsilat_raporu(date(2026, 1, 1), date(2026, 12, 31))
            rapor.gecikmis_alacak_yaslari(date(2026, 12, 15))
            rapor.en_borclular(date(2026, 12, 15), gecikme_tahmini=True)
            rapor.tahakkuk_tahsilat(2025, 2026)
        assert run.durum == "bitti"
        # INSERT … SELECT into identity tables goes through the coordinator (docs/citus.md); the
        # rows come from one task on the tenant's node, which the check still holds them to
        plans = assert_single_node(recorded, allow_pull_up=True, must_include=(
            "INSERT INTO degerlemeler", "ctv_kayitlari c JOIN su_tuketimleri", "INSERT INTO tahsilatlar",
            "JOIN public.national_parameters"))
        reads = [p for s, p in plans if s.lstrip().upper().startswith("SELECT") and "Citus" in p]
        assert reads and all("pull to coordinator" not in p for p in reads)


def test_the_check_catches_a_repartition_and_a_coordinator_read():
    requires_citus()
    with services.bound("alfa"):
        refused = Recorded([(_OLD_CTV_KONUT, None)])
        with pytest.raises(AssertionError, match="repartition"):
            assert_single_node(refused, allow_pull_up=True)
        # a tenant table joined with a platform table that is no reference table
        db.session.execute(db.text("CREATE TABLE public.citus16_plan_probe (k text)"))
        local = Recorded([("SELECT * FROM tahakkuklar t JOIN public.citus16_plan_probe p ON p.k = t.gelir_kodu", None)])
        with pytest.raises(AssertionError, match="read on the coordinator"):
            assert_single_node(local)
