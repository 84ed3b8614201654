"""Gelir's ``ebelediye.ports.RevenueLedger``: its accruals, cancellations, collections,
credits and refunds summed per day, kind, channel and economic code, and what taxpayers
owe, for the accounting module (back-posting, reconciliation).  One statement each.

Days are those the events carry: a receipt's ``tarih``; an accrual's and a cancellation's
creation day in the municipality's time zone (they are sent with ``clock.today()``); a
refund's approval day (``karar_at``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import text

from ebelediye import clock
from ebelediye.extensions import db
from ebelediye.ports import RevenueDocument, RevenueTotal

#: the cash account a receipt's or a refund's channel lands in (as the events say)
KANAL = {"nakit": "kasa", "kart": "pos", "havale": "banka", "online": "pos", "banka": "banka",
         "mahsup": "emanet"}  # a credit applied (services.mahsup): 333, no cash

_TOTALS = text("""
    SELECT (t.created_at AT TIME ZONE :tz)::date AS gun,
           CASE WHEN t.iptal_edilen_id IS NULL THEN 'accrued' ELSE 'cancelled' END AS kind,
           g.ekonomik_kod AS ekonomik, '' AS kanal, sum(abs(t.tutar)) AS tutar, count(*) AS adet
    FROM tahakkuklar t JOIN gelir_turleri g ON g.kod = t.gelir_kodu
    WHERE t.created_at < :before AND (t.created_at AT TIME ZONE :tz)::date BETWEEN :bas AND :bit AND t.tutar <> 0
    GROUP BY 1, 2, 3
    UNION ALL
    SELECT c.tarih, 'collected', g.ekonomik_kod, c.kanal, sum(d.tutar), count(*)
    FROM tahsilatlar c JOIN tahsilat_dagilimlari d ON d.tahsilat_id = c.id
         JOIN tahakkuklar t ON t.id = d.tahakkuk_id JOIN gelir_turleri g ON g.kod = t.gelir_kodu
    WHERE c.created_at < :before AND c.tarih BETWEEN :bas AND :bit
    GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT c.tarih, 'credit', '', c.kanal, sum(c.tutar - coalesce(a.uygulanan, 0)), count(*)
    FROM tahsilatlar c
         LEFT JOIN (SELECT tahsilat_id, sum(tutar) AS uygulanan FROM tahsilat_dagilimlari GROUP BY 1) a
                ON a.tahsilat_id = c.id
    WHERE c.created_at < :before AND c.tarih BETWEEN :bas AND :bit AND c.tutar > coalesce(a.uygulanan, 0)
    GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT (i.karar_at AT TIME ZONE :tz)::date, 'refunded', '', i.odeme_sekli, sum(i.tutar), count(*)
    FROM iadeler i
    WHERE i.durum = 'onaylandi' AND i.karar_at < :before AND (i.karar_at AT TIME ZONE :tz)::date BETWEEN :bas AND :bit
    GROUP BY 1, 2, 3, 4""")

_FIRST = text("""
    SELECT least((SELECT min((created_at AT TIME ZONE :tz)::date) FROM tahakkuklar WHERE created_at < :before),
                 (SELECT min(tarih) FROM tahsilatlar WHERE created_at < :before),
                 (SELECT min((karar_at AT TIME ZONE :tz)::date) FROM iadeler
                   WHERE durum = 'onaylandi' AND karar_at < :before))""")

_OPEN = text("""
    SELECT g.ekonomik_kod, sum(x.tutar) FROM (
        SELECT t.gelir_kodu, t.tutar FROM tahakkuklar t WHERE (t.created_at AT TIME ZONE :tz)::date <= :gun
        UNION ALL
        SELECT t.gelir_kodu, -d.tutar FROM tahsilat_dagilimlari d JOIN tahsilatlar c ON c.id = d.tahsilat_id
               JOIN tahakkuklar t ON t.id = d.tahakkuk_id WHERE c.tarih <= :gun) x
    JOIN gelir_turleri g ON g.kod = x.gelir_kodu
    GROUP BY 1 HAVING sum(x.tutar) <> 0 ORDER BY 1""")


#: what is owed of one economic code, per day (the days ``_OPEN`` sums), for the drill-down
_CHANGES = text("""
    SELECT x.gun, sum(x.tutar) FROM (
        SELECT (t.created_at AT TIME ZONE :tz)::date AS gun, t.tutar
        FROM tahakkuklar t JOIN gelir_turleri g ON g.kod = t.gelir_kodu
        WHERE (t.created_at AT TIME ZONE :tz)::date <= :gun AND coalesce(g.ekonomik_kod, '') = :kod
        UNION ALL
        SELECT c.tarih, -d.tutar FROM tahsilat_dagilimlari d JOIN tahsilatlar c ON c.id = d.tahsilat_id
               JOIN tahakkuklar t ON t.id = d.tahakkuk_id JOIN gelir_turleri g ON g.kod = t.gelir_kodu
        WHERE c.tarih <= :gun AND coalesce(g.ekonomik_kod, '') = :kod) x
    GROUP BY 1 HAVING sum(x.tutar) <> 0 ORDER BY 1""")

#: the records of those days, named as the events name them: an accrual and its cancellation
#: ``tahakkuk:<the accrual's id>``, a receipt and its reversal ``makbuz:<the receipt's number>``
_DOCUMENTS = text("""
    SELECT (t.created_at AT TIME ZONE :tz)::date AS gun, 'tahakkuk:' || coalesce(t.iptal_edilen_id, t.id) AS ref,
           t.tutar, CASE WHEN t.iptal_edilen_id IS NULL THEN 'accrued' ELSE 'cancelled' END AS kind
    FROM tahakkuklar t JOIN gelir_turleri g ON g.kod = t.gelir_kodu
    WHERE (t.created_at AT TIME ZONE :tz)::date = ANY(:gunler) AND coalesce(g.ekonomik_kod, '') = :kod
          AND t.tutar <> 0
    UNION ALL
    SELECT c.tarih, 'makbuz:' || coalesce(o.makbuz_no, c.makbuz_no), -sum(d.tutar), 'collected'
    FROM tahsilat_dagilimlari d JOIN tahsilatlar c ON c.id = d.tahsilat_id
         LEFT JOIN tahsilatlar o ON o.id = c.iptal_edilen_id
         JOIN tahakkuklar t ON t.id = d.tahakkuk_id JOIN gelir_turleri g ON g.kod = t.gelir_kodu
    WHERE c.tarih = ANY(:gunler) AND coalesce(g.ekonomik_kod, '') = :kod
    GROUP BY 1, 2
    ORDER BY 1, 2""")


def _tz() -> str:
    return clock.timezone().key


class GelirDefteri:
    """Gelir's implementation of ``ebelediye.ports.RevenueLedger``."""

    def first_day(self, *, before: datetime) -> date | None:
        """The day of Gelir's earliest record created before ``before``."""
        return db.session.execute(_FIRST, {"tz": _tz(), "before": before}).scalar()

    def daily_totals(self, start: date, end: date, *, before: datetime) -> list[RevenueTotal]:
        """Records dated ``start``..``end`` created before ``before``, summed (day order)."""
        sums: dict[tuple[date, str, str, str | None], list] = defaultdict(lambda: [Decimal(0), 0])
        for gun, kind, ekonomik, kanal, tutar, adet in db.session.execute(
                _TOTALS, {"tz": _tz(), "before": before, "bas": start, "bit": end}):
            channel = KANAL.get(kanal) if kanal else None
            key = (gun, kind, ekonomik or "", channel)
            sums[key][0] += tutar
            sums[key][1] += adet
        order = {kind: i for i, kind in enumerate(("accrued", "cancelled", "collected", "credit", "refunded"))}
        return [RevenueTotal(on=k[0], kind=k[1], amount=v[0], economic_code=k[2], channel=k[3], count=v[1])
                for k, v in sorted(sums.items(), key=lambda kv: (kv[0][0], order[kv[0][1]], kv[0][3] or "",
                                                                 kv[0][2]))
                if v[0] > 0]

    def open_debts(self, on: date) -> list[tuple[str, Decimal]]:
        """(economic code, amount) taxpayers owe at the end of ``on``."""
        return [(kod, Decimal(v)) for kod, v in db.session.execute(_OPEN, {"tz": _tz(), "gun": on})]

    def debt_changes(self, on: date, economic_code: str) -> list[tuple[date, Decimal]]:
        """(day, net change of what is owed) of one economic code up to ``on``, in day order."""
        return [(gun, Decimal(v)) for gun, v in db.session.execute(
            _CHANGES, {"tz": _tz(), "gun": on, "kod": economic_code or ""})]

    def debt_documents(self, days: list[date], economic_code: str) -> list[RevenueDocument]:
        """Gelir's accrual rows and receipts of one economic code on ``days``."""
        if not days:
            return []
        return [RevenueDocument(on=gun, reference=ref, amount=Decimal(tutar), kind=kind)
                for gun, ref, tutar, kind in db.session.execute(
                    _DOCUMENTS, {"tz": _tz(), "gunler": list(days), "kod": economic_code or ""})]
