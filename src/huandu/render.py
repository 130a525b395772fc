"""Everything that knows Rich. Cells are always `Text` built from `visible()` strings, so nothing a
person typed is ever read as markup or reaches the terminal as a control sequence."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from huandu.formatting import (
    category_label,
    county_label,
    figure_text,
    iso,
    target_text,
    target_title,
)
from huandu.i18n import language, t
from huandu.model import County, Registry, Target
from huandu.text import visible, visible_multiline

if TYPE_CHECKING:
    from rich.console import RenderableType

    from huandu.report import Report


def make_console(*, stderr: bool = False, width: int | None = None) -> Console:
    # markup/emoji/highlight off: text is printed as given, never interpreted.
    return Console(
        stderr=stderr,
        markup=False,
        emoji=False,
        highlight=False,
        width=width,
    )


def plain(value: object, style: str = "") -> Text:
    return Text(visible(value), style=style)


def _table(columns: Sequence[tuple[str, dict]], *, simple: bool = False) -> Table:
    if simple:
        # Space-separated columns with padding only on the right: every cell counts at 80 columns.
        table = Table(box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0), pad_edge=False, show_edge=False)
    else:
        table = Table(expand=False, show_lines=False)
    for header, options in columns:
        table.add_column(Text(visible_multiline(header)), **options)
    return table


def list_tables(
    registry: Registry, groups: Iterable[tuple[County, list[Target]]], quote: bool
) -> list[Group]:
    tables = []
    for county, targets in groups:
        columns: list[tuple[str, dict]] = [
            (t("col.id"), {"style": "cyan", "overflow": "fold", "min_width": 10, "ratio": 3}),
            (t("col.title"), {"overflow": "fold", "min_width": 8, "ratio": 3}),
            (t("col.target"), {"justify": "right", "overflow": "fold", "min_width": 6, "ratio": 2}),
            (t("col.deadline"), {"no_wrap": True}),
            (t("col.category"), {"overflow": "fold", "min_width": 4, "ratio": 1}),
        ]
        if quote:
            columns.append((t("col.quote"), {"overflow": "fold", "min_width": 8, "ratio": 4}))
        heading = t("list.heading", county=county_label(county), positioning=county.positioning)
        table = _table(columns)
        for target in targets:
            row = [
                plain(target.id),
                plain(target_title(target)),
                plain(target_text(target)),
                plain(iso(target.deadline)),
                plain(category_label(target.category)),
            ]
            if quote:
                row.append(plain(target.quote, "dim"))
            table.add_row(*row)
        tables.append(Group(plain(heading, "bold"), table))
    return tables


def fit(console: Console, renderable: Group | Table) -> Group | Table:
    """Let a table that is wider than the terminal share the width by its columns' ratios.

    Rich sizes columns by content; a long unbroken id or a Chinese sentence (no spaces) then asks
    for more than an 80-column terminal has and the right edge is cut off. Expanding such a table
    makes Rich divide the width it really has.
    """
    tables = (
        [r for r in renderable.renderables if isinstance(r, Table)]
        if isinstance(renderable, Group)
        else [renderable]
    )
    for table in tables:
        if console.measure(table).maximum > console.width:
            table.expand = True
    return renderable


def print_tables(console: Console, tables: Iterable[Group | Table]) -> None:
    for index, table in enumerate(tables):
        if index:
            console.print()
        console.print(fit(console, table))


def print_lines(console: Console, lines: Iterable[str], style: str = "") -> None:
    for line in lines:
        console.print(plain(line, style))


def _value_cell(row: dict) -> str:
    from huandu.formatting import figure_text

    if row["action"] == "undo":
        return t("log.undo_of", seq=row["retracts"])
    return figure_text(row["value"], row["unit"], row["stage"])


def _status_cell(row: dict) -> Text:
    if row["status"] == "retracted":
        return plain(t("log.status.retracted", seq=row["retracted_by"]), "red")
    if row["status"] == "retraction":
        return plain(t("log.status.retraction"), "yellow")
    return plain(t("log.status.active"), "green")


def log_table(rows: list[dict], *, with_goal: bool = True) -> Table:
    columns: list[tuple[str, dict]] = [
        ("#", {"justify": "right", "no_wrap": True}),
        (t("col.date"), {"no_wrap": True}),
    ]
    if with_goal:
        columns.append((t("col.goal_id"), {"overflow": "fold", "style": "cyan", "min_width": 10}))
    columns += [
        (t("col.value"), {"justify": "right", "overflow": "fold", "min_width": 8}),
        (t("col.note"), {"overflow": "fold", "min_width": 6}),
        (t("col.source"), {"overflow": "fold", "min_width": 6}),
        (t("col.by"), {"overflow": "fold", "min_width": 4}),
        (t("col.status"), {"overflow": "fold", "min_width": 6}),
    ]
    table = _table(columns)
    table.show_edge = False
    for row in rows:
        date = row["date"] or row["recorded_at"][:10]
        style = "dim" if row["status"] == "retracted" else ""
        cells = [plain(row["seq"]), plain(date, style)]
        if with_goal:
            cells.append(plain(row["target"] or ""))
        cells += [
            plain(_value_cell(row), style),
            plain(row["note"], style),
            plain(row["source"], style),
            plain(row["by"], style),
            _status_cell(row),
        ]
        table.add_row(*cells)
    return table


def show_goal(console: Console, registry: Registry, goal: Target, detail: dict) -> None:
    from huandu.formatting import county_label, target_title

    county = registry.county_by_id(goal.county)
    console.print(plain(f"{target_title(goal)}  ({goal.id})", "bold"))
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column(overflow="fold")
    facts.add_row(plain(t("show.county")), plain(county_label(county)))
    facts.add_row(plain(t("col.category")), plain(category_label(goal.category)))
    facts.add_row(plain(t("col.target")), plain(target_text(goal)))
    facts.add_row(plain(t("col.deadline")), plain(iso(goal.deadline)))
    facts.add_row(plain(t("col.quote")), plain(f"“{goal.quote}”"))
    facts.add_row(plain(t("show.source")), plain(registry.plan.source))
    if detail["current"] is None:
        facts.add_row(plain(t("show.latest")), plain(t("show.no_data")))
    else:
        value = figure_text(detail["current"], detail["unit"], detail["stage"])
        facts.add_row(
            plain(t("show.latest")),
            plain(t("show.latest_value", value=value, date=detail["updated"])),
        )
        facts.add_row(plain(t("show.percent")), plain(f"{detail['percent']:.1f}%"))
    console.print(facts)
    console.print()
    if detail["history"]:
        console.print(plain(t("show.history"), "bold"))
        console.print(log_table(detail["history"], with_goal=False))
    else:
        console.print(plain(t("hint.first_update_for", id=goal.id)))


# ---------------------------------------------------------------- report

STATUS_STYLES = {
    "done": "bold green",
    "on_track": "green",
    "behind": "yellow",
    "far_behind": "bold red",
    "overdue": "bold magenta",
    "no_data": "dim",
}
BAR_WIDTH = 8


def status_text(status: str) -> Text:
    """A status is always a word; colour only adds to it (never colour alone)."""
    return plain(t(f"status.{status}"), STATUS_STYLES.get(status, ""))


def completion_bar(percent: float | None) -> Text:
    if percent is None:
        return plain("—", "dim")
    filled = round(max(0.0, min(percent, 100.0)) / 100 * BAR_WIDTH)
    bar = Text("█" * filled, style="green" if percent >= 100 else "cyan")
    bar.append("░" * (BAR_WIDTH - filled), style="dim")
    bar.append(f" {percent:5.1f}%")
    return bar


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def report_renderables(report: Report) -> list[RenderableType]:
    """The whole report as Rich renderables, shared by the terminal, HTML and SVG outputs."""
    import datetime as dt

    from huandu.formatting import (
        amount_with_unit,
        county_label,
        stage_label,
        target_text,
        target_title,
    )
    from huandu.progress import STATUSES, time_progress

    data = report.data
    registry = report.registry
    plan = registry.plan
    as_of = data["as_of"]
    overall = time_progress(plan.start, plan.end, dt.date.fromisoformat(as_of))
    title = plan.title_en if language() == "en" and plan.title_en else plan.title
    out: list[RenderableType] = [
        plain(t("report.heading", title=title, as_of=as_of, expected=f"{overall:.1f}"), "bold")
    ]

    labels = [county_label(c) for c in registry.counties] + [t("report.ring")]
    county_width = min(12, max(cell_len(label) for label in labels))
    numeric = {"justify": "right", "no_wrap": True}
    summary = _table(
        [
            (t("col.rank"), numeric),
            (t("col.county"), {"overflow": "fold", "min_width": county_width}),
            (t("col.goals"), numeric),
            # Two-line headers ("far / behind") keep the count columns narrow.
            *[(t(f"col.status.{s}"), numeric) for s in STATUSES],
            (t("col.mean"), numeric),
        ],
        simple=True,
    )
    rows = [*data["counties"]]
    for index, row in enumerate(rows):
        county = registry.county_by_id(row["county_id"])
        summary.add_row(
            plain(row["rank"]),
            plain(county_label(county)),
            plain(row["targets"]),
            *[plain(row[s] or "", STATUS_STYLES[s] if row[s] else "") for s in STATUSES],
            plain(_percent(row["mean_percent"])),
            end_section=index == len(rows) - 1,
        )
    ring = data["ring"]
    summary.add_row(
        plain(""),
        plain(t("report.ring"), "bold"),
        plain(ring["targets"]),
        *[plain(ring[s] or "", STATUS_STYLES[s] if ring[s] else "") for s in STATUSES],
        plain(_percent(ring["mean_percent"]), "bold"),
    )
    out += [plain(""), plain(t("report.summary"), "bold"), summary]
    if not report.assessments:
        out += [plain(""), plain(t("report.nothing_listed", as_of=as_of))]

    by_county: dict[str, list] = {}
    for assessment in report.assessments:
        by_county.setdefault(assessment.target.county, []).append(assessment)
    for county in registry.counties:
        items = by_county.get(county.id)
        if not items:
            continue
        table = _table(
            [
                (t("col.title"), {"overflow": "fold", "min_width": 10, "ratio": 1}),
                (t("col.current"), {"justify": "right", "overflow": "fold"}),
                (t("col.completion"), {"no_wrap": True}),
                (t("col.expected"), {"justify": "right", "min_width": 6}),
                (t("col.status"), {"min_width": 4}),
                (t("col.updated"), {"no_wrap": True}),
            ],
            simple=True,
        )
        for a in items:
            goal = a.target
            name = plain(target_title(goal))
            name.append("\n")
            name.append(plain(target_text(goal), "dim"))
            if a.current is None:
                current = plain("—", "dim")
            elif goal.is_milestone and a.latest is not None and a.latest.stage:
                current = plain(stage_label(a.latest.stage))
            else:
                current = plain(
                    amount_with_unit(a.current, goal.unit.symbol if goal.unit else None)
                )
            table.add_row(
                name,
                current,
                completion_bar(a.percent),
                plain(_percent(a.expected)),
                status_text(a.status),
                plain(a.updated.isoformat() if a.updated else "—"),
            )
        heading = t(
            "report.county_heading", county=county_label(county), positioning=county.positioning
        )
        out += [plain(""), plain(heading, "bold"), table]

    out += [
        plain(""),
        plain(
            t(
                "report.legend",
                behind=f"{plan.behind_points:g}",
                far=f"{plan.far_behind_points:g}",
            ),
            "dim",
        ),
    ]
    if not report.has_data:
        out += [plain(t("report.no_data_yet")), plain(t("hint.first_update"))]
    return out


def record_console(width: int = 110) -> Console:
    """A console that renders into memory, for saving the report as HTML or SVG."""
    import io

    return Console(
        record=True,
        width=width,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        markup=False,
        emoji=False,
        highlight=False,
    )
