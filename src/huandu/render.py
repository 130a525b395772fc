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
