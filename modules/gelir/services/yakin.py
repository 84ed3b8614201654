"""Paying someone else's debt online (issue 12, item 9): a signed-in citizen names the
person by TCKN and taxpayer number; both must match one living record. The answer is only
that person's open amounts by kind (no name, no address, no history), and every lookup,
matched or not, is written to the KVKK trail of personal-data lookups (``kvkk.record``) with
the looker and the person looked up, as the reading of a person's data at an agency is."""

from __future__ import annotations

import time

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from ebelediye import uow
from ebelediye.connectors import Caller, kvkk
from ebelediye.extensions import db

from ..models import Mukellef

#: the KVKK trail's "agency" and operation of this lookup (the municipality's own register)
AGENCY, OPERATION = "gelir", "yakin_borc_sorgu"
#: how long the answer of a lookup may be paid from (its signed key expires)
SURE = 30 * 60
UYUSMADI = "Girdiğiniz T.C. kimlik numarası ve mükellef numarası birlikte bir kayıtla eşleşmedi."


def _imza() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(str(current_app.secret_key), salt="gelir.vatandas.yakin")


def anahtar(mukellef_id: int, odeyen_tckn: str) -> str:
    """The signed key of a lookup's answer: this taxpayer, for this payer, for ``SURE`` seconds
    (the page's form and the API's answer carry it; the payment needs it back)."""
    return _imza().dumps({"m": mukellef_id, "p": odeyen_tckn})


def coz(token: str, odeyen_tckn: str) -> int | None:
    """The taxpayer of a lookup's key: None when expired, forged or another payer's."""
    try:
        data = _imza().loads(str(token)[:2000], max_age=SURE)
        if not isinstance(data, dict) or data.get("p") != odeyen_tckn or not isinstance(data.get("m"), int):
            raise BadSignature("odeyen")
    except (BadSignature, SignatureExpired):
        return None
    return data["m"]


def bul(tckn: str, mukellef_no: int, *, odeyen_tckn: str) -> Mukellef | None:
    """The living taxpayer record with this TCKN **and** this number, or None (which of the
    two did not match is never told); the lookup is logged either way."""
    started = time.monotonic()
    row = db.session.scalar(select(Mukellef).where(Mukellef.id == mukellef_no, Mukellef.tckn == tckn,
                                                   Mukellef.birlestigi_id.is_(None)))
    elapsed = int((time.monotonic() - started) * 1000)

    def write() -> None:
        kvkk.record(Caller(actor=f"vatandas:{odeyen_tckn}", purpose="tahsilat", realm="citizen"), agency=AGENCY,
                    operation=OPERATION, outcome="ok" if row is not None else "not_found", duration_ms=elapsed,
                    subject_id=tckn, subject_ref=f"mukellef:{mukellef_no}" if row is not None else None)

    # once, whether the caller's unit commits or is refused (a mismatch answers 422, which
    # rolls the request back): the lookup happened either way
    uow.after_commit(write)
    uow.after_rollback(write)
    return row
