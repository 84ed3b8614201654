"""Back-posting of İK's payrolls: a municipality enabling Muhasebe after İK has run gets the
ÖEB of each payroll closed before and the payment of each paid, through the PayrollLedger
port, with the lines of the live receivers; resumably, at most once, and only within the
appropriations (a missing one refuses the run, naming it)."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text

from ebelediye import ports
from ebelediye.extensions import db
from modules.ik.services import bordro, personel
from modules.muhasebe.models import ButceKalemi, Fis, GeriAktarim
from modules.muhasebe.services import MuhasebeError, butce, fis, geri_aktarim, odenek
from tenants import services
from tests.modules.ik.conftest import ACTOR, ise_al
from tests.modules.muhasebe.conftest import bakiye
from tests.plugin import disable_modules

CODES = ("630", "320", "360", "361", "830", "835", "905", "900", "102", "103")
COSTS = ("brut", "isveren_sgk", "isveren_issizlik")


@pytest.fixture
def birim(alfa):
    unit = personel.birim_ekle("46.06.96.01", "Park ve Bahçeler Müdürlüğü", actor=ACTOR, fonksiyonel_kod="06.2.0.00")
    kadrolar = {tur: personel.kadro_ekle(unit.id, tur, "GİH" if tur == "memur" else "İşçi", f"{tur} unvanı",
                                         actor=ACTOR, derece=8 if tur == "memur" else None,
                                         ekonomik_kod="01.1.1.01" if tur == "memur" else "01.3.1.01")
                for tur in ("memur", "isci")}
    ise_al(kadrolar, "isci", "40000.00")
    ise_al(kadrolar, "memur")
    return unit


def _appropriate(economic: str, amount: str = "10000000.00") -> ButceKalemi:
    row = butce.kalem_ac(2026, "46.06.96.01", "06.2.0.00", economic, f"Personel {economic}", actor="hazirlayan")
    draft = odenek.odenek_ver(row.id, Decimal(amount), date(2026, 1, 2), actor="hazirlayan")
    fis.onayla(draft.id, actor="onaylayan")
    return row


def _payrolls_without_muhasebe():
    """January closed and paid (by gönderme emri), February closed and not paid yet, while
    Muhasebe is off: nothing is posted."""
    disable_modules("alfa", "muhasebe")
    jan = bordro.baslat("2026-01", actor=ACTOR)
    bordro.hesapla(jan.id)
    bordro.kapat(jan.id, date(2026, 1, 30), actor=ACTOR)
    bordro.odendi(jan.id, date(2026, 2, 3), actor=ACTOR, kanal="gonderme_emri")
    feb = bordro.baslat("2026-02", actor=ACTOR)
    bordro.hesapla(feb.id)
    bordro.kapat(feb.id, date(2026, 2, 27), actor=ACTOR)
    services.enable_module("alfa", "muhasebe", "test")
    assert db.session.scalar(select(func.count()).select_from(Fis).where(Fis.kaynak.like("ik:%"))) == 0
    return jan, feb


def _kesim() -> datetime:
    return datetime.now(UTC) + timedelta(minutes=1)


def _balances() -> dict:
    return {k: bakiye(k) for k in CODES}


def _expected(jan, feb) -> dict:
    """The balances the live receivers give two payrolls, from İK's own event lines:
    costs 630 B, 830 B / 835 A, 905 B / 900 A; owed as net 320, taxes 360, SGK 361;
    January's net paid by gönderme emri 320 B / 103 A."""
    ledger = ports.resolve(ports.PayrollLedger)
    out = dict.fromkeys(CODES, Decimal(0))
    for p in ledger.postings(date(2026, 1, 1), date(2026, 12, 31), before=_kesim()):
        e = p.event
        if p.kind == "paid":
            out["320"] += e.total(("net",))
            out["103"] -= e.total(("net",))
            continue
        cost = e.total(COSTS)
        out["630"] += cost
        out["830"] += cost
        out["835"] -= cost
        out["905"] += cost
        out["900"] -= cost
        out["320"] -= e.total(("net",))
        out["360"] -= e.total(("gelir_vergisi", "damga_vergisi"))
        out["361"] -= e.total(("sgk_isci", "issizlik_isci", "sgk_isveren", "issizlik_isveren"))
    assert out["320"] == -feb.toplam_net and out["103"] == -jan.toplam_net  # İK's own totals
    return out


def _delta(before: dict) -> dict:
    now = _balances()
    return {k: now[k] - before[k] for k in CODES}


def test_back_posting_gives_the_live_balances_and_a_second_run_adds_nothing(birim):
    lines = [_appropriate(code) for code in ("01.1", "01.3", "02.1", "02.3")]
    before = _balances()
    jan, feb = _payrolls_without_muhasebe()
    expected = _expected(jan, feb)
    run = geri_aktarim.baslat(actor="muhasebe@alfa", kesim=_kesim(), modul="ik")
    assert run.kaynak_modul == "ik" and run.bas == date(2026, 1, 30)
    done = geri_aktarim.calistir(run.id)
    assert done.durum == "bitti" and done.fis_sayisi == 3
    assert _delta(before) == expected
    sources = set(db.session.scalars(select(Fis.kaynak).where(Fis.kaynak.like("ik:%"))))
    assert sources == {f"ik:bordro:2026-01:{jan.id}:bordro", f"ik:odeme:2026-01:{jan.id}:odeme",
                       f"ik:bordro:2026-02:{feb.id}:bordro"}  # the live receivers' sources
    kinds = dict(db.session.execute(select(Fis.kaynak, Fis.tur).where(Fis.kaynak.in_(sources))).all())
    assert kinds[f"ik:bordro:2026-01:{jan.id}:bordro"] == "oeb"
    assert kinds[f"ik:odeme:2026-01:{jan.id}:odeme"] == "gonderme"
    for row in lines:
        db.session.refresh(row)
    assert sum(row.kullanilan for row in lines) == expected["905"]  # the budget lines used
    # a second run adds nothing; Gelir's back-posting is a run of its own
    again = geri_aktarim.calistir(geri_aktarim.baslat(actor="muhasebe@alfa", kesim=_kesim(), modul="ik").id)
    assert again.durum == "bitti" and again.fis_sayisi == 0
    assert _delta(before) == expected
    # February paid once Muhasebe is on: posted live, and a later run still adds nothing
    bordro.odendi(feb.id, date(2026, 3, 4), actor=ACTOR)
    assert geri_aktarim.calistir(geri_aktarim.baslat(actor="m", kesim=_kesim(), modul="ik").id).fis_sayisi == 0
    assert bakiye("320") - before["320"] == 0


def test_a_killed_run_resumes_from_its_cursor_and_posts_each_payroll_once(birim):
    for code in ("01.1", "01.3", "02.1", "02.3"):
        _appropriate(code)
    before = _balances()
    jan, feb = _payrolls_without_muhasebe()
    expected = _expected(jan, feb)
    run = geri_aktarim.baslat(actor="muhasebe@alfa", kesim=_kesim(), modul="ik")
    db.session.flush()
    calls = []

    def killed_after_first_chunk(done, total, message):
        calls.append(done)
        if len(calls) == 1:
            raise RuntimeError("worker died")

    with pytest.raises(RuntimeError):
        geri_aktarim.calistir(run.id, progress=killed_after_first_chunk, parca_gun=10)
    db.session.rollback()
    half = db.session.get(GeriAktarim, run.id)
    assert half.durum == "calisiyor" and half.imlec == half.bas + timedelta(days=9) and half.fis_sayisi == 2  # January and its payment
    done = geri_aktarim.calistir(run.id, parca_gun=10)
    assert done.durum == "bitti" and done.fis_sayisi == 3
    dupes = db.session.execute(text(
        "SELECT count(*) FROM (SELECT kaynak FROM muh_fisler WHERE kaynak LIKE 'ik:%' "
        "GROUP BY kaynak HAVING count(*) > 1) d")).scalar_one()
    assert dupes == 0
    assert _delta(before) == expected
    # the cursor lost: the sources already in the ledger are skipped
    half = db.session.get(GeriAktarim, run.id)
    half.durum, half.imlec = "calisiyor", None
    assert geri_aktarim.calistir(run.id).fis_sayisi == 3
    assert _delta(before) == expected


def test_a_missing_appropriation_refuses_the_run_naming_each_budget_line(birim):
    _appropriate("01.3")
    _appropriate("01.1", "1.00")  # far too little
    before = _balances()
    _payrolls_without_muhasebe()
    with pytest.raises(MuhasebeError) as refused:
        geri_aktarim.baslat(actor="m", kesim=_kesim(), modul="ik")
    message = str(refused.value.message)
    assert "46.06.96.01 | 06.2.0.00 | 5 | 02.1" in message and "02.3" in message and "bütçe kalemi yok" in message
    assert "01.1: kalan ödenek 1.00" in message and "| 01.3" not in message
    assert db.session.scalar(select(func.count()).select_from(GeriAktarim)
                             .where(GeriAktarim.kaynak_modul == "ik")) == 0
    assert _balances() == before
    # once the appropriations are entered the run goes through
    _appropriate("02.1")
    _appropriate("02.3")
    extra = db.session.scalar(select(ButceKalemi).filter_by(yil=2026, kurumsal="46.06.96.01", ekonomik="01.1"))
    fis.onayla(odenek.odenek_ver(extra.id, Decimal("10000000.00"), date(2026, 1, 2), actor="hazirlayan").id,
               actor="onaylayan")
    run = geri_aktarim.calistir(geri_aktarim.baslat(actor="m", kesim=_kesim(), modul="ik").id)
    assert run.durum == "bitti" and run.fis_sayisi == 3


def test_without_ik_there_is_nothing_to_back_post(alfa):
    disable_modules("alfa", "ik")
    with pytest.raises(ports.PortUnavailable):
        geri_aktarim.baslat(actor="m", modul="ik")


def test_the_page_and_api_start_a_payroll_run_or_refuse_with_nothing_to_post(client):
    from tests.plugin import host, staff_with

    H = {"Host": host("alfa")}
    staff_with(client, "alfa", "muhasebe.goruntule")
    assert client.post("/api/v1/muhasebe/geri-aktarim?modul=ik", headers=H).status_code == 403
    staff_with(client, "alfa", "muhasebe.goruntule", "muhasebe.fis.onayla")
    page = client.get("/muhasebe/geri-aktarim", headers=H).get_data(as_text=True)
    assert 'name="modul" value="ik"' in page
    # the shared tenant has no payroll closed before Muhasebe: refused with its message
    refused = client.post("/api/v1/muhasebe/geri-aktarim?modul=ik", headers=H)
    assert refused.status_code == 422 and "kapatılmış bordro yok" in refused.json["message"]
    assert client.post("/api/v1/muhasebe/geri-aktarim?modul=xx", headers=H).status_code == 422
    shown = client.post("/muhasebe/geri-aktarim", data={"modul": "ik"}, headers=H, follow_redirects=True)
    assert shown.status_code < 500 and "kapatılmış bordro yok" in shown.get_data(as_text=True)


def test_a_payment_made_before_ik_kept_its_day_reads_its_channel_from_the_audit_entry(birim):
    disable_modules("alfa", "muhasebe")
    run = bordro.baslat("2026-01", actor=ACTOR)
    bordro.hesapla(run.id)
    bordro.kapat(run.id, date(2026, 1, 30), actor=ACTOR)
    bordro.odendi(run.id, date(2026, 2, 3), actor=ACTOR, kanal="gonderme_emri")
    db.session.execute(text("UPDATE ik_bordrolar SET odeme_tarihi = NULL, odeme_kanali = NULL WHERE id = :i"),
                       {"i": run.id})  # as before revision ik0009
    services.enable_module("alfa", "muhasebe", "test")
    ledger = ports.resolve(ports.PayrollLedger)
    paid = [p for p in ledger.postings(date(2000, 1, 1), date(2100, 1, 1), before=_kesim()) if p.kind == "paid"]
    assert [p.event.reference for p in paid] == [f"odeme:2026-01:{run.id}"]
    assert paid[0].event.channel == "gonderme_emri" and paid[0].event.on >= date(2026, 1, 30)
