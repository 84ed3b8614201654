"""Faults injected at the mock agency server: retries, circuit breaker, budgets, malformed
bodies.  Nothing here reads a stopwatch: the breaker's clock is the test's, and budgets
are shown by the timeouts each attempt was given and by what reached the agency."""

from decimal import Decimal

import httpx
import pytest

from ebelediye.connectors import (
    AgencyTimeout,
    AgencyUnavailable,
    BadResponse,
    Caller,
    CircuitOpen,
    InvalidInput,
)
from ebelediye.connectors.breaker import CLOSED, HALF_OPEN, OPEN, CircuitBreaker
from ebelediye.connectors.mockserver.faults import Faults

CLERK = Caller("memur@alfa.bel.tr", "kimlik_dogrulama")

pytestmark = pytest.mark.usefixtures("alfa")


def people(population, n):
    return [m.tckn for _, m in population.iter_people(0, n * 2)][:n]


def test_idempotent_calls_survive_30_percent_5xx(make_client, faults, population):
    faults.set("kps", Faults(error_rate=0.3, error_status=500, seed=7))
    kps = make_client("http", "kps", retries=4)
    tcknz = people(population, 40)
    for tckn in tcknz:
        assert kps.person(tckn, caller=CLERK).tckn == tckn
    stats = faults.snapshot()["stats"]["kps"]
    assert stats["errors"] >= 5, stats  # the server did fail, the client retried through it
    assert kps.backend.stats["retries"] == stats["errors"]
    assert kps.backend.breaker.state == CLOSED


def test_payment_start_is_never_retried(make_client, faults):
    faults.set("pos", Faults(error_rate=1.0, error_status=500))
    pos = make_client("http", "pos", retries=4)
    with pytest.raises(AgencyUnavailable) as caught:
        pos.start_payment("EV-R1", Decimal("10.00"), "https://alfa.ebelediye.test/donus")
    assert caught.value.outcome_unknown  # a 500 after sending: the bank may have registered it
    assert "sonucu belli değil" in caught.value.message_tr
    assert faults.snapshot()["stats"]["pos"]["requests"] == 1


class FakeClock:
    """The breaker's clock, moved by the test: waiting for the reset time takes no time."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_breaker_opens_fails_fast_and_recovers(make_client, faults, population):
    faults.set("tapu", Faults(hang_rate=1.0, hang_seconds=5))
    clock = FakeClock()
    tapu = make_client("http", "tapu", retries=0, read_timeout=0.25, budget=2.0,
                       breaker=CircuitBreaker(3, 0.5, clock=clock))
    owner = people(population, 1)[0]
    for _ in range(3):
        with pytest.raises(AgencyTimeout) as caught:
            tapu.holdings(owner, caller=CLERK)
        assert "Tapu servisi zamanında yanıt vermedi" in caught.value.message_tr
        assert "ReadTimeout" in caught.value.detail  # each one waited for its read timeout
    assert tapu.backend.breaker.state == OPEN
    for _ in range(5):
        with pytest.raises(CircuitOpen) as caught:
            tapu.holdings(owner, caller=CLERK)
        assert caught.value.message_tr == "Tapu servisine şu anda ulaşılamıyor, lütfen daha sonra deneyin."
    # refused at once: none of the five reached the agency
    assert faults.snapshot()["stats"]["tapu"]["requests"] == 3
    assert tapu.backend.stats["fast_failures"] == 5 and tapu.backend.stats["attempts"] == 3
    # the agency comes back; once the reset time has passed one probe closes the breaker
    faults.clear()
    clock.now += 0.49
    assert tapu.backend.breaker.state == OPEN
    clock.now += 0.01
    assert tapu.backend.breaker.state == HALF_OPEN
    assert tapu.holdings(owner, caller=CLERK) is not None
    assert tapu.backend.breaker.state == CLOSED
    assert faults.snapshot()["stats"]["tapu"]["requests"] == 4


def test_failed_probe_opens_the_breaker_again(make_client, faults, population):
    faults.set("gib", Faults(down=True))
    clock = FakeClock()
    gib = make_client("http", "gib", retries=1, breaker=CircuitBreaker(2, 0.3, clock=clock))
    tckn = people(population, 1)[0]
    for _ in range(2):
        with pytest.raises(AgencyUnavailable):
            gib.taxpayer(tckn, caller=CLERK)
    with pytest.raises(CircuitOpen):
        gib.taxpayer(tckn, caller=CLERK)
    clock.now += 0.3
    with pytest.raises(AgencyUnavailable) as caught:  # the probe goes out and fails
        gib.taxpayer(tckn, caller=CLERK)
    assert not isinstance(caught.value, CircuitOpen)
    with pytest.raises(CircuitOpen):
        gib.taxpayer(tckn, caller=CLERK)
    # two calls with one retry each, then the probe with its retry; the refused ones sent nothing
    assert faults.snapshot()["stats"]["gib"]["requests"] == 6


def _record_timeouts(backend) -> list:
    """The httpx timeouts each attempt of ``backend`` was given."""
    given = []
    stream = backend.client.stream

    def recording(*args, timeout=None, **kwargs):
        given.append(timeout)
        return stream(*args, timeout=timeout, **kwargs)

    backend.client.stream = recording
    return given


def test_a_hung_agency_never_holds_a_call_past_its_budget(make_client, faults, population):
    faults.set("kps", Faults(hang_rate=1.0, hang_seconds=30))
    kps = make_client("http", "kps", read_timeout=10.0, retries=5, budget=1.0)
    given = _record_timeouts(kps.backend)
    with pytest.raises(AgencyTimeout):
        kps.person(people(population, 1)[0], caller=CLERK)
    # the one attempt waited at most the call's budget, not the 10 s read timeout (nor the
    # 30 s hang), and no retry started once the budget was spent
    assert len(given) == 1 and kps.backend.stats["attempts"] == 1
    assert 0 < given[0].read <= 1.0 and given[0].connect <= 1.0


def test_a_trickling_agency_is_cut_off_at_the_budget(make_client, faults, population):
    faults.set("kps", Faults(drip_ms=100))  # ~16 bytes every 100 ms: a person takes seconds
    kps = make_client("http", "kps", read_timeout=10.0, retries=0, budget=0.8)
    with pytest.raises(AgencyTimeout) as caught:
        kps.person(people(population, 1)[0], caller=CLERK)
    # bytes kept coming (no read timed out): the body was cut off by the call's deadline
    assert "call budget spent while reading the body" in caught.value.detail


def test_connection_refused_is_unavailable(make_client):
    with httpx_free_port() as port:
        kps = make_client("http", "kps", url=f"http://127.0.0.1:{port}", retries=2)
        with pytest.raises(AgencyUnavailable) as caught:
            kps.person("10000000146", caller=CLERK)
    assert "şu anda ulaşılamıyor" in caught.value.message_tr
    assert kps.backend.stats["attempts"] == 3 and kps.backend.stats["retries"] == 2


@pytest.mark.parametrize("kind", ["truncated", "html", "shape", "number_money"])
def test_malformed_bodies_give_the_clear_error(make_client, faults, population, kind):
    agency = "pos" if kind == "number_money" else "kps"
    faults.set(agency, Faults(malformed_rate=1.0, malformed_kind=kind))
    client = make_client("http", agency)
    with pytest.raises(BadResponse) as caught:
        if agency == "pos":
            client.start_payment("EV-M1", Decimal("5.00"), "https://alfa.ebelediye.test/donus")
        else:
            client.person(people(population, 1)[0], caller=CLERK)
    assert "anlaşılamayan bir yanıt" in caught.value.message_tr
    assert caught.value.message_en.startswith("The ")


def test_invalid_input_makes_no_call(make_client, faults):
    kps = make_client("http", "kps")
    for bad in ("17291716050", "1729171606", "1729171606a", "01729171606"):
        with pytest.raises(InvalidInput):
            kps.person(bad, caller=CLERK)
    assert faults.snapshot()["stats"] == {}
    assert kps.backend.stats["calls"] == 0


def test_breaker_unit():
    now = [0.0]
    breaker = CircuitBreaker(failures=2, reset_seconds=10, clock=lambda: now[0])
    breaker.failure()
    breaker.success()  # a success resets the run
    breaker.failure()
    assert breaker.allow() and breaker.state == CLOSED
    breaker.failure()
    assert breaker.state == OPEN and not breaker.allow()
    now[0] = 10.0
    assert breaker.allow()  # the probe
    assert not breaker.allow()  # everyone else waits for it
    breaker.failure()
    assert breaker.state == OPEN and not breaker.allow()
    now[0] = 20.0
    assert breaker.allow()
    now[0] = 30.5  # the probe never reported: another one may go
    assert breaker.allow()
    breaker.success()
    assert breaker.state == CLOSED and breaker.allow()


class httpx_free_port:
    """A loopback port with nothing listening on it."""

    def __enter__(self):
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        return self.sock.getsockname()[1]  # bound but not listening: connections are refused

    def __exit__(self, *exc):
        self.sock.close()


def test_admin_endpoint_switches_faults_at_run_time(mock_server, faults):
    url, _ = mock_server
    with httpx.Client(base_url=url, trust_env=False) as admin:
        assert admin.put("/_admin/faults/sgk", json={"down": True}).status_code == 200
        assert admin.get("/sgk/v1/sigortalilar/10000000146").status_code == 503
        bad = admin.put("/_admin/faults/sgk", json={"error_rate": 2})
        assert bad.status_code == 400 and "between 0 and 1" in bad.json()["error"]["message_tr"]
        assert admin.put("/_admin/faults/yok", json={}).status_code == 404
        assert admin.put("/_admin/faults/*", json={"latency_ms": 1}).json()["kps"]["latency_ms"] == 1
        assert admin.delete("/_admin/faults").status_code == 200
        assert admin.get("/_admin/faults").json() == {}
        assert admin.get("/_admin/stats").json()["sgk"]["down"] == 1
        assert admin.post("/_admin/reset").json() == {"ok": True}
