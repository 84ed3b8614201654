"""The make-run demo: a believable revenue picture from the synthetic register."""

import time

from sqlalchemy import text

from ebelediye import clock
from ebelediye.extensions import db
from modules.gelir import demo
from tenants import services


def test_the_demo_builds_a_revenue_history_with_paid_late_and_overdue_debts(app):
    db.session.execute(text("UPDATE public.tenants SET province = 'Ankara', district = 'Çankaya' WHERE slug = 'alfa'"))
    info = app.extensions["ebelediye.tenants"].by_slug("alfa")
    with services.bound("alfa"):
        started = time.perf_counter()
        lines = demo.run(db.session, info)
        print(f"demo seeded in {time.perf_counter() - started:.1f} s")
        figures = db.session.execute(text("""
            SELECT (SELECT count(*) FROM emlaklar) AS emlak, (SELECT count(*) FROM mukellefler) AS mukellef,
                   (SELECT count(*) FROM tahakkuklar WHERE yil = 2025 AND gelir_kodu LIKE 'emlak_%') AS t2025,
                   (SELECT count(*) FROM tahsilatlar) AS makbuz,
                   (SELECT count(*) FROM tahakkuklar WHERE gelir_kodu = 'gecikme_zammi') AS gz,
                   (SELECT count(*) FROM tahsilatlar WHERE tarih > CAST(:gun AS date) - 30) AS son_30_gun,
                   (SELECT count(*) FROM tahsilatlar WHERE tarih > CAST(:gun AS date)) AS ileri_tarihli"""),
            {"gun": clock.today()}).one()
        assert figures.emlak == demo.PARCELS and figures.mukellef > 1000
        assert figures.t2025 > 2000 and figures.makbuz > 1000 and figures.gz > 10
        assert figures.son_30_gun > 0 and figures.ileri_tarihli == 0  # recent collections, none in the future
        assert lines and "borçlu vatandaş" in lines[0]
        assert "tecil planı" in lines[1]  # 6183 collection to look at: orders, one notified, a plan
        states = db.session.execute(text("SELECT durum, count(*) FROM odeme_emirleri GROUP BY 1")).all()
        assert dict(states).get("teblig_edildi") == 1 and sum(n for _, n in states) > 1
        assert demo.run(db.session, info) == lines  # idempotent: a second run only reports
        db.session.rollback()
