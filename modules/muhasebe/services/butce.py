"""The budget (bütçe): appropriations per budget line (tertip) and their use.

The ledger is the source: approving a voucher applies its appropriation lines to the
budget lines they name (RULES §6.2 item 8):

- 901 A (900 B / 901 A at year start, additions, a transfer's receiving side) raises the
  appropriation; 901 B (a transfer's giving side, a cancellation) lowers it;
- 905 B (each ödeme emri: 905 B / 900 A) uses it; 905 A (its reversal) gives it back.

Each budget line touched is locked FOR UPDATE (in id order) before it is read, so twenty
concurrent expenses on one line queue on its row and the last ones are refused once the
appropriation is used up.  A CHECK (``kullanilan <= odenek``) backs the rule in the
database.  A 905 line without a budget line for its codes is refused: there is no
spending without an appropriation (5018 m.20).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ebelediye import audit
from ebelediye.errors import NotFound
from ebelediye.extensions import db

from .. import hesap
from ..hesap import Satir
from ..models import ButceHareketi, ButceKalemi, Fis, FisSatiri
from . import MuhasebeConflict, MuhasebeError

#: finansman tipi of a municipality's own budget (RULES §6.3: 5 = Mahalli İdareler)
FINANSMAN = "5"


def kalemler(yil: int) -> list[ButceKalemi]:
    return list(db.session.scalars(select(ButceKalemi).where(ButceKalemi.yil == yil).order_by(
        ButceKalemi.kurumsal, ButceKalemi.fonksiyonel, ButceKalemi.ekonomik)))


def kalem(kalem_id: int) -> ButceKalemi:
    row = db.session.get(ButceKalemi, kalem_id)
    if row is None:
        raise NotFound(_l("Bütçe kalemi bulunamadı."))
    return row


def kalem_ac(yil: int, kurumsal: str, fonksiyonel: str, ekonomik: str, ad: str, *, actor: str,
             finansman: str = FINANSMAN) -> ButceKalemi:
    """Open a budget line (tertip) with no appropriation yet."""
    codes = {"kurumsal": kurumsal.strip(), "fonksiyonel": fonksiyonel.strip(), "finansman": finansman.strip(),
             "ekonomik": hesap.ekonomik_kalem(ekonomik.strip())}
    missing = {k: [_l("Bu kod gerekli.")] for k, v in codes.items() if not v}
    if missing or not ad.strip():
        raise MuhasebeError(_l("Bütçe kaleminin kodları ve adı gerekli."),
                            {**missing, **({"ad": [_l("Kalemin adını yazın.")]} if not ad.strip() else {})})
    if db.session.scalar(select(ButceKalemi.id).filter_by(yil=yil, **codes)) is not None:
        raise MuhasebeConflict(_l("Bu tertipte bir bütçe kalemi zaten var."))
    row = ButceKalemi(yil=yil, ad=ad.strip()[:200], odenek=Decimal(0), kullanilan=Decimal(0), olusturan=actor,
                      **codes)
    db.session.add(row)
    db.session.flush()
    audit.record("muhasebe.butce.kalem_ac", actor=actor, realm="staff", object_type="butce_kalemi", object_id=row.id,
                 after={"yil": yil, **codes, "ad": row.ad})
    return row


def _codes(row: ButceKalemi) -> dict[str, str]:
    return {"kurumsal": row.kurumsal, "fonksiyonel": row.fonksiyonel, "finansman": row.finansman,
            "ekonomik": row.ekonomik}


def _pozitif(tutar: Decimal) -> None:
    if tutar <= 0:
        raise MuhasebeError(_l("Tutar sıfırdan büyük olmalı."), {"tutar": [_l("Sıfırdan büyük bir tutar girin.")]})


def odenek_satirlari(row: ButceKalemi, tutar: Decimal) -> list[Satir]:
    """Year-start or additional appropriation: 900 B / 901 A (RULES §6.2 item 8)."""
    _pozitif(tutar)
    return [hesap.borc("900", tutar, **_codes(row)), hesap.alacak("901", tutar, **_codes(row))]


def aktarim_satirlari(kaynak: ButceKalemi, hedef: ButceKalemi, tutar: Decimal) -> list[Satir]:
    """A transfer (aktarma) between lines: the appropriation leaves one and reaches the other."""
    _pozitif(tutar)
    if kaynak.id == hedef.id:
        raise MuhasebeError(_l("Aktarma aynı kaleme yapılamaz."), {"hedef_id": [_l("Başka bir kalem seçin.")]})
    if kaynak.yil != hedef.yil:
        raise MuhasebeError(_l("Aktarma aynı yılın kalemleri arasında yapılır."))
    return [hesap.borc("901", tutar, **_codes(kaynak)), hesap.alacak("900", tutar, **_codes(kaynak)),
            hesap.borc("900", tutar, **_codes(hedef)), hesap.alacak("901", tutar, **_codes(hedef))]


def harcama_satirlari(row: ButceKalemi, tutar: Decimal, gider_ekonomik: str = "", alacakli: str = "320",
                      kesintiler: Sequence[tuple[str, Decimal]] = ()) -> list[Satir]:
    """An ödeme emri belgesi: 630 B / 320 A, 830 B / 835 A and 905 B / 900 A (RULES §6.2 item 7).

    ``kesintiler`` are the taxes withheld from the payee ((360 sub-account, amount)): 320 is
    credited with what is left and each withholding's account with its amount; 830/835 and
    905/900 carry the whole amount."""
    _pozitif(tutar)
    codes = _codes(row)
    detail = {**codes, "ekonomik": gider_ekonomik.strip() or row.ekonomik}
    withheld = sum((t for _k, t in kesintiler), Decimal(0))
    if withheld >= tutar:
        raise MuhasebeError(_l("Kesintiler harcamanın tutarını aşıyor."))
    return [hesap.borc("630", tutar, **detail), hesap.alacak(alacakli, tutar - withheld, **detail),
            *[hesap.alacak(kod, t) for kod, t in kesintiler if t > 0],
            hesap.borc("830", tutar, **detail), hesap.alacak("835", tutar, **detail),
            hesap.borc("905", tutar, **codes), hesap.alacak("900", tutar, **codes)]


def _kalem_of(yil: int, s: FisSatiri) -> tuple[int, str, str, str, str]:
    return (yil, s.kurumsal, s.fonksiyonel, s.finansman, hesap.ekonomik_kalem(s.ekonomik))


def uygula(fis: Fis, satirlar: Sequence[FisSatiri]) -> None:
    """Apply an approving voucher's 901 and 905 lines to their budget lines, locked."""
    moving = [s for s in satirlar if s.hesap_kod.split(".")[0] in ("901", "905")]
    if not moving:
        return
    wanted = {_kalem_of(fis.yil, s) for s in moving}
    found: dict[tuple, ButceKalemi] = {}
    ids = []
    for key in wanted:
        kid = db.session.scalar(select(ButceKalemi.id).filter_by(
            yil=key[0], kurumsal=key[1], fonksiyonel=key[2], finansman=key[3], ekonomik=key[4]))
        if kid is None:
            raise MuhasebeError(
                _l("Bu tertipte bütçe ödeneği yok: %(tertip)s (%(yil)s).", tertip=" | ".join(key[1:]), yil=key[0]),
                {"satirlar": [_l("Önce bütçe kalemini açın ve ödenek verin.")]})
        ids.append(kid)
    locked = db.session.scalars(select(ButceKalemi).where(ButceKalemi.id.in_(sorted(ids)))
                                .order_by(ButceKalemi.id).with_for_update()).all()
    for row in locked:
        db.session.refresh(row)  # the values as of the lock, not as the session cached them
        found[(row.yil, row.kurumsal, row.fonksiyonel, row.finansman, row.ekonomik)] = row
    moves: list[ButceHareketi] = []
    for s in moving:
        row = found[_kalem_of(fis.yil, s)]
        if s.hesap_kod.split(".")[0] == "901":
            if s.alacak > 0:
                row.odenek += s.alacak
                moves.append(ButceHareketi(kalem_id=row.id, fis_id=fis.id, tur="odenek", tutar=s.alacak, tarih=fis.tarih))
            else:
                row.odenek -= s.borc
                moves.append(ButceHareketi(kalem_id=row.id, fis_id=fis.id, tur="odenek_dusum", tutar=s.borc,
                                           tarih=fis.tarih))
        elif s.borc > 0:
            row.kullanilan += s.borc
            moves.append(ButceHareketi(kalem_id=row.id, fis_id=fis.id, tur="harcama", tutar=s.borc, tarih=fis.tarih))
        else:
            row.kullanilan -= s.alacak
            moves.append(ButceHareketi(kalem_id=row.id, fis_id=fis.id, tur="harcama_iptal", tutar=s.alacak,
                                       tarih=fis.tarih))
    for row in found.values():
        if row.kullanilan > row.odenek:
            raise MuhasebeError(
                _l("Ödenek yetersiz: %(ad)s (%(tertip)s) kaleminde kalan %(kalan)s, istenen harcama bunu aşıyor.",
                   ad=row.ad, tertip=row.tertip, kalan=row.odenek - (row.kullanilan - _used_here(row, moves))),
                {"tutar": [_l("Ödeneği aşan harcama yapılamaz.")]})
        if row.odenek < 0 or row.kullanilan < 0:
            raise MuhasebeError(_l("%(ad)s kaleminde düşülecek kadar ödenek yok.", ad=row.ad))
    db.session.add_all(moves)
    db.session.flush()


def _used_here(row: ButceKalemi, moves: Sequence[ButceHareketi]) -> Decimal:
    return sum((m.tutar if m.tur == "harcama" else -m.tutar for m in moves
                if m.kalem_id == row.id and m.tur in ("harcama", "harcama_iptal")), Decimal(0))


def hareketler(kalem_id: int) -> list[ButceHareketi]:
    return list(db.session.scalars(select(ButceHareketi).where(ButceHareketi.kalem_id == kalem_id)
                                   .order_by(ButceHareketi.id)))


def yil_ozeti(yil: int) -> tuple[Decimal, Decimal]:
    rows = kalemler(yil)
    return (sum((r.odenek for r in rows), Decimal(0)), sum((r.kullanilan for r in rows), Decimal(0)))




def yil_toplami(yil: int) -> tuple[Decimal, Decimal]:
    """(appropriation, use) of the year in one statement (the dashboard card)."""
    from sqlalchemy import func

    granted, used = db.session.execute(select(func.coalesce(func.sum(ButceKalemi.odenek), 0),
                                              func.coalesce(func.sum(ButceKalemi.kullanilan), 0))
                                       .where(ButceKalemi.yil == yil)).one()
    return Decimal(granted), Decimal(used)
