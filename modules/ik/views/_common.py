"""What İK's pages share: a file download."""

from __future__ import annotations

from flask import Response


def dosya(data: bytes | str, name: str, mimetype: str) -> Response:
    body = data.encode("utf-8-sig") if isinstance(data, str) else data
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})
