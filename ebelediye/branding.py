"""How a municipality looks in its pages and documents: its name, logo and colour.

The tenant admin sets them at /yonetim/kurum (``admin_views``); they live in the tenant's
own schema (``kurum_gorunumu``, one row). The header, the footer and the PDFs read them
through ``current()``. A colour is accepted only when white text on it reaches WCAG AA
(4.5:1), so no municipality can make its header unreadable; a logo only as a PNG or JPEG
that Pillow opens and re-encodes (no SVG: it can carry script), at most 256 KB and 1000 px.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from dataclasses import dataclass
from datetime import datetime

from flask import g, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import BigInteger, DateTime, Identity, LargeBinary, String, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from . import audit, tenancy
from .errors import UserError
from .extensions import Model, db

log = logging.getLogger(__name__)

MAX_LOGO_BYTES = 256 * 1024
MAX_LOGO_SIDE = 1000
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
MIN_CONTRAST = 4.5
#: the header's colour when the municipality chose none (ebelediye.css: --eb-brand)
DEFAULT_COLOUR = "#0a4a7f"


class KurumGorunumu(Model):
    """The tenant's look (one row): display name, colour and logo."""

    __tablename__ = "kurum_gorunumu"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    gorunen_ad: Mapped[str | None] = mapped_column(String(120))
    renk: Mapped[str | None] = mapped_column(String(7))
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    logo_turu: Mapped[str | None] = mapped_column(String(20))
    logo_ozet: Mapped[str | None] = mapped_column(String(64))
    guncelleyen: Mapped[str | None] = mapped_column(String(254))
    guncellendi: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), onupdate=func.now())


@dataclass(frozen=True)
class Brand:
    """What the header, the footer and the PDFs show for the bound tenant."""

    name: str
    colour: str | None = None
    logo_url: str | None = None
    #: the name the ministry registered (shown beside a display name the tenant chose)
    registered_name: str = ""


def _refuse(field: str, message: object) -> UserError:
    return UserError(message, {field: message})


def _row() -> KurumGorunumu | None:
    return db.session.scalar(select(KurumGorunumu).order_by(KurumGorunumu.id).limit(1))


def current() -> Brand | None:
    """The bound tenant's brand (read once per request), or None outside a tenant."""
    bound = tenancy.current_tenant()
    tenant = bound or g.get("tenant")
    if tenant is None:
        return None
    if bound is None:  # a tenant's 503/404 page: nothing of its schema is read
        return Brand(name=tenant.name, registered_name=tenant.name)
    cached = g.get("ebelediye_brand")
    if cached is not None and cached[0] == tenant.slug:
        return cached[1]
    try:
        row = _row()
    except SQLAlchemyError:  # an error page after a failed statement: show the registered name
        log.warning("branding of %s not readable", tenant.slug, exc_info=True)
        return Brand(name=tenant.name, registered_name=tenant.name)
    logo_url = url_for("portal.logo", v=row.logo_ozet[:12]) if row is not None and row.logo_ozet else None
    brand = Brand(name=(row.gorunen_ad if row is not None and row.gorunen_ad else tenant.name),
                  colour=row.renk if row is not None else None, logo_url=logo_url, registered_name=tenant.name)
    g.ebelediye_brand = (tenant.slug, brand)
    return brand


def logo() -> tuple[bytes, str, str] | None:
    """The bound tenant's logo as (bytes, mimetype, digest), or None."""
    row = _row()
    if row is None or row.logo is None:
        return None
    return row.logo, row.logo_turu or "application/octet-stream", row.logo_ozet or ""


def document_header() -> tuple[str, bytes | None]:
    """The name and the logo (PNG/JPEG bytes or None) for a receipt's or a letter's heading."""
    tenant = tenancy.require_tenant()
    row = _row()
    name = row.gorunen_ad if row is not None and row.gorunen_ad else tenant.name
    return name, (row.logo if row is not None else None)


def contrast_with_white(colour: str) -> float:
    """WCAG 2 contrast ratio of white text on ``#rrggbb``."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def _checked_colour(value: str) -> str | None:
    value = (value or "").strip().lower()
    if not value:
        return None
    if not re.fullmatch(r"#[0-9a-f]{6}", value):
        raise _refuse("renk", _l("Renk #RRGGBB biçiminde olmalı, ör. #0a4a7f."))
    ratio = contrast_with_white(value)
    if ratio < MIN_CONTRAST:
        raise _refuse("renk", _l("Bu renk üzerinde beyaz yazı okunmuyor (karşıtlık %(r)s:1, en az 4,5:1 gerekli); "
                                 "daha koyu bir renk seçin.", r=f"{ratio:.1f}".replace(".", ",")))
    return value


def _checked_logo(data: bytes) -> tuple[bytes, str]:
    """The logo re-encoded by Pillow (which drops anything but pixels) and its mimetype."""
    from PIL import Image, UnidentifiedImageError

    if len(data) > MAX_LOGO_BYTES:
        raise _refuse("logo", _l("Logo en çok 256 KB olabilir."))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        kind = image.format
        if kind not in LOGO_TYPES:
            raise _refuse("logo", _l("Logo PNG ya da JPEG olmalı."))
        if max(image.size) > MAX_LOGO_SIDE or min(image.size) < 16:
            raise _refuse("logo", _l("Logo 16 ile 1000 piksel arasında olmalı."))
        image.load()
        out = io.BytesIO()
        if kind == "JPEG":
            image.convert("RGB").save(out, "JPEG", quality=90)
        else:
            image.save(out, "PNG", optimize=True)
    except UserError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise _refuse("logo", _l("Dosya bir resim olarak açılamadı; PNG ya da JPEG yükleyin.")) from None
    return out.getvalue(), LOGO_TYPES[kind]


def save(actor: str, name: str, colour: str, logo_data: bytes | None, remove_logo: bool) -> None:
    """Set the bound tenant's display name, colour and (new or removed) logo, audited."""
    name = (name or "").strip()
    if len(name) > 120:
        raise _refuse("gorunen_ad", _l("Görünen ad en çok 120 karakter olabilir."))
    checked_colour = _checked_colour(colour)
    new_logo = _checked_logo(logo_data) if logo_data else None
    row = _row()
    if row is None:
        row = KurumGorunumu()
        db.session.add(row)
    before = {"gorunen_ad": row.gorunen_ad, "renk": row.renk, "logo": row.logo_ozet}
    row.gorunen_ad = name or None
    row.renk = checked_colour
    if new_logo is not None:
        row.logo, row.logo_turu = new_logo
        row.logo_ozet = hashlib.sha256(new_logo[0]).hexdigest()
    elif remove_logo:
        row.logo = row.logo_turu = row.logo_ozet = None
    row.guncelleyen = actor
    after = {"gorunen_ad": row.gorunen_ad, "renk": row.renk, "logo": row.logo_ozet}
    db.session.flush()
    g.pop("ebelediye_brand", None)
    audit.record("kurum.gorunum", actor=actor, realm="staff", object_type="kurum_gorunumu", object_id=row.id,
                 before=before, after=after)
