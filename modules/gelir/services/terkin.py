"""Terkin: writing off a debt that can no longer, or may no longer, be collected.

One user requests the write-off of a debt for a legal reason (``NEDENLER``) with its
ground and a justification; another approves it (``SOD``) or refuses it.  On approval the
debt's open principal and its open accrued late fees are closed by reversing rows
(negative accruals naming the ones they close, ``Terkin.kayitlar``): nothing is edited or
deleted, the debt lists, the debt inquiry and the reports stop showing it as open, and
Muhasebe receives ``revenue_cancelled`` (600 B / 120 A) for the amounts written off.
[U] For a receivable of a previous year MİBMY may want the loss booked elsewhere (630)
rather than the revenue reversed; the lead should confirm with the accounting module.

A reason of ``zamanasimi`` is accepted only when the debt's period (``services.zamanasimi``)
is over on the day of the request and again on the day of approval.  A debt under an
active tecil plan is refused (cancel the plan first, as for a cancellation).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ebelediye import audit, events
from ebelediye.extensions import db
from ebelediye.rbac import PermissionDenied, SodRule, check_maker_checker

from ..hesap import ZERO
from ..models import GelirTuru, Tahakkuk, Terkin, ZamanasimiKalemi
from . import GelirError, borc, tahsilat, zamanasimi


@dataclass(frozen=True)
class Neden:
    kod: str
    ad: str
    dayanak: str
    #: the reason can be used for requests from this day (an amnesty law has its own)
    baslangic: date
    bitis: date | None = None
    kesinlik: str = "C2"


#: The legal reasons for a write-off, dated (RULES.md §5.4 for m.102; the others [U]).
NEDENLER: tuple[Neden, ...] = (
    Neden("zamanasimi", "Tahsil zamanaşımı", "6183 s.K. m.102–103", date(1953, 7, 28)),
    Neden("degersiz_alacak", "Değersiz alacak (tahsil imkânı kalmamış)", "6183 s.K. m.105", date(1953, 7, 28),
          kesinlik="U"),
    Neden("kucuk_alacak", "Tahsili masrafına değmeyecek küçük alacak", "6183 s.K. m.106", date(1953, 7, 28),
          kesinlik="U"),
    Neden("olum_mirasin_reddi", "Ölüm ve mirasın reddi", "6183 s.K. m.105; TMK m.605", date(1953, 7, 28),
          kesinlik="U"),
    Neden("af_kanunu", "Af / yapılandırma kanunu ile terkin", "İlgili kanun maddesi dayanak alanına yazılır",
          date(1953, 7, 28), kesinlik="U"),
)
NEDEN_ADLARI = {n.kod: n.ad for n in NEDENLER}
DURUMLAR = {"bekliyor": _l("Onay bekliyor"), "onaylandi": _l("Terkin edildi"), "reddedildi": _l("Reddedildi")}
SOD = SodRule("gelir.terkin.talep", "gelir.terkin.onayla",
              "Terkini talep eden kişi aynı terkini onaylayamaz ya da reddedemez (görevler ayrılığı).")


def nedenler(gun: date) -> list[Neden]:
    """The reasons in force on ``gun``."""
    return [n for n in NEDENLER if n.baslangic <= gun and (n.bitis is None or gun <= n.bitis)]


def _zamanasimi_dolmus(tahakkuk_id: int, gun: date) -> None:
    period = zamanasimi.borc_suresi(tahakkuk_id)
    if not period.doldu_mu(gun):
        raise GelirError(_l("Bu borç zamanaşımına uğramamış."),
                         {"neden": [_l("Zamanaşımı süresi %(gun)s günü sona eriyor.",
                                       gun=period.son_gun.strftime("%d.%m.%Y"))]})


def _acik_kalemler(debt: Tahakkuk) -> list[tuple[Tahakkuk, Decimal]]:
    """The debt and its accrued late fees, each with what is open of it (open ones only)."""
    from .tahakkuk import acik_tutar

    rows = [debt, *db.session.scalars(select(Tahakkuk).where(
        Tahakkuk.mukellef_id == debt.mukellef_id, Tahakkuk.gelir_kodu == "gecikme_zammi",
        Tahakkuk.kaynak == f"gz:{debt.id}", Tahakkuk.iptal_edilen_id.is_(None)).order_by(Tahakkuk.id))]
    out = []
    for row in rows:
        if db.session.scalar(select(Tahakkuk.id).where(Tahakkuk.iptal_edilen_id == row.id)) is not None:
            continue
        amount = acik_tutar(row.id)
        if amount > 0:
            out.append((row, amount))
    return out


def _borc(tahakkuk_id: int) -> Tahakkuk:
    debt = db.session.get(Tahakkuk, tahakkuk_id)
    if debt is None or debt.iptal_edilen_id is not None:
        raise GelirError(_l("Borç bulunamadı."), {"tahakkuk_id": [_l("Böyle bir borç yok.")]}, status=404)
    if debt.gelir_kodu == "gecikme_zammi" and debt.kaynak.startswith("gz:"):
        raise GelirError(_l("Gecikme zammı, ait olduğu borçla birlikte terkin edilir."),
                         {"tahakkuk_id": [_l("Asıl borcu seçin.")]})
    return debt


def talep(tahakkuk_id: int, neden: str, gerekce: str, dayanak: str, gun: date, *, actor: str, actor_id: int | None,
          zamanasimi_kalemi_id: int | None = None) -> Terkin:
    """Request the write-off of a debt; nothing is closed until another user approves it."""
    errors: dict[str, list] = {}
    gerekce, dayanak = (gerekce or "").strip(), (dayanak or "").strip()
    if neden not in {n.kod for n in nedenler(gun)}:
        errors["neden"] = [_l("Geçerli bir terkin nedeni seçin.")]
    if not gerekce:
        errors["gerekce"] = [_l("Gerekçe yazın.")]
    if neden == "af_kanunu" and not dayanak:
        errors["dayanak"] = [_l("Af kanununun numarasını ve maddesini yazın.")]
    if errors:
        raise GelirError(_l("Terkin talebi eksik ya da hatalı."), errors)
    debt = _borc(tahakkuk_id)
    tahsilat.kilitle(debt.mukellef_id)
    if zamanasimi_kalemi_id is not None:
        item = db.session.get(ZamanasimiKalemi, zamanasimi_kalemi_id)
        if item is None or item.tahakkuk_id != debt.id:
            raise GelirError(_l("Zamanaşımı kaydı bu borca ait değil."), status=404)
    if neden == "zamanasimi":
        _zamanasimi_dolmus(debt.id, gun)
    _terkin_edilebilir(debt)
    if db.session.scalar(select(Terkin.id).where(Terkin.tahakkuk_id == debt.id,
                                                 Terkin.durum.in_(("bekliyor", "onaylandi")))) is not None:
        raise GelirError(_l("Bu borç için bekleyen ya da onaylanmış bir terkin var."), status=409)
    row = Terkin(mukellef_id=debt.mukellef_id, tahakkuk_id=debt.id, neden=neden, dayanak=dayanak[:300],
                 gerekce=gerekce[:500], durum="bekliyor", zamanasimi_kalemi_id=zamanasimi_kalemi_id,
                 talep_eden_id=actor_id, talep_eden=actor)
    db.session.add(row)
    db.session.flush()
    audit.record("gelir.terkin.talep", actor=actor, realm="staff", object_type="terkin", object_id=row.id,
                 after={"tahakkuk_id": debt.id, "mukellef_id": debt.mukellef_id, "neden": neden,
                        "dayanak": row.dayanak, "gerekce": row.gerekce})
    return row


def _terkin_edilebilir(debt: Tahakkuk) -> None:
    from . import tecil

    if (plan_id := tecil.kapsamda(debt.id)) is not None:
        raise GelirError(_l("Bu borç %(no)s numaralı aktif tecil planında; önce planı iptal edin.", no=plan_id),
                         status=409)
    if not _acik_kalemler(debt):
        raise GelirError(_l("Bu borcun açık tutarı yok."), {"tahakkuk_id": [_l("Borç kapanmış.")]}, status=409)


def terkin(terkin_id: int, *, kilit: bool = False) -> Terkin:
    query = select(Terkin).where(Terkin.id == terkin_id)
    row = db.session.scalar(query.with_for_update() if kilit else query)
    if row is None:
        raise GelirError(_l("Terkin kaydı bulunamadı."), status=404)
    return row


def _karar_oncesi(terkin_id: int, actor_id: int) -> Terkin:
    row = terkin(terkin_id)
    tahsilat.kilitle(row.mukellef_id)  # the taxpayer, then the record: the order a payment takes
    row = terkin(terkin_id, kilit=True)
    if row.durum != "bekliyor":
        raise GelirError(_l("Bu terkin talebi zaten karara bağlandı."), status=409)
    try:
        check_maker_checker(SOD, row.talep_eden_id, actor_id)
    except PermissionDenied as exc:
        raise GelirError(str(exc), {"onaylayan": [SOD.message_tr]}) from None
    return row


def onayla(terkin_id: int, gun: date, *, actor: str, actor_id: int, not_: str = "") -> Terkin:
    """Approve a request: the debt's open principal and late fees are closed by reversing rows."""
    row = _karar_oncesi(terkin_id, actor_id)
    debt = db.session.get_one(Tahakkuk, row.tahakkuk_id)
    if row.neden == "zamanasimi":
        _zamanasimi_dolmus(debt.id, gun)
    _terkin_edilebilir(debt)
    kinds = {k.kod: k for k in db.session.scalars(select(GelirTuru))}
    lines: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    records, principal, fees = [], ZERO, ZERO
    for accrual, amount in _acik_kalemler(debt):
        reversal = Tahakkuk(mukellef_id=accrual.mukellef_id, gelir_kodu=accrual.gelir_kodu, kaynak=accrual.kaynak,
                            yil=accrual.yil, taksit=accrual.taksit, surum=accrual.surum, vade=accrual.vade,
                            tutar=-amount, iptal_edilen_id=accrual.id, olusturan=actor,
                            aciklama=f"Terkin {row.id}: {NEDEN_ADLARI.get(row.neden, row.neden)}"[:300])
        db.session.add(reversal)
        db.session.flush()
        records.append({"tahakkuk_id": accrual.id, "iptal_id": reversal.id, "tutar": str(amount)})
        lines[(accrual.gelir_kodu, accrual.yil)] += amount
        if accrual.id == debt.id:
            principal += amount
        else:
            fees += amount
    row.durum, row.onaylayan, row.karar_tarihi, row.karar_notu = "onaylandi", actor, gun, (not_ or "").strip()[:500]
    row.anapara, row.gecikme, row.kayitlar = principal, fees, records
    borc.degisti(row.mukellef_id)
    events.revenue_cancelled.send("gelir", event=events.RevenueEvent(
        module="gelir", reference=f"terkin:{row.id}", on=gun, actor=actor,
        lines=tuple(events.RevenueLine(code, kinds[code].ekonomik_kod, value, year)
                    for (code, year), value in lines.items()),
        extras={"terkin": row.neden, "dayanak": row.dayanak}))
    audit.record("gelir.terkin.onayla", actor=actor, realm="staff", object_type="terkin", object_id=row.id,
                 before={"durum": "bekliyor"},
                 after={"durum": "onaylandi", "anapara": str(principal), "gecikme": str(fees), "kayitlar": records})
    return row


def reddet(terkin_id: int, not_: str, gun: date, *, actor: str, actor_id: int) -> Terkin:
    if not (not_ or "").strip():
        raise GelirError(_l("Ret gerekçesi gerekli."), {"karar_notu": [_l("Gerekçe yazın.")]})
    row = _karar_oncesi(terkin_id, actor_id)
    row.durum, row.onaylayan, row.karar_tarihi, row.karar_notu = "reddedildi", actor, gun, not_.strip()[:500]
    audit.record("gelir.terkin.reddet", actor=actor, realm="staff", object_type="terkin", object_id=row.id,
                 before={"durum": "bekliyor"}, after={"durum": "reddedildi", "karar_notu": row.karar_notu})
    return row


def terkinler(*, durum: str | None = None, mukellef_id: int | None = None):
    """Write-offs, newest first (a query for the caller to paginate)."""
    query = select(Terkin).order_by(Terkin.id.desc())
    if durum:
        query = query.where(Terkin.durum == durum)
    if mukellef_id is not None:
        query = query.where(Terkin.mukellef_id == mukellef_id)
    return query
