"""What İK's pages share: a pager over a count, a file download."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Response


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


def dosya(data: bytes | str, name: str, mimetype: str) -> Response:
    body = data.encode("utf-8-sig") if isinstance(data, str) else data
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})
