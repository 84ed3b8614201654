"""The payslip (maaş bordrosu / ücret pusulası) as PDF (reportlab), one at a time or a whole
unit's payslips in one document.

Drawn on a reportlab canvas with a fixed layout, not laid out by platypus: a page is a few
dozen ``drawString`` calls and one ``grid``.  The fonts (Vera, embedded: its subset carries
the Turkish letters) are registered once per process, and a unit's document embeds them once
for all its pages — the subset dominated a one-page file (32 ms of the 51 ms it cost), so a
document per unit is what brings 10,000 payslips under a minute (docs/benchmarks.md).

User text is drawn as text: a canvas never parses markup, so ``<b>`` stays literal; control
characters are dropped and text too wide for its cell is cut with an ellipsis.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import func, select, type_coerce
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ebelediye import audit, jobs, pdf, uow
from ebelediye.errors import NotFound
from ebelediye.extensions import db
from ebelediye.tenancy import require_tenant

from .. import hesap
from ..models import Birim, Bordro, BordroBelgesi, BordroSatiri, Personel
from . import IkError

_FONT, _BOLD = "Vera", "VeraBd"
TURLER = {"memur": "Memur (657)", "isci": "İşçi (4857)", "sozlesmeli": "Sözleşmeli", "gecici": "Geçici"}
NOT = ("Gelir vergisi kümülatif matrah üzerinden (GVK m.103), asgari ücret istisnaları GVK m.23/18 ve "
       "DVK 2 sayılı tablo uyarınca uygulanmıştır.")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# geometry (points): A4 with 18 mm side and 16 mm top/bottom margins
_W, _H = A4
_LEFT, _RIGHT, _TOP, _BOTTOM = 18 * mm, _W - 18 * mm, _H - 16 * mm, 16 * mm
_ROW = 13.0  # a table row
_PAD = 3.0
_INFO = (30 * mm, 60 * mm, 30 * mm, 54 * mm)
_MONEY = (44 * mm, 43 * mm, 44 * mm, 43 * mm)
_STEPS = (140 * mm, 34 * mm)


def _fonts() -> None:
    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(_FONT, "Vera.ttf"))
        pdfmetrics.registerFont(TTFont(_BOLD, "VeraBd.ttf"))


def _text(value: object) -> str:
    return "" if value is None else _CONTROL.sub("", str(value))


def _fit(text: str, width: float, size: float, font: str = _FONT) -> str:
    """``text`` cut to ``width`` points (with an ellipsis) when it does not fit."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


@dataclass(frozen=True)
class Baslik:
    """What every page of one document shares: the municipality and the run."""

    kurum: str
    donem: str
    fark: bool
    #: the municipality's letterhead (its logo decoded once for a whole job)
    antet: pdf.Letterhead | None = None


@dataclass(frozen=True)
class Pusula:
    """What one payslip page shows (plain values, so a unit's pages come from one query)."""

    ad_soyad: str
    sicil_no: str
    birim: str
    tur: str
    iban: str
    gun: int
    para: tuple[Decimal, ...]  # in the order of PARA, left column first
    adimlar: tuple[tuple[str, str], ...]


#: the money rows of a payslip: (left label, its column, right label, its column)
PARA = (
    ("Brüt", "brut", "SGK işçi payı", "sgk_isci"),
    ("SGK matrahı", "sgk_matrahi", "İşsizlik işçi payı", "issizlik_isci"),
    ("Gelir vergisi matrahı", "gv_matrahi", "Gelir vergisi", "gelir_vergisi"),
    ("Kümülatif matrah", "kumulatif_matrah", "Damga vergisi", "damga_vergisi"),
    ("GV istisnası", "gv_istisnasi", "Diğer kesintiler", "diger_kesintiler"),
    ("DV istisnası", "dv_istisnasi", "NET ÖDENEN", "net"),
    ("İşveren SGK payı", "sgk_isveren", "İşveren işsizlik payı", "issizlik_isveren"),
)


def pusula(row, person, unit: str) -> Pusula:
    """The page of payslip ``row`` (a ``BordroSatiri`` or a row with its columns) of
    ``person`` (with ``ad``, ``soyad``, ``sicil_no`` and ``tur``) in unit ``unit`` (its name)."""
    steps = tuple((str(s.get("adim", "")), str(s.get("deger", ""))) for s in (row.adimlar or {}).get("adimlar", []))
    return Pusula(ad_soyad=f"{person.ad} {person.soyad}", sicil_no=person.sicil_no, birim=unit,
                  tur=TURLER.get(person.tur, person.tur), iban=row.iban or "", gun=row.gun,
                  para=tuple(getattr(row, c) for _a, left, _b, right in PARA for c in (left, right)),
                  adimlar=steps)


def _columns(widths: tuple[float, ...]) -> list[float]:
    xs = [_LEFT]
    for w in widths:
        xs.append(xs[-1] + w)
    return xs


def _grid(c: Canvas, top: float, widths: tuple[float, ...], rows: int) -> float:
    """The lines of a table of ``rows`` rows from ``top`` down; returns the y under it."""
    c.setStrokeColorRGB(0.83, 0.83, 0.83)
    c.setLineWidth(0.3)
    c.grid(_columns(widths), [top - _ROW * i for i in range(rows + 1)])
    return top - _ROW * rows


def _cells(c: Canvas, top: float, widths: tuple[float, ...], rows: Sequence[tuple[str | None, ...]],
           right: tuple[int, ...] = (), size: float = 8.5) -> None:
    """The text of a table's cells (``None``: a cell left alone); ``right``: right-aligned columns."""
    xs = _columns(widths)
    # one text object for the whole table (a drawString makes one per string)
    t = c.beginText()
    t.setFont(_FONT, size)
    y = top - _ROW + _PAD + 1
    for row in rows:
        for i, value in enumerate(row):
            if value is None:
                continue
            room = widths[i] - 2 * _PAD
            width = pdfmetrics.stringWidth(value, _FONT, size)
            if width > room:
                value = _fit(value, room, size)
                width = pdfmetrics.stringWidth(value, _FONT, size)
            t.setTextOrigin(xs[i + 1] - _PAD - width if i in right else xs[i] + _PAD, y)
            t.textOut(value)
        y -= _ROW
    c.drawText(t)


_INFO_TOP = _TOP - 44
_MONEY_TOP = _INFO_TOP - 3 * _ROW - 4 * mm
_STEPS_TOP = _MONEY_TOP - len(PARA) * _ROW - 4 * mm - 14
_NOTE_Y = _BOTTOM
_STEPS_BOTTOM = _NOTE_Y + 6 * mm


def _form(c: Canvas, b: Baslik) -> None:
    """What every page of the document repeats, drawn once as a form XObject: the heading,
    the tables' lines and labels, the legal note."""
    c.beginForm("pusula")
    c.setFillColorRGB(0, 0, 0)
    left = _LEFT
    if b.antet is not None and b.antet.logo is not None:  # beside the name, within the heading's 40 pt
        logo = pdf.Letterhead(b.antet.name, logo=b.antet.logo, width=b.antet.width * 38 / max(b.antet.height, 38),
                              height=min(b.antet.height, 38))
        left = pdf.draw(c, logo, _LEFT, _TOP)
    c.setFont(_BOLD, 14)
    c.drawString(left, _TOP - 14, _fit(_text(b.kurum), _RIGHT - left, 14, _BOLD))
    c.setFont(_FONT, 9)
    c.drawString(left, _TOP - 30, f"{'Fark bordrosu' if b.fark else 'Maaş bordrosu'} — {_text(b.donem)}")
    _grid(c, _INFO_TOP, _INFO, 3)
    _cells(c, _INFO_TOP, _INFO, [("Ad soyad", None, "Sicil no"), ("Birim", None, "Personel türü"),
                                 ("IBAN", None, "Gün")])
    _grid(c, _MONEY_TOP, _MONEY, len(PARA))
    _cells(c, _MONEY_TOP, _MONEY, [(a, None, d) for a, _b, d, _e in PARA])
    c.setFont(_FONT, 7)
    c.setFillColorRGB(0.5, 0.5, 0.5)
    c.drawString(_LEFT, _NOTE_Y, _fit(NOT, _RIGHT - _LEFT, 7))
    c.endForm()


def _page(c: Canvas, b: Baslik, p: Pusula) -> None:
    """One payslip; its computation steps go on to a further page when they do not fit."""
    c.doForm("pusula")
    c.setFillColorRGB(0, 0, 0)
    _cells(c, _INFO_TOP, _INFO, [(None, _text(p.ad_soyad), None, _text(p.sicil_no)),
                                 (None, _text(p.birim), None, p.tur), (None, _text(p.iban), None, str(p.gun))])
    figures = [hesap.tl(Decimal(v)) for v in p.para]
    _cells(c, _MONEY_TOP, _MONEY, [(None, figures[2 * i], None, figures[2 * i + 1]) for i in range(len(PARA))],
           right=(1, 3))
    steps = [(_text(a)[:160], _text(v)) for a, v in p.adimlar]
    if steps:
        c.setFont(_FONT, 9)
        c.drawString(_LEFT, _STEPS_TOP + 4, "Hesap adımları")
        top = _STEPS_TOP
        while steps:
            room = int((top - _STEPS_BOTTOM) // _ROW)
            _grid(c, top, _STEPS, min(room, len(steps)))
            _cells(c, top, _STEPS, steps[:room], right=(1,), size=8)
            steps = steps[room:]
            if steps:
                c.showPage()
                c.setFont(_FONT, 9)
                c.drawString(_LEFT, _TOP - 10, _fit(f"{_text(p.sicil_no)} — {_text(b.donem)} — Hesap adımları (devam) — "
                                                    f"{_text(p.ad_soyad)}", _RIGHT - _LEFT, 9))
                top = _TOP - 16
    c.showPage()


def render(baslik: Baslik, pages: Iterable[Pusula]) -> tuple[bytes, int]:
    """One PDF of every payslip in ``pages`` (a page or more each); returns it and the count."""
    _fonts()
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4, pageCompression=1)
    c.setTitle(f"Bordro {baslik.donem}")
    c.setAuthor(baslik.kurum)
    _form(c, baslik)
    count = 0
    for p in pages:
        _page(c, baslik, p)
        count += 1
    if not count:
        c.showPage()
    c.save()
    return buffer.getvalue(), count


def satir(satir_id: int, *, personel_id: int | None = None) -> tuple[BordroSatiri, Bordro, Personel]:
    """A payslip with its run and person; ``personel_id`` restricts it to one person (self-service)."""
    row = db.session.get(BordroSatiri, satir_id)
    if row is None or (personel_id is not None and row.personel_id != personel_id):
        raise NotFound(_l("Bordro satırı bulunamadı."))
    return row, db.session.get_one(Bordro, row.bordro_id), db.session.get_one(Personel, row.personel_id)


def bordro_pdf(satir_id: int, *, personel_id: int | None = None) -> bytes:
    """One person's payslip of one run as a PDF."""
    row, run, person = satir(satir_id, personel_id=personel_id)
    unit = db.session.scalar(select(Birim.ad).where(Birim.kod == row.birim_kodu)) or row.birim_kodu
    data, _count = render(_baslik(run), [pusula(row, person, unit)])
    return data


def birimler(bordro_id: int) -> list[str]:
    """The unit codes that have payslips in run ``bordro_id``, in order."""
    return list(db.session.scalars(select(BordroSatiri.birim_kodu).where(BordroSatiri.bordro_id == bordro_id)
                                   .distinct().order_by(BordroSatiri.birim_kodu)))


def _baslik(run: Bordro, antet: pdf.Letterhead | None = None) -> Baslik:
    antet = antet or pdf.letterhead()
    return Baslik(kurum=antet.name, donem=run.donem, fark=run.tur == "fark", antet=antet)


_KISI = (Personel.ad, Personel.soyad, Personel.sicil_no, Personel.tur)


def _birim_sayfalari(run: Bordro, birim_kodu: str, unit: str) -> Iterator[Pusula]:
    # plain rows, not ORM objects: a unit's thousands of payslips never fill the identity map
    query = (select(*BordroSatiri.__table__.c, *_KISI).join(Personel, Personel.id == BordroSatiri.personel_id)
             .where(BordroSatiri.bordro_id == run.id, BordroSatiri.birim_kodu == birim_kodu)
             .order_by(Personel.sicil_no).execution_options(yield_per=500))
    for row in db.session.execute(query):
        yield pusula(row, row, unit)


def birim_pdf(bordro_id: int, birim_kodu: str, antet: pdf.Letterhead | None = None) -> tuple[bytes, int]:
    """Every payslip of one unit in run ``bordro_id`` in one PDF (sicil order); returns it and
    how many payslips it holds.  ``antet``: a letterhead already read (the job reads it once)."""
    run = db.session.get(Bordro, bordro_id)
    if run is None:
        raise NotFound(_l("Bordro bulunamadı."))
    unit = db.session.scalar(select(Birim.ad).where(Birim.kod == birim_kodu)) or birim_kodu
    return render(_baslik(run, antet), _birim_sayfalari(run, birim_kodu, unit))


# --- the payslips of a whole run: one PDF per unit, made by an rq job ---------------------

#: the job that makes them (``jobs.pusula_paketi``)
PAKET_JOB = "modules.ik.jobs:pusula_paketi"


def _kapali(bordro_id: int, *, lock: bool = False) -> Bordro:
    query = select(Bordro).where(Bordro.id == bordro_id)
    run = db.session.scalar(query.with_for_update() if lock else query)
    if run is None:
        raise NotFound(_l("Bordro bulunamadı."))
    if run.durum not in ("kapali", "odendi"):
        raise IkError(_l("Bordro pusulaları yalnızca kapatılmış bordrodan basılır."), status=409)
    return run


def paket_baslat(bordro_id: int, *, actor: str, starter: str | None = None) -> jobs.JobRecord:
    """Queue the job that prints every payslip of closed run ``bordro_id``, one PDF per unit.
    A rerun makes only the units still missing; a run already printed is refused."""
    run = _kapali(bordro_id, lock=True)
    record = paket_kaydi(run.id)
    if record is not None and record.state in ("queued", "running"):
        raise IkError(_l("Bu bordronun pusulaları hazırlanıyor."), status=409)
    made = {unit for unit, *_rest in belgeler(run.id)}
    if made and made >= set(birimler(run.id)):
        raise IkError(_l("Bu bordronun pusulaları hazır."), status=409)
    record = jobs.enqueue(require_tenant().slug, PAKET_JOB, run.id, queue_name="batch",
                          description=f"Bordro pusulaları {run.donem} ({run.tur})", actor=starter or actor)
    audit.record("ik.bordro.pusula_paketi", actor=actor, object_type="ik_bordro", object_id=run.id,
                 after={"donem": run.donem, "job": str(record.id)})
    return record


def paket_hazirla(bordro_id: int, progress: Callable[[int, int | None, str], None] | None = None) -> dict:
    """The job's work: a PDF for each unit of the run that has none yet, each committed with
    its progress (so a killed job resumes with the next unit and never makes one twice)."""
    progress = progress or (lambda *a: None)
    run = _kapali(bordro_id)
    donem = run.donem
    counts = dict(db.session.execute(select(BordroSatiri.birim_kodu, func.count())
                                     .where(BordroSatiri.bordro_id == bordro_id)
                                     .group_by(BordroSatiri.birim_kodu)).all())
    made = set(db.session.scalars(select(BordroBelgesi.birim_kodu).where(BordroBelgesi.bordro_id == bordro_id)))
    total = sum(counts.values())
    done = sum(n for unit, n in counts.items() if unit in made)
    progress(done, total, f"{done} / {total} pusula")
    antet = pdf.letterhead()  # the logo decoded once for every unit's document
    for unit in sorted(counts):
        if unit in made:
            continue
        data, count = birim_pdf(bordro_id, unit, antet)
        db.session.execute(pg_insert(BordroBelgesi).values(
            bordro_id=bordro_id, birim_kodu=unit, pusula_sayisi=count, boyut=len(data), icerik=data)
            .on_conflict_do_nothing(constraint="uq_ik_bordro_belgeleri_birim"))
        done += count
        uow.commit_point()
        progress(done, total, f"{done} / {total} pusula")
    return {"donem": donem, "birim": len(counts), "pusula": total}


def paket_kaydi(bordro_id: int) -> jobs.JobRecord | None:
    """The latest payslip job of run ``bordro_id`` in this municipality (its progress, which
    the job writes on its own connection: read afresh, never from the session's copy)."""
    return db.session.scalar(select(jobs.JobRecord).where(
        jobs.JobRecord.tenant_slug == require_tenant().slug, jobs.JobRecord.func_path == PAKET_JOB,
        jobs.JobRecord.args == type_coerce([bordro_id], JSONB)).order_by(jobs.JobRecord.created_at.desc()).limit(1)
        .execution_options(populate_existing=True))


def belgeler(bordro_id: int) -> list[tuple[str, str, int, int]]:
    """The unit PDFs made for run ``bordro_id``: (unit code, unit name, payslips, bytes)."""
    return [(r[0], r[1], r[2], r[3]) for r in db.session.execute(
        select(BordroBelgesi.birim_kodu, func.coalesce(Birim.ad, BordroBelgesi.birim_kodu),
               BordroBelgesi.pusula_sayisi, BordroBelgesi.boyut)
        .outerjoin(Birim, Birim.kod == BordroBelgesi.birim_kodu)
        .where(BordroBelgesi.bordro_id == bordro_id).order_by(BordroBelgesi.birim_kodu))]


def paket_zip(bordro_id: int) -> bytes:
    """Every unit PDF of run ``bordro_id`` in one ZIP (stored, not deflated: PDFs are
    compressed already); refused while none is made."""
    run = _kapali(bordro_id)
    ids = list(db.session.scalars(select(BordroBelgesi.id).where(BordroBelgesi.bordro_id == run.id)
                                  .order_by(BordroBelgesi.birim_kodu)))
    if not ids:
        raise IkError(_l("Bu bordronun pusulaları henüz hazırlanmadı."), status=409)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for belge_id in ids:
            unit, data = db.session.execute(select(BordroBelgesi.birim_kodu, BordroBelgesi.icerik)
                                            .where(BordroBelgesi.id == belge_id)).one()
            archive.writestr(f"bordro-{run.donem}-{run.id}/{_dosya_adi(unit)}.pdf", data)
    return buffer.getvalue()


def _dosya_adi(unit: str) -> str:
    return re.sub(r"[^0-9A-Za-z.-]", "_", unit) or "birim"
