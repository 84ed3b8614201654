"""What Evlendirme's pages share: redirects back to a file."""

from __future__ import annotations

from flask import redirect, url_for


def to_file(basvuru_id: int, anchor: str = ""):
    return redirect(url_for("evlendirme.basvuru", basvuru_id=basvuru_id) + (f"#{anchor}" if anchor else ""), 303)
