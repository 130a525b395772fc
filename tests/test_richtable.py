"""huandu's quick `Table` must print exactly what Rich's own `Table` prints, byte for byte with
colours on, for any table: the short cut is only allowed to be faster, never different."""

from __future__ import annotations

import copy
import datetime as dt
import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich import box
from rich import table as rich_table
from rich.console import Console
from rich.text import Text

from helpers import ok
from huandu.output.richtable import Table as QuickTable

# Pieces of cell text that exercise each branch: ASCII words, CJK (two cells wide), spaces that
# trail, newlines, tabs, an emoji sequence whose width depends on joiners, and the empty string.
PIECES = st.sampled_from(
    [
        "",
        "a",
        "ab cd",
        "done",
        " 5.1",
        "12.4% ",
        "x" * 30,
        "新安县",
        "超过4亿元的特色农业",
        "偃师 区",
        "\n",
        "line\nnext",
        "tab\there",
        "👩\u200d💻",
        "❤\ufe0f",
        "−13.6",
        "  ",
    ]
)
STYLES = st.sampled_from(["", "bold", "dim", "red", "bold green", "on blue", "italic cyan"])
JUSTIFY = st.sampled_from(["default", "left", "right", "center", "full"])
OVERFLOW = st.sampled_from(["fold", "crop", "ellipsis", "ignore"])
BOXES = st.sampled_from([box.SIMPLE_HEAD, box.HEAVY_HEAD, box.ROUNDED, box.SIMPLE, None])
PADDING = st.sampled_from(
    [(0, 1, 0, 0), (0, 1), 0, (0, 2, 0, 1), (1, 1), (0, 0, 0, 3), (0, 1, 1, 0)]
)


@st.composite
def texts(draw: st.DrawFn) -> Text:
    text = Text(draw(PIECES), style=draw(STYLES))
    for _ in range(draw(st.integers(0, 2))):
        text.append(draw(PIECES), style=draw(STYLES) or None)
    if draw(st.booleans()):
        text.justify = draw(st.sampled_from([None, "left", "right", "center"]))
    if draw(st.integers(0, 9)) == 0:
        text.end = ""
    return text


@st.composite
def tables(draw: st.DrawFn) -> dict:
    columns = []
    for _ in range(draw(st.integers(1, 5))):
        columns.append(
            {
                "header": draw(texts()),
                "justify": draw(JUSTIFY),
                "no_wrap": draw(st.booleans()),
                "overflow": draw(OVERFLOW),
                "min_width": draw(st.one_of(st.none(), st.integers(0, 8))),
                "max_width": draw(st.one_of(st.none(), st.integers(1, 20))),
                "ratio": draw(st.one_of(st.none(), st.integers(1, 3))),
                "style": draw(STYLES),
                "vertical": draw(st.sampled_from(["top", "middle", "bottom"])),
            }
        )
    rows = [
        ([draw(texts()) for _ in columns], draw(st.booleans()), draw(STYLES))
        for _ in range(draw(st.integers(0, 4)))
    ]
    return {
        "options": {
            "box": draw(BOXES),
            "padding": draw(PADDING),
            "pad_edge": draw(st.booleans()),
            "show_edge": draw(st.booleans()),
            "show_header": draw(st.booleans()),
            "show_lines": draw(st.booleans()),
            "collapse_padding": draw(st.booleans()),
            "expand": draw(st.booleans()),
            "header_style": draw(STYLES),
            "row_styles": draw(st.sampled_from([None, ["", "dim"], ["on grey11"]])),
        },
        "columns": columns,
        "rows": rows,
        "width": draw(st.integers(8, 100)),
    }


def build(cls: type[rich_table.Table], spec: dict) -> rich_table.Table:
    table = cls(**spec["options"])
    for column in spec["columns"]:
        options = dict(column)
        table.add_column(copy.deepcopy(options.pop("header")), **options)
    for cells, end_section, style in spec["rows"]:
        table.add_row(*copy.deepcopy(cells), end_section=end_section, style=style or None)
    return table


def printed(renderable: object, width: int) -> str:
    console = Console(
        file=io.StringIO(),
        width=width,
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
        markup=False,
        emoji=False,
        highlight=False,
    )
    console.print(renderable)
    return console.file.getvalue()


@settings(max_examples=400, deadline=None)
@given(tables())
def test_any_table_prints_exactly_as_rich_prints_it(spec: dict) -> None:
    rich_output = printed(build(rich_table.Table, spec), spec["width"])
    assert printed(build(QuickTable, spec), spec["width"]) == rich_output


def test_a_row_of_empty_cells_is_one_unstyled_blank_line() -> None:
    """Found by the test above: columns too narrow for their padding render no lines at all, and
    Rich then pads the row with unstyled spaces, not in the column's style."""
    spec = {
        "options": {
            "box": box.SIMPLE_HEAD,
            "padding": (0, 1, 0, 0),
            "pad_edge": False,
            "show_edge": False,
        },
        "columns": [{"header": Text(""), "style": "bold" if i == 3 else ""} for i in range(5)],
        "rows": [([Text("") for _ in range(5)], False, "")],
        "width": 8,
    }
    spec["options"]["show_header"] = False
    assert printed(build(QuickTable, spec), 8) == printed(build(rich_table.Table, spec), 8)
    assert printed(build(QuickTable, spec), 8) == " " * 8 + "\n"


def test_the_short_cut_is_taken_for_plain_cells() -> None:
    """Guard against the equality test passing only because every cell fell back to Rich."""
    from rich.padding import Padding

    from huandu.output.richtable import cell_lines

    console = Console(width=40, force_terminal=True, color_system="truecolor")
    options = console.options.update(width=10, justify="right")
    lines = cell_lines(console, Padding(Text("5.1", style="bold"), (0, 1, 0, 0)), options, None)
    assert lines is not None
    assert "".join(segment.text for segment in lines[0]) == "      5.1 "
    # Centred text is left to Rich.
    assert cell_lines(console, Text("x", justify="center"), options, None) is None


def _as_rich(renderable: object) -> object:
    """The same renderable with every quick table turned back into Rich's own."""
    from rich.console import Group

    if isinstance(renderable, Group):
        return Group(*(_as_rich(part) for part in renderable.renderables))
    if isinstance(renderable, QuickTable):
        twin = copy.copy(renderable)
        twin.__class__ = rich_table.Table
        return twin
    return renderable


def test_reports_and_lists_print_as_rich_would(huandu, home) -> None:
    """The real tables, with SYNTHETIC progress figures, at the widths people use."""

    from huandu.domain.model import Journal
    from huandu.domain.report import build_report
    from huandu.output.console import list_tables, presize, report_renderables
    from huandu.store.journal_store import JournalStore
    from huandu.store.locations import bundled_registry
    from huandu.store.registry import parse_registry

    for goal, value in [
        ("xinan.industrial-projects", "12"),
        ("yiyang.beef-cattle", "4万头"),
        ("yanshi.new-market-entities", "2000"),
    ]:
        ok(huandu("update", goal, value, "--date", "2024-05-31", "--note", "synthetic [red]"))
    ok(huandu("update", "xinan.coal-to-gas", "推进中", "--date", "2024-03-01"))
    registry = parse_registry(bundled_registry().read_bytes())
    figures, _ = JournalStore(home / "progress.toml").figures()
    report = build_report(registry, Journal(tuple(figures)), dt.date(2024, 11, 30))
    groups = [(c, [t for t in registry.targets if t.county == c.id]) for c in registry.counties]
    for width in (60, 80, 100, 140):
        parts = [*report_renderables(report, width), *list_tables(registry, groups, True, width)]
        for part in parts:
            presize(part)
            assert printed(part, width) == printed(_as_rich(part), width)
