"""What the letterhead tests read out of a PDF: its text and its image XObjects (also those
inside form XObjects, where the İK payslips draw the logo once for every page)."""

from __future__ import annotations

import io

from PIL import Image
from pypdf import PdfReader

from ebelediye import branding
from ebelediye.extensions import db
from tenants import services

#: the two tenants' logos: distinct sizes, so a PDF's image tells whose logo it is
LOGOS = {"alfa": ((60, 30), (200, 20, 20)), "beta": ((40, 40), (20, 20, 200))}


def png(slug: str) -> bytes:
    size, colour = LOGOS[slug]
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def upload_logo(slug: str, remove: bool = False) -> None:
    with services.bound(slug):
        branding.save(f"admin@{slug}", "", "", None if remove else png(slug), remove)
        db.session.commit()  # leaving ``bound`` rolls back what is not committed


def text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def image_sizes(pdf: bytes) -> set[tuple[int, int]]:
    """The pixel sizes of every image XObject the PDF's pages use."""
    sizes: set[tuple[int, int]] = set()

    def walk(resources) -> None:
        xobjects = (resources or {}).get("/XObject") or {}
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                sizes.add((int(obj["/Width"]), int(obj["/Height"])))
            elif obj.get("/Subtype") == "/Form":
                walk(obj.get("/Resources"))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        walk(page.get("/Resources"))
    return sizes


def assert_letterhead(make, slug: str = "alfa") -> None:
    """``make()`` (called with ``slug`` bound) gives a PDF: it shows the tenant's registered
    name; without a logo no image; once both tenants uploaded one, only its own."""
    for tenant in LOGOS:
        upload_logo(tenant, remove=True)
    with services.bound(slug):
        from ebelediye.tenancy import require_tenant

        name = require_tenant().name
        before = make()
    assert name in text(before)
    assert LOGOS[slug][0] not in image_sizes(before)
    other = "beta" if slug == "alfa" else "alfa"
    upload_logo(other)
    with services.bound(slug):
        assert LOGOS[other][0] not in image_sizes(make())  # another tenant's logo never appears
    upload_logo(slug)
    with services.bound(slug):
        after = make()
    sizes = image_sizes(after)
    assert LOGOS[slug][0] in sizes, sizes
    assert LOGOS[slug][0] in sizes and LOGOS[other][0] not in sizes
    assert name in text(after)
    for tenant in LOGOS:
        upload_logo(tenant, remove=True)
