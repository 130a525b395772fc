"""Everything that knows Rich. Cells are always `Text` built from `visible()` strings, so nothing a
person typed is ever read as markup or reaches the terminal as a control sequence."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from huandu.domain.model import County, Registry, Target
from huandu.i18n import language, t
from huandu.output.words import (
    category_label,
    county_label,
    expected_words,
    figure_text,
    iso,
    period_text,
    plan_source,
    plan_title,
    target_text,
    target_title,
)
from huandu.text import visible, visible_multiline

if TYPE_CHECKING:
    from rich.console import RenderableType

    from huandu.domain.compare import Comparison
    from huandu.domain.monthly import MonthCell, Monthly
    from huandu.domain.progress import Assessment
    from huandu.domain.report import Report


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


# From this many columns up a goal's target and category keep their natural width in `list`.
PHRASES_KEEP_FROM_WIDTH = 72


def list_tables(
    registry: Registry,
    groups: Iterable[tuple[County, list[Target]]],
    quote: bool,
    width: int = 100,
) -> list[Group]:
    """One table per county. From `PHRASES_KEEP_FROM_WIDTH` columns up (more with the quotes, which
    need the room), targets and categories (short phrases) keep their natural width, up to a cap,
    rather than a share by ratio, so "Agriculture" is not cut in two; below it every column shares
    the width."""
    keep = width >= PHRASES_KEEP_FROM_WIDTH + (40 if quote else 0)
    short_phrase = {"max_width": 18} if keep else {"min_width": 6, "ratio": 2}
    category = {"max_width": 12} if keep else {"min_width": 4, "ratio": 1}
    tables = []
    for county, targets in groups:
        columns: list[tuple[str, dict]] = [
            (t("col.id"), {"style": "cyan", "overflow": "fold", "min_width": 10, "ratio": 3}),
            (t("col.title"), {"overflow": "fold", "min_width": 8, "ratio": 3}),
            (t("col.target"), {"justify": "right", "overflow": "fold", **short_phrase}),
            (t("col.deadline"), {"no_wrap": True}),
            (t("col.category"), {"overflow": "fold", **category}),
        ]
        if quote:
            columns.append((t("col.quote"), {"overflow": "fold", "min_width": 8, "ratio": 4}))
        # 牵头单位 only when the registry names one for a goal listed (the bundled plan names none).
        leads = [registry.responsible(target)[0] for target in targets]
        if any(leads):
            columns.append((t("col.lead"), {"overflow": "fold", "min_width": 6, "ratio": 2}))
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
            if any(leads):
                row.append(plain(registry.responsible(target)[0]))
            table.add_row(*row)
        tables.append(Group(plain(heading, "bold"), table))
    return tables


def fit_width(renderable: Group | Table, width: int) -> Group | Table:
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
        if _natural_width(table) > width:
            table.expand = True
    return renderable


def presize(renderable: object) -> None:
    """Give every no-wrap column of plain `Text` cells its width up front.

    Rich otherwise measures each cell of each column before rendering, which is most of what a
    report costs; for a column that never wraps, the widest line is the answer anyway.
    """
    if isinstance(renderable, Group):
        for part in renderable.renderables:
            presize(part)
        return
    if not isinstance(renderable, Table):
        return
    for column in renderable.columns:
        if not column.no_wrap or column.width is not None:
            continue
        cells = (column.header, *column.cells)
        if not all(isinstance(cell, Text) for cell in cells):
            continue
        widest = max(cell_len(line) for cell in cells for line in cell.plain.split("\n"))
        column.width = max(widest, column.min_width or 0)


def print_parts(console: Console, parts: list[RenderableType]) -> None:
    """Print a report's parts in one go (one `print` call, not one per part, is cheaper)."""
    for part in parts:
        presize(part)
    console.print(Group(*parts))


def _natural_width(table: Table) -> int:
    """The width a table of plain `Text` cells asks for: each column's widest line, padding and
    borders. Cheaper than Rich's own measuring, which `list` would otherwise do twice."""
    total = len(table.columns) + 1  # vertical borders
    for column in table.columns:
        widest = 0
        for cell in (column.header, *column.cells):
            if isinstance(cell, Text):
                widest = max(widest, *(cell_len(line) for line in cell.plain.split("\n")))
        total += widest + 2  # padding
    return total


def _value_cell(row: dict) -> str:
    from huandu.output.words import figure_text

    if row["action"] == "undo":
        return t("log.undo_of", seq=row["retracts"])
    return figure_text(row["value"], row["unit"], row["stage"])


def _status_cell(row: dict) -> Text:
    if row["status"] == "retracted":
        return plain(t("log.status.retracted", seq=row["retracted_by"]), "red")
    if row["status"] == "retraction":
        return plain(t("log.status.retraction"), "yellow")
    return plain(t("log.status.active"), "green")


def _recorded_cell(row: dict, style: str) -> Text:
    """When the entry was written into the store, to the minute as the store's clock said, and
    by whom (its database role, or OS user) on a line of its own, so that a narrow column never
    cuts the role in two: `2024-06-30 09:15` / `liaison_yiyang`."""
    cell = plain(row["recorded_at"][:16].replace("T", " "), style)
    if row["recorded_by"]:  # the role is the store's text: shown as text, on its own line
        cell.append_text(Text("\n")).append_text(plain(row["recorded_by"], style))
    return cell


def log_table(rows: list[dict], *, with_goal: bool = True) -> Table:
    """The log: a note or source column only when some entry has one. The value, 录入 (a
    date-time, the role under it) and status never wrap; on a terminal narrower than the log
    (`fit_width`) the columns of words share what is left by their ratios."""
    columns: list[tuple[str, dict]] = [
        ("#", {"justify": "right", "no_wrap": True}),
        (t("col.date"), {"no_wrap": True}),
    ]
    if with_goal:
        columns.append((t("col.goal_id"), {"overflow": "fold", "style": "cyan", "ratio": 3}))
    columns.append((t("col.value"), {"justify": "right", "no_wrap": True}))
    texts = [key for key in ("note", "source") if any(row[key] for row in rows)]
    columns += [(t(f"col.{key}"), {"overflow": "fold", "ratio": 2}) for key in texts]
    columns += [
        (t("col.by"), {"overflow": "fold", "ratio": 2}),
        (t("col.recorded"), {"no_wrap": True}),
        (t("col.status"), {"no_wrap": True}),
    ]
    table = _table(columns, simple=True)  # no rules between columns: every cell counts at 80
    for row in rows:
        date = row["date"] or row["recorded_at"][:10]
        style = "dim" if row["status"] == "retracted" else ""
        cells = [plain(row["seq"]), plain(date, style)]
        if with_goal:
            cells.append(plain(row["target"] or ""))
        cells.append(plain(_value_cell(row), style))
        cells += [plain(row[key], style) for key in texts]
        cells += [
            plain(row["by"], style),
            _recorded_cell(row, style),
            _status_cell(row),
        ]
        table.add_row(*cells)
    return table


def show_goal_parts(
    registry: Registry, goal: Target, detail: dict, earlier_goal: Target | None = None
) -> list[RenderableType]:
    """`huandu show`: the goal's facts, then its history."""
    county = registry.county_by_id(goal.county)
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column(overflow="fold")
    facts.add_row(plain(t("show.county")), plain(county_label(county)))
    facts.add_row(plain(t("col.category")), plain(category_label(goal.category)))
    facts.add_row(plain(t("col.target")), plain(target_text(goal)))
    facts.add_row(plain(t("col.deadline")), plain(iso(goal.deadline)))
    facts.add_row(plain(t("col.quote")), plain(t("show.quoted", quote=goal.quote)))
    facts.add_row(plain(t("show.source")), plain(plan_source(registry.plan)))
    lead, contact = registry.responsible(goal)
    if lead:
        facts.add_row(plain(t("col.lead")), plain(lead))
    if contact:
        facts.add_row(plain(t("col.contact")), plain(contact))
    if detail["current"] is None:
        facts.add_row(plain(t("show.latest")), plain(t("show.no_data")))
    else:
        value = figure_text(detail["current"], detail["unit"], detail["stage"])
        facts.add_row(
            plain(t("show.latest")),
            plain(t("show.latest_value", value=value, date=detail["updated"])),
        )
        facts.add_row(plain(t("show.percent")), plain(f"{detail['percent']:.1f}%"))
        if detail["note"]:
            facts.add_row(plain(t("col.note_progress")), plain(detail["note"]))
    if goal.nodes:
        nodes = Text()
        for index, (node, reached) in enumerate(zip(goal.nodes, detail["reached"], strict=True)):
            if index:
                nodes.append("\n")
            mark = t("show.node_reached") if reached else t("show.node_open")
            nodes.append(plain(t("show.node", name=node.name, due=iso(node.due), mark=mark),
                               "green" if reached else ""))  # fmt: skip
        facts.add_row(plain(t("show.nodes")), nodes)
    earlier = detail.get("earlier")
    if earlier is not None and earlier_goal is not None:
        old = earlier_goal
        line = plain(t("show.earlier_goal", year=earlier["plan_year"], title=target_title(old),
                       target=target_text(old), plan=earlier["plan"]))  # fmt: skip
        line.append("\n")
        line.append(plain(t("show.earlier_same_day", date=earlier["same_day"]["as_of"])))
        line.append(earlier_text(old, earlier["same_day"]))
        line.append("\n")
        line.append(plain(t("show.earlier_final", date=earlier["final"]["as_of"])))
        line.append(earlier_text(old, earlier["final"]))
        facts.add_row(plain(t("show.earlier")), line)
    parts: list[RenderableType] = [
        plain(f"{target_title(goal)}  ({goal.id})", "bold"),
        facts,
        plain(""),
    ]
    if detail["history"]:
        parts += [plain(t("show.history"), "bold"), log_table(detail["history"], with_goal=False)]
    else:
        parts.append(plain(t("hint.first_update_for", id=goal.id)))
    return parts


# ---------------------------------------------------------------- report

STATUS_STYLES = {
    "done": "bold green",
    "on_track": "green",
    "behind": "yellow",
    "far_behind": "bold red",
    "over_ceiling": "bold red",
    "overdue": "bold magenta",
    "no_data": "dim",
}
LIGHT_STYLES = {"green": "bold green", "yellow": "bold yellow", "red": "bold red"}
BAR_WIDTH = 8
MONTHLY_TITLE_WIDTH = 16


def status_text(status: str) -> Text:
    """A status is always a word; colour only adds to it (never colour alone)."""
    return plain(t(f"status.{status}"), STATUS_STYLES.get(status, ""))


def light_text(light: str | None) -> Text:
    """绿 / 黄 / 红 as a coloured word (a dash without data): the word carries the meaning."""
    from huandu.output.words import light_word

    if light is None:
        return plain("—", "dim")
    return plain(light_word(light), LIGHT_STYLES.get(light, ""))


def gap_text(a: Assessment) -> Text:
    from huandu.output.words import gap_words

    style = "dim" if a.gap is None else ("red" if shows_negative(a.gap) else "")
    return plain(gap_words(a), style)


def shows_negative(points: float | None) -> bool:
    """Whether a gap reads as negative once rounded: −0.04 prints as 0.0 and is not red."""
    return points is not None and round(points, 1) < 0


# Below these many columns the completion bar, then the long headers, give their room to the
# goal's title.
BAR_FROM_WIDTH = 120
LONG_HEADERS_FROM_WIDTH = 100


def completion_bar(percent: float | None, width: int = BAR_WIDTH) -> Text:
    if percent is None:
        return plain("—", "dim")
    if width <= 0:
        return plain(f"{percent:.1f}%", "green" if percent >= 100 else "")
    filled = round(max(0.0, min(percent, 100.0)) / 100 * width)
    bar = Text("█" * filled, style="green" if percent >= 100 else "cyan")
    bar.append("░" * (width - filled), style="dim")
    bar.append(f" {percent:5.1f}%")
    return bar


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _report_heading(registry: Registry, as_of: str) -> Text:
    import datetime as dt

    from huandu.domain.progress import expected_progress

    plan = registry.plan
    overall = expected_progress(plan, plan.end, dt.date.fromisoformat(as_of))
    title = plan.title_en if language() == "en" and plan.title_en else plan.title
    return plain(t("report.heading", title=title, as_of=as_of, expected=f"{overall:.1f}"), "bold")


def _county_summary(report: Report) -> Table:
    from huandu.domain.progress import statuses_of
    from huandu.output.words import signed_points

    data, registry = report.data, report.registry
    shown = statuses_of(registry.targets)  # over the ceiling only where there is a ceiling
    labels = [county_label(c) for c in registry.counties] + [t("report.ring")]
    # As wide as the longest word of a name (Chinese names are one word): names wrap between
    # words, never inside one.
    county_width = min(12, max(cell_len(word) for label in labels for word in label.split()))
    numeric = {"justify": "right", "no_wrap": True}
    summary = _table(
        [
            (t("col.rank"), numeric),
            (t("col.county"), {"overflow": "fold", "min_width": county_width}),
            (t("col.goals"), numeric),
            # Two-line headers ("far / behind") keep the count columns narrow.
            *[(t(f"col.status.{s}"), numeric) for s in shown],
            (t("col.mean"), numeric),
            (t("col.vs_ring"), numeric),
        ],
        simple=True,
    )
    rows = [*data["counties"]]
    for index, row in enumerate(rows):
        county = registry.county_by_id(row["county_id"])
        vs_ring = row["vs_ring"]
        summary.add_row(
            plain(row["rank"] or ""),
            plain(county_label(county)),
            plain(row["targets"]),
            *[plain(row[s] or "", STATUS_STYLES[s] if row[s] else "") for s in shown],
            plain(_percent(row["mean_percent"])),
            plain(
                "" if vs_ring is None else signed_points(vs_ring),
                "red" if shows_negative(vs_ring) else "",
            ),
            end_section=index == len(rows) - 1,
        )
    ring = data["ring"]
    summary.add_row(
        plain(""),
        plain(t("report.ring"), "bold"),
        plain(ring["targets"]),
        *[plain(ring[s] or "", STATUS_STYLES[s] if ring[s] else "") for s in shown],
        plain(_percent(ring["mean_percent"]), "bold"),
        plain(""),
    )
    return summary


def current_text(a: Assessment) -> Text:
    from huandu.output.words import amount_with_unit, stage_label

    goal = a.target
    if a.current is None:
        return plain("—", "dim")
    if goal.is_milestone and a.latest is not None and a.latest.stage:
        return plain(stage_label(a.latest.stage))
    return plain(amount_with_unit(a.current, goal.unit.symbol if goal.unit else None))


def updated_text(a: Assessment) -> Text:
    """The date of the latest figure, and under it how long ago when it is stale."""
    from huandu.output.words import stale_text

    if a.updated is None:
        return plain("—")
    cell = plain(a.updated.isoformat())
    if a.stale and a.days_since_update is not None:
        # Under the date, on lines of their own, so the column stays as wide as a date.
        for line in stale_text(a.days_since_update).splitlines():
            cell.append("\n")
            cell.append(plain(line, "yellow"))
    return cell


def goal_title(goal: Target, a: Assessment | None = None, registry: Registry | None = None) -> Text:
    """The goal's title, its target under it, then (when there are) the latest figure's note
    (进展情况) and the responsible unit, each on a line of its own."""
    name = plain(target_title(goal))
    name.append("\n")
    name.append(plain(target_text(goal), "dim"))
    note = a.latest.note if a is not None and a.latest is not None else ""
    if note:
        name.append("\n")
        name.append(plain(t("report.note_line", note=visible(note)), "italic"))
    lead = registry.responsible(goal)[0] if registry is not None else ""
    if lead:
        name.append("\n")
        name.append(plain(t("report.lead_line", lead=lead), "dim"))
    return name


def report_renderables(report: Report, width: int = 120) -> list[RenderableType]:
    """The whole report as Rich renderables, shared by the terminal, HTML and SVG outputs.

    `width` is the console's: below `BAR_FROM_WIDTH` columns completion is a number without a bar,
    below `LONG_HEADERS_FROM_WIDTH` the long column headers are abbreviated.
    """
    from huandu.output.words import legend_lines

    data = report.data
    registry = report.registry
    as_of = data["as_of"]
    out: list[RenderableType] = [_report_heading(registry, as_of)]
    out += [plain(""), plain(t("report.summary"), "bold"), _county_summary(report)]
    if not report.assessments:
        out += [plain(""), plain(t("report.nothing_listed", as_of=as_of))]

    if len(report.assessments) > SCREEN_ROWS and not report.show_all:
        out += _attention(report, width)
    else:
        by_county: dict[str, list] = {}
        for assessment in report.assessments:
            by_county.setdefault(assessment.target.county, []).append(assessment)
        for county in registry.counties:
            items = by_county.get(county.id)
            if not items:
                continue
            heading = t(
                "report.county_heading",
                county=county_label(county),
                positioning=county.positioning,
            )
            out += [plain(""), plain(heading, "bold"), _goals_table(registry, items, width)]

    out.append(plain(""))
    out += [
        plain(line, "dim")
        for line in legend_lines(registry, (a.target for a in report.assessments))
    ]
    if not report.has_data:
        out += [plain(t("report.no_data_yet")), plain(t("hint.first_update"))]
    return out


#: A table on the screen lists at most this many goals unless --all is given: a province's
#: thousands of goals are read in a workbook or a document; the screen shows what needs a push.
SCREEN_ROWS = 60
_ATTENTION = ("overdue", "over_ceiling", "far_behind", "behind")


def _goals_table(
    registry: Registry, items: list[Assessment], width: int, *, with_county: bool = False
) -> Table:
    wide = width >= LONG_HEADERS_FROM_WIDTH
    bar = BAR_WIDTH if width >= BAR_FROM_WIDTH else 0
    completion = {"no_wrap": True, "justify": "left" if bar else "right"}
    numeric = {"justify": "right", "min_width": 5}
    columns: list[tuple[str, dict]] = [
        (t("col.title"), {"overflow": "fold", "min_width": 10, "ratio": 1}),
        (t("col.current"), {"justify": "right", "overflow": "fold"}),
        (t("col.completion" if wide else "col.completion_short"), completion),
        (t("col.expected" if wide else "col.expected_short"), numeric),
        (t("col.gap"), {"justify": "right", "no_wrap": True}),
        (t("col.light"), {"no_wrap": True}),
        (t("col.status"), {"min_width": 4}),
        (t("col.updated"), {"no_wrap": True}),
    ]
    if with_county:
        columns.insert(0, (t("col.county"), {"no_wrap": True}))
    table = _table(columns, simple=True)
    for a in items:
        cells = [
            goal_title(a.target, a, registry),
            current_text(a),
            completion_bar(a.percent, bar),
            plain(expected_words(a)),
            gap_text(a),
            light_text(a.light),
            status_text(a.status),
            updated_text(a),
        ]
        if with_county:
            from huandu.output.words import county_brief

            cells.insert(0, plain(county_brief(registry.county_by_id(a.target.county))))
        table.add_row(*cells)
    return table


def _attention(report: Report, width: int) -> list[RenderableType]:
    """A report of more goals than a screen holds: the ones that need a push, worst first
    (overdue, then far behind, then behind, each by its gap), at most `SCREEN_ROWS` of them."""
    order = {status: rank for rank, status in enumerate(_ATTENTION)}
    lagging = sorted(
        (a for a in report.assessments if a.status in order),
        key=lambda a: (order[a.status], a.gap if a.gap is not None else 0.0),
    )
    shown = lagging[:SCREEN_ROWS]
    heading = t("report.attention", shown=len(shown), total=len(lagging))
    out: list[RenderableType] = [plain(""), plain(heading, "bold")]
    if shown:
        out.append(_goals_table(report.registry, shown, width, with_county=True))
    out += [
        plain(""),
        plain(t("report.screen_limit", listed=len(report.assessments), shown=len(shown)), "dim"),
    ]
    return out


def _plan_title(registry: Registry) -> str:
    plan = registry.plan
    return plan.title_en if language() == "en" and plan.title_en else plan.title


def month_cell(cell: MonthCell) -> Text:
    """45 黄 / 45 Y: completion rounded to a whole percent and the light, coloured."""
    from huandu.output.words import light_letter

    if cell.percent is None:
        return plain("—", "dim")
    text = plain(f"{cell.percent:.0f} ")
    text.append(plain(light_letter(cell.light), LIGHT_STYLES.get(cell.light or "", "")))
    return text


def _monthly_table(monthly: Monthly, rows: list, shown: int, widths: dict[str, int]) -> Table:
    """One group of goals; `widths` fixes every column but the title's, so that the groups'
    tables line up under each other."""
    from huandu.output.words import county_brief, month_label

    year = monthly.registry.plan.year
    points = monthly.points[len(monthly.points) - shown :]
    columns: list[tuple[str, dict]] = [
        (t("col.county"), {"no_wrap": True, "width": widths["county"]}),
        (t("col.title"), {"overflow": "fold", "min_width": MONTHLY_TITLE_WIDTH, "ratio": 1}),
    ]
    for index, day in enumerate(points):
        partial = monthly.partial_last and index == len(points) - 1
        label = month_label(day, year, partial=partial, sep="\n")
        columns.append((label, {"justify": "right", "no_wrap": True, "width": widths["month"]}))
    columns.append(
        (t("col.streak"), {"justify": "right", "no_wrap": True, "width": widths["streak"]})
    )
    table = _table(columns, simple=True)
    table.expand = True
    for row in rows:
        county = monthly.registry.county_by_id(row.target.county)
        streak = plain(row.streak or "", "bold red" if row.escalate else "")
        table.add_row(
            plain(county_brief(county)),
            plain(target_title(row.target)),
            *[month_cell(cell) for cell in row.cells[len(row.cells) - shown :]],
            streak,
        )
    return table


def _monthly_widths(monthly: Monthly) -> dict[str, int]:
    from huandu.output.words import county_brief, month_label

    counties = [county_brief(monthly.registry.county_by_id(r.target.county)) for r in monthly.rows]
    year = monthly.registry.plan.year
    labels = [
        line
        for index, day in enumerate(monthly.points)
        for line in month_label(
            day, year, partial=monthly.partial_last and index == len(monthly.points) - 1, sep="\n"
        ).split("\n")
    ]
    cells = [month_cell(cell).cell_len for row in monthly.rows for cell in row.cells]
    streaks = [len(str(row.streak)) for row in monthly.rows]
    return {
        "county": max(cell_len(name) for name in [*counties, t("col.county")]),
        "month": max([*cells, *(cell_len(label) for label in labels)]),
        "streak": max([*streaks, *(cell_len(line) for line in t("col.streak").split("\n"))]),
    }


def _monthly_fit(widths: dict[str, int], total: int, width: int) -> int:
    """How many of the latest months fit `width` beside the county, title and streak columns
    (each column takes its width plus two cells of padding and rule, the last one cell less)."""
    fixed = widths["county"] + MONTHLY_TITLE_WIDTH + widths["streak"] + 3 * 2 - 1
    return max(1, min(total, (width - fixed) // (widths["month"] + 2)))


def monthly_renderables(monthly: Monthly, width: int = 120) -> list[RenderableType]:
    """The month-by-month view: escalations first, as many of the latest months as fit `width`."""
    from huandu.domain.monthly import ESCALATE_AFTER

    registry = monthly.registry
    as_of = monthly.as_of.isoformat()
    out: list[RenderableType] = [
        plain(t("monthly.heading", title=_plan_title(registry), as_of=as_of), "bold")
    ]
    if not monthly.points:
        start = registry.plan.start.isoformat()
        return [*out, plain(t("monthly.no_months", as_of=as_of, start=start))]
    if not monthly.rows:
        return [*out, plain(""), plain(t("monthly.nothing_listed"))]
    listed = len(monthly.rows)
    if listed > SCREEN_ROWS and not monthly.show_all:  # the longest streaks first, as sorted
        monthly = monthly._replace(rows=monthly.rows[:SCREEN_ROWS])
    escalated = [row for row in monthly.rows if row.escalate]
    others = [row for row in monthly.rows if not row.escalate]
    groups = []
    if escalated:
        heading = t("monthly.escalate", months=ESCALATE_AFTER, count=len(escalated))
        groups.append((heading, "bold red", escalated))
    if others:
        groups.append((t("monthly.others" if escalated else "monthly.all"), "bold", others))

    widths = _monthly_widths(monthly)
    total = len(monthly.points)
    shown = _monthly_fit(widths, total, width)
    for heading, style, rows in groups:
        out += [plain(""), plain(heading, style), _monthly_table(monthly, rows, shown, widths)]
    out.append(plain(""))
    if len(monthly.rows) < listed:
        out.append(plain(t("monthly.screen_limit", listed=listed, shown=len(monthly.rows)), "dim"))
    if shown < total:
        out.append(plain(t("monthly.shown_last", shown=shown, total=total), "dim"))
    out.append(plain(t("monthly.legend"), "dim"))
    return out


def compare_renderables(comparison: Comparison) -> list[RenderableType]:
    """Each compare tag's goals, county by county, best completion first."""
    from huandu.output.words import county_brief

    registry = comparison.registry
    as_of = comparison.data["as_of"]
    out: list[RenderableType] = [
        plain(t("compare.heading", title=_plan_title(registry), as_of=as_of), "bold")
    ]
    tagged = any(goal.compare for goal in registry.targets)
    if not tagged and not comparison.years:
        return [*out, plain(""), plain(t("compare.none"))]
    if tagged and not comparison.groups and not comparison.years:
        return [*out, plain(""), plain(t("compare.nothing_listed"))]
    for group in comparison.groups:
        table = _table(
            [
                (t("col.rank"), {"justify": "right", "no_wrap": True}),
                (t("col.county"), {"no_wrap": True}),
                (t("col.title"), {"overflow": "fold", "min_width": 10, "ratio": 1}),
                (t("col.current"), {"justify": "right", "overflow": "fold"}),
                (t("col.completion_short"), {"justify": "right", "no_wrap": True}),
                (t("col.gap"), {"justify": "right", "no_wrap": True}),
                (t("col.light"), {"no_wrap": True}),
                (t("col.status"), {"min_width": 4}),
            ],
            simple=True,
        )
        table.expand = True  # every tag's table as wide as the others: the columns line up
        for rank, a in group.items:
            county = registry.county_by_id(a.target.county)
            table.add_row(
                plain(rank or ""),
                plain(county_brief(county)),
                goal_title(a.target),
                current_text(a),
                plain(_percent(a.percent)),
                gap_text(a),
                light_text(a.light),
                status_text(a.status),
            )
        out += [plain(""), plain(t("compare.group", tag=group.tag), "bold"), table]
    if comparison.years:
        out += [plain(""), plain(t("compare.years"), "bold"), _years_table(comparison)]
    out += [plain(""), plain(t("compare.legend"), "dim")]
    if comparison.years:
        out.append(plain(t("compare.years_legend"), "dim"))
    return out


def earlier_text(goal: Target, standing: dict[str, Any], *, status: bool = True) -> Text:
    """An earlier goal's figure on a day: 4.5万头 · 50.0% (· 逾期), or no data."""
    from huandu.output.words import figure_text

    if standing["current"] is None:
        return plain(t("compare.no_data"), "dim")
    unit = goal.unit.symbol if goal.unit else None
    value = figure_text(standing["current"], unit, standing["stage"])
    words = t("compare.earlier_value", value=value, percent=_percent(standing["percent"]))
    if not status:
        return plain(words)
    words = t("compare.earlier_status", value=words, status=t(f"status.{standing['status']}"))
    return plain(words, STATUS_STYLES.get(standing["status"], ""))


def _years_table(comparison: Comparison) -> Table:
    """This year's goals beside the goals of earlier plans they continue: this year's figure and
    completion, then the earlier goal on the same day of its year (同期) and at its plan's end
    (全年, with its target and status)."""
    from huandu.output.words import county_brief

    registry = comparison.registry
    days = {row["earlier"]["same_day"]["as_of"] for row in comparison.data["years"]}
    same_day = t("col.earlier_same_day")
    if len(days) == 1:
        same_day = t("col.earlier_same_day_on", date=next(iter(days)))
    table = _table(
        [
            (t("col.county"), {"no_wrap": True}),
            (t("col.title"), {"overflow": "fold", "min_width": 10, "ratio": 2}),
            (t("col.current"), {"justify": "right", "overflow": "fold"}),
            (t("col.completion_short"), {"justify": "right", "no_wrap": True}),
            (same_day, {"justify": "right", "overflow": "fold", "min_width": 8, "ratio": 1}),
            (t("col.earlier_final"), {"overflow": "fold", "min_width": 10, "ratio": 1}),
        ],
        simple=True,
    )
    for pair, row in zip(comparison.years, comparison.data["years"], strict=True):
        a, earlier = pair.current, row["earlier"]
        old = pair.final.target
        final = earlier_text(old, earlier["final"])
        final.append("\n")
        final.append(plain(t("compare.earlier_goal", year=pair.plan.year, target=target_text(old)),
                           "dim"))  # fmt: skip
        same = earlier_text(old, earlier["same_day"], status=False)
        if len(days) > 1:
            same.append("\n")  # a line break of its own: `plain` shows a "\n" in text as typed
            same.append(plain(earlier["same_day"]["as_of"], "dim"))
        table.add_row(
            plain(county_brief(registry.county_by_id(a.target.county))),
            goal_title(a.target),
            current_text(a),
            plain(_percent(a.percent)),
            same,
            final,
        )
    return table


NOTICE_STYLES = {"red": "bold red", "yellow": "bold yellow", "blue": "bold blue"}


def notice_renderables(notices: Any) -> list[RenderableType]:
    """`huandu notice` on the screen: one line per 督办单 (the documents are --output FILE)."""
    from huandu.output.words import county_brief, gap_words

    out: list[RenderableType] = [
        plain(
            t("notice.heading", as_of=notices.as_of.isoformat(), count=len(notices.items)), "bold"
        )
    ]
    if not notices.items:
        return [*out, plain(t("notice.none", as_of=notices.as_of.isoformat()))]
    table = _table(
        [
            (t("col.number"), {"justify": "right", "no_wrap": True}),
            (t("col.notice_colour"), {"no_wrap": True}),
            (t("col.county"), {"no_wrap": True}),
            (t("col.title"), {"overflow": "fold", "min_width": 10, "ratio": 1}),
            (t("col.gap"), {"justify": "right", "no_wrap": True}),
            (t("col.streak"), {"justify": "right", "no_wrap": True}),
            (t("col.lead"), {"overflow": "fold", "min_width": 6}),
        ],
        simple=True,
    )
    for item in notices.items:
        goal = item.assessment.target
        table.add_row(
            plain(item.number),
            plain(t(f"notice.colour.{item.colour}"), NOTICE_STYLES[item.colour]),
            plain(county_brief(notices.registry.county_by_id(goal.county))),
            plain(target_title(goal)),
            plain(gap_words(item.assessment)),
            plain(item.streak or ""),
            plain(item.lead or "—"),
        )
    return [*out, plain(""), table, plain(""), plain(t("notice.hint"), "dim")]


def missing_renderables(missing: Any) -> list[RenderableType]:
    """催报 on the screen: per county, the goals with no figure dated in the period."""
    out: list[RenderableType] = [
        plain(
            t(
                "missing.heading_dates",
                since=missing.since.isoformat(),
                as_of=missing.as_of.isoformat(),
            ),
            "bold",
        )
    ]
    if not missing.groups:
        return [*out, plain(""), plain(t("missing.none_dates"))]
    for county, goals in missing.groups:
        table = _table(
            [
                (t("col.title"), {"overflow": "fold", "min_width": 10, "ratio": 1}),
                (t("col.target"), {"justify": "right", "no_wrap": True}),
                (t("col.updated"), {"no_wrap": True}),
                (t("col.status"), {"no_wrap": True}),
            ],
            simple=True,
        )
        for a in goals:
            table.add_row(
                plain(target_title(a.target)),
                plain(target_text(a.target)),
                plain(a.updated.isoformat() if a.updated else "—"),
                status_text(a.status),
            )
        heading = t("missing.county", county=county_label(county), count=len(goals))
        out += [plain(""), plain(heading, "bold"), table]
    return [*out, plain(""), plain(t("missing.hint"), "dim")]


#: From this many columns up `huandu plan list` has room for where each plan comes from.
PLAN_SOURCE_FROM_WIDTH = 110


def plans_table(rows: Any, width: int = 120) -> list[RenderableType]:
    """`huandu plan list`: one line per plan, the one in use marked with *; where each plan comes
    from when the terminal has room (the hint under the table names the current plan anyway)."""
    wide = width >= PLAN_SOURCE_FROM_WIDTH
    columns: list[tuple[str, dict]] = [
        ("", {"no_wrap": True}),
        (t("col.plan_id"), {"style": "cyan", "no_wrap": True}),
        (t("col.plan_title"), {"overflow": "fold", "min_width": 12, "ratio": 1}),
        (t("col.period"), {"no_wrap": True}),
        (t("col.goals"), {"justify": "right", "no_wrap": True}),
        (t("col.figures"), {"justify": "right", "no_wrap": True}),
    ]
    if wide:
        columns.append((t("col.plan_origin"), {"no_wrap": True}))
    table = _table(columns, simple=True)
    current = None
    for row in rows:
        entry = row.entry
        if row.current:
            current = entry.id
        cells = [plain("*" if row.chosen else "", "bold"), plain(entry.id),
                 plain(plan_title(entry)), plain(period_text(entry.start, entry.end)),
                 plain(entry.goals), plain(row.figures)]  # fmt: skip
        if wide:
            origin = t(f"plan.short.{entry.origin}", version=entry.version)
            cells.append(plain(t("plan.short.current", origin=origin) if row.current else origin))
        table.add_row(*cells)
    hint = [plain(t("plan.list_hint"), "dim")]
    if current is not None and not any(r.chosen and r.current for r in rows):
        hint.insert(0, plain(t("plan.list_current", plan=current), "dim"))
    return [table, plain(""), *hint]


def record_console(width: int = 120) -> Console:
    """A console that renders into memory, for saving the report as plain text."""
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


# ---------------------------------------------------------------- the writers of each view
# (huandu.output.WRITERS and TERMINAL): the same renderables on the terminal, or saved as plain
# text. (HTML and SVG are pages and charts of their own: huandu.output.html.)


def _parts(view: str, data: Any, width: int) -> list[RenderableType]:
    if view == "list":
        return _spaced(list_tables(data.registry, data.groups, data.quote, width), width)
    if view == "log":
        rows = list(data)
        if not rows:
            return [plain(t("log.empty")), plain(t("hint.first_update"))]
        return [fit_width(log_table(rows), width)]
    if view == "show":
        return show_goal_parts(data.registry, data.goal, data.detail, data.earlier)
    if view == "report":
        return report_renderables(data, width)
    if view == "monthly":
        return monthly_renderables(data, width)
    if view == "notice":
        return notice_renderables(data)
    if view == "missing":
        return missing_renderables(data)
    if view == "plans":
        return plans_table(data, width)
    return compare_renderables(data)


def _spaced(tables: list[Group], width: int) -> list[RenderableType]:
    """Tables one under another, a blank line between, each fitted to the width."""
    out: list[RenderableType] = []
    for index, table in enumerate(tables):
        if index:
            out.append(plain(""))
        out.append(fit_width(table, width))
    return out


def show_view(view: str, data: Any) -> None:
    """A view printed on the terminal, at its width, with colours if it has them."""
    console = make_console()
    print_parts(console, _parts(view, data, console.width))


# Saved to a file, a report is laid out for a page this wide (a monthly view for a year of months).
_PAGE_WIDTH = {"monthly": 160}


def _recorded(view: str, data: Any, width: int) -> Console:
    console = record_console(_PAGE_WIDTH.get(view, width or 120))
    print_parts(console, _parts(view, data, console.width))
    return console


def _text(view: str) -> Any:
    def write(data: Any, *, width: int = 120) -> str:
        return _recorded(view, data, width).export_text(styles=False)

    return write


list_text = _text("list")
log_text = _text("log")
show_text = _text("show")
report_text = _text("report")
monthly_text = _text("monthly")
compare_text = _text("compare")
notice_text = _text("notice")
missing_text = _text("missing")
plans_text = _text("plans")
