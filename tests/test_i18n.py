"""Every word huandu prints exists in Chinese and in English, and neither language leaks into
the other. (Progress values here are synthetic.)"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

import huandu
from helpers import messages
from huandu.i18n import detect_language
from huandu.store.locations import bundled_registry
from huandu.store.registry import parse_registry

MESSAGES = messages()

SRC = Path(huandu.__file__).parent
CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”]")
CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
REGISTRY = parse_registry(bundled_registry().read_bytes())


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_has_both_languages_with_the_same_placeholders():
    for key, pair in MESSAGES.items():
        assert isinstance(pair, tuple) and len(pair) == 2, key
        zh, en = pair
        assert zh.strip() and en.strip(), key
        assert fields(zh) == fields(en), key


def test_english_messages_are_english_and_chinese_ones_chinese():
    # English text may quote Chinese data only through placeholders or named examples.
    allowed_in_english = (
        "宜阳",
        "宜阳县",
        "肉牛",
        "万头",
        "头",
        "元",
        "亿元",
        "万元",
        "月",
        "季度",
        "上半年",
        "前三季度",
        "全年",
        "通报",
        "时序进度",
        "需督办",
        "绿",
        "黄",
        "红",
        "两牛",
        "专精特新",
        "三清两建",
        "双椒",
        "一拼二转三包四帮",
    )
    for key, (zh, en) in MESSAGES.items():
        stripped = en
        for word in sorted(allowed_in_english, key=len, reverse=True):
            stripped = stripped.replace(word, "")
        assert not CJK.search(stripped), (key, en)
        if key.startswith(("category.", "stage.", "col.status.")) or key in (
            "help.usage",
            "help.options",
        ):
            continue
        assert CJK.search(zh) or not re.search(r"[a-z]{4,} [a-z]{4,}", zh), (key, zh)


def _used_keys() -> set[str]:
    keys: set[str] = set()
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        keys.update(re.findall(r'\bt\(\s*"([a-z_]+(?:\.[a-z_]+)+)"', text))
        keys.update(re.findall(r'HuanduError\(\s*"([a-z_]+(?:\.[a-z_]+)+)"', text))
        keys.update(re.findall(r'warn\(\s*"([a-z_]+(?:\.[a-z_]+)+)"', text))
        keys.update(re.findall(r'\(\s*"(journal\.[a-z_]+)",\s*\{', text))
    return keys


def test_every_message_the_code_uses_is_in_the_catalogue():
    missing = sorted(k for k in _used_keys() if k not in MESSAGES)
    assert not missing


def test_keys_built_from_codes_exist_for_every_code():
    from huandu.domain.progress import STATUSES

    for status in STATUSES:
        assert f"status.{status}" in MESSAGES
        assert f"col.status.{status}" in MESSAGES
    for target in REGISTRY.targets:
        assert f"category.{target.category}" in MESSAGES, target.category
    for stage in REGISTRY.plan.stages:
        assert f"stage.{stage.name}" in MESSAGES


@pytest.mark.parametrize(
    ("argv", "env", "expected"),
    [
        (["--lang", "zh", "list"], {}, "zh"),
        (["--lang=en"], {"HUANDU_LANG": "zh"}, "en"),
        ([], {"HUANDU_LANG": "zh"}, "zh"),
        ([], {"LANG": "zh_CN.UTF-8"}, "zh"),
        ([], {"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ([], {"LANG": "C.UTF-8"}, "en"),
        ([], {}, "en"),
    ],
)
def test_the_language_follows_option_then_env_then_locale(argv, env, expected):
    assert detect_language(argv, env) == expected


COMMANDS = ["list", "validate", "update", "undo", "log", "show", "info", "report"]


def _known_chinese_data() -> list[str]:
    """Chinese that English output may show because it is the source's own words (data)."""
    words = [c.positioning for c in REGISTRY.counties]
    words += [t.quote for t in REGISTRY.targets]
    words += ["'3亩'"]  # what the user typed is echoed as typed
    words += [f"({t.unit.symbol}, " for t in REGISTRY.targets if t.unit]  # units as written
    words += [REGISTRY.plan.source, "时序进度"]  # the term staff know, glossed in English text
    words += [t.title for t in REGISTRY.targets]  # shown by `log --format json` etc.
    words += [w for t in REGISTRY.targets for w in CJK_RUN.findall(t.title_en)]  # 专精特新 ...
    return sorted(words, key=len, reverse=True)


def _untranslated(text: str) -> list[str]:
    for word in _known_chinese_data():
        text = text.replace(word, "")
    return [line for line in text.splitlines() if CJK.search(line)]


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_english_help_has_no_chinese_and_chinese_help_no_click_english(huandu, command):
    args = [command, "--help"] if command else ["--help"]
    english = huandu(*args, lang="en")
    assert english.exit_code == 0
    leaks = [line for line in english.stdout.splitlines() if CJK.search(line)]
    # Examples in help name a county, a unit or a period the way users type them, and a few
    # terms of the trade (时序进度, 需督办) are glossed rather than replaced.
    assert all(
        re.search(r"宜阳|肉牛|万头|头|万元|月|季度|通报|时序进度|需督办", line) for line in leaks
    ), leaks
    chinese = huandu(*args, lang="zh")
    assert chinese.exit_code == 0
    for phrase in ("Usage:", "Options:", "Arguments:", "Commands:", "Show this message"):
        assert phrase not in chinese.stdout, phrase
    assert "示例" in chinese.stdout or not command


def test_every_command_speaks_english_in_english(huandu, monkeypatch):
    monkeypatch.setenv("HUANDU_TODAY", "2024-06-30")
    outputs = [
        huandu(
            "update", "yiyang.beef-cattle", "82000头", "--date", "2024-05-31", "--note", "monthly"
        ),
        huandu("update", "yichuan.longding-battery-box", "in-progress"),
        huandu("update", "yanshi.new-market-entities", "1800"),
        huandu("undo"),
        huandu("list"),
        huandu("validate"),
        huandu("log"),
        huandu("show", "yiyang.beef-cattle"),
        huandu("info"),
        huandu("report", "--as-of", "2024-06-30"),
        huandu("report", "--format", "markdown"),
        huandu("list", "--county", "nowhere"),
        huandu("update", "yiyang.beef-cattle", "3亩"),
        huandu("update", "nothing-like-this", "1"),
        huandu("undo", "99"),
        huandu("list", "--bogus"),
    ]
    for result in outputs:
        leaks = _untranslated(result.stdout + result.stderr)
        assert not leaks, leaks


def test_errors_and_messages_read_in_chinese(huandu, monkeypatch):
    monkeypatch.setenv("HUANDU_TODAY", "2024-06-30")
    result = huandu("update", "肉牛", "3亩", lang="zh")
    assert result.exit_code == 1 and "单位" in result.stderr
    result = huandu("list", "--bogus", lang="zh")
    assert result.exit_code == 2 and "没有这个选项" in result.stderr
    result = huandu("update", "肉牛", "8.2万头", lang="zh")
    assert "已记录" in result.stdout
    report = huandu("report", lang="zh")
    assert "时序进度" in report.stdout and "各县区汇总" in report.stdout
