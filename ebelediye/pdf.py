"""The municipality's letterhead on every PDF: its registered name and, when one was
uploaded, its logo.

``letterhead()`` reads the bound tenant's brand once (``branding.document_header``) and
decodes the logo once; a document — or a job that makes thousands of them — passes the
same ``Letterhead`` to every page.  Two ways to put it on a document:

- platypus (``SimpleDocTemplate``): ``flowables(lh, style)`` at the top of the story;
- a plain canvas (the İK payslips): ``draw(canvas, lh, ...)``, best inside a form XObject
  so that a thousand pages embed the logo once.

The logo is only ever the bytes stored by the upload (``branding.save`` re-encoded them
with Pillow); no path from user text reaches reportlab.  It is scaled to ``LOGO_HEIGHT``
(at most ``LOGO_MAX_WIDTH`` wide).  Names go through ``exports.pdf_text``.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from reportlab.lib.units import mm

from . import branding, exports, tenancy

log = logging.getLogger(__name__)

LOGO_HEIGHT = 18 * mm
LOGO_MAX_WIDTH = 60 * mm


@dataclass(frozen=True)
class Letterhead:
    """What a document's heading shows for one tenant."""

    #: the name the ministry registered (``tenants.name``)
    name: str
    #: the display name the tenant admin chose, when it differs from ``name``
    display: str | None = None
    #: the decoded logo (reportlab ``ImageReader``) and its drawn size in points
    logo: object | None = None
    #: the logo's stored bytes (what platypus' ``Image`` reads)
    data: bytes | None = None
    width: float = 0.0
    height: float = 0.0


def _logo(data: bytes | None) -> tuple[object | None, float, float]:
    if not data:
        return None, 0.0, 0.0
    from reportlab.lib.utils import ImageReader

    try:
        image = ImageReader(io.BytesIO(data))
        px_w, px_h = image.getSize()
    except Exception:  # noqa: BLE001 — a logo that no longer decodes must not stop a receipt
        log.warning("pdf: the stored logo does not decode; the letterhead shows the name only")
        return None, 0.0, 0.0
    if px_w <= 0 or px_h <= 0:
        return None, 0.0, 0.0
    height = LOGO_HEIGHT
    width = height * px_w / px_h
    if width > LOGO_MAX_WIDTH:
        width, height = LOGO_MAX_WIDTH, LOGO_MAX_WIDTH * px_h / px_w
    return image, width, height


def letterhead() -> Letterhead:
    """The bound tenant's letterhead (its name, display name and decoded logo)."""
    tenant = tenancy.require_tenant()
    display, data = branding.document_header()
    image, width, height = _logo(data)
    return Letterhead(name=tenant.name, display=display if display and display != tenant.name else None,
                      logo=image, data=data if image is not None else None, width=width, height=height)


def flowables(lh: Letterhead, style, small_style=None) -> list:
    """The letterhead as platypus flowables: the logo left of the name (and the display
    name under it, in ``small_style``)."""
    from reportlab.platypus import Image, Table, TableStyle

    text = [exports.paragraph(lh.name, style)]
    if lh.display:
        text.append(exports.paragraph(lh.display, small_style or style))
    if lh.data is None:
        return text
    image = Image(io.BytesIO(lh.data), width=lh.width, height=lh.height)
    table = Table([[image, text]], colWidths=[lh.width + 4 * mm, None], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (0, 0), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    return [table]


def draw(canvas, lh: Letterhead, x: float, top: float) -> float:
    """Draw the logo with its top-left corner at (``x``, ``top``) on a canvas; returns how
    far right the text may start (``x`` when there is no logo)."""
    if lh.logo is None:
        return x
    canvas.drawImage(lh.logo, x, top - lh.height, width=lh.width, height=lh.height, mask="auto")
    return x + lh.width + 4 * mm
