"""103 matching: a money-out statement line is offered the sent payment orders of its
amount; choosing one prepares the bank's debit (103 B / 102 A) as a draft a second person
approves, after which the statement line matches its 102 line; one live debit per order."""

import uuid
from datetime import date

import pytest

from ebelediye.extensions import db
from modules.muhasebe.services import MuhasebeConflict, MuhasebeError, banka, borclar
from tenants import services
from tests.modules.muhasebe.conftest import D, bakiye, kalem, kaydet, onayla, satirlar
from tests.plugin import host, ids_apart, staff_with

GUN = date(2026, 4, 6)
VKN, IBAN = "1234567890", "TR330006100519786457841326"
A = ("hazirlayan@alfa.bel.tr", 101)
H = {"Host": host("alfa")}
TUTAR = "1017.33"


def _sent_order(tutar=TUTAR, sent=True):
    kaydet(satirlar(("102", "B", "50000.00"), ("600", "A", "50000.00")), GUN)  # money in the bank
    line = kalem("20000.00")
    supplier = borclar.tedarikci_kaydet(VKN, "Yol Yapım A.Ş.", IBAN, actor=A[0])
    invoice = borclar.fatura_kaydet(supplier.id, f"F-{uuid.uuid4().hex[:6]}", GUN, D(tutar), line.id, actor=A[0],
                                    actor_id=A[1])
    onayla(invoice.fis_id)
    order = borclar.odeme_emri(invoice.id, D(tutar), GUN, actor=A[0], actor_id=A[1])
    onayla(order.fis_id)
    if sent:
        borclar.banka_dosyasi_olustur(actor=A[0])
    return order


def _statement(*rows):
    body = "tarih;tutar;referans;aciklama\n" + "\n".join(rows) + f"\n07.04.2026;1,00;{uuid.uuid4().hex[:8]};x\n"
    return banka.ice_al(body.encode(), "basit", "102", actor=A[0])


def test_a_sent_order_is_debited_from_its_statement_line_by_two_people(alfa):
    order = _sent_order()
    statement = _statement("07.04.2026;-1.017,33;EFT77;Yol Yapım ödemesi", "07.04.2026;250,00;;giriş")
    out, money_in = sorted(banka.satirlar(statement.id), key=lambda s: s.tutar)[:2]
    assert out.fis_satiri_id is None
    assert [o.id for o, _f in banka.odeme_onerileri(out.id)] == [order.id]
    with pytest.raises(MuhasebeError) as bad:
        banka.banka_cikisi(money_in.id, order.id, actor=A[0], actor_id=A[1])
    assert "odeme_emri_id" in bad.value.errors
    before = (bakiye("103"), bakiye("102"))
    draft = banka.banka_cikisi(out.id, order.id, actor=A[0], actor_id=A[1])
    assert draft.durum == "taslak" and draft.kaynak == f"muhasebe:odeme:{order.id}:banka" and draft.tarih == out.tarih
    with pytest.raises(MuhasebeConflict):  # one live debit per order
        banka.banka_cikisi(out.id, order.id, actor=A[0], actor_id=A[1])
    assert banka.odeme_onerileri(out.id) == []
    onayla(draft.id)
    assert bakiye("103") - before[0] == D(TUTAR) and bakiye("102") - before[1] == -D(TUTAR)
    assert banka.yeniden_eslestir(statement.id, actor=A[0]) >= 1
    db.session.refresh(out)
    assert out.fis_satiri_id is not None and out.eslesme == "otomatik"


def test_an_order_not_sent_is_not_offered(alfa):
    order = _sent_order(sent=False)
    statement = _statement("07.04.2026;-1.017,33;EFT78;ödeme")
    out = next(s for s in banka.satirlar(statement.id) if s.tutar < 0)
    assert banka.odeme_onerileri(out.id) == []
    with pytest.raises(MuhasebeError):
        banka.banka_cikisi(out.id, order.id, actor=A[0], actor_id=A[1])


def test_the_api_and_page(client):
    ids_apart("muh_ekstre_satirlari")
    with services.bound("beta"):
        other = next(s.id for s in banka.satirlar(_statement("07.04.2026;-5,00;X;y").id) if s.tutar < 0)
        db.session.commit()
    with services.bound("alfa"):
        order = _sent_order()
        statement = _statement("07.04.2026;-1.017,33;EFT79;ödeme")
        out = next(s.id for s in banka.satirlar(statement.id) if s.tutar < 0)
        order_id, statement_id = order.id, statement.id
        db.session.commit()
    path = f"/api/v1/muhasebe/banka/satirlar/{out}"
    staff_with(client, "alfa", "muhasebe.goruntule")
    offered = client.get(f"{path}/odeme-emirleri", headers=H)
    assert offered.status_code == 200 and [o["odeme_emri"]["id"] for o in offered.json] == [order_id]
    assert client.post(f"{path}/odeme-emri", headers=H, json={"odeme_emri_id": order_id}).status_code == 403
    assert "odeme_emri_id" in client.get(f"/muhasebe/banka/{statement_id}", headers=H).get_data(as_text=True)
    staff_with(client, "alfa", "muhasebe.goruntule", "muhasebe.fis.hazirla")
    for bad in ({"odeme_emri_id": 2**63}, {"odeme_emri_id": "x\x00"}, {}):
        answer = client.post(f"{path}/odeme-emri", headers=H, json=bad)
        assert answer.status_code == 422 and "odeme_emri_id" in answer.json["errors"], bad
    for missing in (other, 2**63):
        assert client.get(f"/api/v1/muhasebe/banka/satirlar/{missing}/odeme-emirleri", headers=H).status_code == 404
        assert client.post(f"/api/v1/muhasebe/banka/satirlar/{missing}/odeme-emri", headers=H,
                           json={"odeme_emri_id": order_id}).status_code == 404
    made = client.post(f"{path}/odeme-emri", headers=H, json={"odeme_emri_id": order_id})
    assert made.status_code == 201 and made.json["durum"] == "taslak" and len(made.json["satirlar"]) == 2
    assert client.post(f"{path}/odeme-emri", headers=H, json={"odeme_emri_id": order_id}).status_code == 409
    page = client.post(f"/muhasebe/banka/satir/{out}/odeme-emri", headers=H, data={"odeme_emri_id": order_id})
    assert page.status_code == 409
