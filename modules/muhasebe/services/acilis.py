"""The opening of the new year (açılış kaydı): once a year's closing voucher is approved,
one voucher dated 1 January of the next year carries every balance left at 31 December
(the balance-sheet accounts 1xx–5xx and the memorandum accounts still open), per account
and budget codes, prepared by one person and approved by another like any voucher.

The opening repeats balances the earlier lines already hold, so sums since the first
voucher leave it out (``services.acilis_haric``); a mizan or statement starting on 1 January
of the opened year counts it instead of those lines.  A municipality's first opening
(balances brought from its previous system) is an ordinary voucher, not one of these.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ebelediye.extensions import db

from .. import hesap
from ..hesap import Satir
from ..models import Fis, FisSatiri
from . import ACILIS, MuhasebeConflict, MuhasebeError, acilis_haric, fis, yil_kapali

Anahtar = tuple[str, str, str, str, str]


def devreden_bakiyeler(yil: int) -> dict[Anahtar, Decimal]:
    """Debit minus credit per (account, budget codes) of every approved line up to 31.12.``yil``."""
    rows = db.session.execute(
        select(FisSatiri.hesap_kod, FisSatiri.kurumsal, FisSatiri.fonksiyonel, FisSatiri.finansman,
               FisSatiri.ekonomik, func.sum(FisSatiri.borc - FisSatiri.alacak))
        .join(Fis, Fis.id == FisSatiri.fis_id)
        .where(Fis.durum == "onaylandi", Fis.tarih <= date(yil, 12, 31), Fis.id.not_in(acilis_haric()))
        .group_by(FisSatiri.hesap_kod, FisSatiri.kurumsal, FisSatiri.fonksiyonel, FisSatiri.finansman,
                  FisSatiri.ekonomik))
    return {(r[0], r[1], r[2], r[3], r[4]): Decimal(r[5]) for r in rows if r[5] != 0}


def acilis_satirlari(bakiyeler: dict[Anahtar, Decimal]) -> list[Satir]:
    """Each balance on its own side again (pure: a debit balance is a debit line)."""
    lines = []
    for (kod, kurumsal, fonksiyonel, finansman, ekonomik), value in sorted(bakiyeler.items()):
        codes = {"kurumsal": kurumsal, "fonksiyonel": fonksiyonel, "finansman": finansman, "ekonomik": ekonomik}
        lines.append(hesap.borc(kod, value, **codes, aciklama="Açılış"))
    return hesap.sifirsiz(lines)


def canli(yil: int) -> Fis | None:
    """The opening of ``yil`` that counts: a draft or an approved one not reversed."""
    reversed_ids = select(Fis.ters_fis_id).where(Fis.ters_fis_id.is_not(None), Fis.durum != "iptal")
    return db.session.scalar(select(Fis).where(Fis.kaynak == ACILIS.format(yil=yil), Fis.durum != "iptal",
                                               Fis.ters_fis_id.is_(None), Fis.id.not_in(reversed_ids)).limit(1))


def hazirla(yil: int, *, actor: str, actor_id: int | None = None) -> Fis:
    """The draft opening of ``yil`` from the balances the closed year ``yil - 1`` leaves."""
    onceki = yil - 1
    if not yil_kapali(onceki):
        raise MuhasebeError(_l("%(yil)s yılı kapatılmadan %(yeni)s yılının açılış kaydı yapılamaz; önce kapanış "
                               "fişini onaylatın.", yil=onceki, yeni=yil), {"yil": [_l("Önceki yıl kapatılmamış.")]})
    if canli(yil) is not None:
        raise MuhasebeConflict(_l("%(yil)s yılının açılış kaydı zaten hazırlanmış.", yil=yil))
    lines = acilis_satirlari(devreden_bakiyeler(onceki))
    if not lines:
        raise MuhasebeError(_l("%(yil)s yılından devreden bakiye yok.", yil=onceki))
    return fis.hazirla(date(yil, 1, 1), lines, actor=actor, actor_id=actor_id, kaynak=ACILIS.format(yil=yil),
                       aciklama=f"{yil} yılı açılış kaydı ({onceki} yılından devir)")
