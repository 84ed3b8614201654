"""A circuit breaker per agency.

Closed: calls go through; ``failures`` agency failures in a row open it.  Open: calls are
refused at once (``CircuitOpen``) for ``reset_seconds``.  Half-open: one probe call goes
through while the others are still refused; its success closes the breaker, its failure
opens it again.  A probe that never reports (its thread died) expires after
``reset_seconds`` and another is let through.

Why not pybreaker: it counts every exception unless told otherwise (a "not found" must
not open the breaker), lets every concurrent caller through while half-open, and its
listener API is more than this needs.  This class is small enough to read in one go and
is tested directly.  State is per process, like pybreaker's default: each web worker
learns about a dead agency after ``failures`` calls of its own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half_open"


class CircuitBreaker:
    def __init__(self, failures: int = 5, reset_seconds: float = 30.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if failures < 1 or reset_seconds <= 0:
            raise ValueError("failures >= 1 and reset_seconds > 0")
        self.threshold = failures
        self.reset_seconds = reset_seconds
        self.clock = clock
        self._lock = threading.Lock()
        self._state = CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._probe_until = 0.0

    @property
    def state(self) -> str:
        with self._lock:
            if self._state == OPEN and self.clock() >= self._opened_at + self.reset_seconds:
                return HALF_OPEN
            return self._state

    def allow(self) -> bool:
        """Whether a call may go out now (in half-open, only the one probe)."""
        with self._lock:
            now = self.clock()
            if self._state == CLOSED:
                return True
            if self._state == OPEN:
                if now < self._opened_at + self.reset_seconds:
                    return False
                self._state = HALF_OPEN
            # half-open: one probe at a time
            if now < self._probe_until:
                return False
            self._probe_until = now + self.reset_seconds
            return True

    def success(self) -> None:
        with self._lock:
            self._state = CLOSED
            self._failures = 0
            self._probe_until = 0.0

    def failure(self) -> None:
        with self._lock:
            now = self.clock()
            if self._state == HALF_OPEN:
                self._open(now)
                return
            self._failures += 1
            if self._state == CLOSED and self._failures >= self.threshold:
                self._open(now)

    def _open(self, now: float) -> None:
        self._state = OPEN
        self._opened_at = now
        self._probe_until = 0.0

    def snapshot(self) -> dict:
        with self._lock:
            return {"state": self._state, "failures": self._failures}
