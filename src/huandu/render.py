"""Everything that knows Rich. Cells are always `Text` built from `visible()` strings, so nothing a
person typed is ever read as markup or reaches the terminal as a control sequence."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from huandu.formatting import county_label, iso, target_text, target_title
from huandu.i18n import t
from huandu.model import County, Registry, Target
from huandu.text import visible


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


def _table(columns: Sequence[tuple[str, dict]]) -> Table:
    table = Table(expand=False, show_lines=False)
    for header, options in columns:
        table.add_column(plain(header), **options)
    return table


def list_tables(
    registry: Registry, groups: Iterable[tuple[County, list[Target]]], quote: bool
) -> list[Group]:
    tables = []
    for county, targets in groups:
        columns: list[tuple[str, dict]] = [
            (t("col.id"), {"style": "cyan", "overflow": "fold", "min_width": 12}),
            (t("col.title"), {"overflow": "fold", "min_width": 10}),
            (t("col.target"), {"no_wrap": True, "justify": "right"}),
            (t("col.deadline"), {"no_wrap": True}),
            (t("col.category"), {"no_wrap": True}),
        ]
        if quote:
            columns.append((t("col.quote"), {"overflow": "fold", "min_width": 10}))
        heading = t("list.heading", county=county_label(county), positioning=county.positioning)
        table = _table(columns)
        for target in targets:
            row = [
                plain(target.id),
                plain(target_title(target)),
                plain(target_text(target)),
                plain(iso(target.deadline)),
                plain(target.category),
            ]
            if quote:
                row.append(plain(target.quote, "dim"))
            table.add_row(*row)
        tables.append(Group(plain(heading, "bold"), table))
    return tables


def print_tables(console: Console, tables: Iterable[Group | Table]) -> None:
    for index, table in enumerate(tables):
        if index:
            console.print()
        console.print(table)


def print_lines(console: Console, lines: Iterable[str], style: str = "") -> None:
    for line in lines:
        console.print(plain(line, style))


def _value_cell(row: dict) -> str:
    from huandu.formatting import amount_with_unit

    if row["action"] == "undo":
        return t("log.undo_of", seq=row["retracts"])
    if row["stage"] is not None:
        return f"{row['stage']} ({amount_with_unit(row['value'], None)})"
    return amount_with_unit(row["value"], row["unit"])


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
    from huandu.formatting import amount_with_unit, county_label, target_title

    county = registry.county_by_id(goal.county)
    console.print(plain(f"{target_title(goal)}  ({goal.id})", "bold"))
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column(overflow="fold")
    facts.add_row(plain(t("show.county")), plain(county_label(county)))
    facts.add_row(plain(t("col.category")), plain(goal.category))
    facts.add_row(plain(t("col.target")), plain(target_text(goal)))
    facts.add_row(plain(t("col.deadline")), plain(iso(goal.deadline)))
    facts.add_row(plain(t("col.quote")), plain(f"“{goal.quote}”"))
    facts.add_row(plain(t("show.source")), plain(registry.plan.source))
    if detail["current"] is None:
        facts.add_row(plain(t("show.latest")), plain(t("show.no_data")))
    else:
        value = (
            f"{detail['stage']} ({amount_with_unit(detail['current'], None)})"
            if detail["stage"]
            else amount_with_unit(detail["current"], detail["unit"])
        )
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
