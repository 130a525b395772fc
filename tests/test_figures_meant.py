"""Every figure recorded is the figure meant: no silent ×10,000, no wrong goal, no wrong date.

Each test is one thing a person did that huandu used to take silently (issue #12's table): now it
is recorded as meant, or refused with the value as it would be stored and why, and a refusal
leaves the store byte for byte as it was. `--force` records what is implausible but true, marked
as forced. Every figure here is synthetic.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from helpers import entries, ok, snapshot, store_path

TODAY = "2024-06-30"


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUANDU_TODAY", TODAY)


def refused(huandu, home: Path, *args: str, lang: str = "en") -> str:
    """The command is refused in one line (or one per bad row, and a summary), exit 1, no
    traceback, and the store is exactly as it was."""
    before = snapshot(home)
    result = huandu(*args, lang=lang)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(home) == before
    return result.stderr


def one_line(text: str) -> str:
    [line] = text.splitlines()
    return line


def write_csv(path: Path, rows: list[list[str]]) -> str:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    return str(path)


def standing(huandu, goal: str) -> dict:
    data = json.loads(ok(huandu("report", "--format", "json")).stdout)
    return {t["id"]: t for t in data["targets"]}[goal]


@pytest.fixture
def recorded(huandu, home):
    """A store with one figure in it, so that a refusal has something to leave untouched."""
    ok(huandu("update", "yiyang.beef-cattle", "7万头", "--date", "2024-04-30"))
    return home


# ----------------------------------------------------------------- the sheet's own columns


def test_the_template_s_unit_column_is_the_unit_of_a_bare_number(huandu, home, tmp_path):
    """The office's template filled in: 72000 under 单位 头 is 7.2 万头, not 72,000 万头."""
    sheet = write_csv(
        tmp_path / "宜阳.csv",
        [
            ["目标编号", "目标", "单位", "数值", "日期"],
            ["yiyang.beef-cattle", "肉牛饲养量", "头", "72000", "2024-05-31"],
            ["xinan.special-agriculture-output", "特色农业综合产值", "万元", "750000", "5月"],
        ],
    )
    ok(huandu("import", sheet))
    beef, output = entries(home)
    assert (beef["value"], beef["unit"], beef["input"]) == (7.2, "万头", "72000头")
    assert (output["value"], output["unit"]) == (75, "亿元")  # 750,000 万元 is 75 亿元


def test_a_unit_column_that_does_not_fit_the_goal_refuses_the_row(huandu, recorded, tmp_path):
    sheet = write_csv(
        tmp_path / "a.csv",
        [["目标编号", "单位", "数值"], ["yiyang.beef-cattle", "亩", "72000"]],
    )
    err = refused(huandu, recorded, "import", sheet)
    assert err.splitlines()[0].startswith("huandu: error: row 2: the unit of '72000亩'")


def test_an_id_and_a_title_naming_different_goals_are_a_mismatch(huandu, recorded, tmp_path):
    """A row copied from the line above: the id says 辣椒产业带, the title says 肉牛饲养量."""
    sheet = write_csv(
        tmp_path / "a.csv",
        [["目标编号", "目标", "数值"], ["yiyang.pepper-belt", "肉牛饲养量", "7.2"]],
    )
    err = refused(huandu, recorded, "import", sheet)
    assert err.splitlines()[0] == (
        "huandu: error: row 2: the goal id yiyang.pepper-belt and the goal '肉牛饲养量' are not "
        "the same goal ('肉牛饲养量' is yiyang.beef-cattle, yiyang.pepper-belt is '辣椒产业带'); "
        "check this row"
    )


def test_a_title_without_an_id_finds_its_goal(huandu, home, tmp_path):
    sheet = write_csv(
        tmp_path / "a.csv",
        [["目标编号", "目标", "数值", "日期"], ["", "辣椒产业带", "4.5万亩", "5月"]],
    )
    ok(huandu("import", sheet))
    assert entries(home)[0]["target"] == "yiyang.pepper-belt"


def test_merged_cells_give_their_value_to_every_row_they_cover(huandu, home, tmp_path):
    """日期 merged over rows 2-11: all ten figures are as of that date, not of today."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["目标编号", "数值", "日期"])
    goals = [
        ("yiyang.beef-cattle", "7万头"),
        ("yiyang.pepper-belt", "4万亩"),
        ("yiyang.herb-belt", "3万亩"),
        ("yiyang.leading-industry-output", "70亿元"),
        ("yiyang.zhichuang-park", "推进中"),
        ("yiyang.guangping-aviation", "推进中"),
        ("yiyang.aviation-plan", "已完成"),
        ("yiyang.pepper-park", "推进中"),
        ("yiyang.herb-park", "未启动"),
        ("yiyang.sanqing-liangjian", "推进中"),
    ]
    for goal, value in goals:
        sheet.append([goal, value, None])
    sheet["C2"] = "2024-05-31"
    sheet.merge_cells("C2:C11")
    path = tmp_path / "宜阳5月.xlsx"
    book.save(path)
    ok(huandu("import", str(path)))
    assert {e["date"].isoformat() for e in entries(home)} == {"2024-05-31"}
    data = json.loads(ok(huandu("report", "--format", "json", "--as-of", "5月")).stdout)
    yiyang = [t for t in data["targets"] if t["county_id"] == "yiyang"]
    assert sum(t["status"] != "no_data" for t in yiyang) == 10


def test_an_other_county_s_goal_says_whose_it_is(huandu, recorded, tmp_path):
    sheet = write_csv(tmp_path / "a.csv", [["目标编号", "数值"], ["yiyang.beef-cattle", "8万头"]])
    err = refused(huandu, recorded, "import", sheet, "--county", "偃师")
    assert "belongs to Yiyang County, not Yanshi District" in err.splitlines()[0]


# ----------------------------------------------------------------- plausibility


def test_a_slip_of_ten_thousand_is_refused_naming_what_would_be_stored(huandu, recorded):
    """辣椒 5亿 is 5亿亩: 500,000 万亩 on a goal of 10 万亩."""
    err = refused(huandu, recorded, "update", "辣椒", "5亿", "--date", "2024-05-31")
    line = one_line(err)
    assert "'5亿' would be stored as 50,000 万亩, 10k mu, 5,000 times the target" in line
    assert "--force" in line


def test_a_bare_number_in_the_wrong_unit_is_refused(huandu, recorded):
    """肉牛 1e3 is 1,000 万头: meant 1,000 head, or 10 万头? Either way not 1,000 万头."""
    err = refused(huandu, recorded, "update", "肉牛", "1e3")
    assert "would be stored as 1,000 万头, 10k head, 111 times the target" in one_line(err)


def test_a_jump_by_a_hundred_times_from_the_figure_before_is_refused(huandu, home):
    ok(huandu("update", "yanshi.new-market-entities", "3200", "--date", "2024-04-30"))
    err = refused(huandu, home, "update", "yanshi.new-market-entities", "32", "--date", "5月")
    assert "a hundred times or more off the figure before it, 3,200 户" in one_line(err)


def test_force_records_what_is_implausible_and_marks_it(huandu, recorded):
    result = ok(huandu("update", "肉牛", "100万头", "--date", "2024-05-31", "--force"))
    assert "Recorded #2" in result.stdout
    last = entries(recorded)[-1]
    assert (last["value"], last["forced"]) == (100, True)
    assert "forced" not in entries(recorded)[0]


def test_a_max_ratio_in_the_registry_widens_what_is_plausible(huandu, home, registry_bytes):
    text = registry_bytes.decode("utf-8").replace(
        'id = "yiyang.beef-cattle"\n', 'id = "yiyang.beef-cattle"\nmax_ratio = 200\n'
    )
    (home / "targets.toml").write_text(text, encoding="utf-8")
    ok(huandu("update", "肉牛", "1e3", "--date", "2024-05-31"))
    assert entries(home)[0]["value"] == 1000


@pytest.mark.parametrize(
    ("goal", "typed", "whole"),
    [
        ("xinan.industrial-projects", "4.92个", "4.92 个"),
        ("yanshi.new-market-entities", "6000.5户", "6,000.5 户"),
        ("yiyang.beef-cattle", "8.23456万头", "82,345.6 头"),
    ],
)
def test_a_fraction_of_a_counted_thing_is_refused(huandu, recorded, goal, typed, whole):
    err = refused(huandu, recorded, "update", goal, typed, "--date", "2024-05-31")
    assert f"that is {whole}, not a whole number of them" in one_line(err)


def test_counts_that_come_to_whole_things_are_taken(huandu, home):
    ok(huandu("update", "肉牛", "8.2万头", "--date", "2024-05-31"))
    ok(huandu("update", "市场主体", "3,200户", "--date", "2024-05-31"))
    assert [e["value"] for e in entries(home)] == [8.2, 3200]


def test_a_general_cell_s_fraction_on_a_percent_goal_is_ambiguous(huandu, recorded, tmp_path):
    """0.45 in a General cell on a % goal: 45% or 0.45%? A 45% cell (percent format) is clear."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["目标编号", "数值", "日期"])
    sheet.append(["mengjin.village-collective-income", 0.45, "2024-05-31"])
    path = tmp_path / "孟津.xlsx"
    book.save(path)
    err = refused(huandu, recorded, "import", str(path))
    assert "0.45 is a number in a General cell" in err.splitlines()[0]
    assert "'45%' or '0.45%'" in err.splitlines()[0]

    sheet["B2"].number_format = "0%"
    book.save(path)
    ok(huandu("import", str(path)))
    assert entries(recorded)[-1]["value"] == 45


def test_a_general_cell_s_fraction_on_a_milestone_is_ambiguous_too(huandu, recorded, tmp_path):
    """A milestone's progress is a percent as well: 0.45 in a General cell is 45% or 0.45% done."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["目标编号", "数值", "日期"])
    sheet.append(["yiyang.zhichuang-park", 0.45, "2024-05-31"])
    path = tmp_path / "宜阳.xlsx"
    book.save(path)
    err = refused(huandu, recorded, "import", str(path))
    assert "'45%' or '0.45%'" in err.splitlines()[0]
    ok(huandu("import", str(path), "--force"))
    assert (entries(recorded)[-1]["value"], entries(recorded)[-1]["forced"]) == (0.45, True)
    sheet["B2"] = 45  # a whole percent in a General cell is clear
    book.save(path)
    ok(huandu("import", str(path)))
    assert entries(recorded)[-1]["value"] == 45


# ----------------------------------------------------------------- dates inside the plan


def test_a_date_before_the_plan_is_refused(huandu, recorded):
    err = refused(huandu, recorded, "update", "肉牛", "8万头", "--date", "1999-01-01")
    assert "the date 1999-01-01 is before the plan starts (2024-01-01)" in one_line(err)


def test_the_registry_may_open_the_plan_early_for_last_year_s_closing_figure(
    huandu, home, registry_bytes
):
    text = registry_bytes.decode("utf-8").replace(
        "far_behind_points = 30\n", "far_behind_points = 30\nopening_grace_days = 31\n", 1
    )
    (home / "targets.toml").write_text(text, encoding="utf-8")
    ok(huandu("update", "肉牛", "6万头", "--date", "2023-12-31"))
    err = refused(huandu, home, "update", "肉牛", "6万头", "--date", "2023-11-30")
    assert "before the plan starts" in one_line(err)


def test_a_date_after_today_stays_refused_even_forced(huandu, recorded):
    err = refused(huandu, recorded, "update", "肉牛", "8万头", "--date", "2024-07-01", "--force")
    assert "is after today (2024-06-30)" in one_line(err)


# ----------------------------------------------------------------- repeats


def test_a_plus_value_typed_twice_the_same_day_is_refused_as_a_repeat(huandu, home):
    ok(huandu("update", "市场主体", "+500", "--date", "2024-06-30"))
    err = refused(huandu, home, "update", "市场主体", "+500", "--date", "2024-06-30")
    assert "'+500' for 2024-06-30 was already recorded today (#1)" in one_line(err)
    assert standing(huandu, "yanshi.new-market-entities")["current"] == 500
    ok(huandu("update", "市场主体", "+500", "--date", "2024-06-30", "--force"))
    assert standing(huandu, "yanshi.new-market-entities")["current"] == 1000


def test_the_same_plus_value_for_another_date_is_no_repeat(huandu, home):
    ok(huandu("update", "市场主体", "+500", "--date", "2024-05-31"))
    ok(huandu("update", "市场主体", "+500", "--date", "2024-06-30"))
    assert standing(huandu, "yanshi.new-market-entities")["current"] == 1000


# ----------------------------------------------------------------- outputs


def test_the_output_file_s_extension_chooses_the_format(huandu, recorded, tmp_path):
    path = tmp_path / "通报.xlsx"
    ok(huandu("report", "--output", str(path)))
    assert openpyxl.load_workbook(path).sheetnames[0] == "Summary"
    page = tmp_path / "通报.md"
    ok(huandu("report", "--output", str(page)))
    assert page.read_text("utf-8").startswith("## ")


def test_a_format_the_extension_contradicts_is_refused(huandu, recorded, tmp_path):
    err = refused(
        huandu, recorded, "report", "--format", "csv", "--output", str(tmp_path / "a.xlsx")
    )
    assert "--format csv does not match the extension .xlsx" in one_line(err)
    assert not (tmp_path / "a.xlsx").exists()


def test_an_existing_file_is_not_overwritten_without_force(huandu, recorded, tmp_path):
    path = tmp_path / "existing.csv"
    path.write_text("last month's figures", encoding="utf-8")
    err = refused(huandu, recorded, "report", "--format", "csv", "--output", str(path))
    assert "already exists and was not overwritten; add --force" in one_line(err)
    assert path.read_text("utf-8") == "last month's figures"
    ok(huandu("report", "--format", "csv", "--output", str(path), "--force"))
    assert path.read_bytes().startswith(b"\xef\xbb\xbfid,")


def test_dash_is_standard_output(huandu, recorded):
    result = ok(huandu("report", "--format", "json", "--output", "-"))
    assert json.loads(result.stdout)["as_of"] == TODAY


@pytest.mark.parametrize("where", ["a folder", "a missing folder"])
def test_an_output_that_cannot_be_written_is_one_line(huandu, recorded, tmp_path, where):
    target = tmp_path if where == "a folder" else tmp_path / "nowhere" / "r.csv"
    err = refused(huandu, recorded, "report", "--format", "csv", "--output", str(target))
    assert str(target) in one_line(err)


def test_a_read_only_disk_is_one_line_in_the_user_s_language(
    huandu, recorded, tmp_path, monkeypatch
):
    import errno
    import tempfile

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    path = tmp_path / "r.csv"
    err = refused(huandu, recorded, "report", "--format", "csv", "--output", str(path), lang="zh")
    assert one_line(err) == f"huandu: 错误：无法写入 {path}：只读文件系统"


# ----------------------------------------------------------------- the registry


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ("target = 9\n", "target = 5e-324\n", "the target is too small to compute completion"),
        ("year = 2024\n", "year = 1999\n", "'year' must be between 2000 and 2100"),
        ("year = 2024\n", "year = 2026\n", "the year 2026 is not between start"),
        (
            'id = "yiyang.beef-cattle"\n',
            'id = "yiyang.beef-cattle"\ndeadline = 2099-12-31\n',
            "the deadline is after 2034-12-31",
        ),
    ],
)
def test_the_registry_refuses_what_would_break_a_report(
    huandu, tmp_path, registry_bytes, old, new, reason
):
    text = registry_bytes.decode("utf-8")
    assert old in text
    path = tmp_path / "targets.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = huandu("validate", str(path))
    assert result.exit_code == 1
    assert reason in one_line(result.stderr)


def test_json_never_holds_nan_or_infinity(huandu, recorded):
    for args in ((), ("--monthly",), ("--compare",)):
        out = ok(huandu("report", "--format", "json", *args)).stdout
        assert "NaN" not in out and "Infinity" not in out
        json.loads(out, parse_constant=lambda name: pytest.fail(name))


# ----------------------------------------------------------------- untrusted text in Markdown


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('<img src=x onerror="alert(1)">', '&lt;img src=x onerror="alert(1)"&gt;'),
        ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
        ("**bold**", "\\*\\*bold\\*\\*"),
    ],
)
def test_untrusted_text_stays_text_in_markdown(huandu, home, registry_bytes, title, shown):
    """A registry shared by a colleague names a goal with markup: every Markdown output shows
    the words, and no viewer runs a script, follows a link or turns them bold."""
    text = registry_bytes.decode("utf-8").replace(
        'title = "肉牛饲养量"', f"title = {json.dumps(title)}", 1
    )
    (home / "targets.toml").write_text(text, encoding="utf-8")
    ok(huandu("update", "yiyang.beef-cattle", "8万头", "--date", "2024-05-31"))
    for args in (
        ("list", "--format", "markdown"),
        ("report", "--format", "markdown"),
        ("report", "--monthly", "--format", "markdown"),
        ("report", "--compare", "--format", "markdown"),
    ):
        markdown = ok(huandu(*args, lang="zh")).stdout  # the Chinese title is the one shown
        assert title not in markdown, args
        assert shown in markdown, args


# ----------------------------------------------------------------- words


def test_an_operating_system_s_reason_is_in_the_user_s_language(huandu, recorded, monkeypatch):
    import errno
    import sqlite3

    import huandu.store.sqlite as store

    real = store._entry_to_row

    def disk_full(entry):
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorname = "SQLITE_FULL"
        raise error

    monkeypatch.setattr(store, "_entry_to_row", disk_full)
    err = refused(huandu, recorded, "update", "肉牛", "8万头", "--date", "5月", lang="zh")
    assert one_line(err) == (
        f"huandu: 错误：无法写入进度库 {store_path(recorded)}：磁盘已满。已有记录未受影响"
    )
    monkeypatch.setattr(store, "_entry_to_row", real)
    assert errno.ENOSPC  # the same words as an OSError's ENOSPC (oserror.ENOSPC)


def test_a_toml_syntax_error_reads_in_chinese(huandu, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[plan]\nid = 计划\n", encoding="utf-8")
    result = huandu("validate", str(path), lang="zh")
    assert one_line(result.stderr) == (
        f"huandu: 错误：{path}:2:6: TOML 语法错误：值无效（文字要加英文双引号，日期写成 2024-12-31，数字不加单位）"
    )


def test_english_counts_are_singular_for_one(huandu, home, tmp_path):
    sheet = write_csv(tmp_path / "a.csv", [["目标编号", "数值", "日期"], ["肉牛", "8万头", "5月"]])
    assert ok(huandu("import", sheet)).stdout.strip() == "Imported 1 record for 1 goal"
    assert "  1 record, 0 retractions" in ok(huandu("info")).stdout


def test_chinese_help_has_chinese_placeholders(huandu):
    out = ok(huandu("update", "--help", lang="zh")).stdout
    assert out.startswith("用法：huandu update [选项] [目标] [数值]")
    assert "--date 日期|时期" in out and "--by 姓名" in out
    assert "[OPTIONS]" not in out and "TEXT" not in out and "NAME" not in out
    top = ok(huandu("--help", lang="zh")).stdout
    assert top.startswith("用法：huandu [选项] 命令 [参数]...")


def test_a_language_huandu_does_not_speak_is_refused_with_the_choices(huandu):
    result = huandu("--lang", "fr", "list")
    assert result.exit_code == 2
    assert (
        one_line(result.stderr) == "huandu: error: --lang does not accept 'fr'; choose one of zh|en"
    )


@pytest.mark.parametrize(
    ("shell", "mark"), [("zsh", "#compdef huandu"), ("fish", "complete --command huandu")]
)
def test_show_completion_honours_the_shell_named(shell, mark):
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-m", "huandu", "--show-completion", shell],
        capture_output=True,
        text=True,
        check=False,
        env={"SHELL": "/bin/bash", "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 0, run.stderr
    assert mark in run.stdout


def test_install_completion_writes_the_script_of_the_shell_named(tmp_path):
    """From bash, `huandu --install-completion fish` puts the fish script where fish reads it, and
    says where; the bash set-up is left alone."""
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-m", "huandu", "--lang", "en", "--install-completion", "fish"],
        capture_output=True,
        text=True,
        check=False,
        env={"SHELL": "/bin/bash", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert run.returncode == 0, run.stderr
    script = tmp_path / ".config" / "fish" / "completions" / "huandu.fish"
    assert "complete --command huandu" in script.read_text(encoding="utf-8")
    assert str(script) in run.stdout and "fish" in run.stdout
    assert not (tmp_path / ".bashrc").exists()


def test_formats_and_status_words_complete():
    from huandu.cli.common import complete_status, format_option

    completion = format_option("report").autocompletion
    assert completion("x") == ["xlsx"] and "markdown" in completion("")
    assert complete_status("滞") == ["滞后"]
    assert complete_status("严") == ["严重滞后"]
    offered = complete_status("behind,")
    assert "behind,behind" not in offered and "behind,far_behind" in offered


# ----------------------------------------------------------------- matching a goal


def test_a_prefix_shared_by_several_goals_lists_the_candidates(huandu, recorded):
    for query in ("宜", "yiy"):
        err = refused(huandu, recorded, "update", query, "5", "--date", "5月")
        line = one_line(err)
        assert f"'{query}' matches several goals; be more specific" in line
        assert "yiyang.beef-cattle (肉牛饲养量)" in line and "xinan." not in line


def test_a_county_and_a_word_find_one_goal(huandu, home):
    ok(huandu("update", "宜阳 辣椒", "4万亩", "--date", "5月"))
    assert entries(home)[0]["target"] == "yiyang.pepper-belt"


@pytest.mark.parametrize(
    ("typed", "stage"), [("进行中", "推进中"), ("完成", "已完成"), ("已竣工", "已完成")]
)
def test_stage_synonyms_are_understood(huandu, home, typed, stage):
    ok(huandu("update", "xinan.coal-to-gas", typed, "--date", "5月"))
    assert entries(home)[0]["stage"] == stage


def test_a_title_typed_with_ascii_quotes_finds_the_chinese_one(huandu, home):
    ok(huandu("update", '纵深推进"三清两建"', "推进中", "--date", "5月"))
    assert entries(home)[0]["target"] == "yiyang.sanqing-liangjian"


def test_a_chinese_typo_gets_the_nearest_goal(huandu, recorded):
    err = refused(huandu, recorded, "update", "肉午", "8万头")
    assert "Did you mean yiyang.beef-cattle (肉牛饲养量)?" in one_line(err)
