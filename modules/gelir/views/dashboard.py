"""Gelir's cards on the staff dashboard."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from ebelediye.extensions import db
from ebelediye.registry import DashboardCard

from ..hesap import tl


def collections_card() -> DashboardCard:
    today = date.today()
    total = db.session.execute(text("SELECT COALESCE(sum(tutar), 0) FROM tahsilatlar WHERE tarih = :d"),
                               {"d": today}).scalar_one()
    return DashboardCard("Bugünkü tahsilat", f"{tl(total)} TL", today.strftime("%d.%m.%Y"),
                         endpoint="gelir.raporlar", permission="gelir.rapor.goruntule")


def arrears_card() -> DashboardCard:
    overdue = db.session.execute(text("""
        SELECT COALESCE(sum(t.tutar + COALESCE(r.tutar, 0) - COALESCE(p.tutar, 0)), 0)
        FROM tahakkuklar t
        LEFT JOIN LATERAL (SELECT sum(x.tutar) tutar FROM tahakkuklar x WHERE x.iptal_edilen_id = t.id) r ON true
        LEFT JOIN LATERAL (SELECT sum(d.tutar) tutar FROM tahsilat_dagilimlari d WHERE d.tahakkuk_id = t.id) p ON true
        WHERE t.iptal_edilen_id IS NULL AND t.vade < current_date
    """)).scalar_one()
    return DashboardCard("Vadesi geçmiş alacak", f"{tl(overdue)} TL", "gecikme zammı hariç",
                         endpoint="gelir.raporlar", permission="gelir.rapor.goruntule")
