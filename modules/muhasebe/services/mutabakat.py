"""Subsidiary-ledger reconciliation (issue 13 item 9): the nightly proof that the ledger's
120 Gelirlerden Alacaklar equals what Gelir says taxpayers owe (through the core's
``RevenueLedger`` port), per economic code; a difference is kept with its breakdown and
shown on the dashboard.

The ledger side is every approved 120 line up to the day (carry-forward openings left out,
as in every cumulative sum); Gelir's side is its accruals less cancellations and what was
collected of them.  A difference means a posting is missing or wrong (a record made while
Muhasebe was off and not back-posted, a voucher entered by hand on 120).  The payables'
(320) and the cash desks' (100) proofs need ports of modules that do not offer one yet.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from ebelediye import audit, clock, ports
from ebelediye.extensions import db
from ebelediye.ports import RevenueLedger

from ..models import Fis, FisSatiri, Mutabakat
from . import acilis_haric

TUR = "gelir_120"


def defter_120(gun: date) -> dict[str, Decimal]:
    """Debit minus credit of 120 (and its sub-accounts) per economic code up to ``gun``."""
    rows = db.session.execute(
        select(FisSatiri.ekonomik, func.sum(FisSatiri.borc - FisSatiri.alacak))
        .join(Fis, Fis.id == FisSatiri.fis_id)
        .where(Fis.durum == "onaylandi", Fis.tarih <= gun, Fis.id.not_in(acilis_haric()),
               func.split_part(FisSatiri.hesap_kod, ".", 1) == "120")
        .group_by(FisSatiri.ekonomik))
    return {kod or "": Decimal(v) for kod, v in rows}


def calistir(gun: date | None = None, *, actor: str = "gece:mutabakat") -> Mutabakat:
    """Reconcile 120 with Gelir's open debts at the end of ``gun`` (default: yesterday) and keep the result."""
    gun = gun or date.fromordinal(clock.today().toordinal() - 1)
    ledger = ports.resolve(RevenueLedger)  # PortUnavailable where Gelir is not enabled
    ours = defter_120(gun)
    theirs: dict[str, Decimal] = defaultdict(Decimal)
    for kod, value in ledger.open_debts(gun):
        theirs[kod or ""] += value
    detail = []
    for kod in sorted(set(ours) | set(theirs)):
        a, b = ours.get(kod, Decimal(0)), theirs.get(kod, Decimal(0))
        if a != b:
            detail.append({"ekonomik": kod, "defter": str(a), "yardimci": str(b), "fark": str(a - b)})
    total_ours, total_theirs = sum(ours.values(), Decimal(0)), sum(theirs.values(), Decimal(0))
    row = Mutabakat(tur=TUR, gun=gun, defter=total_ours, yardimci=total_theirs, fark=total_ours - total_theirs,
                    ayrinti=detail, olusturan=actor)
    db.session.add(row)
    db.session.flush()
    audit.record("muhasebe.mutabakat.calistir", actor=actor, realm="job", object_type="mutabakat", object_id=row.id,
                 after={"gun": gun.isoformat(), "defter": str(row.defter), "yardimci": str(row.yardimci),
                        "fark": str(row.fark), "kod": len(detail)})
    return row


def son() -> Mutabakat | None:
    """The latest reconciliation (one statement: the dashboard card)."""
    return db.session.scalar(select(Mutabakat).where(Mutabakat.tur == TUR).order_by(Mutabakat.id.desc()).limit(1))


def gecmis(limit: int = 30) -> list[Mutabakat]:
    return list(db.session.scalars(select(Mutabakat).where(Mutabakat.tur == TUR).order_by(Mutabakat.id.desc())
                                   .limit(limit)))
