"""Fixtures of İK's tests: a unit with positions of every kind in a shared tenant, and people
the mock KPS and SGK know (adults, alive)."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import pytest

from ebelediye.connectors.factory import connectors
from modules.ik.services import personel

ACTOR = "ik@test"
#: a day inside every parameter's validity (the memur figures are 2026 first half)
BUGUN = date(2026, 3, 16)

_people: list[str] = []
_next = itertools.count()


def kisi() -> str:
    """A TCKN of a living adult KPS and SGK know; a new one on every call in a run, and none
    the in-process mock SGK shows at work: its notices outlive each test's rolled-back
    transaction, and SGK refuses a second hire at the same employer ("açık bir sigortalılık
    kaydı var"; CI met it once in test_maliyet, cause not pinned down)."""
    agencies = connectors().agencies
    if not _people:
        for hh, m in agencies.population.iter_people(0, 8000):
            # nobody SGK's synthetic history shows at work somewhere already
            if m.alive and 33 <= m.age(BUGUN) <= 48 and all(
                    p.bitis is not None for p in agencies.population.employment(hh, m).donemler):
                _people.append(m.tckn)
    while True:
        tckn = _people[next(_next)]
        if tckn not in agencies.sgk_events:
            return tckn


@pytest.fixture(autouse=True)
def _without_accounting(request):
    """İK's own rules are tested with Muhasebe off in the shared tenants (it is on there, and
    would ask every closed payroll for an appropriation); test_muhasebe_kaydi.py tests them
    together.  Not in a committed test: there the switch would outlive the test."""
    from tests.plugin import disable_modules

    if request.node.get_closest_marker("committed") is None:
        disable_modules("alfa", "muhasebe")
        disable_modules("beta", "muhasebe")


@pytest.fixture
def alfa():
    """The test works inside the shared tenant ``alfa``."""
    from tenants import services

    with services.bound("alfa"):
        yield


@pytest.fixture
def kadrolar(alfa):
    """A unit with one position of each kind: {kind: Kadro}."""
    unit = personel.birim_ekle(f"46.06.99.{next(_next):02d}", "Fen İşleri Müdürlüğü", actor=ACTOR)
    return {tur: personel.kadro_ekle(unit.id, tur, "GİH" if tur == "memur" else "İşçi", f"{tur} unvanı",
                                     actor=ACTOR, derece=8 if tur == "memur" else None,
                                     ekonomik_kod="01.1.1.01" if tur == "memur" else "01.3.1.01")
            for tur in ("memur", "isci", "sozlesmeli", "gecici")}


def ise_al(kadrolar, tur: str = "isci", brut: str | None = "40000.00", *, ise_giris: date = date(2025, 1, 1), **extra):
    data = {"tckn": kisi(), "tur": tur, "kadro_id": kadrolar[tur].id, "ise_giris": ise_giris,
            "iban": "TR330006100519786457841326", **extra}
    if tur == "memur":
        data.setdefault("gosterge", 1320)
    elif brut is not None:
        data["brut_ucret"] = Decimal(brut)
    return personel.ise_al(data, actor=ACTOR)
