"""The registry: the plan's goals as the article states them, and a validator that says exactly
what is wrong with a broken one.

A supervisor trusts the bundled registry because every goal can be traced to the article's own
words; a team editing its own copy trusts `huandu validate` to name every mistake by its line.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import huandu.store.registry
from conftest import ARTICLE
from helpers import ERROR_LINE, line_of, messages, problem_lines, problems
from huandu.domain.model import EXCEED, MILESTONE, QUANTITY, REACH, Registry
from huandu.domain.units import UNITS
from huandu.errors import RegistryError
from huandu.store.locations import bundled_registry
from huandu.store.registry import parse_registry

MESSAGES = messages()

SRC = Path(huandu.store.registry.__file__).parents[1]  # the installed package

# A small, valid registry: one county, one quantity goal and one milestone. The broken registries
# below are this text with one mistake (or several) put in.
SMALL = """\
[plan]
id = "test-plan"
title = "测试计划"
year = 2024
start = 2024-01-01
end = 2024-12-31
source = "洛阳日报"

[[county]]
id = "yiyang"
name = "宜阳县"
short = "宜阳"
positioning = "以关键工作突破带动新的更大发展"

[[target]]
id = "yiyang.beef-cattle"
county = "yiyang"
title = "肉牛饲养量"
category = "农业"
kind = "quantity"
target = 9
unit = "万头"
quote = "肉牛饲养量在9万头以上"

[[target]]
id = "yiyang.sanqing-liangjian"
county = "yiyang"
title = "纵深推进“三清两建”"
category = "治理"
kind = "milestone"
quote = "纵深推进“三清两建”"
"""


def write(tmp_path: Path, text: str | bytes, name: str = "targets.toml") -> str:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return str(path)


@pytest.fixture
def bundled() -> Registry:
    return parse_registry(bundled_registry().read_bytes(), "targets.toml")


# ---------------------------------------------------------------- the bundled registry


def test_the_bundled_registry_has_the_five_counties_of_the_ring(bundled):
    """The five counties and districts of the 环都市区, each with a stable pinyin id."""
    assert [(c.id, c.name) for c in bundled.counties] == [
        ("xinan", "新安县"),
        ("yanshi", "偃师区"),
        ("mengjin", "孟津区"),
        ("yichuan", "伊川县"),
        ("yiyang", "宜阳县"),
    ]
    assert [c.short for c in bundled.counties] == ["新安", "偃师", "孟津", "伊川", "宜阳"]
    assert all(c.positioning for c in bundled.counties)


def test_the_plan_covers_2024(bundled):
    plan = bundled.plan
    assert plan.year == 2024
    assert (plan.start, plan.end) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert plan.behind_points == 10 and plan.far_behind_points == 30


def test_every_county_has_goals(bundled):
    counts = {c.id: len(bundled.targets_of(c)) for c in bundled.counties}
    assert counts == {"xinan": 7, "yanshi": 6, "mengjin": 4, "yichuan": 3, "yiyang": 10}
    assert len(bundled.targets) == 30


@pytest.mark.parametrize(
    ("goal_id", "target", "unit", "comparison", "deadline"),
    [
        ("xinan.industrial-projects", 41, "个", REACH, "2024-12-31"),
        ("xinan.tech-communities", 4, "个", REACH, "2024-12-31"),
        ("xinan.special-agriculture-output", 40, "亿元", EXCEED, "2024-12-31"),
        ("yanshi.new-market-entities", 6000, "户", REACH, "2024-12-31"),
        ("yanshi.high-tech-enterprises", 18, "家", REACH, "2024-12-31"),
        ("yanshi.specialized-enterprises", 4, "家", REACH, "2024-12-31"),
        ("mengjin.cattle-industry", 40, "亿元", EXCEED, "2024-12-31"),
        ("mengjin.fruit-industry", 22, "亿元", EXCEED, "2024-12-31"),
        ("mengjin.village-collective-income", 50, "%", REACH, "2024-12-31"),
        ("yichuan.high-standard-farmland", 12, "万亩", REACH, "2024-12-31"),
        ("yiyang.leading-industry-output", 300, "亿元", EXCEED, "2025-12-31"),
        ("yiyang.pepper-belt", 10, "万亩", REACH, "2024-12-31"),
        ("yiyang.herb-belt", 10, "万亩", REACH, "2024-12-31"),
        ("yiyang.beef-cattle", 9, "万头", REACH, "2024-12-31"),
    ],
)
def test_quantity_goals_carry_the_articles_figures(
    bundled, goal_id, target, unit, comparison, deadline
):
    """Each figure is the article's: 9万头 stays 9 万头, and 超过/突破 means strictly more."""
    goal = bundled.get(goal_id)
    assert goal is not None, goal_id
    assert goal.kind == QUANTITY
    assert goal.target == target
    assert goal.unit is not None and goal.unit.symbol == unit
    assert goal.comparison == comparison
    assert goal.deadline == dt.date.fromisoformat(deadline)


@pytest.mark.parametrize(
    "goal_id",
    [
        "xinan.aluminium-casting",
        "xinan.coal-to-gas",
        "xinan.aluminium-capacity-transfer",
        "xinan.cijian-expansion",
        "yanshi.yipin-campaign",
        "yanshi.luoyan-expressway",
        "yanshi.neighbourhood-centres",
        "mengjin.homestay-clusters",
        "yichuan.longding-battery-box",
        "yichuan.waterfront-plan",
        "yiyang.aviation-plan",
        "yiyang.zhichuang-park",
        "yiyang.guangping-aviation",
        "yiyang.pepper-park",
        "yiyang.herb-park",
        "yiyang.sanqing-liangjian",
    ],
)
def test_milestones_have_no_figure(bundled, goal_id):
    """A milestone is done or not; it has neither target nor unit, and is due at the plan's end."""
    goal = bundled.get(goal_id)
    assert goal is not None, goal_id
    assert goal.kind == MILESTONE and goal.is_milestone
    assert goal.target is None and goal.unit is None
    assert goal.deadline == dt.date(2024, 12, 31)
    assert [s.percent for s in goal.stages] == [0, 50, 100]


def test_there_are_14_quantities_and_16_milestones(bundled):
    kinds = [g.kind for g in bundled.targets]
    assert kinds.count(QUANTITY) == 14 and kinds.count(MILESTONE) == 16


def test_goal_ids_are_unique_and_easy_to_type(bundled):
    """Ids are typed at a terminal: ASCII lowercase, digits, dash, and a dot after the county id."""
    ids = [g.id for g in bundled.targets]
    assert len(ids) == len(set(ids))
    typeable = set(string.ascii_lowercase + string.digits + "-.")
    for goal in bundled.targets:
        assert set(goal.id) <= typeable, goal.id
        assert goal.id.startswith(goal.county + "."), goal.id
        assert bundled.resolve(goal.id) is goal


def test_the_deadline_defaults_to_the_end_of_the_plan(bundled):
    """Only 宜阳's 首位产业 goal (“两年内”) runs past 2024."""
    late = [g.id for g in bundled.targets if g.deadline != bundled.plan.end]
    assert late == ["yiyang.leading-industry-output"]


def test_figures_appear_in_their_own_quote_with_their_unit(bundled):
    """`9` 万头 is read from “9万头” in its quote, never from a neighbouring sentence."""
    for goal in bundled.targets:
        if goal.kind == QUANTITY:
            assert f"{goal.target}{goal.unit.symbol}" in goal.quote, goal.id


def test_exceed_is_used_exactly_where_the_article_says_so(bundled):
    """超过/突破 → gt (strictly more); 以上 or a plain figure → ge (reaching it is enough)."""
    for goal in bundled.targets:
        if goal.kind == QUANTITY:
            says_exceed = "超过" in goal.quote or "突破" in goal.quote
            assert goal.comparison == (EXCEED if says_exceed else REACH), goal.id


def test_every_unit_used_is_a_known_unit(bundled):
    for goal in bundled.targets:
        if goal.unit is not None:
            assert UNITS[goal.unit.symbol] == goal.unit


# ---------------------------------------------------------------- traced to the article

# Headings of the article's five county sections, in the order they appear on the page. The page
# also carries four unrelated reports (人大监督, 关心下一代, 宣传部长会议, 应急管理局) between 孟津 and
# 伊川; none of their figures (17, 20, 6000多个, 83, 986, 3420, 63 ...) may become a goal.
SECTIONS = [
    ("xinan", "新安 扭住龙头更好巩固制造业优势"),
    ("yanshi", "偃师区 在积极融入大市区中加快发展"),
    ("mengjin", "孟津区 乘势而上 推动整体提升"),
    (None, "以见实效为标准 开展人大监督工作"),
    ("yichuan", "伊川县 振奋精神加快打开工作新局面"),
    ("yiyang", "宜阳县 以关键工作突破带动新的更大发展"),
]


@pytest.fixture
def article() -> str:
    # The page breaks lines mid-sentence ("…产\n\n业高地"); quotes are read across those breaks.
    return ARTICLE.read_text(encoding="utf-8").replace("\n", "")


@pytest.fixture
def sections(article) -> dict[str | None, str]:
    """The text of each county's section, and (under None) the unrelated reports."""
    starts = [article.index(heading) for _, heading in SECTIONS]
    assert starts == sorted(starts), "the sections are not where they used to be"
    ends = [*starts[1:], len(article)]
    return {county: article[a:b] for (county, _), a, b in zip(SECTIONS, starts, ends, strict=True)}


def test_every_quote_is_the_articles_own_words(bundled, article):
    for goal in bundled.targets:
        assert goal.quote in article, goal.id


def test_every_quote_comes_from_its_own_countys_section(bundled, sections):
    for goal in bundled.targets:
        assert goal.quote in sections[goal.county], goal.id


def test_nothing_comes_from_the_unrelated_reports_on_the_page(bundled, sections):
    """The 应急管理局 report's 6000多个 is not 偃师's 6000户; its 83, 986, 3420, 63 are not goals."""
    others = sections[None]
    assert "应急管理局" in others and "3420" in others  # the span really holds those reports
    for goal in bundled.targets:
        assert goal.quote not in others, goal.id
    figures = {g.target for g in bundled.targets if g.target is not None}
    assert not figures & {17, 20, 83, 986, 3420, 63, 36}
    assert "6000户" in sections["yanshi"] and "6000户" not in others


def test_the_bundled_registry_names_no_responsible_unit(bundled):
    """The article names no 牵头单位 or contact for any goal: none is made up."""
    assert all(c.lead == "" and c.contact == "" for c in bundled.counties)
    assert all(t.lead is None and t.contact is None for t in bundled.targets)
    assert all(bundled.responsible(t) == ("", "") for t in bundled.targets)
    assert bundled.plan.notice_days == 30


def test_a_goal_takes_its_countys_lead_unless_it_names_its_own(tmp_path):
    text = SMALL.replace(
        'positioning = "以关键工作突破带动新的更大发展"',
        'positioning = "以关键工作突破带动新的更大发展"\nlead = "县政府办（示例）"\ncontact = "示例 0379-0000"',
    ).replace('unit = "万头"', 'unit = "万头"\nlead = "  县农业农村局（示例） "')
    text = text.replace('source = "洛阳日报"', 'source = "洛阳日报"\nnotice_days = 15')
    registry = parse_registry(text.encode("utf-8"))
    beef, sanqing = registry.targets
    assert registry.responsible(beef) == ("县农业农村局（示例）", "示例 0379-0000")
    assert registry.responsible(sanqing) == ("县政府办（示例）", "示例 0379-0000")
    assert registry.plan.notice_days == 15


def test_the_plan_names_its_source(bundled):
    assert "洛阳日报" in bundled.plan.source and "环都市区" in bundled.plan.source


# ---------------------------------------------------------------- a clean registry


def test_a_clean_registry_is_valid(huandu, tmp_path):
    path = write(tmp_path, SMALL)
    result = huandu("validate", path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"{path}: valid, 1 county, 2 goals."
    assert result.stderr == ""


def test_validate_without_a_file_checks_the_registry_in_use(huandu):
    result = huandu("validate")
    assert result.exit_code == 0, result.stderr
    assert "valid, 5 counties, 30 goals" in result.stdout


def test_validate_follows_the_registry_option(huandu, tmp_path):
    path = write(tmp_path, SMALL)
    result = huandu("--registry", path, "validate")
    assert result.exit_code == 0, result.stderr
    assert "1 county, 2 goals" in result.stdout


def test_parse_registry_gives_the_model(tmp_path):
    registry = parse_registry(SMALL.encode(), "small.toml")
    assert registry.path == "small.toml"
    beef = registry.get("yiyang.beef-cattle")
    assert beef.target == 9 and beef.unit.symbol == "万头" and beef.comparison == REACH
    assert beef.line == line_of(SMALL, "[[target]]")
    assert beef.deadline == dt.date(2024, 12, 31)


# ---------------------------------------------------------------- one mistake, one line

# (what is wrong, the text replaced, its replacement, the text on the line to blame, the message)
MISTAKES = [
    (
        "wrong type",
        "target = 9",
        'target = "nine"',
        'target = "nine"',
        "'target' should be a number, not a string",
    ),
    (
        "missing required field",
        'title = "肉牛饲养量"\n',
        "",
        "[[target]]",
        "target 'yiyang.beef-cattle' is missing 'title'",
    ),
    (
        "duplicate id",
        'id = "yiyang.sanqing-liangjian"',
        'id = "yiyang.beef-cattle"',
        'id = "yiyang.beef-cattle"\ncounty = "yiyang"\ntitle = "纵深',
        "duplicate id 'yiyang.beef-cattle' (already used on line 16)",
    ),
    (
        "unknown county",
        'county = "yiyang"\ntitle = "肉牛',
        'county = "luoning"\ntitle = "肉牛',
        'county = "luoning"',
        "unknown county 'luoning'; defined counties: yiyang",
    ),
    ("unknown unit", 'unit = "万头"', 'unit = "万匹"', 'unit = "万匹"', "unknown unit '万匹'"),
    ("zero target", "target = 9", "target = 0", "target = 0", "target must be greater than 0"),
    (
        "negative target",
        "target = 9",
        "target = -3",
        "target = -3",
        "target must be greater than 0",
    ),
    (
        "nan target",
        "target = 9",
        "target = nan",
        "target = nan",
        "'target' must be a finite number",
    ),
    (
        "inf target",
        "target = 9",
        "target = inf",
        "target = inf",
        "'target' must be a finite number",
    ),
    ("-inf target", "target = 9", "target = -inf", "target = -inf", "must be a finite number"),
    ("huge target", "target = 9", "target = 1e300", "target = 1e300", "'target' is too large"),
    (
        "deadline before the plan",
        'unit = "万头"',
        'unit = "万头"\ndeadline = 2023-06-30',
        "deadline = 2023-06-30",
        "deadline is before the plan starts (2024-01-01)",
    ),
    (
        "deadline not a date",
        'unit = "万头"',
        'unit = "万头"\ndeadline = "tomorrow"',
        'deadline = "tomorrow"',
        "'deadline' is not a valid date: tomorrow",
    ),
    (
        "bad kind",
        'kind = "milestone"',
        'kind = "goal"',
        'kind = "goal"',
        "kind 'goal' is not known; the kinds are: quantity, milestone, ceiling, growth",
    ),
    (
        "milestone with a target",
        'kind = "milestone"',
        'kind = "milestone"\ntarget = 5',
        "target = 5",
        "target 'yiyang.sanqing-liangjian' is a milestone and must not have 'target'",
    ),
    (
        "unknown key",
        'unit = "万头"',
        'unit = "万头"\ncolour = "red"',
        'colour = "red"',
        "target 'yiyang.beef-cattle': unknown key 'colour'",
    ),
    (
        "bad comparison",
        'unit = "万头"',
        'unit = "万头"\ncomparison = "lt"',
        'comparison = "lt"',
        "comparison 'lt' does not fit this kind of goal; use one of: ge, gt",
    ),
    (
        "year not an integer",
        "year = 2024",
        "year = 2024.5",
        "year = 2024.5",
        "[plan]: 'year' should be an integer, not a number",
    ),
    (
        "plan ends before it starts",
        "end = 2024-12-31",
        "end = 2023-12-31",
        "end = 2023-12-31",
        "[plan]: 'end' is before 'start'",
    ),
    (
        "id not typeable",
        'id = "yiyang.sanqing-liangjian"',
        'id = "宜阳.三清两建"',
        'id = "宜阳.三清两建"',
        "id '宜阳.三清两建' may use only lowercase letters",
    ),
    (
        "blank lead",
        'unit = "万头"',
        'unit = "万头"\nlead = "  "',
        'lead = "  "',
        "target 'yiyang.beef-cattle': 'lead' must not be empty",
    ),
    (
        "lead on two lines",
        'positioning = "以关键工作突破带动新的更大发展"',
        'positioning = "以关键工作突破带动新的更大发展"\ncontact = "张三\\n李四"',
        'contact = "张三',
        "county 'yiyang': 'contact' must be on one line",
    ),
    (
        "lead not a string",
        'unit = "万头"',
        'unit = "万头"\nlead = 3',
        "lead = 3",
        "'lead' should be a string, not a number",
    ),
    (
        "notice days negative",
        'source = "洛阳日报"',
        'source = "洛阳日报"\nnotice_days = -1',
        "notice_days = -1",
        "[plan]: 'notice_days' must be a whole number of days, 0 or more",
    ),
    (
        "unknown table",
        "[plan]",
        "[budget]\ntotal = 1\n\n[plan]",
        "[budget]",
        "unknown table [budget]",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "blamed", "message"),
    [m[1:] for m in MISTAKES],
    ids=[m[0] for m in MISTAKES],
)
@pytest.mark.parametrize("command", ["validate", "list"])
def test_one_mistake_is_one_line_naming_its_line(
    huandu, tmp_path, command, old, new, blamed, message
):
    """`validate FILE` and any command using the registry refuse it the same way: exit 1, one line."""
    assert SMALL.count(old) == 1
    text = SMALL.replace(old, new)
    path = write(tmp_path, text)
    if command == "validate":
        result = huandu("validate", path)
    else:
        result = huandu("--registry", path, "list")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    found = problems(result)
    assert found == [(line_of(text, blamed), found[0][1])], result.stderr
    assert message in found[0][1]
    assert result.stderr.startswith(f"huandu: error: {path}:")


@pytest.mark.parametrize(
    ("old", "new", "blamed", "col", "reason"),
    [
        ("target = 9", "target = 9 9", "target = 9 9", 12, "Expected newline or end of document"),
        ('unit = "万头"', 'unit = "万头', 'unit = "万头', 11, "Illegal character"),
        ("[plan]", "[plan", "[plan", 6, ""),
        ("year = 2024", "year = 2024\nyear = 2025", "year = 2025", None, "Cannot overwrite"),
    ],
    ids=["two values", "unclosed string", "unclosed header", "key twice"],
)
def test_a_toml_syntax_error_names_line_and_column(huandu, tmp_path, old, new, blamed, col, reason):
    """TOML stops at the first syntax error, so that one is reported, with its column."""
    text = SMALL.replace(old, new)
    line = line_of(text, blamed)
    path = write(tmp_path, text)
    result = huandu("validate", path)
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1, result.stderr
    match = ERROR_LINE.match(result.stderr.strip())
    assert match, result.stderr
    assert int(match.group("line")) == line
    assert match.group("col") is not None
    if col is not None:
        assert int(match.group("col")) == col
    assert "TOML syntax error" in match.group("msg") and reason in match.group("msg")


def test_several_mistakes_are_all_listed_in_line_order(huandu, tmp_path):
    """A person fixing a file wants the whole list at once, not one mistake per run."""
    text = (
        SMALL.replace("[plan]", "[plan]\nowner = 'someone'")
        .replace('title = "肉牛饲养量"\n', "")
        .replace("target = 9", 'target = "nine"')
        .replace('unit = "万头"', 'unit = "万匹"')
        .replace('id = "yiyang.sanqing-liangjian"', 'id = "yiyang.beef-cattle"')
    )
    path = write(tmp_path, text)
    for result in (huandu("validate", path), huandu("--registry", path, "list")):
        assert result.exit_code == 1
        found = problems(result)
        assert [line for line, _ in found] == [
            line_of(text, "owner"),
            line_of(text, "[[target]]"),
            line_of(text, 'target = "nine"'),
            line_of(text, 'unit = "万匹"'),
            line_of(text, 'id = "yiyang.beef-cattle"', occurrence=2),
        ]
        messages = " | ".join(message for _, message in found)
        for fragment in (
            "unknown key 'owner'",
            "missing 'title'",
            "'target' should be a number",
            "unknown unit '万匹'",
            "duplicate id 'yiyang.beef-cattle'",
        ):
            assert fragment in messages


def test_problems_are_in_chinese_for_chinese_readers(huandu, tmp_path):
    text = SMALL.replace('id = "yiyang.sanqing-liangjian"', 'id = "yiyang.beef-cattle"')
    path = write(tmp_path, text)
    result = huandu("validate", path, lang="zh")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"huandu: 错误：{path}:{line_of(text, 'yiyang.beef-cattle', 2)}: "
        "编号 “yiyang.beef-cattle” 重复（第 16 行已用过）"
    )


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "the [plan] table is missing"),
        ("plan = 3\n", "'plan' should be a table"),
        (SMALL.split("[[county]]")[0], "no [[county]] entries"),
        (SMALL.replace("[[county]]", "[county]"), "'county' should be an array of tables"),
        (
            SMALL.replace("[[target]]", "[target]", 1).replace("[[target]]", "[target2]"),
            "[[target]]",
        ),
    ],
    ids=["empty", "plan not a table", "no counties", "county not an array", "target not an array"],
)
def test_a_registry_with_the_wrong_shape_is_refused(huandu, tmp_path, text, fragment):
    path = write(tmp_path, text)
    result = huandu("validate", path)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert fragment in result.stderr
    problems(result)


def test_a_missing_or_unreadable_file_is_one_line(huandu, tmp_path):
    for path, fragment in ((tmp_path / "nope.toml", "not found"), (tmp_path, "is a folder")):
        result = huandu("validate", str(path))
        assert result.exit_code == 1
        assert len(result.stderr.splitlines()) == 1 and fragment in result.stderr


# ---------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"\xef\xbb\xbf" + SMALL.encode(), "byte order mark (BOM); save it as UTF-8 without BOM"),
        (SMALL.encode("gbk"), ":3: the file looks GBK-encoded; save it as UTF-8"),
        (SMALL.encode("gb18030"), ":3: the file looks GBK-encoded"),
        (SMALL.encode("utf-16"), "the file is UTF-16 encoded; save it as UTF-8"),
        (SMALL.encode("utf-16-le"), "the file is UTF-16 encoded"),
        (SMALL.encode("utf-16-be"), "the file is UTF-16 encoded"),
        (
            SMALL.encode()[:40] + b"\xff\xfe\xfd" + SMALL.encode()[40:],
            ":3: the file is not valid UTF-8",
        ),
        (bytes(range(128, 256)) * 3, ":1: the file is not valid UTF-8"),
        (SMALL.encode().replace(b"9", b"\x00"), "TOML syntax error"),
    ],
    ids=["bom", "gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "bad bytes", "binary", "nul"],
)
def test_a_file_in_the_wrong_encoding_is_one_clear_line(huandu, tmp_path, data, fragment):
    """Excel and Notepad on a Chinese Windows save GBK, UTF-16 or UTF-8 with a BOM: say which."""
    path = write(tmp_path, data)
    for result in (huandu("validate", path), huandu("--registry", path, "list")):
        assert result.exit_code == 1
        assert result.stdout == ""
        assert len(result.stderr.splitlines()) == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith(f"huandu: error: {path}")
        assert fragment in result.stderr


def test_parse_registry_raises_only_registry_error_for_bad_bytes():
    with pytest.raises(RegistryError) as caught:
        parse_registry("[plan]\ntitle = '计划'\n".encode("gbk"), "x.toml")
    assert problem_lines(caught.value) == ["x.toml:2: the file looks GBK-encoded; save it as UTF-8"]
    assert caught.value.problems[0].key == "registry.gbk"  # a key and values, worded at the edge


# ---------------------------------------------------------------- every message exists in both languages


def test_every_message_the_registry_and_units_use_exists_in_both_languages():
    """A typo in a message key would turn a helpful line into a crash; placeholders must agree."""
    used = set()
    for module in ("store/registry.py", "domain/units.py"):
        used |= set(re.findall(r'"((?:registry|value|type)\.[a-z_]+)"', (SRC / module).read_text()))
    types = "boolean number integer string string_list array table date datetime time value"
    used |= {f"type.{name}" for name in types.split()}
    missing = sorted(key for key in used if key not in MESSAGES)
    assert not missing
    for key in used:
        zh, en = MESSAGES[key]
        assert zh.strip() and en.strip(), key
        fields = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")
        assert set(fields.findall(zh)) == set(fields.findall(en)), key


# ---------------------------------------------------------------- the cache keeps every kind


def _goal_toml(index: int, spec: tuple) -> str:
    """A goal of 示例县 (fictional, synthetic) of one of the kinds a plan states."""
    kind, number, option = spec
    head = (
        f'[[target]]\nid = "demo.g{index}"\ncounty = "demo"\ntitle = "目标{index}"\n'
        f'category = "经济"\nquote = "目标{index}"\n'
    )
    if kind == "nodes":
        days = sorted({(3 + 3 * i + option) % 12 + 1 for i in range(number)})
        nodes = ", ".join(
            f'{{name = "节点{i}", due = 2025-{m:02d}-28}}' for i, m in enumerate(days)
        )
        return head + f'kind = "milestone"\nnodes = [{nodes}]\n'
    if kind == "of":
        return head + f'kind = "quantity"\ntarget = {number}\nunit = "项"\nof = {number + option}\n'
    if kind == "approx":
        tolerance = f"tolerance = {option / 2}\n" if option else ""
        return (
            head + f'kind = "quantity"\ntarget = {number}\nunit = "户"\napprox = true\n{tolerance}'
        )
    if kind == "base":
        unit = ("亿元", "万元", "万吨")[option % 3]
        return (
            head
            + f'kind = "growth"\ntarget = {number}\nbase = {number * 7.5}\nbase_unit = "{unit}"\n'
        )
    if kind == "ceiling":
        return head + f'kind = "ceiling"\ntarget = {number / 10}\nunit = "%"\ncomparison = "lt"\n'
    return (
        head + f'kind = "growth"\ntarget = -{number}\napprox = true\n'
        'continues = "luoyang-huandu-2024:yiyang.beef-cattle"\n'
    )


_GOAL_SPECS = st.tuples(
    st.sampled_from(["nodes", "of", "approx", "base", "ceiling", "continues"]),
    st.integers(1, 9),
    st.integers(0, 4),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(_GOAL_SPECS, min_size=1, max_size=8))
def test_a_registry_of_every_kind_comes_back_from_its_cache_as_it_was(tmp_path, specs):
    """The cache (plain JSON, read instead of the file the next time) keeps nodes, a base and its
    unit, `of`, 左右 and its tolerance, and `continues`, exactly."""
    import json

    from helpers import plan_text
    from huandu.store.registry import (
        cached_registry,
        content_key,
        registry_from_bytes,
        registry_from_data,
        registry_to_data,
    )

    text = plan_text("\n".join(_goal_toml(i, spec) for i, spec in enumerate(specs)))
    registry = parse_registry(text.encode(), "demo.toml")
    data = json.loads(json.dumps(registry_to_data(registry), ensure_ascii=False))
    assert registry_from_data(data, "demo.toml") == registry
    cache = tmp_path / "cache"
    first = registry_from_bytes(text.encode(), "demo.toml", cache)
    again = registry_from_bytes(text.encode(), "demo.toml", cache)  # from the cache
    assert first == again == registry
    assert cached_registry(content_key(text.encode()), "demo.toml", cache) == registry
