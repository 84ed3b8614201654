"""URLs: where a redirect may go (one check for every ``?next=`` the app honours), and a
tenant's own address for links written outside a request (mail, SMS, jobs)."""

from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter

BIGINT_MAX = 2**63 - 1
#: the highest page number a list accepts (``inputs.PAGE_MAX`` too)
PAGE_MAX = 1_000_000
#: query arguments that name a page of a list (``security`` refuses one past ``PAGE_MAX``)
PAGE_ARGS = ("sayfa", "page")


class BigIntConverter(IntegerConverter):
    """``<int:id>`` bounded by PostgreSQL's bigint: ids past it do not match (404)."""

    def __init__(self, map: Any, fixed_digits: int = 0, min: int | None = None, max: int | None = None,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits, min, BIGINT_MAX if max is None else max, signed)


def is_local_path(target: str, prefix: str = "/") -> bool:
    """Whether ``target`` is a path on this host (under ``prefix``).

    ``//host`` leaves the host, and so do ``/\\host`` and ``/<tab>/host``: browsers read a
    backslash as a slash and drop tabs and newlines from URLs.
    """
    if not target.startswith(prefix) or not target.startswith("/"):
        return False
    return not (target.startswith("//") or "\\" in target
                or any(ord(c) < 0x20 or ord(c) == 0x7F for c in target))


def page_number(name: str = "sayfa") -> int:
    """The page a list is asked for: a whole number from 1 to ``PAGE_MAX`` (1 when absent
    or not a number; a larger one never reaches here, ``security`` refuses it)."""
    from flask import request

    raw = request.args.get(name, "")
    if not raw.isascii() or not raw.isdigit():
        return 1
    if len(raw.lstrip("0")) > len(str(PAGE_MAX)):
        return PAGE_MAX
    return min(max(1, int(raw)), PAGE_MAX)


def tenant_url(slug: str, path: str) -> str:
    """``path`` on the tenant's host (``<slug>.<BASE_DOMAIN>``), for a link in a mail or an
    SMS that a job writes with no request to take the host from."""
    from flask import current_app

    config = current_app.config
    scheme = "https" if config["SESSION_COOKIE_SECURE"] else "http"
    port = config.get("PUBLIC_PORT")
    return f"{scheme}://{slug}.{config['BASE_DOMAIN']}" + (f":{port}" if port else "") + path
