"""The restructuring laws' special cases, as campaign data: a late installment payable with
the late-payment surcharge until the grace after the last installment (``son_taksit_ek_ay``),
late fees already paid before the application (neither refunded nor offset), and debts in
court (``dava_vazgecme``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ebelediye.extensions import db
from modules.gelir import hesap
from modules.gelir.models import OdemeEmri, Tahakkuk, TahsilatDagilimi
from modules.gelir.services import borc as borc_service
from modules.gelir.services import tahsilat, yapilandirma
from tenants import services

from .conftest import MukellefFactory, borc
from .test_yapilandirma import T, _kampanya

D = Decimal
RATE = [(date(2026, 1, 1), date(2026, 12, 31), D("3.7"))]


def test_the_surcharge_counts_each_month_begun_whole():
    """'gecikilen her ay ve kesri için': 1,000.00 due 31.03.2026 at 3.7 % a month."""
    assert hesap.gec_odeme_zammi(D("1000.00"), date(2026, 3, 31), date(2026, 3, 31), RATE) == (D("0"), [])
    assert hesap.gec_odeme_zammi(D("1000.00"), date(2026, 3, 31), date(2026, 4, 1), RATE)[0] == D("37.00")
    assert hesap.gec_odeme_zammi(D("1000.00"), date(2026, 3, 31), date(2026, 4, 30), RATE)[0] == D("37.00")
    amount, steps = hesap.gec_odeme_zammi(D("1000.00"), date(2026, 3, 31), date(2026, 5, 1), RATE)
    assert amount == D("74.00") and len(steps) == 2
    changed = [(date(2026, 1, 1), date(2026, 4, 30), D("3.7")), (date(2026, 5, 1), date(2026, 12, 31), D("3"))]
    assert hesap.gec_odeme_zammi(D("1000.00"), date(2026, 3, 31), date(2026, 5, 2), changed)[0] == D("67.00")
    assert hesap.takvim_ay_sonu(date(2026, 2, 3)) == date(2026, 2, 28)
    assert hesap.takvim_ay_sonu(date(2026, 12, 9)) == date(2026, 12, 31)


def _plan(**over):
    """10,000.00 due 30.11.2025 restructured on 01.02.2026 in 2 (5,381.78 due 31.03, 5,381.77 due 30.04.2026)."""
    k = _kampanya(**over)
    m = MukellefFactory()
    debt = borc(m, "10000.00", date(2025, 11, 30))
    plan = yapilandirma.onayla(k.id, m.id, [debt.id], 2, T, bugun=T, actor="memur@alfa")
    first = borc_service.acik_borclar(m.id, date(2026, 3, 31))[0]
    tahsilat.tahsil(m.id, "5381.78", "nakit", date(2026, 3, 31), actor="kasiyer", secili=[first.tahakkuk_id])
    return k, m, debt, plan


def test_the_last_installment_paid_late_with_the_surcharge_keeps_the_restructuring():
    with services.bound("alfa"):
        k, m, debt, plan = _plan(tolerans=0, son_taksit_ek_ay=1)
        assert yapilandirma.son_odeme_gunu(k, date(2026, 4, 30)) == date(2026, 5, 31)
        assert yapilandirma.ihlal_denetle(date(2026, 5, 10)) == []  # late, but within the grace
        (line,) = borc_service.acik_borclar(m.id, date(2026, 5, 10))
        # one month begun of delay: 5,381.77 × 3.7 % = 199.13
        assert line.gecikme_yeni == D("199.13") and line.toplam == D("5580.90") and line.gecikme_adimlari
        tahsilat.tahsil(m.id, "5580.90", "nakit", date(2026, 5, 10), actor="kasiyer", secili=[line.tahakkuk_id])
        db.session.refresh(plan)
        assert plan.durum == "kapandi" and borc_service.acik_borclar(m.id, date(2026, 5, 10)) == []
        surcharge = db.session.scalar(db.select(Tahakkuk).where(Tahakkuk.kaynak == f"gz:{line.tahakkuk_id}"))
        assert surcharge.gelir_kodu == "gecikme_zammi" and surcharge.tutar == D("199.13")
        paid = db.session.scalar(db.select(db.func.sum(TahsilatDagilimi.tutar)).where(
            TahsilatDagilimi.tahakkuk_id == surcharge.id))
        assert paid == D("199.13")
        assert yapilandirma.ihlal_denetle(date(2026, 6, 15)) == []


def test_past_the_grace_an_unpaid_installment_breaks_it():
    with services.bound("alfa"):
        k, m, debt, plan = _plan(tolerans=0, son_taksit_ek_ay=1)
        assert yapilandirma.ihlal_adaylari(date(2026, 5, 31)) == []
        assert yapilandirma.ihlal_denetle(date(2026, 6, 1)) == [plan.id]
        assert plan.durum == "bozuldu"


def test_without_the_grace_the_last_installment_breaks_it_when_missed_and_bears_no_surcharge():
    with services.bound("alfa"):
        k, m, debt, plan = _plan(tolerans=0, son_taksit_ek_ay=0)
        (line,) = borc_service.acik_borclar(m.id, date(2026, 4, 30))
        assert line.gecikme_yeni == 0
        assert yapilandirma.ihlal_denetle(date(2026, 5, 1)) == [plan.id]


def test_a_tolerated_missed_installment_must_be_paid_by_the_end_of_the_grace():
    with services.bound("alfa"):
        k = _kampanya(tolerans=1, son_taksit_ek_ay=1)
        m = MukellefFactory()
        debt = borc(m, "10000.00", date(2025, 11, 30))
        plan = yapilandirma.onayla(k.id, m.id, [debt.id], 2, T, bugun=T, actor="memur@alfa")
        # the first missed (tolerated), the last not counted before the grace ends (31.05.2026)
        assert yapilandirma.ihlal_adaylari(date(2026, 5, 20)) == []
        lines = borc_service.acik_borclar(m.id, date(2026, 5, 20))
        # the first (due 31.03) two months begun late: 5,381.78 × 3.7 % = 199.13, twice
        assert [x.gecikme_yeni for x in lines] == [D("398.26"), D("199.13")]
        assert yapilandirma.ihlal_denetle(date(2026, 6, 1)) == [plan.id]


def test_late_fees_paid_before_the_application_are_neither_refunded_nor_offset():
    """A payment on 10.01.2026 accrued and paid the late fee run up to then (740.00 × ...);
    the restructuring removes only what is open, leaves the paid fee and its receipt as
    they are, and the new amount is not reduced by it; no credit arises."""
    with services.bound("alfa"):
        k = _kampanya()
        m = MukellefFactory()
        debt = borc(m, "10000.00", date(2025, 11, 30))
        (before,) = borc_service.acik_borclar(m.id, date(2026, 1, 10))
        fee_then = before.gecikme
        paid = tahsilat.tahsil(m.id, str(fee_then + D("1000.00")), "nakit", date(2026, 1, 10), actor="kasiyer",
                               secili=[debt.id])
        fee_row = db.session.scalar(db.select(Tahakkuk).where(Tahakkuk.kaynak == f"gz:{debt.id}"))
        assert fee_row.tutar == fee_then
        preview = yapilandirma.onizle(k.id, m.id, [debt.id], 1, T, bugun=T)
        (open_line,) = [d for d in borc_service.acik_borclar(m.id, T - date.resolution) if d.tahakkuk_id == debt.id]
        assert preview.hesap.anapara == D("9000.00") and preview.hesap.gecikme == open_line.gecikme
        plan = yapilandirma.onayla(k.id, m.id, [debt.id], 1, T, bugun=T, actor="memur@alfa")
        # the paid fee is not reversed: no reversal row names it, its payment stands
        assert db.session.scalar(db.select(Tahakkuk).where(Tahakkuk.iptal_edilen_id == fee_row.id)) is None
        assert db.session.scalar(db.select(db.func.sum(TahsilatDagilimi.tutar)).where(
            TahsilatDagilimi.tahakkuk_id == fee_row.id, TahsilatDagilimi.tahsilat_id == paid.tahsilat.id)) == fee_then
        assert borc_service.alacak_bakiyesi(m.id) == 0
        assert plan.toplam == preview.hesap.toplam


def _in_court(m, debt, durum="itirazda"):
    row = OdemeEmri(yil=2026, sira=900000 + debt.id, no=f"T-{debt.id}", mukellef_id=m.id,
                    duzenleme_tarihi=date(2026, 1, 5), kalemler=[{"tahakkuk_id": debt.id}], anapara=debt.tutar,
                    gecikme=D("0"), durum=durum, olusturan="test")
    db.session.add(row)
    db.session.flush()
    return row


def test_a_debt_in_court_only_under_a_campaign_that_takes_it_on_withdrawing_the_case():
    with services.bound("alfa"):
        m = MukellefFactory()
        debt = borc(m, "1000.00", date(2025, 11, 30))
        other = borc(m, "1000.00", date(2025, 11, 30), taksit=2)
        _in_court(m, debt)
        _in_court(m, other, durum="kesinlesti")  # decided: not in court any more
        strict = _kampanya(dava_vazgecme=False)
        assert [d.tahakkuk_id for d in yapilandirma.uygun_borclar(strict, m.id, T)] == [other.id]
        lenient = _kampanya(dava_vazgecme=True)
        assert {d.tahakkuk_id for d in yapilandirma.uygun_borclar(lenient, m.id, T)} == {debt.id, other.id}
        plan = yapilandirma.onayla(lenient.id, m.id, [debt.id, other.id], 1, T, bugun=T, actor="memur@alfa")
        assert plan.yapilandirma["davadan_vazgecilen"] == [debt.id]
