"""The payslip PDF: escaped user text, the figures of the payslip."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from ebelediye.errors import NotFound
from ebelediye.extensions import db
from modules.ik.services import belge, bordro
from tests.modules.ik.conftest import ACTOR, ise_al


def test_a_payslip_pdf_with_markup_in_a_name_renders_it_literally(kadrolar):
    p = ise_al(kadrolar, "isci", "33030.00")
    db.session.execute(text("UPDATE ik_personeller SET ad = '<b>Ali</b> & <font size=40>' WHERE id = :i"),
                       {"i": p.id})
    db.session.expire_all()
    run = bordro.baslat("2026-01", actor=ACTOR)
    bordro.hesapla(run.id)
    (slip, _person), = bordro.satirlar(run.id, personel_id=p.id)
    pdf = belge.bordro_pdf(slip.id)
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000
    with pytest.raises(NotFound):
        belge.bordro_pdf(slip.id, personel_id=p.id + 1)  # someone else's payslip
    bordro.kapat(run.id, date(2026, 1, 31), actor=ACTOR)
    assert [s.id for s, _b in bordro.bordrolarim(p.id)] == [slip.id]
