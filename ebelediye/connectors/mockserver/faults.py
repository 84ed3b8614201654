"""Latency and fault settings per agency, switchable at start (``EBELEDIYE_MOCK_FAULTS``,
JSON) and at run time (``PUT /_admin/faults/<agency>``).

Each agency's dice are a ``random.Random`` seeded from its settings, so a test that sends
requests one after another sees the same faults on every run.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import asdict, dataclass, fields

MALFORMED_KINDS = ("truncated", "html", "shape", "number_money")


@dataclass(frozen=True)
class Faults:
    #: added to every answer
    latency_ms: int = 0
    jitter_ms: int = 0
    #: every request answers 503 ("the agency is down")
    down: bool = False
    #: share (0..1) of requests answered with ``error_status``
    error_rate: float = 0.0
    error_status: int = 503
    #: share of requests that hang for ``hang_seconds`` before answering (1.0: always)
    hang_rate: float = 0.0
    hang_seconds: float = 30.0
    #: share of 200 answers replaced by a malformed body of ``malformed_kind``
    malformed_rate: float = 0.0
    malformed_kind: str = "truncated"
    #: send the body in small pieces, this many ms apart (a trickling agency)
    drip_ms: int = 0
    seed: int = 0

    @classmethod
    def from_dict(cls, data: object) -> Faults:
        if not isinstance(data, dict):
            raise ValueError("faults must be a JSON object")
        known = {f.name: f.type for f in fields(cls)}
        unknown = set(data) - set(known)
        if unknown:
            raise ValueError(f"unknown fault settings: {', '.join(sorted(unknown))}")
        faults = cls(**data)
        for name in ("error_rate", "hang_rate", "malformed_rate"):
            value = getattr(faults, name)
            if not isinstance(value, int | float) or not 0 <= value <= 1:
                raise ValueError(f"{name} must be between 0 and 1")
        if faults.malformed_kind not in MALFORMED_KINDS:
            raise ValueError(f"malformed_kind must be one of {', '.join(MALFORMED_KINDS)}")
        if not 500 <= faults.error_status <= 599 and faults.error_status != 429:
            raise ValueError("error_status must be 5xx or 429")
        return faults

    def to_dict(self) -> dict:
        return asdict(self)


class FaultBoard:
    """The current faults of every agency, their dice, and what they did."""

    def __init__(self, initial: dict | None = None) -> None:
        self._lock = threading.Lock()
        self._faults: dict[str, Faults] = {}
        self._dice: dict[str, random.Random] = {}
        self.generation = 0
        self.stats: dict[str, dict[str, int]] = {}
        for agency, settings in (initial or {}).items():
            self.set(agency, Faults.from_dict(settings))

    def get(self, agency: str) -> Faults:
        return self._faults.get(agency, Faults())

    def set(self, agency: str, faults: Faults) -> None:
        with self._lock:
            self._faults[agency] = faults
            self._dice[agency] = random.Random(faults.seed)
            self.generation += 1

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
            self._dice.clear()
            self.generation += 1

    def roll(self, agency: str) -> float:
        with self._lock:
            dice = self._dice.setdefault(agency, random.Random(0))
            return dice.random()

    def count(self, agency: str, what: str) -> None:
        with self._lock:
            bucket = self.stats.setdefault(agency, {})
            bucket[what] = bucket.get(what, 0) + 1

    def snapshot(self) -> dict:
        with self._lock:
            return {"faults": {a: f.to_dict() for a, f in self._faults.items()},
                    "stats": {a: dict(s) for a, s in self.stats.items()}}

    def reset_stats(self) -> None:
        with self._lock:
            self.stats.clear()

    def hang(self, seconds: float) -> None:
        """Sleep up to ``seconds``, waking early when the faults change (so tests end fast)."""
        generation = self.generation
        until = time.monotonic() + seconds
        while time.monotonic() < until and self.generation == generation:
            time.sleep(0.02)
