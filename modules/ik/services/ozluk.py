"""A person's özlük dosyası: documents (PDF, JPEG, PNG) kept in the tenant's schema.

- The type is read from the file's first bytes, never from its name or the browser's
  content type: ``%PDF-``, JPEG's SOI marker, PNG's signature.  Anything else (an .exe or
  an HTML page renamed .pdf) is refused.  The stored name is sanitised and takes the
  extension of the type found.
- At most ``ik_ayarlari.belge_azami_mb`` MB (default 5); the same file (SHA-256) once per
  person.
- Never deleted: a superseded or withdrawn document is marked "geçersiz" once, with who,
  when and why, and stays listed.  The database refuses any other change (trigger).
- Kinds: the seed's usual ones and the office's own (``tur_ekle``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ebelediye import audit, clock
from ebelediye.errors import NotFound
from ebelediye.extensions import db

from ..models import BelgeTuru, Personel, PersonelBelgesi
from . import IkError, ayarlar

#: the largest size the settings page may choose (MB)
EN_BUYUK_MB = 10
#: documents whose validity ends within this many days are on the "ending soon" list
YAKLASAN_GUN = 30
UZANTILAR = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def icerik_turu(data: bytes) -> str | None:
    """The content type the bytes are (PDF, JPEG or PNG), or None."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None


def dosya_adi(name: str, tur: str) -> str:
    """A name safe in a Content-Disposition header and a file system: the last path part,
    letters (Turkish ones too), digits, space, dot, dash and underscore only, at most 100
    characters, with the extension of the type the bytes are."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = "".join(c if (c.isalnum() or c in " -_") else "_" for c in stem)
    stem = re.sub(r"[\s_]+", lambda m: "_" if "_" in m.group() else " ", stem).strip(" ._-")[:100]
    return f"{stem or 'belge'}.{UZANTILAR[tur]}"


def azami_bayt() -> int:
    return int(ayarlar().belge_azami_mb) * 1024 * 1024


# --- kinds ------------------------------------------------------------------------------------

def turler() -> list[BelgeTuru]:
    return list(db.session.scalars(select(BelgeTuru).order_by(BelgeTuru.id)))


def _kod(ad: str) -> str:
    folded = unicodedata.normalize("NFKD", ad.replace("ı", "i").replace("İ", "i")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", folded.lower()).strip("_")[:30] or "tur"


def tur_ekle(ad: str, *, actor: str, sureli: bool = False) -> BelgeTuru:
    """A kind of document of the office's own."""
    ad = ad.strip()
    if not ad:
        raise IkError(_l("Belge türünün adı girilmeli."), {"ad": [_l("Belge türünün adı girilmeli.")]})
    if db.session.scalar(select(BelgeTuru.id).where(func.lower(BelgeTuru.ad) == ad.lower())) is not None:
        raise IkError(_l("Bu adla bir belge türü var."), {"ad": [_l("Bu adla bir belge türü var.")]})
    kod, n = _kod(ad), 1
    taken = set(db.session.scalars(select(BelgeTuru.kod).where(BelgeTuru.kod.like(f"{kod}%"))))
    unique = kod
    while unique in taken:
        n += 1
        unique = f"{kod}_{n}"
    row = BelgeTuru(kod=unique, ad=ad[:120], sureli=sureli, olusturan=actor)
    db.session.add(row)
    db.session.flush()
    audit.record("ik.belge_turu.ekle", actor=actor, object_type="ik_belge_turu", object_id=row.id,
                 after={"kod": row.kod, "ad": row.ad, "sureli": sureli})
    return row


# --- documents --------------------------------------------------------------------------------

def yukle(personel_id: int, data: bytes, ad: str, *, tur_id: int, belge_tarihi: date, actor: str,
          gecerlilik_bitis: date | None = None, aciklama: str = "") -> PersonelBelgesi:
    """Put a document in a person's file (refused: not PDF/JPEG/PNG by its bytes, too large,
    empty, already in the file, a validity end before the document's date)."""
    p = db.session.scalar(select(Personel).where(Personel.id == personel_id).with_for_update())
    if p is None:
        raise NotFound(_l("Personel bulunamadı."))
    tur = db.session.get(BelgeTuru, tur_id)
    if tur is None:
        raise IkError(_l("Bilinmeyen belge türü."), {"tur_id": [_l("Bilinmeyen belge türü.")]})
    limit = azami_bayt()
    if not data:
        raise IkError(_l("Dosya boş."), {"dosya": [_l("Dosya boş.")]})
    if len(data) > limit:
        raise IkError(_l("Dosya çok büyük: en çok %(mb)s MB yüklenebilir.", mb=limit // (1024 * 1024)),
                      {"dosya": [_l("En çok %(mb)s MB.", mb=limit // (1024 * 1024))]})
    kind = icerik_turu(data)
    if kind is None:
        raise IkError(_l("Yalnızca PDF, JPEG ya da PNG belgeler yüklenebilir (dosyanın içeriği bunlardan biri "
                         "değil)."), {"dosya": [_l("PDF, JPEG ya da PNG olmalı.")]})
    if gecerlilik_bitis is not None and gecerlilik_bitis < belge_tarihi:
        raise IkError(_l("Geçerlilik bitişi belge tarihinden önce olamaz."),
                      {"gecerlilik_bitis": [_l("Geçerlilik bitişi belge tarihinden önce olamaz.")]})
    digest = hashlib.sha256(data).hexdigest()
    same = db.session.scalar(select(PersonelBelgesi.id).where(PersonelBelgesi.personel_id == p.id,
                                                              PersonelBelgesi.sha256 == digest))
    if same is not None:
        raise IkError(_l("Bu dosya kişinin özlük dosyasında zaten var (belge %(no)s).", no=same),
                      {"dosya": [_l("Aynı dosya zaten yüklenmiş.")]}, status=409)
    row = PersonelBelgesi(personel_id=p.id, tur_id=tur.id, dosya_adi=dosya_adi(ad, kind), icerik_turu=kind,
                          boyut=len(data), sha256=digest, icerik=data, belge_tarihi=belge_tarihi,
                          gecerlilik_bitis=gecerlilik_bitis, aciklama=aciklama.strip()[:500], olusturan=actor)
    db.session.add(row)
    db.session.flush()
    audit.record("ik.belge.yukle", actor=actor, object_type="ik_personel", object_id=p.id,
                 after={"belge": row.id, "tur": tur.kod, "dosya_adi": row.dosya_adi, "icerik_turu": kind,
                        "boyut": row.boyut, "sha256": digest, "belge_tarihi": belge_tarihi.isoformat(),
                        "gecerlilik_bitis": gecerlilik_bitis.isoformat() if gecerlilik_bitis else None})
    return row


def belgeler(personel_id: int, *, tur_id: int | None = None, sayfa: int = 1,
             boyut: int = 20) -> tuple[list[tuple[PersonelBelgesi, BelgeTuru]], int]:
    """A page of a person's documents, newest first (withdrawn ones too), and how many."""
    where = [PersonelBelgesi.personel_id == personel_id]
    if tur_id is not None:
        where.append(PersonelBelgesi.tur_id == tur_id)
    total = db.session.scalar(select(func.count()).select_from(PersonelBelgesi).where(*where)) or 0
    rows = db.session.execute(
        select(PersonelBelgesi, BelgeTuru).join(BelgeTuru, BelgeTuru.id == PersonelBelgesi.tur_id).where(*where)
        .order_by(PersonelBelgesi.created_at.desc(), PersonelBelgesi.id.desc())
        .limit(boyut).offset((sayfa - 1) * boyut)).all()
    return list(rows), total


def belge(personel_id: int, belge_id: int) -> PersonelBelgesi:
    """One of the person's documents (another person's id is not found)."""
    row = db.session.scalar(select(PersonelBelgesi).where(PersonelBelgesi.id == belge_id,
                                                          PersonelBelgesi.personel_id == personel_id))
    if row is None:
        raise NotFound(_l("Belge bulunamadı."))
    return row


def gecersiz_kil(personel_id: int, belge_id: int, neden: str, *, actor: str) -> PersonelBelgesi:
    """Mark a document "geçersiz" (superseded or withdrawn): once, with a reason; it stays."""
    row = db.session.scalar(select(PersonelBelgesi).where(PersonelBelgesi.id == belge_id,
                                                          PersonelBelgesi.personel_id == personel_id)
                            .with_for_update())
    if row is None:
        raise NotFound(_l("Belge bulunamadı."))
    if row.gecersiz_at is not None:
        raise IkError(_l("Bu belge zaten geçersiz kılınmış."), status=409)
    if not neden.strip():
        raise IkError(_l("Geçersiz kılma nedeni girilmeli."), {"neden": [_l("Geçersiz kılma nedeni girilmeli.")]})
    row.gecersiz_at, row.gecersiz_eden, row.gecersiz_nedeni = clock.now(), actor[:200], neden.strip()[:300]
    db.session.flush()
    audit.record("ik.belge.gecersiz", actor=actor, object_type="ik_personel", object_id=personel_id,
                 before={"belge": row.id, "gecersiz": False},
                 after={"belge": row.id, "gecersiz": True, "neden": row.gecersiz_nedeni})
    return row


def yaklasanlar(gun: date, *, sayfa: int = 1, boyut: int = 25,
                gun_sayisi: int = YAKLASAN_GUN) -> tuple[list[tuple[PersonelBelgesi, BelgeTuru, Personel]], int]:
    """Documents in force whose validity ends from ``gun`` to ``gun_sayisi`` days later, of
    staff still working, soonest first; and how many."""
    where = (PersonelBelgesi.gecersiz_at.is_(None), PersonelBelgesi.gecerlilik_bitis >= gun,
             PersonelBelgesi.gecerlilik_bitis <= gun + timedelta(days=gun_sayisi), Personel.ayrilis_tarihi.is_(None))
    base = select(PersonelBelgesi, BelgeTuru, Personel).join(BelgeTuru, BelgeTuru.id == PersonelBelgesi.tur_id) \
        .join(Personel, Personel.id == PersonelBelgesi.personel_id).where(*where)
    total = db.session.scalar(select(func.count()).select_from(PersonelBelgesi)
                              .join(Personel, Personel.id == PersonelBelgesi.personel_id).where(*where)) or 0
    rows = db.session.execute(base.order_by(PersonelBelgesi.gecerlilik_bitis, PersonelBelgesi.id)
                              .limit(boyut).offset((sayfa - 1) * boyut)).all()
    return list(rows), total


__all__ = ["EN_BUYUK_MB", "YAKLASAN_GUN", "azami_bayt", "belge", "belgeler", "dosya_adi", "gecersiz_kil",
           "icerik_turu", "tur_ekle", "turler", "yaklasanlar", "yukle"]
