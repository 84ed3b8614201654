"""POS callbacks: the signature is checked in constant time, and merchant, order and amount
must match what the municipality asked for."""

from decimal import Decimal

import pytest

from ebelediye.connectors import InvalidInput, PaymentVerificationError
from ebelediye.connectors import signing as sig
from ebelediye.connectors.mock.bank import CALLBACK_FIELDS, merchant_key, threeds_result
from tests.connectors.conftest import tenant

RETURN = "https://alfa.ebelediye.test/odeme/donus"


def started(make_client, order="EV-100", amount=Decimal("99.90")):
    pos = make_client("inprocess", "pos")
    start = pos.start_payment(order, amount, RETURN)
    token = start.yonlendirme_url.rsplit("/pos/3d/", 1)[1]
    _, fields = threeds_result(make_client.agencies, token, "4111111111111111", "123456")
    return pos, start, fields


def test_a_genuine_callback_verifies(make_client):
    with tenant("alfa"):
        pos, start, fields = started(make_client)
        callback = pos.verify_callback(fields, siparis_no="EV-100", tutar=Decimal("99.90"))
    assert callback.authenticated and callback.odeme_no == start.odeme_no and callback.tutar == Decimal("99.90")


def test_forged_signature_is_rejected(make_client, settings):
    with tenant("alfa"):
        pos, _, fields = started(make_client)
        forged = dict(fields, hash=sig.fields_signature(merchant_key("not-the-bank", "alfa"), fields, CALLBACK_FIELDS))
        with pytest.raises(PaymentVerificationError) as caught:
            pos.verify_callback(forged, siparis_no="EV-100", tutar=Decimal("99.90"))
        assert caught.value.reason == "signature" and "ödeme alınmış sayılmadı" in caught.value.message_tr
        tampered = dict(fields, tutar="0.01")  # a cheaper amount under the genuine hash
        with pytest.raises(PaymentVerificationError) as caught:
            pos.verify_callback(tampered, siparis_no="EV-100", tutar=Decimal("0.01"))
        assert caught.value.reason == "signature"
        for broken in ({k: v for k, v in fields.items() if k != "hash"}, dict(fields, hash=None), "hash=1"):
            with pytest.raises(PaymentVerificationError):
                pos.verify_callback(broken, siparis_no="EV-100", tutar=Decimal("99.90"))


def test_amount_and_order_must_match(make_client):
    with tenant("alfa"):
        pos, _, fields = started(make_client)
        with pytest.raises(PaymentVerificationError) as caught:
            pos.verify_callback(fields, siparis_no="EV-100", tutar=Decimal("999.00"))
        assert caught.value.reason == "amount" and "aynı değil" in caught.value.message_tr
        with pytest.raises(PaymentVerificationError) as caught:
            pos.verify_callback(fields, siparis_no="EV-101", tutar=Decimal("99.90"))
        assert caught.value.reason == "order"


def test_another_municipalitys_callback_is_rejected(make_client):
    with tenant("alfa"):
        _, _, fields = started(make_client)
    with tenant("beta"):
        with pytest.raises(PaymentVerificationError) as caught:
            make_client("inprocess", "pos").verify_callback(fields, siparis_no="EV-100", tutar=Decimal("99.90"))
        assert caught.value.reason == "signature"  # beta's key does not verify alfa's callback


def test_the_bank_refuses_an_md_of_another_payment(make_client):
    with tenant("alfa"):
        pos, first, fields = started(make_client, "EV-A", Decimal("10.00"))
        _, second, _ = started(make_client, "EV-B", Decimal("10.00"))
        callback = pos.verify_callback(fields, siparis_no="EV-A", tutar=Decimal("10.00"))
        from dataclasses import replace

        from ebelediye.connectors import Rejected

        with pytest.raises(Rejected):
            pos.complete(replace(callback, odeme_no=second.odeme_no))
        assert pos.complete(callback).durum == "onaylandi"
        assert pos.complete(callback).onay_kodu == pos.status(first.odeme_no).onay_kodu  # completing twice: same


def test_money_is_decimal(make_client):
    with tenant("alfa"):
        pos = make_client("inprocess", "pos")
        for bad in (99.9, Decimal("-5"), Decimal("1.001")):
            with pytest.raises(InvalidInput):
                pos.start_payment("EV-F", bad, RETURN)
        with pytest.raises(InvalidInput):
            pos.start_payment("EV F/1", Decimal("1"), RETURN)


def test_installments_go_to_the_bank_and_a_debit_card_refuses_them(make_client):
    with tenant("alfa"):
        pos = make_client("inprocess", "pos")
        start = pos.start_payment("EV-TK1", Decimal("600.00"), RETURN, taksit=3)
        token = start.yonlendirme_url.rsplit("/pos/3d/", 1)[1]
        _, fields = threeds_result(make_client.agencies, token, "4111111111111111", "123456")
        assert fields["taksit"] == "3"  # signed with the rest: a changed count fails the signature
        status = pos.confirm_callback(fields, siparis_no="EV-TK1", tutar=Decimal("600.00"))
        assert status.paid and status.taksit == 3 and status.tutar == Decimal("600.00")
        with pytest.raises(PaymentVerificationError):
            pos.verify_callback(dict(fields, taksit="1"), siparis_no="EV-TK1", tutar=Decimal("600.00"))

        debit = pos.start_payment("EV-TK2", Decimal("600.00"), RETURN, taksit=6)
        token = debit.yonlendirme_url.rsplit("/pos/3d/", 1)[1]
        _, fields = threeds_result(make_client.agencies, token, "9792000000000011", "123456")
        refused = pos.confirm_callback(fields, siparis_no="EV-TK2", tutar=Decimal("600.00"))
        assert not refused.paid and refused.red_nedeni == "taksit_desteklenmiyor"

        one = pos.start_payment("EV-TK3", Decimal("600.00"), RETURN)  # the same debit card in one payment
        token = one.yonlendirme_url.rsplit("/pos/3d/", 1)[1]
        _, fields = threeds_result(make_client.agencies, token, "9792000000000011", "123456")
        assert pos.confirm_callback(fields, siparis_no="EV-TK3", tutar=Decimal("600.00")).taksit == 1


@pytest.mark.parametrize("taksit", [0, 13, -1, True, "3", 2.0])
def test_an_installment_count_outside_1_to_12_is_refused_before_the_bank(make_client, taksit):
    with tenant("alfa"):
        pos = make_client("inprocess", "pos")
        with pytest.raises(InvalidInput) as caught:
            pos.start_payment("EV-TK9", Decimal("10.00"), RETURN, taksit=taksit)
        assert caught.value.field == "taksit"
