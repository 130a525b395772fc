"""`huandu report --format xlsx`: the 通报 as a workbook that opens in Excel or WPS, read back with
openpyxl: sheet names, headers in the reader's language, numbers as numbers, percents formatted as
percents, and every status cell coloured by its light.

Every progress value recorded here is synthetic; none is a real county's figure.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import openpyxl  # the test extras install it
import pytest

from helpers import ok

AS_OF = ("--as-of", "2024-06-30")
GREEN, YELLOW, RED = "C6EFCE", "FFEB9C", "FFC7CE"


@pytest.fixture(autouse=True)
def _mid_year(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUANDU_TODAY", "2024-06-30")


@pytest.fixture
def journal(huandu) -> None:
    for goal, value, day in [
        ("yiyang.beef-cattle", "4万头", "2024-03-31"),
        ("yiyang.beef-cattle", "6万头", "2024-06-30"),  # 66.67 %: green
        ("xinan.coal-to-gas", "推进中", "2024-05-01"),  # a milestone stage
        ("mengjin.fruit-industry", "25亿元", "2024-06-30"),  # done
        ("yanshi.new-market-entities", "2000", "2024-06-30"),  # 33.3 %: yellow
        ("yichuan.high-standard-farmland", "2万亩", "2024-06-30"),  # 16.7 %: red
    ]:
        ok(huandu("update", goal, value, "--date", day))


def workbook(huandu, tmp_path: Path, *args: str, lang: str = "zh"):
    path = tmp_path / "通报.xlsx"
    result = ok(
        huandu(
            "--lang",
            lang,
            "report",
            *AS_OF,
            "--format",
            "xlsx",
            "--output",
            str(path),
            "--force",  # each test's story writes the same file again
            *args,
            lang=lang,
        )
    )
    assert result.stdout == ""
    assert str(path) in result.stderr
    return openpyxl.load_workbook(path)


def rows_by_id(sheet) -> tuple[list[str], dict[str, list]]:
    """The header row (row 2, under the title) and each goal's row of cells by goal id."""
    header = [cell.value for cell in sheet[2]]
    rows = {row[0].value: list(row) for row in sheet.iter_rows(min_row=3) if row[0].value}
    return header, rows


def column(header: list[str], name: str) -> int:
    return header.index(name)


def fill(cell) -> str:
    return (cell.fill.fgColor.rgb or "")[-6:] if cell.fill.fill_type == "solid" else ""


def test_one_sheet_per_county_and_a_summary_first(huandu, journal, tmp_path):
    book = workbook(huandu, tmp_path)
    assert book.sheetnames == ["汇总", "新安", "偃师", "孟津", "伊川", "宜阳", "说明"]
    english = workbook(huandu, tmp_path, lang="en")
    assert english.sheetnames == [
        "Summary",
        "Xin'an",
        "Yanshi",
        "Mengjin",
        "Yichuan",
        "Yiyang",
        "Notes",
    ]
    one = workbook(huandu, tmp_path, "--county", "宜阳")
    assert one.sheetnames == ["汇总", "宜阳", "说明"]


def test_goal_sheets_hold_numbers_percents_and_dates(huandu, journal, tmp_path):
    book = workbook(huandu, tmp_path)
    header, rows = rows_by_id(book["宜阳"])
    assert header[:5] == ["目标编号", "目标", "目标值", "单位", "当前"]
    for name in ("完成率", "时序进度", "差距（百分点）", "灯", "状态", "更新", "距上次更新（天）"):
        assert name in header
    beef = rows["yiyang.beef-cattle"]
    assert beef[column(header, "目标")].value == "肉牛饲养量"
    assert beef[column(header, "目标值")].value == 9
    assert beef[column(header, "单位")].value == "万头"
    current = beef[column(header, "当前")]
    assert current.value == 6 and current.data_type == "n"
    completion = beef[column(header, "完成率")]
    assert completion.value == pytest.approx(0.6667) and completion.number_format == "0.0%"
    expected = beef[column(header, "时序进度")]
    assert expected.value == pytest.approx(0.4973) and expected.number_format == "0.0%"
    gap = beef[column(header, "差距（百分点）")]
    assert gap.value == pytest.approx(16.94) and isinstance(gap.value, float)
    updated = beef[column(header, "更新")]
    assert updated.value.date() == dt.date(2024, 6, 30) and updated.is_date
    assert beef[column(header, "距上次更新（天）")].value == 0
    assert beef[column(header, "灯")].value == "绿"

    untouched = rows["yiyang.pepper-belt"]
    assert untouched[column(header, "完成率")].value is None  # nothing made up
    assert untouched[column(header, "状态")].value == "无数据"

    _, xinan = rows_by_id(book["新安"])
    coal = xinan["xinan.coal-to-gas"]
    assert coal[column(header, "阶段")].value == "推进中"
    assert coal[column(header, "完成率")].value == pytest.approx(0.5)
    assert coal[column(header, "未更新")].value == "未更新"  # 60 days since 1 May


def test_status_cells_are_filled_by_their_light(huandu, journal, tmp_path):
    book = workbook(huandu, tmp_path)
    header = [cell.value for cell in book["宜阳"][2]]
    status, light = column(header, "状态"), column(header, "灯")
    cases = [
        ("宜阳", "yiyang.beef-cattle", "正常", GREEN),
        ("孟津", "mengjin.fruit-industry", "已完成", GREEN),
        ("偃师", "yanshi.new-market-entities", "滞后", YELLOW),
        ("伊川", "yichuan.high-standard-farmland", "严重滞后", RED),
        ("宜阳", "yiyang.pepper-belt", "无数据", ""),
    ]
    for sheet, goal, word, colour in cases:
        _, rows = rows_by_id(book[sheet])
        cell = rows[goal][status]
        assert cell.value == word, goal
        assert fill(cell) == colour, goal
        assert fill(rows[goal][light]) == colour, goal


def test_the_summary_sheet_ranks_the_counties(huandu, journal, tmp_path):
    book = workbook(huandu, tmp_path)
    sheet = book["汇总"]
    assert "截至 2024-06-30" in sheet["A1"].value
    header = [cell.value for cell in sheet[2]]
    assert header == [
        "排名",
        "县区",
        "目标数",
        "已完成",
        "正常",
        "滞后",
        "严重滞后",
        "逾期",
        "无数据",
        "平均完成率",
        "较合计",
    ]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    assert [row[0] for row in rows] == [1, 2, 3, 4, 5, None]
    assert rows[0][1] == "孟津区" and rows[0][2] == 4 and rows[0][3] == 1
    assert rows[-1][1] == "环都市区合计" and rows[-1][2] == 30 and rows[-1][-1] is None
    mean = sheet.cell(row=3, column=10)
    assert mean.value == pytest.approx(1.0) and mean.number_format == "0.0%"
    assert isinstance(sheet.cell(row=3, column=11).value, float)


def test_english_headers_with_lang_en(huandu, journal, tmp_path):
    book = workbook(huandu, tmp_path, lang="en")
    header = [cell.value for cell in book["Yiyang"][2]]
    assert header[:3] == ["Goal id", "Goal", "Target"]
    assert "Completion" in header and "Time progress" in header and "Light" in header
    _, rows = rows_by_id(book["Yiyang"])
    assert rows["yiyang.beef-cattle"][header.index("Light")].value == "green"
    assert [cell.value for cell in book["Summary"][2]][:2] == ["Rank", "County"]


def test_xlsx_needs_a_file_and_is_for_the_report_itself(huandu):
    result = huandu("report", "--format", "xlsx")
    assert result.exit_code == 1 and "the xlsx format needs --output FILE" in result.stderr
    result = huandu("report", "--monthly", "--format", "xlsx", "--output", "x.xlsx")
    assert result.exit_code == 1 and "--monthly, --compare and --missing" in result.stderr


def test_without_openpyxl_one_line_says_what_to_install(huandu, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # `import openpyxl` now fails
    path = tmp_path / "report.xlsx"
    result = huandu("report", "--format", "xlsx", "--output", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line == "huandu: error: saving .xlsx needs openpyxl: pip install 'huandu[xlsx]'"
    assert not path.exists()


def test_registry_text_is_text_never_a_formula(huandu, tmp_path, registry_bytes):
    text = registry_bytes.decode("utf-8")
    title = 'title = "肉牛饲养量"'
    assert text.count(title) == 1
    hostile = tmp_path / "hostile.toml"
    hostile.write_text(
        text.replace(title, 'title = "=HYPERLINK(\\"http://x\\")\\u001b"'), encoding="utf-8"
    )
    path = tmp_path / "r.xlsx"
    args = ("--registry", str(hostile), "--lang", "zh", "report", "--format", "xlsx")
    ok(huandu(*args, "--output", str(path), lang="zh"))
    book = openpyxl.load_workbook(path)
    _, rows = rows_by_id(book["宜阳"])
    cell = rows["yiyang.beef-cattle"][1]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://x")\\x1b'


# ------------------------------------------------------------------ ready to print


def test_every_sheet_prints_a4_landscape_one_page_wide_with_its_header_repeated(
    huandu, journal, tmp_path
):
    book = workbook(huandu, tmp_path)
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape", sheet.title
        assert int(setup.paperSize) == 9, sheet.title  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0, sheet.title
        assert "&P" in sheet.oddFooter.center.text, sheet.title
    for name in ("汇总", "宜阳"):
        sheet = book[name]
        assert sheet.print_title_rows == "$1:$2"
        assert sheet.freeze_panes in ("A3", "C3")
        last = sheet.max_row
        for row in sheet.iter_rows(min_row=2, max_row=last):
            for cell in row:
                assert cell.border.left.style == "thin", cell.coordinate
                assert cell.border.bottom.style == "thin", cell.coordinate


def test_columns_fit_their_chinese_text(huandu, journal, tmp_path):
    from huandu.output.xlsx import display_width

    book = workbook(huandu, tmp_path)
    sheet = book["宜阳"]
    header = [cell.value for cell in sheet[2]]
    title = sheet.column_dimensions["B"].width
    widest = max(display_width(row[1].value) for row in sheet.iter_rows(min_row=3))
    assert title >= min(40, widest + 2)  # 中药材现代农业示范园建设: 24 units, not cut
    light = sheet.column_dimensions[chr(ord("A") + header.index("灯"))].width
    assert light < 10  # a one-character column stays narrow


def test_figures_are_rounded_to_the_goals_precision(huandu, journal, tmp_path):
    book = workbook(huandu, tmp_path)
    header, rows = rows_by_id(book["宜阳"])
    beef = rows["yiyang.beef-cattle"]  # 4 万头 on 31 March, 6 万头 on 30 June: a projection
    projected = beef[column(header, "预计到期")]
    assert projected.value == round(projected.value, 0)  # whole 万头, as the goal is written
    assert projected.number_format == "#,##0"
    assert beef[column(header, "当前")].number_format == "#,##0"


def test_the_notes_sheet_explains_the_rules_and_the_colours(huandu, journal, tmp_path):
    book = workbook(huandu, tmp_path)
    sheet = book["说明"]
    text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "时序进度" in text and "滞后" in text and "洛阳日报" in text
    fills = {
        c.value: fill(c) for row in sheet.iter_rows() for c in row if c.value in ("绿", "黄", "红")
    }
    assert fills == {"绿": GREEN, "黄": YELLOW, "红": RED}


def test_notes_and_the_lead_unit_have_their_columns(huandu, tmp_path, registry_bytes):
    text = registry_bytes.decode("utf-8").replace(
        'positioning = "以关键工作突破带动新的更大发展"',
        'positioning = "以关键工作突破带动新的更大发展"\nlead = "示例牵头单位（测试）"',
    )
    registry = tmp_path / "targets.toml"
    registry.write_text(text, encoding="utf-8")
    ok(huandu("--registry", str(registry), "update", "肉牛", "6万头", "--date", "2024-06-30",
              "--note", "=1+1 <b>5月报表</b>"))  # fmt: skip
    path = tmp_path / "r.xlsx"
    args = ("--registry", str(registry), "--lang", "zh", "report", *AS_OF, "--output", str(path))
    ok(huandu(*args, lang="zh"))
    header, rows = rows_by_id(openpyxl.load_workbook(path)["宜阳"])
    beef = rows["yiyang.beef-cattle"]
    note = beef[column(header, "进展情况")]
    assert note.value == "=1+1 <b>5月报表</b>" and note.data_type == "s"
    assert beef[column(header, "牵头单位")].value == "示例牵头单位（测试）"
