"""The monthly payroll (bordro): started by the tahakkuk unit, computed by an rq job for the
whole municipality, closed (the payroll event goes to accounting in the same transaction),
paid (the bank file), and corrected only by a difference run (fark bordrosu).

- One regular run per month (a partial unique index); one payslip per person and run (a
  unique constraint).  The job walks the staff in id order, skips whoever already has a
  payslip in the run and commits every chunk, so a run killed mid-way resumes where it
  stopped and never doubles a payslip.
- A closed run refuses every change: it is not recomputed, and its payslips are
  append-only rows in the database.  A difference run recomputes the month with today's
  data and records, per person, only what differs from the payslips already issued for it.
- The cumulative income-tax base of a person is the sum of the matrah of every payslip of
  earlier months of the year (regular and difference runs), so it never decreases.
"""

from __future__ import annotations

import calendar
import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, insert, or_, select

from ebelediye import audit, events, exports, jobs, uow
from ebelediye.errors import NotFound
from ebelediye.extensions import db

from .. import hesap
from ..models import Atama, Birim, Bordro, BordroSatiri, IzinTalebi, Kadro, Personel
from . import _CACHE as _FIGURES
from . import IkError, katsayilar, kurallar, mesai, rapor_ilk_iki_gun, sendika, tis

CHUNK = 200
ZERO = Decimal("0")
#: the states of a run whose figures are final (a cost, a payslip to show)
KAPALI = ("kapali", "odendi")
#: the money columns of a payslip a difference run compares
ALANLAR = ("brut", "sgk_matrahi", "sgk_isci", "issizlik_isci", "gv_matrahi", "gelir_vergisi", "gv_istisnasi",
           "damga_vergisi", "dv_istisnasi", "diger_kesintiler", "net", "sgk_isveren", "issizlik_isveren")


def donem_coz(donem: str) -> tuple[date, date]:
    """The first and last day of a ``YYYY-MM`` period; a clear error for anything else."""
    try:
        year, month = (int(p) for p in donem.split("-"))
        if not (len(donem) == 7 and 2000 <= year <= 2100 and 1 <= month <= 12):
            raise ValueError
    except (ValueError, AttributeError):
        raise IkError(_l("Dönem YYYY-AA biçiminde olmalı."), {"donem": [_l("Dönem YYYY-AA biçiminde olmalı.")]}) \
            from None
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _get(bordro_id: int, *, lock: bool = False) -> Bordro:
    query = select(Bordro).where(Bordro.id == bordro_id)
    row = db.session.scalar(query.with_for_update() if lock else query)
    if row is None:
        raise NotFound(_l("Bordro bulunamadı."))
    return row


def _check_parameters(donem: str) -> None:
    """Refuse a month no payroll figure covers before anything is queued."""
    first, _ = donem_coz(donem)
    kurallar(first, "4a")


def baslat(donem: str, *, actor: str, aciklama: str = "", starter: str | None = None) -> Bordro:
    """Start (or resume) the regular payroll of ``donem``: the run row and its job.

    ``starter`` is who the job runs for (``staff:<id>``, re-checked for the permission when
    it runs); ``actor`` is what the audit shows."""
    _check_parameters(donem)
    row = db.session.scalar(select(Bordro).where(Bordro.donem == donem, Bordro.tur == "asil").with_for_update())
    if row is not None and row.durum in ("kapali", "odendi"):
        raise IkError(_l("Bu dönemin bordrosu kapatılmış; düzeltme için fark bordrosu çalıştırın."),
                      {"donem": [_l("Bordro kapalı.")]}, status=409)
    if row is None:
        row = Bordro(donem=donem, tur="asil", durum="taslak", aciklama=aciklama[:300], olusturan=actor)
        db.session.add(row)
        db.session.flush()
    return _queue(row, actor, starter)


def fark_baslat(duzeltilen_id: int, *, actor: str, aciklama: str = "", starter: str | None = None) -> Bordro:
    """A difference run correcting a closed payroll of the same month."""
    original = _get(duzeltilen_id, lock=True)
    if original.tur != "asil" or original.durum not in ("kapali", "odendi"):
        raise IkError(_l("Fark bordrosu yalnızca kapatılmış bir aylık bordroyu düzeltir."), status=409)
    open_one = db.session.scalar(select(Bordro.id).where(
        Bordro.donem == original.donem, Bordro.tur == "fark", Bordro.durum.in_(("taslak", "hesaplaniyor",
                                                                                  "hesaplandi"))))
    if open_one is not None:
        raise IkError(_l("Bu dönemin açık bir fark bordrosu var; önce onu kapatın."), status=409)
    row = Bordro(donem=original.donem, tur="fark", duzeltilen_id=original.id, durum="taslak",
                 aciklama=aciklama[:300], olusturan=actor)
    db.session.add(row)
    db.session.flush()
    return _queue(row, actor, starter)


def devam(bordro_id: int, *, actor: str, starter: str | None = None) -> Bordro:
    """Queue a new job for a run that did not finish (its worker died)."""
    row = _get(bordro_id, lock=True)
    if row.durum not in ("taslak", "hesaplaniyor"):
        raise IkError(_l("Bu bordronun hesabı tamamlanmış."), status=409)
    return _queue(row, actor, starter)


def _queue(row: Bordro, actor: str, starter: str | None) -> Bordro:
    from ebelediye import tenancy

    slug = tenancy.require_tenant().slug
    record = jobs.enqueue(slug, "modules.ik.jobs:bordro_hesapla", row.id, queue_name="batch",
                          description=f"Bordro {row.donem} ({row.tur})", actor=starter or actor)
    row.job_id = str(record.id)
    db.session.flush()
    audit.record("ik.bordro.baslat", actor=actor, object_type="ik_bordro", object_id=row.id,
                 after={"donem": row.donem, "tur": row.tur, "job": row.job_id})
    return row


def kapsam(donem: str):
    """The staff paid in ``donem``: hired by its last day and not gone before its first."""
    first, last = donem_coz(donem)
    return select(Personel.id).where(Personel.ise_giris <= last,
                                     or_(Personel.ayrilis_tarihi.is_(None), Personel.ayrilis_tarihi >= first))


def _onceki_matrah(personel_ids: list[int], donem: str) -> dict[int, Decimal]:
    year = donem[:4]
    rows = db.session.execute(
        select(BordroSatiri.personel_id, func.sum(BordroSatiri.gv_matrahi))
        .where(BordroSatiri.personel_id.in_(personel_ids), BordroSatiri.donem >= f"{year}-01",
               BordroSatiri.donem < donem).group_by(BordroSatiri.personel_id))
    return {pid: total for pid, total in rows}


def _bu_ay(personel_ids: list[int], donem: str) -> dict[int, dict[str, Decimal]]:
    """What the payslips already issued for ``donem`` add up to, per person."""
    cols = [func.sum(getattr(BordroSatiri, a)) for a in ALANLAR]
    out = {}
    for pid, *sums in db.session.execute(select(BordroSatiri.personel_id, *cols).where(
            BordroSatiri.personel_id.in_(personel_ids), BordroSatiri.donem == donem)
            .group_by(BordroSatiri.personel_id)):
        out[pid] = dict(zip(ALANLAR, sums, strict=True))
    return out


@dataclass(frozen=True)
class MemurEkleri:
    """What a memur is paid besides the assignment's indicators in a month: the union
    membership on the month's first day (None: not a member; else whether the union is below
    the threshold) and the position's tazminat indicators in force ({tur: gösterge})."""

    sendika: bool | None = None
    tazminat: dict[str, int] = field(default_factory=dict)


def memur_ekleri(people: list[tuple[int, int]], gun: date) -> dict[int, MemurEkleri]:
    """Each memur's union membership and position tazminat on ``gun``: (personel id, kadro id)
    pairs → personel id → ``MemurEkleri``."""
    members = sendika.uyeler([pid for pid, _ in people], gun)
    by_position = sendika.yururlukte(sorted({kid for _, kid in people}), gun)
    return {pid: MemurEkleri(members.get(pid), by_position.get(kid, {})) for pid, kid in people}


def ay_gunleri(p: Personel, donem: str) -> tuple[date, date, int]:
    """The days ``p`` was employed in ``donem``: first, last, and how many on a 30-day month."""
    first, last = donem_coz(donem)
    start = max(p.ise_giris, first)
    end = min(p.ayrilis_tarihi or last, last)
    return start, end, hesap.OTUZ if (start, end) == (first, last) else min(hesap.OTUZ, (end - start).days + 1)


def rapor_izinleri(personel_ids: list[int], donem: str) -> dict[int, list[tuple[str, date, date]]]:
    """The leave that records an SGK report (Vizite) overlapping ``donem``, per person:
    (kind, first day, last day) of the whole report."""
    first, last = donem_coz(donem)
    out: dict[int, list[tuple[str, date, date]]] = {}
    for pid, tur, start, end in db.session.execute(
            select(IzinTalebi.personel_id, IzinTalebi.tur, IzinTalebi.baslangic, IzinTalebi.bitis).where(
                IzinTalebi.personel_id.in_(personel_ids), IzinTalebi.rapor_no.is_not(None),
                IzinTalebi.durum == "onaylandi", IzinTalebi.baslangic <= last, IzinTalebi.bitis >= first)):
        out.setdefault(pid, []).append((tur, start, end))
    return out


def kisi_hesabi(p: Personel, atama: Atama, donem: str, kumulatif_once: Decimal,
                ek: hesap.EkKalemler | None = None, memur: MemurEkleri | None = None,
                raporlar: list[tuple[str, date, date]] | None = None) -> tuple[hesap.Bordro, int]:
    """One person's payslip for ``donem`` (and its premium days) from the assignment in force
    and the month's other items (overtime, bonus, dues, advance, icra); a memur's union
    membership and position tazminat are read unless ``memur`` gives them.  A 4/1-a person's
    SGK reports (read unless ``raporlar`` gives them) take their days out of the pay and the
    premium days (``hesap.rapor_eksik_gun``); a memur is not in Vizite (4/1-c)."""
    first, last = donem_coz(donem)
    start, end, gun = ay_gunleri(p, donem)
    k = kurallar(first, p.sgk_statu)
    if p.tur == "memur":
        if memur is None:
            memur = memur_ekleri([(p.id, atama.kadro_id)], first)[p.id]
        c = katsayilar(first)
        position = memur.tazminat
        # the position's makam / görev rows, where it has any, replace the indicator typed on the
        # assignment (the way makam / görev tazminatı was entered before positions carried it)
        makam = position.get("makam", 0) if ("makam" in position or "gorev" in position) else atama.makam_gosterge
        union = ZERO if memur.sendika is None else c.sendika_gosterge_alt if memur.sendika else c.sendika_gosterge
        service_years = max(0, (first - p.hizmet_baslangic).days // 365)
        gross = hesap.memur_brut(c, gosterge=atama.gosterge or 0, ek_gosterge=atama.ek_gosterge,
                                 hizmet_yili=service_years, yan_odeme_puan=atama.yan_odeme_puan,
                                 es_yardimi=p.es_yardimi, cocuk_0_6=p.cocuk_0_6, cocuk_6_ustu=p.cocuk_6_ustu,
                                 ozel_hizmet_orani=atama.ozel_hizmet_orani or ZERO,
                                 ek_odeme_orani=atama.ek_odeme_orani or ZERO, makam_gosterge=makam or 0,
                                 temsil_gosterge=position.get("temsil", 0), gorev_gosterge=position.get("gorev", 0),
                                 sendika_gosterge=union)
        ratio = Decimal(gun) / hesap.OTUZ
        args: dict[str, Any] = {"brut": hesap.kurus(gross.brut * ratio), "ay": first.month, "kumulatif_once": kumulatif_once,
                "gun": gun, "vergiye_tabi": hesap.kurus(gross.vergiye_tabi * ratio),
                "sgk_matrahi": hesap.kurus(gross.sgk_matrahi * ratio),
                "damgaya_tabi": hesap.kurus(gross.damgaya_tabi * ratio)}
        slip = hesap.bordro(k, **args)
        if ek is not None and (ek.sendika or ek.avans or ek.icra):
            net = max(slip.net, ZERO)
            dues = min(ek.sendika + ek.avans, net)
            icra = min(ek.icra, hesap.kurus(net * mesai(first).icra_orani), net - dues)
            slip = hesap.bordro(k, **args, diger_kesintiler=dues + icra)
        slip = hesap.Bordro(**{**slip.__dict__, "adimlar": gross.adimlar + slip.adimlar})
    else:
        monthly = atama.brut_ucret or ZERO
        tis_steps: tuple[hesap.Adim, ...] = ()
        if atama.tis_derece:
            # the TİS wage in force on the month's first day (its increases by date applied)
            monthly, tis_steps = tis.ucret(atama.tis_derece, first)
        report_steps: tuple[hesap.Adim, ...] = ()
        if p.sgk_statu == "4a":
            if raporlar is None:
                raporlar = rapor_izinleri([p.id], donem).get(p.id, [])
            if raporlar:
                eksik, report_steps = hesap.rapor_eksik_gun(raporlar, start, end, gun,
                                                            rapor_ilk_iki_gun(first, p.tur))
                gun -= eksik
                tis_steps += report_steps
        gross_wage = hesap.kurus(monthly * gun / hesap.OTUZ)
        if ek is None:
            slip = hesap.bordro(k, brut=gross_wage, ay=first.month, kumulatif_once=kumulatif_once, gun=gun)
        else:
            slip = hesap.bordro_ekli(k, mesai(first), ucret=gross_wage, ek=ek, ay=first.month,
                                     kumulatif_once=kumulatif_once, gun=gun)
        if tis_steps:
            slip = hesap.Bordro(**{**slip.__dict__, "adimlar": tis_steps + slip.adimlar})
    return slip, gun


def hesapla(bordro_id: int, progress: Callable[[int, int | None, str], None] | None = None,
            chunk: int = CHUNK) -> Bordro:
    """Compute (or resume) a run: chunk by chunk in id order, one transaction each."""
    from . import ekkalem

    progress = progress or (lambda *a: None)
    row = _get(bordro_id, lock=True)
    if row.durum in ("kapali", "odendi"):
        raise IkError(_l("Kapatılmış bordro değiştirilemez; fark bordrosu çalıştırın."), status=409)
    donem, tur = row.donem, row.tur
    row.durum = "hesaplaniyor"
    first, last = donem_coz(donem)
    total = db.session.scalar(select(func.count()).select_from(kapsam(donem).subquery())) or 0
    uow.commit_point()
    done = db.session.scalar(select(func.count()).select_from(BordroSatiri).where(
        BordroSatiri.bordro_id == bordro_id)) or 0
    cursor = 0
    while True:
        done_here = select(BordroSatiri.personel_id).where(BordroSatiri.bordro_id == bordro_id)
        ids = list(db.session.scalars(kapsam(donem).where(Personel.id > cursor, Personel.id.not_in(done_here))
                                      .order_by(Personel.id).limit(chunk)))
        if not ids:
            break
        cursor = ids[-1]
        people = {p.id: p for p in db.session.scalars(select(Personel).where(Personel.id.in_(ids)))}
        assignments = {a.personel_id: a for a in db.session.scalars(select(Atama).where(
            Atama.personel_id.in_(ids), Atama.baslangic <= last,
            or_(Atama.bitis.is_(None), Atama.bitis >= first)).order_by(Atama.baslangic))}
        units = dict(db.session.execute(select(Birim.id, Birim.kod)).all())
        codes = dict(db.session.execute(select(Kadro.id, Kadro.ekonomik_kod)).all())
        before = _onceki_matrah(ids, donem)
        issued = _bu_ay(ids, donem) if tur == "fark" else {}
        extras = ekkalem.ozet(ids, donem)
        memurs = memur_ekleri([(pid, a.kadro_id) for pid, a in assignments.items() if people[pid].tur == "memur"],
                              first)
        reports = rapor_izinleri(ids, donem)
        rows = []
        for pid in ids:
            p, atama = people[pid], assignments.get(pid)
            if atama is None:
                continue
            slip, gun = kisi_hesabi(p, atama, donem, before.get(pid, ZERO), extras.get(pid),
                                    memurs.get(pid, MemurEkleri()), reports.get(pid, []))
            missing = ay_gunleri(p, donem)[2] - gun
            values = {a: getattr(slip, a) for a in ALANLAR}
            if tur == "fark":
                old = issued.get(pid, {})
                values = {a: values[a] - (old.get(a) or ZERO) for a in ALANLAR}
                if not any(values.values()):
                    continue
            rows.append({"bordro_id": bordro_id, "personel_id": pid, "donem": donem,
                         "birim_kodu": units.get(atama.birim_id, ""), "ekonomik_kod": codes.get(atama.kadro_id, ""),
                         "gun": gun, "eksik_gun": missing, "eksik_gun_nedeni": "01" if missing else None,
                         "kumulatif_matrah": slip.kumulatif_sonra, "iban": p.iban,
                         "adimlar": slip.as_dict(), **values})
        if rows:
            # a Core executemany: no ORM identity to track, no RETURNING (psycopg pipelines it)
            db.session.execute(insert(BordroSatiri), rows)
        done += len(ids)
        figures = dict(db.session.info.get(_FIGURES, {}))
        uow.commit_point()
        # the run uses the figures read at its first chunk (the commit ended the cache)
        db.session.info[_FIGURES] = figures
        progress(min(done, total), total, f"{min(done, total)} / {total} personel hesaplandı")
    row = _get(bordro_id, lock=True)
    sums = db.session.execute(select(func.count(), func.coalesce(func.sum(BordroSatiri.brut), 0),
                                     func.coalesce(func.sum(BordroSatiri.net), 0))
                              .where(BordroSatiri.bordro_id == bordro_id)).one()
    row.kisi_sayisi, row.toplam_brut, row.toplam_net = sums[0], sums[1], sums[2]
    row.durum = "hesaplandi"
    db.session.flush()
    audit.record("ik.bordro.hesaplandi", actor=row.olusturan, realm="job", object_type="ik_bordro", object_id=row.id,
                 after={"kisi": row.kisi_sayisi, "brut": str(row.toplam_brut), "net": str(row.toplam_net)})
    progress(total, total, "Tamamlandı")
    return row


#: employer costs are spent from the "devlet primi" items (02.x) of the staff's own 01.x item:
#: 01.1 memurlar → 02.1, 01.2 sözleşmeli personel → 02.2, 01.3 işçiler → 02.3 (ekonomik
#: sınıflandırma, first level 02 "Sosyal Güvenlik Kurumlarına Devlet Primi Giderleri")
EMPLOYER_COSTS = ("isveren_sgk", "isveren_issizlik")


def _employer_code(code: str) -> str:
    return "02" + code[2:] if code.startswith("01.") else code


def _lines(bordro_id: int, kinds: dict[str, str]) -> tuple[events.PayrollLine, ...]:
    cols = {kind: func.sum(getattr(BordroSatiri, column)) for kind, column in kinds.items()}
    functional = dict(db.session.execute(select(Birim.kod, Birim.fonksiyonel_kod)).all())
    out = []
    for unit, code, *sums in db.session.execute(
            select(BordroSatiri.birim_kodu, BordroSatiri.ekonomik_kod, *cols.values())
            .where(BordroSatiri.bordro_id == bordro_id)
            .group_by(BordroSatiri.birim_kodu, BordroSatiri.ekonomik_kod)
            .order_by(BordroSatiri.birim_kodu, BordroSatiri.ekonomik_kod)):
        for kind, amount in zip(cols, sums, strict=True):
            if amount:
                out.append(events.PayrollLine(
                    kind=kind, amount=amount, institutional_code=unit, functional_code=functional.get(unit, ""),
                    economic_code=_employer_code(code) if kind in EMPLOYER_COSTS else code))
    return tuple(out)


#: event line kind -> payslip column (costs first, then what they are owed as)
TAHAKKUK = {"brut": "brut", "isveren_sgk": "sgk_isveren", "isveren_issizlik": "issizlik_isveren",
            "net": "net", "gelir_vergisi": "gelir_vergisi", "damga_vergisi": "damga_vergisi",
            "sgk_isci": "sgk_isci", "issizlik_isci": "issizlik_isci", "sgk_isveren": "sgk_isveren",
            "issizlik_isveren": "issizlik_isveren", "diger_kesinti": "diger_kesintiler"}


def tahakkuk_olayi(row: Bordro, gun: date, actor: str | None) -> events.PayrollEvent:
    """The ``payroll_accrued`` event of a closed run (also the ``PayrollLedger`` port's)."""
    reference = f"{'bordro' if row.tur == 'asil' else 'fark'}:{row.donem}:{row.id}"
    return events.PayrollEvent(module="ik", reference=reference, on=gun, period=row.donem,
                               lines=_lines(row.id, TAHAKKUK), headcount=row.kisi_sayisi, actor=actor)


def odeme_olayi(row: Bordro, gun: date, kanal: str, actor: str | None) -> events.PayrollEvent:
    """The ``payroll_paid`` event of a paid run: its net lines (also the port's)."""
    return events.PayrollEvent(module="ik", reference=f"odeme:{row.donem}:{row.id}", on=gun, period=row.donem,
                               lines=_lines(row.id, {"net": "net"}), headcount=row.kisi_sayisi, channel=kanal,
                               actor=actor)


def kapat(bordro_id: int, gun: date, *, actor: str) -> Bordro:
    """Approve and close a computed run; ``payroll_accrued`` goes out in this transaction."""
    row = _get(bordro_id, lock=True)
    if row.durum != "hesaplandi":
        raise IkError(_l("Yalnızca hesaplanmış bir bordro kapatılabilir."), status=409)
    row.durum, row.kapatan, row.kapanis_tarihi = "kapali", actor, gun
    db.session.flush()
    event = tahakkuk_olayi(row, gun, actor)
    reference = event.reference
    events.payroll_accrued.send("ik", event=event)
    audit.record("ik.bordro.kapat", actor=actor, object_type="ik_bordro", object_id=row.id,
                 after={"referans": reference, "brut": str(row.toplam_brut), "net": str(row.toplam_net)})
    return row


def odendi(bordro_id: int, gun: date, *, actor: str, kanal: str = "banka") -> Bordro:
    """The bank file was sent: ``payroll_paid`` with the net lines."""
    row = _get(bordro_id, lock=True)
    if row.durum != "kapali":
        raise IkError(_l("Yalnızca kapatılmış ve ödenmemiş bir bordro ödenebilir."), status=409)
    if kanal not in ("banka", "gonderme_emri"):
        raise IkError(_l("Bilinmeyen ödeme kanalı."), {"kanal": [_l("Bilinmeyen ödeme kanalı.")]})
    row.durum, row.odeme_tarihi, row.odeme_kanali = "odendi", gun, kanal
    db.session.flush()
    event = odeme_olayi(row, gun, kanal, actor)
    events.payroll_paid.send("ik", event=event)
    audit.record("ik.bordro.odendi", actor=actor, object_type="ik_bordro", object_id=row.id,
                 after={"kanal": kanal, "gun": gun.isoformat(), "net": str(row.toplam_net)})
    return row


def aphb_gonder(bordro_id: int, *, actor: str) -> Bordro:
    """Send the monthly premium declaration (aylık prim ve hizmet belgesi) of a closed run
    to SGK: one line per 4/1-a payslip with its days and premium base; a difference run goes
    as an "ek" (additional) declaration.  4/1-c and 5434 staff are declared through SGK's
    Kesenek Bilgi Sistemi, which this does not build."""
    from ebelediye import connectors
    from ebelediye.connectors import Caller, ConnectorError
    from ebelediye.connectors.types import PremiumLine

    from . import ayarlar

    row = _get(bordro_id, lock=True)
    if row.durum not in ("kapali", "odendi"):
        raise IkError(_l("APHB yalnızca kapatılmış bordrodan verilir."), status=409)
    if row.aphb_referans:
        raise IkError(_l("Bu bordronun APHB'si verilmiş: %(ref)s", ref=row.aphb_referans), status=409)
    # a month of reports only (no premium day) is still declared: 0 days, eksik gün 30 with 01
    lines = [PremiumLine(tckn=p.tckn, gun=max(0, min(30, s.gun)), kazanc=max(s.sgk_matrahi, ZERO),
                         eksik_gun=min(30, s.eksik_gun or 0) if row.tur == "asil" else 0,
                         eksik_gun_nedeni=s.eksik_gun_nedeni if s.eksik_gun and row.tur == "asil" else None)
             for s, p in satirlar(row.id) if p.sgk_statu == "4a" and (s.sgk_matrahi > 0 or s.eksik_gun)]
    if not lines:
        raise IkError(_l("Bu bordroda APHB'ye girecek 4/1-a sigortalı yok."), status=409)
    try:
        receipt = connectors.get("sgk").submit_premium_declaration(
            ayarlar().isveren_vkn, row.donem, lines, tur="asil" if row.tur == "asil" else "ek",
            caller=Caller(actor[:200], "personel"))
    except ConnectorError as exc:
        raise IkError(_l("SGK APHB'yi almadı: %(neden)s", neden=exc.message_tr),
                      status=422 if isinstance(exc, connectors.Rejected | connectors.NotFound) else 503) from None
    row.aphb_referans = receipt.referans
    db.session.flush()
    audit.record("ik.bordro.aphb", actor=actor, object_type="ik_bordro", object_id=row.id,
                 after={"referans": receipt.referans, "sigortali": receipt.sigortali_sayisi,
                        "kazanc": str(receipt.toplam_kazanc)})
    return row


def kesenek_gonder(bordro_id: int, *, actor: str) -> Bordro:
    """Send the kesenek declaration of a closed run to SGK's Kesenek Bilgi Sistemi: one line
    per 4/1-c or 5434 payslip (days, premium base, the employee's and the employer's shares as
    the payslip computed them); a difference run goes as an "ek" declaration."""
    from ebelediye import connectors
    from ebelediye.connectors import Caller, ConnectorError
    from ebelediye.connectors.types import KesenekLine

    from . import ayarlar

    row = _get(bordro_id, lock=True)
    if row.durum not in ("kapali", "odendi"):
        raise IkError(_l("Kesenek bildirgesi yalnızca kapatılmış bordrodan verilir."), status=409)
    if row.kesenek_referans:
        raise IkError(_l("Bu bordronun kesenek bildirgesi verilmiş: %(ref)s", ref=row.kesenek_referans), status=409)
    lines = [KesenekLine(tckn=p.tckn, statu=p.sgk_statu, gun=max(0, min(30, s.gun)), matrah=s.sgk_matrahi,
                         kisi_payi=s.sgk_isci, kurum_payi=s.sgk_isveren)
             for s, p in satirlar(row.id) if p.sgk_statu in ("4c", "5434") and s.sgk_matrahi > 0]
    if not lines:
        raise IkError(_l("Bu bordroda kesenek bildirgesine girecek 4/1-c ya da 5434 personel yok."), status=409)
    try:
        receipt = connectors.get("sgk").submit_kesenek_declaration(
            ayarlar().isveren_vkn, row.donem, lines, tur="asil" if row.tur == "asil" else "ek",
            caller=Caller(actor[:200], "personel"))
    except ConnectorError as exc:
        raise IkError(_l("SGK kesenek bildirgesini almadı: %(neden)s", neden=exc.message_tr),
                      status=422 if isinstance(exc, connectors.Rejected | connectors.NotFound) else 503) from None
    row.kesenek_referans = receipt.referans
    db.session.flush()
    audit.record("ik.bordro.kesenek", actor=actor, object_type="ik_bordro", object_id=row.id,
                 after={"referans": receipt.referans, "kisi": receipt.kisi_sayisi,
                        "matrah": str(receipt.toplam_matrah), "kisi_payi": str(receipt.toplam_kisi_payi),
                        "kurum_payi": str(receipt.toplam_kurum_payi)})
    return row


#: MUHSGK codes (docs/ik.md "MUHSGK", with the sources): the GİB vergi kodları 0003 "Gelir
#: Vergisi S. (Muhtasar)" [C2] (it was 1032, which is no GİB tax code) and 1047 "Damga Vergisi"
#: [C2; whether the declaration accrues it as 1047 or 1048 "5035 s. Kanuna göre damga vergisi" is
#: U]; the ödeme türü 011 was not found in any source [U]
MUHSGK_ODEME_TURU = "011"  # [U] ücret ödemeleri (GVK 94/1)
MUHSGK_VERGI_KODLARI = {"gelir_vergisi": "0003", "damga_vergisi": "1047"}
#: SGK belge türü 1 "hizmet akdi ile tüm sigorta kollarına tabi çalışanlar" [C2]
BELGE_TURU_4A = "1"


def muhsgk(bordro_id: int) -> dict:
    """The payroll part of the month's Muhtasar ve Prim Hizmet Beyannamesi (MUHSGK) of the
    month of closed run ``bordro_id``: every closed run of that month (regular and
    difference) summed per person — the tax part for everyone, the SGK part for 4/1-a staff
    (4/1-c and 5434 staff are declared in the Kesenek Bilgi Sistemi) — and the totals."""
    from . import ayarlar

    row = _get(bordro_id)
    if row.durum not in ("kapali", "odendi"):
        raise IkError(_l("MUHSGK özeti yalnızca kapatılmış bordrodan hazırlanır."), status=409)
    runs = list(db.session.scalars(select(Bordro.id).where(Bordro.donem == row.donem,
                                                           Bordro.durum.in_(("kapali", "odendi")))))
    fields = ("gun", "brut", "sgk_matrahi", "sgk_isci", "issizlik_isci", "sgk_isveren", "issizlik_isveren",
              "gv_matrahi", "gelir_vergisi", "gv_istisnasi", "damga_vergisi", "dv_istisnasi")
    people = []
    for p, *sums in db.session.execute(
            select(Personel, *[func.sum(getattr(BordroSatiri, f)) for f in fields])
            .join(BordroSatiri, BordroSatiri.personel_id == Personel.id)
            .where(BordroSatiri.bordro_id.in_(runs)).group_by(Personel.id).order_by(Personel.sicil_no)):
        values = dict(zip(fields, sums, strict=True))
        # the days of a difference run are the same month's again: the regular run's count
        values["gun"] = min(30, int(values["gun"] or 0))
        people.append((p, values))
    total = {f: sum((v[f] for p, v in people), ZERO) for f in fields if f != "gun"}
    sgk = [(p, v) for p, v in people if p.sgk_statu == "4a"]
    settings = ayarlar()
    return {"donem": row.donem, "vkn": settings.isveren_vkn, "unvan": settings.isveren_unvan, "bordrolar": runs,
            "kisiler": people, "toplam": total, "kisi_sayisi": len(people), "sgk_kisi_sayisi": len(sgk),
            "sgk_gun": sum(v["gun"] for _p, v in sgk),
            "sgk_matrah": sum((v["sgk_matrahi"] for _p, v in sgk), ZERO),
            "sgk_prim": sum((v["sgk_isci"] + v["issizlik_isci"] + v["sgk_isveren"] + v["issizlik_isveren"]
                             for _p, v in sgk), ZERO)}


def muhsgk_xlsx(bordro_id: int) -> bytes:
    """The MUHSGK payroll part as a workbook: "Özet" (the tax lines and the SGK totals) and
    "Çalışanlar" (a line per person); every text cell neutralised against formulas."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from ebelediye.exports import neutralise_sheet

    data = muhsgk(bordro_id)
    t = data["toplam"]
    book = Workbook()
    summary = book.active
    summary.title = "Özet"
    for line in (
        ("Dönem", data["donem"]), ("İşveren VKN", data["vkn"]), ("İşveren unvanı", data["unvan"]),
        ("Çalışan sayısı", data["kisi_sayisi"]), (),
        ("Vergi bildirimi", ""),
        ("Ödemenin türü", MUHSGK_ODEME_TURU + " Ücret ödemeleri (GVK 94/1)"),
        ("Gayrisafi tutar (brüt)", t["brut"]), ("Gelir vergisi matrahı", t["gv_matrahi"]),
        ("Asgari ücret gelir vergisi istisnası", t["gv_istisnasi"]),
        (f"Kesilen gelir vergisi ({MUHSGK_VERGI_KODLARI['gelir_vergisi']})", t["gelir_vergisi"]),
        ("Asgari ücret damga vergisi istisnası", t["dv_istisnasi"]),
        (f"Kesilen damga vergisi ({MUHSGK_VERGI_KODLARI['damga_vergisi']})", t["damga_vergisi"]), (),
        ("Sigortalı bildirimi (4/1-a)", ""),
        ("Belge türü", BELGE_TURU_4A + " Tüm sigorta kolları"), ("Sigortalı sayısı", data["sgk_kisi_sayisi"]),
        ("Prim ödeme günü", data["sgk_gun"]), ("Prime esas kazanç", data["sgk_matrah"]),
        ("Prim tutarı (işçi + işveren, işsizlik dahil)", data["sgk_prim"]),
        ("Not", "4/1-c ve 5434 personel Kesenek Bilgi Sistemi'ne bildirilir; teşvik kanun numarası yok."),
    ):
        summary.append(list(line))
    for cell in summary["A"]:
        cell.font = Font(bold=True)
    people = book.create_sheet("Çalışanlar")
    header = ("TCKN", "Ad", "Soyad", "Sicil no", "SGK statüsü", "Belge türü", "Gün", "Prime esas kazanç", "Brüt",
              "GV matrahı", "GV istisnası", "Kesilen GV", "DV istisnası", "Kesilen DV")
    people.append(list(header))
    for cell in people[1]:
        cell.font = Font(bold=True)
    for p, v in data["kisiler"]:
        is_4a = p.sgk_statu == "4a"
        people.append([p.tckn, p.ad, p.soyad, p.sicil_no, p.sgk_statu, BELGE_TURU_4A if is_4a else "",
                       v["gun"], v["sgk_matrahi"] if is_4a else None, v["brut"], v["gv_matrahi"], v["gv_istisnasi"],
                       v["gelir_vergisi"], v["dv_istisnasi"], v["damga_vergisi"]])
    for sheet in (summary, people):
        for line in sheet.iter_rows():
            for cell in line:
                if isinstance(cell.value, Decimal):
                    cell.number_format = "#,##0.00"
        neutralise_sheet(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def banka_dosyasi(bordro_id: int) -> str:
    """The bank payment file (CSV, ``;``-separated, decimal comma): one line per payslip with
    a positive net."""
    row = _get(bordro_id)
    if row.durum not in ("kapali", "odendi"):
        raise IkError(_l("Banka dosyası yalnızca kapatılmış bordrodan hazırlanır."), status=409)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["sicil_no", "tckn", "ad_soyad", "iban", "tutar", "aciklama"])
    for s, p in db.session.execute(select(BordroSatiri, Personel).join(Personel, Personel.id == BordroSatiri.personel_id)
                                   .where(BordroSatiri.bordro_id == bordro_id, BordroSatiri.net > 0)
                                   .order_by(Personel.sicil_no)):
        writer.writerow([p.sicil_no, p.tckn, exports.csv_cell(p.ad_soyad), s.iban or "", f"{s.net:.2f}".replace(".", ","),
                         f"{row.donem} maaş"])
    return out.getvalue()


def is_kaydi(row: Bordro) -> jobs.JobRecord | None:
    """The job record of a run (its progress)."""
    import uuid

    return db.session.get(jobs.JobRecord, uuid.UUID(row.job_id)) if row.job_id else None


def bordro(bordro_id: int) -> Bordro:
    return _get(bordro_id)


def bordrolar(limit: int = 24) -> list[Bordro]:
    return list(db.session.scalars(select(Bordro).order_by(Bordro.donem.desc(), Bordro.id.desc()).limit(limit)))


def satirlar(bordro_id: int, *, personel_id: int | None = None) -> list[tuple[BordroSatiri, Personel]]:
    query = (select(BordroSatiri, Personel).join(Personel, Personel.id == BordroSatiri.personel_id)
             .where(BordroSatiri.bordro_id == bordro_id))
    if personel_id is not None:
        query = query.where(BordroSatiri.personel_id == personel_id)
    return [(s, p) for s, p in db.session.execute(query.order_by(Personel.sicil_no))]


def satir_sayfasi(bordro_id: int, q: str = "", *, sayfa: int = 1,
                  boyut: int = 50) -> tuple[list[tuple[BordroSatiri, Personel]], int]:
    """A page of a run's payslips by staff number, searched by name, staff number or TCKN
    (a municipality's run has thousands: the run page shows them a page at a time)."""
    query = (select(BordroSatiri, Personel).join(Personel, Personel.id == BordroSatiri.personel_id)
             .where(BordroSatiri.bordro_id == bordro_id))
    if q:
        like = f"%{q.replace('%', '').replace('_', '')}%"
        query = query.where(or_(func.concat(Personel.ad, " ", Personel.soyad).ilike(like),
                                Personel.sicil_no.ilike(like), Personel.tckn == q))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = [(s, p) for s, p in db.session.execute(
        query.order_by(Personel.sicil_no, BordroSatiri.id).offset((max(sayfa, 1) - 1) * boyut).limit(boyut))]
    return rows, total


def bordrolarim(personel_id: int) -> list[tuple[BordroSatiri, Bordro]]:
    """A person's payslips of closed runs, newest first (self-service)."""
    return [(s, b) for s, b in db.session.execute(
        select(BordroSatiri, Bordro).join(Bordro, Bordro.id == BordroSatiri.bordro_id)
        .where(and_(BordroSatiri.personel_id == personel_id, Bordro.durum.in_(("kapali", "odendi"))))
        .order_by(Bordro.donem.desc(), Bordro.id.desc()))]


def kapali_donemler(limit: int = 36) -> list[str]:
    """The months whose regular payroll is closed (or paid), newest first."""
    return list(db.session.scalars(select(Bordro.donem).where(Bordro.tur == "asil", Bordro.durum.in_(KAPALI))
                                   .order_by(Bordro.donem.desc()).limit(limit)))


def son_kapali_donem() -> str | None:
    """The latest month whose regular payroll is closed (or paid); None before the first."""
    donemler = kapali_donemler(limit=1)
    return donemler[0] if donemler else None


@dataclass(frozen=True)
class BirimMaliyeti:
    """A unit's payroll cost in a month: people paid, gross, employer shares, their sum."""

    kod: str
    ad: str
    kisi: int
    brut: Decimal
    isveren: Decimal

    @property
    def toplam(self) -> Decimal:
        return self.brut + self.isveren


#: the personnel expense items of the gider ekonomik sınıflandırma (first two levels) a
#: payroll line carries from its position (``Kadro.ekonomik_kod``)
EKONOMIK_ADLARI = {"01.1": _l("Memurlar"), "01.2": _l("Sözleşmeli personel"), "01.3": _l("İşçiler"),
                   "01.4": _l("Geçici personel"), "01.5": _l("Diğer personel")}
#: the longest range the cost page adds up (three years of months)
MALIYET_EN_COK_AY = 36


def maliyet(bas: str, bit: str | None = None, gore: str = "birim") -> list[BirimMaliyeti]:
    """The cost of the months ``bas``..``bit`` (``YYYY-MM``, both included; ``bit`` defaults
    to ``bas``) from closed runs only (the regular ones and their difference runs: a draft is
    not yet a cost), by unit (``gore="birim"``; a unit gone from the register keeps its code
    as its name) or by the economic code of the person's position (``"ekonomik"``, its first
    two levels: the employer shares are spent from the matching 02.x item), dearest first.
    ``kisi`` counts each person once over the range."""
    bit = bit or bas
    start, _end = donem_coz(bas)
    last, _end = donem_coz(bit)
    if last < start:
        raise IkError(_l("Bitiş dönemi başlangıçtan önce olamaz."), {"bitis": [_l("Başlangıçtan önce olamaz.")]})
    if (last.year - start.year) * 12 + last.month - start.month >= MALIYET_EN_COK_AY:
        raise IkError(_l("En çok %(n)s aylık maliyet toplanabilir.", n=MALIYET_EN_COK_AY),
                      {"bitis": [_l("Aralık çok uzun.")]})
    key: Any
    if gore == "ekonomik":
        key = func.concat_ws(".", func.split_part(BordroSatiri.ekonomik_kod, ".", 1),
                             func.nullif(func.split_part(BordroSatiri.ekonomik_kod, ".", 2), ""))
        names: dict[str, object] = dict(EKONOMIK_ADLARI)
    elif gore == "birim":
        key = BordroSatiri.birim_kodu
        names = dict(db.session.execute(select(Birim.kod, Birim.ad)).all())
    else:
        raise IkError(_l("Bilinmeyen gruplama."), {"gore": [_l("Birim ya da ekonomik kod seçin.")]})
    rows = db.session.execute(
        select(key, func.count(func.distinct(BordroSatiri.personel_id)),
               func.sum(BordroSatiri.brut), func.sum(BordroSatiri.sgk_isveren + BordroSatiri.issizlik_isveren))
        .join(Bordro, Bordro.id == BordroSatiri.bordro_id)
        .where(BordroSatiri.donem.between(bas, bit), Bordro.durum.in_(KAPALI)).group_by(key))
    out = [BirimMaliyeti(kod or "—", str(names.get(kod, kod or "—")), kisi, brut or ZERO, isveren or ZERO)
           for kod, kisi, brut, isveren in rows]
    return sorted(out, key=lambda row: (-row.toplam, row.kod))


def maliyet_kisi(bas: str, bit: str | None = None) -> int:
    """The people paid by the closed runs of the months, each once."""
    return db.session.scalar(
        select(func.count(func.distinct(BordroSatiri.personel_id))).join(Bordro, Bordro.id == BordroSatiri.bordro_id)
        .where(BordroSatiri.donem.between(bas, bit or bas), Bordro.durum.in_(KAPALI))) or 0


def maliyet_birimleri(donem: str) -> list[BirimMaliyeti]:
    """The month's cost by unit (``maliyet`` of one month)."""
    return maliyet(donem)


def maliyet_birim(donem: str) -> dict[str, Decimal]:
    """Payroll cost (gross + employer shares) by unit code for a month, of its closed runs."""
    return {row.kod: row.toplam for row in maliyet_birimleri(donem)}


def maliyet_csv(donem: str, bit: str | None = None, gore: str = "birim") -> str:
    """The cost (``maliyet``) as a CSV for a spreadsheet (semicolons, decimal commas)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["birim_kodu" if gore == "birim" else "ekonomik_kod", "birim" if gore == "birim" else "ad",
                     "kisi", "brut", "isveren_payi", "maliyet"])
    for row in maliyet(donem, bit, gore):
        writer.writerow([row.kod, exports.csv_cell(row.ad), row.kisi,
                         *(f"{v:.2f}".replace(".", ",") for v in (row.brut, row.isveren, row.toplam))])
    return out.getvalue()
