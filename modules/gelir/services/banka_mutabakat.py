"""A contracted bank's day (mutabakat): its payments with the count and total of those that
stand, per-bank daily totals for the staff, the reconciliation file, and the comparison of
the bank's own list (the same file, sent back) with ours: matched, missing, extra,
differing amounts."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, text

from ebelediye import audit
from ebelediye.exports import csv_row
from ebelediye.extensions import db

from ..models import Banka, BankaTahsilati, Tahsilat
from . import GelirError

#: the reconciliation file's columns (the bank's upload is read by the same names)
SUTUNLAR = ("banka_referans", "makbuz_no", "tarih", "mukellef_no", "tutar", "durum")


@dataclass
class Mutabakat:
    """A bank's payments of a day: every row (cancelled ones too), and the count and total
    of those that stand."""

    banka: Banka
    gun: date
    satirlar: list[dict]
    adet: int
    toplam: Decimal
    iptal_adet: int


def mutabakat(bank: Banka, gun: date, *, actor: str | None = None) -> Mutabakat:
    """The day's payments of a bank (a bank asking, with ``actor``, is audited)."""
    if actor is not None:
        audit.record("gelir.banka.mutabakat_sorgu", actor=actor, realm="staff", object_type="banka",
                     object_id=bank.id, after={"gun": gun.isoformat()})
    rows = db.session.execute(
        select(BankaTahsilati, Tahsilat.makbuz_no).join(Tahsilat, Tahsilat.id == BankaTahsilati.tahsilat_id)
        .where(BankaTahsilati.banka_id == bank.id, BankaTahsilati.tarih == gun).order_by(BankaTahsilati.id)).all()
    lines = [{"banka_referans": r.referans, "makbuz_no": no, "tarih": r.tarih, "mukellef_no": r.mukellef_id,
              "tutar": r.tutar, "durum": "iptal" if r.iptal_tahsilat_id else "odendi"} for r, no in rows]
    standing = [r.tutar for r, _no in rows if r.iptal_tahsilat_id is None]
    return Mutabakat(bank, gun, lines, len(standing), sum(standing, Decimal("0.00")), len(lines) - len(standing))


def gunluk_toplamlar(bas: date, bit: date) -> list[dict]:
    """Per bank and day: the count and total of the payments that stand, and the cancelled."""
    rows = db.session.execute(text("""
        SELECT b.id AS banka_id, b.kod, b.ad, t.tarih,
               count(*) FILTER (WHERE t.iptal_tahsilat_id IS NULL) AS adet,
               COALESCE(sum(t.tutar) FILTER (WHERE t.iptal_tahsilat_id IS NULL), 0) AS toplam,
               count(*) FILTER (WHERE t.iptal_tahsilat_id IS NOT NULL) AS iptal_adet
        FROM banka_tahsilatlari t JOIN bankalar b ON b.id = t.banka_id
        WHERE t.tarih BETWEEN :bas AND :bit
        GROUP BY b.id, b.kod, b.ad, t.tarih ORDER BY t.tarih DESC, b.ad"""), {"bas": bas, "bit": bit})
    return [dict(r) for r in rows.mappings()]


def mutabakat_csv(m: Mutabakat) -> bytes:
    """The reconciliation file: ``;``-separated, UTF-8 with a BOM, amounts with a dot (the
    same file the bank sends back), every cell through the formula guard; a last line with
    the count and total."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(csv_row(SUTUNLAR))
    for line in m.satirlar:
        writer.writerow(csv_row([line["banka_referans"], line["makbuz_no"], line["tarih"].isoformat(),
                                 str(line["mukellef_no"]), f"{line['tutar']:.2f}", line["durum"]]))
    writer.writerow(csv_row(["TOPLAM", str(m.adet), m.gun.isoformat(), "", f"{m.toplam:.2f}", ""]))
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


@dataclass
class Karsilastirma:
    """The bank's list against ours: matched, missing from the bank's (ours only), extra in
    the bank's (not ours), and those whose amount differs."""

    eslesen: list[dict] = field(default_factory=list)
    eksik: list[dict] = field(default_factory=list)
    fazla: list[dict] = field(default_factory=list)
    farkli: list[dict] = field(default_factory=list)

    @property
    def tutarli(self) -> bool:
        return not (self.eksik or self.fazla or self.farkli)


#: the most lines a bank's file may have (a day of a large bank fits many times over)
EN_COK_SATIR = 100_000


def banka_listesi(content: bytes) -> dict[str, Decimal]:
    """The bank's own list (our file's shape; ``banka_referans`` and ``tutar`` are read, a
    ``TOPLAM`` line and cancelled lines are skipped): reference → amount."""
    try:
        text_ = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GelirError(_l("Dosya UTF-8 olmalı."), {"dosya": [_l("Dosya okunamadı.")]}) from None
    if "\x00" in text_:
        raise GelirError(_l("Dosya okunamadı."), {"dosya": [_l("Dosyada geçersiz karakter var.")]})
    reader = csv.DictReader(io.StringIO(text_), delimiter=";")
    if not reader.fieldnames or not {"banka_referans", "tutar"} <= {f.strip() for f in reader.fieldnames}:
        raise GelirError(_l("Dosyanın ilk satırı sütun adları olmalı (banka_referans;...;tutar)."),
                         {"dosya": [_l("banka_referans ve tutar sütunları yok.")]})
    out: dict[str, Decimal] = {}
    for number, line in enumerate(reader, start=2):
        if number > EN_COK_SATIR:
            raise GelirError(_l("Dosyada çok fazla satır var."), {"dosya": [_l("En çok 100.000 satır.")]})
        line = {(k or "").strip(): (v or "").strip() for k, v in line.items()}
        referans = line.get("banka_referans", "").lstrip("'")
        if not referans or referans == "TOPLAM" or line.get("durum") == "iptal":
            continue
        try:
            amount = Decimal(line.get("tutar", "").replace(",", "."))
        except InvalidOperation:
            amount = Decimal("NaN")
        if not amount.is_finite() or abs(amount) >= Decimal("1e16"):
            raise GelirError(_l("%(satir)s. satırın tutarı geçersiz.", satir=number),
                             {"dosya": [_l("Tutar 1234.56 biçiminde olmalı.")]})
        if referans in out:
            raise GelirError(_l("%(ref)s referansı dosyada iki kez var.", ref=referans[:64]),
                             {"dosya": [_l("Her referans bir kez yer almalı.")]})
        out[referans] = amount.quantize(Decimal("0.01"))
    return out


def karsilastir(m: Mutabakat, content: bytes, *, actor: str) -> Karsilastirma:
    """Match the bank's uploaded list against the day's payments that stand (audited)."""
    theirs = banka_listesi(content)
    ours = {line["banka_referans"]: line for line in m.satirlar if line["durum"] == "odendi"}
    result = Karsilastirma()
    for referans, line in ours.items():
        if referans not in theirs:
            result.eksik.append(line)
        elif theirs[referans] != line["tutar"]:
            result.farkli.append({**line, "banka_tutari": theirs[referans]})
        else:
            result.eslesen.append(line)
    result.fazla = [{"banka_referans": r, "tutar": a} for r, a in theirs.items() if r not in ours]
    audit.record("gelir.banka.mutabakat", actor=actor, realm="staff", object_type="banka", object_id=m.banka.id,
                 after={"gun": m.gun.isoformat(), "eslesen": len(result.eslesen), "eksik": len(result.eksik),
                        "fazla": len(result.fazla), "farkli": len(result.farkli)})
    return result
