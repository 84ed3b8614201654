"""Faults injected at the mock agency server: retries, circuit breaker, budgets, malformed
bodies.  Timing bounds are generous (shared CI machines); they show the order of
magnitude, not a benchmark."""

import time
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


def test_breaker_opens_fails_fast_and_recovers(make_client, faults, population):
    faults.set("tapu", Faults(hang_rate=1.0, hang_seconds=5))
    tapu = make_client("http", "tapu", retries=0, read_timeout=0.25, budget=2.0, breaker_failures=3,
                       breaker_reset=0.5)
    owner = people(population, 1)[0]
    slow = []
    for _ in range(3):
        started = time.monotonic()
        with pytest.raises(AgencyTimeout) as caught:
            tapu.holdings(owner, caller=CLERK)
        slow.append(time.monotonic() - started)
        assert "Tapu servisi zamanında yanıt vermedi" in caught.value.message_tr
    assert tapu.backend.breaker.state == OPEN
    assert min(slow) >= 0.2  # each waited for its read timeout
    fast = []
    for _ in range(5):
        started = time.monotonic()
        with pytest.raises(CircuitOpen) as caught:
            tapu.holdings(owner, caller=CLERK)
        fast.append(time.monotonic() - started)
        assert caught.value.message_tr == "Tapu servisine şu anda ulaşılamıyor, lütfen daha sonra deneyin."
    # no call waited for a read timeout; that none reached the agency is the count below
    # (a count, not a tight stopwatch: CI machines are loaded)
    assert max(fast) < 0.25, fast
    requests_when_open = faults.snapshot()["stats"]["tapu"]["requests"]
    assert requests_when_open == 3
    # the agency comes back; after the reset time one probe closes the breaker
    faults.clear()
    time.sleep(0.55)
    assert tapu.backend.breaker.state == HALF_OPEN
    assert tapu.holdings(owner, caller=CLERK) is not None
    assert tapu.backend.breaker.state == CLOSED


def test_failed_probe_opens_the_breaker_again(make_client, faults, population):
    faults.set("gib", Faults(down=True))
    gib = make_client("http", "gib", retries=1, breaker_failures=2, breaker_reset=0.3)
    tckn = people(population, 1)[0]
    for _ in range(2):
        with pytest.raises(AgencyUnavailable):
            gib.taxpayer(tckn, caller=CLERK)
    with pytest.raises(CircuitOpen):
        gib.taxpayer(tckn, caller=CLERK)
    time.sleep(0.35)
    with pytest.raises(AgencyUnavailable) as caught:  # the probe goes out and fails
        gib.taxpayer(tckn, caller=CLERK)
    assert not isinstance(caught.value, CircuitOpen)
    with pytest.raises(CircuitOpen):
        gib.taxpayer(tckn, caller=CLERK)


def test_a_hung_agency_never_holds_a_call_past_its_budget(make_client, faults, population):
    faults.set("kps", Faults(hang_rate=1.0, hang_seconds=30))
    kps = make_client("http", "kps", read_timeout=10.0, retries=5, budget=1.0)
    started = time.monotonic()
    with pytest.raises(AgencyTimeout):
        kps.person(people(population, 1)[0], caller=CLERK)
    elapsed = time.monotonic() - started
    # far below the 10 s read timeout and the 30 s hang: the budget cut it (loose upper
    # bound on purpose, machines running CI are loaded)
    assert 0.8 <= elapsed < 5, elapsed


def test_a_trickling_agency_is_cut_off_at_the_budget(make_client, faults, population):
    faults.set("kps", Faults(drip_ms=100))  # ~16 bytes every 100 ms: a person takes seconds
    kps = make_client("http", "kps", read_timeout=10.0, retries=0, budget=0.8)
    started = time.monotonic()
    with pytest.raises(AgencyTimeout):
        kps.person(people(population, 1)[0], caller=CLERK)
    assert time.monotonic() - started < 5  # the whole body would take many seconds


def test_connection_refused_is_unavailable(make_client):
    with httpx_free_port() as port:
        kps = make_client("http", "kps", url=f"http://127.0.0.1:{port}", retries=2)
        started = time.monotonic()
        with pytest.raises(AgencyUnavailable) as caught:
            kps.person("10000000146", caller=CLERK)
    assert "şu anda ulaşılamıyor" in caught.value.message_tr
    assert kps.backend.stats["attempts"] == 3 and time.monotonic() - started < 5


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
