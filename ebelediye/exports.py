"""What every export and document shares: spreadsheet cells that are never formulas, and
user text that is never markup in a PDF.

- CSV and XLSX (OWASP "CSV injection"): a cell whose text starts with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return is read by Excel and LibreOffice as a formula (a
  taxpayer named ``=HYPERLINK(...)`` becomes a live link, ``=cmd|...`` a DDE call).  Such
  text is written with a leading apostrophe in CSV (``csv_cell``) and as a text cell with
  Excel's hidden quote prefix in XLSX (``neutralise_sheet``).  A plain number (``-12,50``)
  is a number, not a formula, and is left alone so that money stays money.
- PDF (reportlab): ``Paragraph`` parses its text as markup, so ``<b>x</b> & <unclosed``
  breaks the document and ``<img src="/etc/passwd"/>`` would embed a server file.  Every
  piece of user text goes through ``pdf_text`` (or ``paragraph``) first.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

#: the first characters that make a spreadsheet read a cell as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")


def is_dangerous(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula."""
    return text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text)


def csv_cell(value: object) -> object:
    """A CSV cell: formula-looking text gets a leading apostrophe; anything else unchanged."""
    if isinstance(value, str) and is_dangerous(value):
        return "'" + value
    return value


def csv_row(values) -> list:
    return [csv_cell(v) for v in values]


def neutralise_sheet(sheet) -> int:
    """Make every formula-looking text cell of an openpyxl sheet a plain text cell (with
    the quote prefix Excel shows as nothing); returns how many were changed.  Call it once
    a sheet is filled: openpyxl turns any string that starts with ``=`` into a formula."""
    changed = 0
    for row in sheet.iter_rows():
        for cell in row:
            value = cell.value
            if isinstance(value, str) and is_dangerous(value):
                cell.data_type = "s"  # a string, whatever openpyxl guessed
                cell.quotePrefix = True
                changed += 1
    return changed


def pdf_text(value: object) -> str:
    """User text for a reportlab ``Paragraph``: markup characters escaped, control
    characters dropped, ``None`` as empty."""
    if value is None:
        return ""
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", str(value))
    return escape(text, {'"': "&quot;"})


def paragraph(value: object, style):
    """A ``Paragraph`` of user text (escaped; see ``pdf_text``)."""
    from reportlab.platypus import Paragraph

    return Paragraph(pdf_text(value), style)
