"""`--format html`: the report as a standalone web page, and `--format svg`: its charts alone.

A page a colleague opens in any browser or prints: `lang` and `<title>` set, UTF-8, no request to
any other host (styles inline, fonts from the system through a CJK font stack), semantic
`<table>`s (so columns line up whatever the font), the lights as coloured badges that carry their
word, charts as inline SVG, and a print stylesheet for A4 landscape that repeats each table's
header on every page. Every text from the registry or the journal is escaped (`charts.esc`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from huandu.domain.progress import statuses_of
from huandu.i18n import t
from huandu.output.charts import (
    FONT_STACK,
    Bar,
    Line,
    bar_chart,
    esc,
    lines_chart,
    sparkline,
)
from huandu.output.words import (
    amount_with_unit,
    county_brief,
    county_label,
    expected_words,
    gap_words,
    legend_lines,
    light_word,
    month_label,
    plan_title,
    signed_points,
    stage_label,
    stale_text,
    target_text,
    target_title,
    year_cells,
    year_headers,
)

if TYPE_CHECKING:
    from huandu.domain.compare import Comparison
    from huandu.domain.monthly import Monthly
    from huandu.domain.progress import Assessment
    from huandu.domain.report import Report

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: FONTS; color: #1f2328; background: #fff; margin: 24px;
  line-height: 1.5; font-size: 15px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 2px solid #4f81bd; padding-bottom: 2px; }
p.meta { color: #57606a; margin: 0 0 12px; }
p.summary { text-indent: 2em; margin: 6px 0; }
figure { margin: 12px 0 20px; max-width: 100%; }
figure svg.chart { max-width: 100%; height: auto; display: block; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 16px; font-size: 14px; }
th, td { border: 1px solid #c8ccd1; padding: 4px 6px; vertical-align: top; text-align: left;
  overflow-wrap: anywhere; }
th { background: #ddebf7; font-weight: 600; vertical-align: bottom; overflow-wrap: normal;
  word-break: keep-all; }
html[lang="zh-CN"] th { word-break: normal; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.mid, th.mid { text-align: center; white-space: nowrap; }
td.name { white-space: nowrap; }
td.goal .target { display: block; color: #57606a; font-size: 12px; }
td.note { color: #1f2328; }
td.empty { color: #8c959f; }
tr.total td { font-weight: 600; background: #f6f8fa; }
.badge { display: inline-block; padding: 0 6px; border-radius: 9px; font-weight: 600;
  white-space: nowrap; font-size: 13px; line-height: 20px; }
.badge.green { background: #c6efce; color: #006100; }
.badge.yellow { background: #ffeb9c; color: #9c5700; }
.badge.red { background: #ffc7ce; color: #9c0006; }
.badge.none { background: #eaeef2; color: #57606a; }
.status.done, .status.on_track { color: #006100; }
.status.behind { color: #9c5700; }
.status.far_behind, .status.over_ceiling, .status.overdue { color: #9c0006; font-weight: 600; }
.status.no_data { color: #8c959f; }
.neg { color: #9c0006; }
.stale { display: block; color: #9c5700; font-size: 12px; }
td.month { text-align: center; white-space: nowrap; font-size: 12px; padding: 3px 2px; }
td.month .badge { font-size: 11px; padding: 0 4px; line-height: 16px; }
td.spark { padding: 2px 4px; }
ul.legend { color: #57606a; font-size: 13px; padding-left: 1.2em; }
footer { color: #8c959f; font-size: 12px; margin-top: 24px; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { margin: 0; font-size: 10.5pt; }
  table { font-size: 9.5pt; }
  thead { display: table-header-group; }
  tr, figure { break-inside: avoid; }
  h2 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
""".replace("FONTS", FONT_STACK)


def page(title: str, body: str, lang: str) -> str:
    """A whole page: nothing loaded from elsewhere."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n"
        f"<footer>{esc(t('html.footer'))}</footer>\n</body>\n</html>\n"
    )


def _lang() -> str:
    from huandu.output.summary import language_tag

    return language_tag()


class Column:
    """A table column: its header and the class its cells share (num, mid, …)."""

    __slots__ = ("header", "kind")

    def __init__(self, header: str, kind: str = "") -> None:
        self.header = header
        self.kind = kind


def table(columns: Sequence[Column], rows: Sequence[Sequence[str]], *, caption: str = "") -> str:
    """A semantic table; cells are HTML already escaped (`esc`) by the caller."""
    head = "".join(
        f'<th scope="col"{_class(c.kind)}>{"<br>".join(map(esc, c.header.split(chr(10))))}</th>'
        for c in columns
    )
    body = []
    for row in rows:
        extra = ""
        if isinstance(row, _Row):
            extra, row = f' class="{row.kind}"', row.cells
        cells = "".join(
            f"<td{_class(c.kind)}>{cell}</td>" for c, cell in zip(columns, row, strict=True)
        )
        body.append(f"<tr{extra}>{cells}</tr>")
    cap = f"<caption hidden>{esc(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


class _Row:
    __slots__ = ("cells", "kind")

    def __init__(self, cells: list[str], kind: str) -> None:
        self.cells = cells
        self.kind = kind


def _class(kind: str) -> str:
    return f' class="{kind}"' if kind else ""


def badge(light: str | None) -> str:
    if light is None:
        return '<span class="badge none">—</span>'
    return f'<span class="badge {light}">{esc(light_word(light))}</span>'


def status_span(status: str) -> str:
    return f'<span class="status {status}">{esc(t(f"status.{status}"))}</span>'


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _points(value: float | None, text: str) -> str:
    """A signed figure, marked when it reads as negative."""
    return (
        f'<span class="neg">{esc(text)}</span>'
        if value is not None and round(value, 1) < 0
        else esc(text)
    )


def _gap(a: Assessment) -> str:
    return _points(a.gap, gap_words(a))


def current_text(a: Assessment) -> str:
    goal = a.target
    if a.current is None:
        return "—"
    if goal.is_milestone and a.latest is not None and a.latest.stage:
        return stage_label(a.latest.stage)
    return amount_with_unit(a.current, goal.unit.symbol if goal.unit else None)


# ---------------------------------------------------------------------------------- report


def county_bars(report: Report, *, standalone: bool = False) -> str:
    """The counties' mean completion against the year's 时序进度, as an SVG."""
    from huandu.output.summary import overall_expected

    registry = report.registry
    bars = [
        Bar(
            county_label(registry.county_by_id(row["county_id"])),
            row["mean_percent"],
            _pct(row["mean_percent"]),
        )
        for row in report.data["counties"]
    ]
    ring = report.data["ring"]
    bars.append(Bar(t("report.ring"), ring["mean_percent"], _pct(ring["mean_percent"])))
    expected = overall_expected(report)
    return bar_chart(
        bars,
        title=t("chart.counties_title"),
        marker=expected,
        marker_label=t("chart.marker", expected=f"{expected:.1f}"),
        standalone=standalone,
    )


def _summary_table(report: Report) -> str:
    data, registry = report.data, report.registry
    shown = statuses_of(registry.targets)  # over the ceiling only where there is a ceiling
    columns = [
        Column(t("col.rank"), "num"),
        Column(t("col.county")),
        Column(t("col.goals"), "num"),
        *[Column(t(f"col.status.{s}"), "num") for s in shown],
        Column(t("col.mean"), "num"),
        Column(t("col.vs_ring"), "num"),
    ]
    rows: list[Any] = []
    for row in data["counties"]:
        county = registry.county_by_id(row["county_id"])
        rows.append(
            [
                esc(row["rank"] or ""),
                esc(county_label(county)),
                esc(row["targets"]),
                *[esc(row[s] or "") for s in shown],
                esc(_pct(row["mean_percent"])),
                _points(row["vs_ring"], signed_points(row["vs_ring"]))
                if row["vs_ring"] is not None
                else "",
            ]
        )
    ring = data["ring"]
    rows.append(
        _Row(
            [
                "",
                esc(t("report.ring")),
                esc(ring["targets"]),
                *[esc(ring[s] or "") for s in shown],
                esc(_pct(ring["mean_percent"])),
                "",
            ],
            "total",
        )
    )
    return table(columns, rows, caption=t("report.summary"))


def _goal_table(report: Report, items: list[Assessment]) -> str:
    registry = report.registry
    leads = [registry.responsible(a.target)[0] for a in report.assessments]
    with_lead = any(leads)
    columns = [
        Column(t("col.title"), "goal"),
        Column(t("col.current"), "num"),
        Column(t("col.completion"), "num"),
        Column(t("col.expected"), "num"),
        Column(t("col.gap"), "num"),
        Column(t("col.light"), "mid"),
        Column(t("col.status"), "mid"),
        Column(t("col.updated"), "num"),
        Column(t("col.note_progress"), "note"),
    ]
    if with_lead:
        columns.append(Column(t("col.lead")))
    rows = []
    for a in items:
        goal = a.target
        updated = esc(a.updated.isoformat()) if a.updated else "—"
        if a.stale and a.days_since_update is not None:
            updated += f'<span class="stale">{esc(stale_text(a.days_since_update))}</span>'
        note = a.latest.note if a.latest is not None else ""
        cells = [
            f'{esc(target_title(goal))}<span class="target">{esc(target_text(goal))}</span>',
            esc(current_text(a)),
            esc(_pct(a.percent)),
            esc(expected_words(a)),
            _gap(a),
            badge(a.light),
            status_span(a.status),
            updated,
            esc(note),
        ]
        if with_lead:
            cells.append(esc(registry.responsible(goal)[0]))
        rows.append(cells)
    return table(columns, rows)


def report_body(report: Report) -> str:
    import datetime as dt

    from huandu.output.summary import (
        document_title,
        overall_expected,
        period_text,
        summary_paragraphs,
    )

    data, registry = report.data, report.registry
    as_of = dt.date.fromisoformat(data["as_of"])
    meta = t("html.meta", period=period_text(as_of), expected=f"{overall_expected(report):.1f}")
    out = [f"<h1>{esc(document_title(report))}</h1>", f'<p class="meta">{esc(meta)}</p>']
    out += [f'<p class="summary">{esc(p)}</p>' for p in summary_paragraphs(report)]
    out.append(f"<figure>{county_bars(report)}</figure>")
    out += [f"<h2>{esc(t('report.summary'))}</h2>", _summary_table(report)]
    if not report.assessments:
        out.append(f"<p>{esc(t('report.nothing_listed', as_of=data['as_of']))}</p>")
    for county in registry.counties:
        items = [a for a in report.assessments if a.target.county == county.id]
        if not items:
            continue
        heading = t(
            "report.county_heading", county=county_label(county), positioning=county.positioning
        )
        out += [
            f'<section class="county"><h2>{esc(heading)}</h2>',
            _goal_table(report, items),
            "</section>",
        ]
    legend = legend_lines(registry, (a.target for a in report.assessments))
    out.append('<ul class="legend">' + "".join(f"<li>{esc(x)}</li>" for x in legend) + "</ul>")
    if not report.has_data:
        out.append(f"<p>{esc(t('report.no_data_yet'))}</p>")
    return "\n".join(out)


def report_html(report: Report, *, width: int = 0) -> str:
    from huandu.output.summary import document_title

    return page(document_title(report), report_body(report), _lang())


def report_svg(report: Report, *, width: int = 0) -> str:
    return county_bars(report, standalone=True)


# ---------------------------------------------------------------------------------- monthly


def _month_labels(monthly: Monthly) -> list[str]:
    year = monthly.registry.plan.year
    last = len(monthly.points) - 1
    return [
        month_label(day, year, partial=monthly.partial_last and i == last)
        for i, day in enumerate(monthly.points)
    ]


def _monthly_title(monthly: Monthly) -> str:
    return t(
        "monthly.heading", title=plan_title(monthly.registry.plan), as_of=monthly.as_of.isoformat()
    )


def monthly_body(monthly: Monthly) -> str:
    from huandu.domain.monthly import ESCALATE_AFTER

    registry = monthly.registry
    out = [f"<h1>{esc(_monthly_title(monthly))}</h1>"]
    if not monthly.points:
        start = registry.plan.start.isoformat()
        text = t("monthly.no_months", as_of=monthly.as_of.isoformat(), start=start)
        return "\n".join([*out, f"<p>{esc(text)}</p>"])
    if not monthly.rows:
        return "\n".join([*out, f"<p>{esc(t('monthly.nothing_listed'))}</p>"])
    labels = _month_labels(monthly)
    columns = [
        Column(t("col.county"), "name"),
        Column(t("col.title")),
        Column(t("col.trend"), "spark"),
        *[Column(label, "month") for label in labels],
        Column(t("col.streak"), "num"),
    ]

    def rows_of(rows: list) -> list[list[str]]:
        out_rows = []
        for row in rows:
            county = registry.county_by_id(row.target.county)
            title = target_title(row.target)
            cells = [
                esc(county_brief(county)),
                esc(title),
                sparkline(row.percents, row.lights, label=title),
            ]
            for cell in row.cells:
                if cell.percent is None:
                    cells.append('<span class="empty">—</span>')
                else:
                    cells.append(f"{cell.percent:.0f}%<br>{badge(cell.light)}")
            cells.append(esc(row.streak or ""))
            out_rows.append(cells)
        return out_rows

    escalated = [row for row in monthly.rows if row.escalate]
    others = [row for row in monthly.rows if not row.escalate]
    if escalated:
        heading = t("monthly.escalate", months=ESCALATE_AFTER, count=len(escalated))
        out += [f"<h2>{esc(heading)}</h2>", table(columns, rows_of(escalated))]
    if others:
        heading = t("monthly.others" if escalated else "monthly.all")
        out += [f"<h2>{esc(heading)}</h2>", table(columns, rows_of(others))]
    out.append(f'<ul class="legend"><li>{esc(t("monthly.legend"))}</li></ul>')
    return "\n".join(out)


def monthly_html(monthly: Monthly, *, width: int = 0) -> str:
    return page(_monthly_title(monthly), monthly_body(monthly), _lang())


def monthly_svg(monthly: Monthly, *, width: int = 0) -> str:
    registry = monthly.registry
    lines = []
    for row in monthly.rows:
        county = registry.county_by_id(row.target.county)
        latest = row.latest
        words = (
            "—" if latest.percent is None else f"{latest.percent:.0f}% {light_word(latest.light)}"
        )
        lines.append(
            Line(
                f"{county_brief(county)} {target_title(row.target)}",
                row.percents,
                row.lights,
                words,
            )
        )
    return lines_chart(
        lines, _month_labels(monthly), title=_monthly_title(monthly), standalone=True
    )


# ---------------------------------------------------------------------------------- compare


def _compare_title(comparison: Comparison) -> str:
    return t(
        "compare.heading",
        title=plan_title(comparison.registry.plan),
        as_of=comparison.data["as_of"],
    )


def compare_body(comparison: Comparison) -> str:
    registry = comparison.registry
    out = [f"<h1>{esc(_compare_title(comparison))}</h1>"]
    tagged = any(goal.compare for goal in registry.targets)
    if not tagged and not comparison.years:
        return "\n".join([*out, f"<p>{esc(t('compare.none'))}</p>"])
    if tagged and not comparison.groups and not comparison.years:
        return "\n".join([*out, f"<p>{esc(t('compare.nothing_listed'))}</p>"])
    columns = [
        Column(t("col.rank"), "num"),
        Column(t("col.county"), "name"),
        Column(t("col.title"), "goal"),
        Column(t("col.current"), "num"),
        Column(t("col.completion"), "num"),
        Column(t("col.gap"), "num"),
        Column(t("col.light"), "mid"),
        Column(t("col.status"), "mid"),
    ]
    for group in comparison.groups:
        rows = []
        for rank, a in group.items:
            county = registry.county_by_id(a.target.county)
            rows.append(
                [
                    esc(rank or ""),
                    esc(county_label(county)),
                    f'{esc(target_title(a.target))}<span class="target">'
                    f"{esc(target_text(a.target))}</span>",
                    esc(current_text(a)),
                    esc(_pct(a.percent)),
                    _gap(a),
                    badge(a.light),
                    status_span(a.status),
                ]
            )
        out += [f"<h2>{esc(t('compare.group', tag=group.tag))}</h2>", table(columns, rows)]
    if comparison.years:
        kinds = ("name", "goal", "num", "num", "num", "goal", "num", "goal")
        year_columns = [Column(h, k) for h, k in zip(year_headers(), kinds, strict=True)]
        year_rows = [[esc(cell) for cell in cells] for cells in year_cells(comparison)]
        out += [f"<h2>{esc(t('compare.years'))}</h2>", table(year_columns, year_rows)]
    out.append(f'<ul class="legend"><li>{esc(t("compare.legend"))}</li>')
    if comparison.years:
        out.append(f"<li>{esc(t('compare.years_legend'))}</li>")
    out.append("</ul>")
    return "\n".join(out)


def compare_html(comparison: Comparison, *, width: int = 0) -> str:
    return page(_compare_title(comparison), compare_body(comparison), _lang())


def compare_svg(comparison: Comparison, *, width: int = 0) -> str:
    """One bar chart per compare tag, stacked in one picture."""
    registry = comparison.registry
    charts = []
    for group in comparison.groups:
        bars = [
            Bar(
                f"{county_brief(registry.county_by_id(a.target.county))} {target_title(a.target)}",
                a.percent,
                _pct(a.percent),
            )
            for _rank, a in group.items
        ]
        charts.append(
            bar_chart(bars, title=t("compare.group", tag=group.tag), marker=None, marker_label="")
        )
    return stack(charts, _compare_title(comparison))


def stack(charts: list[str], title: str) -> str:
    """Several SVG charts one under another, as one standalone picture."""
    import re

    y = 30
    width = 0
    parts = []
    for chart in charts:
        match = re.search(r'width="(\d+)" height="(\d+)"', chart)
        w, h = (int(match.group(1)), int(match.group(2))) if match else (720, 200)
        parts.append(f'<g transform="translate(0,{y})">{chart}</g>')
        y += h + 16
        width = max(width, w)
    width = max(width, 400)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{y}" '
        f"viewBox=\"0 0 {width} {y}\" font-family='{FONT_STACK}'>"
        f"<title>{esc(title)}</title>"
        '<rect width="100%" height="100%" fill="#FFFFFF"/>'
        f'<text x="0" y="20" font-size="18" font-weight="bold">{esc(title)}</text>'
        + "".join(parts)
        + "</svg>\n"
    )
