"""Restructuring campaigns (yapılandırma): a law that lets taxpayers pay old debts without
their late fees, as dated data (``YapilandirmaKampanyasi``), and each restructuring made
under one.

A restructuring is a tecil plan under a campaign (``TecilPlani.kampanya_id``), so its
installments are listed, paid whole and closed by the tecil machinery (``borc.acik_borclar``,
``tahsilat.tahsil``, ``tecil.taksitler_odendi``).  What differs:

- on approval the debts' open accrued late fees are reversed (reversing rows, never edits:
  ``revenue_cancelled``) and the late fee not yet accrued is not accrued; the campaign's
  amount in their place, with the installment coefficient's increase, is accrued per
  installment as ``yapilandirma`` (``revenue_accrued``);
- it breaks (``ihlal_denetle``) only when more installments are missed than the campaign
  tolerates; then the unpaid installments' amount is reversed and the late fee the debts
  had on the application day comes back on the principal still unpaid, as new late-fee
  accruals (``revenue_accrued``): the benefit is lost for what was not paid.

Staff cannot cancel a restructuring like a tecil (``tecil.iptal`` refuses it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ebelediye import audit, events, parameters
from ebelediye.extensions import db

from .. import hesap, parametre
from ..hesap import ZERO
from ..models import (
    GelirTuru,
    Mukellef,
    OdemeEmri,
    Tahakkuk,
    TecilPlani,
    TecilTaksiti,
    YapilandirmaKampanyasi,
)
from . import GelirError, borc, tahsilat, tecil

KOD = "yapilandirma"
YONTEMLER = {"yi_ufe": _l("Gecikme zammı yerine Yİ-ÜFE aylık değişim oranlarıyla hesaplanan tutar"),
             "aylik_oran": _l("Gecikme zammı yerine sabit aylık oranla hesaplanan tutar"),
             "vazgec": _l("Gecikme zammından vazgeçilir")}
#: TÜİK's monthly Yİ-ÜFE changes (%), one row per calendar month, entered by the ministry
UFE_KODU = "yi_ufe.aylik_degisim"
#: the largest coefficient and installment count a campaign may carry (a typo guard)
AZAMI_KATSAYI = Decimal("5")
AZAMI_TAKSIT = 72
AZAMI_ORAN = Decimal("100")


# --- campaigns ----------------------------------------------------------------------------

def secenekleri_coz(metin: str) -> list[dict]:
    """Parse installment options written ``1=1; 2=1,045; 3=1,083`` (count = coefficient)."""
    options: dict[int, Decimal] = {}
    for part in (metin or "").replace("\n", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        count_text, sep, coef_text = part.partition("=")
        count_text, coef_text = count_text.strip(), coef_text.strip().replace(",", ".")
        if not sep or not count_text.isdigit() or len(count_text) > 3 or len(coef_text) > 10:
            raise ValueError(part)
        try:
            coef = Decimal(coef_text)
        except InvalidOperation:
            raise ValueError(part) from None
        count = int(count_text)
        if not coef.is_finite() or not 1 <= count <= AZAMI_TAKSIT or not 1 <= coef <= AZAMI_KATSAYI \
                or coef.as_tuple().exponent < -4 or count in options:  # type: ignore[operator]
            raise ValueError(part)
        options[count] = coef
    if not options:
        raise ValueError("")
    return [{"taksit": n, "katsayi": str(options[n])} for n in sorted(options)]


def secenek_metni(secenekler: list[dict]) -> str:
    return "; ".join(f"{o['taksit']}={o['katsayi']}" for o in secenekler)


def kampanya_olustur(veri: dict, *, actor: str) -> YapilandirmaKampanyasi:
    """Record a campaign (a law's rules) after checking that its dates and figures fit together."""
    errors: dict[str, list] = {}
    try:
        options = secenekleri_coz(veri["secenekler"])
    except ValueError:
        options = []
        errors["secenekler"] = [_l("Seçenekleri 'taksit=katsayı' biçiminde, ';' ile ayırarak yazın "
                                   "(ör. 1=1; 2=1,045); taksit 1–%(n)s, katsayı 1–5.", n=AZAMI_TAKSIT)]
    if veri["basvuru_bitis"] < veri["basvuru_baslangic"]:
        errors["basvuru_bitis"] = [_l("Başvuru bitişi başlangıçtan önce olamaz.")]
    if veri["ilk_taksit_vadesi"] < veri["basvuru_bitis"]:
        errors["ilk_taksit_vadesi"] = [_l("İlk taksit vadesi başvuru süresinin bitişinden önce olamaz.")]
    if veri["kapsam_vade_sonu"] > veri["basvuru_baslangic"]:
        errors["kapsam_vade_sonu"] = [_l("Kapsanan borçların vadesi başvuru başlangıcından sonra olamaz.")]
    rate = veri.get("aylik_oran")
    if veri["gecikme_yontemi"] == "aylik_oran" and rate is None:
        errors["aylik_oran"] = [_l("Aylık oranı yazın.")]
    if veri["gecikme_yontemi"] != "aylik_oran":
        rate = None
    known = set(db.session.scalars(select(GelirTuru.kod)))
    kinds = sorted(set(veri["gelir_kodlari"]))
    if not kinds or any(k not in known or k in ("gecikme_zammi", tecil.FAIZ_KODU, KOD) for k in kinds):
        errors["gelir_kodlari"] = [_l("Kapsanan gelir türlerinden en az birini seçin.")]
    if errors:
        raise GelirError(_l("Kampanya kaydedilemedi; işaretli alanları düzeltin."), errors)
    row = YapilandirmaKampanyasi(
        ad=veri["ad"], kanun_no=veri["kanun_no"], kanun_tarihi=veri["kanun_tarihi"], dayanak=veri["dayanak"],
        basvuru_baslangic=veri["basvuru_baslangic"], basvuru_bitis=veri["basvuru_bitis"],
        kapsam_vade_sonu=veri["kapsam_vade_sonu"], gelir_kodlari=kinds, gecikme_yontemi=veri["gecikme_yontemi"],
        aylik_oran=rate, hesap_sonu=veri.get("hesap_sonu") or veri["kanun_tarihi"],
        pesin_indirim=veri["pesin_indirim"], secenekler=options, ilk_taksit_vadesi=veri["ilk_taksit_vadesi"],
        taksit_araligi_ay=veri["taksit_araligi_ay"], tolerans=veri["tolerans"],
        son_taksit_ek_ay=veri.get("son_taksit_ek_ay") or 0, dava_vazgecme=bool(veri.get("dava_vazgecme")),
        olusturan=actor)
    db.session.add(row)
    db.session.flush()
    audit.record("gelir.yapilandirma.kampanya", actor=actor, realm="staff", object_type="yapilandirma_kampanyasi",
                 object_id=row.id, after={"ad": row.ad, "kanun_no": row.kanun_no, "secenekler": options,
                                          "gelir_kodlari": kinds, "basvuru": [row.basvuru_baslangic.isoformat(),
                                                                             row.basvuru_bitis.isoformat()],
                                          "son_taksit_ek_ay": row.son_taksit_ek_ay,
                                          "dava_vazgecme": row.dava_vazgecme})
    return row


def kampanya(kampanya_id: int) -> YapilandirmaKampanyasi:
    row = db.session.get(YapilandirmaKampanyasi, kampanya_id)
    if row is None:
        raise GelirError(_l("Yapılandırma kampanyası bulunamadı."), status=404)
    return row


def kampanyalar():
    """Campaigns, newest application window first (a query for the caller to paginate)."""
    return select(YapilandirmaKampanyasi).order_by(YapilandirmaKampanyasi.basvuru_baslangic.desc(),
                                                   YapilandirmaKampanyasi.id.desc())


def kampanya_listesi(limit: int) -> list[YapilandirmaKampanyasi]:
    """The newest ``limit`` campaigns."""
    return list(db.session.scalars(kampanyalar().limit(limit)))


# --- applying -------------------------------------------------------------------------------

@dataclass
class Onizleme:
    """A restructuring as it would be made: the chosen debts and the schedule."""

    kampanya: YapilandirmaKampanyasi
    mukellef: Mukellef
    borclar: list[borc.Borc]
    hesap: hesap.YapilandirmaHesabi
    basvuru_tarihi: date


def davali_borclar(mukellef_id: int) -> set[int]:
    """The taxpayer's debts in court: on an ödeme emri whose objection (a case before the
    tax court, 6183 m.58) is pending."""
    orders = db.session.scalars(select(OdemeEmri.kalemler).where(OdemeEmri.mukellef_id == mukellef_id,
                                                                OdemeEmri.durum == "itirazda"))
    return {int(line["tahakkuk_id"]) for lines in orders for line in (lines or [])}


def uygun_borclar(kampanya_row: YapilandirmaKampanyasi, mukellef_id: int, gun: date) -> list[borc.Borc]:
    """The taxpayer's open debts the campaign covers as of ``gun``: of its revenue kinds, due
    on or before its cut-off, with principal open and not under a tecil plan or restructuring
    (``acik_borclar`` shows those as installments, which are not chosen here); a debt in
    court only under a campaign that takes it on withdrawing the case (``dava_vazgecme``)."""
    kinds = set(kampanya_row.gelir_kodlari)
    in_court = set() if kampanya_row.dava_vazgecme else davali_borclar(mukellef_id)
    return [d for d in borc.acik_borclar(mukellef_id, gun)
            if d.tecil_taksiti_id is None and d.gelir_kodu in kinds and d.vade <= kampanya_row.kapsam_vade_sonu
            and d.anapara > 0 and d.tahakkuk_id not in in_court]


def vadeler(kampanya_row: YapilandirmaKampanyasi, taksit_sayisi: int) -> list[date]:
    """The due days: the campaign's first, then every ``taksit_araligi_ay`` months, each moved
    past weekends and public holidays."""
    return [hesap.vade_gunu(hesap.ay_ekle(kampanya_row.ilk_taksit_vadesi, k * kampanya_row.taksit_araligi_ay),
                            parametre.tatil_mi) for k in range(taksit_sayisi)]


def oranlar(kampanya_row: YapilandirmaKampanyasi, vade: date) -> list[tuple[date, date, Decimal]]:
    """The rates in place of the late fee's for a debt due ``vade``: the campaign's one rate,
    or the Yİ-ÜFE monthly changes from vade's month to the month before the law's (its own
    month takes the one before's); a month nobody entered refuses, naming the key."""
    end = kampanya_row.hesap_sonu
    if kampanya_row.gecikme_yontemi == "vazgec" or end <= vade:
        return []
    if kampanya_row.gecikme_yontemi == "aylik_oran":
        return [(vade + timedelta(days=1), end, kampanya_row.aylik_oran or ZERO)]
    before_publication = date(kampanya_row.kanun_tarihi.year, kampanya_row.kanun_tarihi.month, 1) - timedelta(days=1)
    upto = min(end - timedelta(days=1), before_publication)
    monthly = parameters.spans(UFE_KODU, vade, upto) if upto >= vade else \
        parameters.spans(UFE_KODU, before_publication, before_publication)
    return hesap.ufe_oranlari(monthly, vade, end, kampanya_row.kanun_tarihi)


def onizle(kampanya_id: int, mukellef_id: int, tahakkuk_ids: list[int], taksit_sayisi: int, basvuru_tarihi: date,
           *, bugun: date) -> Onizleme:
    """The restructuring of the chosen debts under the campaign, computed, not written."""
    row = kampanya(kampanya_id)
    mukellef = db.session.get(Mukellef, mukellef_id)
    if mukellef is None:
        raise GelirError(_l("Mükellef bulunamadı."), status=404)
    errors: dict[str, list] = {}
    if basvuru_tarihi > bugun or not row.basvuru_baslangic <= basvuru_tarihi <= row.basvuru_bitis:
        errors["basvuru_tarihi"] = [_l("Başvuru tarihi kampanyanın başvuru süresi içinde (%(a)s–%(b)s) ve "
                                       "bugünden önce olmalı.", a=f"{row.basvuru_baslangic:%d.%m.%Y}",
                                       b=f"{row.basvuru_bitis:%d.%m.%Y}")]
    options = {int(o["taksit"]): Decimal(o["katsayi"]) for o in row.secenekler}
    if taksit_sayisi not in options:
        errors["taksit_sayisi"] = [_l("Kampanyanın seçeneklerinden birini seçin: %(n)s.",
                                      n=", ".join(map(str, sorted(options))))]
    if not tahakkuk_ids:
        errors["tahakkuk"] = [_l("Yapılandırılacak en az bir borç seçin.")]
    if errors:
        raise GelirError(_l("Yapılandırma hesaplanamadı; işaretli alanları düzeltin."), errors)
    # the late fee the debts have up to the day before the application is what is removed
    open_debts = {d.tahakkuk_id: d for d in uygun_borclar(row, mukellef_id, basvuru_tarihi - timedelta(days=1))}
    wanted = sorted(set(tahakkuk_ids))
    missing = [i for i in wanted if i not in open_debts]
    if missing:
        raise GelirError(_l("Seçilen borçlardan bazıları bu kampanyanın kapsamında değil: %(no)s.",
                            no=", ".join(map(str, missing))),
                         {"tahakkuk": [_l("Kampanya kapsamındaki açık bir borç seçin.")]})
    chosen = sorted((open_debts[i] for i in wanted), key=lambda d: (d.vade, d.oncelik, d.tahakkuk_id))
    plan = hesap.yapilandirma_plani(
        [(d.tahakkuk_id, d.vade, d.anapara, d.gecikme, oranlar(row, d.vade)) for d in chosen],
        vadeler(row, taksit_sayisi), yontem=row.gecikme_yontemi, hesap_sonu=row.hesap_sonu,
        katsayi=options[taksit_sayisi], pesin_indirim=row.pesin_indirim)
    return Onizleme(row, mukellef, chosen, plan, basvuru_tarihi)


#: where an application was made: the staff desk (page or API) or the citizen online (e-Hizmet)
KANALLAR = {"personel": _l("Personel"), "e-hizmet": _l("e-Hizmet (vatandaş)")}


def acik_kampanyalar(gun: date) -> list[YapilandirmaKampanyasi]:
    """The campaigns whose application window includes ``gun``, newest window first."""
    return list(db.session.scalars(kampanyalar().where(YapilandirmaKampanyasi.basvuru_baslangic <= gun,
                                                       YapilandirmaKampanyasi.basvuru_bitis >= gun)))


def mukellef_uygunlari(mukellef_id: int, gun: date) -> list[tuple[YapilandirmaKampanyasi, list[borc.Borc]]]:
    """Each campaign open on ``gun`` with the taxpayer's debts it covers (possibly none)."""
    return [(row, uygun_borclar(row, mukellef_id, gun)) for row in acik_kampanyalar(gun)]


def aktif_plan(kampanya_id: int, mukellef_id: int, tahakkuk_ids: list[int]) -> TecilPlani | None:
    """The taxpayer's active restructuring under the campaign that already covers every one
    of these debts (a confirmation sent twice finds the plan the first one made)."""
    wanted = set(tahakkuk_ids)
    for plan in db.session.scalars(select(TecilPlani).where(
            TecilPlani.kampanya_id == kampanya_id, TecilPlani.mukellef_id == mukellef_id,
            TecilPlani.durum == "aktif").order_by(TecilPlani.id.desc())):
        covered = {int(r["tahakkuk_id"]) for r in (plan.yapilandirma or {}).get("borclar", [])}
        if wanted and wanted <= covered:
            return plan
    return None


def onayla(kampanya_id: int, mukellef_id: int, tahakkuk_ids: list[int], taksit_sayisi: int, basvuru_tarihi: date,
           *, bugun: date, actor: str, kanal: str = "personel") -> TecilPlani:
    """Make the restructuring: reverse the debts' accrued late fees, accrue the campaign's
    amount per installment, and record which parts of which accruals each installment pays.
    ``kanal`` says where it was applied for (``KANALLAR``): kept on the plan and in the audit."""
    if kanal not in KANALLAR:
        raise ValueError(kanal)
    tahsilat.kilitle(mukellef_id)  # the debts cannot change (or be restructured twice) meanwhile
    preview = onizle(kampanya_id, mukellef_id, tahakkuk_ids, taksit_sayisi, basvuru_tarihi, bugun=bugun)
    schedule = preview.hesap
    kinds = {k.kod: k for k in db.session.scalars(select(GelirTuru))}
    records: list[dict] = []
    cancelled = ZERO
    in_court = sorted(davali_borclar(mukellef_id) & {d.tahakkuk_id for d in preview.borclar})
    for debt in preview.borclar:
        reversals = []
        for fee_id, amount in debt.gecikme_kalemleri:
            if amount <= 0:
                continue
            fee = db.session.get_one(Tahakkuk, fee_id)
            back = Tahakkuk(mukellef_id=mukellef_id, gelir_kodu="gecikme_zammi", kaynak=fee.kaynak, yil=fee.yil,
                            taksit=fee.taksit, surum=fee.surum, vade=fee.vade, tutar=-amount, iptal_edilen_id=fee.id,
                            aciklama=f"İptal: {preview.kampanya.kanun_no} s. Kanun yapılandırması", olusturan=actor)
            db.session.add(back)
            db.session.flush()
            reversals.append([fee.id, back.id, str(amount)])
            cancelled += amount
        records.append({"tahakkuk_id": debt.tahakkuk_id, "anapara": str(debt.anapara), "gecikme": str(debt.gecikme),
                        "gecikme_acik": str(debt.gecikme_acik), "iptaller": reversals})
    plan = TecilPlani(
        mukellef_id=mukellef_id, durum="aktif", tecil_tarihi=basvuru_tarihi, taksit_sayisi=taksit_sayisi,
        anapara=schedule.anapara, gecikme=ZERO, faiz=schedule.fer_i, teminat="", hesap=_adimlar(preview),
        onaylayan=actor, kampanya_id=preview.kampanya.id,
        yapilandirma={"borclar": records, "katsayi": str(schedule.katsayi), "indirim": str(schedule.indirim),
                      "yeni": str(schedule.yeni), "artis": str(schedule.artis),
                      "asil_gecikme": str(schedule.gecikme), "kanal": kanal,
                      # debts in court taken on the condition that the case is withdrawn (staff file it)
                      "davadan_vazgecilen": in_court})
    db.session.add(plan)
    db.session.flush()
    principal = [(d.tahakkuk_id, d.gelir_kodu, d.anapara) for d in preview.borclar]
    parts = hesap.paylara_bol(principal, [t.anapara for t in schedule.taksitler])
    for step, part in zip(schedule.taksitler, parts, strict=True):
        amount = Tahakkuk(mukellef_id=mukellef_id, gelir_kodu=KOD, kaynak=f"yapilandirma:{plan.id}",
                          yil=basvuru_tarihi.year, taksit=step.sira, surum=1, vade=step.vade, tutar=step.faiz,
                          olusturan=actor, aciklama=f"Yapılandırma ({preview.kampanya.kanun_no}): plan {plan.id}, "
                                                    f"taksit {step.sira}/{taksit_sayisi}")
        db.session.add(amount)
        db.session.flush()
        db.session.add(TecilTaksiti(plan_id=plan.id, sira=step.sira, vade=step.vade, anapara=step.anapara,
                                    gecikme=ZERO, faiz=step.faiz, faiz_tahakkuk_id=amount.id,
                                    paylar=[{"tahakkuk_id": i, "gelir_kodu": code, "tutar": str(value)}
                                            for i, code, value in part]))
    db.session.flush()
    reference = f"yapilandirma:{plan.id}"
    if cancelled > 0:
        events.revenue_cancelled.send("gelir", event=events.RevenueEvent(
            module="gelir", reference=reference, on=bugun, actor=actor,
            lines=(events.RevenueLine("gecikme_zammi", kinds["gecikme_zammi"].ekonomik_kod, cancelled,
                                      basvuru_tarihi.year),)))
    if schedule.fer_i > 0:
        events.revenue_accrued.send("gelir", event=events.RevenueEvent(
            module="gelir", reference=reference, on=bugun, actor=actor,
            lines=(events.RevenueLine(KOD, kinds[KOD].ekonomik_kod, schedule.fer_i, basvuru_tarihi.year),)))
    borc.degisti(mukellef_id)
    audit.record("gelir.yapilandirma.onayla", actor=actor, realm="citizen" if kanal == "e-hizmet" else "staff",
                 object_type="tecil_plani", object_id=plan.id,
                 after={"kampanya_id": preview.kampanya.id, "mukellef_id": mukellef_id, "kanal": kanal,
                        "davadan_vazgecilen": in_court,
                        "basvuru_tarihi": basvuru_tarihi.isoformat(), "taksit_sayisi": taksit_sayisi,
                        "tahakkuklar": [d.tahakkuk_id for d in preview.borclar], "anapara": str(schedule.anapara),
                        "iptal_edilen_gecikme": str(cancelled), "asil_gecikme": str(schedule.gecikme),
                        "yeni": str(schedule.yeni), "artis": str(schedule.artis)})
    return plan


def _adimlar(preview: Onizleme) -> list[dict]:
    plan, row = preview.hesap, preview.kampanya
    steps = []
    for d in plan.borclar:
        steps.append(hesap.Adim(f"Borç {d.tahakkuk_id} (vade {d.vade:%d.%m.%Y}): anapara", hesap.tl(d.anapara)))
        steps.append(hesap.Adim(f"Borç {d.tahakkuk_id}: gecikme zammı başvuru gününe kadar (kaldırılır)",
                                hesap.tl(d.gecikme)))
        steps += list(d.adimlar)
    if plan.indirim:
        steps.append(hesap.Adim(f"Peşin ödeme indirimi (%{row.pesin_indirim})", "-" + hesap.tl(plan.indirim)))
    steps.append(hesap.Adim(f"Katsayı {plan.katsayi}: ({hesap.tl(plan.anapara)} + {hesap.tl(plan.yeni)}) × "
                            f"{plan.katsayi} − anapara − tutar", hesap.tl(plan.artis)))
    return [s.as_dict() for s in steps]


# --- losing the benefit ---------------------------------------------------------------------

def boz(plan_id: int, gun: date, neden: str, *, actor: str) -> TecilPlani:
    """Break a restructuring: the unpaid installments' amount is reversed (``tecil._sonlandir``)
    and the late fee the debts had on the application day comes back, as new late-fee
    accruals, on the share of each debt's principal still unpaid."""
    ended = tecil.plan(plan_id)
    if ended.kampanya_id is None:
        raise GelirError(_l("Bu plan bir yapılandırma değil."), status=409)
    # the taxpayer's lock first, as a payment takes it; then the installments read afresh
    tahsilat.kilitle(ended.mukellef_id)
    db.session.refresh(ended)
    ended = tecil._sonlandir(plan_id, "bozuldu", gun, neden, actor=actor)
    data = dict(ended.yapilandirma or {})
    unpaid: dict[int, Decimal] = {}
    for row in ended.taksitler:
        if row.tahsilat_id is None:
            for part in row.paylar:
                unpaid[int(part["tahakkuk_id"])] = unpaid.get(int(part["tahakkuk_id"]), ZERO) + Decimal(part["tutar"])
    fee_day = ended.tecil_tarihi - timedelta(days=1)
    restored: list[list] = []
    total = ZERO
    debts = {d.tahakkuk_id: d for d in borc.acik_borclar(ended.mukellef_id, gun)}
    for record in data.get("borclar", []):
        debt_id, principal, fee = int(record["tahakkuk_id"]), Decimal(record["anapara"]), Decimal(record["gecikme"])
        share = unpaid.get(debt_id, ZERO)
        amount = hesap.kurus(fee * share / principal) if principal > 0 else ZERO
        if amount <= 0 or debt_id not in debts:
            continue
        row = tahsilat.gecikme_tahakkuku(debts[debt_id], ended.mukellef_id, amount, fee_day, actor)
        restored.append([row.id, str(amount)])
        total += amount
    data["geri"] = restored
    ended.yapilandirma = data
    db.session.flush()
    if total > 0:
        kind = db.session.get_one(GelirTuru, "gecikme_zammi")
        events.revenue_accrued.send("gelir", event=events.RevenueEvent(
            module="gelir", reference=f"yapilandirma:{ended.id}", on=gun, actor=actor,
            lines=(events.RevenueLine("gecikme_zammi", kind.ekonomik_kod, total, gun.year),)))
    borc.degisti(ended.mukellef_id)
    audit.record("gelir.yapilandirma.bozuldu", actor=actor, realm="staff", object_type="tecil_plani",
                 object_id=ended.id, before={"durum": "aktif"},
                 after={"durum": "bozuldu", "neden": neden[:500], "geri_gelen_gecikme": str(total)})
    return ended


def son_odeme_gunu(kampanya_row: YapilandirmaKampanyasi, son_vade: date) -> date | None:
    """The last day a late installment may still be paid (with the late-payment surcharge)
    without breaking the restructuring: the end of the ``son_taksit_ek_ay``-th month after
    the last installment's due day; None when the campaign gives no such grace."""
    if not kampanya_row.son_taksit_ek_ay:
        return None
    return hesap.takvim_ay_sonu(hesap.ay_ekle(son_vade, kampanya_row.son_taksit_ek_ay))


def ihlal_adaylari(gun: date) -> list[int]:
    """Active restructurings to break on ``gun``, in id order: more installments unpaid past
    their due day than the campaign tolerates; under a campaign with ``son_taksit_ek_ay``
    the last installment does not count as missed before its grace ends, and once the grace
    has ended any unpaid installment breaks it."""
    last = (select(TecilTaksiti.plan_id, func.max(TecilTaksiti.vade).label("son_vade"))
            .group_by(TecilTaksiti.plan_id).subquery())
    rows = db.session.execute(
        select(TecilPlani.id, TecilPlani.taksit_sayisi, TecilTaksiti.sira, last.c.son_vade,
               YapilandirmaKampanyasi)
        .join(TecilTaksiti, TecilTaksiti.plan_id == TecilPlani.id)
        .join(last, last.c.plan_id == TecilPlani.id)
        .join(YapilandirmaKampanyasi, YapilandirmaKampanyasi.id == TecilPlani.kampanya_id)
        .where(TecilPlani.durum == "aktif", TecilTaksiti.tahsilat_id.is_(None), TecilTaksiti.vade < gun)
        .order_by(TecilPlani.id)).all()
    missed: dict[int, int] = {}
    broken: set[int] = set()
    for plan_id, count, sira, son_vade, campaign in rows:
        grace = son_odeme_gunu(campaign, son_vade)
        if grace is not None and gun > grace:
            broken.add(plan_id)  # the grace is over: whatever is still unpaid breaks it
            continue
        if grace is not None and sira == count:
            continue  # the last installment, still payable late with the surcharge
        missed[plan_id] = missed.get(plan_id, 0) + 1
        if missed[plan_id] > campaign.tolerans:
            broken.add(plan_id)
    return sorted(broken)


def ihlal_denetle(gun: date, *, actor: str = "sistem", commit=None) -> list[int]:
    """Break every restructuring past its tolerance; idempotent (a broken one is no longer
    active) and resumable when ``commit`` makes each one durable before the next."""
    broken = []
    for plan_id in ihlal_adaylari(gun):
        boz(plan_id, gun, f"{gun:%d.%m.%Y} itibarıyla tolerans aşıldı: vadesi geçmiş ödenmemiş taksit.",
            actor=actor)
        broken.append(plan_id)
        if commit is not None:
            commit()
    return broken


def planlar(kampanya_id: int | None = None, *, durum: str | None = None):
    """Restructurings, newest first (a query for the caller to paginate)."""
    query = tecil.planlar(durum=durum, yapilandirma=True)
    if kampanya_id is not None:
        query = query.where(TecilPlani.kampanya_id == kampanya_id)
    return query


def yapilandirma(plan_id: int) -> TecilPlani:
    row = tecil.plan(plan_id)
    if row.kampanya_id is None:
        raise GelirError(_l("Yapılandırma bulunamadı."), status=404)
    return row
