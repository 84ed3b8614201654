"""Paying someone else's debt online (issue 12, item 9): a signed-in citizen names the
person by TCKN and taxpayer number; both must match one living record. The answer is only
that person's open amounts by kind (no name, no address, no history), and every lookup,
matched or not, is written to the KVKK trail of personal-data lookups (``kvkk.record``) with
the looker and the person looked up, as the reading of a person's data at an agency is."""

from __future__ import annotations

import time

from sqlalchemy import select

from ebelediye import uow
from ebelediye.connectors import Caller, kvkk
from ebelediye.extensions import db

from ..models import Mukellef

#: the KVKK trail's "agency" and operation of this lookup (the municipality's own register)
AGENCY, OPERATION = "gelir", "yakin_borc_sorgu"


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
