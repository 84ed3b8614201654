"""What the Gelir pages share: the acting user, error display, money parsing."""

from __future__ import annotations

from datetime import date

from flask import flash, jsonify
from flask_login import current_user

from ebelediye import clock
from ebelediye.parameters import ParameterMissing

from ..parametre import TarifeYok
from ..services import GelirError


def actor() -> str:
    return current_user.email


def today() -> date:
    """The municipality's day (Europe/Istanbul), not the server's."""
    return clock.today()


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
