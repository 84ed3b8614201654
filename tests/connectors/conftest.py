"""Fixtures of the connector tests: one mock agency server per session (werkzeug on
127.0.0.1, port 0, in a thread), clients of either kind, a bound tenant."""

from __future__ import annotations

import threading
from contextlib import contextmanager

import pytest
from werkzeug.serving import make_server

from ebelediye.connectors.cache import ResultCache
from ebelediye.connectors.clients import CLIENTS
from ebelediye.connectors.mock import MockAgencies
from ebelediye.connectors.mockserver import create_app as create_mock_app
from ebelediye.connectors.settings import Settings
from ebelediye.connectors.synthetic.population import Population
from ebelediye.connectors.transport import HttpBackend, InProcessBackend

SEED = 4242
POPULATION = {"households": 3000, "parcels": 30000, "companies": 300}
SECRETS = {"CONNECTORS_POS_SECRET": "test-pos-secret", "CONNECTORS_EDEVLET_SECRET": "test-edevlet-secret"}
#: short timeouts and a fast breaker so fault tests take fractions of a second
FAST = dict(connect_timeout=0.5, read_timeout=1.0, budget=3.0, retries=3, backoff_base=0.005, backoff_max=0.02,
            breaker_failures=3, breaker_reset=0.3)


def mock_config(**extra) -> dict:
    return {"SECRET_KEY": "test-secret", "CONNECTORS_SEED": SEED, "CONNECTORS_POPULATION": POPULATION,
            "BASE_DOMAIN": "ebelediye.test", **SECRETS, **extra}


@pytest.fixture(scope="session")
def mock_server():
    """(base URL, mock Flask app) of a mock agency server on loopback."""
    app = create_mock_app(mock_config())
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    app.extensions["mock.agencies"].public_url = url
    yield url, app
    app.extensions["mock.faults"].clear()  # wake hung handlers
    server.shutdown()
    server.server_close()


@pytest.fixture
def faults(mock_server):
    """The mock server's fault board, cleared (with its state) before and after the test."""
    _, app = mock_server
    board = app.extensions["mock.faults"]
    board.clear()
    board.reset_stats()
    app.extensions["mock.agencies"].reset()
    yield board
    board.clear()


@pytest.fixture
def population():
    return Population(SEED, **POPULATION)


@pytest.fixture
def settings(mock_server):
    base = Settings.from_config({"SECRET_KEY": "test-secret", "CONNECTORS_URL": mock_server[0],
                                 "CONNECTORS_SEED": SEED, "CONNECTORS_POPULATION": POPULATION, **SECRETS})
    return base.with_(**FAST)


@pytest.fixture
def make_client(settings, population, faults):
    """make_client(kind, agency, breaker=None, **settings) -> client (an HTTP client's breaker may
    be given, e.g. one on a test's clock); HTTP clients are closed afterwards."""
    made = []
    agencies = MockAgencies(population, pos_secret=settings.pos_secret, public_url=settings.url)

    def make(kind: str, agency: str, breaker=None, **overrides):
        s = settings.with_(**overrides)
        backend = HttpBackend(agency, s, breaker=breaker) if kind == "http" else InProcessBackend(agencies)
        made.append(backend)
        return CLIENTS[agency](backend, s, ResultCache(s.cache_seconds, s.cache_key_secret))

    make.agencies = agencies
    yield make
    for backend in made:
        if isinstance(backend, HttpBackend):
            backend.close()


@pytest.fixture(params=["inprocess", "http"])
def kind(request):
    return request.param


@contextmanager
def tenant(slug: str):
    from tenants import services

    with services.bound(slug):
        yield


@pytest.fixture
def alfa():
    with tenant("alfa"):
        yield


def adult(population: Population, *, married: bool | None = None, sex: str | None = None, start: int = 0,
          alive: bool = True, skip: set | None = None):
    """The first adult of the population matching the wishes (deterministic)."""
    for hh, m in population.iter_people(start):
        if m.age() < 20 or m.alive != alive or (skip and m.tckn in skip):
            continue
        if married is not None and (m.medeni_hal == "evli") != married:
            continue
        if sex and m.cinsiyet != sex:
            continue
        return hh, m
    raise LookupError("no such adult")
