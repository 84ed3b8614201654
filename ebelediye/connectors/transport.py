"""How a call reaches an agency: in process (the mock, for tests and ``make run``) or over
HTTP (the mock agency server, or a gateway that speaks the same contract).

``HttpBackend`` is where the resilience lives:

- every request has connect, read, write and pool timeouts, each cut down to what is left
  of the call's budget, and the body is read in chunks against the same deadline, so a
  hung or trickling agency cannot hold a call past its budget;
- idempotent operations (reads) are retried on connection errors, timeouts, 429 and 5xx,
  with exponential backoff and full jitter (tenacity), never past the deadline; payments,
  refunds and notices are never retried;
- a circuit breaker per agency counts failed calls (after their retries) and refuses calls
  while open;
- status codes and bodies map to one error type each (``errors.py``).
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from typing import TYPE_CHECKING, Any, Protocol

from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_any,
    wait_random_exponential,
)
from tenacity.stop import stop_base

from .breaker import CircuitBreaker
from .errors import (
    AgencyTimeout,
    AgencyUnavailable,
    BadResponse,
    CircuitOpen,
    ConnectorError,
    NotFound,
    Rejected,
)
from .mock import MockAgencies, MockError
from .operations import Operation
from .settings import Settings

if TYPE_CHECKING:  # httpx loads with the first HTTP backend: in-process mode never needs it
    import httpx

log = logging.getLogger(__name__)

#: an attempt with less time than this left is not started
MIN_ATTEMPT_SECONDS = 0.02
USER_AGENT = "e-Belediye-connectors/1.0"


class Backend(Protocol):
    def call(self, op: Operation, args: dict, *, deadline: float, context: dict | None = None) -> dict:
        """Perform ``op``; return the agency's JSON object or raise a ConnectorError."""


def error_from_body(op: Operation, status: int, body: object) -> ConnectorError:
    """The error an agency's 4xx answer stands for (its ``{"error": {...}}`` body)."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict) or not isinstance(error.get("code"), str):
        return BadResponse(op.agency, detail=f"HTTP {status} without an error body")
    code = error["code"]
    text_tr = error.get("message_tr") if isinstance(error.get("message_tr"), str) else None
    text_en = error.get("message_en") if isinstance(error.get("message_en"), str) else None
    if status == 404 and code == "not_found":
        return NotFound(op.agency, detail=text_en)
    if status in (400, 409, 422):
        # The agency's own reason is what the clerk needs ("kişi zaten evli").
        return Rejected(op.agency, (text_tr or "")[:300] or None, (text_en or "")[:300] or None, reason=code,
                        detail=f"HTTP {status} {code}")
    return BadResponse(op.agency, detail=f"HTTP {status} {code}")


class InProcessBackend:
    """Calls the mock agencies in this process; JSON round trips keep types honest."""

    def __init__(self, agencies: MockAgencies) -> None:
        self.agencies = agencies

    def call(self, op: Operation, args: dict, *, deadline: float, context: dict | None = None) -> dict:
        wire_args = json.loads(json.dumps(args))
        try:
            result = self.agencies.handle(op.agency, op.name, wire_args)
        except MockError as exc:
            raise error_from_body(op, exc.status, exc.body()) from None
        return json.loads(json.dumps(result))


class _Retryable(Exception):
    """Internal: wraps an error that a retry may cure (idempotent calls only)."""

    def __init__(self, error: ConnectorError) -> None:
        super().__init__(str(error))
        self.error = error


class _OutOfTime(stop_base):
    """Stop retrying when the next attempt could not finish before the call's deadline."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline

    def __call__(self, retry_state: RetryCallState) -> bool:
        return time.monotonic() + retry_state.upcoming_sleep + MIN_ATTEMPT_SECONDS >= self.deadline


class HttpBackend:
    """One agency over HTTP (httpx), with timeouts, retries and a circuit breaker."""

    def __init__(self, agency: str, settings: Settings, *, breaker: CircuitBreaker | None = None,
                 client: httpx.Client | None = None, sleep=time.sleep) -> None:
        self.agency = agency
        self.settings = settings
        import httpx

        self.breaker = breaker or CircuitBreaker(settings.breaker_failures, settings.breaker_reset)
        self.client = client or httpx.Client(
            base_url=settings.url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            limits=httpx.Limits(max_connections=50, max_keepalive_connections=20), trust_env=False)
        self._sleep = sleep
        #: counters for health pages and benchmarks
        self.stats = {"calls": 0, "attempts": 0, "retries": 0, "failures": 0, "fast_failures": 0}

    def close(self) -> None:
        self.client.close()

    def call(self, op: Operation, args: dict, *, deadline: float, context: dict | None = None) -> dict:
        self.stats["calls"] += 1
        if not self.breaker.allow():
            self.stats["fast_failures"] += 1
            raise CircuitOpen(op.agency, detail="circuit open")
        try:
            result = self._with_retries(op, args, deadline, context or {})
        except (AgencyUnavailable, BadResponse) as exc:
            self.stats["failures"] += 1
            self.breaker.failure()
            raise exc from None
        except ConnectorError:
            self.breaker.success()  # the agency answered (not found, rejected): it is up
            raise
        self.breaker.success()
        return result

    def _with_retries(self, op: Operation, args: dict, deadline: float, context: dict) -> dict:
        attempts = 1 + (max(0, self.settings.retries) if op.idempotent else 0)
        request_id = context.get("request_id") or uuid.uuid4().hex
        headers = {"X-Request-Id": request_id}
        if context.get("tenant"):
            headers["X-Kurum"] = context["tenant"]
        if not op.idempotent:
            # Lets the agency (and an operator) recognise a resubmission of the same request.
            headers["Idempotency-Key"] = context.get("idempotency_key") or request_id

        out_of_time = _OutOfTime(deadline)

        retrying = Retrying(
            stop=stop_any(stop_after_attempt(attempts), out_of_time),
            wait=wait_random_exponential(multiplier=self.settings.backoff_base, max=self.settings.backoff_max),
            retry=retry_if_exception(lambda e: isinstance(e, _Retryable)),
            before_sleep=lambda state: self.stats.__setitem__("retries", self.stats["retries"] + 1),
            sleep=self._sleep,
            reraise=True,
        )
        try:
            return retrying(self._attempt, op, args, deadline, headers)
        except _Retryable as exc:
            raise exc.error from None

    def _attempt(self, op: Operation, args: dict, deadline: float, headers: dict) -> dict:
        import httpx

        self.stats["attempts"] += 1
        left = deadline - time.monotonic()
        if left < MIN_ATTEMPT_SECONDS:
            raise AgencyTimeout(op.agency, detail="budget spent before the attempt")
        s = self.settings
        timeout = httpx.Timeout(connect=min(s.connect_timeout, left), read=min(s.read_timeout, left),
                                write=min(s.read_timeout, left), pool=min(s.connect_timeout, left))
        path, rest = op.url(args)
        request: dict[str, Any] = {"params": rest} if op.method == "GET" else {"json": rest}
        unknown = not op.idempotent  # a change may have happened if the request went out
        try:
            with self.client.stream(op.method, path, headers=headers, timeout=timeout, **request) as response:
                status = response.status_code
                body = self._read(response, op, deadline)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            # Nothing was sent: retrying is safe even for a change, but only reads are retried.
            raise self._retryable(op, AgencyUnavailable(op.agency, detail=f"connect: {exc!r}")) from None
        except httpx.TimeoutException as exc:
            raise self._retryable(op, AgencyTimeout(op.agency, outcome_unknown=unknown, detail=repr(exc))) from None
        except httpx.TransportError as exc:
            raise self._retryable(op, AgencyUnavailable(op.agency, outcome_unknown=unknown, detail=repr(exc))) from None
        if status >= 500 or status == 429:
            raise self._retryable(op, AgencyUnavailable(op.agency, outcome_unknown=unknown and status != 503,
                                                        detail=f"HTTP {status}"))
        try:
            payload = json.loads(body)
        except ValueError:
            raise BadResponse(op.agency, detail=f"HTTP {status}: body is not JSON") from None
        if 200 <= status < 300:
            if not isinstance(payload, dict):
                raise BadResponse(op.agency, detail="body is not a JSON object")
            return payload
        raise error_from_body(op, status, payload)

    def _read(self, response: httpx.Response, op: Operation, deadline: float) -> bytes:
        import httpx

        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.settings.max_body_bytes:
                raise BadResponse(op.agency, detail="body too large")
            if time.monotonic() > deadline:
                raise httpx.ReadTimeout("call budget spent while reading the body")
            chunks.append(chunk)
        return b"".join(chunks)

    def _retryable(self, op: Operation, error: ConnectorError) -> Exception:
        return _Retryable(error) if op.idempotent else error
