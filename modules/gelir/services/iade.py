"""Refunds of a taxpayer's credit (ret ve iade), prepared by one user and approved by another.

A refund request holds the credit at once (``borc.alacak_bakiyesi`` subtracts every refund
that is not rejected), so two requests can never pay the same credit twice; a rejection
releases it.  Approval is maker/checker: whoever prepared the refund may not approve it.
Card refunds go back to the card of an online payment through the bank's virtual POS.
Nothing is edited after the decision and nothing is ever deleted.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError

from ebelediye import audit, connectors, events
from ebelediye.connectors import ConnectorError
from ebelediye.extensions import db
from ebelediye.rbac import PermissionDenied, SodRule, check_maker_checker

from ..models import Iade, Mukellef, OnlineOdeme, Tahsilat
from . import GelirError, borc, para, tahsilat

ODEME_SEKILLERI = ("nakit", "havale", "kart")
#: the accounting channel the money leaves through: 100 Kasa, 102 Banka, 109 (card, via the bank)
HESAP_KANALI = {"nakit": "kasa", "havale": "banka", "kart": "pos"}
SOD = SodRule("gelir.iade.talep", "gelir.iade.onayla",
              "İadeyi hazırlayan kişi aynı iadeyi onaylayamaz ya da reddedemez (görevler ayrılığı).")


def iban_dogrula(value: object) -> str:
    """A Turkish IBAN, compacted, or a field error."""
    text = stdnum_iban.compact(str(value or ""))
    if not text:
        raise GelirError(_l("IBAN gerekli."), {"iban": [_l("Havale ile iade için IBAN girin.")]})
    if not text.startswith("TR"):
        raise GelirError(_l("IBAN geçersiz."), {"iban": [_l("Türkiye'deki bir hesabın IBAN'ını girin (TR ile başlar).")]})
    try:
        return stdnum_iban.validate(text)
    except ValidationError:
        raise GelirError(_l("IBAN geçersiz."), {"iban": [_l("IBAN geçerli değil (uzunluk ya da kontrol haneleri tutmuyor).")]}) \
            from None


def _kart_odemesi(mukellef_id: int, tahsilat_id: object) -> tuple[Tahsilat, OnlineOdeme]:
    try:
        receipt_id = int(str(tahsilat_id))
    except (TypeError, ValueError):
        raise GelirError(_l("Karta iade için online ödemeyi seçin."),
                         {"tahsilat_id": [_l("Kartına iade edilecek online ödemeyi seçin.")]}) from None
    receipt = db.session.get(Tahsilat, receipt_id)
    if receipt is None or receipt.mukellef_id != mukellef_id or receipt.online_odeme_id is None:
        raise GelirError(_l("Karta iade yalnız mükellefin online (kartla) ödemesine yapılabilir."),
                         {"tahsilat_id": [_l("Bu mükellefin online ödemesi değil.")]})
    payment = db.session.get(OnlineOdeme, receipt.online_odeme_id)
    if payment is None or not payment.odeme_no:
        raise GelirError(_l("Online ödemenin banka kaydı bulunamadı."), {"tahsilat_id": [_l("Banka ödeme numarası yok.")]})
    return receipt, payment


def kart_iade_kalani(tahsilat_id: int, tutar: Decimal) -> Decimal:
    """What may still go back to the card of a payment of ``tutar``."""
    used = db.session.scalar(select(func.coalesce(func.sum(Iade.tutar), 0)).where(
        Iade.tahsilat_id == tahsilat_id, Iade.odeme_sekli == "kart", Iade.durum != "reddedildi"))
    return tutar - (used or 0)


def talep(
    mukellef_id: int, tutar: object, gerekce: str, odeme_sekli: str, *, actor: str, actor_id: int | None,
    iban: str = "", tahsilat_id: object = None,
) -> Iade:
    """Prepare a refund of the taxpayer's credit; it waits for another user's approval."""
    amount = para(tutar)
    gerekce = (gerekce or "").strip()
    errors: dict[str, list[str]] = {}
    if not gerekce:
        errors["gerekce"] = ["İade gerekçesini yazın."]
    elif len(gerekce) > 500:
        errors["gerekce"] = ["Gerekçe en çok 500 karakter olabilir."]
    if odeme_sekli not in ODEME_SEKILLERI:
        errors["odeme_sekli"] = ["Nakit, havale ya da kart seçin."]
    if errors:
        raise GelirError(_l("İade talebi eksik ya da hatalı."), errors)
    tahsilat.kilitle(mukellef_id)  # serialises with payments and other refunds of the taxpayer
    account = iban_dogrula(iban) if odeme_sekli == "havale" else ""
    receipt_id = None
    if odeme_sekli == "kart":
        receipt, _payment = _kart_odemesi(mukellef_id, tahsilat_id)
        left = kart_iade_kalani(receipt.id, receipt.tutar)
        if amount > left:
            raise GelirError(_l("Karta iade, ödemenin iade edilmemiş kısmını aşamaz."),
                             {"tutar": [_l("Bu ödemeden karta en çok %(tutar)s TL iade edilebilir.", tutar=left)]})
        receipt_id = receipt.id
    credit = borc.alacak_bakiyesi(mukellef_id)
    if amount > credit:
        raise GelirError(_l("İade tutarı mükellefin alacağını aşıyor."),
                         {"tutar": [_l("Mükellefin iade edilebilir alacağı %(tutar)s TL.", tutar=credit)]})
    row = Iade(mukellef_id=mukellef_id, tahsilat_id=receipt_id, tutar=amount, gerekce=gerekce, durum="bekliyor",
               odeme_sekli=odeme_sekli, iban=account, talep_eden_id=actor_id, talep_eden=actor)
    db.session.add(row)
    db.session.flush()
    borc.degisti(mukellef_id)
    audit.record("gelir.iade.talep", actor=actor, realm="staff", object_type="iade", object_id=row.id,
                 after={"mukellef_id": mukellef_id, "tutar": str(amount), "odeme_sekli": odeme_sekli,
                        "iban": account, "tahsilat_id": receipt_id, "gerekce": gerekce,
                        "alacak_once": str(credit)})
    return row


def _karar_oncesi(iade_id: int, actor_id: int) -> Iade:
    row = db.session.scalar(select(Iade).where(Iade.id == iade_id).with_for_update())
    if row is None:
        raise GelirError(_l("İade talebi bulunamadı."), status=404)
    if row.durum != "bekliyor":
        raise GelirError(_l("Bu iade talebi zaten karara bağlandı."), {"durum": [_l("Durum: %(durum)s.", durum=row.durum)]}, status=409)
    try:
        check_maker_checker(SOD, row.talep_eden_id, actor_id)
    except PermissionDenied as exc:
        raise GelirError(str(exc), {"onaylayan": [SOD.message_tr]}) from None
    return row


def onayla(iade_id: int, gun: date, *, actor: str, actor_id: int) -> Iade:
    """Approve a pending refund: a card refund is sent to the bank first; emits ``revenue_refunded`` once."""
    row = _karar_oncesi(iade_id, actor_id)
    if row.odeme_sekli == "kart":
        receipt, payment = _kart_odemesi(row.mukellef_id, row.tahsilat_id)
        try:
            assert payment.odeme_no, "a completed card payment has the bank's number"
            answer = connectors.get("pos").refund(payment.odeme_no, row.tutar)
        except ConnectorError as exc:
            raise GelirError(_l("Banka iadeyi yapmadı: %(neden)s", neden=exc.message_tr), {"banka": [exc.message_tr]}, status=502) \
                from None
        row.banka_iade_no = answer.iade_no
        if answer.iade_tutari >= payment.tutar:
            payment.durum = "iade_edildi"
    row.durum = "onaylandi"
    borc.degisti(row.mukellef_id)
    row.onaylayan = actor
    row.karar_at = datetime.now(UTC)
    db.session.flush()
    mukellef = db.session.get(Mukellef, row.mukellef_id)
    events.revenue_refunded.send("gelir", event=events.RevenueEvent(
        module="gelir", reference=f"iade:{row.id}", on=gun, channel=HESAP_KANALI[row.odeme_sekli], actor=actor,
        lines=(events.RevenueLine("alacak_iadesi", "", row.tutar, gun.year),),
        extras={"mukellef_id": row.mukellef_id, "kimlik_no": mukellef.kimlik_no if mukellef else "",
                "odeme_sekli": row.odeme_sekli, "iban": row.iban, "banka_iade_no": row.banka_iade_no,
                "kaynak": "fazla_odeme"}))
    audit.record("gelir.iade.onayla", actor=actor, realm="staff", object_type="iade", object_id=row.id,
                 before={"durum": "bekliyor"},
                 after={"durum": "onaylandi", "tutar": str(row.tutar), "odeme_sekli": row.odeme_sekli,
                        "banka_iade_no": row.banka_iade_no})
    return row


def reddet(iade_id: int, *, actor: str, actor_id: int, gerekce: str = "") -> Iade:
    """Reject a pending refund: the credit it held is free again."""
    row = _karar_oncesi(iade_id, actor_id)
    row.durum = "reddedildi"
    borc.degisti(row.mukellef_id)
    row.onaylayan = actor
    row.karar_at = datetime.now(UTC)
    db.session.flush()
    audit.record("gelir.iade.reddet", actor=actor, realm="staff", object_type="iade", object_id=row.id,
                 before={"durum": "bekliyor"}, after={"durum": "reddedildi", "gerekce": (gerekce or "").strip()[:500]})
    return row


def iade(iade_id: int) -> Iade:
    row = db.session.get(Iade, iade_id)
    if row is None:
        raise GelirError(_l("İade talebi bulunamadı."), status=404)
    return row


def iade_sorgusu(*, durum: str | None = None, mukellef_id: int | None = None) -> Select:
    query = select(Iade)
    if durum:
        query = query.where(Iade.durum == durum)
    if mukellef_id is not None:
        query = query.where(Iade.mukellef_id == mukellef_id)
    return query.order_by(Iade.id.desc())


def online_odemeler(mukellef_id: int) -> list[Tahsilat]:
    """The taxpayer's online (card) payments, newest first, for a card refund."""
    return list(db.session.scalars(select(Tahsilat).where(Tahsilat.mukellef_id == mukellef_id,
                                                          Tahsilat.online_odeme_id.is_not(None))
                                   .order_by(Tahsilat.id.desc()).limit(50)))
