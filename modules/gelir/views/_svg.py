"""Small server-side SVG charts (the servers have no internet: no chart library from a CDN).

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` it is labelled
by; the table printed next to it carries the same figures and is the accessible
equivalent, so the bars themselves are hidden from screen readers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from markupsafe import Markup, escape

from ..hesap import tl

#: colours with at least 3:1 contrast against white, told apart by the legend too
RENKLER = ("#0d6efd", "#198754", "#b02a37", "#6f42c1", "#a05a00")
_INK = "#212529"
_GRID = "#dee2e6"


def _nice_max(value: float) -> float:
    """The smallest 1/2/2.5/5 × 10^n at or above ``value`` (a round top for the axis)."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def kisa_tl(value: float) -> str:
    """Axis labels: 1,2 mn / 350 bin / 75."""
    if abs(value) >= 1_000_000_000:
        return f"{value / 1_000_000_000:.1f} mr".replace(".", ",").replace(",0 ", " ")
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:.1f} mn".replace(".", ",").replace(",0 ", " ")
    if abs(value) >= 1_000:
        return f"{value / 1_000:.1f} bin".replace(".", ",").replace(",0 ", " ")
    return f"{value:.0f}"


def _head(chart_id: str, title: str, description: str, width: int, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="gelir-grafik" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width: {width}px" preserveAspectRatio="xMidYMin meet" aria-labelledby="{chart_id}-baslik {chart_id}-aciklama" '
        f'id="{chart_id}" font-family="system-ui, sans-serif" font-size="11">',
        f'<title id="{chart_id}-baslik">{escape(title)}</title>',
        f'<desc id="{chart_id}-aciklama">{escape(description)}</desc>',
        '<g aria-hidden="true">',
    ]


def bar_chart(chart_id: str, title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence]],
              *, description: str = "", width: int = 720, height: int = 260,
              value_label: Callable[[Decimal], str] = tl) -> Markup:
    """Vertical bars, grouped when there is more than one series (e.g. accrued vs collected)."""
    values = [float(v or 0) for _, vals in series for v in vals]
    top = _nice_max(max(values, default=0))
    left, right, upper, lower = 64, 12, 12 + (18 if len(series) > 1 else 0), 44
    plot_w, plot_h = width - left - right, height - upper - lower
    parts = _head(chart_id, title, description or title, width, height)
    for i in range(5):  # horizontal grid with the axis labels
        y = upper + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{_GRID}"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{_INK}">{kisa_tl(top * i / 4)}</text>')
    n = max(len(labels), 1)
    slot = plot_w / n
    bar_w = max(1.0, slot * 0.8 / max(len(series), 1))
    every = max(1, -(-n // 16))  # at most about 16 labels under the axis
    for index, label in enumerate(labels):
        x0 = left + slot * index + slot * 0.1
        for s, (name, vals) in enumerate(series):
            raw = vals[index] if index < len(vals) else 0
            value = float(raw or 0)
            bar_h = plot_h * value / top
            parts.append(
                f'<rect x="{x0 + s * bar_w:.1f}" y="{upper + plot_h - bar_h:.1f}" width="{bar_w:.1f}" '
                f'height="{bar_h:.1f}" fill="{RENKLER[s % len(RENKLER)]}">'
                f'<title>{escape(label)} — {escape(name)}: {escape(value_label(Decimal(raw or 0)))}</title></rect>')
        if index % every == 0:
            parts.append(f'<text x="{left + slot * index + slot / 2:.1f}" y="{height - lower + 16}" '
                         f'text-anchor="middle" fill="{_INK}">{escape(label)}</text>')
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{upper + plot_h}" y2="{upper + plot_h}" stroke="{_INK}"/>')
    if len(series) > 1:
        x = left
        for s, (name, _) in enumerate(series):
            parts.append(f'<rect x="{x}" y="2" width="10" height="10" fill="{RENKLER[s % len(RENKLER)]}"/>')
            parts.append(f'<text x="{x + 14}" y="11" fill="{_INK}">{escape(name)}</text>')
            x += 24 + 7 * len(name)
    parts += ["</g>", "</svg>"]
    return Markup("".join(parts))


def hbar_chart(chart_id: str, title: str, items: Sequence[tuple[str, Decimal]], *, description: str = "",
               width: int = 560, value_label: Callable[[Decimal], str] = tl) -> Markup:
    """Horizontal bars with the label on the left: categories with long names (revenue kinds)."""
    row_h, label_w, value_w = 24, 220, 90
    height = max(1, len(items)) * row_h + 8
    top = _nice_max(max((float(v or 0) for _, v in items), default=0))
    plot_w = width - label_w - value_w
    parts = _head(chart_id, title, description or title, width, height)
    for i, (label, raw) in enumerate(items):
        y = 4 + i * row_h
        bar = plot_w * float(raw or 0) / top
        short = label if len(label) <= 36 else label[:35] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" fill="{_INK}">{escape(short)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar:.1f}" height="{row_h - 8}" '
                     f'fill="{RENKLER[0]}"/>')
        parts.append(f'<text x="{label_w + bar + 6:.1f}" y="{y + 15}" fill="{_INK}">'
                     f'{escape(value_label(Decimal(raw or 0)))}</text>')
    parts += ["</g>", "</svg>"]
    return Markup("".join(parts))
