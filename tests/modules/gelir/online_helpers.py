"""Helpers of the online payment tests: a citizen's debts, a started payment, the bank's callback."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from ebelediye import clock
from ebelediye.audit import AuditEntry
from ebelediye.connectors.factory import connectors
from ebelediye.connectors.mock.bank import threeds_result
from ebelediye.extensions import db
from modules.gelir.models import Tahsilat
from modules.gelir.services import online

from .conftest import MukellefFactory, borc

DONUS = "https://alfa.ebelediye.test/e-hizmet/odeme/donus"
ONAY_KARTI = "4111111111111111"
RED_KARTI = "4000000000000002"


def borclu(tckn: str | None = None, *tutarlar: str):
    """A taxpayer with overdue debts (default one of 1000 TL due 2025-11-30)."""
    m = MukellefFactory(**({"tckn": tckn} if tckn else {}))
    debts = [borc(m, t, date(2025, 11, 30), taksit=i + 1) for i, t in enumerate(tutarlar or ("1000.00",))]
    return m, debts


def baslat(m, debts, gun: date | None = None):
    return online.baslat(m.id, [d.tahakkuk_id if hasattr(d, "tahakkuk_id") else d.id for d in debts],
                         gun or clock.today(), DONUS)


def banka_sayfasi(yonlendirme_url: str, kart: str = ONAY_KARTI, sms: str = "123456") -> dict:
    """What the bank's 3-D Secure page posts back after the card holder types card and code."""
    token = yonlendirme_url.rsplit("/pos/3d/", 1)[1]
    _, fields = threeds_result(connectors().agencies, token, kart, sms)
    return fields


def tahsilat_sayisi(mukellef_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Tahsilat).where(Tahsilat.mukellef_id == mukellef_id))


def denetim(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))
