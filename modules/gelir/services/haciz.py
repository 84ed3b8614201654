"""Haciz records (6183 m.62 ff.): what was attached, when, for how much, securing which
debts, and its release (kaldırma) with a reason.

Kinds: ``banka`` (an account), ``maas`` (a salary: at most a quarter of the net salary, the
6183 m.71 / İİK m.83 practice — RULES §5.4 gives ¼ to ⅓; the ¼ limit here is [U]), ``arac``
(a vehicle), ``tasinmaz`` (real estate).  A record only: the letters to banks and employers,
the sale (m.85 ff.) and money received from a haciz (taken as an ordinary payment) are not
here.  The haciz day interrupts zamanaşımı for the debts it secures (m.103), whether or not
it was released later.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, text

from ebelediye import audit
from ebelediye.extensions import db

from ..models import Haciz
from . import GelirError, para

TURLER = {"banka": _l("Banka hesabı"), "maas": _l("Maaş (ücret)"), "arac": _l("Araç"), "tasinmaz": _l("Taşınmaz")}
DURUMLAR = {"aktif": _l("Aktif"), "kaldirildi": _l("Kaldırıldı")}
#: the share of the net salary a salary attachment may take [U]
MAAS_PAYI = Decimal("0.25")


def kaydet(mukellef_id: int, tur: str, tarih: date, tutar: object, konu: str, tahakkuk_ids: list[int], *,
           bugun: date, actor: str, maas_net: object = None) -> Haciz:
    """Record a haciz securing some of the taxpayer's own open debts."""
    errors: dict[str, list] = {}
    if tur not in TURLER:
        errors["tur"] = [_l("Haciz türünü seçin.")]
    if tarih > bugun:
        errors["tarih"] = [_l("Haciz tarihi bugünden sonra olamaz.")]
    konu = (konu or "").strip()
    if not konu:
        errors["konu"] = [_l("Haczedilen malı ya da hesabı yazın.")]
    amount = None
    try:
        amount = para(tutar)
    except GelirError as exc:
        errors.update(exc.errors)
    net = None
    if tur == "maas":
        try:
            net = para(maas_net, "maas_net")
        except GelirError as exc:
            errors.update(exc.errors)
        if amount is not None and net is not None and amount > (net * MAAS_PAYI).quantize(Decimal("0.01")):
            errors["tutar"] = [_l("Maaş haczi net maaşın dörtte birini aşamaz.")]
    ids = sorted(set(tahakkuk_ids or []))
    if not ids:
        errors["tahakkuk"] = [_l("Haczin güvence altına aldığı borçları seçin.")]
    if errors:
        raise GelirError(_l("Haciz kaydedilemedi; işaretli alanları düzeltin."), errors)
    if db.session.execute(text("SELECT 1 FROM mukellefler WHERE id = :m"), {"m": mukellef_id}).first() is None:
        raise GelirError(_l("Mükellef bulunamadı."), status=404)
    own = set(db.session.scalars(text(
        "SELECT id FROM tahakkuklar WHERE mukellef_id = :m AND id = ANY(:ids) AND iptal_edilen_id IS NULL"),
        {"m": mukellef_id, "ids": ids}))
    if missing := [i for i in ids if i not in own]:
        raise GelirError(_l("Seçilen borçlardan bazıları bu mükellefin değil: %(no)s.", no=", ".join(map(str, missing))),
                         {"tahakkuk": [_l("Mükellefin kendi borçlarını seçin.")]})
    assert amount is not None
    row = Haciz(mukellef_id=mukellef_id, tur=tur, tarih=tarih, tutar=amount, konu=konu[:300], maas_net=net,
                tahakkuklar=ids, durum="aktif", olusturan=actor)
    db.session.add(row)
    db.session.flush()
    audit.record("gelir.haciz.kaydet", actor=actor, realm="staff", object_type="haciz", object_id=row.id,
                 after={"mukellef_id": mukellef_id, "tur": tur, "tarih": tarih.isoformat(), "tutar": str(amount),
                        "konu": row.konu, "tahakkuklar": ids})
    return row


def haciz(haciz_id: int, *, kilit: bool = False) -> Haciz:
    query = select(Haciz).where(Haciz.id == haciz_id)
    row = db.session.scalar(query.with_for_update() if kilit else query)
    if row is None:
        raise GelirError(_l("Haciz bulunamadı."), status=404)
    return row


def kaldir(haciz_id: int, tarih: date, neden: str, *, bugun: date, actor: str) -> Haciz:
    """Release a haciz (the debt paid, a court's decision, …) with its day and reason."""
    row = haciz(haciz_id, kilit=True)
    if row.durum != "aktif":
        raise GelirError(_l("Bu haciz zaten kaldırıldı."), status=409)
    errors: dict[str, list] = {}
    if not (neden or "").strip():
        errors["neden"] = [_l("Kaldırma nedenini yazın.")]
    if tarih < row.tarih or tarih > bugun:
        errors["tarih"] = [_l("Kaldırma tarihi haciz tarihi ile bugün arasında olmalı.")]
    if errors:
        raise GelirError(_l("Haciz kaldırılamadı."), errors)
    row.durum, row.kaldirma_tarihi, row.kaldirma_nedeni = "kaldirildi", tarih, neden.strip()[:500]
    audit.record("gelir.haciz.kaldir", actor=actor, realm="staff", object_type="haciz", object_id=row.id,
                 before={"durum": "aktif"}, after={"durum": "kaldirildi", "tarih": tarih.isoformat(),
                                                   "neden": row.kaldirma_nedeni})
    return row


def hacizler(*, mukellef_id: int | None = None, durum: str | None = None):
    query = select(Haciz).order_by(Haciz.id.desc())
    if mukellef_id is not None:
        query = query.where(Haciz.mukellef_id == mukellef_id)
    if durum:
        query = query.where(Haciz.durum == durum)
    return query


def kesilmeler(mukellef_ids: list[int]) -> list[tuple[int, date]]:
    """(debt id, haciz day) for every haciz of the taxpayers: zamanaşımı's m.103 acts."""
    rows = db.session.execute(text("""
        SELECT CAST(k.value AS text)::bigint AS tahakkuk_id, h.tarih
        FROM hacizler h CROSS JOIN LATERAL jsonb_array_elements(h.tahakkuklar) k
        WHERE h.mukellef_id = ANY(:m)"""), {"m": mukellef_ids})
    return [(r.tahakkuk_id, r.tarih) for r in rows]
