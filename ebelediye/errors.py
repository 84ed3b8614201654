"""Errors a user can fix, in one shape for pages, the API and the CLI.

A service refuses bad input or a forbidden change by raising a ``UserError`` (or a module's
subclass of it): a machine-readable ``code``, a translatable ``message`` and, where the
problem belongs to a field, ``errors`` keyed by field name.  Messages are written in Turkish
with ``lazy_gettext`` (``_l``) so they are translated when shown, in the reader's language,
not when raised in a service that knows nothing of the request.

One handler (``ebelediye.web``) turns any of them into the answer the caller expects:

- API: ``{"code": <http status>, "reason": code, "message": ..., "errors": {field: [...]}}``
  with 422, 404 or 409;
- pages: the form shown again with the field messages (``web.FormPage``), or a flash and a
  redirect back for a button that is not a form;
- CLI: the message on stderr and exit code 2.

In every case the unit of work rolls back: a refused change leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Mapping


class UserError(Exception):
    """Input a user can fix, or a change the rules forbid; nothing was written."""

    status: int = 422
    code: str = "invalid"

    def __init__(
        self,
        message: object,
        errors: Mapping[str, list[object] | object] | None = None,
        *,
        code: str | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.errors: dict[str, list[object]] = {
            str(name): (list(value) if isinstance(value, list | tuple) else [value])
            for name, value in (errors or {}).items()
        }
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status

    def __str__(self) -> str:
        return str(self.message)

    def field_messages(self) -> dict[str, list[str]]:
        """The field errors as plain strings, translated in the current language."""
        return {name: [str(m) for m in messages] for name, messages in self.errors.items()}

    def as_dict(self) -> dict:
        """The API's error body."""
        return {"code": self.status, "reason": self.code, "message": str(self.message),
                "errors": self.field_messages()}


class NotFound(UserError):
    """The record named does not exist (in this municipality)."""

    status = 404
    code = "not_found"


class Conflict(UserError):
    """The change collides with the current state (already done, closed, taken)."""

    status = 409
    code = "conflict"
