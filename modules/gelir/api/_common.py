"""Turning a service's refusal into the platform's API error shape."""

from __future__ import annotations

from flask_smorest import abort

from ebelediye.parameters import ParameterMissing

from ..parametre import TarifeYok
from ..services import GelirError

PROBLEMS = (GelirError, ParameterMissing, TarifeYok)


def fail(exc: Exception):
    """Answer ``{code, message, errors}``: 422 unless the service said otherwise (the 4xx rolls the
    request's unit of work back)."""
    status = getattr(exc, "status", 422)
    message = getattr(exc, "message", None) or getattr(exc, "message_tr", None) or str(exc)
    abort(status, message=message, messages=getattr(exc, "errors", {}) or {})
