"""Tecil ve taksitlendirme (6183 m.48): the plan's arithmetic, its states, paying its
installments, breaking it, and what is refused."""

from datetime import date
from decimal import Decimal

import pytest

from ebelediye.extensions import db
from modules.gelir import hesap
from modules.gelir.models import Tahakkuk, TecilPlani
from modules.gelir.services import GelirError, tahakkuk, tahsilat, tecil
from modules.gelir.services import borc as borc_service
from tenants import services

from .conftest import MukellefFactory, borc

D = Decimal
R39 = [(date(2025, 11, 13), date(2099, 12, 31), D("39"))]
T = date(2026, 2, 1)  # the application (tecil) day of the worked example


def test_worked_example_by_hand():
    """No published example of a whole plan was found, so this one is computed by hand
    (tecil faizi = installment × yearly % × days ÷ 36,000, the tecil day and the due day both
    counted: vergisozlugu.net "Tecil faizi nedir"; 39 % from 13.11.2025, Tahsilat Genel
    Tebliği Seri C No 9):

    10,000.00 TL principal and 740.00 TL late fee (2 calendar months at 3.7 %) tecil'd on
    01.02.2026 in 2 installments due 02.03.2026 (01.03 is a Sunday) and 01.04.2026:
    - each installment: 5,000.00 principal + 370.00 late fee;
    - installment 1: 01.02–02.03 = 30 days: 5,000 × 39 × 30 / 36,000 = 162.50;
    - installment 2: 01.02–01.04 = 60 days: 5,000 × 39 × 60 / 36,000 = 325.00;
    - installments 5,532.50 and 5,695.00; the plan 11,227.50.
    """
    plan = hesap.tecil_plani(D("10000.00"), D("740.00"), T, [date(2026, 3, 2), date(2026, 4, 1)], R39)
    first, second = plan.taksitler
    assert (first.anapara, first.gecikme, first.gun, first.faiz) == (D("5000.00"), D("370.00"), 30, D("162.50"))
    assert (second.gun, second.faiz, second.toplam) == (60, D("325.00"), D("5695.00"))
    assert first.toplam == D("5532.50") and plan.faiz == D("487.50") and plan.toplam == D("11227.50")


def test_a_rate_change_inside_an_installment_splits_its_days():
    """Seri C No 9: the old rate up to 12.11.2025, the new one from 13.11.2025.  1,000.00 TL
    from 01.11.2025 to 01.12.2025: 12 days × 48 % = 16.00 + 19 days × 39 % = 20.5833 → 36.58."""
    rates = [(date(2024, 5, 21), date(2025, 11, 12), D("48")), (date(2025, 11, 13), date(2099, 12, 31), D("39"))]
    faiz, days, steps = hesap.tecil_faizi(D("1000.00"), date(2025, 11, 1), date(2025, 12, 1), rates)
    assert (faiz, days, len(steps)) == (D("36.58"), 31, 2)


def test_the_odd_kurus_goes_to_the_first_installment_and_shares_cover_the_accruals():
    plan = hesap.tecil_plani(D("100.00"), D("0.01"), T, [date(2026, 3, 2), date(2026, 4, 1), date(2026, 5, 1)], R39)
    assert [t.anapara for t in plan.taksitler] == [D("33.34"), D("33.33"), D("33.33")]
    assert [t.gecikme for t in plan.taksitler] == [D("0.01"), D("0"), D("0")]
    parts = hesap.paylara_bol([(1, "a", D("50.00")), (2, "b", D("50.00"))], [D("33.34"), D("33.33"), D("33.33")])
    assert parts == [[(1, "a", D("33.34"))], [(1, "a", D("16.66")), (2, "b", D("16.67"))], [(2, "b", D("33.33"))]]
    with pytest.raises(ValueError):
        hesap.tecil_plani(D("100.00"), D("0"), T, [date(2026, 1, 31)], R39)  # due before the tecil day


def _plan(m, debt):
    return tecil.onayla(m.id, [debt.id], 2, T, bugun=T, actor="memur@alfa")


def test_approval_accrues_the_late_fee_and_the_installments_replace_the_debt():
    with services.bound("alfa"):
        m = MukellefFactory()
        debt = borc(m, "10000.00", date(2025, 11, 30))
        preview = tecil.onizle(m.id, [debt.id], 2, T, bugun=T)
        assert preview.hesap.toplam == D("11227.50") and not preview.teminat_gerekli
        plan = _plan(m, debt)
        assert plan.durum == "aktif" and plan.gecikme == D("740.00") and plan.faiz == D("487.50")
        fee = db.session.scalar(db.select(Tahakkuk).where(Tahakkuk.kaynak == f"gz:{debt.id}"))
        assert fee.tutar == D("740.00") and fee.vade == date(2026, 1, 31)
        lines = borc_service.acik_borclar(m.id, date(2026, 3, 1))
        assert [(x.taksit, x.toplam) for x in lines] == [(1, D("5532.50")), (2, D("5695.00"))]
        # under tecil the late fee stops (m.52): months later the installments are the same
        assert [x.toplam for x in borc_service.acik_borclar(m.id, date(2026, 3, 30))] == [D("5532.50"), D("5695.00")]
        with pytest.raises(GelirError) as refused:  # a covered debt is not cancelled on its own
            tahakkuk.iptal(debt.id, "deneme", actor="memur@alfa")
        assert refused.value.status == 409


def test_installments_are_paid_whole_and_the_plan_closes():
    with services.bound("alfa"):
        m = MukellefFactory()
        debt = borc(m, "10000.00", date(2025, 11, 30))
        plan = _plan(m, debt)
        first, second = borc_service.acik_borclar(m.id, date(2026, 3, 1))
        short = tahsilat.tahsil(m.id, "100.00", "nakit", date(2026, 3, 1), actor="kasiyer", secili=[first.tahakkuk_id])
        assert short.dagitim.artan == D("100.00")  # short of the installment: kept as credit
        tahsilat.tahsil(m.id, "5532.50", "nakit", date(2026, 3, 1), actor="kasiyer", secili=[first.tahakkuk_id])
        left = borc_service.acik_borclar(m.id, date(2026, 3, 1))
        assert [x.taksit for x in left] == [2] and plan.durum == "aktif"
        tahsilat.tahsil(m.id, "5695.00", "kart", date(2026, 3, 20), actor="kasiyer", secili=[second.tahakkuk_id])
        db.session.refresh(plan)
        assert plan.durum == "kapandi" and plan.kapanis_tarihi == date(2026, 3, 20)
        assert borc_service.acik_borclar(m.id, date(2026, 3, 20)) == []
        assert tahakkuk.acik_tutar(debt.id) == 0


def test_a_missed_installment_breaks_the_plan_and_the_debt_is_overdue_again():
    with services.bound("alfa"):
        m = MukellefFactory()
        debt = borc(m, "10000.00", date(2025, 11, 30))
        plan = _plan(m, debt)
        assert tecil.ihlal_denetle(date(2026, 3, 2)) == []  # due today: not missed yet
        assert tecil.ihlal_denetle(date(2026, 3, 3)) == [plan.id]
        assert plan.durum == "bozuldu"
        lines = borc_service.acik_borclar(m.id, date(2026, 3, 3))
        assert len(lines) == 1 and lines[0].tahakkuk_id == debt.id
        # the accrued fee stays; the late fee runs again from the tecil day: 01.02–28.02 is one
        # calendar month (370.00) and 01.03–03.03 three days at 0.001234 (37.02)
        assert lines[0].gecikme_acik == D("740.00") and lines[0].anapara == D("10000.00")
        assert lines[0].gecikme_yeni == D("407.02")
        interest = db.session.scalars(db.select(Tahakkuk).where(Tahakkuk.kaynak == f"tecil:{plan.id}",
                                                                Tahakkuk.iptal_edilen_id.isnot(None))).all()
        assert sorted(-r.tutar for r in interest) == [D("162.50"), D("325.00")]  # reversed, not deleted
        with pytest.raises(GelirError):
            tecil.iptal(plan.id, "tekrar", date(2026, 3, 3), actor="memur")


def test_staff_cancel_with_a_reason_paid_installments_stay_paid():
    with services.bound("alfa"):
        m = MukellefFactory()
        debt = borc(m, "10000.00", date(2025, 11, 30))
        plan = _plan(m, debt)
        first = borc_service.acik_borclar(m.id, date(2026, 3, 1))[0]
        tahsilat.tahsil(m.id, "5532.50", "nakit", date(2026, 3, 1), actor="kasiyer", secili=[first.tahakkuk_id])
        with pytest.raises(GelirError) as missing:
            tecil.iptal(plan.id, " ", date(2026, 3, 5), actor="memur")
        assert "gerekce" in missing.value.errors
        tecil.iptal(plan.id, "Mükellef talebi", date(2026, 3, 5), actor="memur")
        assert plan.durum == "iptal"
        (line,) = borc_service.acik_borclar(m.id, date(2026, 3, 5))
        assert line.anapara == D("5000.00") and line.gecikme_acik == D("370.00")


@pytest.mark.parametrize("n, day, field", [(0, T, "taksit_sayisi"), (37, T, "taksit_sayisi"),
                                           (2, date(2026, 2, 2), "tecil_tarihi"),
                                           (2, date(2025, 12, 1), "tecil_tarihi")])
def test_bad_input_is_refused_with_the_field(n, day, field):
    with services.bound("alfa"):
        m = MukellefFactory()
        debt = borc(m, "100.00", date(2025, 11, 30))
        with pytest.raises(GelirError) as refused:
            tecil.onayla(m.id, [debt.id], n, day, bugun=T, actor="memur")
        assert field in refused.value.errors
        assert db.session.scalar(db.select(TecilPlani).where(TecilPlani.mukellef_id == m.id)) is None


def test_only_the_taxpayers_own_overdue_debts_and_a_guarantee_above_the_limit():
    with services.bound("alfa"):
        m, other = MukellefFactory(), MukellefFactory()
        not_due = borc(m, "100.00", date(2026, 5, 31))
        theirs = borc(other, "100.00", date(2025, 11, 30))
        for ids in ([not_due.id], [theirs.id], []):
            with pytest.raises(GelirError):
                tecil.onayla(m.id, ids, 2, T, bugun=T, actor="memur")
        big = borc(m, "1000000.00", date(2025, 11, 30))
        with pytest.raises(GelirError) as guarantee:
            tecil.onayla(m.id, [big.id], 2, T, bugun=T, actor="memur")
        assert "teminat" in guarantee.value.errors
        assert tecil.onayla(m.id, [big.id], 2, T, bugun=T, actor="memur", teminat="Teminat mektubu 1.100.000 TL")


def test_a_plan_belongs_to_its_municipality():
    with services.bound("alfa"):
        m = MukellefFactory()
        plan = _plan(m, borc(m, "10000.00", date(2025, 11, 30)))
        plan_id = plan.id
        db.session.flush()
    with services.bound("beta"):
        assert db.session.scalar(db.select(TecilPlani).where(TecilPlani.id == plan_id)) is None
        with pytest.raises(GelirError) as missing:
            tecil.plan(plan_id)
        assert missing.value.status == 404


def test_the_cli_queues_the_daily_check(app):
    """The job runs in a transaction of its own, which does not see this test's rows: what
    it breaks is tested on the service above; here, that it is queued for the tenant and runs."""
    import uuid

    from rq import SimpleWorker

    from ebelediye import clock, jobs

    runner = app.test_cli_runner()
    result = runner.invoke(args=["gelir", "tecil-ihlal", "--belediye", "alfa"])
    assert result.exit_code == 0, result.output
    [waiting] = jobs.queue("default").get_jobs()
    record = db.session.get(jobs.JobRecord, uuid.UUID(waiting.meta["record"]))
    assert (record.func_path, record.tenant_slug) == ("modules.gelir.jobs:tecil_ihlal", "alfa")
    assert SimpleWorker([jobs.queue("default")], connection=jobs.redis_connection()).work(burst=True)
    assert waiting.return_value()["gun"] == clock.today().isoformat()
    assert runner.invoke(args=["gelir", "tecil-ihlal", "--belediye", "yok"]).exit_code != 0


def test_merging_a_duplicate_keeps_its_plan_on_the_surviving_record():
    from modules.gelir.services import mukellef as mukellef_service

    with services.bound("alfa"):
        duplicate, survivor = MukellefFactory(), MukellefFactory()
        plan = _plan(duplicate, borc(duplicate, "10000.00", date(2025, 11, 30)))
        mukellef_service.birlestir(duplicate.id, survivor.id, "Aynı kişi", actor="memur")
        db.session.refresh(plan)
        assert plan.mukellef_id == survivor.id
        assert [x.taksit for x in borc_service.acik_borclar(survivor.id, date(2026, 3, 1))] == [1, 2]
