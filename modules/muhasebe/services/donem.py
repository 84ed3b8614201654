"""Monthly locks: once the month's mizan is final, nothing dated in it is approved.

A locked month is unlocked only by two people: one asks with a reason (a correction the
Sayıştay audit or the month's reconciliation found), another with the same permission
approves or rejects; the lock row goes, the request stays as the history, both are
audited.  A month of a closed year is not unlocked this way: the year's closing voucher
would have to be reversed first.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ebelediye import audit
from ebelediye.errors import NotFound
from ebelediye.extensions import db

from ..models import Donem, DonemAcma
from . import MuhasebeConflict, MuhasebeError, yil_kapali


class KendiTalebi(MuhasebeError):
    """The one who asked to unlock a month tried to decide their own request."""

    status = 403
    code = "gorevler_ayriligi"


def _ay_gecerli(ay: int) -> None:
    if not 1 <= ay <= 12:
        raise MuhasebeError(_l("Ay 1 ile 12 arasında olmalı."), {"ay": [_l("Geçerli bir ay seçin.")]})


def kilitle(yil: int, ay: int, *, actor: str) -> Donem:
    """Lock a month: drafts and approvals dated in it are refused from now on."""
    _ay_gecerli(ay)
    if db.session.get(Donem, (yil, ay)) is not None:
        raise MuhasebeConflict(_l("Bu dönem zaten kapatılmış."))
    row = Donem(yil=yil, ay=ay, kilitleyen=actor)
    db.session.add(row)
    db.session.flush()
    audit.record("muhasebe.donem.kilitle", actor=actor, realm="staff", object_type="donem", object_id=f"{yil}-{ay:02d}",
                 after={"yil": yil, "ay": ay})
    return row


def acma_talepleri(durum: str = "bekliyor", limit: int = 50) -> list[DonemAcma]:
    return list(db.session.scalars(select(DonemAcma).where(DonemAcma.durum == durum)
                                   .order_by(DonemAcma.yil.desc(), DonemAcma.ay.desc()).limit(limit)))


def acma_talebi(yil: int, ay: int, gerekce: str, *, actor: str, actor_id: int | None = None) -> DonemAcma:
    """Ask to unlock a locked month, with the reason; another person decides."""
    _ay_gecerli(ay)
    gerekce = (gerekce or "").strip()
    if len(gerekce) < 10:
        raise MuhasebeError(_l("Kilidi açma gerekçesi gerekli (en az 10 karakter)."),
                            {"gerekce": [_l("Dönemin neden açılması gerektiğini yazın.")]})
    if db.session.get(Donem, (yil, ay)) is None:
        raise MuhasebeError(_l("%(ay)s dönemi kilitli değil.", ay=f"{ay:02d}/{yil}"), {"ay": [_l("Kilitli bir ay seçin.")]})
    if yil_kapali(yil):
        raise MuhasebeConflict(_l("%(yil)s yılı kapatılmış; ayın kilidi açılamaz (önce kapanış fişi ters kayıtla "
                                  "düzeltilmeli).", yil=yil))
    pending = db.session.scalar(select(DonemAcma.id).where(DonemAcma.yil == yil, DonemAcma.ay == ay,
                                                           DonemAcma.durum == "bekliyor"))
    if pending is not None:
        raise MuhasebeConflict(_l("Bu dönem için bekleyen bir kilit açma talebi zaten var."))
    row = DonemAcma(yil=yil, ay=ay, gerekce=gerekce[:500], durum="bekliyor", talep_eden=actor, talep_eden_id=actor_id)
    db.session.add(row)
    db.session.flush()
    audit.record("muhasebe.donem.acma_talebi", actor=actor, realm="staff", object_type="donem_acma", object_id=row.id,
                 after={"yil": yil, "ay": ay, "gerekce": row.gerekce})
    return row


def _karar_icin(talep_id: int, actor: str, actor_id: int | None) -> DonemAcma:
    row = db.session.scalar(select(DonemAcma).where(DonemAcma.id == talep_id).with_for_update())
    if row is None:
        raise NotFound(_l("Kilit açma talebi bulunamadı."))
    if row.durum != "bekliyor":
        raise MuhasebeConflict(_l("Bu talep zaten karara bağlanmış."))
    same = (row.talep_eden_id == actor_id) if (row.talep_eden_id is not None and actor_id is not None) \
        else (row.talep_eden == actor)
    if same:
        raise KendiTalebi(_l("Kilit açmayı isteyen kişi talebi kendisi onaylayamaz (görevler ayrılığı)."))
    return row


def acma_onayla(talep_id: int, *, actor: str, actor_id: int | None = None) -> DonemAcma:
    """A second person approves: the month's lock goes, the request keeps who and why."""
    row = _karar_icin(talep_id, actor, actor_id)
    lock = db.session.scalar(select(Donem).where(Donem.yil == row.yil, Donem.ay == row.ay).with_for_update())
    if lock is None:
        raise MuhasebeConflict(_l("%(ay)s dönemi artık kilitli değil.", ay=f"{row.ay:02d}/{row.yil}"))
    if yil_kapali(row.yil):
        raise MuhasebeConflict(_l("%(yil)s yılı kapatılmış; ayın kilidi açılamaz (önce kapanış fişi ters kayıtla "
                                  "düzeltilmeli).", yil=row.yil))
    before = {"kilitleyen": lock.kilitleyen, "kilit_at": lock.kilit_at.isoformat() if lock.kilit_at else None}
    db.session.delete(lock)
    row.durum, row.karar_veren, row.karar_veren_id, row.karar_at = "onaylandi", actor, actor_id, datetime.now(UTC)
    db.session.flush()
    audit.record("muhasebe.donem.kilit_ac", actor=actor, realm="staff", object_type="donem",
                 object_id=f"{row.yil}-{row.ay:02d}", before=before,
                 after={"talep": row.id, "talep_eden": row.talep_eden, "gerekce": row.gerekce})
    return row


def acma_reddet(talep_id: int, *, actor: str, actor_id: int | None = None) -> DonemAcma:
    """A second person rejects: the month stays locked."""
    row = _karar_icin(talep_id, actor, actor_id)
    row.durum, row.karar_veren, row.karar_veren_id, row.karar_at = "reddedildi", actor, actor_id, datetime.now(UTC)
    db.session.flush()
    audit.record("muhasebe.donem.acma_reddet", actor=actor, realm="staff", object_type="donem_acma", object_id=row.id,
                 before={"durum": "bekliyor"}, after={"durum": "reddedildi"})
    return row
