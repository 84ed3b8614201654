"""The connectors' settings, read once from the app config (``CONNECTORS_*`` keys, each
documented in ``ebelediye/config.py``)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import Any

DEFAULT_CACHE_SECONDS = {
    "kps.person": 300, "kps.family": 300, "tapu.holdings": 600, "tapu.parcel": 600,
    "sgk.employment": 300, "gib.taxpayer": 3600,
}


@dataclass(frozen=True)
class Settings:
    mode: str = "inprocess"
    agency_modes: dict[str, str] = field(default_factory=dict)
    url: str = "http://127.0.0.1:5001"
    connect_timeout: float = 2.0
    read_timeout: float = 5.0
    budget: float = 8.0
    bulk_budget: float = 120.0
    retries: int = 2
    backoff_base: float = 0.2
    backoff_max: float = 2.0
    breaker_failures: int = 5
    breaker_reset: float = 30.0
    cache_seconds: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_CACHE_SECONDS))
    max_body_bytes: int = 5_000_000
    seed: int = 2026
    population: dict[str, int] = field(default_factory=dict)
    pos_secret: str = ""
    edevlet_secret: str = ""
    #: keys Redis cache entries so key names do not show identity numbers
    cache_key_secret: str = ""

    def mode_of(self, agency: str) -> str:
        return self.agency_modes.get(agency, self.mode)

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    @classmethod
    def from_config(cls, config: Any) -> Settings:
        secret = config.get("SECRET_KEY") or "development"

        def derived(name: str) -> str:
            # Development and tests: derive from SECRET_KEY so nothing needs setting; production
            # deployments talking to a real bank or e-Devlet set their own.
            return config.get(name) or hashlib.sha256(f"{secret}:{name}".encode()).hexdigest()

        cache = dict(DEFAULT_CACHE_SECONDS)
        cache.update(config.get("CONNECTORS_CACHE_SECONDS") or {})
        return cls(
            mode=config.get("CONNECTORS_MODE", "inprocess"),
            agency_modes=dict(config.get("CONNECTORS_AGENCY_MODES") or {}),
            url=config.get("CONNECTORS_URL", cls.url).rstrip("/"),
            connect_timeout=float(config.get("CONNECTORS_CONNECT_TIMEOUT", cls.connect_timeout)),
            read_timeout=float(config.get("CONNECTORS_READ_TIMEOUT", cls.read_timeout)),
            budget=float(config.get("CONNECTORS_BUDGET_SECONDS", cls.budget)),
            bulk_budget=float(config.get("CONNECTORS_BULK_BUDGET_SECONDS", cls.bulk_budget)),
            retries=int(config.get("CONNECTORS_RETRIES", cls.retries)),
            backoff_base=float(config.get("CONNECTORS_BACKOFF_BASE", cls.backoff_base)),
            backoff_max=float(config.get("CONNECTORS_BACKOFF_MAX", cls.backoff_max)),
            breaker_failures=int(config.get("CONNECTORS_BREAKER_FAILURES", cls.breaker_failures)),
            breaker_reset=float(config.get("CONNECTORS_BREAKER_RESET_SECONDS", cls.breaker_reset)),
            cache_seconds=cache,
            seed=int(config.get("CONNECTORS_SEED", cls.seed)),
            population=dict(config.get("CONNECTORS_POPULATION") or {}),
            pos_secret=derived("CONNECTORS_POS_SECRET"),
            edevlet_secret=derived("CONNECTORS_EDEVLET_SECRET"),
            cache_key_secret=hashlib.sha256(f"{secret}:connectors-cache".encode()).hexdigest(),
        )
