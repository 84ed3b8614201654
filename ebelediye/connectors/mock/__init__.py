"""The mock agencies: KPS, Tapu, SGK, GİB and a bank's virtual POS over the synthetic
population, plus the state that requests change (marriages, notices, payments).

One implementation serves both the in-process mock (``InProcessBackend`` calls
``MockAgencies.handle`` directly) and the mock agency server (its routes call the same
method), so the contract tests compare transports, not two different mocks.

``handle`` takes and returns JSON-shaped dicts (strings for dates and money) and raises
``MockError`` with an HTTP status and a body ``{"error": {code, message_tr, message_en}}``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload
from zoneinfo import ZoneInfo

if TYPE_CHECKING:  # the population (Faker's name lists) loads with the first mock call, not at start-up
    from ..synthetic.population import Population

ISTANBUL = ZoneInfo("Europe/Istanbul")


class MockError(Exception):
    """An agency's refusal: HTTP status plus the error body the server sends."""

    def __init__(self, status: int, code: str, message_tr: str, message_en: str = "") -> None:
        self.status = status
        self.code = code
        self.message_tr = message_tr
        self.message_en = message_en or message_tr
        super().__init__(f"{status} {code}: {message_en or message_tr}")

    def body(self) -> dict:
        return {"error": {"code": self.code, "message_tr": self.message_tr, "message_en": self.message_en}}


def bad_request(what: str) -> MockError:
    return MockError(400, "gecersiz_istek", f"İstek geçersiz: {what}.", f"Invalid request: {what}.")


def not_found(what_tr: str = "Kayıt bulunamadı.", what_en: str = "No such record.") -> MockError:
    return MockError(404, "not_found", what_tr, what_en)


T = TypeVar("T")


@overload
def arg(args: dict, name: str) -> str: ...
@overload
def arg(args: dict, name: str, kind: type[T]) -> T: ...
def arg(args: dict, name: str, kind: type = str) -> Any:
    value = args.get(name)
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise bad_request(f"'{name}' eksik ya da hatalı")
    return value


@overload
def arg_date(args: dict, name: str, optional: Literal[False] = ...) -> date: ...
@overload
def arg_date(args: dict, name: str, optional: bool) -> date | None: ...
def arg_date(args: dict, name: str, optional: bool = False) -> date | None:
    value = args.get(name)
    if value in (None, "") and optional:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise bad_request(f"'{name}' YYYY-AA-GG biçiminde olmalı") from None


class MockAgencies:
    """All five mock agencies over one population, with their mutable state."""

    def __init__(self, population: Population, *, pos_secret: str, public_url: str = "http://127.0.0.1:5001",
                 clock: Callable[[], datetime] | None = None) -> None:
        from . import bank, land, people

        self.population = population
        self.pos_secret = pos_secret
        #: where browsers reach the mock server (3-D Secure pages)
        self.public_url = public_url.rstrip("/")
        self.clock = clock or (lambda: datetime.now(ISTANBUL))
        self.lock = threading.RLock()
        self._handlers: dict[str, Callable[[MockAgencies, dict], dict]] = {
            **{f"kps.{k}": v for k, v in people.KPS.items()},
            **{f"sgk.{k}": v for k, v in people.SGK.items()},
            **{f"gib.{k}": v for k, v in people.GIB.items()},
            **{f"tapu.{k}": v for k, v in land.TAPU.items()},
            **{f"pos.{k}": v for k, v in bank.POS.items()},
        }
        self.reset()

    def reset(self) -> None:
        """Forget every change made by requests (marriages, notices, payments) and every
        civil-registry event registered for tests (``civil``)."""
        from .civil import CivilRegistry

        with self.lock:
            self.civil = CivilRegistry()
            self.marriages: dict[str, dict] = {}
            self.marriage_requests: dict[str, dict] = {}
            self.sgk_events: dict[str, list[dict]] = {}
            self.declarations: dict[tuple[str, str, str], dict] = {}
            #: Vizite: reports planted by tests (rapor_no → report) and the employers' notices
            self.reports: dict[str, dict] = {}
            self.report_notices: dict[tuple[str, str], dict] = {}
            self.payments: dict[str, dict] = {}
            self.orders: dict[tuple[str, str], str] = {}
            self.counter = 0

    def next_number(self) -> int:
        with self.lock:
            self.counter += 1
            return self.counter

    def today(self) -> date:
        return self.clock().date()

    def handle(self, agency: str, name: str, args: dict) -> dict:
        handler = self._handlers.get(f"{agency}.{name}")
        if handler is None:
            raise MockError(404, "unknown_operation", "Bilinmeyen işlem.", "Unknown operation.")
        if not isinstance(args, dict):
            raise bad_request("gövde bir JSON nesnesi olmalı")
        return handler(self, args)
