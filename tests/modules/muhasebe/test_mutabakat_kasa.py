"""The 100 Kasa reconciliation: the ledger's 100 against the cash Gelir's cash desks hold
(the core's CashDesks port), down to the documents on the days the two moved differently."""

from datetime import date

import pytest

from ebelediye import ports
from modules.gelir.services import iade, tahsilat, vezne
from modules.muhasebe.jobs import mutabakat as mutabakat_job
from modules.muhasebe.services import mutabakat
from modules.muhasebe.views.mutabakat import mutabakat_100_card
from tests.modules.gelir.conftest import MukellefFactory, borc
from tests.modules.muhasebe.conftest import D, kaydet, satirlar
from tests.plugin import disable_modules, host, staff_with

GUN = date(2026, 3, 2)
SON = date(2026, 12, 31)
H = {"Host": host("alfa")}


def _cash_day():
    """A cashier's day: two cash receipts (one leaving a credit), a card receipt, a cash
    receipt reversed, and a credit refunded in cash from the same session."""
    payer = MukellefFactory()
    borc(payer, "100.00", date(2026, 5, 31))
    session = vezne.ac(951, "kasiyer@alfa", GUN, actor="kasiyer@alfa")
    vezne.tahsil(951, payer.id, "80.00", "nakit", GUN, actor="kasiyer@alfa")
    vezne.tahsil(951, payer.id, "150.00", "nakit", GUN, actor="kasiyer@alfa")  # 20 applied, 130 credit
    vezne.tahsil(951, payer.id, "25.00", "kart", GUN, actor="kasiyer@alfa")  # 109, not cash
    other = MukellefFactory()
    borc(other, "40.00", date(2026, 5, 31))
    wrong = vezne.tahsil(951, other.id, "40.00", "nakit", GUN, actor="kasiyer@alfa")
    tahsilat.ters_kayit(wrong.tahsilat.id, GUN, actor="kasiyer@alfa")
    refund = iade.talep(payer.id, "60.00", "Fazla ödeme", "nakit", actor="hazirlayan", actor_id=952)
    iade.onayla(refund.id, GUN, actor="onaylayan", actor_id=953)
    vezne.nakit_iade_ode(session.id, 951, refund.id, actor="kasiyer@alfa")
    return session, refund


def test_a_cash_day_with_receipts_a_reversal_and_a_cash_refund_agrees(alfa):
    base = mutabakat.calistir_100(SON, actor="t")
    _cash_day()
    desks = ports.resolve(ports.CashDesks)
    assert desks.cash_balance(GUN) - desks.cash_balance(date(2026, 3, 1)) == D("170.00")  # 80 + 150 + 40 - 40 - 60
    row = mutabakat.calistir_100(SON, actor="t")
    assert row.tur == "kasa_100"
    assert row.defter - base.defter == D("170.00") == row.yardimci - base.yardimci
    assert row.fark == base.fark
    if not base.fark:
        assert row.ayrinti == [] and mutabakat_100_card() is None
    kinds = {d.kind for d in desks.cash_documents([GUN])}
    assert kinds == {"receipt", "reversal", "refund"}


def test_a_hand_voucher_on_100_is_a_difference_with_that_voucher_named(alfa):
    _cash_day()
    base = mutabakat.calistir_100(SON, actor="t")
    hand = kaydet(satirlar(("100", "B", "12.50"), ("600", "A", "12.50")), GUN)
    row = mutabakat.calistir_100(SON, actor="t")
    assert row.fark - base.fark == D("12.50")
    entry = row.ayrinti[0]
    assert entry["hesap"] == "100" and entry["gun_sayisi"] >= 1
    ours = [d for d in entry["belgeler"] if d["taraf"] == "defter"]
    assert [d["fis_id"] for d in ours if d["gun"] == GUN.isoformat()] == [hand.id]
    assert D(ours[-1]["tutar"]) == D("12.50") and ours[-1]["kaynak"] == ""
    # the live receipts, the reversal and the refund paired away: none named
    assert not any(d["taraf"] == "gelir" and d["gun"] == GUN.isoformat() for d in entry["belgeler"])
    card = mutabakat_100_card()
    assert card is not None and "12,50" in card.value
    out = mutabakat_job("2026-12-31")
    assert out["100"]["fark"] == str(row.fark)


def test_a_cash_refund_approved_but_not_paid_out_is_named_on_the_ledger_side(alfa):
    base = mutabakat.calistir_100(SON, actor="t")
    payer = MukellefFactory()
    vezne.ac(954, "kasiyer@alfa", GUN, actor="kasiyer@alfa")
    vezne.tahsil(954, payer.id, "90.00", "nakit", GUN, actor="kasiyer@alfa")  # all credit
    refund = iade.talep(payer.id, "90.00", "Fazla ödeme", "nakit", actor="hazirlayan", actor_id=955)
    iade.onayla(refund.id, GUN, actor="onaylayan", actor_id=956)  # the ledger credits 100 now
    row = mutabakat.calistir_100(SON, actor="t")
    assert row.fark - base.fark == D("-90.00")
    docs = row.ayrinti[0]["belgeler"]
    assert any(d["taraf"] == "defter" and d["kaynak"] == f"gelir:iade:{refund.id}:iade" for d in docs)


def test_without_gelir_there_is_no_100_run(alfa):
    disable_modules("alfa", "gelir")
    assert not ports.available(ports.CashDesks)
    with pytest.raises(ports.PortUnavailable):
        mutabakat.calistir_100(GUN)
    out = mutabakat_job("2026-12-31")
    assert "100" not in out and "320" in out


def test_the_100_page_and_api(client):
    staff_with(client, "alfa", "muhasebe.goruntule")
    assert client.post("/api/v1/muhasebe/mutabakat/kasa", headers=H).status_code == 403
    assert client.post("/muhasebe/mutabakat/kasa", headers=H).status_code == 403
    staff_with(client, "alfa", "muhasebe.goruntule", "muhasebe.fis.onayla")
    made = client.post("/api/v1/muhasebe/mutabakat/kasa", headers=H)
    assert made.status_code == 201 and made.json["tur"] == "kasa_100"
    page = client.post("/muhasebe/mutabakat/kasa", headers=H)
    assert page.status_code == 303
    detail = client.get(page.headers["Location"], headers=H)
    assert detail.status_code == 200 and "100" in detail.get_data(as_text=True)
    listing = client.get("/muhasebe/mutabakat", headers=H).get_data(as_text=True)
    assert "/muhasebe/mutabakat/kasa" in listing
