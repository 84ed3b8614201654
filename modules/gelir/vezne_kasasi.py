"""Gelir's ``ebelediye.ports.CashDesks``: the cash (nakit) its cash desks hold, for the
accounting module's reconciliation of 100 Kasa.  One statement each.

Cash in: every receipt of channel ``nakit`` on its day (``tarih``; the part left as the
taxpayer's credit included, as the ledger's 100 B / 333 A has it); cash out: a receipt's
same-day reversal (the negative row) and a cash refund on the day of the session that paid
it out (``iadeler.vezne_oturumu_id``; its payout time's day if it names none).  An approved
cash refund not paid out yet is still in the desk.  Gelir records no hand-over of the cash
to the bank (a deposit), so nothing else leaves.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import text

from ebelediye import clock
from ebelediye.extensions import db
from ebelediye.ports import CashDocument

_MOVES = """
    SELECT c.tarih AS gun, 'makbuz:' || coalesce(o.makbuz_no, c.makbuz_no) AS ref, c.tutar AS tutar,
           CASE WHEN c.iptal_edilen_id IS NULL THEN 'receipt' ELSE 'reversal' END AS kind, c.alan AS desk
    FROM tahsilatlar c LEFT JOIN tahsilatlar o ON o.id = c.iptal_edilen_id
    WHERE c.kanal = 'nakit'
    UNION ALL
    SELECT coalesce(v.tarih, (i.odendi_at AT TIME ZONE :tz)::date), 'iade:' || i.id, -i.tutar, 'refund',
           coalesce(v.kasiyer, '')
    FROM iadeler i LEFT JOIN vezne_oturumlari v ON v.id = i.vezne_oturumu_id
    WHERE i.odeme_sekli = 'nakit' AND i.durum = 'onaylandi' AND i.odendi_at IS NOT NULL"""

_BALANCE = text(f"SELECT coalesce(sum(m.tutar), 0) FROM ({_MOVES}) m WHERE m.gun <= :gun")
_CHANGES = text(f"SELECT m.gun, sum(m.tutar) FROM ({_MOVES}) m WHERE m.gun <= :gun "
                "GROUP BY 1 HAVING sum(m.tutar) <> 0 ORDER BY 1")
_DOCUMENTS = text(f"SELECT m.gun, m.ref, m.tutar, m.kind, m.desk FROM ({_MOVES}) m WHERE m.gun = ANY(:gunler) "
                  "ORDER BY 1, 2")


def _tz() -> str:
    return clock.timezone().key


class VezneKasasi:
    """Gelir's implementation of ``ebelediye.ports.CashDesks``."""

    def cash_balance(self, on: date) -> Decimal:
        """The cash the desks hold at the end of ``on``."""
        return Decimal(db.session.execute(_BALANCE, {"tz": _tz(), "gun": on}).scalar() or 0)

    def cash_changes(self, on: date) -> list[tuple[date, Decimal]]:
        """(day, net cash movement) up to ``on``, in day order."""
        return [(gun, Decimal(v)) for gun, v in db.session.execute(_CHANGES, {"tz": _tz(), "gun": on})]

    def cash_documents(self, days: list[date]) -> list[CashDocument]:
        """Receipts, reversals and refunds paid out on ``days``."""
        if not days:
            return []
        return [CashDocument(on=gun, reference=ref, amount=Decimal(tutar), kind=kind, desk=desk or "")
                for gun, ref, tutar, kind, desk in db.session.execute(
                    _DOCUMENTS, {"tz": _tz(), "gunler": list(days)})]
