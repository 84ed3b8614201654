"""What Evlendirme's pages share: a pager over a count, redirects back to a file."""

from __future__ import annotations

from dataclasses import dataclass

from flask import redirect, url_for


@dataclass(frozen=True)
class Sayfa:
    """What the core's ``pager`` macro reads, for a list counted by the service."""

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


def to_file(basvuru_id: int, anchor: str = ""):
    return redirect(url_for("evlendirme.basvuru", basvuru_id=basvuru_id) + (f"#{anchor}" if anchor else ""), 303)
