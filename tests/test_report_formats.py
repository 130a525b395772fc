"""The mid-year report leaves the terminal: JSON for scripts, CSV for Excel, Markdown for a chat,
HTML and SVG for colleagues, plain text for a file.

Every progress value recorded here is synthetic, made up for the test; none is a real county's
figure.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from helpers import ok
from huandu.domain.report import COUNTY_KEYS, TARGET_KEYS

ESC = "\x1b"
AS_OF = ("--as-of", "2024-06-30")
COUNTIES_ZH = ("新安县", "偃师区", "孟津区", "伊川县", "宜阳县")


@pytest.fixture(autouse=True)
def _mid_year(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUANDU_TODAY", "2024-06-30")


@pytest.fixture
def journal(huandu) -> None:
    """A few synthetic figures, as a supervisor would type them in."""
    for goal, value, day in [
        ("yiyang.beef-cattle", "4万头", "2024-03-31"),
        ("yiyang.beef-cattle", "6万头", "2024-06-30"),
        ("xinan.coal-to-gas", "推进中", "2024-05-01"),
        ("mengjin.fruit-industry", "25亿元", "2024-06-30"),
        ("yanshi.new-market-entities", "2000", "2024-06-30"),
    ]:
        ok(huandu("update", goal, value, "--date", day))


def saved(huandu, path: Path, *args: str, lang: str = "en"):
    """Run a report that writes PATH: the file appears, stdout stays empty, stderr says where."""
    result = ok(huandu("--lang", lang, "report", *AS_OF, *args, "--output", str(path), lang=lang))
    assert result.stdout == ""
    assert result.stderr == ("已保存：" if lang == "zh" else "Saved: ") + f"{path}\n"
    assert path.is_file()
    return result


# ------------------------------------------------------------------------------------ JSON


def test_json_has_the_documented_keys(huandu, journal):
    result = ok(huandu("report", *AS_OF, "--format", "json"))
    assert result.stderr == ""
    assert "宜阳" in result.stdout  # Chinese stays readable, not \\u5b9c
    data = json.loads(result.stdout)

    assert list(data) == ["as_of", "plan", "counties", "ring", "targets"]
    assert list(data["plan"]) == [
        "id",
        "title",
        "start",
        "end",
        "behind_points",
        "far_behind_points",
        "time_progress",
        "update_interval_days",
    ]
    assert len(data["targets"]) == 30
    for row in data["targets"]:
        assert tuple(row) == TARGET_KEYS
    assert len(data["counties"]) == 5
    for row in [*data["counties"], data["ring"]]:
        assert tuple(row) == COUNTY_KEYS


def test_json_saved_to_a_file_is_what_would_be_printed(huandu, journal, tmp_path):
    printed = ok(huandu("report", *AS_OF, "--format", "json")).stdout
    path = tmp_path / "通报.json"
    saved(huandu, path, "--format", "json")
    assert path.read_text(encoding="utf-8") == printed


# ------------------------------------------------------------------------------------- CSV


def read_csv(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")  # the BOM tells Excel the file is UTF-8
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_csv_opens_in_excel_with_one_row_per_goal(huandu, journal):
    result = ok(huandu("report", *AS_OF, "--format", "csv"))
    # Bytes as Excel wants them whatever the console: UTF-8 with its BOM, rows ending in CRLF.
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf")
    assert result.stdout_bytes.count(b"\r\n") == 31
    assert b"\r\r\n" not in result.stdout_bytes
    rows = read_csv(result.stdout)

    header, *goals = rows
    assert header == list(TARGET_KEYS)
    assert len(goals) == 30
    assert all(len(row) == len(header) for row in goals)
    beef = dict(zip(header, next(r for r in goals if r[0] == "yiyang.beef-cattle"), strict=True))
    assert beef["county"] == "宜阳"
    assert beef["title"] == "肉牛饲养量"
    assert beef["unit"] == "万头"
    assert beef["current"] == "6"
    assert beef["percent"] == "66.67"
    assert beef["status"] == "on_track"
    assert beef["updated"] == "2024-06-30"
    coal = dict(zip(header, next(r for r in goals if r[0] == "xinan.coal-to-gas"), strict=True))
    assert coal["stage"] == "推进中"
    assert coal["target"] == coal["unit"] == ""  # a milestone has neither; empty, not "None"


def test_csv_follows_the_filters(huandu, journal):
    rows = read_csv(ok(huandu("report", *AS_OF, "--format", "csv", "--county", "宜阳")).stdout)
    assert len(rows) == 1 + 10
    assert {row[2] for row in rows[1:]} == {"yiyang"}


def test_csv_saved_to_a_file_keeps_its_line_ends(huandu, journal, tmp_path):
    path = tmp_path / "report.csv"
    saved(huandu, path, "--format", "csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") == 31
    assert b"\r\r\n" not in raw
    assert len(read_csv(raw.decode("utf-8"))) == 31


# -------------------------------------------------------------------------------- Markdown


def markdown_tables(text: str) -> list[list[str]]:
    tables: list[list[str]] = []
    previous = ""
    for line in text.splitlines():
        if line.startswith("|"):
            if not previous.startswith("|"):
                tables.append([])
            tables[-1].append(line)
        previous = line
    return tables


def cells(line: str) -> int:
    return line.replace("\\|", "").count("|") - 1


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_markdown_has_a_summary_table_and_one_per_county(huandu, journal, lang):
    result = ok(huandu("--lang", lang, "report", *AS_OF, "--format", "markdown", lang=lang))
    text = result.stdout
    assert ESC not in text

    lines = text.splitlines()
    assert lines[0].startswith("## ")
    headings = [line for line in lines if line.startswith("### ")]
    assert len(headings) == 6
    assert headings[0] == ("### 各县区汇总" if lang == "zh" else "### Summary by county")
    tables = markdown_tables(text)
    assert len(tables) == 6
    for table in tables:
        header, rule, *rows = table
        assert set(rule.replace("|", "").split()) == {"---"}
        assert cells(rule) == cells(header)
        assert rows
        for row in rows:
            assert cells(row) == cells(header), row
    summary = tables[0]
    assert len(summary) == 2 + 5 + 1  # header, rule, five counties and the ring
    if lang == "zh":
        for name in COUNTIES_ZH:
            assert f"### {name}：" in text
        assert "| 肉牛饲养量 | ≥9万头 | 6万头 | 66.7% | 49.7% | 正常 | 2024-06-30 |" in text
        assert "| 稳妥推进煤改气 | 里程碑 | 推进中 | 50.0% | 49.7% | 正常 | 2024-05-01 |" in text
    else:
        assert "| Beef cattle herd | ≥90,000 head | 60,000 head | 66.7% | 49.7% |" in text
        assert "| Coal-to-gas conversion | milestone | in progress | 50.0% | 49.7% |" in text


# ---------------------------------------------------------------------------- HTML and SVG


def test_html_is_written_to_the_file_named(huandu, journal, tmp_path):
    page = tmp_path / "通报.html"
    saved(huandu, page, "--format", "html", lang="zh")

    html = page.read_text(encoding="utf-8")
    assert "<html" in html and 'charset="utf-8"' in html.lower()
    for name in COUNTIES_ZH:
        assert name in html
    assert "时序进度" in html and "正常" in html
    assert ESC not in html


def test_svg_is_written_to_the_file_named(huandu, journal, tmp_path):
    picture = tmp_path / "report.svg"
    saved(huandu, picture, "--format", "svg", lang="zh")

    svg = picture.read_text(encoding="utf-8")
    assert "<svg" in svg
    for name in COUNTIES_ZH:
        assert name in svg
    assert ESC not in svg


def test_an_existing_file_is_kept_unless_forced_and_no_temporary_file_is_left(
    huandu, journal, tmp_path
):
    page = tmp_path / "report.html"
    page.write_text("last week's report", encoding="utf-8")
    refused = huandu("report", *AS_OF, "--format", "html", "--output", str(page))
    assert refused.exit_code == 1
    [line] = refused.stderr.splitlines()
    assert "already exists" in line and "--force" in line
    assert page.read_text(encoding="utf-8") == "last week's report"

    saved(huandu, page, "--format", "html", "--force")
    assert "<html" in page.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "report.html"]


# ------------------------------------------------------------------------ table into a file


def test_a_table_saved_to_a_file_is_plain_text(huandu, journal, tmp_path):
    path = tmp_path / "report.txt"
    saved(huandu, path, "--format", "table")

    text = path.read_text(encoding="utf-8")
    assert ESC not in text
    assert "Summary by county" in text and "Whole ring" in text
    assert "Yiyang County: 以关键工作突破带动新的更大发展" in text
    assert "on track" in text and "behind" in text


# ------------------------------------------------------------------------- where it cannot go


def test_a_file_in_a_missing_folder_is_refused_cleanly(huandu, journal, tmp_path):
    path = tmp_path / "no-such-folder" / "report.html"
    result = huandu("report", "--format", "html", "--output", str(path))

    assert result.exit_code == 1
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("huandu: error: could not write ")
    assert "records" not in line  # nothing to do with the journal
    assert not path.parent.exists()


def test_a_folder_is_not_a_file(huandu, journal, tmp_path):
    result = huandu("report", "--format", "html", "--output", str(tmp_path))

    assert result.exit_code == 1
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line == f"huandu: error: {tmp_path} is a folder, not a file"


# ------------------------------------------------------------------------------ untrusted text


def test_a_plan_title_with_an_escape_sequence_is_shown_not_obeyed(huandu, tmp_path, registry_bytes):
    text = registry_bytes.decode("utf-8")
    title = 'title = "环都市区五个县区2024年重点工作"'
    assert title in text
    hostile = tmp_path / "hostile.toml"
    hostile.write_text(
        text.replace(title, 'title = "环都市区[red]x[/red]\\u001b[2J"'), encoding="utf-8"
    )

    for fmt in ("table", "markdown", "json", "csv"):
        args = ("--registry", str(hostile), "--lang", "zh", "report", *AS_OF, "--format", fmt)
        result = ok(huandu(*args, lang="zh"))
        assert ESC not in result.stdout, fmt
        if fmt == "table":
            assert "环都市区[red]x[/red]\\x1b[2J" in result.stdout, fmt
        if fmt == "markdown":  # escaped so that it reads the same once rendered
            assert "环都市区\\[red\\]x\\[/red\\]\\\\x1b\\[2J" in result.stdout, fmt
    data = json.loads(ok(huandu("--registry", str(hostile), "report", "--format", "json")).stdout)
    assert data["plan"]["title"] == "环都市区[red]x[/red]\x1b[2J"  # the data itself is exact


# ------------------------------------------------------------------ notes and responsible units


@pytest.fixture
def led_registry(tmp_path, registry_bytes) -> Path:
    """The bundled plan with a lead unit for 宜阳 (made up for the test: the article names none)."""
    text = registry_bytes.decode("utf-8").replace(
        'positioning = "以关键工作突破带动新的更大发展"',
        'positioning = "以关键工作突破带动新的更大发展"\nlead = "示例牵头单位（测试）"\ncontact = "示例联系人"',
    )
    path = tmp_path / "led.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_latest_note_and_the_lead_are_in_every_report(huandu, led_registry, monkeypatch):
    reg = ("--registry", str(led_registry))
    ok(huandu(*reg, "update", "肉牛", "6万头", "--date", "2024-06-30", "--note", "5月报表 <b>"))
    data = json.loads(ok(huandu(*reg, "report", *AS_OF, "--format", "json")).stdout)
    rows = {row["id"]: row for row in data["targets"]}
    assert rows["yiyang.beef-cattle"]["note"] == "5月报表 <b>"
    assert rows["yiyang.beef-cattle"]["lead"] == "示例牵头单位（测试）"
    assert rows["yiyang.beef-cattle"]["contact"] == "示例联系人"
    assert rows["xinan.coal-to-gas"]["note"] == "" and rows["xinan.coal-to-gas"]["lead"] == ""

    monkeypatch.setenv("COLUMNS", "120")
    table = ok(huandu(*reg, "--lang", "zh", "report", *AS_OF, "--county", "宜阳", lang="zh")).stdout
    assert "进展：5月报表 <b>" in table and "牵头：示例牵头单位（测试）" in table
    markdown = ok(huandu(*reg, "--lang", "zh", "report", *AS_OF, "-f", "markdown", lang="zh"))
    assert "进展情况" in markdown.stdout and "5月报表 &lt;b&gt;" in markdown.stdout

    listed = json.loads(ok(huandu(*reg, "list", "--format", "json")).stdout)
    assert {g["lead"] for g in listed if g["county_id"] == "yiyang"} == {"示例牵头单位（测试）"}
    assert {g["lead"] for g in listed if g["county_id"] != "yiyang"} == {""}
    shown = ok(huandu(*reg, "--lang", "zh", "list", "--county", "宜阳", lang="zh")).stdout
    assert "牵头单位" in shown and "示例牵头单位" in shown
    assert "牵头单位" not in ok(huandu("--lang", "zh", "list", lang="zh")).stdout  # none named
    detail = ok(huandu(*reg, "--lang", "zh", "show", "肉牛", lang="zh")).stdout
    assert "示例牵头单位（测试）" in detail and "示例联系人" in detail and "5月报表" in detail
