"""Tahsil zamanaşımı (6183 m.102–103): the period of each debt from the acts the module
records, and the year-end list staff review.  Every day is given (a dated fixture): the
services take the day as an argument, so nothing depends on the machine's clock."""

import uuid
from datetime import date
from decimal import Decimal

import pytest

from ebelediye.extensions import db
from modules.gelir.models import OdemeEmri, ZamanasimiKalemi
from modules.gelir.services import GelirError, tahsilat, tecil, zamanasimi
from tenants import services

from .conftest import MukellefFactory, borc

VADE = date(2019, 11, 30)  # the second emlak installment of 2019


def _emir(m, debt, teblig: date, durum: str = "teblig_edildi") -> OdemeEmri:
    row = OdemeEmri(yil=teblig.year, sira=int(uuid.uuid4().int % 1_000_000_000), no=f"OE-T-{uuid.uuid4().hex[:10]}",
                    mukellef_id=m.id, duzenleme_tarihi=teblig, anapara=debt.tutar, gecikme=Decimal("0"),
                    durum=durum, teblig_tarihi=teblig, olusturan="test",
                    kalemler=[{"tahakkuk_id": debt.id, "gelir_adi": "Arsa Vergisi", "yil": debt.yil,
                               "taksit": debt.taksit, "vade": debt.vade.isoformat(), "anapara": str(debt.tutar),
                               "gecikme": "0"}])
    db.session.add(row)
    db.session.flush()
    return row


def test_the_period_starts_the_year_after_the_vade_year_or_after_the_last_act():
    plain = zamanasimi.sure(1, VADE, [])
    assert (plain.baslangic, plain.son_gun) == (date(2020, 1, 1), date(2024, 12, 31))  # m.102
    assert not plain.doldu_mu(date(2024, 12, 31)) and plain.doldu_mu(date(2025, 1, 1))
    cut = zamanasimi.sure(1, VADE, [(date(2021, 3, 5), "odeme"), (date(2022, 12, 31), "tecil")])
    assert (cut.kesilme_tarihi, cut.kesilme_nedeni) == (date(2022, 12, 31), "tecil")
    assert (cut.baslangic, cut.son_gun) == (date(2023, 1, 1), date(2027, 12, 31))  # m.103: from the next year
    same_year = zamanasimi.sure(1, VADE, [(date(2019, 12, 20), "odeme_emri")])
    assert same_year.son_gun == date(2024, 12, 31)  # an act in the vade year moves nothing


def test_each_interrupting_act_restarts_the_period():
    with services.bound("alfa"):
        m = MukellefFactory()
        plain = borc(m, "100.00", VADE)
        by_order = borc(m, "200.00", VADE)
        _emir(m, by_order, date(2020, 6, 1))
        cancelled_order = borc(m, "300.00", VADE)
        _emir(m, cancelled_order, date(2020, 6, 1), durum="iptal")  # upheld objection: no interruption [U]
        by_payment = borc(m, "1000.00", date(2019, 5, 31), taksit=1)
        tahsilat.tahsil(m.id, "10.00", "nakit", date(2021, 4, 1), actor="kasiyer", secili=[by_payment.id])
        reversed_payment = borc(m, "400.00", VADE, taksit=2, gelir_kodu="ctv_konut")
        taken = tahsilat.tahsil(m.id, "5.00", "nakit", date(2022, 4, 1), actor="kasiyer", secili=[reversed_payment.id])
        tahsilat.ters_kayit(taken.tahsilat.id, date(2022, 4, 1), actor="kasiyer")
        assert zamanasimi.borc_suresi(plain.id).son_gun == date(2024, 12, 31)
        assert zamanasimi.borc_suresi(by_order.id).son_gun == date(2025, 12, 31)
        assert zamanasimi.borc_suresi(cancelled_order.id).son_gun == date(2024, 12, 31)
        period = zamanasimi.borc_suresi(by_payment.id)  # the late fee accrued by that payment is paid first
        assert (period.kesilme_nedeni, period.son_gun) == ("odeme", date(2026, 12, 31))
        assert zamanasimi.borc_suresi(reversed_payment.id).son_gun == date(2024, 12, 31)


def test_tecil_interrupts():
    with services.bound("alfa"):
        m = MukellefFactory()
        debt = borc(m, "1000.00", VADE)
        tecil.onayla(m.id, [debt.id], 2, date(2022, 3, 1), bugun=date(2022, 3, 1), actor="memur")
        period = zamanasimi.borc_suresi(debt.id)
        assert (period.kesilme_tarihi, period.kesilme_nedeni, period.son_gun) == \
            (date(2022, 3, 1), "tecil", date(2027, 12, 31))


def test_the_year_end_run_lists_only_lapsed_debts_once_and_writes_nothing_off():
    with services.bound("alfa"):
        m = MukellefFactory()
        lapsed = borc(m, "100.00", VADE)
        by_order = borc(m, "200.00", VADE)
        _emir(m, by_order, date(2020, 6, 1))
        next_year = borc(m, "50.00", date(2020, 5, 31))  # lapses at the end of 2025
        paid = borc(m, "70.00", VADE, gelir_kodu="ctv_konut")
        tahsilat.tahsil(m.id, "70.00", "nakit", VADE, actor="kasiyer", secili=[paid.id])
        run = zamanasimi.calisma_olustur(2024, date(2026, 1, 5), actor="memur")
        zamanasimi.calistir(run.id, parca=1)
        mine = db.session.scalars(zamanasimi.kalemler(run.id, mukellef_id=m.id)).all()
        assert [(k.tahakkuk_id, k.son_gun, k.anapara) for k in mine] == [(lapsed.id, date(2024, 12, 31),
                                                                          Decimal("100.00"))]
        assert run.durum == "bitti" and run.olusan >= 1
        from modules.gelir.services.tahakkuk import acik_tutar

        assert acik_tutar(lapsed.id) == Decimal("100.00")  # only listed: staff write it off (terkin)
        run.durum, run.imlec = "calisiyor", 0  # a rerun (after a crash) lists nothing twice
        zamanasimi.calistir(run.id)
        assert db.session.scalar(db.select(db.func.count()).select_from(ZamanasimiKalemi).where(
            ZamanasimiKalemi.calisma_id == run.id, ZamanasimiKalemi.mukellef_id == m.id)) == 1
        later = zamanasimi.calisma_olustur(2025, date(2026, 1, 5), actor="memur")
        zamanasimi.calistir(later.id)
        assert {k.tahakkuk_id for k in db.session.scalars(zamanasimi.kalemler(later.id, mukellef_id=m.id))} == \
            {lapsed.id, by_order.id, next_year.id}


@pytest.mark.parametrize("yil", ["1999", "2027", "abc", "", "99999999999999999999"])
def test_a_bad_year_is_refused_with_the_field(yil):
    with services.bound("alfa"), pytest.raises(GelirError) as refused:
        zamanasimi.calisma_olustur(yil, date(2026, 1, 5), actor="memur")
    assert "yil" in refused.value.errors


def test_another_municipalitys_debt_is_not_found():
    from tests.plugin import ids_apart

    ids_apart("tahakkuklar")
    with services.bound("beta"):
        m = MukellefFactory()
        debt_id = borc(m, "100.00", VADE).id
    with services.bound("alfa"):
        with pytest.raises(GelirError) as missing:
            zamanasimi.borc_suresi(debt_id)
        assert missing.value.status == 404


def test_the_cli_queues_the_year_end_job_and_it_runs(app):
    """The job runs in a transaction of its own, which does not see this test's rows: what
    it lists is tested on the service above; here, that it is queued for the tenant and runs."""
    import uuid as _uuid

    from rq import SimpleWorker

    from ebelediye import jobs

    runner = app.test_cli_runner()
    result = runner.invoke(args=["gelir", "zamanasimi", "--belediye", "alfa", "--yil", "2020"])
    assert result.exit_code == 0, result.output
    [waiting] = jobs.queue("batch").get_jobs()
    record = db.session.get(jobs.JobRecord, _uuid.UUID(waiting.meta["record"]))
    assert (record.func_path, record.tenant_slug) == ("modules.gelir.jobs:zamanasimi", "alfa")
    assert SimpleWorker([jobs.queue("batch")], connection=jobs.redis_connection()).work(burst=True)
    assert waiting.return_value()["yil"] == 2020
    assert runner.invoke(args=["gelir", "zamanasimi", "--belediye", "yok", "--yil", "2020"]).exit_code != 0
    assert runner.invoke(args=["gelir", "zamanasimi", "--belediye", "alfa", "--yil", "x"]).exit_code != 0
