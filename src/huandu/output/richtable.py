"""Rich's `Table`, with short cuts for the tables huandu prints.

Rich renders every cell through its general pipeline: the cell is wrapped in a `Padding`, each is
rendered to segments, re-split into lines and padded, twice over, and every line is measured
again when the row is assembled. For a cell of `Text` that pipeline can only wrap, justify and
pad, yet it was most of what a report cost (about 25 ms of a 110 ms `huandu report`). `Table` here
measures columns of `Text` from the text, renders `Text` cells straight to their lines (wrapping
with Rich's own `Text.wrap`) and assembles rows without re-measuring; any other cell, and any table
with a footer, leading or row styles, goes through Rich unchanged. The output is Rich's, byte for
byte: `tests/test_richtable.py` prints thousands of random tables both ways and compares.

It overrides two private methods of `rich.table.Table` (`_measure_column`, `_render`) and uses a
third (`_get_cells`), and it reproduces Rich 15's measuring, which differs from Rich 14's in
corners (an empty column): pyproject.toml asks for Rich 15, so that another major version is taken
only after this module's tests have passed on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich import table as rich_table
from rich.cells import cell_len
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

if TYPE_CHECKING:
    from collections.abc import Iterable

    from rich.console import Console, ConsoleOptions, RenderableType
    from rich.table import Column

_FAST_JUSTIFY = frozenset(("default", "left", "right"))
# Characters whose width depends on their neighbours (and tabs): a text holding one is wrapped by
# Rich's `Text.wrap`, which knows how to measure them.
_JOINERS = ("\u200d", "\ufe0f", "\t")


class Table(rich_table.Table):
    """A `rich.table.Table` that renders cells of fitting `Text` without Rich's general pipeline."""

    def _render(  # type: ignore[override]
        self, console: Console, options: ConsoleOptions, widths: list[int]
    ) -> Iterable[Segment]:
        if self.show_footer or self.leading or self.row_styles:
            return super()._render(_QuickCells(console), options, widths)  # type: ignore[arg-type]
        return self._rows(console, options, widths)

    def _rows(
        self, console: Console, options: ConsoleOptions, widths: list[int]
    ) -> Iterable[Segment]:
        """Rich's `Table._render` for a table without footer, leading or row styles, taking each
        cell's lines from `cell_lines`: they are already exactly as wide as the column, so the
        re-measuring of every line that Rich's `Segment.set_shape` does is left out."""
        get_style = console.get_style
        table_style = get_style(self.style or "")
        border_style = table_style + get_style(self.border_style or "")
        columns = self.columns
        column_cells = [
            list(self._get_cells(console, index, column)) for index, column in enumerate(columns)
        ]
        row_cells = list(zip(*column_cells, strict=True))
        _box = (
            self.box.substitute(
                options, safe=self.safe_box if self.safe_box is not None else console.safe_box
            )
            if self.box
            else None
        )
        if _box and not self.show_header:
            _box = _box.get_plain_headed_box()
        new_line = Segment.line()
        show_edge = self.show_edge
        show_header = self.show_header
        if _box:
            box_segments = [
                (
                    Segment(_box.head_left, border_style),
                    Segment(_box.head_right, border_style),
                    Segment(_box.head_vertical, border_style),
                ),
                (
                    Segment(_box.mid_left, border_style),
                    Segment(_box.mid_right, border_style),
                    Segment(_box.mid_vertical, border_style),
                ),
                (
                    Segment(_box.foot_left, border_style),
                    Segment(_box.foot_right, border_style),
                    Segment(_box.foot_vertical, border_style),
                ),
            ]
            if show_edge:
                yield Segment(_box.get_top(widths), border_style)
                yield new_line
        adjust = Segment.adjust_line_length
        last_index = len(row_cells) - 1
        for index, row_cell in enumerate(row_cells):
            first = index == 0
            last = index == last_index
            header_row = first and show_header
            row = None if header_row else self.rows[index - show_header]
            row_style = (
                Style.null()
                if header_row
                else get_style(self.get_row_style(console, index - 1 if show_header else index))
            )
            cells = []
            for width, cell, column in zip(widths, row_cell, columns, strict=True):
                render_options = options.update(
                    width=width,
                    justify=column.justify,
                    no_wrap=column.no_wrap,
                    overflow=column.overflow,
                    height=None,
                    highlight=column.highlight,
                )
                style = get_style(cell.style) + row_style
                lines = cell_lines(console, cell.renderable, render_options, style)
                if lines is None:
                    # Rich's own lines can overrun a column narrower than its padding.
                    lines = [
                        adjust(line, width, style=style)
                        for line in console.render_lines(
                            cell.renderable, render_options, style=style
                        )
                    ]
                cells.append(lines)
            height = max(len(lines) for lines in cells)
            for lines, width, cell in zip(cells, widths, row_cell, strict=True):
                extra = height - len(lines)
                if not extra:
                    continue
                blank = [Segment(" " * width, get_style(cell.style) + row_style)]
                vertical = "bottom" if header_row else cell.vertical
                if vertical == "top":
                    lines.extend([blank] * extra)
                elif vertical == "middle":
                    top = extra // 2
                    lines[:0] = [blank] * top
                    lines.extend([blank] * (extra - top))
                else:
                    lines[:0] = [blank] * extra
            if not height:  # every cell empty: one blank line, unstyled (as Rich's set_shape pads)
                cells = [[[Segment(" " * width)]] for width in widths]
                height = 1
            if _box:
                left, right, divider = box_segments[0 if first else (2 if last else 1)]
                if not divider.text.strip():
                    divider = Segment(divider.text, row_style.background_style + divider.style)
                for line_no in range(height):
                    if show_edge:
                        yield left
                    for column_index, lines in enumerate(cells):
                        if column_index:
                            yield divider
                        yield from lines[line_no]
                    if show_edge:
                        yield right
                    yield new_line
            else:
                for line_no in range(height):
                    for lines in cells:
                        yield from lines[line_no]
                    yield new_line
            if _box and header_row:
                yield Segment(_box.get_row(widths, "head", edge=show_edge), border_style)
                yield new_line
            if (
                _box
                and (self.show_lines or (row is not None and row.end_section))
                and not last
                and not header_row
            ):
                yield Segment(_box.get_row(widths, "row", edge=show_edge), border_style)
                yield new_line
        if _box and show_edge:
            yield Segment(_box.get_bottom(widths), border_style)
            yield new_line

    def _measure_column(
        self, console: Console, options: ConsoleOptions, column: Column
    ) -> Measurement:
        """Rich's measurement of a column, computed from the text directly when every cell is
        `Text` (Rich asks each cell's `Padding`, which asks the `Text`, normalising at each step)."""
        cells: list[object] = [column.header] if self.show_header else []
        cells += column.cells
        if self.show_footer:
            cells.append(column.footer)
        max_width = options.max_width
        if (
            max_width < 1
            or column.width is not None
            or self.collapse_padding
            or not all(type(cell) is Text for cell in cells)
        ):
            return super()._measure_column(console, options, column)
        padding_width = self._get_padding_width(column._index)
        extra = padding_width if any(self.padding) else 0
        ranges = [_cell_range(cell.plain, max_width, extra) for cell in cells]  # type: ignore[attr-defined]
        measurement = Measurement(
            max(low for low, _ in ranges) if ranges else 1,
            max(high for _, high in ranges) if ranges else max_width,
        ).with_maximum(max_width)
        return measurement.clamp(
            None if column.min_width is None else column.min_width + padding_width,
            None if column.max_width is None else column.max_width + padding_width,
        )


class _QuickCells:
    """The console as the table sees it while rendering rows: everything is the real console's
    except `render_lines`, which answers fitting `Text` cells itself."""

    def __init__(self, console: Console) -> None:
        self._console = console

    def __getattr__(self, name: str) -> Any:
        return getattr(self._console, name)

    def render_lines(
        self,
        renderable: RenderableType,
        options: ConsoleOptions | None = None,
        *,
        style: Style | None = None,
        pad: bool = True,
        new_lines: bool = False,
    ) -> list[list[Segment]]:
        console = self._console
        if options is not None and pad and not new_lines and options.height is None:
            lines = cell_lines(console, renderable, options, style)
            if lines is not None:
                return lines
        return console.render_lines(renderable, options, style=style, pad=pad, new_lines=new_lines)


def _normalized(low: int, high: int) -> tuple[int, int]:
    low = min(max(0, low), high)
    return max(0, low), max(0, low, high)


def _measured(low: int, high: int, max_width: int) -> tuple[int, int]:
    """What `Measurement.get` makes of a renderable's own measurement."""
    low, high = _normalized(low, high)
    low, high = min(low, max_width), min(high, max_width)
    return (0, 0) if high < 1 else _normalized(low, high)


def _cell_range(plain: str, max_width: int, extra: int) -> tuple[int, int]:
    """`Measurement.get` of `Padding(Text(plain))` with `extra` cells of padding (or of the bare
    text when `extra` is 0): the longest word and the longest line, plus the padding."""
    if max_width - extra < 1:
        return _measured(max_width, max_width, max_width)
    lines = plain.splitlines()
    high = max(cell_len(line) for line in lines) if lines else 0
    words = plain.split()
    low = max(cell_len(word) for word in words) if words else high
    low, high = _measured(low, high, max_width)
    if not extra:
        return low, high
    return _measured(min(low + extra, max_width), min(high + extra, max_width), max_width)


def cell_lines(
    console: Console, renderable: RenderableType, options: ConsoleOptions, style: Style | None
) -> list[list[Segment]] | None:
    """The lines Rich would render for a table cell that is `Text` (alone or in the table's
    `Padding`); None for any other cell, or a `Text` this does not handle (centred, or set to
    overflow past the column).

    What Rich does to such a cell, step by step: the text is wrapped to the width and each line
    justified (left: spaces after it, right: spaces before it, both in the text's own style), the
    padding's spaces go either side, every segment takes the cell's style underneath its own, and
    a line shorter than the width is filled with spaces in the cell style. Wrapping is Rich's own
    `Text.wrap`; a text whose lines all fit is only split at its newlines, which is the same.
    """
    left = right = 0
    padded = type(renderable) is Padding
    pad_style: Style | None = None
    text = renderable
    if padded:
        if text.top or text.bottom or not text.expand:
            return None
        left, right = text.left, text.right
        pad_style = console.get_style(text.style)
        text = text.renderable
    if type(text) is not Text or text.end != "\n":
        return None
    inner = options.max_width - left - right
    justify = text.justify or options.justify or "default"
    overflow = text.overflow or options.overflow or "fold"
    if inner < 1 or justify not in _FAST_JUSTIFY or overflow == "ignore":
        return None
    lines = _fitting(text, inner, justify)
    if lines is None:
        no_wrap = text.no_wrap if text.no_wrap is not None else options.no_wrap
        tab_size = console.tab_size if text.tab_size is None else text.tab_size
        wrapped = text.wrap(
            console,
            inner,
            justify=justify,
            overflow=overflow,
            tab_size=tab_size or 8,
            no_wrap=bool(no_wrap),
        )
        lines = [line if line._spans else line.plain for line in wrapped]
    base = console.get_style(text.style, default=Style.null()) if text.style else None
    apply = style.__add__ if style else None
    rendered: list[list[Segment]] = []
    for line in lines:
        if isinstance(line, str):
            used = cell_len(line)
            segments = [Segment(line, base)] if line else []
        else:
            used = cell_len(line.plain)
            segments = list(line.render(console))
        if padded:
            # Rich renders the text inside the padding, then styles everything with the cell style.
            if used < inner:
                segments.append(Segment(" " * (inner - used), pad_style))
            if left:
                segments.insert(0, Segment(" " * left, pad_style))
            if right:
                segments.append(Segment(" " * right, pad_style))
            if apply is not None:
                segments = [Segment(s.text, apply(s.style)) for s in segments]
        else:
            # Rich styles the text with the cell style, then fills the line in the cell style.
            if apply is not None:
                segments = [Segment(s.text, apply(s.style)) for s in segments]
            if used < inner:
                segments.append(Segment(" " * (inner - used), style))
        rendered.append(segments)
    return rendered


def _fitting(text: Text, inner: int, justify: str) -> list[Text | str] | None:
    """The text's lines justified within `inner` cells when every line already fits (a line
    without spans as its plain string); None when it must be wrapped.

    Spaces are added inside the text itself, as Rich does, so they share its segment.
    """
    plain = text.plain
    if any(c in plain for c in _JOINERS):
        return None
    pieces = text.split("\n", allow_blank=True) if "\n" in plain else (text,)
    lines: list[Text | str] = []
    for piece in pieces:
        piece_plain = piece.plain
        used = cell_len(piece_plain)
        if used > inner or (justify == "right" and piece_plain[-1:].isspace()):
            return None
        if used == inner or justify == "default":
            lines.append(piece if piece._spans else piece_plain)
        elif piece._spans:
            piece = piece.copy()
            if justify == "left":
                piece.truncate(inner, pad=True)
            else:
                piece.pad_left(inner - used)
            lines.append(piece)
        elif justify == "left":
            lines.append(piece_plain + " " * (inner - used))
        else:
            lines.append(" " * (inner - used) + piece_plain)
    return lines
