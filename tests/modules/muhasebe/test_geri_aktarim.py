"""Back-posting: a municipality enabling Muhasebe after Gelir has run gets the vouchers of
Gelir's earlier records through the RevenueLedger port, resumably and at most once."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from ebelediye import ports
from ebelediye.extensions import db
from modules.gelir.services import iade as gelir_iade
from modules.gelir.services import mahsup, tahsilat
from modules.gelir.services import tahakkuk as gelir_tahakkuk
from modules.muhasebe.models import Donem, Fis, GeriAktarim
from modules.muhasebe.services import MuhasebeConflict, geri_aktarim
from tenants import services
from tests.modules.gelir.conftest import MukellefFactory, borc
from tests.modules.muhasebe.conftest import D, bakiye
from tests.plugin import disable_modules, host, staff_with

DAY = date(2026, 3, 2)
VADE = date(2026, 5, 31)
CODES = ("100", "102", "120", "333", "600", "800", "805")


def _gelir_without_muhasebe():
    """Gelir's year before Muhasebe: accruals, a cancellation, two collections (one leaving a
    credit), the credit refunded at the desk; nothing is posted (Muhasebe is off)."""
    disable_modules("alfa", "muhasebe")
    payer = MukellefFactory()
    borc(payer, "100.00", VADE, gelir_kodu="emlak_arsa")
    borc(payer, "60.00", VADE, gelir_kodu="emlak_bina")
    cancelled = borc(payer, "50.00", VADE, gelir_kodu="emlak_bina")
    gelir_tahakkuk.iptal(cancelled.id, "Mükerrer tahakkuk", actor="memur")
    tahsilat.tahsil(payer.id, "160.00", "nakit", DAY, actor="vezne")  # the 160 open
    tahsilat.tahsil(payer.id, "70.00", "havale", DAY + timedelta(days=40), actor="vezne", belge_no="DK-9")  # credit
    refund = gelir_iade.talep(payer.id, "30.00", "Fazla ödeme iadesi", "nakit", actor="memur", actor_id=11)
    gelir_iade.onayla(refund.id, DAY + timedelta(days=50), actor="sef", actor_id=12)
    borc(payer, "40.00", VADE, gelir_kodu="emlak_bina")  # still open
    services.enable_module("alfa", "muhasebe", "test")
    assert db.session.scalar(select(func.count()).select_from(Fis).where(Fis.kaynak.like("gelir:%"))) == 0
    return payer


def _kesim() -> datetime:
    # every record of the test is created in its one transaction (created_at = its start)
    return datetime.now(UTC) + timedelta(minutes=1)


def _balances() -> dict:
    return {k: bakiye(k) for k in CODES}


def test_back_posting_brings_the_ledger_to_gelir_s_figures_and_a_second_run_adds_nothing(alfa):
    before = _balances()
    _gelir_without_muhasebe()
    ledger = ports.resolve(ports.RevenueLedger)
    run = geri_aktarim.baslat(actor="muhasebe@alfa", kesim=_kesim())
    with pytest.raises(MuhasebeConflict):
        geri_aktarim.baslat(actor="muhasebe@alfa", kesim=_kesim())  # one run at a time
    seen = []
    done = geri_aktarim.calistir(run.id, progress=lambda d, t, m: seen.append((d, t)), parca_gun=30)
    assert done.durum == "bitti" and done.fis_sayisi > 0 and seen[-1][0] == seen[-1][1]
    after = {k: v - before[k] for k, v in _balances().items()}
    assert after["120"] == D("40.00") == sum(v for _, v in ledger.open_debts(date.today()))  # noqa: DTZ011
    assert after["100"] == D("160.00") - D("30.00")  # the desk's collection less the refund paid out
    assert after["102"] == D("70.00")
    assert after["333"] == -D("40.00")  # 70 kept as credit, 30 of it refunded
    assert after["600"] == -D("200.00") and after["800"] == -D("160.00") and after["805"] == D("160.00")
    sources = db.session.scalars(select(Fis.kaynak).where(Fis.kaynak.like("gelir:geri-aktarim:%"))).all()
    assert len(sources) == len(set(sources)) == done.fis_sayisi
    again = geri_aktarim.calistir(geri_aktarim.baslat(actor="muhasebe@alfa", kesim=_kesim()).id)
    assert again.durum == "bitti" and again.fis_sayisi == 0
    assert {k: v - before[k] for k, v in _balances().items()} == after


def test_a_mahsup_before_muhasebe_is_back_posted_from_333_not_from_the_cash_desk(alfa):
    before = _balances()
    disable_modules("alfa", "muhasebe")
    payer = MukellefFactory()
    borc(payer, "100.00", VADE, gelir_kodu="emlak_arsa")
    tahsilat.tahsil(payer.id, "130.00", "nakit", DAY, actor="vezne")  # 30.00 kept as credit
    borc(payer, "20.00", VADE, gelir_kodu="emlak_arsa")
    mahsup.mahsup_et(payer.id, DAY + timedelta(days=3), actor="vezne")  # 20.00 of it applied
    services.enable_module("alfa", "muhasebe", "test")
    geri_aktarim.calistir(geri_aktarim.baslat(actor="muhasebe@alfa", kesim=_kesim()).id)
    after = {k: v - before[k] for k, v in _balances().items()}
    assert after["100"] == D("130.00")  # only the money received
    assert after["333"] == -D("10.00")  # 30 kept, 20 applied
    assert after["120"] == 0 and after["800"] == -D("120.00") and after["805"] == D("120.00")


def test_a_killed_run_resumes_from_its_cursor_and_posts_each_day_once(alfa):
    before = _balances()
    _gelir_without_muhasebe()
    run = geri_aktarim.baslat(actor="muhasebe@alfa", kesim=_kesim())
    db.session.flush()
    calls = []

    def killed_after_first_chunk(done, total, message):
        calls.append(done)
        if len(calls) == 1:
            raise RuntimeError("worker died")

    with pytest.raises(RuntimeError):
        geri_aktarim.calistir(run.id, progress=killed_after_first_chunk, parca_gun=20)
    db.session.rollback()
    half = db.session.get(GeriAktarim, run.id)
    assert half.durum == "calisiyor" and half.imlec == half.bas + timedelta(days=19)
    first = half.fis_sayisi
    done = geri_aktarim.calistir(run.id, parca_gun=20)
    assert done.durum == "bitti" and done.fis_sayisi > first
    dupes = db.session.execute(text(
        "SELECT count(*) FROM (SELECT kaynak FROM muh_fisler WHERE kaynak LIKE 'gelir:geri-aktarim:%' "
        "GROUP BY kaynak HAVING count(*) > 1) d")).scalar_one()
    assert dupes == 0
    assert bakiye("120") - before["120"] == D("40.00")
    # the cursor lost (a restored backup): the sources already in the ledger are skipped
    half = db.session.get(GeriAktarim, run.id)
    half.durum, half.imlec = "calisiyor", None
    assert geri_aktarim.calistir(run.id).fis_sayisi == done.fis_sayisi
    assert bakiye("120") - before["120"] == D("40.00")


def test_a_locked_month_stops_the_run_with_its_message_and_it_resumes_once_unlocked(alfa):
    _gelir_without_muhasebe()
    db.session.add(Donem(yil=2026, ay=4, kilitleyen="test"))  # the transfer's month
    db.session.flush()
    run = geri_aktarim.calistir(geri_aktarim.baslat(actor="m", kesim=_kesim()).id, parca_gun=5)
    assert run.durum == "hata" and "04/2026" in run.hata and run.imlec < date(2026, 4, 11)
    db.session.delete(db.session.get(Donem, (2026, 4)))
    db.session.flush()
    assert geri_aktarim.calistir(run.id, parca_gun=5).durum == "bitti"


def test_without_gelir_there_is_nothing_to_back_post(alfa):
    disable_modules("alfa", "gelir")
    with pytest.raises(ports.PortUnavailable):
        geri_aktarim.baslat(actor="m")


def test_the_page_lists_runs_and_refuses_a_run_with_nothing_to_post(client):
    staff_with(client, "alfa", "muhasebe.goruntule", "muhasebe.fis.onayla")
    H = {"Host": host("alfa")}
    page = client.get("/muhasebe/geri-aktarim", headers=H).get_data(as_text=True)
    assert "Henüz geriye dönük aktarım yapılmadı." in page
    # the shared tenant has no Gelir record older than Muhasebe: refused with its message, nothing queued
    refused = client.post("/muhasebe/geri-aktarim", headers=H, follow_redirects=True)
    assert refused.status_code < 500 and "aktarılacak bir şey yok" in refused.get_data(as_text=True)
    with services.bound("alfa"):
        assert db.session.scalar(select(func.count()).select_from(GeriAktarim)) == 0
