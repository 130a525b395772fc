"""Charts as SVG text: the counties' mean completion against 时序进度 (bars and a marker line), and
each goal's month-end completion as a small line. Drawn by hand, no library: an SVG is text.

Used inline by the HTML page and alone by `--format svg` (a picture to paste into a slide). Fonts
come from the system (a CJK stack, no web font, no request to any host). SVG cannot measure text,
so widths are estimated (`text_width`: a Chinese character is one em, anything else a bit over
half of one), generously, so a label never runs into its bar. Every text is XML-escaped.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import NamedTuple
from unicodedata import east_asian_width

from huandu.text import visible

FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "微软雅黑", '
    '"Hiragino Sans GB", "WenQuanYi Micro Hei", "SimHei", sans-serif'
)
#: The lights' colours: fill and ink, as the workbook and the document use them.
LIGHT_FILL = {"green": "#C6EFCE", "yellow": "#FFEB9C", "red": "#FFC7CE"}
LIGHT_INK = {"green": "#006100", "yellow": "#9C5700", "red": "#9C0006"}
LIGHT_DOT = {"green": "#2E9E48", "yellow": "#D9A400", "red": "#D0312D"}
BAR = "#4F81BD"
MARKER = "#C00000"
INK = "#1F2328"
MUTED = "#57606A"


def esc(text: object) -> str:
    """Text for XML and HTML: controls shown as escapes, then `& < > " '` as entities."""
    return html.escape(visible(text), quote=True)


def text_width(text: str, size: float) -> float:
    """An estimate, a little wide, of how long `text` is at font size `size`."""
    return sum(size if east_asian_width(ch) in "WF" else size * 0.62 for ch in text)


class Bar(NamedTuple):
    label: str
    percent: float | None  # None: no figure yet
    value_text: str  # what is written at the end of the bar ("64.2%", "—")


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    marker: float | None,
    marker_label: str,
    width: int = 720,
    standalone: bool = False,
) -> str:
    """Horizontal bars from 0 to 100% (longer ones run to the edge, capped), one per label, and
    a dashed vertical line at `marker` (时序进度) with its label above the bars."""
    size = 14
    row = 30
    top = 58
    label_w = max([text_width(b.label, size) for b in bars] + [40]) + 16
    value_w = max([text_width(b.value_text, size) for b in bars] + [40]) + 12
    plot_x = label_w
    plot_w = max(120.0, width - label_w - value_w - 8)
    height = top + row * len(bars) + 34
    scale = plot_w / 100

    parts = [
        f'<text x="0" y="20" font-size="16" font-weight="bold" fill="{INK}">{esc(title)}</text>'
    ]
    for tick in (0, 25, 50, 75, 100):
        x = plot_x + tick * scale
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{top + row * len(bars)}" '
            f'stroke="#D0D7DE" stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{top + row * len(bars) + 18}" font-size="12" '
            f'text-anchor="middle" fill="{MUTED}">{tick}%</text>'
        )
    for index, bar in enumerate(bars):
        y = top + index * row
        parts.append(
            f'<text x="{label_w - 10:.1f}" y="{y + row / 2 + 5:.1f}" font-size="{size}" '
            f'text-anchor="end" fill="{INK}">{esc(bar.label)}</text>'
        )
        if bar.percent is not None:
            length = max(0.0, min(bar.percent, 100.0)) * scale
            parts.append(
                f'<rect x="{plot_x:.1f}" y="{y + 6}" width="{length:.1f}" height="{row - 12}" '
                f'rx="2" fill="{BAR}"><title>{esc(bar.label)} {esc(bar.value_text)}</title></rect>'
            )
        end = plot_x + (max(0.0, min(bar.percent or 0.0, 100.0)) * scale)
        parts.append(
            f'<text x="{end + 6:.1f}" y="{y + row / 2 + 5:.1f}" font-size="{size}" '
            f'fill="{INK}">{esc(bar.value_text)}</text>'
        )
    if marker is not None:
        x = plot_x + max(0.0, min(marker, 100.0)) * scale
        half = text_width(marker_label, 12) / 2
        label_x = min(max(x, plot_x + half), width - half - 2)
        anchor = "middle"
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 10}" x2="{x:.1f}" y2="{top + row * len(bars) + 2}" '
            f'stroke="{MARKER}" stroke-width="2" stroke-dasharray="5 3"/>'
            f'<text x="{label_x:.1f}" y="{top - 14}" font-size="12" text-anchor="{anchor}" '
            f'fill="{MARKER}">{esc(marker_label)}</text>'
        )
    return _svg("".join(parts), width, height, title, standalone)


def sparkline(
    percents: Sequence[float | None],
    lights: Sequence[str | None],
    *,
    label: str,
    width: int = 104,
    height: int = 30,
) -> str:
    """A goal's month-end completion as a small line (0–100%, higher is capped), a dot a month
    in the colour of its light; months without a figure are gaps."""
    pad = 4
    count = max(1, len(percents))
    step = (width - 2 * pad) / max(1, count - 1)

    def point(index: int, percent: float) -> tuple[float, float]:
        clamped = max(0.0, min(percent, 100.0))
        return pad + index * step, height - pad - clamped / 100 * (height - 2 * pad)

    parts = [
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        f'stroke="#D0D7DE" stroke-width="1"/>'
    ]
    run: list[str] = []
    for index, percent in enumerate([*percents, None]):
        if percent is None:
            if len(run) > 1:
                parts.append(
                    f'<polyline points="{" ".join(run)}" fill="none" stroke="{BAR}" '
                    f'stroke-width="1.5"/>'
                )
            run = []
            continue
        x, y = point(index, percent)
        run.append(f"{x:.1f},{y:.1f}")
    for index, (percent, light) in enumerate(zip(percents, lights, strict=True)):
        if percent is None:
            continue
        x, y = point(index, percent)
        colour = LIGHT_DOT.get(light or "", MUTED)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.6" fill="{colour}"/>')
    return (
        f'<svg class="spark" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="{esc(label)}">'
        f"<title>{esc(label)}</title>{''.join(parts)}</svg>"
    )


class Line(NamedTuple):
    label: str  # county and goal
    percents: list[float | None]
    lights: list[str | None]
    latest: str  # the latest month's completion and light as words


def lines_chart(
    lines: Sequence[Line], months: Sequence[str], *, title: str, standalone: bool = False
) -> str:
    """Every goal's line, one under another: label, the line over the months, the latest."""
    size = 13
    row = 34
    top = 50
    label_w = max([text_width(line.label, size) for line in lines] + [60]) + 14
    spark_w = max(160, 26 * len(months))
    latest_w = max([text_width(line.latest, size) for line in lines] + [40]) + 10
    width = int(label_w + spark_w + latest_w + 24)
    height = top + row * len(lines) + 10
    parts = [
        f'<text x="0" y="20" font-size="16" font-weight="bold" fill="{INK}">{esc(title)}</text>'
    ]
    step = (spark_w - 8) / max(1, len(months) - 1)
    for index, month in enumerate(months):
        x = label_w + 4 + index * step
        parts.append(
            f'<text x="{x:.1f}" y="{top - 8}" font-size="11" text-anchor="middle" '
            f'fill="{MUTED}">{esc(month)}</text>'
        )
    for index, line in enumerate(lines):
        y = top + index * row
        parts.append(
            f'<text x="{label_w - 10:.1f}" y="{y + row / 2 + 4:.1f}" font-size="{size}" '
            f'text-anchor="end" fill="{INK}">{esc(line.label)}</text>'
            f'<g transform="translate({label_w:.1f},{y + 2})">'
            + sparkline(line.percents, line.lights, label=line.label, width=spark_w, height=row - 4)
            + "</g>"
            f'<text x="{label_w + spark_w + 10:.1f}" y="{y + row / 2 + 4:.1f}" '
            f'font-size="{size}" fill="{INK}">{esc(line.latest)}</text>'
        )
    return _svg("".join(parts), width, height, title, standalone)


#: Room round a chart, so nothing touches its edge.
MARGIN = 10


def _svg(body: str, width: float, height: float, title: str, standalone: bool) -> str:
    head = '<?xml version="1.0" encoding="UTF-8"?>\n' if standalone else ""
    width = max(width, text_width(title, 16) + 8) + 2 * MARGIN
    height += 2 * MARGIN
    body = f'<g transform="translate({MARGIN},{MARGIN})">{body}</g>'
    return (
        f'{head}<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f"aria-label=\"{esc(title)}\" font-family='{FONT_STACK}'>"
        f"<title>{esc(title)}</title>"
        + ('<rect width="100%" height="100%" fill="#FFFFFF"/>' if standalone else "")
        + f"{body}</svg>"
        + ("\n" if standalone else "")
    )
