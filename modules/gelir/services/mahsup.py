"""Mahsup: a taxpayer's credit applied to his open debts.

A credit is money received and not applied (an overpayment kept, ``borc.alacak_bakiyesi``).
A mahsup applies it as a payment would, on the day: oldest debt first, late fees run up to
that day accrued and paid before principal, a tecil installment whole or not at all.  It is
one receipt-like record: a ``Tahsilat`` of channel ``mahsup`` whose applications pay the
debts.  Its own amount is not new money, so the credit counts only receipts of other
channels (``borc.alacak_bakiyesi``): the applications reduce it.  It is reversed by a
negative receipt naming it, with every application negated (the debts open again, the
credit back); late fees it accrued stay accrued, as for a reversed receipt.

Accounting receives ``credit_applied`` / ``credit_application_reversed`` (333 B / 120 A),
not ``revenue_collected``: no cash moved.  6183 m.103 counts a mahsup as an interrupting
act; ``services.zamanasimi`` reads it as a payment.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ebelediye import audit, events
from ebelediye.extensions import db

from .. import hesap, parametre
from ..models import GelirTuru, Tahsilat, TahsilatDagilimi, TecilTaksiti
from . import GelirError, borc, para, tahsilat

KANAL = "mahsup"
#: the account the credit is kept in, as the events name it (333 Emanetler)
HESAP = "emanet"


def onizle(mukellef_id: int, gun, tutar: object = None) -> tuple[Decimal, hesap.Dagitim, list[borc.Borc]]:
    """What a mahsup would apply today: the credit, the application plan, the debts."""
    credit = borc.alacak_bakiyesi(mukellef_id)
    debts = borc.acik_borclar(mukellef_id, gun)
    amount = credit if tutar in (None, "") else para(tutar)
    if credit <= 0:
        raise GelirError(_l("Mükellefin mahsup edilecek alacağı yok."), {"tutar": [_l("Alacak bakiyesi sıfır.")]})
    if amount > credit:
        raise GelirError(_l("Mahsup tutarı mükellefin alacağını aşıyor."),
                         {"tutar": [_l("Mükellefin alacağı %(tutar)s TL.", tutar=hesap.tl(credit))]})
    if not debts:
        raise GelirError(_l("Mükellefin açık borcu yok; mahsup edilecek bir şey yok."), status=409)
    plan = hesap.dagit(amount, [d.kalem() for d in debts])
    if plan.uygulanan <= 0:
        raise GelirError(_l("Alacak hiçbir borcu karşılamıyor (tecil taksiti yalnız tamamı ödenebilir)."),
                         {"tutar": [_l("Alacak en eski borca yetmiyor.")]}, status=409)
    return credit, plan, debts


def mahsup_et(mukellef_id: int, gun, *, actor: str, tutar: object = None) -> Tahsilat:
    """Apply the taxpayer's credit (or ``tutar`` of it) to his debts; the mahsup receipt."""
    tahsilat.kilitle(mukellef_id)
    credit, plan, debts = onizle(mukellef_id, gun, tutar)
    by_id = {d.tahakkuk_id: d for d in debts}
    applied_total = plan.uygulanan
    borc.degisti(mukellef_id)
    receipt = Tahsilat(makbuz_no=tahsilat.makbuz_no(gun, parametre.ayarlar().makbuz_on_eki),
                       dogrulama_kodu=secrets.token_urlsafe(18), mukellef_id=mukellef_id, kanal=KANAL,
                       tutar=applied_total, tarih=gun, alan=actor)
    db.session.add(receipt)
    db.session.flush()
    kinds, applied, accrued = tahsilat.yaz(receipt, plan, by_id, mukellef_id, gun, actor)
    if accrued:
        events.revenue_accrued.send("gelir", event=events.RevenueEvent(
            module="gelir", reference=f"mahsup:{receipt.makbuz_no}", on=gun, lines=tuple(accrued), actor=actor))
    events.credit_applied.send("gelir", event=events.RevenueEvent(
        module="gelir", reference=f"mahsup:{receipt.makbuz_no}", on=gun, channel=HESAP, actor=actor,
        lines=tuple(events.RevenueLine(code, kinds[code].ekonomik_kod, value, gun.year)
                    for code, value in applied.items() if value > 0),
        extras={"receipt": receipt.makbuz_no}))
    audit.record("gelir.mahsup.olustur", actor=actor, realm="staff", object_type="tahsilat", object_id=receipt.id,
                 after={"makbuz_no": receipt.makbuz_no, "mukellef_id": mukellef_id, "tutar": str(applied_total),
                        "alacak_once": str(credit), "alacak_sonra": str(credit - applied_total),
                        "yeni_gecikme_zammi": {str(k): str(v) for k, v in plan.yeni_gecikme.items()}})
    return receipt


def ters_kayit(tahsilat_id: int, gun, *, actor: str) -> Tahsilat:
    """Reverse a mahsup (any day: no money moved): a negative receipt naming it, its
    applications negated, the credit back.  A mahsup that paid a tecil installment is
    not reversed here (the plan would have to reopen the installment)."""
    original = db.session.scalar(select(Tahsilat).where(Tahsilat.id == tahsilat_id))
    if original is None or original.kanal != KANAL or original.iptal_edilen_id is not None:
        raise GelirError(_l("Mahsup bulunamadı."), status=404)
    tahsilat.kilitle(original.mukellef_id)
    if db.session.scalar(select(Tahsilat.id).where(Tahsilat.iptal_edilen_id == original.id)) is not None:
        raise GelirError(_l("Bu mahsup zaten ters kayıtla geri alındı."), status=409)
    if db.session.scalar(select(TecilTaksiti.id).where(TecilTaksiti.tahsilat_id == original.id)) is not None:
        raise GelirError(_l("Bu mahsup bir tecil taksitini ödedi; geri alınamaz."), status=409)
    parts = db.session.scalars(select(TahsilatDagilimi).where(TahsilatDagilimi.tahsilat_id == original.id)).all()
    borc.degisti(original.mukellef_id)
    reversal = Tahsilat(makbuz_no=f"{original.makbuz_no}-IPTAL"[:30], dogrulama_kodu=secrets.token_urlsafe(18),
                        mukellef_id=original.mukellef_id, kanal=KANAL, tutar=-original.tutar, tarih=gun, alan=actor,
                        iptal_edilen_id=original.id)
    db.session.add(reversal)
    db.session.flush()
    kinds = {k.kod: k for k in db.session.scalars(select(GelirTuru))}
    lines: dict[str, Decimal] = defaultdict(Decimal)
    for part in parts:
        db.session.add(TahsilatDagilimi(tahsilat_id=reversal.id, tahakkuk_id=part.tahakkuk_id, tutar=-part.tutar))
        lines[part.tahakkuk.gelir_kodu] += part.tutar
    db.session.flush()
    events.credit_application_reversed.send("gelir", event=events.RevenueEvent(
        module="gelir", reference=f"mahsup:{original.makbuz_no}", on=gun, channel=HESAP, actor=actor,
        lines=tuple(events.RevenueLine(code, kinds[code].ekonomik_kod, value, gun.year) for code, value in lines.items()),
        extras={"receipt": reversal.makbuz_no}))
    audit.record("gelir.mahsup.iptal", actor=actor, realm="staff", object_type="tahsilat", object_id=original.id,
                 after={"iptal_makbuz_no": reversal.makbuz_no, "tutar": str(original.tutar),
                        "mukellef_id": original.mukellef_id})
    return reversal


def mahsuplar(mukellef_id: int):
    """The taxpayer's mahsup receipts and their reversals, newest first."""
    return select(Tahsilat).where(Tahsilat.mukellef_id == mukellef_id, Tahsilat.kanal == KANAL) \
        .order_by(Tahsilat.id.desc())

