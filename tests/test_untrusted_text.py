"""A note or source may contain anything: markup, escape sequences, bidi overrides. It stays text.

It is stored exactly, shown literally and harmlessly, and exported exactly. Every progress value in
these tests is synthetic; none is a real county's figure.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import entries, store_path
from huandu import text as huandu_text

TODAY = "2024-06-30"
RAW = ("\x1b", "\x9b", "\u202e", "\x07")

NASTY = [
    "[red]x[/red]",
    "[link=http://x]y[/link]",
    "a stray [/] closes nothing",
    "\x1b[31mred\x1b[0m",
    "\x1b]8;;http://x\x07click\x1b]8;;\x07",
    "\x9b31m C1 CSI",
    "abc\u202edcba",
    "[bold]\x1b[2J\u202e[/bold] all at once",
]


@pytest.fixture(autouse=True)
def _setup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUANDU_TODAY", TODAY)
    monkeypatch.setenv("COLUMNS", "400")  # no wrapping: a cell's text stays on one line


def no_raw_controls(text: str) -> None:
    for ch in RAW:
        assert ch not in text, repr(ch)


@pytest.fixture
def nasty_book(huandu, home):
    for index, text in enumerate(NASTY, start=1):
        result = huandu(
            "update", "肉牛", str(index), "--note", text, "--source", text, "--by", text
        )
        assert result.exit_code == 0, result.stderr
        no_raw_controls(result.stdout + result.stderr)
    return home


def test_untrusted_text_is_stored_exactly(nasty_book):
    stored = entries(nasty_book)
    assert [e["note"] for e in stored] == NASTY
    assert [e["source"] for e in stored] == NASTY
    assert [e["by"] for e in stored] == NASTY


@pytest.mark.parametrize("command", [("log",), ("show", "肉牛"), ("log", "--target", "肉牛")])
def test_untrusted_text_is_shown_literally_and_harmlessly(huandu, nasty_book, command):
    result = huandu(*command)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    no_raw_controls(out + result.stderr)
    assert "[red]x[/red]" in out
    assert "[link=http://x]y[/link]" in out
    assert "a stray [/] closes nothing" in out
    assert "\\x1b[31mred\\x1b[0m" in out
    assert "\\x1b]8;;http://x\\x07click" in out
    assert "\\x9b31m C1 CSI" in out
    assert "abc\\u202edcba" in out


def test_untrusted_text_in_json_is_escaped_but_exact(huandu, nasty_book):
    result = huandu("log", "--format", "json")
    assert result.exit_code == 0, result.stderr
    no_raw_controls(result.stdout)
    rows = json.loads(result.stdout)
    assert [r["note"] for r in rows] == NASTY
    assert [r["source"] for r in rows] == NASTY
    assert [r["by"] for r in rows] == NASTY
    detail = huandu("show", "肉牛", "--format", "json")
    no_raw_controls(detail.stdout)
    assert [h["note"] for h in json.loads(detail.stdout)["history"]] == NASTY


def test_untrusted_text_in_csv_cannot_reach_the_terminal(huandu, nasty_book):
    result = huandu("log", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    no_raw_controls(result.stdout)
    assert "[red]x[/red]" in result.stdout


def test_an_undo_note_is_treated_the_same(huandu, nasty_book):
    result = huandu("undo", "--note", NASTY[-1], "--by", NASTY[3])
    assert result.exit_code == 0, result.stderr
    assert entries(nasty_book)[-1]["note"] == NASTY[-1]
    log = huandu("log")
    no_raw_controls(log.stdout)
    assert "[bold]\\x1b[2J\\u202e[/bold] all at once" in log.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("update", "\x1b[31mX", "5"),
        ("update", "肉牛", "\x1b[31m5"),
        ("update", "肉牛", "5\u202e"),
        ("update", "肉牛", "5", "--date", "\x9b2024"),
        ("show", "\x1b]8;;http://x\x07X"),
        ("log", "--county", "\x1b[2J"),
        ("log", "--format", "\x1b[31m"),
    ],
)
def test_an_error_echoing_a_typed_value_shows_escapes_not_controls(huandu, home, args):
    result = huandu(*args)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    no_raw_controls(result.stdout + result.stderr)
    assert "\\x1b" in result.stderr or "\\u202e" in result.stderr or "\\x9b" in result.stderr
    assert not store_path(home).exists()


def test_the_interactive_summary_shows_escapes(huandu, home):
    answers = ["5", "9", "8", "", "\x1b[31mnote\u202e", "[red]src[/red]", "y"]
    result = huandu("update", input="".join(f"{a}\n" for a in answers))
    assert result.exit_code == 0, result.stderr
    no_raw_controls(result.stdout)
    assert "\\x1b[31mnote\\u202e" in result.stdout
    assert "[red]src[/red]" in result.stdout
    assert entries(home)[0]["note"] == "\x1b[31mnote\u202e"


@pytest.fixture
def escaping_registry(monkeypatch, tmp_path, registry_bytes) -> None:
    """A team's registry whose middle stage name carries an escape sequence and a bidi override."""
    stages = (
        'stages = [{name = "未启动", percent = 0, aliases = ["todo"]}, '
        '{name = "推进\\u001b[5m中\\u202e", percent = 50, aliases = ["doing"]}, '
        '{name = "已完成", percent = 100, aliases = ["done"]}]\n'
    )
    text = registry_bytes.decode("utf-8").replace(
        "far_behind_points = 30\n", "far_behind_points = 30\n" + stages, 1
    )
    path = tmp_path / "team.toml"
    path.write_text(text, "utf-8")
    monkeypatch.setenv("HUANDU_REGISTRY", str(path))


@pytest.mark.usefixtures("escaping_registry")
def test_registry_stage_names_are_shown_through_escapes(huandu, home):
    outputs = []
    for args in (
        ("update", "xinan.coal-to-gas", "doing"),
        ("undo",),
        ("update", "xinan.coal-to-gas", "60%"),
        ("log",),
        ("show", "xinan.coal-to-gas"),
        ("log", "--format", "json"),
    ):
        result = huandu(*args)
        assert result.exit_code == 0, (args, result.stderr)
        outputs.append(result.stdout + result.stderr)
    answers = ["1", "4", "doing", "", "", "", "y"]
    result = huandu("update", input="".join(f"{a}\n" for a in answers))
    assert result.exit_code == 0, result.stderr
    outputs.append(result.stdout + result.stderr)
    for out in outputs:
        no_raw_controls(out)
    assert "推进\\x1b[5m中\\u202e" in outputs[0]
    assert entries(home)[0]["stage"] == "推进\x1b[5m中\u202e"


def test_csv_cells_that_excel_would_run_as_formulas_are_defused(huandu, monkeypatch):
    """A note like =HYPERLINK(...) must reach Excel as text, not as a formula (synthetic value)."""
    monkeypatch.setenv("HUANDU_TODAY", "2024-06-30")
    note = '=HYPERLINK("http://example.invalid","x")'
    assert huandu("update", "肉牛", "+0.5", "--note", note, "--source", "@SUM(1)").exit_code == 0
    out = huandu("log", "--format", "csv").stdout
    assert "'=HYPERLINK" in out and "'@SUM(1)" in out
    assert ",+0.5," in out  # a plain signed number is left alone


def test_every_unsafe_character_is_one_that_isprintable_rejects():
    """`visible` passes printable text through without the pattern: sound only if this holds."""
    unsafe = [chr(c) for c in range(0x10000) if re.fullmatch(huandu_text._UNSAFE, chr(c))]
    assert len(unsafe) == 88
    assert not [ch for ch in unsafe if ch.isprintable()]


@given(st.text(alphabet=st.characters(codec="utf-8")) | st.sampled_from(NASTY))
def test_visible_escapes_exactly_what_the_pattern_names(value):
    expected = re.sub(huandu_text._UNSAFE, huandu_text._escape, value.replace("\t", " "))
    assert huandu_text.visible(value) == expected
    assert huandu_text.has_unsafe(value) == (
        re.search(huandu_text._UNSAFE, value.replace("\n", "")) is not None
    )
