"""Mock KPS's civil-registry events on top of the synthetic population.

The synthetic households know a person's marital status but not when a marriage ended,
and no household is related to another.  Rules that depend on those facts (the 300-day
waiting period, kinship across households, a birth after a divorce) need KPS data built to
trigger them; this is where a test (or the demo) registers it, in the in-process mock::

    civil = connectors().agencies.civil
    civil.divorce(husband, wife, date(2026, 5, 15))
    civil.birth(wife, date(2026, 9, 1))
    civil.link(child, father, "baba")          # father is the child's father ...
    civil.link(father, uncle, "kardes")        # ... and uncle his brother: the child's amca

What is registered here changes the answers of ``kps.person`` and ``kps.family`` exactly as
a real registration would (status, end date, former spouses, children, parents).  It is
mock state: ``MockAgencies.reset()`` forgets it, and ``forget(tckn)`` one person's part.

Derived facts, for people nothing was registered for: a divorced person's marriage ended
on a day derived from the TCKN (2 to 12 years before the population's reference date), a
widow's on her husband's death.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from datetime import date, timedelta

from stdnum.tr import tckimlik

from ..synthetic.population import REFERENCE_DATE, Household, Member

#: what ``other`` is to ``person`` in ``link(person, other, relation)`` -> the inverse
INVERSE = {"anne": "cocuk", "baba": "cocuk", "kardes": "kardes", "es": "es", "eski_es": "eski_es",
           "evlat_edinen": "evlatlik", "evlatlik": "evlat_edinen"}
#: relations a test may register directly ("cocuk" is the inverse of anne/baba)
LINKS = ("anne", "baba", "kardes", "evlat_edinen", "evlatlik")


@dataclass
class Record:
    """What was registered for one person."""

    medeni_hal: str | None = None
    evlilik_bitis: date | None = None
    bitis_nedeni: str | None = None  # bosanma / olum
    eski_esler: list[str] = field(default_factory=list)
    #: (relation of the other to this person, other's TCKN)
    baglar: list[tuple[str, str]] = field(default_factory=list)
    #: newborns not (yet) in the population: (TCKN, sex, birth day)
    dogumlar: list[tuple[str, str, date]] = field(default_factory=list)


class CivilRegistry:
    """Registered civil-status events, per TCKN (thread-safe)."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.records: dict[str, Record] = {}
        self._newborn = 0

    def _rec(self, tckn: str) -> Record:
        return self.records.setdefault(tckn, Record())

    def get(self, tckn: str) -> Record | None:
        return self.records.get(tckn)

    def divorce(self, first: str, second: str, on: date, *, marriages: dict | None = None) -> None:
        """Register a divorce of two people (married in the population or through KPS)."""
        with self.lock:
            for me, other in ((first, second), (second, first)):
                rec = self._rec(me)
                rec.medeni_hal, rec.evlilik_bitis, rec.bitis_nedeni = "bosanmis", on, "bosanma"
                if other not in rec.eski_esler:
                    rec.eski_esler.append(other)
                if marriages is not None and marriages.get(me, {}).get("es") == other:
                    marriages.pop(me)

    def widowed(self, tckn: str, on: date, spouse: str | None = None) -> None:
        """Register that a person's spouse died on ``on``."""
        with self.lock:
            rec = self._rec(tckn)
            rec.medeni_hal, rec.evlilik_bitis, rec.bitis_nedeni = "dul", on, "olum"
            if spouse and spouse not in rec.eski_esler:
                rec.eski_esler.append(spouse)

    def set_status(self, tckn: str, medeni_hal: str) -> None:
        """Overwrite a person's marital status (e.g. "evli" for someone living alone)."""
        with self.lock:
            self._rec(tckn).medeni_hal = medeni_hal

    def birth(self, mother: str, on: date, sex: str = "K") -> str:
        """Register a child born to ``mother`` on ``on``; returns the newborn's TCKN."""
        with self.lock:
            self._newborn += 1
            body = f"{990_000_000 + self._newborn:09d}"
            child = body + tckimlik.calc_check_digits(body)
            self._rec(mother).dogumlar.append((child, sex, on))
            return child

    def link(self, person: str, other: str, relation: str) -> None:
        """Register that ``other`` is ``person``'s anne / baba / kardes / evlat_edinen /
        evlatlik (and the inverse for ``other``)."""
        if relation not in LINKS:
            raise ValueError(f"unknown relation {relation!r}; one of {', '.join(LINKS)}")
        with self.lock:
            self._rec(person).baglar.append((relation, other))
            self._rec(other).baglar.append((INVERSE[relation], person))

    def forget(self, *tckns: str) -> None:
        with self.lock:
            for tckn in tckns:
                self.records.pop(tckn, None)


def derived_end(hh: Household, member: Member) -> tuple[date | None, str | None]:
    """When a divorced or widowed person's last marriage ended, as the population implies."""
    if member.medeni_hal == "dul":
        spouse = hh.members.get(1 - member.slot) if member.slot in (0, 1) else None
        if spouse is not None and spouse.olum_tarihi:
            return spouse.olum_tarihi, "olum"
        years = 2 + int(hashlib.sha256(member.tckn.encode()).hexdigest()[:4], 16) % 10
        return REFERENCE_DATE - timedelta(days=365 * years), "olum"
    if member.medeni_hal == "bosanmis":
        digest = int(hashlib.sha256(member.tckn.encode()).hexdigest()[:8], 16)
        end = REFERENCE_DATE - timedelta(days=730 + digest % 3650)
        adult = member.dogum_tarihi + timedelta(days=365 * 20)
        return max(end, adult), "bosanma"
    return None, None
