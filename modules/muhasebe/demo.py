"""Demo accounting for ``make run``: this year's budget (personnel, SGK, goods and
services, a road investment), its appropriations, and each month so far the revenue the
gelir servisi reports (tahakkuk bordrosu and the desk's collections), the payroll and its
payment (through the core's ``PayrollEvent``, as İK will send it) and two ödeme emirleri.

Everything goes through the services and the receivers: prepared by one demo user,
approved by another.  Idempotent: a second run finds the budget and only prints figures.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from ebelediye import clock, events

from .models import ButceKalemi, Fis
from .services import butce, fis, odenek, rapor

HAZIRLAYAN = "demo:gerceklestirme-gorevlisi"
ONAYLAYAN = "demo:muhasebe-yetkilisi"
KURUM = "46.06.99"
#: (birim, fonksiyonel, ekonomik, ad, ödenek)
BUTCE = [
    ("02", "01.3.9.00", "01.1", "Memurlar", "24000000.00"),
    ("02", "01.3.9.00", "02.1", "Sosyal Güvenlik Kurumlarına Devlet Primi", "5200000.00"),
    ("02", "01.3.9.00", "03.02", "Tüketime Yönelik Mal ve Malzeme Alımları", "1850000.00"),
    ("31", "06.6.0.00", "03.05", "Hizmet Alımları (temizlik)", "9600000.00"),
    ("33", "04.5.1.00", "06.05", "Gayrimenkul Sermaye Üretim Giderleri (yol yapımı)", "32000000.00"),
]
#: the personnel items of each İK demo unit: (ekonomik, ödenek)
PERSONEL_ODENEKLERI = [("01.1", "6000000.00"), ("01.2", "3000000.00"), ("01.3", "6000000.00"),
                       ("02.1", "1200000.00"), ("02.2", "600000.00"), ("02.3", "1200000.00")]
PERSONEL_ADLARI = {"01.1": "Memurlar", "01.2": "Sözleşmeli Personel", "01.3": "İşçiler",
                   "02.1": "Memurlar (SGK devlet primi)", "02.2": "Sözleşmeli Personel (SGK devlet primi)",
                   "02.3": "İşçiler (SGK devlet primi)"}
CENTS = Decimal("0.01")


def _amount(rng: random.Random, low: int, high: int) -> Decimal:
    return (Decimal(rng.randint(low * 100, high * 100)) / 100).quantize(CENTS)


def _payroll(rng: random.Random, month: int, year: int) -> events.PayrollEvent:
    gross = _amount(rng, 1_650_000, 1_750_000)
    employer = (gross * Decimal("0.2250")).quantize(CENTS)
    gv = (gross * Decimal("0.15")).quantize(CENTS)
    dv = (gross * Decimal("0.00759")).quantize(CENTS)
    sgk = (gross * Decimal("0.14")).quantize(CENTS)
    unemployment = (gross * Decimal("0.01")).quantize(CENTS)
    net = gross - gv - dv - sgk - unemployment
    codes = {"institutional_code": f"{KURUM}.02", "functional_code": "01.3.9.00"}
    P = events.PayrollLine
    return events.PayrollEvent(
        module="demo", reference=f"bordro:{year}-{month:02d}", on=date(year, month, 15), period=f"{year}-{month:02d}",
        headcount=212, lines=(P("brut", gross, "01.1.1.01", **codes), P("isveren_sgk", employer, "02.1.1.01", **codes),
                              P("net", net, "01.1.1.01", **codes), P("gelir_vergisi", gv, **codes),
                              P("damga_vergisi", dv, **codes), P("sgk_isci", sgk, **codes),
                              P("issizlik_isci", unemployment, **codes), P("sgk_isveren", employer, **codes)))


def run(session, tenant) -> list[str]:
    today = clock.today()
    year = today.year
    if session.scalar(select(func.count()).select_from(ButceKalemi).where(ButceKalemi.yil == year)):
        return _summary(year, today)
    rng = random.Random(f"muhasebe:{tenant.slug}:{year}")
    lines = {}
    for unit, functional, economic, name, amount in BUTCE:
        row = butce.kalem_ac(year, f"{KURUM}.{unit}", functional, economic, name, actor=HAZIRLAYAN)
        draft = odenek.odenek_ver(row.id, Decimal(amount), date(year, 1, 2), actor=HAZIRLAYAN)
        fis.onayla(draft.id, actor=ONAYLAYAN)
        lines[economic] = row
    with_hr = "ik" in tenant.modules
    if with_hr:
        # İK's demo closes real payrolls of its five units (kurumsal 46.06.99.01-05, fonksiyonel
        # 01.3.9.00); appropriate their personnel items instead of posting a made-up payroll
        for unit in ("01", "02", "03", "04", "05"):
            for economic, amount in PERSONEL_ODENEKLERI:
                if unit == "02" and economic in lines:
                    continue  # opened above
                row = butce.kalem_ac(year, f"{KURUM}.{unit}", "01.3.9.00", economic, PERSONEL_ADLARI[economic],
                                     actor=HAZIRLAYAN)
                draft = odenek.odenek_ver(row.id, Decimal(amount), date(year, 1, 2), actor=HAZIRLAYAN)
                fis.onayla(draft.id, actor=ONAYLAYAN)
    revenue = [("emlak_bina", "01.2.9.51"), ("emlak_arsa", "01.2.9.52"), ("ctv_konut", "01.2.9.54"),
               ("ilan_reklam", "01.3.9.53")]
    for month in range(1, today.month + 1):
        day = min(date(year, month, 28), today)
        accrued = tuple(events.RevenueLine(code, econ, _amount(rng, 400_000, 2_400_000), year) for code, econ in revenue)
        events.revenue_accrued.send("demo", event=events.RevenueEvent(
            module="demo", reference=f"tahakkuk-bordrosu:{year}-{month:02d}", on=date(year, month, 2), lines=accrued,
            actor=HAZIRLAYAN))
        for channel in ("kasa", "banka", "pos"):
            collected = tuple(events.RevenueLine(line.revenue_code, line.economic_code,
                                                 (line.amount * Decimal(rng.randint(15, 30)) / 100).quantize(CENTS), year)
                              for line in accrued)
            events.revenue_collected.send("demo", event=events.RevenueEvent(
                module="demo", reference=f"vezne:{year}-{month:02d}:{channel}", on=day, channel=channel,
                lines=collected, actor=HAZIRLAYAN))
        if not with_hr and date(year, month, 15) <= today:
            payroll = _payroll(rng, month, year)
            events.payroll_accrued.send("demo", event=payroll)
            events.payroll_paid.send("demo", event=events.PayrollEvent(
                module="demo", reference=payroll.reference, on=date(year, month, 15), period=payroll.period,
                channel="gonderme_emri", lines=tuple(line for line in payroll.lines if line.kind == "net")))
        for economic, low, high, text in (("03.05", 600_000, 800_000, "Temizlik hizmeti hakedişi"),
                                          ("03.02", 60_000, 140_000, "Kırtasiye ve büro malzemesi")):
            draft = odenek.harca(lines[economic].id, _amount(rng, low, high), day, actor=HAZIRLAYAN,
                                 gider_ekonomik=f"{economic}.01.01", aciklama=f"{text} {month:02d}/{year}")
            fis.onayla(draft.id, actor=ONAYLAYAN)
    session.flush()
    return _summary(year, today)


def _summary(year: int, today: date) -> list[str]:
    from ebelediye.extensions import db

    count = db.session.scalar(select(func.count()).select_from(Fis).where(Fis.yil == year, Fis.durum == "onaylandi"))
    granted, used = butce.yil_ozeti(year)
    return [f"Muhasebe: {count} onaylı fiş, bütçe {granted:,.2f} TL, kullanılan {used:,.2f} TL, "
            f"nakit {rapor.nakit(today):,.2f} TL"]
