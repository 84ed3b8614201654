"""The municipality's calendar day.

Due dates, late fees and receipts are dated in Turkish time: a payment made at 01:30 in
Istanbul belongs to that day even though the server's clock (UTC) still shows the day
before.  Use ``today()`` wherever a rule depends on "today".
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_TIMEZONE = "Europe/Istanbul"


def timezone() -> ZoneInfo:
    name = current_app.config.get("BABEL_DEFAULT_TIMEZONE", DEFAULT_TIMEZONE) if has_app_context() else DEFAULT_TIMEZONE
    return ZoneInfo(name)


def now() -> datetime:
    return datetime.now(timezone())


def today() -> date:
    """Today in the municipality's time zone (Europe/Istanbul by default)."""
    return now().date()
