"""A supervisor looks up the goals of one county, or all of them, on screen or for a spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from huandu.output.exports import BOM, LIST_KEYS

SNAPSHOTS = Path(__file__).parent / "snapshots"

COUNTIES = {
    "xinan": ("新安县", "新安", "Xin'an County", 7),
    "yanshi": ("偃师区", "偃师", "Yanshi District", 6),
    "mengjin": ("孟津区", "孟津", "Mengjin District", 4),
    "yichuan": ("伊川县", "伊川", "Yichuan County", 3),
    "yiyang": ("宜阳县", "宜阳", "Yiyang County", 10),
}


def listed(huandu, *args: str, lang: str = "en"):
    result = huandu("list", *args, lang=lang)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def table_lines(text: str) -> list[str]:
    """The lines drawn as part of a table (borders and rows), without headings or blank lines."""
    return [line for line in text.splitlines() if line and line[0] in "┏┃┡│└"]


def assert_snapshot(text: str, name: str) -> None:
    """Compare with tests/snapshots/NAME (trailing spaces dropped); UPDATE_SNAPSHOTS=1 rewrites it.

    After rewriting, read the file before committing it: the snapshot is what a person sees.
    """
    shown = "".join(line.rstrip() + "\n" for line in text.splitlines())
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(shown, encoding="utf-8", newline="\n")
    assert path.exists(), f"{path} is missing; run the tests with UPDATE_SNAPSHOTS=1 to create it"
    assert shown == path.read_text(encoding="utf-8")


# ---------------------------------------------------------------- the table


def test_all_counties_are_listed_each_under_its_heading(huandu):
    out = listed(huandu)
    positions = [out.index(f"{name_en}: ") for _, _, name_en, _ in COUNTIES.values()]
    assert positions == sorted(positions)  # in the registry's order
    for county_id in COUNTIES:
        assert f"{county_id}." in out


def test_headings_are_in_chinese_for_chinese_readers(huandu):
    out = listed(huandu, lang="zh")
    for name, *_ in COUNTIES.values():
        assert f"{name}：" in out
    assert "里程碑" in out and "≥9万头" in out and ">300亿元" in out


def test_english_readers_get_english_amounts(huandu):
    out = listed(huandu, "--county", "宜阳")
    assert "≥90,000 head" in out and ">30 billion yuan" in out and "milestone" in out


def test_the_table_shows_target_deadline_and_category(huandu):
    out = listed(huandu, "--county", "yiyang", lang="zh")
    row = next(line for line in out.splitlines() if "yiyang.leading-industry-output" in line)
    assert ">300亿元" in row and "2025-12-31" in row and "产业" in row


@pytest.mark.parametrize(
    "name", ["宜阳", "宜阳县", "yiyang", "YiYang", "YIYANG", "yy", "Yiyang County", "ｙｉｙａｎｇ"]
)
def test_list_one_county_by_any_of_its_names(huandu, name):
    goals = json.loads(listed(huandu, "--county", name, "--format", "json"))
    assert len(goals) == 10 and {g["county_id"] for g in goals} == {"yiyang"}


def test_every_county_is_found_by_short_full_and_pinyin_name(huandu):
    for county_id, (name, short, _, count) in COUNTIES.items():
        for query in (county_id, name, short, county_id.upper()):
            goals = json.loads(listed(huandu, "-c", query, "-f", "json"))
            assert len(goals) == count and {g["county"] for g in goals} == {short}


def test_unknown_county_is_refused_with_the_valid_ones(huandu):
    result = huandu("list", "--county", "洛宁")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "huandu: error: no county named '洛宁'. Valid counties: "
        "Xin'an County (xinan), Yanshi District (yanshi), Mengjin District (mengjin), "
        "Yichuan County (yichuan), Yiyang County (yiyang)"
    )
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_quote_adds_the_articles_sentence(huandu):
    plain = listed(huandu, "--county", "孟津", lang="zh")
    quoted = listed(huandu, "--county", "孟津", "--quote", lang="zh")
    assert "原文" not in plain and "原文" in quoted
    joined = "".join(line.replace("│", "").replace(" ", "") for line in table_lines(quoted))
    assert "确保“两牛”产业突破40" in joined and "瓜果产业突破22亿元" in joined


def test_chinese_columns_line_up(huandu):
    """Every row of the table is exactly as wide as its border, counting CJK as two cells."""
    for args in (("-c", "宜阳"), ("-c", "宜阳", "--quote"), ()):
        out = listed(huandu, *args, lang="zh")
        for block in out.split("\n\n"):
            lines = table_lines(block)
            assert lines, block
            widths = {cell_len(line) for line in lines}
            assert len(widths) == 1, "\n".join(lines)
            assert widths.pop() <= 100


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("columns", [80, 100])
def test_no_table_is_cut_off_at_the_right(huandu, monkeypatch, lang, columns):
    """Each row ends with its border: nothing is cropped, at 80 or 100 columns, with or without quotes."""
    monkeypatch.setenv("COLUMNS", str(columns))
    for args in ((), ("--quote",)):
        for line in table_lines(listed(huandu, *args, lang=lang)):
            assert line[-1] in "┓┃┩│┘", line
            assert cell_len(line) <= columns


def test_english_quotes_fit_80_columns(huandu, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    for line in table_lines(listed(huandu, "--quote", lang="en")):
        assert line[-1] in "┓┃┩│┘", line


@pytest.mark.parametrize("columns", [72, 80, 100])
def test_categories_are_not_cut_inside_a_word(huandu, monkeypatch, columns):
    """ "Agriculture" read as "Agric/ulture" at 80 columns: the short-phrase columns kept a ratio's
    share of the width. Now a category wraps between its words, if at all."""
    monkeypatch.setenv("COLUMNS", str(columns))
    goals = json.loads(listed(huandu, "--format", "json", lang="en"))
    table = listed(huandu, lang="en")
    cells = [[cell.strip() for cell in line.split("│")] for line in table_lines(table)]
    words = {word for row in cells for cell in row for word in cell.split()}
    from huandu.output.words import category_label  # English: the fixture reads in English

    for goal in goals:
        for word in category_label(goal["category"]).split():
            assert word in words, word


def test_the_yiyang_table_at_100_columns(huandu):
    """What a supervisor sees for 宜阳 in Chinese, at a fixed width of 100 columns."""
    assert_snapshot(listed(huandu, "-c", "宜阳", lang="zh"), "list-yiyang-zh-100.txt")


# ---------------------------------------------------------------- JSON, CSV, Markdown


def test_json_is_an_array_of_goals_with_the_documented_keys(huandu):
    goals = json.loads(listed(huandu, "--format", "json"))
    assert isinstance(goals, list) and len(goals) == 30
    for goal in goals:
        assert list(goal) == list(LIST_KEYS)
        assert goal["kind"] in ("quantity", "milestone")
        for key in (
            "id",
            "county",
            "county_id",
            "county_name",
            "title",
            "title_en",
            "category",
            "quote",
        ):
            assert isinstance(goal[key], str) and goal[key], key
        dt.date.fromisoformat(goal["deadline"])
        if goal["kind"] == "quantity":
            assert isinstance(goal["target"], int | float) and not isinstance(goal["target"], bool)
            assert isinstance(goal["unit"], str)
            assert goal["comparison"] in ("gt", "ge")
        else:
            assert goal["target"] is None and goal["unit"] is None and goal["comparison"] is None
    beef = next(g for g in goals if g["id"] == "yiyang.beef-cattle")
    assert (beef["target"], beef["unit"], beef["comparison"]) == (9, "万头", "ge")
    assert (beef["county"], beef["county_name"], beef["deadline"]) == (
        "宜阳",
        "宜阳县",
        "2024-12-31",
    )


def test_json_keeps_chinese_readable(huandu):
    out = listed(huandu, "-c", "宜阳", "-f", "json")
    assert "肉牛饲养量" in out and "\\u" not in out


def test_csv_opens_in_excel_with_chinese_intact(huandu):
    """UTF-8 with a BOM (Excel's cue), a header of the documented keys, one row per goal."""
    out = listed(huandu, "--format", "csv")
    assert out.startswith(BOM)
    rows = list(csv.reader(io.StringIO(out[len(BOM) :])))
    assert tuple(rows[0]) == LIST_KEYS
    assert len(rows) == 31 and all(len(row) == len(LIST_KEYS) for row in rows)
    records = [dict(zip(LIST_KEYS, row, strict=True)) for row in rows[1:]]
    beef = next(r for r in records if r["id"] == "yiyang.beef-cattle")
    assert (beef["target"], beef["unit"], beef["quote"]) == ("9", "万头", "肉牛饲养量在9万头以上")
    casting = next(r for r in records if r["id"] == "xinan.aluminium-casting")
    assert casting["target"] == casting["unit"] == casting["comparison"] == ""
    assert casting["quote"] == "加快万基控股转型步伐,实施铝热连铸等项目"  # the comma survives


def test_csv_for_one_county(huandu):
    out = listed(huandu, "-c", "伊川", "-f", "csv")
    rows = list(csv.reader(io.StringIO(out[len(BOM) :])))
    assert [row[0] for row in rows[1:]] == [
        "yichuan.longding-battery-box",
        "yichuan.waterfront-plan",
        "yichuan.high-standard-farmland",
    ]


def test_markdown_has_a_table_per_county(huandu):
    out = listed(huandu, "--format", "markdown", lang="zh")
    sections = out.split("### ")[1:]
    assert len(sections) == 5
    for section, (name, _, _, count) in zip(sections, COUNTIES.values(), strict=True):
        assert section.startswith(f"{name}：")
        rows = [line for line in section.splitlines() if line.startswith("|")]
        assert rows[0] == "| 编号 | 目标 | 目标值 | 时限 | 类别 |"
        assert rows[1] == "| --- | --- | --- | --- | --- |"
        assert len(rows) - 2 == count


def test_markdown_with_quotes_has_a_source_column(huandu):
    out = listed(huandu, "-f", "markdown", "-c", "宜阳", "--quote")
    rows = [line for line in out.splitlines() if line.startswith("|")]
    assert rows[0].endswith("| Source sentence |")
    assert (
        "| yiyang.beef-cattle | Beef cattle herd | ≥90,000 head | 2024-12-31 | Agriculture | 肉牛饲养量在9万头以上 |"
        in rows
    )


@pytest.mark.parametrize("fmt", ["JSON", "Csv"])
def test_format_names_are_not_case_sensitive(huandu, fmt):
    assert listed(huandu, "-c", "宜阳", "-f", fmt)


def test_an_unknown_format_is_refused(huandu):
    result = huandu("list", "--format", "xlsx")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "xlsx" in result.stderr and "table|json|csv|markdown" in result.stderr
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------- untrusted text

EVIL_TITLE = "[red]x[/red] \x1b[31mred\x1b[0m abc\u202edcba"


@pytest.fixture
def evil_registry(tmp_path) -> str:
    """A registry someone else wrote, whose goal title carries markup, ANSI escapes and a bidi override."""
    escaped = EVIL_TITLE.replace("\x1b", "\\u001b").replace("\u202e", "\\u202e")
    text = f"""\
[plan]
id = "p"
title = "计划"
year = 2024
start = 2024-01-01
end = 2024-12-31
source = "洛阳日报"

[[county]]
id = "yiyang"
name = "宜阳县"
short = "宜阳"
name_en = "[bold]Yiyang\\u001b]8;;http://x\\u0007"
positioning = "以关键工作突破带动新的更大发展"

[[target]]
id = "yiyang.beef-cattle"
county = "yiyang"
title = "{escaped}"
category = "农业"
kind = "quantity"
target = 9
unit = "万头"
quote = "{escaped}"
"""
    path = tmp_path / "evil.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def as_rendered(markdown: str) -> str:
    """The text a Markdown viewer shows: backslash escapes and entities read as what they stand for."""
    import html

    return html.unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown))


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
def test_untrusted_text_is_shown_literally(huandu, evil_registry, fmt):
    result = huandu("--registry", evil_registry, "list", "--quote", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for raw in ("\x1b", "\u202e", "\x07"):
        assert raw not in out, (fmt, repr(raw))
    if fmt == "markdown":
        assert "[red]" not in out  # escaped: \\[red\\] renders as the text [red]
        out = as_rendered(out)
    assert "[red]x[/red]" in out
    if fmt in ("table", "markdown"):  # the county's English name heads its table
        assert "[bold]Yiyang\\x1b]8;;http://x\\x07" in out
    if fmt == "json":
        assert json.loads(out)[0]["title"] == EVIL_TITLE  # the data itself is exact
    else:
        assert "\\x1b[31mred" in out and "\\u202e" in out


def test_untrusted_text_in_a_table_still_lines_up(huandu, evil_registry):
    result = huandu("--registry", evil_registry, "list", "--quote")
    lines = table_lines(result.stdout)
    assert len({cell_len(line) for line in lines}) == 1


def test_an_empty_county_name_is_refused_not_read_as_all(huandu):
    result = huandu("list", "--county", "")
    assert result.exit_code == 1 and "no county named ''" in result.stderr
