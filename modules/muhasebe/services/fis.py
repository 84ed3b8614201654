"""Vouchers (muhasebe işlem fişi, ödeme emri belgesi, gönderme emri).

- ``hazirla``: a draft that balances (Σ borç = Σ alacak), on active accounts, dated in an
  open month of an opened year (RULES §6.4: the MİF is the generic voucher).
- ``onayla``: someone other than the preparer approves (5018's separation of duties: the
  one who prepares is not the one who approves); the approval applies the budget effects
  (901, 905) under row locks, checks the accounts whose balance may not turn, and gives
  the yevmiye number from the year's counter locked FOR UPDATE, so numbers have no gaps
  whatever rolls back.
- An approved voucher never changes: ``ters_kayit`` prepares the reversing voucher, which
  is approved like any other.
- ``otomatik``: what a receiver posts for another module's event, approved at once in the
  sender's transaction (the source document was approved there).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, func, or_, select, text

from ebelediye import audit, clock
from ebelediye.errors import NotFound
from ebelediye.extensions import db

from .. import hesap
from ..hesap import Satir
from ..models import Fis, FisSatiri, Hesap
from . import (
    ACILIS_ONEK,
    KAPANIS,
    MuhasebeConflict,
    MuhasebeError,
    acilis_haric,
    butce,
    donem_acik_olmali,
)

TURLER = ("mif", "oeb", "gonderme")


class GorevlerAyriligi(MuhasebeError):
    """The preparer tried to approve their own voucher."""

    status = 403
    code = "gorevler_ayriligi"


def fis(fis_id: int) -> Fis:
    row = db.session.get(Fis, fis_id)
    if row is None:
        raise NotFound(_l("Fiş bulunamadı."))
    return row


def satirlari(fis_id: int) -> list[FisSatiri]:
    return list(db.session.scalars(select(FisSatiri).where(FisSatiri.fis_id == fis_id).order_by(FisSatiri.sira)))


def ara(q: str = "", durum: str = "", yil: int | None = None, page: int = 1, per_page: int = 25) -> tuple[list[Fis], int]:
    query = select(Fis)
    if durum:
        query = query.where(Fis.durum == durum)
    if yil:
        query = query.where(Fis.yil == yil)
    q = q.strip()
    if q:
        like = f"%{q.replace('%', '').replace('_', '')}%"
        conditions: list[ColumnElement[bool]] = [Fis.aciklama.ilike(like), Fis.kaynak.ilike(like), Fis.hazirlayan.ilike(like)]
        if q.isdigit() and len(q) <= 9:
            conditions.append(Fis.no == int(q))
        query = query.where(or_(*conditions))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(query.order_by(Fis.tarih.desc(), Fis.id.desc())
                              .limit(per_page).offset((max(page, 1) - 1) * per_page)).all()
    return list(rows), total


def _dogrula(tarih: date, satirlar: Sequence[Satir], *, elle: bool, donem: bool = True) -> None:
    if len(satirlar) < 2:
        raise MuhasebeError(_l("Bir fişte en az iki satır olmalı."), {"satirlar": [_l("Borç ve alacak satırı girin.")]})
    errors: dict[str, list[object]] = {}
    # automatic postings name the standard accounts in code (the foreign key holds them)
    known = {row.kod: row for row in db.session.scalars(select(Hesap).where(Hesap.kod.in_({s.hesap for s in satirlar})))} \
        if elle else {}
    for i, s in enumerate(satirlar):
        if elle:
            row = known.get(s.hesap)
            if row is None:
                errors[f"satirlar.{i}.hesap"] = [_l("Hesap planında böyle bir hesap yok: %(kod)s", kod=s.hesap)]
            elif not row.aktif:
                errors[f"satirlar.{i}.hesap"] = [_l("Hesap pasif: %(kod)s", kod=s.hesap)]
        if (s.borc > 0) == (s.alacak > 0) or s.borc < 0 or s.alacak < 0:
            errors[f"satirlar.{i}.borc"] = [_l("Satırın yalnız borç ya da yalnız alacak tutarı olmalı.")]
    if errors:
        raise MuhasebeError(_l("Fiş satırlarında hata var."), errors)
    debit, credit = hesap.toplamlar(satirlar)
    if debit != credit:
        raise MuhasebeError(
            _l("Fiş dengeli değil: borç %(borc)s, alacak %(alacak)s.", borc=debit, alacak=credit),
            {"satirlar": [_l("Borç ve alacak toplamları eşit olmalı.")]})
    if elle and tarih.year > clock.today().year:
        raise MuhasebeError(_l("%(yil)s mali yılı henüz açılmadı.", yil=tarih.year),
                            {"tarih": [_l("Açık mali yıl içinde bir tarih girin.")]})
    if donem:
        _acik_olmali(tarih)


def _acik_olmali(tarih: date) -> None:
    """The month is not locked and the year not closed (one statement)."""
    month_locked, year_closed = db.session.execute(text(
        "SELECT EXISTS (SELECT 1 FROM muh_donemler WHERE yil = :y AND ay = :m), "
        "EXISTS (SELECT 1 FROM muh_fisler WHERE kaynak = :k AND durum = 'onaylandi')"),
        {"y": tarih.year, "m": tarih.month, "k": KAPANIS.format(yil=tarih.year)}).one()
    if month_locked:
        donem_acik_olmali(tarih)  # raises with the month's message
    if year_closed:
        raise MuhasebeError(_l("%(yil)s yılı kapatıldı; bu yıla kayıt yapılamaz.", yil=tarih.year),
                            {"tarih": [_l("Açık mali yıl içinde bir tarih girin.")]})


def _yaz(tarih: date, satirlar: Sequence[Satir], *, tur: str, aciklama: str, actor: str, actor_id: int | None,
         kaynak: str | None = None, ters_fis_id: int | None = None, no: int | None = None) -> Fis:
    """Write a draft, or (``no`` given) a voucher approved as it is written."""
    if tur not in TURLER:
        raise MuhasebeError(_l("Fiş türü geçersiz."), {"tur": [_l("Geçerli bir fiş türü seçin.")]})
    row = Fis(yil=tarih.year, tur=tur, tarih=tarih, aciklama=aciklama.strip()[:500], durum="taslak", kaynak=kaynak,
              ters_fis_id=ters_fis_id, toplam=hesap.toplamlar(satirlar)[0], hazirlayan=actor, hazirlayan_id=actor_id)
    if no is not None:
        row.no, row.durum, row.onaylayan, row.onay_at = no, "onaylandi", actor, datetime.now(UTC)
    db.session.add(row)
    db.session.flush()
    db.session.add_all([
        FisSatiri(fis_id=row.id, tarih=tarih, sira=i, hesap_kod=s.hesap, kurumsal=s.kurumsal, fonksiyonel=s.fonksiyonel,
                  finansman=s.finansman, ekonomik=s.ekonomik, borc=s.borc, alacak=s.alacak,
                  aciklama=s.aciklama[:300])
        for i, s in enumerate(satirlar, 1)])
    db.session.flush()
    return row


def hazirla(tarih: date, satirlar: Sequence[Satir], *, actor: str, actor_id: int | None = None, tur: str = "mif",
            aciklama: str = "", kaynak: str | None = None) -> Fis:
    """A draft voucher; it moves no balance until someone else approves it."""
    _dogrula(tarih, satirlar, elle=True)
    row = _yaz(tarih, satirlar, tur=tur, aciklama=aciklama, actor=actor, actor_id=actor_id, kaynak=kaynak)
    audit.record("muhasebe.fis.hazirla", actor=actor, realm="staff", object_type="fis", object_id=row.id,
                 after={"tarih": tarih.isoformat(), "tur": tur, "toplam": str(row.toplam), "satir": len(satirlar)})
    return row


def _kilitle(fis_id: int) -> Fis:
    row = db.session.scalar(select(Fis).where(Fis.id == fis_id).with_for_update())
    if row is None:
        raise NotFound(_l("Fiş bulunamadı."))
    return row


def _numara(yil: int) -> int:
    """The next yevmiye number of ``yil``: the counter row stays locked until the unit ends."""
    return db.session.execute(text(
        "INSERT INTO muh_sayaclar (yil, son) VALUES (:y, 1) "
        "ON CONFLICT (yil) DO UPDATE SET son = muh_sayaclar.son + 1 RETURNING son"), {"y": yil}).scalar_one()


def _ters_bakiye_kontrol(row: Fis, satirlar: Sequence[FisSatiri]) -> None:
    """Accounts whose balance may not turn (kasa in credit, 901 in debit) stay on their side."""
    codes = {s.hesap_kod for s in satirlar}
    # locked (in code order, after the voucher and its budget lines, before the counter) so two
    # approvals cannot each see the cash that only one of them may take
    guarded = {h.kod: h for h in db.session.scalars(
        select(Hesap).where(Hesap.kod.in_(codes), Hesap.ters_bakiye_yasak.is_(True)).order_by(Hesap.kod)
        .with_for_update())}
    if not guarded:
        return
    totals = dict.fromkeys(guarded, (Decimal(0), Decimal(0)))
    for kod, debit, credit in db.session.execute(
            select(FisSatiri.hesap_kod, func.sum(FisSatiri.borc), func.sum(FisSatiri.alacak))
            .join(Fis, Fis.id == FisSatiri.fis_id)
            .where(Fis.durum == "onaylandi", FisSatiri.hesap_kod.in_(list(guarded)), Fis.id.not_in(acilis_haric()))
            .group_by(FisSatiri.hesap_kod)):
        totals[kod] = (debit, credit)
    for s in satirlar:
        if s.hesap_kod in guarded:
            debit, credit = totals[s.hesap_kod]
            totals[s.hesap_kod] = (debit + s.borc, credit + s.alacak)
    for kod, (debit, credit) in totals.items():
        account = guarded[kod]
        if hesap.ters_bakiye_mi(account.bakiye_yonu, debit, credit):
            side = _l("alacak") if account.bakiye_yonu == "B" else _l("borç")
            raise MuhasebeError(
                _l("%(kod)s %(ad)s hesabı %(yon)s bakiyesi veremez; bu fiş onaylanırsa verir.",
                   kod=kod, ad=account.ad, yon=side),
                {"satirlar": [_l("%(kod)s hesabının bakiyesi ters döner.", kod=kod)]})


def _onayla(row: Fis, satirlar: Sequence[FisSatiri], *, actor: str, actor_id: int | None,
            ters_kontrol: bool = True) -> None:
    if row.kaynak != KAPANIS.format(yil=row.yil):  # the closing leaves the budget lines' figures as they were
        butce.uygula(row, satirlar)  # first: "the appropriation is used up" is the message that explains
    if ters_kontrol and not (row.kaynak or "").startswith(ACILIS_ONEK):  # an opening repeats balances
        _ters_bakiye_kontrol(row, satirlar)
    row.no = _numara(row.yil)
    row.durum = "onaylandi"
    row.onaylayan = actor
    row.onaylayan_id = actor_id
    row.onay_at = datetime.now(UTC)
    db.session.flush()


def onayla(fis_id: int, *, actor: str, actor_id: int | None = None) -> Fis:
    row = _kilitle(fis_id)
    if row.durum != "taslak":
        raise MuhasebeConflict(_l("Yalnız taslak bir fiş onaylanabilir; bu fiş %(durum)s.", durum=row.durum))
    same = (row.hazirlayan_id == actor_id) if (row.hazirlayan_id is not None and actor_id is not None) \
        else (row.hazirlayan == actor)
    if same:
        raise GorevlerAyriligi(_l("Fişi hazırlayan kişi onaylayamaz (görevler ayrılığı, 5018 s.K.)."))
    _acik_olmali(row.tarih)
    _onayla(row, satirlari(row.id), actor=actor, actor_id=actor_id)
    audit.record("muhasebe.fis.onayla", actor=actor, realm="staff", object_type="fis", object_id=row.id,
                 before={"durum": "taslak"}, after={"durum": "onaylandi", "no": row.numara, "toplam": str(row.toplam)})
    return row


def iptal(fis_id: int, *, actor: str) -> Fis:
    """A draft that will not be approved is cancelled (kept, never deleted)."""
    row = _kilitle(fis_id)
    if row.durum != "taslak":
        raise MuhasebeConflict(_l("Onaylanmış fiş iptal edilemez; ters kayıt yapın."))
    row.durum = "iptal"
    db.session.flush()
    audit.record("muhasebe.fis.iptal", actor=actor, realm="staff", object_type="fis", object_id=row.id,
                 before={"durum": "taslak"}, after={"durum": "iptal"})
    return row


def ters_kayit(fis_id: int, *, actor: str, actor_id: int | None = None, tarih: date | None = None) -> Fis:
    """The draft reversing an approved voucher: every line on the other side."""
    original = fis(fis_id)
    if original.durum != "onaylandi":
        raise MuhasebeConflict(_l("Yalnız onaylanmış bir fiş ters kayıtla düzeltilir."))
    if original.ters_fis_id is not None:
        raise MuhasebeConflict(_l("Bu fiş zaten bir ters kayıt; onu da ters çevirmek yerine yeni fiş hazırlayın."))
    existing = db.session.scalar(select(Fis.id).where(Fis.ters_fis_id == fis_id, Fis.durum != "iptal"))
    if existing is not None:
        raise MuhasebeConflict(_l("Bu fişin ters kaydı zaten var."))
    day = tarih or clock.today()
    lines = hesap.ters([Satir(s.hesap_kod, s.borc, s.alacak, s.kurumsal, s.fonksiyonel, s.finansman, s.ekonomik,
                              s.aciklama) for s in satirlari(fis_id)])
    _dogrula(day, lines, elle=True)
    row = _yaz(day, lines, tur=original.tur, aciklama=f"Ters kayıt: {original.numara} {original.aciklama}",
               actor=actor, actor_id=actor_id, kaynak=original.kaynak, ters_fis_id=original.id)
    audit.record("muhasebe.fis.ters_kayit", actor=actor, realm="staff", object_type="fis", object_id=row.id,
                 after={"ters_edilen": original.id, "toplam": str(row.toplam)})
    return row


def otomatik(kaynak: str, tarih: date, satirlar: Sequence[Satir], *, actor: str, aciklama: str,
             tur: str = "mif") -> int | None:
    """Post another module's event, approved at once, in the sender's transaction.

    The source document was prepared and approved in its module (the cash desk's receipt,
    the approved payroll); the voucher records it.  A closed month refuses it, and with it
    the sender's change.  Balances that turn are not refused here: the subsidiary ledger
    is the record of what happened (reconciliation shows differences)."""
    lines = hesap.sifirsiz(satirlar)
    if not lines:
        return None
    _dogrula(tarih, lines, elle=False, donem=False)
    if any(s.ana_hesap in ("901", "905") for s in lines):  # budget lines are locked before the counter
        _acik_olmali(tarih)
        row = _yaz(tarih, lines, tur=tur, aciklama=aciklama, actor=actor, actor_id=None, kaynak=kaynak)
        _onayla(row, satirlari(row.id), actor=actor, actor_id=None, ters_kontrol=False)
        fis_id, no = row.id, row.no
    else:
        fis_id, no = _hizli(kaynak, tarih, lines, actor=actor, aciklama=aciklama, tur=tur)
    audit.record("muhasebe.fis.otomatik", actor=actor, realm="system", object_type="fis", object_id=fis_id,
                 after={"kaynak": kaynak, "no": f"{tarih.year}/{no:06d}", "toplam": str(hesap.toplamlar(lines)[0])})
    return fis_id


_NUMARA_ACIKSA = text("""
    WITH kapali AS (
        SELECT EXISTS (SELECT 1 FROM muh_donemler WHERE yil = :y AND ay = :m)
            OR EXISTS (SELECT 1 FROM muh_fisler WHERE kaynak = :k AND durum = 'onaylandi') AS k)
    INSERT INTO muh_sayaclar (yil, son) SELECT :y, 1 FROM kapali WHERE NOT kapali.k
    ON CONFLICT (yil) DO UPDATE SET son = muh_sayaclar.son + 1
    RETURNING son""")

_YAZ_ONAYLI = text("""
    WITH f AS (
        INSERT INTO muh_fisler (yil, no, tur, tarih, aciklama, durum, kaynak, toplam, hazirlayan, onaylayan, onay_at)
        VALUES (:yil, :no, :tur, :tarih, :aciklama, 'onaylandi', :kaynak, :toplam, :actor, :actor, now())
        RETURNING id)
    INSERT INTO muh_fis_satirlari (fis_id, tarih, sira, hesap_kod, kurumsal, fonksiyonel, finansman, ekonomik, borc,
                                   alacak, aciklama)
    SELECT f.id, :tarih, v.sira, v.hesap, v.kurumsal, v.fonksiyonel, v.finansman, v.ekonomik, v.borc, v.alacak,
           v.aciklama
    FROM f, jsonb_to_recordset(CAST(:satirlar AS jsonb)) AS v(sira int, hesap text, kurumsal text, fonksiyonel text,
                                                         finansman text, ekonomik text, borc numeric, alacak numeric,
                                                         aciklama text)
    RETURNING fis_id""")


def _hizli(kaynak: str, tarih: date, lines: Sequence[Satir], *, actor: str, aciklama: str, tur: str) -> tuple[int, int]:
    """An automatic voucher with no budget lines in two statements: the number (taken only
    if the month is open and the year not closed) and the voucher with its lines, approved."""
    no = db.session.execute(_NUMARA_ACIKSA, {"y": tarih.year, "m": tarih.month,
                                             "k": KAPANIS.format(yil=tarih.year)}).scalar()
    if no is None:
        _acik_olmali(tarih)  # raises the locked month's or closed year's message
        raise MuhasebeError(_l("Bu tarihe kayıt yapılamaz."))
    payload = json.dumps([{"sira": i, "hesap": s.hesap, "kurumsal": s.kurumsal, "fonksiyonel": s.fonksiyonel,
                           "finansman": s.finansman, "ekonomik": s.ekonomik, "borc": str(s.borc),
                           "alacak": str(s.alacak), "aciklama": s.aciklama[:300]} for i, s in enumerate(lines, 1)])
    fis_id = db.session.execute(_YAZ_ONAYLI, {
        "yil": tarih.year, "no": no, "tur": tur, "tarih": tarih, "aciklama": aciklama.strip()[:500],
        "kaynak": kaynak, "toplam": hesap.toplamlar(lines)[0], "actor": actor[:200],
        "satirlar": payload}).scalars().first()  # one row per line, all with the voucher's id
    assert fis_id is not None, "a voucher has at least one line"
    return fis_id, no
