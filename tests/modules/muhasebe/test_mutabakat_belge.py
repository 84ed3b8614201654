"""The reconciliations down to their documents: 120 against Gelir's records (the vouchers
and Gelir rows that do not match one another on the days the two sides moved differently)
and 320 against the payables register (per invoice; any other voucher on 320 by itself)."""

from datetime import date

from ebelediye.extensions import db
from modules.gelir.services import tahsilat
from modules.muhasebe import hesap
from modules.muhasebe.services import borclar, mutabakat
from modules.muhasebe.views.mutabakat import mutabakat_320_card
from tenants import services
from tests.modules.gelir.conftest import MukellefFactory, borc
from tests.modules.muhasebe.conftest import D, kalem, kaydet, onayla, satirlar
from tests.plugin import host, ids_apart, staff_with

GUN = date(2026, 3, 2)
SON = date(2026, 12, 31)
KOD = "01.2.9.52"  # emlak_arsa
VKN, IBAN = "1234567890", "TR330006100519786457841326"
A = ("hazirlayan@alfa.bel.tr", 101)
H = {"Host": host("alfa")}


def _kod(row, kod):
    return next(d for d in row.ayrinti if d["ekonomik"] == kod)


def test_a_120_difference_names_the_hand_voucher_and_the_unposted_gelir_record(alfa):
    payer = MukellefFactory()
    unposted = borc(payer, "100.00", date(2026, 5, 31))  # straight into Gelir: no voucher
    receipt = tahsilat.tahsil(payer.id, "60.00", "nakit", GUN, actor="vezne")  # posted live: matches
    hand = kaydet([hesap.borc("120", D("7.00"), ekonomik=KOD), hesap.alacak("600", D("7.00"), ekonomik=KOD)], GUN)
    row = mutabakat.calistir(SON, actor="t")
    entry = _kod(row, KOD)
    docs = entry["belgeler"]
    ours = [d for d in docs if d["taraf"] == "defter"]
    theirs = [d for d in docs if d["taraf"] == "gelir"]
    assert any(d["fis_id"] == hand.id and D(d["tutar"]) == D("7.00") and d["kaynak"] == "" for d in ours)
    assert any(d["belge"] == f"tahakkuk:{unposted.id}" and D(d["tutar"]) == D("100.00") and d["tur"] == "accrued"
               for d in theirs)
    makbuz = f"makbuz:{receipt.tahsilat.makbuz_no}"
    assert not any(d["belge"] == makbuz or makbuz in d.get("kaynak", "") for d in docs)  # matched, set aside
    assert entry["gun_sayisi"] >= 2 and entry["belge_sayisi"] == len(docs)
    assert mutabakat.kayit(row.id).id == row.id


def test_gelir_referansi():
    assert mutabakat.gelir_referansi("gelir:makbuz:M2026-000017:tahsilat") == "makbuz:M2026-000017"
    assert mutabakat.gelir_referansi("gelir:toplu:3:1-9:tahakkuk") == "toplu:3:1-9"
    assert mutabakat.gelir_referansi("muhasebe:fatura:3") is None and mutabakat.gelir_referansi(None) is None


def _invoice(amount="2500.00", number="M-320-1"):
    line = kalem("10000.00")
    supplier = borclar.tedarikci_kaydet(VKN, "Tedarikçi A.Ş.", IBAN, actor=A[0])
    invoice = borclar.fatura_kaydet(supplier.id, number, GUN, D(amount), line.id, actor=A[0], actor_id=A[1])
    onayla(invoice.fis_id)
    return invoice


def test_320_agrees_with_the_payables_per_invoice_and_names_a_hand_voucher(alfa):
    base = mutabakat.calistir_320(SON, actor="t")
    invoice = _invoice()
    order = borclar.odeme_emri(invoice.id, D("1000.00"), GUN, actor=A[0], actor_id=A[1])
    onayla(order.fis_id)
    same = mutabakat.calistir_320(SON, actor="t")
    assert same.fark == base.fark and same.defter - base.defter == D("1500.00") == same.yardimci - base.yardimci
    assert not any(d["belge"] == f"fatura:{invoice.id}" for d in same.ayrinti)
    hand = kaydet(satirlar(("630", "B", "40.00"), ("320", "A", "40.00")), GUN)
    off = mutabakat.calistir_320(SON, actor="t")
    assert off.fark - base.fark == D("40.00")
    entry = next(d for d in off.ayrinti if d["belge"] == f"fis:{hand.id}")
    assert D(entry["defter"]) == D("40.00") and D(entry["yardimci"]) == 0 and entry["fisler"] == [hand.id]
    card = mutabakat_320_card()
    assert card is not None and mutabakat.son_tur(mutabakat.TUR_320).id == off.id
    # the order reversed: the register opens the invoice again, the ledger too (no new difference)
    from modules.muhasebe.services import fis

    onayla(fis.ters_kayit(order.fis_id, actor=A[0], actor_id=A[1]).id)
    again = mutabakat.calistir_320(SON, actor="t")
    assert again.fark == off.fark and again.yardimci - off.yardimci == D("1000.00")


def test_reconciliation_pages_and_api(client):
    ids_apart("muh_mutabakatlar")
    with services.bound("beta"):
        other = mutabakat.calistir_320(SON, actor="t").id
        db.session.commit()
    staff_with(client, "alfa", "muhasebe.goruntule")
    assert client.post("/api/v1/muhasebe/mutabakat/borclar", headers=H).status_code == 403
    assert client.post("/muhasebe/mutabakat/borclar", headers=H).status_code == 403
    staff_with(client, "alfa", "muhasebe.goruntule", "muhasebe.fis.onayla")
    made = client.post("/api/v1/muhasebe/mutabakat/borclar", headers=H)
    assert made.status_code == 201 and made.json["tur"] == "borc_320"
    got = client.get(f"/api/v1/muhasebe/mutabakat/{made.json['id']}", headers=H)
    assert got.status_code == 200 and got.json["id"] == made.json["id"]
    for missing in (other, 2**63):
        assert client.get(f"/api/v1/muhasebe/mutabakat/{missing}", headers=H).status_code == 404
        assert client.get(f"/muhasebe/mutabakat/{missing}", headers=H).status_code == 404
    page = client.post("/muhasebe/mutabakat/borclar", headers=H)
    assert page.status_code == 303
    detail = client.get(page.headers["Location"], headers=H)
    assert detail.status_code == 200 and "320" in detail.get_data(as_text=True)
    assert any(r["tur"] == "borc_320" for r in client.get("/api/v1/muhasebe/mutabakat", headers=H).json)
