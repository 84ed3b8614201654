"""Ödeme emri (6183 m.55, m.58): the first act of collecting overdue debt.

A batch (``OdemeEmriPartisi``) selects taxpayers whose overdue debts match its criteria
(year, revenue, a minimum total) and writes one ödeme emri per taxpayer listing those debts
with their late fees as of the batch day, numbered without gaps per year.  A batch runs in
chunks and records its cursor, so a rerun after a crash finishes it without doubling (one
order per taxpayer and batch, ``uq_odeme_emirleri_parti``).  The tebliğ (notification) day,
recorded later, starts the periods to pay (m.55) and to object (m.58); an objection and its
outcome are recorded too.  Every step is a state with an audit row; nothing is edited.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, text

from ebelediye import audit, uow
from ebelediye.audit import AuditEntry
from ebelediye.extensions import db

from .. import hesap, parametre
from ..hesap import ZERO
from ..models import OdemeEmri, OdemeEmriPartisi, OdemeEmriSayaci
from . import GelirError, borc, para

#: batches of at most this many candidate taxpayers run in the request; larger ones as a job
ANINDA = 200
PARCA = 200
DURUMLAR = {"hazirlandi": _l("Hazırlandı (tebliğ bekliyor)"), "teblig_edildi": _l("Tebliğ edildi"),
            "itirazda": _l("İtiraz edildi"), "kesinlesti": _l("İtiraz reddedildi"), "iptal": _l("İptal (itiraz kabul)")}

# Taxpayers with open, overdue principal matching the criteria, in id order after the cursor.
_ADAYLAR_SQL = text("""
SELECT DISTINCT t.mukellef_id
FROM tahakkuklar t
JOIN mukellefler m ON m.id = t.mukellef_id AND m.birlestigi_id IS NULL
WHERE t.iptal_edilen_id IS NULL AND t.vade < :gun AND t.mukellef_id > :imlec
  AND t.gelir_kodu NOT IN ('gecikme_zammi', 'tecil_faizi', 'yapilandirma')
  AND (CAST(:yil AS integer) IS NULL OR t.yil = :yil)
  AND (CAST(:gelir AS text) IS NULL OR t.gelir_kodu = :gelir)
  AND t.tutar + COALESCE((SELECT sum(x.tutar) FROM tahakkuklar x WHERE x.iptal_edilen_id = t.id), 0)
      - COALESCE((SELECT sum(d.tutar) FROM tahsilat_dagilimlari d WHERE d.tahakkuk_id = t.id), 0) > 0
ORDER BY t.mukellef_id
LIMIT :limit
""")


def _kriterler(yil: object, gelir_kodu: object, asgari: object, gun: date) -> dict:
    errors: dict[str, list] = {}
    year = None
    if yil not in (None, ""):
        try:
            year = int(str(yil))
        except ValueError:
            year = None
        if year is None or not 2000 <= year <= gun.year:
            errors["yil"] = [_l("Yıl 2000 ile bu yıl arasında olmalı.")]
    minimum = ZERO
    if asgari not in (None, ""):
        try:
            minimum = para(asgari, "asgari", positive=False)
        except GelirError as exc:
            errors.update(exc.errors)
    kod = str(gelir_kodu).strip() if gelir_kodu not in (None, "") else None
    if kod is not None and db.session.scalar(text("SELECT 1 FROM gelir_turleri WHERE kod = :k"), {"k": kod}) is None:
        errors["gelir_kodu"] = [_l("Böyle bir gelir türü yok.")]
    if errors:
        raise GelirError(_l("Ödeme emri partisi başlatılamadı; işaretli alanları düzeltin."), errors)
    return {"yil": year, "gelir_kodu": kod, "asgari": str(minimum), "gun": gun.isoformat()}


def parti_olustur(yil: object, gelir_kodu: object, asgari: object, gun: date, *, actor: str) -> OdemeEmriPartisi:
    """Record a batch for the overdue debts matching the criteria as of ``gun``."""
    criteria = _kriterler(yil, gelir_kodu, asgari, gun)
    run = OdemeEmriPartisi(kriterler=criteria, durum="bekliyor", imlec=0, olusan=0, tutar=ZERO, baslatan=actor)
    db.session.add(run)
    db.session.flush()
    audit.record("gelir.odeme_emri.parti", actor=actor, realm="staff", object_type="odeme_emri_partisi",
                 object_id=run.id, after=criteria)
    return run


def parti_baslat(yil: object, gelir_kodu: object, asgari: object, gun: date, *, actor: str, starter: str,
                 slug: str) -> tuple[OdemeEmriPartisi, bool]:
    """Record a batch and write it now, or queue it as a job when it may reach more than
    ``ANINDA`` taxpayers (``starter``, ``staff:<id>``, must still hold the permission when
    the job runs).  Returns the batch and whether it was queued."""
    from ebelediye import jobs

    run = parti_olustur(yil, gelir_kodu, asgari, gun, actor=actor)
    if aday_sayisi(run) <= ANINDA:
        return calistir(run.id), False
    record = jobs.enqueue(slug, "modules.gelir.jobs:odeme_emri_partisi", run.id, queue_name="batch",
                          description=f"Ödeme emri partisi {run.id}", actor=starter)
    run.is_kaydi = str(record.id)[:40]
    audit.record("gelir.odeme_emri.parti_kuyruk", actor=actor, realm="staff", object_type="odeme_emri_partisi",
                 object_id=run.id, after={"is_kaydi": run.is_kaydi})
    return run, True


def parti(run_id: int) -> OdemeEmriPartisi:
    run = db.session.get(OdemeEmriPartisi, run_id)
    if run is None:
        raise GelirError(_l("Ödeme emri partisi bulunamadı."), status=404)
    return run


def parti_devam(run_id: int, *, actor: str, starter: str, slug: str) -> OdemeEmriPartisi:
    """Resume a batch whose job died: a new job goes on from the batch's cursor."""
    from ebelediye import jobs

    run = parti(run_id)
    if run.durum == "bitti":
        raise GelirError(_l("Bu parti zaten tamamlandı."), status=409)
    record = jobs.enqueue(slug, "modules.gelir.jobs:odeme_emri_partisi", run.id, queue_name="batch",
                          description=f"Ödeme emri partisi {run.id} (devam)", actor=starter)
    run.is_kaydi = str(record.id)[:40]
    audit.record("gelir.odeme_emri.parti_devam", actor=actor, realm="staff", object_type="odeme_emri_partisi",
                 object_id=run.id, after={"imlec": run.imlec, "is_kaydi": run.is_kaydi})
    return run


def denetim(object_type: str, object_id: int) -> list[AuditEntry]:
    """The audit trail of an order or a plan, newest first: every state it went through."""
    return list(db.session.scalars(select(AuditEntry).where(
        AuditEntry.object_type == object_type, AuditEntry.object_id == str(object_id))
        .order_by(AuditEntry.id.desc()).limit(100)))


def aday_sayisi(run: OdemeEmriPartisi, sinir: int = ANINDA + 1) -> int:
    """How many taxpayers the batch may reach (up to ``sinir``): small batches run at once."""
    return len(_adaylar(run, 0, sinir))


_SAYI_SQL = text(f"SELECT count(*) FROM ({_ADAYLAR_SQL.text}) adaylar")


def _parametreler(run: OdemeEmriPartisi, imlec: int, limit: int | None) -> dict:
    c = run.kriterler
    return {"gun": date.fromisoformat(c["gun"]), "imlec": imlec, "yil": c["yil"], "gelir": c["gelir_kodu"],
            "limit": limit}


def _adaylar(run: OdemeEmriPartisi, imlec: int, limit: int) -> list[int]:
    return list(db.session.scalars(_ADAYLAR_SQL, _parametreler(run, imlec, limit)))


def calistir(run_id: int, *, progress: Callable[[int, int, str], None] | None = None,
             parca: int = PARCA) -> OdemeEmriPartisi:
    """Write the batch's orders from its cursor on, each chunk made durable
    (``uow.commit_point()``, as the yearly accrual does): a run killed half-way resumes
    from its cursor, whether it ran as a job or in the request of a small batch."""
    run = db.session.scalar(select(OdemeEmriPartisi).where(OdemeEmriPartisi.id == run_id).with_for_update())
    if run is None:
        raise GelirError(_l("Ödeme emri partisi bulunamadı."), status=404)
    if run.durum == "bitti":
        return run
    run.durum = "calisiyor"
    gun = date.fromisoformat(run.kriterler["gun"])
    # candidates left from the cursor on (a resumed run counts what is left)
    left = db.session.scalar(_SAYI_SQL, _parametreler(run, run.imlec, None)) or 0
    done = 0
    while True:
        ids = _adaylar(run, run.imlec, parca)
        if not ids:
            break
        for mukellef_id in ids:
            order = _emir(run, mukellef_id, gun)
            if order is not None:
                run.olusan += 1
                run.tutar += order.toplam
            run.imlec = mukellef_id
        done += len(ids)
        db.session.flush()
        if progress:
            progress(done, max(left, done), f"{done}/{left} mükellef incelendi, {run.olusan} ödeme emri hazırlandı")
        uow.commit_point()
        run = db.session.get_one(OdemeEmriPartisi, run_id)
    run.durum, run.bitis_at = "bitti", datetime.now(UTC)
    run.toplam = run.olusan
    audit.record("gelir.odeme_emri.parti_bitti", actor=run.baslatan, realm="staff", object_type="odeme_emri_partisi",
                 object_id=run.id, after={"olusan": run.olusan, "tutar": str(run.tutar)})
    return run


def _emir(run: OdemeEmriPartisi, mukellef_id: int, gun: date) -> OdemeEmri | None:
    """The taxpayer's order in this batch, unless he has one already or his debts fall short."""
    if db.session.scalar(select(OdemeEmri.id).where(OdemeEmri.parti_id == run.id,
                                                    OdemeEmri.mukellef_id == mukellef_id)) is not None:
        return None
    c = run.kriterler
    debts = [d for d in borc.acik_borclar(mukellef_id, gun)
             if d.tecil_taksiti_id is None and d.vade < gun and d.anapara > 0
             and (c["yil"] is None or d.yil == c["yil"]) and (c["gelir_kodu"] is None or d.gelir_kodu == c["gelir_kodu"])]
    principal = sum((d.anapara for d in debts), ZERO)
    fees = sum((d.gecikme for d in debts), ZERO)
    if not debts or principal + fees < Decimal(c["asgari"]):
        return None
    year, number = _numara(gun)
    order = OdemeEmri(yil=year, sira=number, no=f"OE{year}-{number:06d}", parti_id=run.id, mukellef_id=mukellef_id,
                      duzenleme_tarihi=gun, anapara=principal, gecikme=fees, durum="hazirlandi",
                      olusturan=run.baslatan,
                      kalemler=[{"tahakkuk_id": d.tahakkuk_id, "gelir_adi": d.gelir_adi, "yil": d.yil,
                                 "taksit": d.taksit, "vade": d.vade.isoformat(), "anapara": str(d.anapara),
                                 "gecikme": str(d.gecikme)} for d in debts])
    db.session.add(order)
    db.session.flush()
    audit.record("gelir.odeme_emri.olustur", actor=run.baslatan, realm="staff", object_type="odeme_emri",
                 object_id=order.id, after={"no": order.no, "mukellef_id": mukellef_id, "anapara": str(principal),
                                            "gecikme": str(fees), "parti_id": run.id})
    return order


def _numara(gun: date) -> tuple[int, int]:
    """The next number of the year, gap-free: the counter row is locked until commit."""
    db.session.execute(text("INSERT INTO odeme_emri_sayaclari (yil, son) VALUES (:y, 0) ON CONFLICT DO NOTHING"),
                       {"y": gun.year})
    counter = db.session.scalars(select(OdemeEmriSayaci).where(OdemeEmriSayaci.yil == gun.year)
                                 .with_for_update()).one()
    counter.son += 1
    return gun.year, counter.son


def emir(emir_id: int, *, kilit: bool = False) -> OdemeEmri:
    query = select(OdemeEmri).where(OdemeEmri.id == emir_id)
    row = db.session.scalar(query.with_for_update() if kilit else query)
    if row is None:
        raise GelirError(_l("Ödeme emri bulunamadı."), status=404)
    return row


def _gun_sonra(day: date, key: str) -> date:
    """``day`` + the period of law ``key`` (days), moved past a weekend or holiday."""
    return hesap.vade_gunu(day + timedelta(days=int(parametre.deger(key, day))), parametre.tatil_mi)


def teblig_et(emir_id: int, tarih: date, *, bugun: date, actor: str) -> OdemeEmri:
    """Record the tebliğ day: the 15 days to pay (m.55) and to object (m.58) run from it."""
    row = emir(emir_id, kilit=True)
    if row.durum != "hazirlandi":
        raise GelirError(_l("Bu ödeme emrinin tebliği zaten kaydedilmiş."), status=409)
    if tarih < row.duzenleme_tarihi or tarih > bugun:
        raise GelirError(_l("Tebliğ tarihi geçersiz."),
                         {"teblig_tarihi": [_l("Tebliğ tarihi düzenleme tarihi ile bugün arasında olmalı.")]})
    row.durum, row.teblig_tarihi = "teblig_edildi", tarih
    row.odeme_son_gun = _gun_sonra(tarih, "odeme_emri.odeme_suresi")
    row.itiraz_son_gun = _gun_sonra(tarih, "odeme_emri.itiraz_suresi")
    audit.record("gelir.odeme_emri.teblig", actor=actor, realm="staff", object_type="odeme_emri", object_id=row.id,
                 before={"durum": "hazirlandi"},
                 after={"durum": row.durum, "teblig_tarihi": tarih.isoformat(),
                        "odeme_son_gun": row.odeme_son_gun.isoformat(), "itiraz_son_gun": row.itiraz_son_gun.isoformat()})
    return row


def itiraz_et(emir_id: int, tarih: date, aciklama: str, *, bugun: date, actor: str) -> OdemeEmri:
    """Record an objection (m.58) filed within the period after tebliğ."""
    row = emir(emir_id, kilit=True)
    if row.durum != "teblig_edildi" or row.teblig_tarihi is None or row.itiraz_son_gun is None:
        raise GelirError(_l("İtiraz yalnız tebliğ edilmiş bir ödeme emrine kaydedilir."), status=409)
    if tarih < row.teblig_tarihi or tarih > bugun:
        raise GelirError(_l("İtiraz tarihi geçersiz."),
                         {"itiraz_tarihi": [_l("İtiraz tarihi tebliğ tarihi ile bugün arasında olmalı.")]})
    if tarih > row.itiraz_son_gun:
        raise GelirError(_l("İtiraz süresi geçmiş (6183 m.58)."),
                         {"itiraz_tarihi": [_l("Son itiraz günü %(gun)s idi.",
                                               gun=row.itiraz_son_gun.strftime("%d.%m.%Y"))]})
    row.durum, row.itiraz_tarihi = "itirazda", tarih
    row.aciklama = (aciklama or "").strip()[:500]
    audit.record("gelir.odeme_emri.itiraz", actor=actor, realm="staff", object_type="odeme_emri", object_id=row.id,
                 before={"durum": "teblig_edildi"},
                 after={"durum": row.durum, "itiraz_tarihi": tarih.isoformat(), "aciklama": row.aciklama})
    return row


def itiraz_sonucu(emir_id: int, sonuc: str, tarih: date, *, bugun: date, actor: str) -> OdemeEmri:
    """Record the court's decision on the objection: ``kabul`` cancels the order, ``ret`` lets it stand."""
    row = emir(emir_id, kilit=True)
    if row.durum != "itirazda" or row.itiraz_tarihi is None:
        raise GelirError(_l("Bu ödeme emri için kayıtlı bir itiraz yok."), status=409)
    if sonuc not in ("kabul", "ret"):
        raise GelirError(_l("Karar geçersiz."), {"sonuc": [_l("Kabul ya da ret seçin.")]})
    if tarih < row.itiraz_tarihi or tarih > bugun:
        raise GelirError(_l("Karar tarihi geçersiz."),
                         {"karar_tarihi": [_l("Karar tarihi itiraz tarihi ile bugün arasında olmalı.")]})
    row.itiraz_sonucu, row.itiraz_karar_tarihi = sonuc, tarih
    row.durum = "iptal" if sonuc == "kabul" else "kesinlesti"
    audit.record("gelir.odeme_emri.itiraz_sonucu", actor=actor, realm="staff", object_type="odeme_emri",
                 object_id=row.id, before={"durum": "itirazda"},
                 after={"durum": row.durum, "sonuc": sonuc, "karar_tarihi": tarih.isoformat()})
    return row


def emirler(*, parti_id: int | None = None, mukellef_id: int | None = None, durum: str | None = None):
    """Orders, newest first (a query for the caller to paginate)."""
    query = select(OdemeEmri).order_by(OdemeEmri.id.desc())
    if parti_id is not None:
        query = query.where(OdemeEmri.parti_id == parti_id)
    if mukellef_id is not None:
        query = query.where(OdemeEmri.mukellef_id == mukellef_id)
    if durum:
        query = query.where(OdemeEmri.durum == durum)
    return query
