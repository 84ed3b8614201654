"""What the Gelir pages share: error display (the acting user and the day are ``ebelediye.web``'s)."""

from __future__ import annotations

from typing import Any

from flask import flash, jsonify
from werkzeug.datastructures import MultiDict

from ebelediye.parameters import ParameterMissing

from ..parametre import TarifeYok
from ..services import GelirError


def problem_message(exc: Exception) -> str:
    if isinstance(exc, GelirError):
        return exc.message
    if isinstance(exc, (ParameterMissing, TarifeYok)):
        return exc.message_tr
    return str(exc)


def flash_problem(exc: Exception) -> None:
    flash(problem_message(exc), "error")


def json_problem(exc: Exception):
    status = getattr(exc, "status", 422)
    errors = getattr(exc, "errors", {})
    return jsonify(code=status, message=problem_message(exc), errors=errors), status


def without_blanks(form: Any, *names: str) -> MultiDict:
    """The form without the optional fields left blank (so their defaults apply)."""
    data = MultiDict(form)
    for name in names:
        if not (data.get(name) or "").strip():
            data.pop(name, None)
    return data
