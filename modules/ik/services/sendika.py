"""A memur's union memberships (4688) and the position's tazminat indicators: what the memur
payroll pays besides the indicators of the assignment.

- **Toplu sözleşme ikramiyesi** ("sendika ödeneği", 375 KHK ek m.4): a member of a kamu
  görevlileri sendikası is paid, every month the membership covers the month's first day,
  ``ik.memur.sendika_gosterge`` × aylık katsayı (``sendika_gosterge_alt`` for a union below
  the threshold).  One union at a time: memberships of a person never overlap.
- **Makam, temsil, görev tazminatı** (657 ek m.26 and its IV sayılı cetvel, 375 KHK m.1): a
  position's indicator of each, by date (append-only rows; a change is a new row from its
  day, 0 ends it), paid × aylık katsayı to whoever holds the position.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from ebelediye import audit
from ebelediye.errors import NotFound
from ebelediye.extensions import db

from ..models import Kadro, KadroTazminati, Personel, SendikaUyeligi
from . import IkError

TAZMINATLAR = ("makam", "temsil", "gorev")


# --- union memberships ---------------------------------------------------------------------

def uyelikler(personel_id: int) -> list[SendikaUyeligi]:
    return list(db.session.scalars(select(SendikaUyeligi).where(SendikaUyeligi.personel_id == personel_id)
                                   .order_by(SendikaUyeligi.baslangic.desc(), SendikaUyeligi.id.desc())))


def uye_yap(personel_id: int, sendika: str, baslangic: date, *, actor: str, bitis: date | None = None,
            baraj_alti: bool = False) -> SendikaUyeligi:
    """Record a memur's membership of a union from ``baslangic`` (to ``bitis``, or open)."""
    p = db.session.scalar(select(Personel).where(Personel.id == personel_id).with_for_update())
    if p is None:
        raise NotFound(_l("Personel bulunamadı."))
    if p.tur != "memur":
        raise IkError(_l("Toplu sözleşme ikramiyesi memur bordrosunda ödenir; personel memur değil."),
                      {"sendika": [_l("Yalnızca memurlar için.")]})
    if not sendika.strip():
        raise IkError(_l("Sendikanın adı girilmeli."), {"sendika": [_l("Sendikanın adı girilmeli.")]})
    if bitis is not None and bitis < baslangic:
        raise IkError(_l("Bitiş başlangıçtan önce olamaz."), {"bitis": [_l("Bitiş başlangıçtan önce olamaz.")]})
    end = bitis or date.max
    overlap = db.session.scalar(select(SendikaUyeligi.id).where(
        SendikaUyeligi.personel_id == p.id, SendikaUyeligi.baslangic <= end,
        or_(SendikaUyeligi.bitis.is_(None), SendikaUyeligi.bitis >= baslangic)).limit(1))
    if overlap is not None:
        raise IkError(_l("Bu tarihlerde başka bir sendika üyeliği var; bir kamu görevlisi aynı anda tek "
                         "sendikaya üye olur."), {"baslangic": [_l("Başka bir üyelikle çakışıyor.")]})
    row = SendikaUyeligi(personel_id=p.id, sendika=sendika.strip()[:160], baslangic=baslangic, bitis=bitis,
                         baraj_alti=baraj_alti, olusturan=actor)
    db.session.add(row)
    db.session.flush()
    audit.record("ik.sendika.uye", actor=actor, object_type="ik_personel", object_id=p.id,
                 after={"uyelik": row.id, "sendika": row.sendika, "baslangic": baslangic.isoformat(),
                        "bitis": bitis.isoformat() if bitis else None, "baraj_alti": baraj_alti})
    return row


def uyelik_bitir(personel_id: int, uyelik_id: int, bitis: date, *, actor: str) -> SendikaUyeligi:
    """End an open membership on ``bitis`` (its last day): set once."""
    row = db.session.scalar(select(SendikaUyeligi).where(SendikaUyeligi.id == uyelik_id,
                                                         SendikaUyeligi.personel_id == personel_id)
                            .with_for_update())
    if row is None:
        raise NotFound(_l("Sendika üyeliği bulunamadı."))
    if row.bitis is not None:
        raise IkError(_l("Bu üyelik zaten sona ermiş."), status=409)
    if bitis < row.baslangic:
        raise IkError(_l("Bitiş başlangıçtan önce olamaz."), {"bitis": [_l("Bitiş başlangıçtan önce olamaz.")]})
    row.bitis = bitis
    db.session.flush()
    audit.record("ik.sendika.bitir", actor=actor, object_type="ik_personel", object_id=personel_id,
                 before={"uyelik": row.id, "bitis": None}, after={"uyelik": row.id, "bitis": bitis.isoformat()})
    return row


def uyeler(personel_ids: list[int], gun: date) -> dict[int, bool]:
    """Who of ``personel_ids`` is a union member on ``gun``: id → the union is below the
    threshold (the lower indicator)."""
    return dict(db.session.execute(select(SendikaUyeligi.personel_id, SendikaUyeligi.baraj_alti).where(
        SendikaUyeligi.personel_id.in_(personel_ids), SendikaUyeligi.baslangic <= gun,
        or_(SendikaUyeligi.bitis.is_(None), SendikaUyeligi.bitis >= gun))).all())


# --- a position's makam, temsil and görev tazminatı ---------------------------------------------

def tazminatlar(kadro_id: int) -> list[KadroTazminati]:
    return list(db.session.scalars(select(KadroTazminati).where(KadroTazminati.kadro_id == kadro_id)
                                   .order_by(KadroTazminati.tur, KadroTazminati.baslangic.desc())))


def tazminat_ekle(kadro_id: int, tur: str, gosterge: int, baslangic: date, *, actor: str,
                  kaynak: str = "") -> KadroTazminati:
    """A position's tazminat indicator from ``baslangic`` (0 ends the tazminat)."""
    kadro = db.session.get(Kadro, kadro_id)
    if kadro is None:
        raise NotFound(_l("Kadro bulunamadı."))
    if tur not in TAZMINATLAR:
        raise IkError(_l("Bilinmeyen tazminat türü."), {"tur": [_l("Bilinmeyen tazminat türü.")]})
    if kadro.tur != "memur":
        raise IkError(_l("Makam, temsil ve görev tazminatı memur kadrolarına tanımlanır."),
                      {"kadro_id": [_l("Memur kadrosu değil.")]})
    if gosterge < 0:
        raise IkError(_l("Gösterge negatif olamaz."), {"gosterge": [_l("Gösterge negatif olamaz.")]})
    taken = db.session.scalar(select(KadroTazminati.id).where(
        KadroTazminati.kadro_id == kadro.id, KadroTazminati.tur == tur, KadroTazminati.baslangic == baslangic))
    if taken is not None:
        raise IkError(_l("Bu kadronun bu tazminatı için o günden bir satır var; değişiklik yeni bir tarihten "
                         "girilir."), {"baslangic": [_l("Bu tarihte bir satır var.")]})
    row = KadroTazminati(kadro_id=kadro.id, tur=tur, gosterge=gosterge, baslangic=baslangic,
                         kaynak=kaynak.strip()[:200], olusturan=actor)
    db.session.add(row)
    db.session.flush()
    audit.record("ik.kadro.tazminat", actor=actor, object_type="ik_kadro", object_id=kadro.id,
                 after={"tur": tur, "gosterge": gosterge, "baslangic": baslangic.isoformat(), "kaynak": row.kaynak})
    return row


def yururlukte(kadro_ids: list[int], gun: date) -> dict[int, dict[str, int]]:
    """Each position's tazminat indicators in force on ``gun`` (the latest row by then of each
    kind): kadro id → {tur: gösterge}."""
    out: dict[int, dict[str, int]] = {}
    for kadro_id, tur, gosterge in db.session.execute(
            select(KadroTazminati.kadro_id, KadroTazminati.tur, KadroTazminati.gosterge)
            .where(KadroTazminati.kadro_id.in_(kadro_ids), KadroTazminati.baslangic <= gun)
            .order_by(KadroTazminati.baslangic)):
        out.setdefault(kadro_id, {})[tur] = gosterge  # a later row replaces an earlier one
    return out


__all__ = ["TAZMINATLAR", "tazminat_ekle", "tazminatlar", "uye_yap", "uyeler", "uyelik_bitir",
           "uyelikler", "yururlukte"]
