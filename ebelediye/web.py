"""What every page and API handler shares: who acts, the request's unit of work, one way
to answer a ``UserError``, form pages, and the Turkish formatting filters.

- ``actor()`` / ``actor_id()``: the signed-in user as the services and the audit want them.
- The request's unit of work: it opens before the view and commits after a successful
  response (status below 400); an error, a refused input or a ``UserError`` rolls it back.
- ``UserError`` anywhere below a view: the API answers ``{code, reason, message, errors}``
  with the error's status (422, 404, 409); a page shows the message (a flash and a redirect
  back for a button, the error page when there is nowhere to go back to).
- ``FormPage``: a form page's GET and POST in one place; a refused POST shows the form again
  with the values typed and a message under each wrong field (422).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from flask import Flask, Response, flash, g, jsonify, redirect, render_template, request
from flask_login import current_user
from marshmallow import Schema

from . import clock, formatting, uow
from .errors import UserError
from .extensions import db
from .inputs import load_form
from .urls import is_local_path


def actor() -> str:
    """The acting user as the audit and the services record it: a staff member's e-mail,
    ``ministry:<e-mail>``, ``vatandas:<masked TCKN>``, or ``anonim``."""
    if not getattr(current_user, "is_authenticated", False):
        return "anonim"
    realm = getattr(current_user, "realm", None)
    if realm == "citizen":
        return f"vatandas:{current_user.masked_tckn}"
    if realm == "ministry":
        return f"ministry:{current_user.email}"
    return str(current_user.email)


def actor_id() -> int | None:
    """The signed-in staff member's id (maker-checker rules compare ids), else None."""
    if getattr(current_user, "realm", None) == "staff" and current_user.is_authenticated:
        return int(current_user.id)
    return None


def today() -> date:
    """The municipality's day (Europe/Istanbul), not the server's."""
    return clock.today()


def wants_json() -> bool:
    return (request.path.startswith("/api/") or request.is_json
            or request.accept_mimetypes.best == "application/json")


# --- the request's unit of work -------------------------------------------------------

def _open_unit() -> None:
    g.pop("uow_failed", None)  # g outlives a request where a caller keeps the app context (tests)
    g._uow_token = uow.begin("request")


def _finish_unit(response: Any) -> Any:
    unit = uow.current()
    if unit is None or g.get("_uow_token") is None:
        return response
    if response.status_code < 400 and not g.get("uow_failed"):
        uow.commit(unit)
    else:
        uow.rollback()
    return response


def _close_unit(exc: BaseException | None) -> None:
    token = g.pop("_uow_token", None)
    if token is None:
        return
    if exc is not None:
        uow.rollback()
    uow.end(token)


def attachment(content: bytes, filename: str, mimetype: str, *, private: bool = False,
               fallback: str = "dosya") -> Response:
    """A download: ``filename`` as an ASCII fallback and in UTF-8 (RFC 6266 / 5987, so
    "sağlık raporu.pdf" keeps its letters), never sniffed; ``private`` keeps it out of every
    cache (a person's documents).  The name must already be safe (no path, no quotes);
    ``fallback`` is the ASCII name when it has no ASCII letters at all."""
    ascii_name = filename.encode("ascii", "ignore").decode().strip() or fallback
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    response.headers["X-Content-Type-Options"] = "nosniff"
    if private:
        response.headers["Cache-Control"] = "private, no-store"
    return response


def refuse(exc: UserError) -> Any:
    """Answer a ``UserError`` raised by a view or a service, after rolling back its unit."""
    g.uow_failed = True
    uow.rollback()
    if wants_json():
        return jsonify(exc.as_dict()), exc.status
    if exc.status == 404 or request.method in ("GET", "HEAD"):
        return render_template("error.html", code=exc.status, message=str(exc.message),
                               errors=exc.field_messages()), exc.status
    flash(str(exc.message), "error")
    for messages in exc.field_messages().values():
        for message in messages:
            flash(message, "error")
    back = _same_host_referrer()
    if back is None:
        return render_template("error.html", code=exc.status, message=str(exc.message),
                               errors=exc.field_messages()), exc.status
    return redirect(back, code=303)


def _same_host_referrer() -> str | None:
    referrer = request.referrer or ""
    parts = urlsplit(referrer)
    if parts.netloc and parts.netloc != request.host:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return path if path and is_local_path(path) else None


# --- form pages -------------------------------------------------------------------------

def query_string(values: dict[str, Any], *keys: str) -> str:
    """The non-empty ``keys`` of a list's filters as a URL-encoded query string, for the
    pager's links (a search for ``Ali & Veli`` or ``%50`` must survive the next page)."""
    return urlencode([(key, values[key]) for key in keys if values.get(key) not in (None, "")])


@dataclass(frozen=True)
class Pager:
    """What the core's ``pager`` macro reads (``ui/forms.html``), for a list whose service
    counted its rows: ``Pager(page, total, per_page)``."""

    page: int
    total: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


class FormPage:
    """A form page: render it, load its POST through the schema, show refusals in place.

    ::

        page = FormPage("gelir/mukellef/yeni.html", MukellefInput(), turler=TURLER)
        if page.submitted:
            with page.attempt():
                row = mukellef.kaydet(**page.load(), actor=actor())
                return redirect(url_for(".mukellef", mukellef_id=row.id))
        return page.render()

    A ``UserError`` inside ``attempt()`` undoes the attempt's writes (a savepoint), marks the
    request's unit for rollback and is shown by ``render()`` with its status (422, 409): the
    message on top (``message``), each field's messages under it (``errors``), the values
    as typed (``values``).  A ``NotFound`` is not a form problem and goes on to the 404 page.
    """

    def __init__(self, template: str, schema: Schema | None = None, *,
                 values: dict | None = None, **context: Any) -> None:
        self.template = template
        self.schema = schema
        self.context = context
        self.problem: UserError | None = None
        self.values: dict = dict(values or {})
        if self.submitted:
            self.values.update(request.form.to_dict())
            self.values.pop("csrf_token", None)

    @property
    def submitted(self) -> bool:
        return request.method == "POST"

    def load(self, schema: Schema | None = None) -> dict[str, Any]:
        return load_form(schema or self.schema)  # type: ignore[arg-type]

    @contextmanager
    def attempt(self) -> Iterator[None]:
        step = db.session.begin_nested()
        try:
            yield
        except UserError as exc:
            if step.is_active:
                step.rollback()
            if exc.status == 404:
                raise
            g.uow_failed = True
            self.problem = exc
        else:
            if step.is_active:
                step.commit()

    def fail(self, exc: UserError) -> None:
        """Show a refusal found by the view itself (a check before any service call)."""
        g.uow_failed = True
        self.problem = exc

    def render(self, **more: Any) -> Any:
        problem = self.problem
        page = render_template(
            self.template, values=self.values,
            errors=problem.field_messages() if problem else {},
            message=str(problem.message) if problem else None,
            **{**self.context, **more})
        return (page, problem.status) if problem else page


# --- wiring -----------------------------------------------------------------------------

def init_app(app: Flask) -> None:
    app.before_request(_open_unit)
    app.after_request(_finish_unit)
    app.teardown_request(_close_unit)
    app.register_error_handler(UserError, refuse)
    filters: dict[str, Callable[..., Any]] = {"tl": formatting.money, "sayi": formatting.plain, "yuzde": formatting.percent,
                                              "tarih": formatting.day, "zaman": formatting.moment}
    for name, function in filters.items():
        app.add_template_filter(function, name)
    app.jinja_env.finalize = formatting.shown
