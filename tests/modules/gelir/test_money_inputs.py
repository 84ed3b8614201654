"""Every money input of Gelir, on its pages and in its API, reads what Turkish users type
(``2.843,29``, ``2843,29``, ``2843.29``) and refuses the rest with a message under the field
(``2,843.29``, ``1e400``, a NUL byte, more than two decimals), writing nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from ebelediye.extensions import db
from modules.gelir.models import Iade, Tahsilat, VezneOturumu
from modules.gelir.services import tahsilat
from tenants import services
from tests.plugin import host

from .conftest import MukellefFactory, staff_with

A = {"Host": host("alfa")}
KASA = "gelir.tahsilat.olustur"
IADE = "gelir.iade.talep"
IBAN = "TR330006100519786457841326"
EXPECTED = Decimal("2843.29")

ACCEPTED = ["2.843,29", "2843,29", "2843.29"]
REFUSED = ["2,843.29", "1e400", "2843\x00,29", "2843,291", "2.843,291"]


def _taxpayer(credit: str | None = None) -> int:
    with services.bound("alfa"):
        m = MukellefFactory()
        if credit:
            tahsilat.tahsil(m.id, credit, "nakit", date(2026, 2, 9), actor="kasiyer")  # no debt: all credit
        db.session.commit()
        return m.id


def _stored(model: Any, column: str) -> list[Decimal]:
    with services.bound("alfa"):
        values = list(db.session.scalars(db.select(getattr(model, column)).order_by(model.id)))
        db.session.commit()
    return values


@dataclass(frozen=True)
class Door:
    """One money input: where it is posted, how, and where the amount lands."""

    name: str
    api: bool
    field: str
    permission: str

    def post(self, client, value: object):
        client.post("/gelir/vezne/ac", headers=A)  # a cashier's day (harmless where unused)
        if self.name == "tahsilat":
            mid = _taxpayer()
            if self.api:
                return client.post("/api/v1/gelir/vezne/tahsilat", headers=A,
                                   json={"mukellef_id": mid, "tutar": value, "kanal": "nakit"})
            return client.post(f"/gelir/vezne/mukellefler/{mid}/tahsil", headers=A,
                               data={"tutar": value, "kanal": "nakit"})
        if self.name == "kapanis":
            if self.api:
                return client.post("/api/v1/gelir/vezne/oturum/kapat", headers=A, json={"sayilan_nakit": value})
            return client.post("/gelir/vezne/kapanis", headers=A, data={"sayilan_nakit": value})
        mid = _taxpayer(credit="5000.00")
        body = {"tutar": value, "gerekce": "Fazla ödeme", "odeme_sekli": "havale", "iban": IBAN}
        if self.api:
            return client.post("/api/v1/gelir/iadeler", headers=A, json={"mukellef_id": mid, **body})
        return client.post(f"/gelir/iadeler/yeni?mukellef={mid}", headers=A, data=body)

    def amounts(self) -> list[Decimal]:
        if self.name == "tahsilat":
            return [t for t in _stored(Tahsilat, "tutar") if t != Decimal("5000.00")]
        if self.name == "kapanis":
            return [v for v in _stored(VezneOturumu, "sayilan_nakit") if v is not None]
        return _stored(Iade, "tutar")


DOORS = [Door(name, api, field, permission)
         for name, field, permission in (("tahsilat", "tutar", KASA), ("kapanis", "sayilan_nakit", KASA),
                                         ("iade", "tutar", IADE))
         for api in (False, True)]


def _id(door: Door) -> str:
    return f"{'api' if door.api else 'sayfa'}-{door.name}"


@pytest.mark.parametrize("door", DOORS, ids=_id)
@pytest.mark.parametrize("typed", ACCEPTED)
def test_a_money_input_reads_the_turkish_forms(client, door, typed):
    staff_with(client, "alfa", KASA, IADE)
    response = door.post(client, typed)
    assert response.status_code in ((200, 201) if door.api else (302, 303)), response.get_data(as_text=True)[:500]
    assert door.amounts() == [EXPECTED]


@pytest.mark.parametrize("door", DOORS, ids=_id)
@pytest.mark.parametrize("typed", REFUSED, ids=["english", "exponent", "nul", "three-decimals",
                                                 "grouped-three-decimals"])
def test_a_money_input_refuses_the_rest_with_a_field_message(client, door, typed):
    staff_with(client, "alfa", KASA, IADE)
    response = door.post(client, typed)
    assert response.status_code == 422
    if door.api:
        assert set(response.json) >= {"code", "message", "errors"}
        assert response.json["errors"].get(door.field), response.json
    else:
        body = response.get_data(as_text=True)
        assert re.search(rf'id="f-{door.field}"[^>]*aria-invalid="true"', body, re.S), body[:2000]
    assert door.amounts() == []


@pytest.mark.parametrize("door", [d for d in DOORS if d.api], ids=_id)
def test_the_api_refuses_a_json_number_too_large_to_be_money(client, door):
    staff_with(client, "alfa", KASA, IADE)
    response = door.post(client, 1e400)  # json.dumps writes Infinity; the field refuses it
    assert response.status_code == 422 and response.json["errors"].get(door.field)
    assert door.amounts() == []
