"""Charts as inline SVG strings: no script, no library, no network; they render with JavaScript
off and print as they look. Every text in them is escaped here (they are inserted as markup).

A chart is a list of bars on one scale; each function returns the `<svg>` element only, with a
`<title>` per bar (the exact numbers, shown on hover) and a role/aria-label for screen readers.
"""

from __future__ import annotations

from html import escape
from typing import Optional, Sequence

from ..numbers import count, percent

BAR_HEIGHT = 20
GAP = 6
LABEL_WIDTH = 190
PLOT_WIDTH = 420
VALUE_WIDTH = 110
COLOURS = {"total": "#5b6b7f", "drop": "#c0392b", "clean": "#2e7d32", "before": "#9aa5b1", "after": "#1565c0",
           "share": "#1565c0", "dupes": "#c0392b", "error": "#c0392b", "warning": "#e08e0b", "info": "#5b6b7f"}


def _svg(height: int, label: str, body: list[str], width: int = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH) -> str:
    return (f'<svg class="chart" role="img" aria-label="{escape(label)}" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">' + "".join(body) + "</svg>")


def _cut(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _x(value: float, scale: float) -> float:
    return round(LABEL_WIDTH + PLOT_WIDTH * value / scale, 1) if scale else LABEL_WIDTH


def waterfall(total: int, steps: Sequence[tuple[str, int]], clean: int, threshold: Optional[int]) -> str:
    """Total rows, then one floating bar per check for the rows it takes away (each row counted
    once, by the first check that excludes it), down to the clean count; the threshold as a line."""
    scale = max(total, threshold or 0, 1)
    bars = [("all rows", 0, total, "total", count(total))]
    level = total
    for name, removed in steps:
        bars.append((name, level - removed, level, "drop", f"−{count(removed)}"))
        level -= removed
    bars.append(("effective clean count", 0, clean, "clean", count(clean)))
    body = []
    for i, (name, start, end, kind, shown) in enumerate(bars):
        y = GAP + i * (BAR_HEIGHT + GAP)
        x0, x1 = _x(start, scale), _x(end, scale)
        body.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 14}" text-anchor="end">{escape(_cut(name))}</text>'
                    f'<rect x="{x0}" y="{y}" width="{max(x1 - x0, 1)}" height="{BAR_HEIGHT}" '
                    f'fill="{COLOURS[kind]}"><title>{escape(name)}: {escape(shown)}</title></rect>'
                    f'<text x="{x1 + 6}" y="{y + 14}">{escape(shown)}</text>')
    height = GAP + len(bars) * (BAR_HEIGHT + GAP)
    if threshold:  # the line through every bar, its words below them
        x = _x(threshold, scale)
        body.append(f'<line class="goal" x1="{x}" y1="0" x2="{x}" y2="{height + 4}"><title>needed: '
                    f'{count(threshold)}</title></line><text x="{x}" y="{height + 16}" text-anchor="middle">'
                    f'{count(threshold)} needed</text>')
        height += 20
    return _svg(height, f"From {count(total)} rows to {count(clean)} clean", body)


def bar(value: int, of: int, scale: int, line: Optional[int] = None, width: int = 220) -> str:
    """One row's bar for a table cell: `value` (clean) inside `of` (all rows), on `scale`, with an
    optional vertical line (the --min-per-label minimum)."""
    scale = max(scale, line or 0, 1)
    w_of, w_value = round(width * of / scale, 1), round(width * value / scale, 1)
    body = [f'<rect x="0" y="3" width="{w_of}" height="12" fill="{COLOURS["before"]}"/>',
            f'<rect x="0" y="3" width="{w_value}" height="12" fill="{COLOURS["clean"]}"/>']
    if line:
        x = round(width * line / scale, 1)
        body.append(f'<line class="goal" x1="{x}" y1="0" x2="{x}" y2="18"><title>minimum per label: {count(line)}'
                    '</title></line>')
    return (f'<svg class="cellbar" width="{width}" height="18" viewBox="0 0 {width} 18" role="img" '
            f'aria-label="{count(value)} clean of {count(of)}" xmlns="http://www.w3.org/2000/svg">'
            + "".join(body) + "</svg>")


def paired(rows: Sequence[tuple[str, float, float]], first: str, second: str, label: str, joiner: str = " → ") -> str:
    """Two shares per name (before and after de-duplication; share of rows and of duplicates;
    production against training, joined by " vs ": neither comes after the other)."""
    scale = max([max(a, b) for _, a, b in rows] + [0.01])
    body = []
    step = 2 * BAR_HEIGHT // 2 + GAP + 4
    for i, (name, a, b) in enumerate(rows):
        y = GAP + i * step
        body.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 14}" text-anchor="end">{escape(_cut(name))}</text>')
        for k, (value, kind, what) in enumerate(((a, "before", first), (b, "after", second))):
            x1 = _x(value, scale)
            yy = y + k * (BAR_HEIGHT // 2)
            body.append(f'<rect x="{LABEL_WIDTH}" y="{yy}" width="{max(x1 - LABEL_WIDTH, 0.5)}" '
                        f'height="{BAR_HEIGHT // 2 - 1}" fill="{COLOURS[kind]}"><title>{escape(name)}, {what}: '
                        f'{percent(value)}</title></rect>')
        body.append(f'<text x="{_x(max(a, b), scale) + 6}" y="{y + 14}">{percent(a)}{escape(joiner)}{percent(b)}</text>')
    legend_y = GAP + len(rows) * step + 4
    body.append(f'<rect x="{LABEL_WIDTH}" y="{legend_y}" width="10" height="10" fill="{COLOURS["before"]}"/>'
                f'<text x="{LABEL_WIDTH + 14}" y="{legend_y + 9}">{escape(first)}</text>'
                f'<rect x="{LABEL_WIDTH + 170}" y="{legend_y}" width="10" height="10" fill="{COLOURS["after"]}"/>'
                f'<text x="{LABEL_WIDTH + 184}" y="{legend_y + 9}">{escape(second)}</text>')
    return _svg(legend_y + 16, label, body)


def counts(rows: Sequence[tuple[str, int, str]], label: str) -> str:
    """One bar per name with its count (rule violations by rule; `kind` picks the colour)."""
    scale = max([value for _, value, _ in rows] + [1])
    body = []
    for i, (name, value, kind) in enumerate(rows):
        y = GAP + i * (BAR_HEIGHT + GAP)
        x1 = _x(value, scale)
        body.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 14}" text-anchor="end">{escape(_cut(name))}</text>'
                    f'<rect x="{LABEL_WIDTH}" y="{y}" width="{max(x1 - LABEL_WIDTH, 1)}" height="{BAR_HEIGHT}" '
                    f'fill="{COLOURS.get(kind, COLOURS["info"])}"><title>{escape(name)}: {count(value)}</title>'
                    f'</rect><text x="{x1 + 6}" y="{y + 14}">{count(value)}</text>')
    return _svg(GAP + len(rows) * (BAR_HEIGHT + GAP), label, body)


def coverage(share: float, gate: float | None, width: int = 420) -> str:
    """One bar from 0 to 100 %: the production texts covered, with the --min-coverage gate as a line."""
    w = round(width * share, 1)
    body = [f'<rect x="0" y="4" width="{width}" height="16" fill="{COLOURS["before"]}"/>',
            f'<rect x="0" y="4" width="{w}" height="16" fill="{COLOURS["after"]}"><title>covered: {percent(share)}</title>'
            + '</rect>']
    label = f"{percent(share)} of production covered"
    if gate is not None:
        x = round(width * gate, 1)
        body.append(f'<line class="goal" x1="{x}" y1="0" x2="{x}" y2="24"><title>--min-coverage {gate:g}</title></line>')
        label += f", --min-coverage {gate:g}"
    return (f'<svg class="cellbar" width="{width}" height="24" viewBox="0 0 {width} 24" role="img" '
            f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">' + "".join(body) + "</svg>")
