"""Spreadsheets: a county's sheet (CSV or .xlsx) read into rows by role, and templates written.

Bytes in, rows out (`read_sheet`); checking what each row would record is the domain's
(`domain.importing`). Row numbers are the ones the spreadsheet shows (with the header in row 1,
the first figure is row 2), and blank lines count, as they do in Excel. The header is the first
non-empty row, or the first of the top few that names a goal and a value column (a title line may
sit above it).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from huandu.domain.importing import Row
from huandu.domain.recording import GENERAL_NUMBER
from huandu.errors import HuanduError
from huandu.text import normalize_input

if TYPE_CHECKING:
    from huandu.domain.model import County, Registry

CSV = "csv"
XLSX = "xlsx"

# Encodings a CSV may come in (the dry run names the one used: catalog `import.encoding.*`).
UTF8 = "utf-8"
UTF8_BOM = "utf-8-sig"
UTF16 = "utf-16"
GB18030 = "gb18030"

# Template headers (a county fills in 数值, 日期, 备注, 来源; 目标 and 单位 are there for the human:
# a figure typed without its unit is read in the goal's unit, so the sheet says which that is).
TEMPLATE_HEADERS = ("目标编号", "目标", "单位", "数值", "日期", "备注", "来源")

# Column roles and the headers that name them (compared case-folded, width-folded, stripped).
# A goal column naming ids (目标编号) wins over one naming titles (目标): the template has both.
_HEADERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "goal": (("目标编号", "goal id", "goal_id"),),
    "title": (("目标", "目标名称", "goal", "title"),),
    "unit": (("单位", "计量单位", "unit"),),
    "value": (("数值", "进度", "完成值", "value"),),
    "date": (("日期", "截至日期", "date"),),
    "note": (("备注", "进展情况", "note"),),
    "source": (("来源", "数据来源", "source"),),
    "by": (("记录人", "by"),),
}
#: A sheet needs a value column and a goal column: its id (目标编号) or its title (目标), or both.
REQUIRED = (("goal", "title"), ("value",))
HEADER_SEARCH_ROWS = 5  # title lines a sheet may have above its header

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .et (WPS) and other compound files
_ZIP_MAGIC = b"PK\x03\x04"
_OTHER_SHEETS = (".xls", ".xlsb", ".ods", ".et", ".numbers")


class Formula:
    """An .xlsx cell holding a formula that was never calculated (no saved value to read)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"Formula({self.text!r})"


Cell = str | dt.date | Formula


class Table(NamedTuple):
    """The cells of a sheet, row by row, each with the row number the spreadsheet shows."""

    kind: str  # CSV or XLSX
    rows: list[tuple[int, tuple[Cell, ...]]]
    encoding: str | None = None  # CSV only
    sheet: str | None = None  # xlsx only: the name of the sheet read


class Sheet(NamedTuple):
    """A file read and understood: its rows by role, and what was left out."""

    table: Table
    rows: list[Row]
    columns: dict[str, str]  # role -> header as written
    ignored: list[str]  # headers of columns not used
    skipped: int  # rows with a goal but nothing to record (an unfilled template line)


# --------------------------------------------------------------------------- reading a file


def read_table(data: bytes, name: str) -> Table:
    """The rows of a CSV (UTF-8, UTF-8 with BOM, UTF-16 with BOM, GB18030/GBK) or of the first
    sheet of an .xlsx workbook; anything else is refused with one line."""
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    if data.startswith(_OLE_MAGIC) or suffix in _OTHER_SHEETS:
        raise HuanduError("import.other_spreadsheet", path=name)
    if data.startswith(_ZIP_MAGIC) or suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(data, name)
    return _read_csv(data, name)


def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV and the encoding it was in: a BOM decides; else UTF-8; else GB18030 (a
    superset of GBK, what Excel on a Chinese Windows saves as "CSV (逗号分隔)")."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8"), UTF8_BOM
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), UTF16
    if b"\x00" in data:
        raise UnicodeDecodeError("utf-8", data, data.index(b"\x00"), len(data), "NUL byte")
    try:
        return data.decode("utf-8"), UTF8
    except UnicodeDecodeError:
        return data.decode("gb18030"), GB18030


def _read_csv(data: bytes, name: str) -> Table:
    try:
        text, encoding = decode(data)
    except UnicodeDecodeError:
        raise HuanduError("import.not_text", path=name) from None
    if "\x00" in text:
        raise HuanduError("import.not_text", path=name)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ","
    if "," not in first:  # Excel's "Unicode text" is tab-separated; some locales use ";"
        delimiter = "\t" if "\t" in first else ";" if ";" in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, tuple[Cell, ...]]] = []
    try:
        for number, cells in enumerate(reader, start=1):
            rows.append((number, tuple(cells)))
    except csv.Error as exc:
        raise HuanduError(
            "import.bad_csv", path=name, line=reader.line_num, reason=str(exc)
        ) from None
    return Table(CSV, rows, encoding=encoding)


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise HuanduError("import.need_openpyxl") from None
    return openpyxl


def _read_xlsx(data: bytes, name: str) -> Table:
    openpyxl = _openpyxl()
    try:
        # Two readings: the values Excel saved with the file, and the formulas, to tell a formula
        # that was never calculated (no saved value) from an empty cell.
        values = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
        if not values.worksheets:
            raise HuanduError("import.bad_xlsx", path=name, reason="no sheet")
        sheet, formula_sheet = values.worksheets[0], formulas.worksheets[0]
        merged = _merged(sheet)
        rows: list[tuple[int, tuple[Cell, ...]]] = []
        for value_row, formula_row in zip(
            sheet.iter_rows(min_row=1), formula_sheet.iter_rows(min_row=1), strict=False
        ):
            cells = tuple(
                merged.get((value_cell.row, value_cell.column))
                or _xlsx_cell(value_cell, formula_cell)
                for value_cell, formula_cell in zip(value_row, formula_row, strict=False)
            )
            number = value_row[0].row if value_row else len(rows) + 1
            rows.append((number, cells))
        title = str(sheet.title)
    except HuanduError:
        raise
    except Exception as exc:  # a corrupt or foreign file fails in many ways inside openpyxl
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise HuanduError("import.bad_xlsx", path=name, reason=reason) from None
    return Table(XLSX, rows, sheet=title)


def _merged(sheet: Any) -> dict[tuple[int, int], Cell]:
    """A merged range's value for every cell it covers (Excel keeps it in the first cell only):
    a 日期 merged over ten rows dates all ten."""
    cells: dict[tuple[int, int], Cell] = {}
    for merged in sheet.merged_cells.ranges:
        first = sheet.cell(row=merged.min_row, column=merged.min_col)
        value = _xlsx_cell(first, None)
        if value == "":
            continue
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                cells[row, column] = value
    return cells


def _xlsx_cell(value_cell: Any, formula_cell: Any) -> Cell:
    value = value_cell.value
    if value is None:
        if formula_cell is not None and formula_cell.data_type == "f":
            text = formula_cell.value
            return Formula(text if isinstance(text, str) else str(getattr(text, "text", text)))
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        number_format = str(value_cell.number_format or "")
        if "%" in number_format:  # 45% typed in Excel is stored as 0.45
            return f"{number_text(Decimal(str(value)) * 100)}%"
        if number_format == "General":
            return GeneralNumber(number_text(value))
        return number_text(value)
    return str(value)


class GeneralNumber(str):
    """A number from a cell in Excel's General format, as text: 0.45 there may mean 45% or
    0.45% on a percent goal, which the check of each row then asks about."""


def number_text(value: int | float | Decimal) -> str:
    """A number from a spreadsheet cell as a person would type it: 3200.0 → 3200, 8.2 → 8.2."""
    if isinstance(value, int):
        return str(value)
    number = Decimal(repr(value)) if isinstance(value, float) else value
    if not number.is_finite():
        return str(value)
    return format(number.normalize(), "f")


# --------------------------------------------------------------------------- understanding it


def _header_key(text: Cell) -> str:
    return normalize_input(text if isinstance(text, str) else "").casefold()


def _blank(cell: Cell) -> bool:
    return isinstance(cell, str) and not cell.strip()


def _text(cell: Cell) -> str:
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, Formula):
        return cell.text
    return cell.strip()


def read_sheet(data: bytes, name: str) -> Sheet:
    """Read a file and map its columns to roles; refuse a file without goal and value columns."""
    table = read_table(data, name)
    header_at = _header_row(table, name)
    headers = table.rows[header_at][1]
    columns = _columns(headers, name)
    used = set(columns.values())
    ignored = [_text(h) for i, h in enumerate(headers) if i not in used and not _blank(h)]
    rows: list[Row] = []
    skipped = 0
    for number, cells in table.rows[header_at + 1 :]:
        if all(map(_blank, cells)):
            continue
        fields: dict[str, Any] = {}
        formula_in: list[str] = []
        for role, index in columns.items():
            cell = cells[index] if index < len(cells) else ""
            if isinstance(cell, Formula):
                formula_in.append(_text(headers[index]))
            elif role == "date" and isinstance(cell, dt.date):
                fields[role] = cell
            else:
                fields[role] = _text(cell)
                if role == "value" and isinstance(cell, GeneralNumber):
                    fields["cell"] = GENERAL_NUMBER
        others = ("value", "date", "note", "source", "by")
        if not formula_in and not any(fields.get(role) for role in others):
            skipped += 1  # a goal with nothing to record: an unfilled line of the template
            continue
        rows.append(Row(number, formula_in=tuple(formula_in), **fields))
    names = {role: _text(headers[index]) for role, index in columns.items()}
    return Sheet(table, rows, names, ignored, skipped)


def _header_row(table: Table, name: str) -> int:
    """Where the header is: the first non-empty row, or, below a title line or two (a sheet
    headed "宜阳县5月重点工作进度表"), the first of the top rows that names a goal and a value."""
    filled = [i for i, (_, cells) in enumerate(table.rows) if not all(map(_blank, cells))]
    if not filled:
        raise HuanduError("import.empty", path=name)
    for index in filled[:HEADER_SEARCH_ROWS]:
        keys = {_header_key(cell) for cell in table.rows[index][1]}
        if all(
            any(keys & {n for tier in _HEADERS[role] for n in tier} for role in roles)
            for roles in REQUIRED
        ):
            return index
    return filled[0]


def _columns(headers: tuple[Cell, ...], name: str) -> dict[str, int]:
    """Which column holds each role."""
    keys = [_header_key(h) for h in headers]
    columns: dict[str, int] = {}
    for role, tiers in _HEADERS.items():
        for names in tiers:
            found = [i for i, key in enumerate(keys) if key in names]
            if len(found) > 1:
                raise HuanduError(
                    "import.duplicate_column",
                    path=name,
                    columns=", ".join(_text(headers[i]) for i in found),
                )
            if found:
                columns[role] = found[0]
                break
    missing = [roles for roles in REQUIRED if not any(role in columns for role in roles)]
    if missing:
        found_names = [_text(h) for h in headers if not _blank(h)]
        raise HuanduError(
            "import.missing_columns",
            path=name,
            missing=", ".join(
                f"{roles[0]} ({'/'.join(n for role in roles for t in _HEADERS[role] for n in t)})"
                for roles in missing
            ),
            found=", ".join(found_names) or "-",
        )
    return columns


# --------------------------------------------------------------------------- the template


def template_rows(registry: Registry, county: County | None = None) -> list[tuple[str, ...]]:
    """The template's lines: headers, then one line per goal with its id and title."""
    rows: list[tuple[str, ...]] = [TEMPLATE_HEADERS]
    for goal in registry.targets_of(county):
        unit = goal.unit.symbol if goal.unit else "/".join(s.name for s in goal.stages) + "/%"
        rows.append((goal.id, goal.title, unit, "", "", "", ""))
    return rows


def template_csv(rows: list[tuple[str, ...]]) -> bytes:
    """CSV as Excel opens it with Chinese intact: UTF-8 with a BOM, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


#: The workbook template's columns: the goal, what it asks for and by when (for the person
#: filling it in; import reads only the goal and the figures), then the cells to fill in.
XLSX_TEMPLATE_HEADERS = (
    "目标编号",
    "目标",
    "目标值",
    "时限",
    "单位",
    "数值",
    "日期",
    "备注",
    "来源",
)
_FILL_IN = "FFF2CC"  # the cells a county fills in, in the pale yellow forms use for them


def _target_text(goal: Any) -> str:
    if goal.is_milestone or goal.target is None:
        return "里程碑"
    from huandu.domain.units import format_amount

    sign = ">" if goal.comparison == "gt" else "≥"
    return f"{sign}{format_amount(goal.target)}{goal.unit.symbol}"


def template_xlsx(rows: list[tuple[str, ...]], registry: Registry | None = None) -> bytes:
    """The sheet a county fills in, ready to print: A4 landscape one page wide, the header on
    every page and frozen, borders, the goal's target and deadline beside it, and for a
    milestone a drop-down of its stages (a percent may still be typed: the list only warns)."""
    openpyxl = _openpyxl()
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "进度"
    sheet.append(list(XLSX_TEMPLATE_HEADERS))
    goals = {g.id: g for g in registry.targets} if registry is not None else {}
    validations: dict[str, Any] = {}
    for number, row in enumerate(rows[1:], start=2):
        goal_id, title, unit = row[0], row[1], row[2]
        goal = goals.get(goal_id)
        target = _target_text(goal) if goal is not None else ""
        deadline = goal.deadline if goal is not None else None
        sheet.append([goal_id, title, target, deadline, unit, "", "", "", ""])
        if goal is not None and goal.is_milestone:
            names = ",".join(stage.name for stage in goal.stages)
            if names not in validations and len(names) < 250:
                validation = DataValidation(
                    type="list",
                    formula1=f'"{names}"',
                    allow_blank=True,
                    errorStyle="warning",
                    showErrorMessage=True,
                    errorTitle="阶段",
                    error="里程碑请选一个阶段，或填写百分比（如 60%）",
                    promptTitle="阶段",
                    prompt=f"选择 {names.replace(',', '、')}，或填写百分比",
                    showInputMessage=True,
                )
                sheet.add_data_validation(validation)
                validations[names] = validation
            if names in validations:
                validations[names].add(f"F{number}")
    side = Side(style="thin", color="808080")
    border = Border(left=side, right=side, top=side, bottom=side)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    fill_in = PatternFill("solid", fgColor=_FILL_IN)
    for row in sheet.iter_rows(
        min_row=1, max_row=sheet.max_row, max_col=len(XLSX_TEMPLATE_HEADERS)
    ):
        for cell in row:
            cell.border = border
            if cell.row == 1:
                cell.font = Font(bold=True)
                cell.fill = header_fill
                cell.alignment = Alignment(horizontal="center", vertical="center")
                continue
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            sheet.row_dimensions[cell.row].height = 24  # room to write by hand on a print
            if cell.column >= 6:
                cell.fill = fill_in
            if cell.column == 4:
                cell.number_format = "yyyy-mm-dd"
            elif cell.column != 7:
                # Text cells, so a goal id or a typed "8.2万头" stays as written.
                cell.number_format = "@"
    for letter, width in zip("ABCDEFGHI", (34, 36, 14, 12, 16, 14, 12, 36, 18), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "C2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
