"""A county sends its figures as a spreadsheet and someone records them with `huandu import FILE`.

Every progress value in these tests is synthetic, chosen to exercise parsing and refusals; none is a
real county's figure.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest

from helpers import ok, snapshot

TODAY = "2024-06-30"


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUANDU_TODAY", TODAY)


def log(huandu) -> list[dict]:
    result = huandu("log", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def imported(huandu, *args: str):
    result = huandu("import", *args)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return result


def refused(huandu, *args: str, lang: str = "en"):
    result = huandu("import", *args, lang=lang)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    return result


GOOD_ROWS = [
    ["goal", "value", "date", "note", "source"],
    ["yiyang.beef-cattle", "8.2万头", "2024-05-31", "5月报表", "县农业农村局"],
    ["市场主体", "6,000", "2024/5/31", "", ""],
    ["xinan.special-agriculture-output", "3500万元", "2024年5月31日", "", ""],
    ["mengjin.village-collective-income", "45%", "5月", "", ""],
    ["yanshi.yipin-campaign", "推进中", "1-5月", "", ""],
    ["yichuan.high-standard-farmland", "82000亩", "2024-05", "", ""],
    ["yanshi.high-tech-enterprises", "12", "", "", ""],
]


def check_good_rows(entries: list[dict]) -> None:
    got = [(e["target"], e["value"], e["unit"], e["stage"], e["date"]) for e in entries]
    assert got == [
        ("yiyang.beef-cattle", 8.2, "万头", None, "2024-05-31"),
        ("yanshi.new-market-entities", 6000, "户", None, "2024-05-31"),
        ("xinan.special-agriculture-output", 0.35, "亿元", None, "2024-05-31"),
        ("mengjin.village-collective-income", 45, "%", None, "2024-05-31"),
        ("yanshi.yipin-campaign", 50, None, "推进中", "2024-05-31"),
        ("yichuan.high-standard-farmland", 8.2, "万亩", None, "2024-05-31"),
        ("yanshi.high-tech-enterprises", 12, "家", None, TODAY),  # an empty date is today
    ]
    assert [e["seq"] for e in entries] == list(range(1, 8))
    assert entries[0]["note"] == "5月报表" and entries[0]["source"] == "县农业农村局"
    assert entries[2]["input"] == "3500万元"
    assert all(e["status"] == "active" for e in entries)


# --------------------------------------------------------------------------- good files land


@pytest.mark.parametrize(
    ("encoding", "named"),
    [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 with BOM"), ("gbk", "GBK/GB18030")],
)
def test_a_csv_in_any_usual_encoding_lands_with_values_units_and_dates(
    huandu, tmp_path, encoding, named
):
    path = write_csv(tmp_path / "may.csv", GOOD_ROWS, encoding)
    if encoding == "gbk":  # as Excel on a Chinese Windows saves "CSV (逗号分隔)"
        assert path.read_bytes() == "".join(",".join(row) + "\r\n" for row in GOOD_ROWS).replace(
            "6,000", '"6,000"'
        ).encode("gbk")
    dry = imported(huandu, str(path), "--dry-run")
    assert f"encoding {named}" in dry.stdout
    result = imported(huandu, str(path))
    assert result.stdout.strip() == "Imported 7 records for 7 goals"
    check_good_rows(log(huandu))


def test_the_summary_is_in_chinese_too(huandu, tmp_path):
    path = write_csv(tmp_path / "may.csv", GOOD_ROWS[:3])
    result = huandu("import", str(path), lang="zh")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "已导入 2 条记录，涉及 2 项目标"


def test_chinese_headers_in_any_case_and_spacing_are_understood(huandu, tmp_path):
    rows = [
        [" 目标 ", "完成值", " 截至日期", "备注 ", "数据来源", "记录人"],
        ["肉牛", "8.2万头", "2024-05-31", "五月", "县局", "小王"],
    ]
    imported(huandu, str(write_csv(tmp_path / "a.csv", rows)))
    [entry] = log(huandu)
    assert (entry["target"], entry["value"], entry["date"]) == (
        "yiyang.beef-cattle",
        8.2,
        "2024-05-31",
    )
    assert (entry["note"], entry["source"], entry["by"]) == ("五月", "县局", "小王")


@pytest.mark.parametrize(
    "headers",
    [
        ["Goal", "VALUE", "Date", "Note", "Source", "By"],
        ["目标编号", "进度", "日期", "备注", "来源", "记录人"],
        ["  goal id", "数值", "DATE", "note", "source", "by  "],
    ],
)
def test_header_names_in_english_or_chinese(huandu, tmp_path, headers):
    rows = [headers, ["yanshi.new-market-entities", "3200", "2024-05-31", "n", "s", "小李"]]
    imported(huandu, str(write_csv(tmp_path / "a.csv", rows)))
    [entry] = log(huandu)
    assert (entry["target"], entry["value"], entry["by"]) == (
        "yanshi.new-market-entities",
        3200,
        "小李",
    )


def test_by_defaults_to_the_option_then_the_os_user(huandu, tmp_path):
    path = write_csv(tmp_path / "a.csv", [["goal", "value"], ["市场主体", "3200"]])
    imported(huandu, str(path), "--by", "督查室")
    assert log(huandu)[0]["by"] == "督查室"


def test_relative_rows_add_to_the_journal_and_to_earlier_rows_of_the_same_file(huandu, tmp_path):
    assert huandu("update", "市场主体", "3200", "--date", "2024-04-30").exit_code == 0
    rows = [
        ["goal", "value", "date"],
        ["市场主体", "+500", "2024-05-31"],
        ["肉牛", "+1", "2024-05-31"],  # nothing recorded before: adds to zero
        ["市场主体", "+100", "2024-06-30"],
        ["市场主体", "+50", "2024-05-31"],  # as of 5-31: the 6-30 row is later, not counted
    ]
    imported(huandu, str(write_csv(tmp_path / "a.csv", rows)))
    entries = log(huandu)
    assert [(e["seq"], e["target"], e["value"]) for e in entries] == [
        (1, "yanshi.new-market-entities", 3200),
        (2, "yanshi.new-market-entities", 3700),
        (3, "yiyang.beef-cattle", 1),
        (4, "yanshi.new-market-entities", 3800),
        (5, "yanshi.new-market-entities", 3750),
    ]


def test_empty_rows_and_unfilled_goal_lines_are_skipped_and_row_numbers_count_them(
    huandu, tmp_path
):
    path = tmp_path / "a.csv"
    path.write_text(
        "goal,value\n\n市场主体,\n,\n肉牛,abc\n市场主体,3200\n", encoding="utf-8", newline=""
    )
    result = refused(huandu, str(path))
    assert result.stderr.splitlines()[0] == "huandu: error: row 5: 'abc' is not a number"


# --------------------------------------------------------------------------- bad rows: nothing written


def bad_rows() -> list[list[str]]:
    return [
        ["目标", "数值", "日期"],
        ["市场主体", "3200", "2024-05-31"],  # row 2: fine
        ["no-such-goal", "5", ""],  # row 3
        ["市场主体", "lots", ""],  # row 4
        ["市场主体", "5亩", ""],  # row 5: 亩 on a 户 goal
        ["市场主体", "5", "2024-07-01"],  # row 6: after today
        ["市场主体", "5", "2024-02-30"],  # row 7: no such day
        ["市场主体", "5", "someday"],  # row 8
        ["", "5", ""],  # row 9: no goal
        ["yanshi.yipin-campaign", "+5", ""],  # row 10: a step on a milestone
        ["肉牛", "8万头", ""],  # row 11: fine
    ]


@pytest.mark.parametrize("existing", [False, True])
def test_every_bad_row_is_listed_with_its_row_number_and_nothing_is_written(
    huandu, home, tmp_path, existing
):
    if existing:
        assert huandu("update", "肉牛", "7万头", "--date", "2024-04-30").exit_code == 0
    before = snapshot(home)
    result = refused(huandu, str(write_csv(tmp_path / "bad.csv", bad_rows())))
    lines = result.stderr.splitlines()
    assert lines == [
        "huandu: error: row 3: no goal matches 'no-such-goal'. huandu list shows them all",
        "huandu: error: row 4: 'lots' is not a number",
        lines[2],
        "huandu: error: row 6: the date 2024-07-01 is after today (2024-06-30); figures cannot be dated in the future",
        "huandu: error: row 7: '2024-02-30' is not a real date",
        lines[5],
        "huandu: error: row 9: no goal given",
        "huandu: error: row 10: a milestone takes its stage or percent as it stands, not an increase like '+5'",
        "huandu: error: 8 rows have problems; nothing was written",
    ]
    assert lines[2].startswith("huandu: error: row 5: the unit of '5亩' does not fit")
    assert lines[5].startswith("huandu: error: row 8: cannot read 'someday'")
    assert result.stdout == ""
    assert snapshot(home) == before


def test_bad_rows_are_listed_in_chinese(huandu, home, tmp_path):
    result = refused(huandu, str(write_csv(tmp_path / "bad.csv", bad_rows()[:5])), lang="zh")
    lines = result.stderr.splitlines()
    assert (
        lines[0] == "huandu: 错误：第 3 行：找不到目标 “no-such-goal”。huandu list 可列出全部目标"
    )
    assert lines[-1] == "huandu: 错误：3 行有问题，未写入任何内容"
    assert snapshot(home) is None


def test_a_missing_goal_or_value_column_is_one_error_naming_the_columns_found(huandu, tmp_path):
    path = write_csv(tmp_path / "a.csv", [["县区", "目标", "本月"], ["宜阳", "肉牛", "8"]])
    result = refused(huandu, str(path))
    [line] = result.stderr.splitlines()
    assert "value (数值/进度/完成值/value)" in line
    assert "goal (" not in line
    assert line.endswith("the columns found are: 县区, 目标, 本月")


def test_two_columns_for_the_same_thing_are_refused(huandu, tmp_path):
    path = write_csv(tmp_path / "a.csv", [["goal", "数值", "value"], ["肉牛", "8", "9"]])
    [line] = refused(huandu, str(path)).stderr.splitlines()
    assert "数值, value" in line


def test_untrusted_cells_are_shown_as_text(huandu, home, tmp_path):
    rows = [["goal", "value"], ["\x1b[31m[red]x", "5"], ["市场主体", "1\u202e2\n3"]]
    result = refused(huandu, str(write_csv(tmp_path / "a.csv", rows)))
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert "'\\x1b[31m[red]x'" in result.stderr
    assert "row 3: '1\\u202e2\\n3' is not a number" in result.stderr
    assert len(result.stderr.splitlines()) == 3


# --------------------------------------------------------------------------- dry run


def test_a_dry_run_shows_every_row_and_writes_nothing(huandu, home, tmp_path):
    path = write_csv(tmp_path / "may.csv", GOOD_ROWS)
    result = imported(huandu, str(path), "--dry-run")
    lines = result.stdout.splitlines()
    assert lines[0] == f"{path}: CSV, encoding UTF-8, 7 rows to record"
    assert "  row 2: yiyang.beef-cattle = 8.2万头 (as of 2024-05-31)" in lines
    assert (
        "  row 4: xinan.special-agriculture-output = 0.35亿元 (as of 2024-05-31), typed 3500万元"
        in lines
    )
    assert "  row 8: yanshi.high-tech-enterprises = 12家 (as of 2024-06-30)" in lines
    assert lines[-1] == "Dry run: 7 records for 7 goals would be imported; nothing was written"
    assert snapshot(home) is None
    assert log(huandu) == []


def test_a_dry_run_with_bad_rows_exits_1_and_writes_nothing(huandu, home, tmp_path):
    huandu("update", "肉牛", "7万头", "--date", "2024-04-30")
    before = snapshot(home)
    result = refused(huandu, str(write_csv(tmp_path / "bad.csv", bad_rows())), "--dry-run")
    assert "row 3:" in result.stderr and "row 10:" in result.stderr
    assert "  row 2: yanshi.new-market-entities = 3,200户 (as of 2024-05-31)" in result.stdout
    assert snapshot(home) == before


# --------------------------------------------------------------------------- one write


def test_a_batch_is_one_transaction_a_failure_half_way_writes_nothing(
    huandu, home, tmp_path, monkeypatch
):
    ok(huandu("update", "肉牛", "7万头", "--date", "2024-04-30"))
    before = snapshot(home)
    import sqlite3

    import huandu.store.sqlite as store

    real = store._entry_to_row
    calls = []

    def failing(entry):
        calls.append(entry)
        if len(calls) == 4:  # the disk fails at the fourth row of seven
            error = sqlite3.OperationalError("disk I/O error")
            error.sqlite_errorname = "SQLITE_IOERR_WRITE"
            raise error
        return real(entry)

    monkeypatch.setattr(store, "_entry_to_row", failing)
    result = huandu("import", str(write_csv(tmp_path / "may.csv", GOOD_ROWS)))
    assert result.exit_code == 1
    assert "Traceback" not in result.stdout + result.stderr
    [line] = result.stderr.splitlines()
    assert "could not write the progress store" in line
    monkeypatch.setattr(store, "_entry_to_row", real)
    assert snapshot(home) == before
    assert len(log(huandu)) == 1  # the figure before the import, nothing of it


def test_seqs_follow_on_from_the_journal(huandu, tmp_path):
    huandu("update", "肉牛", "7万头", "--date", "2024-04-30")
    huandu("update", "肉牛", "7.5万头", "--date", "2024-04-30")
    imported(huandu, str(write_csv(tmp_path / "may.csv", GOOD_ROWS)))
    assert [e["seq"] for e in log(huandu)] == list(range(1, 10))


# --------------------------------------------------------------------------- the template


def registry_ids(huandu, *args: str) -> list[str]:
    result = huandu("list", "--format", "json", *args)
    return [goal["id"] for goal in json.loads(result.stdout)]


def test_the_csv_template_lists_every_goal_and_comes_back_filled_in(huandu, home, tmp_path):
    path = tmp_path / "模板.csv"
    result = imported(huandu, "--template", str(path))
    assert "Template written" in result.stdout
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["目标编号", "目标", "单位", "数值", "日期", "备注", "来源"]
    assert [r[0] for r in rows[1:]] == registry_ids(huandu)
    assert all(r[1] and r[2] and r[3:] == ["", "", "", ""] for r in rows[1:])
    units = {r[0]: r[2] for r in rows[1:]}
    assert units["yiyang.beef-cattle"] == "万头"  # a bare number is read in this unit
    assert units["yanshi.yipin-campaign"] == "未启动/推进中/已完成/%"
    assert snapshot(home) is None

    filled = {
        "yiyang.beef-cattle": ["8.2万头", "2024-05-31", "5月报表", "县农业农村局"],
        "yanshi.new-market-entities": ["3200", "5月", "", ""],
        "yanshi.yipin-campaign": ["已完成", "", "", ""],
    }
    for row in rows[1:]:
        if row[0] in filled:
            row[3:] = filled[row[0]]
    # 目标 is for the human: a title that would match several goals does not matter.
    rows[1][1] = "产值"
    write_csv(path, rows, "utf-8-sig")
    result = imported(huandu, str(path))
    assert result.stdout.strip() == "Imported 3 records for 3 goals"
    got = {e["target"]: (e["value"], e["date"]) for e in log(huandu)}
    assert got == {
        "yanshi.new-market-entities": (3200, "2024-05-31"),
        "yanshi.yipin-campaign": (100, TODAY),
        "yiyang.beef-cattle": (8.2, "2024-05-31"),
    }


def test_a_template_for_one_county(huandu, tmp_path):
    path = tmp_path / "yiyang.csv"
    imported(huandu, "--template", str(path), "--county", "宜阳")
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"), newline="")))
    assert [r[0] for r in rows[1:]] == registry_ids(huandu, "--county", "宜阳")


def test_import_with_county_refuses_other_counties_goals_saying_whose_they_are(
    huandu, home, tmp_path
):
    rows = [["goal", "value"], ["市场主体", "3200"], ["肉牛", "8"]]
    result = refused(huandu, str(write_csv(tmp_path / "a.csv", rows)), "--county", "宜阳")
    assert result.stderr.splitlines()[0] == (
        "huandu: error: row 2: the goal yanshi.new-market-entities belongs to Yanshi District, "
        "not Yiyang County (--county)"
    )
    assert snapshot(home) is None
    chinese = refused(
        huandu, str(write_csv(tmp_path / "a.csv", rows)), "--county", "偃师", lang="zh"
    )
    assert chinese.stderr.splitlines()[0] == (
        "huandu: 错误：第 3 行：目标 yiyang.beef-cattle 属于宜阳县，不属于偃师区（--county）"
    )


def test_a_template_never_overwrites_a_file(huandu, tmp_path):
    path = tmp_path / "filled.csv"
    path.write_text("something precious", encoding="utf-8")
    result = refused(huandu, "--template", str(path))
    assert "already exists" in result.stderr
    assert path.read_text(encoding="utf-8") == "something precious"
    refused(huandu, "--template", str(tmp_path / "t.xls"))


def test_file_or_template_is_needed_but_not_both(huandu, tmp_path):
    assert huandu("import").exit_code == 2
    result = huandu("import", "a.csv", "--template", str(tmp_path / "t.csv"))
    assert result.exit_code == 2
    assert not (tmp_path / "t.csv").exists()


# --------------------------------------------------------------------------- xlsx


def test_an_xlsx_with_numbers_dates_and_percents_lands(huandu, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["目标编号", "数值", "日期", "备注"])
    sheet.append(["yanshi.new-market-entities", 3200.0, dt.datetime(2024, 5, 31, 0, 0), 7])
    sheet.append(["yiyang.beef-cattle", 8.2, dt.date(2024, 5, 31), None])
    sheet.append(["mengjin.village-collective-income", 0.45, "5月", None])
    sheet["B4"].number_format = "0%"
    sheet.append([None, None, None, None])
    sheet.append(["yanshi.high-tech-enterprises", 12, "2024/6/15", None])
    book.create_sheet("其他").append(["goal", "value"])  # only the first sheet is read
    path = tmp_path / "may.xlsx"
    book.save(path)
    dry = imported(huandu, str(path), "--dry-run")
    assert dry.stdout.splitlines()[0] == f"{path}: Excel workbook, sheet 'Sheet', 4 rows to record"
    assert "  row 6: yanshi.high-tech-enterprises = 12家 (as of 2024-06-15)" in dry.stdout
    imported(huandu, str(path))
    got = [(e["target"], e["value"], e["input"], e["date"], e["note"]) for e in log(huandu)]
    assert got == [
        ("yanshi.new-market-entities", 3200, "3200", "2024-05-31", "7"),
        ("yiyang.beef-cattle", 8.2, "8.2", "2024-05-31", ""),
        ("mengjin.village-collective-income", 45, "45%", "2024-05-31", ""),
        ("yanshi.high-tech-enterprises", 12, "12", "2024-06-15", ""),
    ]


def test_the_xlsx_template_comes_back_filled_in(huandu, home, tmp_path):
    import openpyxl

    path = tmp_path / "模板.xlsx"
    imported(huandu, "--template", str(path), "--county", "yanshi")
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("目标编号", "目标", "目标值", "时限", "单位", "数值", "日期", "备注", "来源")
    assert [r[0] for r in rows[1:]] == registry_ids(huandu, "--county", "偃师")
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id["yanshi.new-market-entities"][2:5] == ("≥6,000户", dt.datetime(2024, 12, 31), "户")
    # An unfilled template has nothing to import.
    assert "nothing to import" in refused(huandu, str(path)).stderr
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "yanshi.new-market-entities":
            row[5].value, row[6].value = 3200, dt.datetime(2024, 5, 31)
        if row[0].value == "yanshi.high-tech-enterprises":
            row[5].value, row[7].value, row[8].value = "15", "上半年", "县科工局"
    book.save(path)
    imported(huandu, str(path))
    got = [(e["target"], e["value"], e["date"], e["source"]) for e in log(huandu)]
    assert got == [
        ("yanshi.new-market-entities", 3200, "2024-05-31", ""),
        ("yanshi.high-tech-enterprises", 15, TODAY, "县科工局"),
    ]


def test_the_xlsx_template_prints_and_offers_the_stages_of_a_milestone(huandu, tmp_path):
    import openpyxl

    path = tmp_path / "宜阳6月.xlsx"
    imported(huandu, "--template", str(path), "--county", "宜阳")
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and int(sheet.page_setup.fitToWidth) == 1
    assert sheet.print_title_rows == "$1:$1" and sheet.freeze_panes == "C2"
    assert all(c.border.left.style == "thin" for row in sheet.iter_rows() for c in row)
    [validation] = sheet.data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == '"未启动,推进中,已完成"'
    assert validation.errorStyle == "warning"  # 60% may still be typed
    cells = {str(r) for r in validation.sqref.ranges}
    milestones = {
        f"F{row[0].row}" for row in sheet.iter_rows(min_row=2) if row[2].value == "里程碑"
    }
    assert cells == milestones and len(milestones) == 6
    assert sheet["D2"].number_format == "yyyy-mm-dd"


def test_an_xlsx_formula_without_a_saved_value_is_a_bad_row(huandu, home, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["goal", "value"])
    sheet.append(["市场主体", "=1000+2200"])  # openpyxl saves no calculated value
    sheet.append(["肉牛", 8])
    path = tmp_path / "f.xlsx"
    book.save(path)
    result = refused(huandu, str(path))
    assert result.stderr.splitlines()[0] == (
        "huandu: error: row 2: the value cell holds a formula with no saved result; "
        "open and save the file in Excel, then import it"
    )
    assert snapshot(home) is None


def test_without_openpyxl_xlsx_says_how_to_install_it(huandu, home, tmp_path, monkeypatch):
    path = tmp_path / "may.xlsx"
    path.write_bytes(b"PK\x03\x04 an xlsx would be here")
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # `import openpyxl` raises ImportError
    for args in ((str(path),), ("--template", str(tmp_path / "t.xlsx"))):
        [line] = refused(huandu, *args).stderr.splitlines()
        assert "pip install 'huandu[xlsx]'" in line
    assert not (tmp_path / "t.xlsx").exists()
    # CSV needs nothing more.
    imported(huandu, str(write_csv(tmp_path / "a.csv", [["goal", "value"], ["肉牛", "8"]])))


# --------------------------------------------------------------------------- files that are not sheets


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("corrupt.xlsx", b"PK\x03\x04 not really a zip", "not a readable .xlsx workbook"),
        ("renamed.xlsx", b"goal,value\n", "not a readable .xlsx workbook"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "save it as .xlsx or CSV"),
        ("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "neither CSV text"),
        ("garbled.csv", b"goal,value\n\xff\xfe\xff\xff,1\n", "neither CSV text"),
        ("empty.csv", b"", "the sheet is empty"),
        ("blank.csv", b"\r\n ,  \r\n", "the sheet is empty"),
    ],
)
def test_files_that_are_not_usable_sheets_are_refused_in_one_line(
    huandu, home, tmp_path, name, content, fragment
):
    path = tmp_path / name
    path.write_bytes(content)
    [line] = refused(huandu, str(path)).stderr.splitlines()
    assert fragment in line
    assert snapshot(home) is None


def test_a_missing_file_or_a_folder_is_refused(huandu, tmp_path):
    [line] = refused(huandu, str(tmp_path / "nope.csv")).stderr.splitlines()
    assert line == f"huandu: error: file {tmp_path / 'nope.csv'} not found"
    [line] = refused(huandu, str(tmp_path)).stderr.splitlines()
    assert line == f"huandu: error: {tmp_path} is a folder, not a file"


def test_a_header_only_file_has_nothing_to_import(huandu, tmp_path):
    path = write_csv(tmp_path / "a.csv", [["goal", "value"], ["肉牛", ""]])
    [line] = refused(huandu, str(path)).stderr.splitlines()
    assert "nothing to import" in line


def test_excel_style_dates_with_midnight_and_tab_separated_text(huandu, tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("目标\t数值\t日期\r\n肉牛\t8\t2024/5/31 0:00\r\n".encode("utf-16"))
    imported(huandu, str(path))
    [entry] = log(huandu)
    assert (entry["value"], entry["date"]) == (8, "2024-05-31")


def test_a_title_line_above_the_header_is_passed_over(huandu, tmp_path):
    rows = [
        ["宜阳县2024年5月重点工作进度表", "", ""],
        ["", "", "填报单位：县督查室"],
        ["目标编号", "数值", "日期"],
        ["yiyang.beef-cattle", "8.2万头", "2024-05-31"],
        ["yiyang.beef-cattle", "nine", "2024-05-31"],
    ]
    result = refused(huandu, str(write_csv(tmp_path / "a.csv", rows)))
    assert result.stderr.splitlines()[0] == "huandu: error: row 5: 'nine' is not a number"
    del rows[-1]
    imported(huandu, str(write_csv(tmp_path / "a.csv", rows)))
    assert [e["value"] for e in log(huandu)] == [8.2]


def test_importing_the_same_sheet_twice_is_refused_row_by_row(huandu, home, tmp_path):
    """The sheet of last month sent again must not count its figures twice (synthetic values)."""
    sheet = write_csv(
        tmp_path / "5月.csv",
        [
            ["目标编号", "数值", "日期"],
            ["yiyang.beef-cattle", "8.2万头", "2024-05-31"],
            ["yanshi.new-market-entities", "+500", "2024-05-31"],
        ],
    )
    imported(huandu, str(sheet))
    before = snapshot(home)
    again = refused(huandu, str(sheet))
    assert "row 2: repeats record #1" in again.stderr
    assert "row 3: repeats record #2" in again.stderr
    assert snapshot(home) == before
    # A new figure for the same goal and date is not a repeat: it corrects the old one.
    corrected = write_csv(
        tmp_path / "5月更正.csv",
        [["目标编号", "数值", "日期"], ["yiyang.beef-cattle", "8.3万头", "2024-05-31"]],
    )
    imported(huandu, str(corrected))
    assert [e["value"] for e in log(huandu)][-1] == 8.3
