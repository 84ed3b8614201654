"""Muhasebe's rules, one file per area.  Services take ids and the actor, never commit
(the request, job, CLI unit or the sender's transaction does), write an audit row after
the rows it covers and refuse with ``MuhasebeError`` (a ``UserError``).

Lock order, where an approval locks several rows: the voucher, then its budget lines (by
id), then the accounts whose balance may not turn (by code), then the year's counter
(``muh_sayaclar``).  Every path takes them in that order, so
concurrent approvals and automatic postings queue instead of deadlocking.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, Select, cast, func, select

from ebelediye.errors import Conflict, UserError
from ebelediye.extensions import db

from ..models import Donem, Fis

#: the ``kaynak`` of a year's closing voucher (services.yilsonu)
KAPANIS = "muhasebe:yil-sonu:{yil}"
#: the ``kaynak`` of the opening a closed year carries into the next (services.acilis), and
#: of its reversal
ACILIS = "muhasebe:acilis:{yil}"
ACILIS_ONEK = "muhasebe:acilis:"


class MuhasebeError(UserError):
    """An accounting rule refused the request; nothing was written."""

    code = "muhasebe"


class MuhasebeConflict(Conflict):
    code = "muhasebe_conflict"


def donem_kilitli(gun: date) -> bool:
    return db.session.get(Donem, (gun.year, gun.month)) is not None


def donem_acik_olmali(gun: date, field: str = "tarih") -> None:
    """Refuse a posting dated in a locked month (RULES §6.5: the monthly mizan is final)."""
    if donem_kilitli(gun):
        raise MuhasebeError(
            _l("%(ay)s dönemi kapatılmış; bu tarihe kayıt yapılamaz. Kaydı açık bir döneme tarihleyin.",
               ay=f"{gun.month:02d}/{gun.year}"),
            {field: [_l("Kapalı dönem.")]})


def kilitli_donemler() -> list[Donem]:
    return list(db.session.scalars(select(Donem).order_by(Donem.yil.desc(), Donem.ay.desc())))


def yil_kapali(yil: int) -> bool:
    """Whether the year's closing voucher is approved (then nothing dated in it is accepted)."""
    return db.session.scalar(select(Fis.id).where(Fis.kaynak == KAPANIS.format(yil=yil), Fis.durum == "onaylandi")
                             .limit(1)) is not None


def acilis_haric(bas: date | None = None) -> Select:
    """The carry-forward openings (and their reversals) a sum from ``bas`` leaves out.

    An opening repeats the balances the earlier years' lines already hold, so a sum since
    the first voucher (``bas`` None: bilanço, cash, balance checks) leaves every one out,
    and a range leaves out the openings of the years it starts before; a range starting on
    1 January of the opened year or later counts the opening instead of those lines."""
    query = select(Fis.id).where(func.starts_with(Fis.kaynak, ACILIS_ONEK)).correlate(None)
    if bas is not None:
        query = query.where(func.make_date(cast(func.split_part(Fis.kaynak, ":", 3), Integer), 1, 1) > bas)
    return query
