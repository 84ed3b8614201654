"""Hiring with KPS identity and the SGK hire notice, assignments with history, leaving with
its reason and the SGK leave notice; bad input refused with nothing written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from ebelediye.connectors.factory import connectors
from ebelediye.errors import UserError
from ebelediye.extensions import db
from modules.ik.models import Atama, Personel
from modules.ik.services import personel
from tests.factories import new_tckn
from tests.modules.ik.conftest import ACTOR, ise_al, kisi


def _counts() -> tuple[int, int]:
    return (db.session.scalar(select(func.count()).select_from(Personel)),
        db.session.scalar(select(func.count()).select_from(Atama)))


def test_hire_takes_identity_from_kps_and_sends_the_sgk_notice(kadrolar):
    tckn = kisi()
    row = personel.ise_al({"tckn": tckn, "tur": "isci", "kadro_id": kadrolar["isci"].id,
                           "ise_giris": date(2026, 2, 1), "brut_ucret": Decimal("40000.00")}, actor=ACTOR)
    known = personel.kps_kisi(tckn, actor=ACTOR)
    assert (row.ad, row.soyad, row.dogum_tarihi) == (known.ad, known.soyad, known.dogum_tarihi)
    assert row.sgk_statu == "4a" and row.sgk_giris_referans.startswith("SGK-G-")
    assert row.sicil_no.startswith("P-")
    events = connectors().agencies.sgk_events[tckn]
    assert events[-1]["tur"] == "giris" and events[-1]["referans"] == row.sgk_giris_referans
    assert personel.acik_atama(row.id).brut_ucret == Decimal("40000.00")


def test_a_tckn_kps_does_not_know_is_refused_and_nothing_written(kadrolar):
    before = _counts()
    with pytest.raises(UserError) as caught:
        personel.ise_al({"tckn": new_tckn(), "tur": "isci", "kadro_id": kadrolar["isci"].id,
                         "ise_giris": date(2026, 2, 1), "brut_ucret": Decimal("40000.00")}, actor=ACTOR)
    assert "tckn" in caught.value.field_messages()
    assert _counts() == before


@pytest.mark.parametrize("change, field", [
    ({"tur": "stajyer_bilinmeyen"}, "tur"),
    ({"brut_ucret": Decimal("0")}, "brut_ucret"),
    ({"kadro_id": 10**12}, "kadro_id"),
])
def test_bad_hire_input_is_refused_with_its_field(kadrolar, change, field):
    before = _counts()
    data = {"tckn": kisi(), "tur": "isci", "kadro_id": kadrolar["isci"].id, "ise_giris": date(2026, 2, 1),
            "brut_ucret": Decimal("40000.00"), **change}
    with pytest.raises(UserError) as caught:
        personel.ise_al(data, actor=ACTOR)
    assert field in caught.value.field_messages()
    assert _counts() == before


def test_hiring_the_same_person_twice_is_refused(kadrolar):
    row = ise_al(kadrolar)
    with pytest.raises(UserError):
        personel.ise_al({"tckn": row.tckn, "tur": "isci", "kadro_id": kadrolar["isci"].id,
                         "ise_giris": date(2026, 2, 1), "brut_ucret": Decimal("40000.00")}, actor=ACTOR)


def test_a_new_assignment_closes_the_one_before_and_keeps_history(kadrolar):
    row = ise_al(kadrolar, ise_giris=date(2025, 1, 1))
    first = personel.acik_atama(row.id)
    personel.ata(row.id, kadrolar["isci"].id, date(2026, 1, 1), brut_ucret=Decimal("45000.00"),
                 gerekce="TİS zammı", actor=ACTOR)
    assert first.bitis == date(2025, 12, 31)
    assert personel.atama_on(row.id, date(2025, 6, 1)).brut_ucret == Decimal("40000.00")
    assert personel.atama_on(row.id, date(2026, 6, 1)).brut_ucret == Decimal("45000.00")
    with pytest.raises(UserError):
        personel.ata(row.id, kadrolar["isci"].id, date(2025, 6, 1), brut_ucret=Decimal("1.00"), actor=ACTOR)


def test_leaving_sends_the_sgk_notice_and_keeps_the_reason(kadrolar):
    row = ise_al(kadrolar, ise_giris=date(2025, 1, 1))
    personel.ayir(row.id, date(2026, 3, 31), "03", "İstifa", actor=ACTOR)
    assert row.ayrilis_nedeni == "İstifa" and row.sgk_cikis_referans.startswith("SGK-C-")
    assert personel.acik_atama(row.id) is None
    assert connectors().agencies.sgk_events[row.tckn][-1]["kod"] == "03"
    with pytest.raises(UserError):
        personel.ayir(row.id, date(2026, 4, 30), "03", "İstifa", actor=ACTOR)


def test_an_unknown_leave_code_is_refused(kadrolar):
    row = ise_al(kadrolar)
    with pytest.raises(UserError) as caught:
        personel.ayir(row.id, date(2026, 3, 31), "99", "?", actor=ACTOR)
    assert "cikis_kodu" in caught.value.field_messages()
    assert row.ayrilis_tarihi is None


def test_search_and_pages(kadrolar):
    rows = [ise_al(kadrolar) for _ in range(3)]
    found, total = personel.liste(rows[0].soyad)
    assert rows[0] in found and total >= 1
    page, total = personel.liste(boyut=2)
    assert len(page) == 2 and total >= 3
    assert personel.liste(rows[1].sicil_no)[0] == [rows[1]]
