"""Automatic postings of other modules' events (RULES §6.2), in the sender's transaction.

Revenue (Gelir):

- accrual (``revenue_accrued``): 120 B / 600 A per economic code (item 1);
- collection (``revenue_collected``): 100 kasa / 102 banka / 109 pos B / 120 A, and in the
  same voucher 805 B / 800 A for the applied amount (item 2); money kept as the
  taxpayer's credit is 100/102/109 B / 333 Emanetler A and is not budget revenue [U];
- cancellation (``revenue_cancelled``): the accrual reversed, 600 B / 120 A;
- refund (``revenue_refunded``): of a credit (Gelir's "fazla ödeme"): 333 B / 100-102-109 A;
  of collected budget revenue (a line with an economic code): 810 B / 805 A (item 12, [C2])
  and 600 B / 100-102-109 A (the balance-sheet side is [U], see docs/muhasebe.md);
- a credit applied to debts (``credit_applied``, Gelir's mahsup): a collection whose cash
  account is 333 Emanetler, 333 B / 120 A and 805 B / 800 A; its reversal
  (``credit_application_reversed``) the same voucher reversed.  Channel ``emanet`` maps to 333,
  so the back-posting job's sums of mahsup receipts post the same lines.

Payroll (İK, ``PayrollEvent``, item 11): costs 630 B, 830 B / 835 A, 905 B / 900 A (the
905 line is checked against its budget line's appropriation); what they are owed as:
net 320, taxes 360, SGK 361, other deductions 333, advances settled 161 (A).  Paying the
net: 320 B / 103 (gönderme emri) or 102 A.
"""

from __future__ import annotations

from decimal import Decimal

from ebelediye import events

from .. import hesap
from ..hesap import Satir
from . import butce, fis, hesaplar

#: the account a channel's money sits in; "emanet" is a taxpayer's credit applied (mahsup): no cash
KANAL_HESAP = {"kasa": "100", "banka": "102", "pos": "109", "emanet": "333"}
#: the fiş of a credit refunded: Gelir's kinds of refund that pay back a credit, not revenue
KREDI_IADESI = ("fazla_odeme", "online_fazla_cekim")

PAYROLL_CREDIT_ACCOUNT = {
    "net": "320", "gelir_vergisi": "360", "damga_vergisi": "360", "sgk_isci": "361", "issizlik_isci": "361",
    "sgk_isveren": "361", "issizlik_isveren": "361", "sendika": "333", "icra": "333", "diger_kesinti": "333",
    "avans": "161",
}


def _kanal(channel: str | None) -> str:
    return KANAL_HESAP.get(channel or "", "100")


def _nakit_hesabi(event: events.RevenueEvent) -> str:
    """The cash account of a collection: the channel's (100/102/109), or the sub-account the
    sender names under it (a contracted bank's ``102.03``) when the chart has it open."""
    main = _kanal(event.channel)
    named = str(event.extras.get("cash_account") or "")
    if named.startswith(main + ".") and hesaplar.acik_mi(named):
        return named
    return main


def _kaynak(event, kind: str) -> str:
    return f"{event.module}:{event.reference}:{kind}"[:200]


def _actor(event) -> str:
    return f"otomatik:{event.module}" + (f" ({event.actor})" if event.actor else "")


def tahakkuk(event: events.RevenueEvent) -> None:
    lines: list[Satir] = []
    for line in event.lines:
        lines += [hesap.borc("120", line.amount, ekonomik=line.economic_code, finansman=butce.FINANSMAN),
                  hesap.alacak("600", line.amount, ekonomik=line.economic_code, finansman=butce.FINANSMAN)]
    fis.otomatik(_kaynak(event, "tahakkuk"), event.on, lines, actor=_actor(event),
                 aciklama=f"Tahakkuk ({event.module} {event.reference})")


def tahsilat(event: events.RevenueEvent, kind: str = "tahsilat", aciklama: str = "Tahsilat") -> None:
    cash = _nakit_hesabi(event)
    lines: list[Satir] = []
    for line in event.lines:
        codes = {"ekonomik": line.economic_code, "finansman": butce.FINANSMAN}
        lines += [hesap.borc(cash, line.amount, **codes), hesap.alacak("120", line.amount, **codes)]
    for line in event.lines:
        codes = {"ekonomik": line.economic_code, "finansman": butce.FINANSMAN}
        lines += [hesap.borc("805", line.amount, **codes), hesap.alacak("800", line.amount, **codes)]
    credit = Decimal(str(event.extras.get("credit") or 0))
    if credit > 0:
        lines += [hesap.borc(cash, credit), hesap.alacak("333", credit, aciklama="Mükellef alacağı (fazla ödeme)")]
    fis.otomatik(_kaynak(event, kind), event.on, lines, actor=_actor(event),
                 aciklama=f"{aciklama} ({event.module} {event.reference})")


def tahsilat_iptali(event: events.RevenueEvent, kind: str = "tahsilat_iptali",
                    aciklama: str = "Tahsilat iptali") -> None:
    """A receipt reversed on its day: the collection's voucher reversed (credit aside: a
    reversed receipt applied everything it took)."""
    cash = _nakit_hesabi(event)
    lines: list[Satir] = []
    for line in event.lines:
        codes = {"ekonomik": line.economic_code, "finansman": butce.FINANSMAN}
        lines += [hesap.borc("120", line.amount, **codes), hesap.alacak(cash, line.amount, **codes),
                  hesap.borc("800", line.amount, **codes), hesap.alacak("805", line.amount, **codes)]
    fis.otomatik(_kaynak(event, kind), event.on, lines, actor=_actor(event),
                 aciklama=f"{aciklama} ({event.module} {event.reference})")


def mahsup(event: events.RevenueEvent) -> None:
    """A taxpayer's credit applied to his debts: 333 B / 120 A and 805 B / 800 A (the channel
    ``emanet`` is the 333 account; no money moved, the revenue is collected now)."""
    tahsilat(event, "mahsup", "Mahsup")


def mahsup_iptali(event: events.RevenueEvent) -> None:
    """A mahsup reversed: 120 B / 333 A and 800 B / 805 A."""
    tahsilat_iptali(event, "mahsup_iptali", "Mahsup iptali")


def iptal(event: events.RevenueEvent) -> None:
    lines: list[Satir] = []
    for line in event.lines:
        lines += [hesap.borc("600", line.amount, ekonomik=line.economic_code, finansman=butce.FINANSMAN),
                  hesap.alacak("120", line.amount, ekonomik=line.economic_code, finansman=butce.FINANSMAN)]
    fis.otomatik(_kaynak(event, "iptal"), event.on, lines, actor=_actor(event),
                 aciklama=f"Tahakkuk iptali ({event.module} {event.reference})")


def iade(event: events.RevenueEvent) -> None:
    cash = _kanal(event.channel)
    lines: list[Satir] = []
    for line in event.lines:
        if not line.economic_code or event.extras.get("kaynak") in KREDI_IADESI:
            lines += [hesap.borc("333", line.amount), hesap.alacak(cash, line.amount)]
        else:
            codes = {"ekonomik": line.economic_code, "finansman": butce.FINANSMAN}
            lines += [hesap.borc("600", line.amount, **codes), hesap.alacak(cash, line.amount, **codes),
                      hesap.borc("810", line.amount, **codes), hesap.alacak("805", line.amount, **codes)]
    fis.otomatik(_kaynak(event, "iade"), event.on, lines, actor=_actor(event),
                 aciklama=f"Ret ve iade ({event.module} {event.reference})")


def bordro_tahakkuk(event: events.PayrollEvent) -> None:
    fis.otomatik(_kaynak(event, "bordro"), event.on, bordro_satirlari(event), actor=_actor(event), tur="oeb",
                 aciklama=f"Bordro {event.period} ({event.module} {event.reference}, {event.headcount} kişi)")


def bordro_satirlari(event: events.PayrollEvent) -> list[Satir]:
    """The ÖEB lines of a payroll's accrual (also read by the back-posting's budget check)."""
    if not event.balanced:
        from flask_babel import lazy_gettext as _l

        from . import MuhasebeError

        raise MuhasebeError(_l("Bordro dengeli değil: giderler kesintilere ve net ödemeye eşit olmalı."))
    lines: list[Satir] = []
    for line in event.lines:
        codes = {"kurumsal": line.institutional_code, "fonksiyonel": line.functional_code,
                 "finansman": butce.FINANSMAN, "ekonomik": line.economic_code}
        if line.kind in events.PAYROLL_COSTS:
            budget = {**codes, "ekonomik": hesap.ekonomik_kalem(line.economic_code)}
            lines += [hesap.borc("630", line.amount, **codes),
                      hesap.borc("830", line.amount, **codes), hesap.alacak("835", line.amount, **codes),
                      hesap.borc("905", line.amount, **budget), hesap.alacak("900", line.amount, **budget)]
        else:
            lines.append(hesap.alacak(PAYROLL_CREDIT_ACCOUNT.get(line.kind, "333"), line.amount, **codes))
    return lines


def bordro_odeme(event: events.PayrollEvent) -> None:
    paid_from = "103" if event.channel == "gonderme_emri" else "102"
    lines: list[Satir] = []
    for line in event.lines:
        if line.kind == "net":
            codes = {"kurumsal": line.institutional_code, "fonksiyonel": line.functional_code,
                     "finansman": butce.FINANSMAN, "ekonomik": line.economic_code}
            lines += [hesap.borc("320", line.amount, **codes), hesap.alacak(paid_from, line.amount, **codes)]
    fis.otomatik(_kaynak(event, "odeme"), event.on, lines, actor=_actor(event),
                 tur="gonderme" if paid_from == "103" else "mif",
                 aciklama=f"Bordro ödemesi {event.period} ({event.module} {event.reference})")
