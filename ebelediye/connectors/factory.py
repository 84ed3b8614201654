"""Which implementation a client uses: ``CONNECTORS_MODE`` ("inprocess" or "http"), per
agency overridable with ``CONNECTORS_AGENCY_MODES``.  One ``Connectors`` per app holds the
clients, their HTTP connection pools and circuit breakers, and the in-process mock.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Literal, overload

from flask import current_app

from .base import AgencyClient
from .cache import ResultCache
from .clients import CLIENTS, GibClient, KpsClient, PosClient, SgkClient, TapuClient
from .settings import Settings
from .transport import Backend, HttpBackend, InProcessBackend

if TYPE_CHECKING:  # the mock agencies (and Faker's name lists) load on first use, not at start-up
    from .mock import MockAgencies

EXTENSION = "ebelediye.connectors"
log = logging.getLogger(__name__)


class Connectors:
    def __init__(self, settings: Settings, *, agencies: MockAgencies | None = None, cache: ResultCache | None = None):
        self.settings = settings
        self._agencies = agencies
        self.cache = cache if cache is not None else ResultCache(settings.cache_seconds, settings.cache_key_secret)
        self._clients: dict[str, AgencyClient] = {}
        self._lock = threading.Lock()

    @property
    def agencies(self) -> MockAgencies:
        """The in-process mock agencies (built on first use)."""
        with self._lock:
            if self._agencies is None:
                from .mock import MockAgencies
                from .synthetic.population import Population

                population = Population(self.settings.seed, **self.settings.population)
                self._agencies = MockAgencies(population, pos_secret=self.settings.pos_secret,
                                              public_url=self.settings.url)
            return self._agencies

    def backend(self, agency: str) -> Backend:
        mode = self.settings.mode_of(agency)
        if mode == "http":
            return HttpBackend(agency, self.settings)
        if mode == "inprocess":
            return InProcessBackend(self.agencies)
        raise ValueError(f"unknown connector mode {mode!r} for {agency}")

    def client(self, agency: str) -> AgencyClient:
        if agency not in CLIENTS:
            raise KeyError(f"unknown agency {agency!r}; known: {', '.join(CLIENTS)}")
        client = self._clients.get(agency)
        if client is None:
            backend = self.backend(agency)
            with self._lock:
                client = self._clients.setdefault(agency, CLIENTS[agency](backend, self.settings, self.cache))
        return client

    def close(self) -> None:
        for client in self._clients.values():
            close = getattr(client.backend, "close", None)
            if close:
                close()
        self._clients.clear()


def connectors() -> Connectors:
    """The app's connectors (created from its config on first use)."""
    ext = current_app.extensions
    found = ext.get(EXTENSION)
    if found is None:
        settings = Settings.from_config(current_app.config)
        if current_app.config.get("ENV") == "production" and "inprocess" in (
                settings.mode, *settings.agency_modes.values()):
            log.warning("CONNECTORS_MODE is 'inprocess' in production: agencies answer with synthetic data")
        found = ext.setdefault(EXTENSION, Connectors(settings))
    return found


@overload
def get(agency: Literal["kps"]) -> KpsClient: ...
@overload
def get(agency: Literal["tapu"]) -> TapuClient: ...
@overload
def get(agency: Literal["sgk"]) -> SgkClient: ...
@overload
def get(agency: Literal["gib"]) -> GibClient: ...
@overload
def get(agency: Literal["pos"]) -> PosClient: ...
@overload
def get(agency: str) -> AgencyClient: ...
def get(agency: str) -> AgencyClient:
    """The client of one agency: ``get("kps").person(tckn, caller=...)``."""
    return connectors().client(agency)
