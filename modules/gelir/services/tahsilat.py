"""Taking money: apply a payment to a taxpayer's debts and number its receipt.

One payment runs under a lock on the taxpayer's row, so two payments for one taxpayer
(two cashiers, two browser tabs, a callback and the nightly reconciliation) apply one
after the other against fresh balances, never both against the same open debt.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, text

from ebelediye import audit, events
from ebelediye.extensions import db

from .. import hesap
from ..models import (
    GelirTuru,
    Mukellef,
    Tahakkuk,
    Tahsilat,
    TahsilatDagilimi,
    VezneOturumu,
)
from . import GelirError, borc, para

KANALLAR = ("nakit", "kart", "havale", "online", "banka")
#: the accounting channel of each payment channel: 100 Kasa, 102 Banka, 109 Banka kredi kartları
#: (``banka``: a contracted bank's collection, ``services.banka``, lands in its 102 account)
HESAP_KANALI = {"nakit": "kasa", "kart": "pos", "havale": "banka", "online": "pos", "banka": "banka"}
#: the source of fees charged for other modules (``modules.gelir.ports``)
UCRET = "ucret:"


@dataclass(frozen=True)
class Sonuc:
    tahsilat: Tahsilat
    dagitim: hesap.Dagitim


def kilitle(mukellef_id: int) -> Mukellef:
    """Lock the taxpayer's row for the rest of the transaction (serialises his payments).

    With a write, not ``SELECT … FOR UPDATE``, for the reason ``makbuz_no`` gives: on Citus a
    locking read takes no shard metadata lock, so a tenant move's switch-over would not wait
    for it, and two payments of one taxpayer straddling the switch could both see the same
    open debt.  ``SET id = id`` changes no key (PostgreSQL takes the no-key lock, so inserts
    that reference the taxpayer are not blocked) and fires no trigger."""
    # a lock, not a change: nothing for the audit guard (ebelediye/auditguard.py)
    db.session.execute(text("UPDATE mukellefler SET id = id WHERE id = :id"), {"id": mukellef_id},
                       execution_options={"audit_exempt": True})
    # read after the lock is held, fresh: a merge may have committed while this waited
    row = db.session.scalar(select(Mukellef).where(Mukellef.id == mukellef_id)
                            .execution_options(populate_existing=True))
    if row is None:
        raise GelirError(_l("Mükellef bulunamadı."), {"mukellef_id": [_l("Böyle bir mükellef yok.")]}, status=404)
    if row.birlestigi_id is not None:
        raise GelirError(_l("Bu kayıt başka bir mükellefle birleştirildi; birleştirilen kaydı kullanın."),
                         {"mukellef_id": [_l("Kayıt %(id)s numaralı mükellefe taşındı.", id=row.birlestigi_id)]})
    return row


def makbuz_no(gun: date, on_ek: str) -> str:
    """The next receipt number of the year, gap-free: the counter row stays locked until commit.

    One write statement, computed on the server: on Citus a ``SELECT … FOR UPDATE`` is a read
    that neither waits for a tenant move's switch-over nor follows it (its row lock stays on the
    old node while the next payment reads the counter on the new one: duplicate receipt numbers,
    seen in ``bench/citus_move.py``), whereas a write holds the move off until this payment commits.
    """
    son = db.session.execute(text(
        "INSERT INTO makbuz_sayaclari (yil, son) VALUES (:y, 1) "
        "ON CONFLICT (yil) DO UPDATE SET son = makbuz_sayaclari.son + 1 RETURNING son"), {"y": gun.year}).scalar_one()
    return f"{on_ek}{gun.year}-{son:06d}"


def tahsil(
    mukellef_id: int, tutar: object, kanal: str, gun: date, *, actor: str,
    secili: list[int] | None = None, vezne_oturumu_id: int | None = None,
    online_odeme_id: int | None = None, belge_no: str = "", nakit_hesabi: str | None = None,
) -> Sonuc:
    """Receive ``tutar`` from a taxpayer and apply it: oldest debt first (or only the
    ``secili`` debts), late fees before principal; the rest stays as his credit.
    ``nakit_hesabi`` names the account under the channel's that the money lands in (a
    contracted bank's 102 sub-account), for accounting."""
    amount = para(tutar)
    if kanal not in KANALLAR:
        raise GelirError(_l("Ödeme şekli geçersiz."), {"kanal": [_l("Nakit, kart, havale ya da online olmalı.")]})
    if kanal == "havale" and not belge_no.strip():
        raise GelirError(_l("Havale için dekont numarası gerekli."), {"belge_no": [_l("Dekont numarasını girin.")]})
    from .. import parametre

    kilitle(mukellef_id)
    debts = borc.acik_borclar(mukellef_id, gun)
    if secili is not None:
        wanted = set(secili)
        debts = [d for d in debts if d.tahakkuk_id in wanted]
        missing = sorted(wanted - {d.tahakkuk_id for d in debts})
        if missing and online_odeme_id is None:
            # at the desk or through the API the payer names what they pay: a debt that is not
            # theirs or not open is a mistake, not credit (an online payment the bank already
            # took keeps the money as credit instead, and reconciliation refunds it)
            raise GelirError(_l("Seçilen borçlardan bazıları bu mükellefin açık borcu değil: %(no)s.",
                                no=", ".join(map(str, missing))),
                             {"secili": [_l("Açık bir borç seçin.")]})
    by_id = {d.tahakkuk_id: d for d in debts}
    plan = hesap.dagit(amount, [d.kalem() for d in debts])

    borc.degisti(mukellef_id)
    receipt = Tahsilat(
        makbuz_no=makbuz_no(gun, parametre.ayarlar().makbuz_on_eki), dogrulama_kodu=secrets.token_urlsafe(18),
        mukellef_id=mukellef_id, kanal=kanal, tutar=amount, tarih=gun, vezne_oturumu_id=vezne_oturumu_id,
        online_odeme_id=online_odeme_id, alan=actor, belge_no=belge_no.strip())
    db.session.add(receipt)
    db.session.flush()

    kinds, applied, accrued_fees = yaz(receipt, plan, by_id, mukellef_id, gun, actor)

    if accrued_fees:
        events.revenue_accrued.send("gelir", event=events.RevenueEvent(
            module="gelir", reference=f"makbuz:{receipt.makbuz_no}", on=gun, lines=tuple(accrued_fees), actor=actor))
    events.revenue_collected.send("gelir", event=events.RevenueEvent(
        module="gelir", reference=f"makbuz:{receipt.makbuz_no}", on=gun, channel=HESAP_KANALI[kanal], actor=actor,
        lines=tuple(events.RevenueLine(code, kinds[code].ekonomik_kod, value, gun.year)
                    for code, value in applied.items() if value > 0),
        extras={"credit": plan.artan, "receipt": receipt.makbuz_no,
                **({"cash_account": nakit_hesabi} if nakit_hesabi else {})}))
    for debt_id, paid in plan.anaparaya.items():
        debt = by_id[debt_id]
        if debt.kaynak.startswith(UCRET) and paid >= debt.anapara:  # a fee charged for another module, settled
            events.fee_paid.send("gelir", event=events.FeeEvent(
                provider="gelir", reference=debt.kaynak[len(UCRET):], amount=paid, on=gun,
                receipt_no=receipt.makbuz_no, actor=actor))
    audit.record("gelir.tahsilat.olustur", actor=actor, realm="citizen" if kanal == "online" else "staff",
                 object_type="tahsilat", object_id=receipt.id,
                 after={"makbuz_no": receipt.makbuz_no, "mukellef_id": mukellef_id, "tutar": str(amount),
                        "kanal": kanal, "uygulanan": str(plan.uygulanan), "alacak": str(plan.artan),
                        "yeni_gecikme_zammi": {str(k): str(v) for k, v in plan.yeni_gecikme.items()}})
    return Sonuc(receipt, plan)


def yaz(receipt: Tahsilat, plan: hesap.Dagitim, by_id: dict[int, borc.Borc], mukellef_id: int, gun: date,
        actor: str) -> tuple[dict[str, GelirTuru], dict[str, Decimal], list[events.RevenueLine]]:
    """Write what ``plan`` applies of ``receipt`` (a payment, or a mahsup of credit): the late
    fees run up to the day accrued, then paid before principal, and a tecil installment paid
    whole, by the parts it covers (its installments marked paid).  Returns the revenue kinds,
    the amount applied per revenue code and the new late-fee lines (``revenue_accrued``)."""
    kinds = {k.kod: k for k in db.session.scalars(select(GelirTuru))}
    accrued_fees: list[events.RevenueLine] = []
    applied: dict[str, Decimal] = defaultdict(Decimal)
    for debt_id, fee in plan.yeni_gecikme.items():
        row = gecikme_tahakkuku(by_id[debt_id], mukellef_id, fee, gun, actor)
        by_id[debt_id].gecikme_kalemleri.append((row.id, fee))
        accrued_fees.append(events.RevenueLine("gecikme_zammi", kinds["gecikme_zammi"].ekonomik_kod, fee, gun.year))
    for debt_id, paid in plan.gecikmeye.items():
        for fee_id, open_amount in by_id[debt_id].gecikme_kalemleri:
            part = min(paid, open_amount)
            if part > 0:
                db.session.add(TahsilatDagilimi(tahsilat_id=receipt.id, tahakkuk_id=fee_id, tutar=part))
                applied["gecikme_zammi"] += part
                paid -= part
    installments: list[int] = []
    for debt_id, paid in plan.anaparaya.items():
        debt = by_id[debt_id]
        if debt.tecil_taksiti_id is not None:  # paid whole (hesap.dagit): each part it covers
            for share in debt.paylar:
                amount = Decimal(share["tutar"])
                if amount > 0:
                    db.session.add(TahsilatDagilimi(tahsilat_id=receipt.id, tahakkuk_id=int(share["tahakkuk_id"]),
                                                    tutar=amount))
                    applied[share["gelir_kodu"]] += amount
            installments.append(debt.tecil_taksiti_id)
            continue
        db.session.add(TahsilatDagilimi(tahsilat_id=receipt.id, tahakkuk_id=debt_id, tutar=paid))
        applied[debt.gelir_kodu] += paid
    db.session.flush()
    if installments:
        from . import tecil

        tecil.taksitler_odendi(installments, receipt.id, gun, actor=actor)
    return kinds, applied, accrued_fees


def ters_kayit(tahsilat_id: int, gun: date, *, actor: str, nakit_hesabi: str | None = None) -> Tahsilat:
    """Reverse a receipt on the day it was taken: a negative receipt row naming it, each of
    its applications negated (the debts are open again as before), and the accounting
    reversed (``collection_reversed``).  Never an edit or a delete.

    Late fees the receipt accrued stay accrued (they ran up to that day whoever pays them)."""
    original = db.session.scalar(select(Tahsilat).where(Tahsilat.id == tahsilat_id).with_for_update())
    if original is None or original.iptal_edilen_id is not None:
        raise GelirError(_l("Makbuz bulunamadı."), status=404)
    kilitle(original.mukellef_id)
    if db.session.scalar(select(Tahsilat.id).where(Tahsilat.iptal_edilen_id == original.id)) is not None:
        raise GelirError(_l("Bu makbuz zaten iptal edildi."), {"makbuz": [_l("Makbuz iptal edilmiş.")]}, status=409)
    if original.tarih != gun:
        raise GelirError(_l("Tahsilat yalnızca alındığı gün iptal edilebilir; sonraki günler için iade yapılır."),
                         {"tarih": [_l("Makbuz tarihi %(gun)s.", gun=f"{original.tarih:%d.%m.%Y}")]}, status=409)
    parts = db.session.scalars(select(TahsilatDagilimi).where(TahsilatDagilimi.tahsilat_id == original.id)).all()
    if sum((p.tutar for p in parts), Decimal(0)) != original.tutar:
        # part of it became credit, which may be spent or refunded since: not reversible here
        raise GelirError(_l("Alacağa kalan tutarı olan makbuz iptal edilemez; iade yapın."), status=409)
    borc.degisti(original.mukellef_id)
    reversal = Tahsilat(
        makbuz_no=f"{original.makbuz_no}-IPTAL"[:30], dogrulama_kodu=secrets.token_urlsafe(18),
        mukellef_id=original.mukellef_id, kanal=original.kanal, tutar=-original.tutar, tarih=gun, alan=actor,
        belge_no=original.belge_no, iptal_edilen_id=original.id)
    db.session.add(reversal)
    db.session.flush()
    kinds = {k.kod: k for k in db.session.scalars(select(GelirTuru))}
    reversed_lines: dict[str, Decimal] = defaultdict(Decimal)
    for part in parts:
        db.session.add(TahsilatDagilimi(tahsilat_id=reversal.id, tahakkuk_id=part.tahakkuk_id, tutar=-part.tutar))
        reversed_lines[part.tahakkuk.gelir_kodu] += part.tutar
    db.session.flush()
    events.collection_reversed.send("gelir", event=events.RevenueEvent(
        module="gelir", reference=f"makbuz:{original.makbuz_no}", on=gun, channel=HESAP_KANALI[original.kanal],
        actor=actor, lines=tuple(events.RevenueLine(code, kinds[code].ekonomik_kod, value, gun.year)
                                 for code, value in reversed_lines.items()),
        extras={"receipt": reversal.makbuz_no, **({"cash_account": nakit_hesabi} if nakit_hesabi else {})}))
    audit.record("gelir.tahsilat.iptal", actor=actor, realm="staff", object_type="tahsilat", object_id=original.id,
                 after={"iptal_makbuz_no": reversal.makbuz_no, "tutar": str(original.tutar),
                        "mukellef_id": original.mukellef_id})
    return reversal


def gecikme_tahakkuku(debt: borc.Borc, mukellef_id: int, fee: Decimal, gun: date, actor: str) -> Tahakkuk:
    """Accrue the late fee run up on ``debt`` until ``gun`` (accrued when collected)."""
    key = f"gz:{debt.tahakkuk_id}"
    version = (db.session.scalar(select(func.max(Tahakkuk.surum)).where(
        Tahakkuk.mukellef_id == mukellef_id, Tahakkuk.gelir_kodu == "gecikme_zammi", Tahakkuk.kaynak == key,
        Tahakkuk.yil == gun.year, Tahakkuk.taksit == 0)) or 0) + 1
    row = Tahakkuk(mukellef_id=mukellef_id, gelir_kodu="gecikme_zammi", kaynak=key, yil=gun.year, taksit=0,
                   surum=version, vade=gun, tutar=fee, olusturan=actor,
                   aciklama=f"Gecikme zammı: {debt.gelir_adi} {debt.yil}/{debt.taksit} ({debt.vade:%d.%m.%Y} vadeli)")
    db.session.add(row)
    db.session.flush()
    return row


def makbuz(tahsilat_id: int) -> Tahsilat:
    row = db.session.get(Tahsilat, tahsilat_id)
    if row is None:
        raise GelirError(_l("Makbuz bulunamadı."), status=404)
    return row


def dogrula(kod: str) -> Tahsilat | None:
    """The receipt whose QR code carries ``kod`` (public verification)."""
    return db.session.scalar(select(Tahsilat).where(Tahsilat.dogrulama_kodu == kod))


def dagilim_satirlari(tahsilat_id: int) -> list[dict]:
    """What a receipt paid: each accrual with the amount applied.  A late fee's line names
    the debt it belongs to (``borc``: "Bina Vergisi 2025/2, vade 01.12.2025"), since a
    receipt with several late fees is otherwise unreadable."""
    rows = db.session.execute(text("""
        SELECT t.id, t.gelir_kodu, g.ad, t.yil, t.taksit, t.vade, t.aciklama, d.tutar,
               pg.ad AS ana_ad, p.yil AS ana_yil, p.taksit AS ana_taksit, p.vade AS ana_vade
        FROM tahsilat_dagilimlari d JOIN tahakkuklar t ON t.id = d.tahakkuk_id
        JOIN gelir_turleri g ON g.kod = t.gelir_kodu
        LEFT JOIN tahakkuklar p
               ON p.id = CASE WHEN t.gelir_kodu = 'gecikme_zammi' AND t.kaynak LIKE 'gz:%'
                              THEN CAST(substr(t.kaynak, 4) AS bigint) END
        LEFT JOIN gelir_turleri pg ON pg.kod = p.gelir_kodu
        WHERE d.tahsilat_id = :id ORDER BY t.vade, d.id
    """), {"id": tahsilat_id}).mappings().all()
    out = []
    for r in rows:
        line = dict(r)
        line["borc"] = (f"{r['ana_ad']} {r['ana_yil']}/{r['ana_taksit']}, vade {r['ana_vade']:%d.%m.%Y}"
                        if r["ana_ad"] else "")
        out.append(line)
    return out


def tahsil_eden(tahsilat: Tahsilat) -> str:
    """Who took the payment, as the receipt prints it: the cashier's name at a desk."""
    from ebelediye.identity import StaffUser

    if tahsilat.vezne_oturumu_id is not None:
        session = db.session.get(VezneOturumu, tahsilat.vezne_oturumu_id)
        user = db.session.get(StaffUser, session.kasiyer_id) if session and session.kasiyer_id else None
        if user is not None and user.full_name:
            return user.full_name
        return session.kasiyer if session else tahsilat.alan
    return "e-Hizmet (internet)" if tahsilat.alan == "online" else tahsilat.alan
