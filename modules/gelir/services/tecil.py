"""Tecil ve taksitlendirme (6183 m.48): some of a taxpayer's overdue debts in a plan of
monthly installments with tecil faizi.

On approval the late fee up to the day before the tecil date is accrued on each debt
(6183 m.51 runs until tecil, m.52 stops it there), and each installment's interest is
accrued as its own debt line (``tecil_faizi``, due on the installment's day).  While the plan
is active the debts it covers are not ordinary debts: ``borc.acik_borclar`` shows the unpaid
installments instead, and a payment (cash desk, card, online) pays an installment whole,
applying it to the parts of the accruals it covers (``TecilTaksiti.paylar``).  A missed
installment breaks the plan (``ihlal_denetle``) and staff may cancel it (``iptal``): the
unpaid installments' interest is reversed and what is left of the debts is ordinary
overdue debt again, its late fee running from the tecil date.  Plans are never edited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ebelediye import audit, events, parameters
from ebelediye.extensions import db

from .. import hesap, parametre
from ..hesap import ZERO
from ..models import GelirTuru, Mukellef, Tahakkuk, TecilPlani, TecilTaksiti
from . import GelirError, borc, tahsilat

FAIZ_KODU = "tecil_faizi"
#: how far back the application (müracaat) day may be recorded
GERIYE_GUN = 30
DURUMLAR = {"aktif": _l("Aktif"), "kapandi": _l("Kapandı"), "bozuldu": _l("Bozuldu (ihlal)"),
            "iptal": _l("İptal edildi")}


@dataclass
class Onizleme:
    """A plan as it would be approved: the chosen debts (late fee to the day before tecil) and the schedule."""

    mukellef: Mukellef
    borclar: list[borc.Borc]
    hesap: hesap.TecilHesabi
    teminat_gerekli: bool
    teminatsiz_sinir: Decimal


def vadeler(tecil_tarihi: date, taksit_sayisi: int) -> list[date]:
    """Monthly due days from the tecil day (the same day of each following month, held at a
    shorter month's end), each moved past weekends and public holidays."""
    return [hesap.vade_gunu(hesap.ay_sonu(tecil_tarihi, k), parametre.tatil_mi) for k in range(1, taksit_sayisi + 1)]


def onizle(mukellef_id: int, tahakkuk_ids: list[int], taksit_sayisi: int, tecil_tarihi: date, *,
           bugun: date) -> Onizleme:
    """The schedule of a plan of the chosen overdue debts, computed, not written."""
    mukellef = db.session.get(Mukellef, mukellef_id)
    if mukellef is None:
        raise GelirError(_l("Mükellef bulunamadı."), status=404)
    errors: dict[str, list] = {}
    if tecil_tarihi > bugun or tecil_tarihi < bugun - timedelta(days=GERIYE_GUN):
        errors["tecil_tarihi"] = [_l("Tecil (başvuru) tarihi bugün ya da son %(n)s gün içinde olmalı.", n=GERIYE_GUN)]
    azami = int(parametre.deger("tecil.azami_ay", tecil_tarihi))
    if not 1 <= taksit_sayisi <= azami:
        errors["taksit_sayisi"] = [_l("Taksit sayısı 1 ile %(n)s arasında olmalı (6183 m.48).", n=azami)]
    if not tahakkuk_ids:
        errors["tahakkuk"] = [_l("Tecil edilecek en az bir borç seçin.")]
    if errors:
        raise GelirError(_l("Tecil planı hesaplanamadı; işaretli alanları düzeltin."), errors)
    # the late fee runs to the day before the application; tecil faizi from that day (m.52)
    open_debts = {d.tahakkuk_id: d for d in borc.acik_borclar(mukellef_id, tecil_tarihi - timedelta(days=1))
                  if d.tecil_taksiti_id is None}
    wanted = sorted(set(tahakkuk_ids))
    missing = [i for i in wanted if i not in open_debts or open_debts[i].vade >= tecil_tarihi
               or open_debts[i].anapara <= 0]
    if missing:
        raise GelirError(_l("Seçilen borçlardan bazıları bu mükellefin vadesi geçmiş açık borcu değil: %(no)s.",
                            no=", ".join(map(str, missing))), {"tahakkuk": [_l("Vadesi geçmiş açık bir borç seçin.")]})
    chosen = [open_debts[i] for i in wanted]
    chosen.sort(key=lambda d: (d.vade, d.oncelik, d.tahakkuk_id))
    days = vadeler(tecil_tarihi, taksit_sayisi)
    rates = parameters.spans("tecil_faizi.yillik_oran", tecil_tarihi, days[-1])
    plan = hesap.tecil_plani(sum((d.anapara for d in chosen), ZERO), sum((d.gecikme for d in chosen), ZERO),
                             tecil_tarihi, days, rates)
    limit = parametre.deger("tecil.teminatsiz_sinir", tecil_tarihi)
    return Onizleme(mukellef, chosen, plan, plan.anapara + plan.gecikme > limit, limit)


def onayla(mukellef_id: int, tahakkuk_ids: list[int], taksit_sayisi: int, tecil_tarihi: date, *,
           bugun: date, actor: str, teminat: str = "") -> TecilPlani:
    """Approve a plan: accrue the late fee to the tecil day and each installment's interest,
    and record which parts of which accruals each installment pays."""
    tahsilat.kilitle(mukellef_id)  # the debts cannot change under the plan being written
    preview = onizle(mukellef_id, tahakkuk_ids, taksit_sayisi, tecil_tarihi, bugun=bugun)
    teminat = (teminat or "").strip()
    if preview.teminat_gerekli and not teminat:
        raise GelirError(_l("Teminat aranmayan tutar aşıldı; gösterilen teminatı yazın (6183 m.48)."),
                         {"teminat": [_l("Teminatı yazın (ör. banka teminat mektubu, tutarı).")]})
    fee_day = tecil_tarihi - timedelta(days=1)
    kinds = {k.kod: k for k in db.session.scalars(select(GelirTuru))}
    accrued = ZERO
    for debt in preview.borclar:
        if debt.gecikme_yeni > 0:
            row = tahsilat.gecikme_tahakkuku(debt, mukellef_id, debt.gecikme_yeni, fee_day, actor)
            debt.gecikme_kalemleri.append((row.id, debt.gecikme_yeni))
            accrued += debt.gecikme_yeni
    schedule = preview.hesap
    plan = TecilPlani(mukellef_id=mukellef_id, durum="aktif", tecil_tarihi=tecil_tarihi, taksit_sayisi=taksit_sayisi,
                      anapara=schedule.anapara, gecikme=schedule.gecikme, faiz=schedule.faiz, teminat=teminat[:300],
                      hesap=_adimlar(preview), onaylayan=actor)
    db.session.add(plan)
    db.session.flush()
    # the parts each installment pays: late fees first, then principal, oldest debt first
    fees = [(fee_id, "gecikme_zammi", amount) for d in preview.borclar for fee_id, amount in d.gecikme_kalemleri]
    principal = [(d.tahakkuk_id, d.gelir_kodu, d.anapara) for d in preview.borclar]
    fee_parts = hesap.paylara_bol(fees, [t.gecikme for t in schedule.taksitler])
    principal_parts = hesap.paylara_bol(principal, [t.anapara for t in schedule.taksitler])
    for step, fee_part, principal_part in zip(schedule.taksitler, fee_parts, principal_parts, strict=True):
        interest = Tahakkuk(mukellef_id=mukellef_id, gelir_kodu=FAIZ_KODU, kaynak=f"tecil:{plan.id}",
                            yil=tecil_tarihi.year, taksit=step.sira, surum=1, vade=step.vade, tutar=step.faiz,
                            olusturan=actor, aciklama=f"Tecil faizi: plan {plan.id}, taksit {step.sira}/{taksit_sayisi}")
        db.session.add(interest)
        db.session.flush()
        db.session.add(TecilTaksiti(
            plan_id=plan.id, sira=step.sira, vade=step.vade, anapara=step.anapara, gecikme=step.gecikme,
            faiz=step.faiz,
            faiz_tahakkuk_id=interest.id,
            paylar=[{"tahakkuk_id": i, "gelir_kodu": code, "tutar": str(amount)}
                    for i, code, amount in [*fee_part, *principal_part]]))
    db.session.flush()
    lines = []
    if accrued > 0:
        lines.append(events.RevenueLine("gecikme_zammi", kinds["gecikme_zammi"].ekonomik_kod, accrued,
                                        tecil_tarihi.year))
    if schedule.faiz > 0:
        lines.append(events.RevenueLine(FAIZ_KODU, kinds[FAIZ_KODU].ekonomik_kod, schedule.faiz, tecil_tarihi.year))
    if lines:
        events.revenue_accrued.send("gelir", event=events.RevenueEvent(
            module="gelir", reference=f"tecil:{plan.id}", on=bugun, lines=tuple(lines), actor=actor))
    borc.degisti(mukellef_id)
    audit.record("gelir.tecil.onayla", actor=actor, realm="staff", object_type="tecil_plani", object_id=plan.id,
                 after={"mukellef_id": mukellef_id, "tecil_tarihi": tecil_tarihi.isoformat(),
                        "taksit_sayisi": taksit_sayisi, "tahakkuklar": [d.tahakkuk_id for d in preview.borclar],
                        "anapara": str(schedule.anapara), "gecikme": str(schedule.gecikme),
                        "faiz": str(schedule.faiz), "teminat": teminat})
    return plan


def _adimlar(preview: Onizleme) -> list[dict]:
    steps = [hesap.Adim(f"{d.gelir_adi} {d.yil}/{d.taksit} (vade {d.vade:%d.%m.%Y}): anapara",
                        hesap.tl(d.anapara)).as_dict() for d in preview.borclar]
    steps += [hesap.Adim(f"{d.gelir_adi} {d.yil}/{d.taksit}: gecikme zammı tecil tarihine kadar",
                         hesap.tl(d.gecikme)).as_dict() for d in preview.borclar if d.gecikme]
    for row in preview.hesap.taksitler:
        steps += [hesap.Adim(f"Taksit {row.sira} ({row.vade:%d.%m.%Y}) tecil faizi — {a.adim}", a.deger).as_dict()
                  for a in row.adimlar]
    return steps


def taksitler_odendi(taksit_ids: list[int], tahsilat_id: int, gun: date, *, actor: str) -> None:
    """Record that a payment paid these installments whole (``tahsilat.tahsil`` calls it);
    a plan whose installments are all paid closes."""
    rows = db.session.scalars(select(TecilTaksiti).where(TecilTaksiti.id.in_(taksit_ids))
                              .order_by(TecilTaksiti.id).with_for_update()).all()
    plans: set[int] = set()
    for row in rows:
        if row.tahsilat_id is not None:
            raise GelirError(_l("Bu taksit zaten ödenmiş."), status=409)
        row.tahsilat_id = tahsilat_id
        plans.add(row.plan_id)
        audit.record("gelir.tecil.taksit_odendi", actor=actor, realm="staff" if actor != "online" else "citizen",
                     object_type="tecil_plani", object_id=row.plan_id,
                     after={"taksit": row.sira, "tahsilat_id": tahsilat_id, "tutar": str(row.toplam)})
    db.session.flush()
    for plan_id in sorted(plans):
        unpaid = db.session.scalar(select(func.count()).select_from(TecilTaksiti).where(
            TecilTaksiti.plan_id == plan_id, TecilTaksiti.tahsilat_id.is_(None)))
        if unpaid == 0:
            plan = db.session.get_one(TecilPlani, plan_id)
            plan.durum, plan.kapanis_tarihi, plan.kapanis_nedeni = "kapandi", gun, "Tüm taksitler ödendi."
            audit.record("gelir.tecil.kapandi", actor=actor, realm="staff" if actor != "online" else "citizen",
                         object_type="tecil_plani", object_id=plan_id, before={"durum": "aktif"},
                         after={"durum": "kapandi", "gun": gun.isoformat()})


def _sonlandir(plan_id: int, durum: str, gun: date, neden: str, *, actor: str) -> TecilPlani:
    """End an active plan without its remaining installments: their interest is reversed and
    the debts are ordinary overdue debts again.

    Locks in the order a payment takes them (the taxpayer, then the plan), so breaking a plan
    and paying its installment at the same moment wait for each other instead of deadlocking."""
    tahsilat.kilitle(plan(plan_id).mukellef_id)
    ended = plan(plan_id, kilit=True)
    if ended.durum != "aktif":
        raise GelirError(_l("Plan aktif değil; yalnız aktif bir plan sonlandırılabilir."), status=409)
    reversed_by_kind: dict[str, Decimal] = {}
    for row in ended.taksitler:
        if row.tahsilat_id is not None or row.faiz <= 0:
            continue
        # tecil faizi, or a restructuring's amount (yapilandirma): the row's own kind
        interest = db.session.get_one(Tahakkuk, row.faiz_tahakkuk_id)
        db.session.add(Tahakkuk(mukellef_id=interest.mukellef_id, gelir_kodu=interest.gelir_kodu,
                                kaynak=interest.kaynak, yil=interest.yil, taksit=interest.taksit,
                                surum=interest.surum, vade=interest.vade, tutar=-row.faiz,
                                aciklama=f"İptal: {'yapılandırma' if ended.kampanya_id else 'tecil planı'} "
                                         f"{ended.id} sona erdi ({durum})",
                                iptal_edilen_id=interest.id, olusturan=actor))
        reversed_by_kind[interest.gelir_kodu] = reversed_by_kind.get(interest.gelir_kodu, ZERO) + row.faiz
    reversed_total = sum(reversed_by_kind.values(), ZERO)
    before = ended.durum
    ended.durum, ended.kapanis_tarihi, ended.kapanis_nedeni = durum, gun, neden[:500]
    db.session.flush()
    if reversed_total > 0:
        kinds = {k.kod: k for k in db.session.scalars(select(GelirTuru).where(GelirTuru.kod.in_(reversed_by_kind)))}
        reference = f"yapilandirma:{ended.id}" if ended.kampanya_id is not None else f"tecil:{ended.id}"
        events.revenue_cancelled.send("gelir", event=events.RevenueEvent(
            module="gelir", reference=reference, on=gun, actor=actor,
            lines=tuple(events.RevenueLine(code, kinds[code].ekonomik_kod, amount, ended.tecil_tarihi.year)
                        for code, amount in sorted(reversed_by_kind.items()))))
    borc.degisti(ended.mukellef_id)
    audit.record(f"gelir.tecil.{durum}", actor=actor, realm="staff", object_type="tecil_plani", object_id=ended.id,
                 before={"durum": before},
                 after={"durum": durum, "neden": neden[:500], "iptal_edilen_faiz": str(reversed_total)})
    return ended


def iptal(plan_id: int, gerekce: str, gun: date, *, actor: str) -> TecilPlani:
    """Cancel an active plan (reversal, not edit): paid installments stay paid."""
    if not (gerekce or "").strip():
        raise GelirError(_l("İptal gerekçesi gerekli."), {"gerekce": [_l("Gerekçe yazın.")]})
    if plan(plan_id).kampanya_id is not None:  # its late fees were reversed: see yapilandirma.boz
        raise GelirError(_l("Bu bir yapılandırmadır; tecil gibi iptal edilemez."), status=409)
    return _sonlandir(plan_id, "iptal", gun, gerekce.strip(), actor=actor)


def ihlal_denetle(gun: date, *, actor: str = "sistem") -> list[int]:
    """Break every active plan with an installment unpaid more than ``tecil.ihlal_gun`` days
    after its due day (6183 m.48: the tecil lapses when its terms are not kept); returns their ids."""
    grace = int(parametre.deger("tecil.ihlal_gun", gun))
    late = db.session.scalars(
        select(TecilTaksiti.plan_id).join(TecilPlani, TecilPlani.id == TecilTaksiti.plan_id)
        .where(TecilPlani.durum == "aktif", TecilPlani.kampanya_id.is_(None), TecilTaksiti.tahsilat_id.is_(None),
               TecilTaksiti.vade < gun - timedelta(days=grace))
        .distinct().order_by(TecilTaksiti.plan_id)).all()
    for plan_id in late:
        _sonlandir(plan_id, "bozuldu", gun,
                   f"{gun:%d.%m.%Y} itibarıyla vadesi geçmiş ödenmemiş taksit (6183 m.48).", actor=actor)
    return list(late)


def plan(plan_id: int, *, kilit: bool = False) -> TecilPlani:
    query = select(TecilPlani).where(TecilPlani.id == plan_id)
    if kilit:  # locked, and read again: another transaction may have ended it meanwhile
        query = query.with_for_update().execution_options(populate_existing=True)
    row = db.session.scalar(query)
    if row is None:
        raise GelirError(_l("Tecil planı bulunamadı."), status=404)
    return row


def planlar(mukellef_id: int | None = None, *, durum: str | None = None, yapilandirma: bool | None = False):
    """Plans, newest first (a query for the caller to paginate): tecil plans, restructurings
    (``yapilandirma=True``) or both (``None``)."""
    query = select(TecilPlani).order_by(TecilPlani.id.desc())
    if yapilandirma is not None:
        query = query.where(TecilPlani.kampanya_id.isnot(None) if yapilandirma else TecilPlani.kampanya_id.is_(None))
    if mukellef_id is not None:
        query = query.where(TecilPlani.mukellef_id == mukellef_id)
    if durum:
        query = query.where(TecilPlani.durum == durum)
    return query


def kapsamda(tahakkuk_id: int) -> int | None:
    """The active plan that covers an accrual, if any (such an accrual is not cancelled on its own)."""
    owner = db.session.scalar(select(Tahakkuk.mukellef_id).where(Tahakkuk.id == tahakkuk_id))
    if owner is None:
        return None
    rows = db.session.execute(
        select(TecilTaksiti.plan_id, TecilTaksiti.paylar, TecilTaksiti.faiz_tahakkuk_id)
        .join(TecilPlani, TecilPlani.id == TecilTaksiti.plan_id)
        .where(TecilPlani.durum == "aktif", TecilPlani.mukellef_id == owner))
    for plan_id, paylar, faiz_id in rows:
        if faiz_id == tahakkuk_id or any(int(p["tahakkuk_id"]) == tahakkuk_id for p in paylar):
            return plan_id
    return None
