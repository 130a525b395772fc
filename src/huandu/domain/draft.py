"""A registry drafted from a planning article, for a person to review: rules, not a model.

`draft_registry(text, ...)` reads a Chinese planning text (a newspaper article on a plan, a work
report) and proposes one goal per target it states, each with the article's own words as its
`quote`. It never invents: a figure that is not a target is left out (and listed, with the reason)
or proposed as `doubtful`; whatever was guessed carries a review note. The rules, in the order
they apply (every table below is tested, with examples, in tests/test_draft.py):

1. **Lines.** A line that is body text (it has a comma, 顿号 or full stop) but does not end a
   sentence continues on the next body line: the page breaks lines mid-word ("…航空装备产" /
   "业高地目标"). Headings, captions and bylines have no such marks and stand alone.
2. **Sections.** A county heading, the county's name and its positioning on a line of their own
   ("新安 扭住龙头更好巩固制造业优势", "偃师区 在积极融入大市区中加快发展"), starts that county's
   section, which runs to the next heading. A report printed on the same page ends it: its headline
   is the line before a line that starts with 本报讯, and a byline (记者 …) ends a section too.
   Inside a section, ●解读 starts a background part (what happened, why) and ●路径 the plan part.
   Text before the first heading is the preamble; none of these propose goals.
3. **Sentences and clauses.** Sentences end at 。！？； (and ……); clauses at commas and colons.
   A clause with several figures is cut into items at the 、 and 和 between them
   (新增市场主体6000户、高新技术企业18家 is two goals).
4. **Figures.** A number (Arabic, with 万/亿/千/百 multipliers, or Chinese numerals) followed by a
   unit of `huandu.domain.units.UNITS`. A figure is no target when it says which things are meant
   (超100万元的村, 总投资60亿元的), is the scale in a project's name (10万吨电池箱项目), a class
   (千亿级), a baseline (从…), something already done (已, 累计, 去年, an earlier year), a
   figure of the background part, a count written in words not right after a target verb
   (三项重点工作), or not stated as a target at all: no target word (`TARGET_WORDS`), plan verb
   (`ACTION_VERBS`) in its clause and no future word (`FUTURE_WORDS`) before it in its sentence.
5. **Comparison and kind.** 超过/突破 → gt; 达到/以上/a plain figure → ge; 以内/不超过/控制在…以下
   → a ceiling (le); 增长8% → growth (+8, ge), 下降3% → growth (-3, le); 左右 → approximate.
6. **Deadlines.** 年底前/今年 → the plan's end; 两年内 → the end of the plan year + 1; 6月底前 →
   that month's end; 上半年 → 06-30; 三季度末 → 09-30; 2025年底前 → 2025-12-31. Milestone
   stages with dates (6月底前开工、年底前竣工) become nodes.
7. **Titles.** The noun phrase before the figure, without the target words ("力争全县特色农业综合
   产值超过" → 全县特色农业综合产值); after an example list ending in 等, or when nothing
   stands before the figure, the words after it too (实施12万亩高标准农田改造 → 高标准农田改造).
   A leading 新增 is carried to the later items of the list.
8. **Milestones.** A clause of the plan part without a target figure, where a plan verb
   (`MILESTONE_VERBS`) takes a deliverable (`DELIVERABLES`: a project, a works, a plan, a campaign,
   a named “…” task, an end state such as 全覆盖 or 投产), is a milestone, unless it only sets a
   direction (加快…, …融合发展). 以X和Y建设为引领 is two milestones; so is 推进A和B when both
   are deliverables.

The domain speaks no language: review notes and reasons are `Msg`s, worded at the edge.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from huandu.domain.model import EXCEED, MILESTONE, QUANTITY, REACH
from huandu.domain.units import UNITS, to_number
from huandu.errors import HuanduError, Msg, UsageError

#: The goal kinds a draft may propose besides quantity and milestone, and the comparison of a
#: ceiling (a figure that must not be exceeded).
CEILING = "ceiling"
GROWTH = "growth"
AT_MOST = "le"

# ---------------------------------------------------------------------------- the word tables


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


#: Words that make a figure a target, wherever they stand in its clause or before it in its
#: sentence (确保“两牛”产业突破40亿元,瓜果产业突破22亿元: 确保 covers both).
TARGET_WORDS = _words(
    "力争 确保 争取 实现 完成 达到 突破 超过 以上 以内 增长 控制在 不低于 不少于 不超过 下降 "
    "目标 提高 稳定在 保持在"
)
#: The words of a target set firmly enough that a figure in a background part is still proposed
#: (as doubtful) rather than left out.
STRONG_WORDS = ("力争", "确保", "争取", "目标")
#: Verbs whose object is work the plan sets: a figure in their clause is a target.
ACTION_VERBS = _words(
    "实施 打造 新增 新建 建设 建成 培育 引进 改造 开工 竣工 投产 推进 推动 开展 编制 谋划 种植 创建"
)
#: Words before a figure in its sentence that put it in the plan's future (今年新安将…, 宜阳要…).
FUTURE_WORDS = ("将", "要", "今年", "年内", "计划", *STRONG_WORDS)
#: Words that make a figure something already done (a past achievement, not a target).
PAST_WORDS = ("已经", "已", "累计", "去年", "上年", "过去", "近年来", "此前", "先后")
#: 了 after a verb tells of the past too (but not 为了, 除了, 了解).
_PAST_LE = r"(?<![为除])了(?!解)"
#: 比去年增长 compares with last year: a growth's base, not a past achievement.
_BASE = r"(?:比|较|同比|与)(?:去年|上年|上一年)(?:同期)?(?:相比)?"
#: Verbs that make a milestone of the deliverable they take.
MILESTONE_VERBS = _words("完成 实现 实施 推进 推动 开展 打造 编制 建设 建成 启动")
#: What a committee can see done: projects and works, plans, campaigns, end states.
DELIVERABLES = _words(
    "项目 工程 通道 道路 园 基地 集群 片区 规划 修编 方案 活动 "
    "全覆盖 投产 达产 竣工 开工 完工 建成 通车 转移 改造 煤改气"
)
#: Endings that set a direction, not something that is done one day (推动…高质量发展).
PROCESSES = _words(
    "融合发展 高质量发展 转型发展 做大做强 加快实施 加快推进 加快建设 提质升级 转型升级 一体化 增收"
)
#: Adverbs that may stand before a plan verb (and belong to the quote: 大力推进…, 高标准完成…).
ADVERBS = _words(
    "高标准 高水平 高质量 大力 稳妥 扎实 纵深 全力 积极 全面 "
    "着力 切实 奋力 深入 有序 加快 持续 不断 进一步"
)
#: … of which these make a direction (加快建设滨水新城), not a milestone.
DIRECTIONS = ("加快", "持续", "不断", "进一步")
#: 以X建设为引领: X is the work that leads (以…为契机 names an occasion and is no task).
_LEAD = r"^以(?P<what>.+?)建设为(?:引领|抓手|牵引|重点|突破口)$"
#: A leading verb of a list's first item that the later items share (新增A6000户、B18家).
CARRIED = ("新增", "新建", "新培育", "培育", "引进")
#: Category words, looked for in the title, then the quote, then the sentence (the word that
#: comes first decides: 双椒融合产业园 is 农业).
CATEGORIES = (
    ("农业", _words("农业 农田 农村 村 椒 中药材 牛 瓜果 种养 粮 畜 养殖")),
    ("文旅", _words("文旅 旅游 民宿 景区 游客")),
    ("民生", _words("社区 邻里 就业 教育 医疗 养老 住房 学校")),
    ("城建", _words("通道 道路 交通 片区 新城 城区 县城 管网 城市")),
    ("治理", _words("干部 治理 作风 活动")),
    ("产业", _words("产业 企业 项目 产值 市场主体 制造 装备 产能 园")),
)
UNDECIDED = "待定"

# Comparison words, by what they make of the figure after them.
_LE_BEFORE = ("不超过", "不高于", "控制在", "下降到", "降至", "降到", "低于")
_GT_BEFORE = ("超过", "突破", "高于", "大于", "多于")
_GE_BEFORE = ("达到", "不低于", "不少于")
_GROWTH = r"(?P<dir>增长|提高|提升|增加|下降|降低|减少)了?$"
_DOWN = ("下降", "降低", "减少")
#: The steps of a milestone a date may stand before (6月底前开工、年底前竣工).
# The stages a dated node names (6月底前开工、9月底前主体完工、年底前竣工): the longer words first.
_STAGES = (
    "主体完工|主体竣工|主体封顶|全面完工|全面建成|建成投用|建成投产|投入使用|开工建设|"
    "开工|竣工|完工|建成|投产|达产|通车|完成|启动|开业|封顶|验收|投用"
)

# Lines, sentences and clauses.
_BODY_MARKS = "，,、；;。！？!?"
_TERMINAL = "。！？!?；;…"
_CLOSERS = "”’」』）)》"
_SENTENCE = r"[。！？!?；;]|…+"
_CLAUSE = r"[，,：:]"
_ITEM_MARKS = "、和及"
_HEADING_SEP = r"[\s\u3000:：]+"
_NUMBERING = r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十0-9]+[）)]|[0-9]+[.、．])\s*"
_SUFFIXES = "县区市旗"
_BACKGROUND = ("解读", "背景", "回顾", "成效")
_PLAN_PART = ("路径", "目标", "举措", "任务", "措施", "重点")
_MARKER = r"^[●○■□◆◇▲△★☆•·\s]*(?P<word>\S{2,4}?)[:：]?$"
_ID = r"^[a-z0-9][a-z0-9_-]*$"
_YEARS = (2000, 2100)

# Figures. Chinese numerals; full-width digits are read as ASCII ones (the quote keeps them).
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_CN_DIGITS |= {"七": 7, "八": 8, "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_LARGE = {"万": 10_000, "亿": 100_000_000}
_MULTIPLIERS = {**_CN_SMALL, **_CN_LARGE}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
_CN = "零〇一二两三四五六七八九十百千万亿"
#: A number in words starts with a digit, 十, 百 or 千 (万元 alone is a unit, not 10,000 元).
_CN_FIRST = "零〇一二两三四五六七八九十百千"
#: After these a 个 or 人 is no count of things: 6个月, 2个百分点, 10万人次.
_NOT_COUNTS = {"个": ("月", "百分点", "工作日", "小时"), "人": ("次",)}
#: Characters after a number that are no unit anyone would set a target in (dates, ordinals).
_NOT_UNITS = "年月日号时分秒届期版季"
#: An indefinite article, not a figure: 打造一个…, 一批.
_ARTICLE_UNITS = ("个", "家", "项", "户")


# ---------------------------------------------------------------------------- what it gives


class Note(NamedTuple):
    """A `# review:` comment: the key it stands above ("" for the whole table) and its words."""

    field: str
    msg: Msg


class Node(NamedTuple):
    """A dated step of a milestone (6月底前开工 → 开工, 06-30)."""

    name: str
    due: dt.date


class Proposal(NamedTuple):
    """One goal the text states, as the rules read it."""

    county: str  # the county's short name (新安)
    kind: str  # quantity, milestone, ceiling or growth
    title: str
    value: int | float | None  # None for a milestone
    unit: str | None
    comparison: str | None  # gt, ge or le; None for a milestone
    deadline: dt.date
    quote: str  # the text's own words
    review: tuple[Note, ...]
    doubtful: bool
    approx: bool = False  # 左右
    nodes: tuple[Node, ...] = ()
    category: str = ""


class LeftOut(NamedTuple):
    """A figure of a county's section that is not a target, and why."""

    county: str
    figure: str
    quote: str
    reason: Msg


class DraftPlan(NamedTuple):
    id: str
    title: str
    year: int
    start: dt.date
    end: dt.date
    source: str
    review: tuple[Note, ...]


class DraftCounty(NamedTuple):
    id: str
    name: str
    short: str
    positioning: str
    review: tuple[Note, ...]


class DraftGoal(NamedTuple):
    id: str
    county: str  # the county's id
    proposal: Proposal


class Draft(NamedTuple):
    plan: DraftPlan
    counties: tuple[DraftCounty, ...]
    goals: tuple[DraftGoal, ...]
    left_out: tuple[LeftOut, ...]
    reports: tuple[str, ...]  # headlines of the other reports on the page (left out whole)
    missing: tuple[str, ...]  # counties named that have no section in the text


class CountyName(NamedTuple):
    """A county as --counties names it: 新安, or 新安=xinan with the id it should have."""

    short: str
    id: str | None = None


# ---------------------------------------------------------------------------- numbers


def chinese_number(text: str) -> int | None:
    """The value of a number in Chinese numerals (两 → 2, 十二 → 12, 五千亿, 百万); None if
    `text` is not one."""
    if not text or any(ch not in _CN for ch in text):
        return None
    total = section = number = 0
    for ch in text:
        if ch in _CN_DIGITS:
            number = number * 10 + _CN_DIGITS[ch]
        elif ch in _CN_SMALL:
            section += (number or 1) * _CN_SMALL[ch]
            number = 0
        else:
            section += number
            total = (total + (section or 1)) * _CN_LARGE[ch]
            section = number = 0
    return total + section + number


class Figure(NamedTuple):
    """A number with a unit, where it stands in its clause."""

    start: int
    end: int
    text: str  # as written: 10万亩, 6000多个, 百万吨
    value: Decimal  # in `unit`
    unit: str  # a symbol of UNITS
    more: bool  # 6000多, 20余: more than the figure
    words: bool  # written in Chinese numerals
    converted: bool  # a multiplier folded into the value (3万家 → 30000 家)


def _figure_pattern() -> str:
    units = sorted({*UNITS, "％"}, key=len, reverse=True)
    return (
        r"(?:(?P<num>(?<![0-9０-９.．A-Za-z])(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9０-９]+)"
        r"(?:[.．][0-9０-９]+)?)"
        rf"|(?P<cn>(?<![第{_CN}])[{_CN_FIRST}][{_CN}]*?))"
        r"(?P<mult>[十百千万亿]*?)(?P<more>[多余])?"
        r"(?P<unit>" + "|".join(map(re.escape, units)) + r")"
    )


def figures(clause: str) -> list[Figure]:
    """Every number with a unit in `clause` (10万亩, 40亿元, 50%, 两家), left to right."""
    found: list[Figure] = []
    for match in re.finditer(_figure_pattern(), clause):
        unit = "%" if match["unit"] == "％" else match["unit"]
        after = clause[match.end() :]
        if after.startswith(_NOT_COUNTS.get(unit[-1], ())) or after[:1] in ("/", "每"):
            continue
        if match["num"]:
            value = Decimal(match["num"].translate(_FULLWIDTH).replace(",", ""))
        else:
            number = chinese_number(match["cn"])
            if number is None:  # pragma: no cover - the pattern admits only numerals
                continue
            value = Decimal(number)
        converted = False
        mult = match["mult"]
        if mult:
            if unit == "%":
                continue
            if mult + unit in UNITS:
                unit = mult + unit
            else:
                for ch in mult:
                    value *= _MULTIPLIERS[ch]
                converted = True
        more, words = bool(match["more"]), bool(match["cn"])
        found.append(
            Figure(match.start(), match.end(), match[0], value, unit, more, words, converted)
        )
    return found


def _unknown_units(clause: str, known: list[Figure]) -> list[tuple[str, str]]:
    """Numbers followed by a counter huandu has no unit for (63座, 3420支): (figure, counter)."""
    taken = [(f.start, f.end) for f in known]
    out = []
    pattern = r"(?<![0-9０-９.．A-Za-z])[0-9０-９]+(?:[.．][0-9０-９]+)?[十百千万亿]*[多余]?(?P<u>[\u4e00-\u9fff])"
    for match in re.finditer(pattern, clause):
        unit, rest = match["u"], clause[match.end() :]
        if unit in _NOT_UNITS or unit in _MULTIPLIERS or (unit == "个" and rest.startswith("月")):
            continue
        if any(a <= match.start() < b for a, b in taken):
            continue
        longer = next((w for w in ("百分点", "次", "工作日", "小时") if rest.startswith(w)), "")
        if unit + longer == "个工作日" or unit + longer == "个小时":
            continue
        out.append((match[0] + longer, unit + longer))
    return out


# ---------------------------------------------------------------------------- deadlines


class _Span(NamedTuple):
    start: int
    end: int
    phrase: str
    due: dt.date


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def _small_number(text: str) -> int | None:
    if text.isdigit():
        return int(text.translate(_FULLWIDTH))
    return chinese_number(text)


def deadline_spans(text: str, year: int) -> list[_Span]:
    """Every deadline phrase of `text` and the day it means in a plan for `year`, left to right
    (a phrase inside a longer one, 年底前 in 2025年底前, gives way to it)."""
    found: list[_Span] = []
    month = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
    rules: tuple[tuple[str, object], ...] = (
        (r"(?:到)?(?P<y>20\d\d)年(?:底|末)(?:前|以前)?", "year"),
        (r"(?P<y>20\d\d)年(?:前|以前)", "year"),
        (r"到(?P<y>20\d\d)年", "year"),
        (r"(?<![0-9])(?P<n>[0-9]{1,2}|[一二两三四五六七八九十]+)年内", "years"),
        (month + r"月(?P<d>[0-3]?[0-9])日(?:前|以前)?", "day"),
        (month + r"月(?:底|末|份)?(?:前|以前)?", "month"),
        (r"上半年", (6, 30)),
        (r"(?:前三季度|三季度末|第三季度|三季度)(?:前|以前)?", (9, 30)),
        (r"(?:第一季度|一季度)(?:末|底)?(?:前|以前)?", (3, 31)),
        (r"(?:第二季度|二季度)(?:末|底)?(?:前|以前)?", (6, 30)),
        (r"(?:第四季度|四季度)(?:末|底)?(?:前|以前)?", (12, 31)),
        (r"明年", "next"),
        (r"年底前|年底|年末|年内|今年|本年度|本年|全年|当年", (12, 31)),
    )
    for pattern, rule in rules:
        for match in re.finditer(pattern, text):
            try:
                due = _due(match, rule, year)
            except ValueError:  # 2月30日
                continue
            if due is None:
                continue
            span = _Span(match.start(), match.end(), match[0], due)
            if any(s.start <= span.start and span.end <= s.end for s in found):
                continue
            found = [s for s in found if not (span.start <= s.start and s.end <= span.end)]
            found.append(span)
    return sorted(found)


def _due(match: re.Match[str], rule: object, year: int) -> dt.date | None:
    if isinstance(rule, tuple):
        return dt.date(year, *rule)
    if rule == "year":
        return dt.date(int(match["y"]), 12, 31)
    if rule == "years":
        count = _small_number(match["n"])
        return dt.date(year + count - 1, 12, 31) if count else None
    if rule == "next":
        return dt.date(year + 1, 12, 31)
    number = _small_number(match["m"])
    if number is None or not 1 <= number <= 12:
        return None
    if rule == "day":
        return dt.date(year, number, int(match["d"]))
    return _month_end(year, number)


# ---------------------------------------------------------------------------- structure


def _is_body(line: str) -> bool:
    return any(ch in _BODY_MARKS for ch in line)


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip(_CLOSERS)
    return not stripped or stripped[-1] in _TERMINAL


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs: its non-empty lines, a body line that breaks off mid-sentence
    joined to the body line that goes on with it."""
    out: list[str] = []
    open_ = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        body = _is_body(re.sub(_NUMBERING, "", line))  # 二、偃师 is a heading, not body text
        if open_ and out and body:
            out[-1] += line
        else:
            out.append(line)
        open_ = body and not _ends_sentence(line)
    return out


def sentences(paragraph: str) -> list[str]:
    return [s for s in re.split(_SENTENCE, paragraph) if s.strip()]


def _clauses(sentence: str) -> list[tuple[int, str]]:
    """The clauses of a sentence, each with where it starts."""
    out, start = [], 0
    for match in re.finditer(_CLAUSE, sentence):
        out.append((start, sentence[start : match.start()]))
        start = match.end()
    out.append((start, sentence[start:]))
    return [(at, c) for at, c in out if c.strip()]


def _short_name(name: str) -> str:
    return name[:-1] if len(name) > 2 and name[-1] in _SUFFIXES else name


def parse_counties(text: str) -> tuple[CountyName, ...]:
    """`--counties 新安,偃师=yanshi,孟津区`: the counties, each with the id given (if any)."""
    out: list[CountyName] = []
    for part in re.split(r"[,，、;；\s]+", text):
        name, _, ident = part.partition("=")
        name, ident = name.strip(), ident.strip()
        if not name:
            continue
        if ident and not re.match(_ID, ident):
            raise UsageError("draft.bad_county_id", value=ident)
        out.append(CountyName(_short_name(name), ident or None))
    if not out:
        raise UsageError("draft.no_counties")
    return tuple(out)


class _Heading(NamedTuple):
    short: str
    suffix: str
    positioning: str


def _heading(line: str, names: Sequence[CountyName] | None) -> _Heading | None:
    """A county heading: a county's name, a space and its positioning, on a line of its own
    (numbered or not: "（一）宜阳县：以关键工作突破带动新的更大发展"). With `names`, the name
    alone will do; without, the name must end in 县/区/市/旗 and a space follow it."""
    line = re.sub(_NUMBERING, "", line)
    if _is_body(line) or len(line) > 40:
        return None
    if names is None:
        match = re.match(rf"^(?P<name>[\u4e00-\u9fff]{{2,3}}?[{_SUFFIXES}])[\s\u3000]+(?P<pos>.+)$", line)  # fmt: skip
        if not match:
            return None
        name = match["name"]
        return _Heading(name[:-1], name[-1], re.sub(r"\s+", "", match["pos"]))
    for county in names:
        pattern = (
            rf"^{re.escape(county.short)}(?P<suffix>[{_SUFFIXES}]?)(?:{_HEADING_SEP}(?P<pos>.+))?$"
        )
        match = re.match(pattern, line)
        if match:
            positioning = re.sub(r"\s+", "", match["pos"] or "")
            return _Heading(county.short, match["suffix"], positioning)
    return None


def _is_byline(line: str) -> bool:
    return not _is_body(line) and len(line) <= 40 and ("记者" in line or "通讯员" in line)


def _part_marker(line: str) -> str | None:
    match = re.match(_MARKER, line)
    if not match:
        return None
    if match["word"] in _BACKGROUND:
        return "background"
    if match["word"] in _PLAN_PART:
        return "plan"
    return None


class _Passage(NamedTuple):
    county: str
    part: str  # "plan" or "background"
    text: str


class _Layout(NamedTuple):
    passages: list[_Passage]
    headings: dict[str, _Heading]
    order: list[str]  # the counties, in the order their sections appear
    reports: list[str]
    title: str


def layout(text: str, names: Sequence[CountyName] | None, single: str | None) -> _Layout:
    """The text cut into county sections and their parts, the other reports left out."""
    paras = paragraphs(text)
    passages: list[_Passage] = []
    headings: dict[str, _Heading] = {}
    order: list[str] = [single] if single else []
    reports: list[str] = []
    title = ""
    county: str | None = single
    part = "plan"
    for index, para in enumerate(paras):
        heading = _heading(para, [CountyName(single)] if single else names)
        if heading is not None:
            county, part = heading.short, "plan"
            headings.setdefault(county, heading)
            if county not in order:
                order.append(county)
            continue
        following = paras[index + 1] if index + 1 < len(paras) else ""
        if following.startswith("本报讯") and not _is_body(para):
            county = None
            reports.append(para)
            continue
        if para.startswith("本报讯"):
            if county is not None:  # a report without a headline line
                reports.append(para[:20])
            county = None
            continue
        if _is_byline(para):
            county = None
            continue
        marker = _part_marker(para)
        if marker is not None:
            part = marker
            continue
        if not title and not _is_body(para) and 4 <= len(para) <= 40 and not headings:
            title = para
        if county is not None:
            passages.append(_Passage(county, part, para))
    return _Layout(passages, headings, order, reports, title)


# ---------------------------------------------------------------------------- figures judged


class _Verdict(NamedTuple):
    keep: bool  # proposed (perhaps doubtful) or left out
    reason: Msg | None  # why it is left out, or why it is doubtful
    doubtful: bool = False


def _rightmost(text: str, words: Sequence[str]) -> tuple[int, str]:
    """The word of `words` that ends nearest the end of `text` (the longer one on a tie)."""
    best = (-1, "")
    for word in words:
        at = text.rfind(word)
        if at >= 0:
            end = at + len(word)
            if end > best[0] or (end == best[0] and len(word) > len(best[1])):
                best = (end, word)
    return best


def _past_word(text: str, year: int) -> str | None:
    text = re.sub(_BASE, "", text)
    for word in PAST_WORDS:
        if word in text:
            return word
    if re.search(_PAST_LE, text):
        return "了"
    for match in re.finditer(r"(20\d\d)年", text):
        if int(match[1]) < year:
            return match[0]
    return None


def _ends_with_verb(text: str) -> bool:
    return any(text.endswith(word) for word in (*TARGET_WORDS, *ACTION_VERBS))


def _judge(fig: Figure, clause: str, at: int, sentence: str, part: str, year: int) -> _Verdict:
    """Whether a figure of the clause at `at` in `sentence` is a target: the rules of the
    module's point 4, in order."""
    before, after = clause[: fig.start], clause[fig.end :]
    before_in_sentence = sentence[:at]
    if fig.words and fig.value == 1 and fig.unit in _ARTICLE_UNITS:
        return _Verdict(False, None)  # 一个: an article, not worth a word
    if re.match(r"(?:以上|以下|左右)?的", after):
        if re.search(r"投资[^，,、]{0,2}$", before):
            return _Verdict(False, Msg("draft.left.investment"))
        return _Verdict(False, Msg("draft.left.attribute"))
    if after.startswith("级"):
        return _Verdict(False, Msg("draft.left.class"))
    if fig.unit not in ("个", "项", "家") and re.match(r"[^、和及，,]{0,12}?项目", after):
        return _Verdict(False, Msg("draft.left.name"))
    if before.endswith(("从", "由")):
        return _Verdict(False, Msg("draft.left.baseline"))
    if fig.words and not _ends_with_verb(before):
        return _Verdict(False, Msg("draft.left.in_words"))
    if fig.value <= 0:  # 返贫致贫0户: a goal's target must be above zero
        return _Verdict(False, Msg("draft.left.zero"))
    strong = any(w in before_in_sentence or w in clause for w in STRONG_WORDS)
    # Already done: a past word before the figure in its clause, or in a short time clause that
    # opens the sentence (去年,…); one elsewhere in the sentence only casts doubt, and none at
    # all when the clause itself speaks of the plan (已建成…,今年再新建5万亩).
    opening = before_in_sentence if at <= 8 else ""
    past = _past_word(before, year) or _past_word(opening, year)
    if past is not None:
        if strong:
            return _Verdict(True, Msg("draft.doubtful.past", word=past), doubtful=True)
        return _Verdict(False, Msg("draft.left.past", word=past))
    told = _past_word(sentence, year)
    if told is not None and not any(w in before for w in FUTURE_WORDS):
        # 新建消防队83个,有力提升了…: the sentence tells what was done
        return _Verdict(True, Msg("draft.doubtful.past", word=told), doubtful=True)
    if part == "background":
        if strong:
            return _Verdict(True, Msg("draft.doubtful.background"), doubtful=True)
        return _Verdict(False, Msg("draft.left.background"))
    stated = (
        any(w in clause for w in (*TARGET_WORDS, *ACTION_VERBS))
        or any(w in before_in_sentence for w in (*TARGET_WORDS, *FUTURE_WORDS))
    )  # fmt: skip
    if not stated:
        return _Verdict(False, Msg("draft.left.no_target"))
    if re.search(r"[0-9０-９][-—~～至到]$", before):
        return _Verdict(True, Msg("draft.doubtful.range"), doubtful=True)
    if fig.more:
        return _Verdict(True, Msg("draft.doubtful.more", figure=fig.text), doubtful=True)
    return _Verdict(True, None)


# ---------------------------------------------------------------------------- titles


_LEADS = (
    *ADVERBS,
    *_words(
        "力争 确保 争取 还要 再 还 又 今年 全年 其中 谋划 实施 打造 建设 完成 实现 达到 推动 推进 建成 将 要 并 和 及"
    ),
)
_TAILS = (
    *_LE_BEFORE,
    *_GT_BEFORE,
    *_GE_BEFORE,
    *_words("增长 提高 增加 下降 降低 减少 超 达 在 为 至 到 约 近 稳定 保持"),
)
_AROUND = ("以上", "以内", "以下", "左右", "的")


def _strip_words(text: str, heads: Sequence[str], tails: Sequence[str]) -> str:
    changed = True
    while changed and text:
        changed = False
        for word in heads:
            if text.startswith(word):
                text, changed = text[len(word) :], True
        for word in tails:
            if text.endswith(word):
                text, changed = text[: -len(word)], True
    return text.strip()


def quantity_title(item: str, fig_start: int, fig_end: int, year: int) -> str:
    """The noun phrase of an item's figure: what stands before it, less the target words."""
    before, after = item[:fig_start], item[fig_end:]
    baseline = re.search(r"[从由][^从由]*$", before)
    if baseline and figures(before[baseline.start() :]):  # 耕地面积从10万亩增加到 → 耕地面积
        before = before[: baseline.start()]
    for span in reversed(deadline_spans(before, year)):
        before = before[: span.start] + before[span.end :]
    before = _strip_words(re.sub(_BASE, "", before), _LEADS, _TAILS)
    after = _strip_words(after, _AROUND, _AROUND)
    if before.endswith("等") or not before or before in (*ACTION_VERBS, *CARRIED):
        before += after  # 欣安新能源材料等 + 项目, 新增 + 省级专精特新企业
    return "" if before in (*ACTION_VERBS, *CARRIED) else before  # a verb alone is no title


# ---------------------------------------------------------------------------- proposals


def _category(*texts: str) -> tuple[str, str]:
    """The category of the first of `texts` with a category word: the word that comes first."""
    for text in texts:
        found = [
            (text.find(word), -len(word), category, word)
            for category, words in CATEGORIES
            for word in words
            if word in text
        ]
        if found:
            _, _, category, word = min(found)
            return category, word
    return UNDECIDED, ""


def _with_category(proposal: Proposal, sentence: str) -> Proposal:
    category, word = _category(proposal.title, proposal.quote, sentence)
    note = (
        Note("category", Msg("draft.review.category", word=word))
        if word
        else Note("category", Msg("draft.review.no_category"))
    )
    return proposal._replace(category=category, review=(*proposal.review, note))


class _Reader:
    """Reads the passages of the county sections into proposals and the figures left out."""

    def __init__(self, year: int) -> None:
        self.year = year
        self.end = dt.date(year, 12, 31)
        self.proposals: list[Proposal] = []
        self.left_out: list[LeftOut] = []

    def passage(self, passage: _Passage) -> None:
        for sentence in sentences(passage.text):
            self.sentence(passage.county, passage.part, sentence)

    def sentence(self, county: str, part: str, sentence: str) -> None:
        clauses = _clauses(sentence)
        for at, clause in clauses:
            found = figures(clause)
            kept: list[tuple[Figure, _Verdict]] = []
            for fig in found:
                verdict = _judge(fig, clause, at, sentence, part, self.year)
                if verdict.keep:
                    kept.append((fig, verdict))
                elif verdict.reason is not None:
                    self.left_out.append(LeftOut(county, fig.text, clause.strip(), verdict.reason))
            kept = self.described(county, clause, kept)
            if part == "plan":
                for figure, counter in _unknown_units(clause, found):
                    if any(w in clause for w in (*TARGET_WORDS, *ACTION_VERBS)):
                        reason = Msg("draft.left.unknown_unit", unit=counter)
                        self.left_out.append(LeftOut(county, figure, clause.strip(), reason))
            if kept:
                self.quantities(county, sentence, clauses, at, clause, found, kept)
            elif part == "plan":
                self.milestones(county, sentence, clause)

    # -- figures

    def described(
        self, county: str, clause: str, kept: list[tuple[Figure, _Verdict]]
    ) -> list[tuple[Figure, _Verdict]]:
        """A figure right before another one, nothing between to part them, says what the
        other counts (百亿元产业集群10个: ten clusters of a hundred 亿元 each)."""
        out = []
        for (fig, verdict), following in itertools.zip_longest(kept, kept[1:]):
            if following is not None:
                between = clause[fig.end : following[0].start]
                if not any(mark in between for mark in (*_ITEM_MARKS, "从", "由", "到", "至")):
                    reason = Msg("draft.left.attribute")
                    self.left_out.append(LeftOut(county, fig.text, clause.strip(), reason))
                    continue
            out.append((fig, verdict))
        return out

    def quantities(
        self,
        county: str,
        sentence: str,
        clauses: list[tuple[int, str]],
        at: int,
        clause: str,
        found: list[Figure],
        kept: list[tuple[Figure, _Verdict]],
    ) -> None:
        cuts = [0]
        for (first, _), (second, _) in itertools.pairwise(kept):
            between = clause[first.end : second.start]
            mark = max(between.rfind(ch) for ch in _ITEM_MARKS)
            cuts.append(first.end + mark + 1 if mark >= 0 else first.end)
        cuts.append(len(clause) + 1)
        carried = ""
        lead = clauses[0][1] if clauses and clauses[0][0] < at and len(clauses[0][1]) <= 10 else ""
        for index, (fig, verdict) in enumerate(kept):
            lo, hi = cuts[index], cuts[index + 1] - 1
            item = clause[lo:hi]
            shift = len(item) - len(item.lstrip())
            item = item.strip()
            start, end = fig.start - lo - shift, fig.end - lo - shift
            previous = [f.end - lo - shift for f in found if lo <= f.start and f.end <= fig.start]
            pre = item[max(previous, default=0) : start]
            proposal = self.quantity(county, item, start, end, pre, fig, verdict)
            # The deadline: the item's own, else one before it in its clause, else the sentence's.
            spans = deadline_spans(item[:start], self.year)
            if not spans:
                spans = deadline_spans(clause[:lo], self.year) or deadline_spans(lead, self.year)
            proposal = self.dated(proposal, spans)
            title = proposal.title
            if index == 0:
                carried = next((w for w in CARRIED if title.startswith(w)), "")
            elif carried and not title.startswith(carried):
                title = carried + title
                note = Note("title", Msg("draft.review.title_carried", word=carried))
                proposal = proposal._replace(title=title, review=(*proposal.review, note))
            self.proposals.append(_with_category(proposal, sentence))

    def quantity(
        self,
        county: str,
        item: str,
        start: int,
        end: int,
        pre: str,
        fig: Figure,
        verdict: _Verdict,
    ) -> Proposal:
        notes: list[Note] = []
        if verdict.reason is not None:
            notes.append(Note("", verdict.reason))
        post = item[end:]
        value, unit, kind = fig.value, fig.unit, QUANTITY
        growth = re.search(_GROWTH, pre)
        le_end, le_word = _rightmost(pre, _LE_BEFORE)
        gt_end, _ = _rightmost(pre, _GT_BEFORE)
        ge_end, _ = _rightmost(pre, _GE_BEFORE)
        if growth and unit == "%":
            kind = GROWTH
            down = growth["dir"] in _DOWN
            value = -value if down else value
            comparison = AT_MOST if down else REACH
            notes.append(Note("kind", Msg("draft.review.growth", word=growth["dir"])))
        elif (le_end >= 0 and le_end >= max(gt_end, ge_end)) or post.startswith(("以内", "以下")):
            kind, comparison = CEILING, AT_MOST
            word = le_word if le_end >= 0 else post[:2]
            notes.append(Note("kind", Msg("draft.review.ceiling", word=word)))
        elif gt_end > ge_end or pre.endswith("超") or fig.more:
            comparison = EXCEED
        elif ge_end >= 0 or post.startswith("以上") or pre.endswith("达"):
            comparison = REACH
        else:
            comparison = REACH
            notes.append(Note("comparison", Msg("draft.review.plain")))
        if growth and unit != "%" and kind == QUANTITY:
            notes.append(Note("target", Msg("draft.review.increase", word=growth["dir"])))
        approx = post.startswith("左右") or pre.endswith(("约", "大约", "近"))
        if approx:
            notes.append(Note("approx", Msg("draft.review.approx")))
        if fig.converted:
            notes.append(Note("target", Msg("draft.review.converted", figure=fig.text, unit=unit)))
        if fig.words:
            notes.append(Note("target", Msg("draft.review.in_words", figure=fig.text)))
        title = quantity_title(item, start, end, self.year)
        if not title:
            title = item
            notes.append(Note("title", Msg("draft.review.no_title")))
        return Proposal(
            county=county,
            kind=kind,
            title=title,
            value=to_number(value),
            unit=unit,
            comparison=comparison,
            deadline=self.end,
            quote=item,
            review=tuple(notes),
            doubtful=verdict.doubtful,
            approx=approx,
        )

    def dated(self, proposal: Proposal, spans: list[_Span]) -> Proposal:
        if not spans:
            return proposal
        span = spans[-1]
        if span.due == self.end:
            return proposal
        note = Note("deadline", Msg("draft.review.deadline", phrase=span.phrase, date=span.due))
        return proposal._replace(deadline=span.due, review=(*proposal.review, note))

    # -- milestones

    def milestones(self, county: str, sentence: str, clause: str) -> None:
        clause = clause.strip()
        if _past_word(clause, self.year) or re.search(_PAST_LE, sentence):
            return
        lead = re.match(_LEAD, clause)
        if lead:
            parts = [p for p in re.split(r"和|及", lead["what"]) if p]
            for part in parts:
                part = part if part.endswith("建设") else part + "建设"
                self.milestone(county, sentence, clause, part, len(parts))
            return
        for match in re.finditer("|".join(MILESTONE_VERBS), clause):
            obj = clause[match.end() :]
            if not _deliverable(obj):
                continue
            start = match.start()
            adverbs: list[str] = []
            while True:
                word = next((a for a in ADVERBS if clause[:start].endswith(a)), None)
                if word is None:
                    break
                adverbs.append(word)
                start -= len(word)
            if any(a in DIRECTIONS for a in adverbs):
                return
            for span in reversed(deadline_spans(clause[:start], self.year)):
                if span.end == start:  # 9月底前完成…: the date belongs to the quote
                    start = span.start
            quote = clause[start:]
            parts = [p for p in re.split(r"和", obj) if p]
            if len(parts) < 2 or not all(_deliverable(p) for p in parts):
                parts = [obj]
            for part in parts:
                self.milestone(county, sentence, quote, match[0] + part, len(parts))
            return

    def milestone(self, county: str, sentence: str, quote: str, title: str, count: int) -> None:
        notes: list[Note] = []
        if count > 1:
            notes.append(Note("quote", Msg("draft.review.shared_quote", count=count)))
        doubtful = bool(re.search(rf"[0-9{_CN}]+(?:元|吨|亩|人)?级", title))
        if doubtful:
            notes.insert(0, Note("", Msg("draft.doubtful.class")))
        spans = deadline_spans(quote, self.year)
        stages = [(span, re.match(_STAGES, quote[span.end :])) for span in spans]
        nodes = tuple(Node(stage[0], span.due) for span, stage in stages if stage)
        # The title without its dates: 推动X项目6月底前开工、年底前竣工 → 推动X项目.
        if len(nodes) > 1:
            title = title[: title.find(spans[0].phrase)] if spans[0].phrase in title else title
        else:
            for span in spans:
                title = title.replace(span.phrase, "")
        title = re.sub(r"(?:总)?投资[0-9.]+[万亿]?元的", "", title).rstrip("、")
        if len(title) > 24:
            notes.append(Note("title", Msg("draft.review.long_title")))
        proposal = Proposal(
            county=county,
            kind=MILESTONE,
            title=title,
            value=None,
            unit=None,
            comparison=None,
            deadline=self.end,
            quote=quote,
            review=tuple(notes),
            doubtful=doubtful,
            nodes=nodes if len(nodes) > 1 else (),
        )
        if nodes:
            due = max(n.due for n in nodes)
            if due != self.end:
                phrase = next(s.phrase for s in spans if s.due == due)
                note = Note("deadline", Msg("draft.review.deadline", phrase=phrase, date=due))
                proposal = proposal._replace(deadline=due, review=(*proposal.review, note))
        else:
            proposal = self.dated(proposal, spans)
        self.proposals.append(_with_category(proposal, sentence))


def _deliverable(obj: str) -> bool:
    obj = obj.strip()
    if len(obj) < 2 or obj.endswith(PROCESSES):
        return False
    if re.fullmatch(r"[“\"「][^”\"」]+[”\"」]", obj):  # a named task: “三清两建”
        return True
    return any(word in obj for word in DELIVERABLES)


# ---------------------------------------------------------------------------- the draft


def _year(text: str, year: int | None) -> tuple[int, tuple[Note, ...]]:
    low, high = _YEARS
    if year is not None:
        if not low <= year <= high:
            raise UsageError("draft.bad_year", value=year, low=low, high=high)
        return year, ()
    match = re.search(r"(20\d\d)年", text)
    if match is None:
        raise HuanduError("draft.no_year")
    return int(match[1]), (Note("year", Msg("draft.review.plan_year", phrase=match[0])),)


def _full_name(short: str, heading: _Heading | None, text: str) -> tuple[str, Note | None]:
    if heading is not None and heading.suffix:
        return short + heading.suffix, None
    counts = {s: text.count(short + s) for s in _SUFFIXES}
    suffix = max(counts, key=lambda s: counts[s])
    if counts[suffix]:
        return short + suffix, Note("name", Msg("draft.review.county_name", name=short + suffix))
    return short, Note("name", Msg("draft.review.no_county_name"))


def draft_registry(
    text: str,
    *,
    source: str,
    counties: str | None = None,
    county: str | None = None,
    year: int | None = None,
) -> Draft:
    """A registry draft of `text`: the goals of each county's section (`counties`, as
    --counties gives them, or the headings found), or of the whole text for one `county`."""
    if counties is not None and county is not None:
        raise UsageError("draft.counties_and_county")
    names = parse_counties(counties) if counties is not None else None
    single = _short_name(county.strip()) if county is not None and county.strip() else None
    if county is not None and single is None:
        raise UsageError("draft.no_counties")
    plan_year, year_notes = _year(text, year)
    found = layout(text, names, single)
    if not found.order:
        raise HuanduError("draft.no_sections" if names else "draft.no_county")
    reader = _Reader(plan_year)
    for passage in found.passages:
        reader.passage(passage)
    given = {n.short: n.id for n in names or ()}
    listed = [n.short for n in names] if names else found.order
    present = [c for c in listed if c in found.order]
    drafted: list[DraftCounty] = []
    ids: dict[str, str] = {}
    for index, short in enumerate(present, start=1):
        heading = found.headings.get(short)
        notes: list[Note] = []
        ident = given.get(short)
        if ident is None:
            ident = f"county-{index}"
            notes.append(Note("id", Msg("draft.review.county_id")))
        name, name_note = _full_name(short, heading, text)
        if name_note is not None:
            notes.append(name_note)
        if heading is not None and heading.positioning:
            positioning = heading.positioning
        else:
            positioning = found.title or source
            notes.append(Note("positioning", Msg("draft.review.no_positioning")))
        ids[short] = ident
        drafted.append(DraftCounty(ident, name, short, positioning, tuple(notes)))
    goals: list[DraftGoal] = []
    for short in present:
        mine = [p for p in reader.proposals if p.county == short]
        for number, proposal in enumerate(mine, start=1):
            note = Note("id", Msg("draft.review.goal_id"))
            proposal = proposal._replace(review=(note, *proposal.review))
            goals.append(DraftGoal(f"{ids[short]}.goal-{number:02d}", ids[short], proposal))
    plan_notes = [Note("id", Msg("draft.review.plan_id")), *year_notes]
    if found.title:
        plan_notes.append(Note("title", Msg("draft.review.plan_title")))
    else:
        plan_notes.append(Note("title", Msg("draft.review.no_plan_title")))
    plan_notes.append(Note("source", Msg("draft.review.source")))
    plan = DraftPlan(
        id=f"draft-{plan_year}",
        title=found.title or source,
        year=plan_year,
        start=dt.date(plan_year, 1, 1),
        end=dt.date(plan_year, 12, 31),
        source=source,
        review=tuple(plan_notes),
    )
    missing = tuple(n for n in listed if n not in found.order)
    left = tuple(x for x in reader.left_out if x.county in ids)
    return Draft(plan, tuple(drafted), tuple(goals), left, tuple(found.reports), missing)
