"""Automatic postings (RULES §6.2) from Gelir's and İK's events, in the sender's
transaction: the lines exist as soon as the collection does, a posting failure rolls
the collection back, and a tenant without Muhasebe is untouched."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from ebelediye import events, uow
from ebelediye.extensions import db
from modules.gelir.models import Tahsilat
from modules.gelir.services import mahsup, tahsilat
from modules.gelir.services import tahakkuk as gelir_tahakkuk
from modules.muhasebe.models import Donem
from modules.muhasebe.services import MuhasebeError
from tenants import services
from tests.modules.gelir.conftest import MukellefFactory, borc
from tests.modules.muhasebe.conftest import D, bakiye, kalem, kaynakli
from tests.plugin import disable_modules

DAY = date(2026, 3, 2)


def _lines(prefix):
    return sorted((s.hesap_kod, s.borc, s.alacak) for s in kaynakli(prefix))


def test_a_collection_posts_cash_receivable_and_budget_revenue_in_its_transaction(alfa):
    payer = MukellefFactory()
    borc(payer, "100.00", date(2026, 5, 31), gelir_kodu="emlak_arsa")
    result = tahsilat.tahsil(payer.id, "130.00", "nakit", DAY, actor="vezne@alfa")
    lines = kaynakli(f"gelir:makbuz:{result.tahsilat.makbuz_no}:tahsilat")
    assert sorted((s.hesap_kod, s.borc, s.alacak) for s in lines) == sorted([
        ("100", D("100.00"), D(0)), ("120", D(0), D("100.00")),
        ("805", D("100.00"), D(0)), ("800", D(0), D("100.00")),
        ("100", D("30.00"), D(0)), ("333", D(0), D("30.00")),  # kept as the taxpayer's credit
    ])
    arsa = [s for s in lines if s.hesap_kod == "800"][0]
    assert arsa.ekonomik == "01.2.9.52" and arsa.finansman == "5"  # Arsa Vergisi (RULES §6.3)


def test_card_and_transfer_collections_use_109_and_102(alfa):
    payer = MukellefFactory()
    borc(payer, "40.00", date(2026, 5, 31))
    borc(payer, "60.00", date(2026, 5, 31))
    card = tahsilat.tahsil(payer.id, "40.00", "kart", DAY, actor="v")
    wire = tahsilat.tahsil(payer.id, "60.00", "havale", DAY, actor="v", belge_no="DK-1")
    assert ("109", D("40.00"), D(0)) in _lines(f"gelir:makbuz:{card.tahsilat.makbuz_no}")
    assert ("102", D("60.00"), D(0)) in _lines(f"gelir:makbuz:{wire.tahsilat.makbuz_no}")


def test_an_accrual_and_its_cancellation_post_120_600_and_back(alfa):
    payer = MukellefFactory()
    before = (bakiye("120"), bakiye("600"))
    rows = gelir_tahakkuk._accrue(payer.id, "emlak_arsa", "test:arsa-1", 2026, [(1, date(2026, 6, 30), D("500.00"))],
                                  actor="memur")
    assert (bakiye("120"), bakiye("600")) == (before[0] + D("500.00"), before[1] - D("500.00"))
    gelir_tahakkuk.iptal(rows[0].id, "Mükerrer tahakkuk", actor="memur")
    assert (bakiye("120"), bakiye("600")) == before


def test_a_refund_of_a_credit_moves_333_back_to_cash(alfa):
    payer = MukellefFactory()
    before = (bakiye("333"), bakiye("100"))
    events.revenue_refunded.send("gelir", event=events.RevenueEvent(
        module="gelir", reference="iade:test-1", on=DAY, channel="kasa",
        lines=(events.RevenueLine("alacak_iadesi", "", D("25.00"), 2026),), extras={"kaynak": "fazla_odeme"}))
    assert (bakiye("333"), bakiye("100")) == (before[0] + D("25.00"), before[1] - D("25.00"))
    events.revenue_refunded.send("gelir", event=events.RevenueEvent(
        module="gelir", reference="iade:test-2", on=DAY, channel="banka",
        lines=(events.RevenueLine("emlak_bina", "01.2.9.51", D("10.00"), 2026),), extras={"kaynak": "yersiz"}))
    assert ("810", D("10.00"), D(0)) in _lines("gelir:iade:test-2") and ("805", D(0), D("10.00")) in _lines(
        "gelir:iade:test-2")
    assert payer.id


def test_a_credit_applied_moves_333_to_the_receivable_and_its_reversal_moves_it_back(alfa):
    payer = MukellefFactory()
    borc(payer, "100.00", date(2026, 5, 31), gelir_kodu="emlak_arsa")
    tahsilat.tahsil(payer.id, "130.00", "nakit", DAY, actor="vezne@alfa")  # 30.00 kept as credit (333 A)
    borc(payer, "20.00", date(2026, 11, 30), gelir_kodu="emlak_arsa")
    before = {kod: bakiye(kod) for kod in ("100", "120", "333", "800", "805")}
    receipt = mahsup.mahsup_et(payer.id, DAY, actor="vezne@alfa")
    assert _lines(f"gelir:mahsup:{receipt.makbuz_no}:mahsup") == sorted([
        ("333", D("20.00"), D(0)), ("120", D(0), D("20.00")),
        ("805", D("20.00"), D(0)), ("800", D(0), D("20.00"))])
    after = {kod: bakiye(kod) for kod in before}
    assert after["100"] == before["100"]  # no money moved
    assert after["333"] - before["333"] == D("20.00") and after["120"] - before["120"] == D("-20.00")
    mahsup.ters_kayit(receipt.id, DAY, actor="vezne@alfa")
    assert _lines(f"gelir:mahsup:{receipt.makbuz_no}:mahsup_iptali") == sorted([
        ("120", D("20.00"), D(0)), ("333", D(0), D("20.00")),
        ("800", D("20.00"), D(0)), ("805", D(0), D("20.00"))])
    assert {kod: bakiye(kod) for kod in before} == before


def test_a_failing_posting_rolls_the_collection_back(alfa):
    payer = MukellefFactory()
    borc(payer, "75.00", date(2026, 5, 31))
    payer_id = payer.id
    db.session.add(Donem(yil=2026, ay=3, kilitleyen="test"))  # March is closed: the posting must fail
    db.session.flush()
    before = db.session.scalar(select(func.count()).select_from(Tahsilat))
    step = uow.savepoint()
    with pytest.raises(MuhasebeError, match="03/2026 dönemi kapatılmış"):
        tahsilat.tahsil(payer_id, "75.00", "nakit", DAY, actor="v")
    step.rollback()
    assert db.session.scalar(select(func.count()).select_from(Tahsilat)) == before


def test_a_tenant_without_muhasebe_is_untouched():
    with services.bound("beta"):
        disable_modules("beta", "muhasebe")
        before = db.session.execute(select(func.count()).select_from(db.Table("muh_fisler", db.metadata,
                                                                               extend_existing=True))).scalar()
        payer = MukellefFactory()
        borc(payer, "12.00", date(2026, 5, 31))
        tahsilat.tahsil(payer.id, "12.00", "nakit", DAY, actor="v")
        after = db.session.execute(select(func.count()).select_from(db.Table("muh_fisler", db.metadata,
                                                                              extend_existing=True))).scalar()
        assert after == before


TERTIP = {"institutional_code": "46.06.99.02", "functional_code": "01.3.9.00"}


def _payroll(brut: str, reference: str = "bordro:2026-03:1") -> events.PayrollEvent:
    b = Decimal(brut)
    sgk = (b * Decimal("0.1550")).quantize(Decimal("0.01"))
    gv = (b * Decimal("0.15")).quantize(Decimal("0.01"))
    dv = (b * Decimal("0.00759")).quantize(Decimal("0.01"))
    isci = (b * Decimal("0.14")).quantize(Decimal("0.01"))
    net = b - gv - dv - isci
    P = events.PayrollLine
    return events.PayrollEvent(module="ik", reference=reference, on=date(2026, 3, 15), period="2026-03", headcount=3,
                               lines=(P("brut", b, "01.1.1.01", **TERTIP), P("isveren_sgk", sgk, "02.1.1.01", **TERTIP),
                                      P("net", net, "01.1.1.01", **TERTIP), P("gelir_vergisi", gv, **TERTIP),
                                      P("damga_vergisi", dv, **TERTIP), P("sgk_isci", isci, **TERTIP),
                                      P("sgk_isveren", sgk, **TERTIP)))


def test_payroll_posts_the_oeb_triple_and_uses_the_budget(alfa):
    personel = kalem("100000.00", ekonomik="01.1")
    sgk = kalem("20000.00", ekonomik="02.1")
    event = _payroll("30000.00")
    events.payroll_accrued.send("ik", event=event)
    lines = _lines("ik:bordro:2026-03:1:bordro")
    debit = sum(d for _, d, _ in lines)
    credit = sum(c for _, _, c in lines)
    assert debit == credit
    assert ("630", D("30000.00"), D(0)) in lines and ("905", D("30000.00"), D(0)) in lines
    assert ("320", D(0), event.total(("net",))) in lines
    db.session.refresh(personel)
    db.session.refresh(sgk)
    assert (personel.kullanilan, sgk.kullanilan) == (D("30000.00"), D("4650.00"))
    events.payroll_paid.send("ik", event=events.PayrollEvent(
        module="ik", reference="bordro:2026-03:1", on=date(2026, 3, 20), period="2026-03", channel="gonderme_emri",
        lines=tuple(line for line in event.lines if line.kind == "net")))
    assert ("103", D(0), event.total(("net",))) in _lines("ik:bordro:2026-03:1:odeme")


def test_a_payroll_over_its_appropriation_is_refused(alfa):
    kalem("1000.00", ekonomik="01.1")
    kalem("20000.00", ekonomik="02.1")
    with pytest.raises(MuhasebeError, match="Ödenek yetersiz"):
        events.payroll_accrued.send("ik", event=_payroll("30000.00", "bordro:2026-03:2"))
