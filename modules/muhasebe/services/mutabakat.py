"""Subsidiary-ledger reconciliation (issue 13 item 9): the nightly proof that the ledger's
120 Gelirlerden Alacaklar equals what Gelir says taxpayers owe (through the core's
``RevenueLedger`` port), per economic code; a difference is kept with its breakdown and
shown on the dashboard.  For each economic code that differs the run also keeps the
documents that cause it: the days on which the ledger's 120 and Gelir's open debts moved
differently, and on those days the vouchers and Gelir's records (``RevenueLedger.debt_documents``)
left once those that match one another (same day, same document, same amount) are set aside.

The 320 Bütçe Emanetleri proof (``calistir_320``) compares the ledger's 320 with the open
payables of Muhasebe's own register (an approved invoice less its approved payment orders),
per document: an invoice with its ÖEB, payment orders and their reversals; any other voucher
on 320 (a payroll and its payment, by their common source; a hand entry) is its own document.

The ledger side is every approved 120 line up to the day (carry-forward openings left out,
as in every cumulative sum); Gelir's side is its accruals less cancellations and what was
collected of them.  A difference means a posting is missing or wrong (a record made while
Muhasebe was off and not back-posted, a voucher entered by hand on 120).

The 100 Kasa proof (``calistir_100``, kind ``kasa_100``) compares the ledger's 100 (and its
sub-accounts) with the cash Gelir's cash desks hold (the core's ``CashDesks`` port), in the
shape of the 120 run: on the (latest 31) days the two moved differently it keeps the
vouchers and the desks' movements left once those that match (same day, same document,
same amount: ``gelir:makbuz:M1:tahsilat`` ↔ ``makbuz:M1``, ``gelir:iade:5:iade`` ↔ ``iade:5``)
are set aside.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ebelediye import audit, clock, ports
from ebelediye.errors import NotFound
from ebelediye.extensions import db
from ebelediye.ports import CashDesks, CashDocument, RevenueDocument, RevenueLedger

from ..models import Fatura, Fis, FisSatiri, Mutabakat, OdemeEmri
from . import acilis_haric

TUR = "gelir_120"
TUR_320 = "borc_320"
TUR_100 = "kasa_100"
TURLER = (TUR, TUR_320, TUR_100)
#: how many differing days and documents a run keeps per economic code (the latest days)
GUN_SINIRI, BELGE_SINIRI = 31, 200


def defter_120(gun: date) -> dict[str, Decimal]:
    """Debit minus credit of 120 (and its sub-accounts) per economic code up to ``gun``."""
    rows = db.session.execute(
        select(FisSatiri.ekonomik, func.sum(FisSatiri.borc - FisSatiri.alacak))
        .join(Fis, Fis.id == FisSatiri.fis_id)
        .where(Fis.durum == "onaylandi", Fis.tarih <= gun, Fis.id.not_in(acilis_haric()),
               func.split_part(FisSatiri.hesap_kod, ".", 1) == "120")
        .group_by(FisSatiri.ekonomik))
    return {kod or "": Decimal(v) for kod, v in rows}


def _hesapta(ana: str):
    return func.split_part(FisSatiri.hesap_kod, ".", 1) == ana


def calistir(gun: date | None = None, *, actor: str = "gece:mutabakat") -> Mutabakat:
    """Reconcile 120 with Gelir's open debts at the end of ``gun`` (default: yesterday) and keep the result."""
    gun = gun or date.fromordinal(clock.today().toordinal() - 1)
    ledger = ports.resolve(RevenueLedger)  # PortUnavailable where Gelir is not enabled
    ours = defter_120(gun)
    theirs: dict[str, Decimal] = defaultdict(Decimal)
    for kod, value in ledger.open_debts(gun):
        theirs[kod or ""] += value
    detail = []
    for kod in sorted(set(ours) | set(theirs)):
        a, b = ours.get(kod, Decimal(0)), theirs.get(kod, Decimal(0))
        if a != b:
            detail.append({"ekonomik": kod, "defter": str(a), "yardimci": str(b), "fark": str(a - b),
                           **_belgeler_120(ledger, gun, kod)})
    total_ours, total_theirs = sum(ours.values(), Decimal(0)), sum(theirs.values(), Decimal(0))
    row = Mutabakat(tur=TUR, gun=gun, defter=total_ours, yardimci=total_theirs, fark=total_ours - total_theirs,
                    ayrinti=detail, olusturan=actor)
    db.session.add(row)
    db.session.flush()
    audit.record("muhasebe.mutabakat.calistir", actor=actor, realm="job", object_type="mutabakat", object_id=row.id,
                 after={"gun": gun.isoformat(), "defter": str(row.defter), "yardimci": str(row.yardimci),
                        "fark": str(row.fark), "kod": len(detail)})
    return row


def _gunluk_100(gun: date) -> dict[date, Decimal]:
    rows = db.session.execute(
        select(Fis.tarih, func.sum(FisSatiri.borc - FisSatiri.alacak))
        .join(Fis, Fis.id == FisSatiri.fis_id)
        .where(Fis.durum == "onaylandi", Fis.tarih <= gun, Fis.id.not_in(acilis_haric()), _hesapta("100"))
        .group_by(Fis.tarih))
    return {t: Decimal(v) for t, v in rows if v}


def _fisler_100(days: list[date]) -> list[tuple[Fis, Decimal]]:
    net = func.sum(FisSatiri.borc - FisSatiri.alacak)
    rows = db.session.execute(
        select(Fis, net).join(FisSatiri, FisSatiri.fis_id == Fis.id)
        .where(Fis.durum == "onaylandi", Fis.tarih.in_(days), Fis.id.not_in(acilis_haric()), _hesapta("100"))
        .group_by(Fis.id).having(net != 0).order_by(Fis.tarih, Fis.id))
    return [(f, Decimal(v)) for f, v in rows]


def calistir_100(gun: date | None = None, *, actor: str = "gece:mutabakat") -> Mutabakat:
    """Reconcile 100 Kasa (and its sub-accounts, carry-forward openings left out) with the cash
    Gelir's cash desks hold at the end of ``gun`` (default: yesterday), keeping the documents
    of the days that differ, and keep the result."""
    gun = gun or date.fromordinal(clock.today().toordinal() - 1)
    desks = ports.resolve(CashDesks)  # PortUnavailable where Gelir is not enabled
    daily = _gunluk_100(gun)
    ours = sum(daily.values(), Decimal(0))
    theirs = Decimal(desks.cash_balance(gun))
    detail = []
    if ours != theirs:
        detail.append({"hesap": "100", "defter": str(ours), "yardimci": str(theirs), "fark": str(ours - theirs),
                       **_belgeler_100(desks, gun, daily)})
    row = Mutabakat(tur=TUR_100, gun=gun, defter=ours, yardimci=theirs, fark=ours - theirs, ayrinti=detail,
                    olusturan=actor)
    db.session.add(row)
    db.session.flush()
    audit.record("muhasebe.mutabakat.calistir", actor=actor, realm="job", object_type="mutabakat", object_id=row.id,
                 after={"tur": TUR_100, "gun": gun.isoformat(), "defter": str(row.defter),
                        "yardimci": str(row.yardimci), "fark": str(row.fark),
                        "belge": detail[0]["belge_sayisi"] if detail else 0})
    return row


def _belgeler_100(desks: CashDesks, gun: date, ours: dict[date, Decimal]) -> dict:
    """The documents behind 100's difference: on the (latest ``GUN_SINIRI``) days where the
    ledger and the desks moved differently, the vouchers and the desks' movements that do not
    match one another."""
    return _eslesmeyenler(ours, dict(desks.cash_changes(gun)), _fisler_100, desks.cash_documents,
                          lambda r: {"vezne": r.desk})


def son() -> Mutabakat | None:
    """The latest reconciliation (one statement: the dashboard card)."""
    return db.session.scalar(select(Mutabakat).where(Mutabakat.tur == TUR).order_by(Mutabakat.id.desc()).limit(1))


def gecmis(limit: int = 30) -> list[Mutabakat]:
    return list(db.session.scalars(select(Mutabakat).where(Mutabakat.tur == TUR).order_by(Mutabakat.id.desc())
                                   .limit(limit)))


def _gunluk_120(gun: date, kod: str) -> dict[date, Decimal]:
    rows = db.session.execute(
        select(Fis.tarih, func.sum(FisSatiri.borc - FisSatiri.alacak))
        .join(Fis, Fis.id == FisSatiri.fis_id)
        .where(Fis.durum == "onaylandi", Fis.tarih <= gun, Fis.id.not_in(acilis_haric()),
               func.split_part(FisSatiri.hesap_kod, ".", 1) == "120",
               func.coalesce(FisSatiri.ekonomik, "") == kod)
        .group_by(Fis.tarih))
    return {t: Decimal(v) for t, v in rows if v}


def _fisler_120(days: list[date], kod: str) -> list[tuple[Fis, Decimal]]:
    net = func.sum(FisSatiri.borc - FisSatiri.alacak)
    rows = db.session.execute(
        select(Fis, net).join(FisSatiri, FisSatiri.fis_id == Fis.id)
        .where(Fis.durum == "onaylandi", Fis.tarih.in_(days), Fis.id.not_in(acilis_haric()),
               func.split_part(FisSatiri.hesap_kod, ".", 1) == "120",
               func.coalesce(FisSatiri.ekonomik, "") == kod)
        .group_by(Fis.id).having(net != 0).order_by(Fis.tarih, Fis.id))
    return [(f, Decimal(v)) for f, v in rows]


def gelir_referansi(kaynak: str | None) -> str | None:
    """The Gelir document an automatic voucher posted (``gelir:makbuz:M1:tahsilat`` → ``makbuz:M1``)."""
    if not kaynak or not kaynak.startswith("gelir:") or kaynak.count(":") < 2:
        return None
    return kaynak[len("gelir:"):].rsplit(":", 1)[0]


def _fis_adi(f: Fis) -> str:
    return f"{f.yil}/{f.no}" if f.no else f"#{f.id}"


def _belgeler_120(ledger: RevenueLedger, gun: date, kod: str) -> dict:
    """The documents behind one economic code's difference: on the (latest ``GUN_SINIRI``)
    days where the two sides moved differently, the vouchers and Gelir's records that do not
    match one another."""
    return _eslesmeyenler(_gunluk_120(gun, kod), dict(ledger.debt_changes(gun, kod)),
                          lambda days: _fisler_120(days, kod), lambda days: ledger.debt_documents(days, kod))


def _eslesmeyenler(ours: dict[date, Decimal], theirs: dict[date, Decimal],
                   fisler: Callable[[list[date]], list[tuple[Fis, Decimal]]],
                   kayitlar: Callable[[list[date]], Sequence[RevenueDocument | CashDocument]],
                   ek: Callable[[Any], dict] = lambda r: {}) -> dict:
    """On the (latest ``GUN_SINIRI``) days where the ledger (``ours``, net per day) and the
    subsidiary ledger (``theirs``) moved differently, the vouchers and the records that do not
    match one another (same day, same document reference, same amount), at most
    ``BELGE_SINIRI``; ``ek`` adds a record's own fields.  Shared by the 120 and 100 runs."""
    days = sorted(d for d in set(ours) | set(theirs) if ours.get(d, Decimal(0)) != theirs.get(d, Decimal(0)))
    shown = days[-GUN_SINIRI:]
    vouchers = fisler(shown) if shown else []
    records = kayitlar(shown) if shown else []
    waiting: dict[tuple, int] = defaultdict(int)
    for r in records:
        waiting[(r.on, r.reference, r.amount)] += 1
    docs: list[dict] = []
    for f, net in vouchers:
        key = (f.tarih, gelir_referansi(f.kaynak), net)
        if waiting.get(key):
            waiting[key] -= 1
            continue
        docs.append({"taraf": "defter", "gun": f.tarih.isoformat(), "belge": _fis_adi(f), "fis_id": f.id,
                     "kaynak": f.kaynak or "", "tutar": str(net)})
    for r in records:
        key = (r.on, r.reference, r.amount)
        if waiting.get(key):
            waiting[key] -= 1
            docs.append({"taraf": "gelir", "gun": r.on.isoformat(), "belge": r.reference, "tur": r.kind, **ek(r),
                         "tutar": str(r.amount)})
    docs.sort(key=lambda d: (d["gun"], d["taraf"], d["belge"]))
    return {"gun_sayisi": len(days), "belgeler": docs[:BELGE_SINIRI], "belge_sayisi": len(docs)}


# --- 320 against the payables register --------------------------------------------------

def _belge_haritasi() -> dict[int, tuple[str, str]]:
    """voucher id → (document key, label) for invoices' ÖEBs and their payment orders."""
    docs: dict[int, tuple[str, str]] = {}
    for fid, fis_id, no in db.session.execute(select(Fatura.id, Fatura.fis_id, Fatura.fatura_no)):
        docs[fis_id] = (f"fatura:{fid}", no)
    labels = {key: label for key, label in docs.values()}
    for fatura_id, fis_id in db.session.execute(
            select(OdemeEmri.fatura_id, OdemeEmri.fis_id).where(OdemeEmri.fatura_id.is_not(None))):
        key = f"fatura:{fatura_id}"
        docs[fis_id] = (key, labels.get(key, key))
    return docs


def _gecerli(gun: date) -> set[int]:
    """Vouchers approved by ``gun`` and not reversed by an approved voucher dated by then."""
    ters = select(Fis.ters_fis_id).where(Fis.durum == "onaylandi", Fis.tarih <= gun, Fis.ters_fis_id.is_not(None))
    return set(db.session.scalars(select(Fis.id).where(Fis.durum == "onaylandi", Fis.tarih <= gun,
                                                       Fis.id.not_in(ters))))


def acik_borclar(gun: date) -> dict[str, Decimal]:
    """The payables register at the end of ``gun``: per invoice, what the supplier is paid
    (``odenecek``: its amount less the taxes withheld; ÖEB approved and standing) less its
    standing payment orders."""
    live = _gecerli(gun)
    open_: dict[str, Decimal] = {}
    for fid, fis_id, tutar in db.session.execute(select(Fatura.id, Fatura.fis_id, Fatura.odenecek)):
        if fis_id in live:
            open_[f"fatura:{fid}"] = Decimal(tutar)
    for fatura_id, fis_id, tutar in db.session.execute(
            select(OdemeEmri.fatura_id, OdemeEmri.fis_id, OdemeEmri.tutar).where(OdemeEmri.fatura_id.is_not(None))):
        key = f"fatura:{fatura_id}"
        if fis_id in live and key in open_:
            open_[key] -= Decimal(tutar)
    return open_


def calistir_320(gun: date | None = None, *, actor: str = "gece:mutabakat") -> Mutabakat:
    """Reconcile 320 (and its sub-accounts) with the open payables at the end of ``gun``
    (default: yesterday), per document, and keep the result."""
    gun = gun or date.fromordinal(clock.today().toordinal() - 1)
    docs = _belge_haritasi()
    ours: dict[str, Decimal] = defaultdict(Decimal)
    labels: dict[str, str] = {}
    vouchers: dict[str, list[int]] = defaultdict(list)
    rows = db.session.execute(
        select(Fis.id, Fis.kaynak, Fis.ters_fis_id, Fis.aciklama,
               func.sum(FisSatiri.alacak - FisSatiri.borc))
        .join(FisSatiri, FisSatiri.fis_id == Fis.id)
        .where(Fis.durum == "onaylandi", Fis.tarih <= gun, Fis.id.not_in(acilis_haric()),
               func.split_part(FisSatiri.hesap_kod, ".", 1) == "320")
        .group_by(Fis.id).order_by(Fis.id)).all()
    bases = {row[2] for row in rows if row[2] is not None}
    sources: dict[int, str | None] = {
        i: k for i, k in db.session.execute(select(Fis.id, Fis.kaynak).where(Fis.id.in_(bases)))} if bases else {}
    for fis_id, kaynak, ters, aciklama, net in rows:
        base = ters if ters is not None else fis_id
        src = sources.get(base) if ters is not None else kaynak
        if base in docs:
            key, label = docs[base]
        elif src and src.count(":") >= 2:
            key = label = f"kaynak:{src.rsplit(':', 1)[0]}"
        else:
            key, label = f"fis:{base}", (aciklama or "")[:120]
        ours[key] += Decimal(net)
        labels.setdefault(key, label)
        vouchers[key].append(fis_id)
    theirs = acik_borclar(gun)
    detail = []
    for key in sorted(set(ours) | set(theirs)):
        a, b = ours.get(key, Decimal(0)), theirs.get(key, Decimal(0))
        if a != b:
            detail.append({"belge": key, "ad": labels.get(key, key), "defter": str(a), "yardimci": str(b),
                           "fark": str(a - b), "fisler": vouchers.get(key, [])[:20]})
    total_ours, total_theirs = sum(ours.values(), Decimal(0)), sum(theirs.values(), Decimal(0))
    row = Mutabakat(tur=TUR_320, gun=gun, defter=total_ours, yardimci=total_theirs, fark=total_ours - total_theirs,
                    ayrinti=detail[:BELGE_SINIRI], olusturan=actor)
    db.session.add(row)
    db.session.flush()
    audit.record("muhasebe.mutabakat.calistir", actor=actor, realm="job", object_type="mutabakat", object_id=row.id,
                 after={"tur": TUR_320, "gun": gun.isoformat(), "defter": str(row.defter),
                        "yardimci": str(row.yardimci), "fark": str(row.fark), "belge": len(detail)})
    return row


def kayit(mutabakat_id: int) -> Mutabakat:
    """One reconciliation with its documents (404 when it is not this municipality's)."""
    row = db.session.get(Mutabakat, mutabakat_id)
    if row is None:
        raise NotFound(_l("Mutabakat bulunamadı."))
    return row


def son_tur(tur: str) -> Mutabakat | None:
    return db.session.scalar(select(Mutabakat).where(Mutabakat.tur == tur).order_by(Mutabakat.id.desc()).limit(1))


def tum_gecmis(limit: int = 60) -> list[Mutabakat]:
    """The latest reconciliations of every kind (120, 320 and 100), newest first."""
    return list(db.session.scalars(select(Mutabakat).order_by(Mutabakat.id.desc()).limit(limit)))
