"""İK's ``ebelediye.ports.PayrollLedger``: its closed payrolls as the ``payroll_accrued`` and
``payroll_paid`` events it sent, for the accounting module's back-posting.

An accrual is dated by the closing day (``kapanis_tarihi``) and named as ``services.bordro.kapat``
names it (``bordro:<period>:<id>``, ``fark:<period>:<id>``); a payment by its payment day and
channel (``odeme_tarihi``, ``odeme_kanali``; a payroll paid before İK kept them, revision
``ik0009``: the day and channel of its ``ik.bordro.odendi`` audit entry, the day in the
municipality's time zone, else its closing day and ``banka``).  The lines are those the live
events carry (``services.bordro.tahakkuk_olayi`` / ``odeme_olayi``).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import text

from ebelediye import clock
from ebelediye.extensions import db
from ebelediye.ports import PayrollPosting

from .models import Bordro
from .services import bordro as service

#: each closed payroll created before the moment, with its payment's day and channel
_RUNS = text("""
    SELECT b.id, b.kapanis_tarihi,
           coalesce(b.odeme_tarihi, (a.at AT TIME ZONE :tz)::date, b.kapanis_tarihi) AS odeme_gun,
           coalesce(b.odeme_kanali, a.after->>'kanal', 'banka') AS kanal, b.durum = 'odendi' AS odendi
    FROM ik_bordrolar b
    LEFT JOIN LATERAL (SELECT e.at, e.after FROM audit_entries e
                       WHERE e.action = 'ik.bordro.odendi' AND e.object_type = 'ik_bordro'
                             AND e.object_id = b.id::text
                       ORDER BY e.id LIMIT 1) a ON b.durum = 'odendi' AND b.odeme_tarihi IS NULL
    WHERE b.durum IN ('kapali', 'odendi') AND b.kapanis_tarihi IS NOT NULL AND b.created_at < :before
    ORDER BY b.kapanis_tarihi, b.id""")


def _tz() -> str:
    return clock.timezone().key


class BordroDefteri:
    """İK's implementation of ``ebelediye.ports.PayrollLedger``."""

    def _runs(self, before: datetime) -> list[tuple[int, date, date, str, bool]]:
        return [(r[0], r[1], r[2], r[3], r[4]) for r in db.session.execute(_RUNS, {"tz": _tz(), "before": before})]

    def first_day(self, *, before: datetime) -> date | None:
        """The closing day of the earliest closed payroll created before ``before``."""
        runs = self._runs(before)
        return min((r[1] for r in runs), default=None)

    def postings(self, start: date, end: date, *, before: datetime) -> list[PayrollPosting]:
        """Accruals and payments dated ``start``..``end`` (day order, an accrual first)."""
        out: list[tuple[date, int, int, PayrollPosting]] = []
        for bordro_id, kapanis, odeme_gun, kanal, paid in self._runs(before):
            row = db.session.get(Bordro, bordro_id)
            assert row is not None
            if start <= kapanis <= end:
                out.append((kapanis, 0, bordro_id, PayrollPosting(
                    "accrued", service.tahakkuk_olayi(row, kapanis, row.kapatan))))
            if paid and start <= odeme_gun <= end:
                out.append((odeme_gun, 1, bordro_id, PayrollPosting(
                    "paid", service.odeme_olayi(row, odeme_gun, kanal, row.kapatan))))
        out.sort(key=lambda x: (x[0], x[1], x[2]))
        return [p for *_, p in out]
