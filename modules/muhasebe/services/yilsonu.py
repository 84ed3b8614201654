"""Year-end closing (RULES §6.2 items 8 and 9): one voucher dated 31 December that brings
the activity, budget and appropriation accounts of the year to zero, per account and
budget codes, prepared by one person and approved by another:

- 600 B / 690 A and 690 B / 630 A (faaliyet hesapları), then 690 to 590 (olumlu) or 591
  (olumsuz faaliyet sonucu) [U-standard];
- 800 B / 805 A and 800 B / 810 A (bütçe gelirleri), 835 B / 830 A and 835 B / 834 A
  (bütçe giderleri) [U-standard];
- 905 B / 900 A for the appropriation left unused, then 901 B / 905 A (item 8 [C]).

Once it is approved the year is closed: nothing dated in it is accepted any more.  The
closing voucher does not change the budget lines (their figures stay for the kesin hesap).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ebelediye.extensions import db

from .. import hesap
from ..hesap import Satir
from ..models import Fis, FisSatiri
from . import KAPANIS, MuhasebeConflict, MuhasebeError, fis

KAYNAK = KAPANIS
#: accounts the closing brings to zero
KAPANAN = ("600", "630", "690", "800", "805", "810", "830", "834", "835", "900", "901", "905")


def _bakiyeler(yil: int) -> dict[tuple[str, str, str, str, str], Decimal]:
    """Debit minus credit per (account, budget codes) over the year's approved vouchers."""
    rows = db.session.execute(
        select(FisSatiri.hesap_kod, FisSatiri.kurumsal, FisSatiri.fonksiyonel, FisSatiri.finansman,
               FisSatiri.ekonomik, func.sum(FisSatiri.borc - FisSatiri.alacak))
        .join(Fis, Fis.id == FisSatiri.fis_id)
        .where(Fis.durum == "onaylandi", Fis.yil == yil, func.split_part(FisSatiri.hesap_kod, ".", 1).in_(KAPANAN))
        .group_by(FisSatiri.hesap_kod, FisSatiri.kurumsal, FisSatiri.fonksiyonel, FisSatiri.finansman,
                  FisSatiri.ekonomik))
    return {(r[0], r[1], r[2], r[3], r[4]): Decimal(r[5]) for r in rows if r[5] != 0}


def kapanis_satirlari(bakiyeler: dict[tuple[str, str, str, str, str], Decimal]) -> list[Satir]:
    """The closing lines for the given balances (pure: the property test drives it too)."""
    by_main: dict[str, list[tuple[tuple, Decimal]]] = defaultdict(list)
    for key, value in sorted(bakiyeler.items()):
        by_main[key[0].split(".")[0]].append((key, value))
    lines: list[Satir] = []

    def close(key: tuple, value: Decimal, against: str, against_codes: tuple | None = None) -> None:
        """Bring ``key`` (balance ``value``, debit positive) to zero against ``against``."""
        codes = dict(zip(("kurumsal", "fonksiyonel", "finansman", "ekonomik"), key[1:], strict=True))
        other = dict(zip(("kurumsal", "fonksiyonel", "finansman", "ekonomik"), (against_codes or key[1:]),
                         strict=True))
        lines.append(hesap.alacak(key[0], value, **codes))  # a debit balance is credited, and back
        lines.append(hesap.borc(against, value, **other))

    result = Decimal(0)  # 690's balance after the activity accounts are closed (debit positive)
    for key, value in by_main["600"] + by_main["630"]:
        close(key, value, "690", ("", "", "", ""))
        result += value
    for _key, value in by_main["690"]:
        result += value
    if result < 0:  # credit: olumlu faaliyet sonucu
        lines += [hesap.borc("690", -result), hesap.alacak("590", -result)]
    elif result > 0:
        lines += [hesap.borc("591", result), hesap.alacak("690", result)]
    for key, value in by_main["805"] + by_main["810"]:
        close(key, value, "800")
    for key, value in by_main["830"] + by_main["834"]:
        close(key, value, "835")
    unused = by_main["900"]
    for key, value in unused:  # the appropriation not used: 905 B / 900 A
        close(key, value, "905")
    used: dict[tuple, Decimal] = defaultdict(Decimal)
    for key, value in by_main["905"]:
        used[key[1:]] += value
    for key, value in unused:
        used[key[1:]] += value
    for codes, value in sorted(used.items()):
        close(("905", *codes), value, "901")
    return hesap.sifirsiz(lines)


def hazirla(yil: int, *, actor: str, actor_id: int | None = None) -> Fis:
    kaynak = KAYNAK.format(yil=yil)
    if db.session.scalar(select(Fis.id).where(Fis.kaynak == kaynak, Fis.durum != "iptal").limit(1)) is not None:
        raise MuhasebeConflict(_l("%(yil)s yılının kapanış fişi zaten hazırlanmış.", yil=yil))
    lines = kapanis_satirlari(_bakiyeler(yil))
    if not lines:
        raise MuhasebeError(_l("%(yil)s yılında kapatılacak bakiye yok.", yil=yil))
    return fis.hazirla(date(yil, 12, 31), lines, actor=actor, actor_id=actor_id, kaynak=kaynak,
                       aciklama=f"{yil} yılı kapanış kayıtları")
