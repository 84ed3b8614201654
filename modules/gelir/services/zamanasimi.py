"""Tahsil zamanaşımı (6183 m.102–104): when an open debt can no longer be collected.

m.102: a public receivable lapses five years after the start of the calendar year that
follows the year it fell due.  m.103: the period is interrupted by ödeme emri tebliği,
haciz, tecil, a payment, a declaration of assets, a mahsup …; it then starts again from the
start of the calendar year after the interrupting act.  So a debt due in year V whose last
interrupting act was in year K lapses at the end of 31 December of ``max(V, K) + 5``.

The acts are read from what the module records: the tebliğ day of an ödeme emri listing
the debt (an order cancelled on objection does not count [U]), the tecil day of a plan
covering it, the day of every payment applied to it or to its accrued late fee (a receipt
reversed later does not count; a mahsup is such a payment), and the day of every haciz
securing it (``services.haciz``, released or not).  Not recorded here, so not counted [U]:
mal bildirimi, the m.104 suspension
(durma) while the debtor is abroad or the estate is in liquidation, and acts of a
previous system (enter them as payments or tebliğ days when migrating).

The year-end run (``ZamanasimiCalismasi``) only lists the lapsed debts; staff review the
list and write each off (``services.terkin``).  It runs in chunks of taxpayers with a
cursor (resumable) and lists a debt once per run (idempotent).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, text

from ebelediye import audit, uow
from ebelediye.extensions import db

from ..hesap import ZERO
from ..models import ZamanasimiCalismasi, ZamanasimiKalemi
from . import GelirError

#: the period of 6183 m.102, in years
SURE_YIL = 5
ANINDA = 200
PARCA = 200
NEDENLER = {"odeme_emri": _l("Ödeme emri tebliği"), "tecil": _l("Tecil"), "odeme": _l("Ödeme"), "mahsup": _l("Mahsup"),
            "haciz": _l("Haciz")}

# The taxpayer's open principal debts (every accrual but the late fees, which follow
# their debt), with the open late fee accrued on each.
_BORCLAR_SQL = text("""
SELECT t.id, t.mukellef_id, t.gelir_kodu, t.yil, t.vade,
       t.tutar + COALESCE((SELECT sum(x.tutar) FROM tahakkuklar x WHERE x.iptal_edilen_id = t.id), 0)
       - COALESCE((SELECT sum(d.tutar) FROM tahsilat_dagilimlari d WHERE d.tahakkuk_id = t.id), 0) AS acik,
       COALESCE((SELECT sum(f.tutar + COALESCE((SELECT sum(x.tutar) FROM tahakkuklar x WHERE x.iptal_edilen_id = f.id), 0)
                            - COALESCE((SELECT sum(d.tutar) FROM tahsilat_dagilimlari d WHERE d.tahakkuk_id = f.id), 0))
                 FROM tahakkuklar f
                 WHERE f.mukellef_id = t.mukellef_id AND f.gelir_kodu = 'gecikme_zammi'
                   AND f.kaynak = 'gz:' || t.id AND f.iptal_edilen_id IS NULL), 0) AS gecikme
FROM tahakkuklar t
WHERE t.mukellef_id = ANY(:mukellefler) AND t.iptal_edilen_id IS NULL AND t.vade <= :vade_en_gec
  AND NOT (t.gelir_kodu = 'gecikme_zammi' AND t.kaynak LIKE 'gz:%')
  AND t.tutar + COALESCE((SELECT sum(x.tutar) FROM tahakkuklar x WHERE x.iptal_edilen_id = t.id), 0)
      - COALESCE((SELECT sum(d.tutar) FROM tahsilat_dagilimlari d WHERE d.tahakkuk_id = t.id), 0) > 0
ORDER BY t.mukellef_id, t.vade, t.id
""")

# Every interrupting act (m.103) of the taxpayers' debts: (debt id, day, kind).
_KESILMELER_SQL = text("""
SELECT CAST(k.value ->> 'tahakkuk_id' AS bigint) AS tahakkuk_id, o.teblig_tarihi AS gun, 'odeme_emri' AS tur
FROM odeme_emirleri o CROSS JOIN LATERAL jsonb_array_elements(o.kalemler) k
WHERE o.mukellef_id = ANY(:mukellefler) AND o.teblig_tarihi IS NOT NULL AND o.durum <> 'iptal'
UNION ALL
SELECT CAST(p.value ->> 'tahakkuk_id' AS bigint), tp.tecil_tarihi, 'tecil'
FROM tecil_planlari tp JOIN tecil_taksitleri k ON k.plan_id = tp.id
CROSS JOIN LATERAL jsonb_array_elements(k.paylar) p
WHERE tp.mukellef_id = ANY(:mukellefler)
UNION ALL
SELECT CASE WHEN t.gelir_kodu = 'gecikme_zammi' AND t.kaynak LIKE 'gz:%'
            THEN CAST(substr(t.kaynak, 4) AS bigint) ELSE t.id END, s.tarih,
       CASE WHEN s.kanal = 'mahsup' THEN 'mahsup' ELSE 'odeme' END
FROM tahsilat_dagilimlari d JOIN tahsilatlar s ON s.id = d.tahsilat_id JOIN tahakkuklar t ON t.id = d.tahakkuk_id
WHERE s.mukellef_id = ANY(:mukellefler) AND s.iptal_edilen_id IS NULL AND d.tutar > 0
  AND NOT EXISTS (SELECT 1 FROM tahsilatlar r WHERE r.iptal_edilen_id = s.id)
""")


@dataclass(frozen=True)
class Sure:
    """How a debt's period runs: the last interrupting act, the last day of the period."""

    tahakkuk_id: int
    vade: date
    kesilme_tarihi: date | None
    kesilme_nedeni: str | None
    baslangic: date
    son_gun: date

    def doldu_mu(self, gun: date) -> bool:
        """Lapsed on ``gun``: the period's last day is behind it."""
        return gun > self.son_gun

    def as_dict(self) -> dict:
        return {"tahakkuk_id": self.tahakkuk_id, "vade": self.vade.isoformat(),
                "kesilme_tarihi": self.kesilme_tarihi.isoformat() if self.kesilme_tarihi else None,
                "kesilme_nedeni": self.kesilme_nedeni, "baslangic": self.baslangic.isoformat(),
                "son_gun": self.son_gun.isoformat()}


def sure(tahakkuk_id: int, vade: date, kesilmeler: list[tuple[date, str]]) -> Sure:
    """The period of a debt due on ``vade`` with the interrupting acts ``kesilmeler``
    (day, kind): it starts on 1 January after the later of the vade year and the last act's
    year (m.102, m.103) and ends on 31 December five years on."""
    last = max(kesilmeler, default=None)
    base = max(vade.year, last[0].year) if last else vade.year
    return Sure(tahakkuk_id, vade, last[0] if last else None, last[1] if last else None,
                date(base + 1, 1, 1), date(base + SURE_YIL, 12, 31))


def kesilmeler(mukellef_ids: list[int]) -> dict[int, list[tuple[date, str]]]:
    """The interrupting acts of the taxpayers' debts, by debt id."""
    from . import haciz

    acts: dict[int, list[tuple[date, str]]] = {}
    for row in db.session.execute(_KESILMELER_SQL, {"mukellefler": mukellef_ids}):
        if row.gun is not None:
            acts.setdefault(row.tahakkuk_id, []).append((row.gun, row.tur))
    for debt_id, day in haciz.kesilmeler(mukellef_ids):
        acts.setdefault(debt_id, []).append((day, "haciz"))
    return acts


def borc_suresi(tahakkuk_id: int) -> Sure:
    """The period of one debt (a debt of this municipality: another one's id is a 404)."""
    row = db.session.execute(text("SELECT id, mukellef_id, vade FROM tahakkuklar WHERE id = :id "
                                  "AND iptal_edilen_id IS NULL"), {"id": tahakkuk_id}).first()
    if row is None:
        raise GelirError(_l("Tahakkuk bulunamadı."), status=404)
    return sure(row.id, row.vade, kesilmeler([row.mukellef_id]).get(row.id, []))


# --- the year-end run ------------------------------------------------------------------

def _yil(yil: object, bugun: date) -> int:
    try:
        year = int(str(yil).strip())
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= bugun.year:
        raise GelirError(_l("Zamanaşımı listesi başlatılamadı."),
                         {"yil": [_l("Yıl 2000 ile bu yıl arasında olmalı.")]})
    return year


def calisma_olustur(yil: object, bugun: date, *, actor: str) -> ZamanasimiCalismasi:
    """Record a run for the debts that have lapsed by the end of ``yil``."""
    year = _yil(yil, bugun)
    run = ZamanasimiCalismasi(yil=year, durum="bekliyor", imlec=0, olusan=0, tutar=ZERO, baslatan=actor)
    db.session.add(run)
    db.session.flush()
    audit.record("gelir.zamanasimi.calisma", actor=actor, realm="staff", object_type="zamanasimi_calismasi",
                 object_id=run.id, after={"yil": year})
    return run


_ADAYLAR_SQL = text("""
SELECT DISTINCT t.mukellef_id FROM tahakkuklar t
JOIN mukellefler m ON m.id = t.mukellef_id AND m.birlestigi_id IS NULL
WHERE t.iptal_edilen_id IS NULL AND t.vade <= :vade_en_gec AND t.mukellef_id > :imlec
  AND NOT (t.gelir_kodu = 'gecikme_zammi' AND t.kaynak LIKE 'gz:%')
  AND t.tutar + COALESCE((SELECT sum(x.tutar) FROM tahakkuklar x WHERE x.iptal_edilen_id = t.id), 0)
      - COALESCE((SELECT sum(d.tutar) FROM tahsilat_dagilimlari d WHERE d.tahakkuk_id = t.id), 0) > 0
ORDER BY t.mukellef_id
LIMIT :limit
""")


def _son_vade(yil: int) -> date:
    """Only debts due by 31 December ``yil`` − 5 can have lapsed by the end of ``yil``."""
    return date(yil - SURE_YIL, 12, 31)


def _adaylar(run: ZamanasimiCalismasi, imlec: int, limit: int | None) -> list[int]:
    return list(db.session.scalars(_ADAYLAR_SQL, {"vade_en_gec": _son_vade(run.yil), "imlec": imlec,
                                                  "limit": limit}))


def baslat(yil: object, bugun: date, *, actor: str, starter: str, slug: str) -> tuple[ZamanasimiCalismasi, bool]:
    """Record a run and do it now, or queue it (``modules.gelir.jobs:zamanasimi``) when it
    may reach more than ``ANINDA`` taxpayers.  Returns the run and whether it was queued."""
    from ebelediye import jobs

    run = calisma_olustur(yil, bugun, actor=actor)
    if len(_adaylar(run, 0, ANINDA + 1)) <= ANINDA:
        return calistir(run.id), False
    record = jobs.enqueue(slug, "modules.gelir.jobs:zamanasimi", run.yil, run.id, queue_name="batch",
                          description=f"Zamanaşımı listesi {run.yil}", actor=starter)
    run.is_kaydi = str(record.id)[:40]
    audit.record("gelir.zamanasimi.kuyruk", actor=actor, realm="staff", object_type="zamanasimi_calismasi",
                 object_id=run.id, after={"is_kaydi": run.is_kaydi})
    return run, True


def calisma(run_id: int) -> ZamanasimiCalismasi:
    run = db.session.get(ZamanasimiCalismasi, run_id)
    if run is None:
        raise GelirError(_l("Zamanaşımı listesi bulunamadı."), status=404)
    return run


def calismalar():
    return select(ZamanasimiCalismasi).order_by(ZamanasimiCalismasi.id.desc())


def kalemler(run_id: int, *, mukellef_id: int | None = None):
    """The run's lapsed debts, by taxpayer and vade (a query for the caller to paginate)."""
    query = select(ZamanasimiKalemi).where(ZamanasimiKalemi.calisma_id == run_id)
    if mukellef_id is not None:
        query = query.where(ZamanasimiKalemi.mukellef_id == mukellef_id)
    return query.order_by(ZamanasimiKalemi.mukellef_id, ZamanasimiKalemi.vade, ZamanasimiKalemi.id)


def kalem(kalem_id: int) -> ZamanasimiKalemi:
    row = db.session.get(ZamanasimiKalemi, kalem_id)
    if row is None:
        raise GelirError(_l("Zamanaşımı kaydı bulunamadı."), status=404)
    return row


def calistir(run_id: int, *, progress: Callable[[int, int, str], None] | None = None,
             parca: int = PARCA) -> ZamanasimiCalismasi:
    """List the run's lapsed debts from its cursor on, each chunk of taxpayers made durable
    (``uow.commit_point()``): a run killed half-way resumes from its cursor."""
    run = db.session.scalar(select(ZamanasimiCalismasi).where(ZamanasimiCalismasi.id == run_id).with_for_update())
    if run is None:
        raise GelirError(_l("Zamanaşımı listesi bulunamadı."), status=404)
    if run.durum == "bitti":
        return run
    run.durum = "calisiyor"
    year_end = date(run.yil, 12, 31)
    left = len(_adaylar(run, run.imlec, None))
    done = 0
    while True:
        ids = _adaylar(run, run.imlec, parca)
        if not ids:
            break
        listed = {r for r in db.session.scalars(select(ZamanasimiKalemi.tahakkuk_id).where(
            ZamanasimiKalemi.calisma_id == run.id, ZamanasimiKalemi.mukellef_id.in_(ids)))}
        acts = kesilmeler(ids)
        for row in db.session.execute(_BORCLAR_SQL, {"mukellefler": ids, "vade_en_gec": _son_vade(run.yil)}):
            period = sure(row.id, row.vade, acts.get(row.id, []))
            if row.id in listed or period.son_gun > year_end:
                continue
            db.session.add(ZamanasimiKalemi(
                calisma_id=run.id, tahakkuk_id=row.id, mukellef_id=row.mukellef_id, gelir_kodu=row.gelir_kodu,
                borc_yili=row.yil, vade=row.vade, anapara=row.acik, gecikme=row.gecikme,
                kesilme_tarihi=period.kesilme_tarihi, kesilme_nedeni=period.kesilme_nedeni, son_gun=period.son_gun))
            run.olusan += 1
            run.tutar += row.acik + row.gecikme
        run.imlec = ids[-1]
        done += len(ids)
        db.session.flush()
        if progress:
            progress(done, max(left, done), f"{done}/{left} mükellef incelendi, {run.olusan} borç zamanaşımına uğramış")
        uow.commit_point()
        run = db.session.get_one(ZamanasimiCalismasi, run_id)
    run.durum, run.bitis_at, run.toplam = "bitti", datetime.now(UTC), run.olusan
    audit.record("gelir.zamanasimi.bitti", actor=run.baslatan, realm="staff", object_type="zamanasimi_calismasi",
                 object_id=run.id, after={"yil": run.yil, "olusan": run.olusan, "tutar": str(run.tutar)})
    return run
