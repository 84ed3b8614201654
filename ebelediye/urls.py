"""Where a redirect may go: one check for every ``?next=`` the app honours."""

from __future__ import annotations


def is_local_path(target: str, prefix: str = "/") -> bool:
    """Whether ``target`` is a path on this host (under ``prefix``).

    ``//host`` leaves the host, and so do ``/\\host`` and ``/<tab>/host``: browsers read a
    backslash as a slash and drop tabs and newlines from URLs.
    """
    if not target.startswith(prefix) or not target.startswith("/"):
        return False
    return not (target.startswith("//") or "\\" in target
                or any(ord(c) < 0x20 or ord(c) == 0x7F for c in target))
