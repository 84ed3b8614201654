"""Monthly locks: once the month's mizan is final, nothing dated in it is approved."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ebelediye import audit
from ebelediye.extensions import db

from ..models import Donem
from . import MuhasebeConflict, MuhasebeError


def kilitle(yil: int, ay: int, *, actor: str) -> Donem:
    if not 1 <= ay <= 12:
        raise MuhasebeError(_l("Ay 1 ile 12 arasında olmalı."), {"ay": [_l("Geçerli bir ay seçin.")]})
    if db.session.get(Donem, (yil, ay)) is not None:
        raise MuhasebeConflict(_l("Bu dönem zaten kapatılmış."))
    row = Donem(yil=yil, ay=ay, kilitleyen=actor)
    db.session.add(row)
    db.session.flush()
    audit.record("muhasebe.donem.kilitle", actor=actor, realm="staff", object_type="donem", object_id=f"{yil}-{ay:02d}",
                 after={"yil": yil, "ay": ay})
    return row
