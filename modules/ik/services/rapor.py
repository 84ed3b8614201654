"""SGK incapacity reports (Vizite): the employer reads its 4/1-a insured's reports from SGK,
records each as leave linked to the report number, and gives SGK its notice on each — the
insured did not work during it ("çalışmadığına dair bildirim"), or worked, with a reason.

- The reports are read from SGK every time (never stored until HR acts on one): the dates,
  kind and facility of a recorded leave come from SGK's answer, never from a form.
- A report is matched to a person by TCKN.  A report whose TCKN is nobody on the staff, or a
  4/1-c / 5434 person's (civil servants are not in Vizite), is shown and cannot be recorded.
- One leave per report (a unique index on ``ik_izin_talepleri.rapor_no``).  A report that
  overlaps another leave (annual leave above all) is a conflict: shown, not recorded, until a
  person resolves it.
- The notice is sent to SGK before anything is written; SGK keys it by the report number, so
  after a timeout the same notice can be sent again safely.  A notice, once given, is never
  changed here (SGK refuses a different one).
- SGK errors (breaker open, timeout, unreachable) refuse the step with nothing written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ebelediye import audit, connectors
from ebelediye.connectors import Caller, ConnectorError
from ebelediye.connectors.types import SickReport
from ebelediye.extensions import db

from ..models import IzinTalebi, Personel, SgkRaporu
from . import IkError, ayarlar

#: the leave kind that records a report of each kind
IZIN_TURU = {"hastalik": "hastalik", "is_kazasi": "is_kazasi", "meslek_hastaligi": "meslek_hastaligi",
             "analik": "analik"}
EN_UZUN = 366


def _caller(actor: str) -> Caller:
    return Caller(actor[:200], "personel", realm="job" if actor.startswith("job") else "staff")


def _refuse(message, field: str, status: int = 422) -> IkError:
    return IkError(message, {field: [message]}, status=status)


def _sgk_error(exc: ConnectorError, what) -> IkError:
    """SGK's failure as the page and the API show it: a refusal is 422, an outage 503."""
    if isinstance(exc, connectors.InvalidInput):
        return _refuse(exc.message_tr, exc.field)
    status = 422 if isinstance(exc, connectors.Rejected | connectors.NotFound) else 503
    return IkError(_l("%(islem)s: %(neden)s", islem=what, neden=exc.message_tr), status=status)


def donem_kontrol(baslangic: date, bitis: date) -> None:
    if bitis < baslangic:
        raise _refuse(_l("Bitiş tarihi başlangıçtan önce olamaz."), "bitis")
    if (bitis - baslangic).days >= EN_UZUN:
        raise _refuse(_l("En çok bir yıllık aralık sorgulanabilir."), "bitis")


def _sgk_raporlari(baslangic: date, bitis: date, actor: str) -> list[SickReport]:
    donem_kontrol(baslangic, bitis)
    try:
        return connectors.get("sgk").sick_reports(ayarlar().isveren_vkn, baslangic, bitis, caller=_caller(actor))
    except ConnectorError as exc:
        raise _sgk_error(exc, _l("SGK raporları alınamadı")) from None


@dataclass(frozen=True)
class RaporSatiri:
    """A report as SGK gave it, with what İK knows of it."""

    rapor: SickReport
    personel: Personel | None
    kayit: SgkRaporu | None
    izin: IzinTalebi | None
    cakisma: IzinTalebi | None

    @property
    def durum(self) -> str:
        """personel_yok, kapsam_disi (4/1-c, 5434), calisti (SGK told: worked), kaydedildi,
        cakisma, bekliyor (to record)."""
        if self.personel is None:
            return "personel_yok"
        if self.personel.sgk_statu != "4a":
            return "kapsam_disi"
        if self.bildirim == "calisti":
            return "calisti"
        if self.izin is not None:
            return "kaydedildi"
        if self.cakisma is not None:
            return "cakisma"
        return "bekliyor"

    @property
    def bildirim(self) -> str | None:
        """The notice given: İK's record, else what SGK reports (given but not recorded here,
        e.g. after a timeout)."""
        if self.kayit is not None and self.kayit.bildirim:
            return self.kayit.bildirim
        return self.rapor.bildirim.durum if self.rapor.bildirim else None

    @property
    def bildirim_referans(self) -> str | None:
        if self.kayit is not None and self.kayit.bildirim_referans:
            return self.kayit.bildirim_referans
        return self.rapor.bildirim.referans if self.rapor.bildirim else None


def _cakisanlar(personel_ids: list[int], baslangic: date, bitis: date) -> dict[int, list[IzinTalebi]]:
    """Each person's pending or approved leave overlapping [baslangic, bitis], earliest first
    (one statement for a page of reports)."""
    out: dict[int, list[IzinTalebi]] = {}
    if personel_ids:
        for row in db.session.scalars(select(IzinTalebi).where(
                IzinTalebi.personel_id.in_(personel_ids), IzinTalebi.durum.in_(("bekliyor", "onaylandi")),
                IzinTalebi.baslangic <= bitis, IzinTalebi.bitis >= baslangic).order_by(IzinTalebi.baslangic)):
            out.setdefault(row.personel_id, []).append(row)
    return out


def _cakisma(leave: list[IzinTalebi], report: SickReport) -> IzinTalebi | None:
    """The first of ``leave`` that overlaps the report and is not the report's own."""
    return next((i for i in leave if i.baslangic <= report.bitis and i.bitis >= report.baslangic
                 and i.rapor_no != report.rapor_no), None)


def raporlar(baslangic: date, bitis: date, *, actor: str) -> list[RaporSatiri]:
    """The reports SGK lists for [baslangic, bitis], matched to the staff by TCKN."""
    reports = _sgk_raporlari(baslangic, bitis, actor)
    tcknz = sorted({r.tckn for r in reports})
    people = {p.tckn: p for p in db.session.scalars(select(Personel).where(Personel.tckn.in_(tcknz)))} if tcknz else {}
    numbers = [r.rapor_no for r in reports]
    kayitlar = {k.rapor_no: k for k in db.session.scalars(
        select(SgkRaporu).where(SgkRaporu.rapor_no.in_(numbers)))} if numbers else {}
    izinler = {i.rapor_no: i for i in db.session.scalars(
        select(IzinTalebi).where(IzinTalebi.rapor_no.in_(numbers)))} if numbers else {}
    overlapping = _cakisanlar([p.id for p in people.values()], min((r.baslangic for r in reports), default=baslangic),
                              max((r.bitis for r in reports), default=bitis))
    out = []
    for r in reports:
        person = people.get(r.tckn)
        leave = izinler.get(r.rapor_no)
        conflict = _cakisma(overlapping.get(person.id, []), r) if person is not None and leave is None else None
        out.append(RaporSatiri(r, person, kayitlar.get(r.rapor_no), leave, conflict))
    return out


def _bul(rapor_no: str, baslangic: date, bitis: date, actor: str) -> tuple[SickReport, Personel]:
    if not _numara_gecerli(rapor_no):
        raise _refuse(_l("Rapor numarası 4-30 büyük harf ya da rakam olmalı."), "rapor_no")
    report = next((r for r in _sgk_raporlari(baslangic, bitis, actor) if r.rapor_no == rapor_no), None)
    if report is None:
        raise _refuse(_l("SGK bu aralıkta bu numarada bir rapor bildirmiyor."), "rapor_no", 404)
    person = db.session.scalar(select(Personel).where(Personel.tckn == report.tckn).with_for_update())
    if person is None:
        raise _refuse(_l("Raporun T.C. Kimlik No'su personel kayıtlarında yok."), "rapor_no")
    if person.sgk_statu != "4a":
        raise _refuse(_l("4/1-c ve 5434 statüsündeki personel Vizite kapsamında değildir."), "rapor_no")
    return report, person


def _numara_gecerli(value: object) -> bool:
    return isinstance(value, str) and re.fullmatch(r"[A-Z0-9]{4,30}", value) is not None


def _kayit(report: SickReport, person: Personel, actor: str) -> SgkRaporu:
    row = db.session.scalar(select(SgkRaporu).where(SgkRaporu.rapor_no == report.rapor_no).with_for_update())
    if row is None:
        row = SgkRaporu(rapor_no=report.rapor_no, personel_id=person.id, tur=report.tur, baslangic=report.baslangic,
                        bitis=report.bitis, tesis=report.tesis[:200], kontrol_tarihi=report.kontrol_tarihi,
                        olusturan=actor)
        db.session.add(row)
    return row


def izin_kaydet(rapor_no: str, baslangic: date, bitis: date, *, actor: str) -> SgkRaporu:
    """Record the report ``rapor_no`` (listed by SGK for [baslangic, bitis]) as the leave of
    its kind, with SGK's dates; once per report; a conflicting leave refuses it (409)."""
    report, person = _bul(rapor_no, baslangic, bitis, actor)
    if db.session.scalar(select(IzinTalebi.id).where(IzinTalebi.rapor_no == report.rapor_no)) is not None:
        raise _refuse(_l("Bu rapor izin olarak zaten kaydedilmiş."), "rapor_no", 409)
    known = db.session.scalar(select(SgkRaporu).where(SgkRaporu.rapor_no == report.rapor_no))
    if (known is not None and known.bildirim == "calisti") or (report.bildirim and report.bildirim.durum == "calisti"):
        raise _refuse(_l("SGK'ya bu raporda çalıştığı bildirilmiş; izin kaydedilemez."), "rapor_no", 409)
    conflict = _cakisma(_cakisanlar([person.id], report.baslangic, report.bitis).get(person.id, []), report)
    if conflict is not None:
        raise _refuse(_l("Rapor, %(bas)s–%(bit)s tarihli %(tur)s ile çakışıyor; önce o izin çözülmeli.",
                         bas=f"{conflict.baslangic:%d.%m.%Y}", bit=f"{conflict.bitis:%d.%m.%Y}",
                         tur=_TUR_ADLARI.get(conflict.tur, conflict.tur)), "rapor_no", 409)
    try:
        with db.session.begin_nested():
            leave = IzinTalebi(personel_id=person.id, tur=IZIN_TURU[report.tur], baslangic=report.baslangic,
                               bitis=report.bitis, gun=report.gun, durum="onaylandi",
                               aciklama=f"SGK raporu {report.rapor_no} ({report.tesis})"[:300], talep_eden=actor,
                               karar_veren=actor, rapor_no=report.rapor_no)
            db.session.add(leave)
            db.session.flush()
            row = _kayit(report, person, actor)
            row.izin_talebi_id = leave.id
            db.session.flush()
    except IntegrityError:
        raise _refuse(_l("Bu rapor izin olarak zaten kaydedilmiş."), "rapor_no", 409) from None
    audit.record("ik.rapor.izin", actor=actor, object_type="ik_sgk_raporu", object_id=row.id,
                 after={"rapor_no": report.rapor_no, "personel_id": person.id, "izin_talebi_id": leave.id,
                        "tur": report.tur, "baslangic": report.baslangic.isoformat(),
                        "bitis": report.bitis.isoformat(), "gun": report.gun})
    return row


def bildir(rapor_no: str, baslangic: date, bitis: date, calisti: bool, neden: str | None = None, *,
           actor: str) -> SgkRaporu:
    """Give SGK the employer's notice on the report: did not work, or worked (with a reason).
    The same notice again is answered from İK's record (and SGK's, which keys it by report
    number); a different one, or "worked" on a report recorded as leave, is refused (409)."""
    neden = (neden or "").strip()
    if calisti and not neden:
        raise _refuse(_l("Çalıştıysa nedeni yazılmalı."), "neden")
    if len(neden) > 300:
        raise _refuse(_l("En çok 300 karakter."), "neden")
    report, person = _bul(rapor_no, baslangic, bitis, actor)
    state = "calisti" if calisti else "calismadi"
    row = db.session.scalar(select(SgkRaporu).where(SgkRaporu.rapor_no == report.rapor_no).with_for_update())
    if row is not None and row.bildirim is not None:
        if row.bildirim != state:
            raise _refuse(_l("Bu rapor için SGK'ya farklı bir bildirim yapılmış."), "calisti", 409)
        return row
    if calisti and (row is not None and row.izin_talebi_id is not None):
        raise _refuse(_l("Rapor izin olarak kaydedilmiş; çalıştı bildirilemez."), "calisti", 409)
    try:
        notice = connectors.get("sgk").report_confirmation(
            ayarlar().isveren_vkn, report.rapor_no, report.tckn, calisti, neden=neden or None, caller=_caller(actor))
    except ConnectorError as exc:
        if isinstance(exc, connectors.AgencyUnavailable) and exc.outcome_unknown:
            raise IkError(_l("SGK'dan yanıt alınamadı; bildirimin yapılıp yapılmadığı belli değil. Aynı bildirimi "
                             "yeniden gönderebilirsiniz: SGK bir rapora ikinci bildirim açmaz."), status=503) from None
        raise _sgk_error(exc, _l("SGK bildirimi almadı")) from None
    row = _kayit(report, person, actor)
    row.bildirim, row.bildirim_referans, row.bildirim_tarihi = notice.durum, notice.referans[:60], notice.bildirim_tarihi
    row.bildirim_nedeni, row.bildiren = (neden or None), actor
    db.session.flush()
    audit.record("ik.rapor.bildirim", actor=actor, object_type="ik_sgk_raporu", object_id=row.id,
                 after={"rapor_no": report.rapor_no, "durum": notice.durum, "referans": notice.referans,
                        "neden": neden or None})
    return row


_TUR_ADLARI = {"yillik": _l("yıllık izin"), "mazeret": _l("mazeret izni"), "hastalik": _l("hastalık izni"),
               "ucretsiz": _l("ücretsiz izin"), "is_kazasi": _l("iş kazası izni"),
               "meslek_hastaligi": _l("meslek hastalığı izni"), "analik": _l("analık izni")}
