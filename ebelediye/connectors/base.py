"""What every agency client does around a call: tenant, budget, cache, parsing, KVKK row."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from typing import ClassVar, TypeVar

from .. import tenancy
from . import kvkk
from .cache import ResultCache
from .errors import BadResponse, ConnectorError
from .operations import Operation, operation
from .purposes import Caller
from .settings import Settings
from .transport import Backend
from .types import Malformed

log = logging.getLogger(__name__)
T = TypeVar("T")


class AgencyClient:
    """Base of the five clients.  Subclasses validate their input, then call ``_call``."""

    agency: ClassVar[str]

    def __init__(self, backend: Backend, settings: Settings, cache: ResultCache | None = None) -> None:
        self.backend = backend
        self.settings = settings
        self.cache = cache

    def _call(self, name: str, args: dict, *, parse: Callable[[dict], T], caller: Caller | None = None,
              subject_id: str | None = None, subject_ref: str | None = None,
              related: Callable[[T], list[str]] | None = None, count: Callable[[T], int] | None = None,
              budget: float | None = None, idempotency_key: str | None = None) -> T:
        op = operation(self.agency, name)
        if op.personal and not isinstance(caller, Caller):
            raise TypeError(f"{op.key} reads personal data: pass caller=Caller(actor, purpose)")
        tenant = tenancy.require_tenant()
        started = time.monotonic()
        deadline = started + (self.settings.budget if budget is None else budget)
        request_id = uuid.uuid4().hex
        cached, outcome, result = False, "error", None
        try:
            payload = self._cached(op, tenant.slug, args)
            cached = payload is not None
            if payload is None:
                payload = self.backend.call(op, args, deadline=deadline, context={
                    "tenant": tenant.slug, "request_id": request_id, "idempotency_key": idempotency_key})
            try:
                result = parse(payload)
            except (Malformed, KeyError, TypeError, AttributeError, ValueError) as exc:
                raise BadResponse(self.agency, detail=f"{op.key}: {exc}") from None
            if not cached and self.cache is not None and op.cache:
                self.cache.set(tenant.slug, op.cache, args, payload)
            outcome = "ok"
            return result
        except ConnectorError as exc:
            outcome = exc.code
            raise
        finally:
            if op.personal:
                assert caller is not None
                kvkk.record(caller, agency=self.agency, operation=name, outcome=outcome,
                            duration_ms=round((time.monotonic() - started) * 1000), subject_id=subject_id,
                            subject_ref=subject_ref, cached=cached, request_id=request_id,
                            related_ids=related(result) if related and result is not None else None,
                            record_count=count(result) if count and result is not None else None)

    def _cached(self, op: Operation, slug: str, args: dict) -> dict | None:
        if self.cache is None or not op.cache:
            return None
        return self.cache.get(slug, op.cache, args)

    def _forget(self, name: str, args: dict) -> None:
        op = operation(self.agency, name)
        if self.cache is not None and op.cache:
            self.cache.forget(tenancy.require_tenant().slug, op.cache, args)
