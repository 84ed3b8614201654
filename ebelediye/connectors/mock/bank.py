"""Mock bank virtual POS in the "3D" model Turkish banks use.

1. ``start``: the merchant registers an order and amount; the bank answers with a payment
   number and the URL of its 3-D Secure page (a signed hand-off token in the URL, so the
   page needs no shared state with whoever started the payment).
2. The card holder enters the card and the SMS code on the bank's page
   (``threeds_result``); the browser posts a callback to the merchant with the
   authentication result, signed with the merchant's key (HMAC-SHA256 over fixed fields).
3. The merchant verifies the callback and calls ``complete`` with the opaque ``md``
   token; only then is the card charged (approved or declined).
4. ``status``, ``refund`` and the daily ``settlement`` list.

Test cards: 4111 1111 1111 1111 is approved; 4000 0000 0000 0002 authenticates but is
declined (insufficient funds); 9792 0000 0000 0011 is a debit card (banka kartı), approved
in one payment and declined in installments; SMS code 000000 fails authentication; any
other Luhn-valid number is approved.

Installments (taksit): the merchant sends the count the card holder chose (1 = one
payment, up to 12); the bank decides by the card: a debit card refuses installments
(``red_nedeni`` = "taksit_desteklenmiyor").  The amount is the same either way: the bank
pays the merchant in full and collects from the card holder monthly.
"""

from __future__ import annotations

import time
import uuid
from decimal import Decimal, InvalidOperation

from stdnum import luhn

from .. import signing
from . import MockAgencies, MockError, arg, arg_date, bad_request, not_found

#: the fields of a callback covered by its signature, in signing order
CALLBACK_FIELDS = ("uye_isyeri", "siparis_no", "odeme_no", "tutar", "para_birimi", "taksit", "md_durum", "md",
                   "islem_zamani")
DECLINED_CARD = "4000000000000002"
#: a debit card (banka kartı): no installments
DEBIT_CARDS = ("9792000000000011",)
MAX_INSTALLMENTS = 12
HANDOFF_SECONDS = 15 * 60


def merchant_key(secret: str, merchant: str) -> bytes:
    """The key a merchant (a municipality) and the bank share for callback signatures."""
    return signing.derive_key(secret, f"pos:merchant:{merchant}")


def bank_key(secret: str) -> bytes:
    """The bank's own key for the 3-D Secure hand-off and the ``md`` token; never shared."""
    return signing.derive_key(secret, "pos:bank")


def _money(value: object, name: str = "tutar") -> Decimal:
    if not isinstance(value, str):
        raise bad_request(f"'{name}' metin olarak bir tutar olmalı")
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise bad_request(f"'{name}' bir tutar olmalı") from None
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise MockError(422, "tutar_hatali", "Tutar sıfırdan büyük ve en çok iki ondalık haneli olmalı.",
                        "The amount must be positive with at most two decimals.")
    return amount


def _payment(m: MockAgencies, args: dict) -> dict:
    merchant = arg(args, "uye_isyeri")
    payment = m.payments.get(arg(args, "odeme_no"))
    if payment is None or payment["uye_isyeri"] != merchant:
        raise not_found("Bu numarayla bir ödeme bulunamadı.", "No payment with this number.")
    return payment


def status_view(p: dict) -> dict:
    keys = ("odeme_no", "uye_isyeri", "siparis_no", "tutar", "para_birimi", "durum", "onay_kodu", "red_nedeni",
            "kart_maske", "iade_tutari", "olusturma", "tamamlanma", "taksit")
    return {k: p.get(k) for k in keys}


def pos_start(m: MockAgencies, args: dict) -> dict:
    merchant, order = arg(args, "uye_isyeri"), arg(args, "siparis_no")
    amount = _money(args.get("tutar"))
    currency = args.get("para_birimi", "TRY")
    back = arg(args, "donus_url")
    if currency != "TRY":
        raise MockError(422, "para_birimi", "Yalnızca TRY kabul edilir.", "Only TRY is accepted.")
    installments = str(args.get("taksit", "1"))
    if not installments.isdigit() or not 1 <= int(installments) <= MAX_INSTALLMENTS:
        raise MockError(422, "taksit_hatali", "Taksit sayısı 1 ile 12 arasında olmalı.",
                        "The number of installments must be 1 to 12.")
    if not (back.startswith("http://") or back.startswith("https://")) or len(order) > 64:
        raise bad_request("'donus_url' http(s) adresi, 'siparis_no' en çok 64 karakter olmalı")
    with m.lock:
        if (merchant, order) in m.orders:
            raise MockError(409, "siparis_no_kullanildi", "Bu sipariş numarasıyla daha önce ödeme başlatılmış.",
                            "A payment was already started with this order number.")
        number = "PY" + uuid.uuid4().hex[:14].upper()
        now = m.clock()
        m.payments[number] = {"odeme_no": number, "uye_isyeri": merchant, "siparis_no": order, "tutar": str(amount),
                              "para_birimi": currency, "donus_url": back, "durum": "3d_bekliyor",
                              "onay_kodu": None, "red_nedeni": None, "kart_maske": None, "iade_tutari": "0.00",
                              "olusturma": now.isoformat(timespec="seconds"), "tamamlanma": None, "iadeler": [],
                              "taksit": int(installments)}
        m.orders[(merchant, order)] = number
    token = signing.sign_token(bank_key(m.pos_secret), {
        "p": number, "m": merchant, "o": order, "a": str(amount), "c": currency, "r": back, "t": int(installments),
        "exp": int(time.time()) + HANDOFF_SECONDS})
    return {"odeme_no": number, "durum": "3d_bekliyor", "yonlendirme_url": f"{m.public_url}/pos/3d/{token}"}


def read_handoff(m: MockAgencies, token: str) -> dict:
    """The payment a 3-D Secure page was opened for (raises MockError 404 when forged or stale)."""
    try:
        return signing.read_token(bank_key(m.pos_secret), token)
    except signing.TokenError:
        raise not_found("Ödeme sayfasının süresi dolmuş ya da bağlantı geçersiz.", "Expired or invalid link.") from None


def threeds_result(m: MockAgencies, token: str, card: str, otp: str) -> tuple[str, dict]:
    """What the bank's page posts back to the merchant: (return URL, signed callback fields)."""
    handoff = read_handoff(m, token)
    card = card.replace(" ", "")
    if not luhn.is_valid(card) or not 13 <= len(card) <= 19:
        raise MockError(422, "kart_hatali", "Kart numarası geçersiz.", "Invalid card number.")
    if not (otp.isdigit() and len(otp) == 6):
        raise MockError(422, "sms_hatali", "SMS kodu 6 haneli olmalı.", "The SMS code has 6 digits.")
    authenticated = otp != "000000"
    installments = int(handoff.get("t", 1))
    if card == DECLINED_CARD:
        decision = "red"
    elif installments > 1 and card in DEBIT_CARDS:
        decision = "taksit_yok"
    else:
        decision = "onay"
    masked = f"{card[:6]}******{card[-4:]}"
    with m.lock:
        payment = m.payments.get(handoff["p"])
        if payment is not None and payment["durum"] == "3d_bekliyor":
            payment["durum"] = "3d_dogrulandi" if authenticated else "3d_basarisiz"
            payment["kart_maske"] = masked
    md = signing.sign_token(bank_key(m.pos_secret), {
        "p": handoff["p"], "m": handoff["m"], "a": handoff["a"], "ok": authenticated, "d": decision, "k": masked,
        "exp": int(time.time()) + HANDOFF_SECONDS})
    fields = {"uye_isyeri": handoff["m"], "siparis_no": handoff["o"], "odeme_no": handoff["p"],
              "tutar": handoff["a"], "para_birimi": handoff["c"], "taksit": str(installments),
              "md_durum": "1" if authenticated else "0",
              "md": md, "islem_zamani": m.clock().isoformat(timespec="seconds")}
    fields["hash"] = signing.fields_signature(merchant_key(m.pos_secret, handoff["m"]), fields, CALLBACK_FIELDS)
    return handoff["r"], fields


def pos_complete(m: MockAgencies, args: dict) -> dict:
    """Charge the card after 3-D Secure; repeating it returns the first answer."""
    try:
        md = signing.read_token(bank_key(m.pos_secret), arg(args, "md"))
    except signing.TokenError:
        raise MockError(422, "md_gecersiz", "3-D Secure doğrulama verisi geçersiz ya da süresi dolmuş.",
                        "The 3-D Secure data is invalid or expired.") from None
    with m.lock:
        payment = _payment(m, args)
        if md.get("p") != payment["odeme_no"] or md.get("m") != payment["uye_isyeri"] or md.get("a") != payment["tutar"]:
            raise MockError(422, "md_uyusmuyor", "3-D Secure verisi bu ödemeye ait değil.",
                            "The 3-D Secure data belongs to another payment.")
        if payment["durum"] in ("3d_bekliyor", "3d_dogrulandi", "3d_basarisiz"):
            payment["kart_maske"] = md.get("k")
            payment["tamamlanma"] = m.clock().isoformat(timespec="seconds")
            if not md.get("ok"):
                payment["durum"], payment["red_nedeni"] = "reddedildi", "3d_dogrulanamadi"
            elif md.get("d") == "taksit_yok":
                payment["durum"], payment["red_nedeni"] = "reddedildi", "taksit_desteklenmiyor"
            elif md.get("d") != "onay":
                payment["durum"], payment["red_nedeni"] = "reddedildi", "yetersiz_bakiye"
            else:
                payment["durum"] = "onaylandi"
                payment["onay_kodu"] = f"{int(uuid.uuid4().hex[:8], 16) % 1_000_000:06d}"
        return status_view(payment)


def pos_status(m: MockAgencies, args: dict) -> dict:
    with m.lock:
        return status_view(_payment(m, args))


def pos_refund(m: MockAgencies, args: dict) -> dict:
    amount = _money(args.get("tutar"))
    with m.lock:
        payment = _payment(m, args)
        if payment["durum"] not in ("onaylandi", "kismi_iade"):
            raise MockError(422, "iade_edilemez", "Yalnızca onaylanmış bir ödeme iade edilebilir.",
                            "Only an approved payment can be refunded.")
        refunded = Decimal(payment["iade_tutari"])
        if refunded + amount > Decimal(payment["tutar"]):
            raise MockError(422, "iade_tutari_asildi", "İade tutarı ödemenin kalan tutarını aşıyor.",
                            "The refund exceeds what is left of the payment.")
        refunded += amount
        number = "IA" + uuid.uuid4().hex[:14].upper()
        when = m.clock().isoformat(timespec="seconds")
        payment["iadeler"].append({"iade_no": number, "tutar": str(amount), "zaman": when})
        payment["iade_tutari"] = str(refunded)
        payment["durum"] = "iade_edildi" if refunded == Decimal(payment["tutar"]) else "kismi_iade"
        return {"iade_no": number, "odeme_no": payment["odeme_no"], "tutar": str(amount),
                "iade_tutari": payment["iade_tutari"], "durum": payment["durum"], "zaman": when}


def pos_settlement(m: MockAgencies, args: dict) -> dict:
    merchant = arg(args, "uye_isyeri")
    day = arg_date(args, "tarih")
    lines = []
    with m.lock:
        for p in m.payments.values():
            if p["uye_isyeri"] != merchant:
                continue
            if p["durum"] in ("onaylandi", "kismi_iade", "iade_edildi") and p["tamamlanma"][:10] == day.isoformat():
                lines.append({"tur": "satis", "odeme_no": p["odeme_no"], "siparis_no": p["siparis_no"],
                              "tutar": p["tutar"], "zaman": p["tamamlanma"]})
            for r in p["iadeler"]:
                if r["zaman"][:10] == day.isoformat():
                    lines.append({"tur": "iade", "odeme_no": p["odeme_no"], "siparis_no": p["siparis_no"],
                                  "tutar": r["tutar"], "zaman": r["zaman"], "iade_no": r["iade_no"]})
    lines.sort(key=lambda line: line["zaman"])
    sales = sum((Decimal(x["tutar"]) for x in lines if x["tur"] == "satis"), Decimal("0.00"))
    refunds = sum((Decimal(x["tutar"]) for x in lines if x["tur"] == "iade"), Decimal("0.00"))
    return {"uye_isyeri": merchant, "tarih": day.isoformat(), "satirlar": lines,
            "toplam_satis": str(sales), "toplam_iade": str(refunds), "net": str(sales - refunds)}


POS = {"start": pos_start, "complete": pos_complete, "status": pos_status, "refund": pos_refund,
       "settlement": pos_settlement}
