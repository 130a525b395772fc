"""Whatever a registry file holds, huandu either reads it or says what is wrong: never a crash.

Registries are edited by hand, saved by spreadsheet tools, cut short by full disks and pasted into
chat windows. These tests mutate a registry thousands of ways (always with the same seeds, so a
failure reproduces) and require `parse_registry` to return a `Registry` or raise `RegistryError`
with one line per problem. Anything else (a TypeError, a RecursionError, a MemoryError, a hang)
would reach the user as a traceback.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import problem_lines
from huandu.domain.model import Registry
from huandu.errors import RegistryError
from huandu.store.locations import bundled_registry
from huandu.store.registry import parse_registry

PATH = "fuzz.toml"

# One county, two goals: small enough to cut at every byte.
SMALL = """\
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
aliases = ["yy"]
positioning = "以关键工作突破带动新的更大发展"

[[target]]
id = "yiyang.beef-cattle"
county = "yiyang"
title = "肉牛饲养量"
category = "农业"
kind = "quantity"
target = 9
unit = "万头"
comparison = "ge"
deadline = 2024-12-31
quote = "肉牛饲养量在9万头以上"

[[target]]
id = "yiyang.sanqing-liangjian"
county = "yiyang"
title = "纵深推进“三清两建”"
category = "治理"
kind = "milestone"
quote = "纵深推进“三清两建”"
stages = [{ name = "未启动", percent = 0 }, { name = "已完成", percent = 100, aliases = ["done"] }]
""".encode()

# Values that put the wrong type where a registry expects another.
SWAPS = [
    "[]",
    "[1, 2]",
    '["a", 1]',
    "[[1]]",
    "{}",
    "{ a = 1 }",
    '{ name = "x" }',
    '[{ name = "a", percent = 5 }]',
    '[{ name = "a", percent = nan }]',
    "true",
    "false",
    "1979-05-27",
    "1979-05-27T07:32:00Z",
    "1979-05-27T07:32:00",
    "07:32:00",
    "0",
    "-1",
    "3.5",
    "1e999",
    "-0.0",
    "nan",
    "-inf",
    '""',
    '"   "',
    '"x"',
    '"2024-13-45"',
    '"2024-02-30"',
    "0x7fffffff",
    "9" * 40,
]

# Fragments of TOML syntax to splice in at random.
TOKENS = [
    b"[",
    b"]",
    b"[[",
    b"]]",
    b"{",
    b"}",
    b"=",
    b'"',
    b"'",
    b'"""',
    b"\n",
    b"#",
    b".",
    b",",
    b"\\",
    b"\\u",
    b"\\U0011ffff",
    b"0",
    b"-",
    b":",
    b"T",
    b"Z",
    b"+",
    b"e",
    b"_",
    b" ",
    b"\t",
    b"\r",
    b"\x00",
    b"\xef\xbb\xbf",
    b"\xff",
    "宜阳".encode(),
    b"nan",
    b"inf",
    b"true",
    b"[plan]",
    b"[[county]]",
    b"[[target]]",
    b"id = ",
    b"kind = ",
    b"target = ",
]


def bundled() -> bytes:
    return bundled_registry().read_bytes()


def parse_or_refuse(data: bytes) -> None:
    """The contract: a Registry, or a RegistryError whose every problem is one line naming the file."""
    try:
        registry = parse_registry(data, PATH)
    except RegistryError as exc:
        assert problem_lines(exc), "a refusal must say why"
        for problem in problem_lines(exc):
            assert isinstance(problem, str) and problem.startswith(PATH), problem
            assert "\n" not in problem and "\r" not in problem, problem
        return
    assert isinstance(registry, Registry)


def value_lines(text: str) -> list[int]:
    return [i for i, line in enumerate(text.split("\n")) if re.match(r"^[a-z_]+ = ", line)]


def swapped(text: str, index: int, value: str) -> bytes:
    lines = text.split("\n")
    key = lines[index].split(" = ", 1)[0]
    lines[index] = f"{key} = {value}"
    return "\n".join(lines).encode()


def test_the_originals_are_valid():
    assert isinstance(parse_registry(SMALL, PATH), Registry)
    assert len(parse_registry(bundled(), PATH).targets) == 30


def test_a_file_cut_short_at_every_byte():
    """A disk that filled up, a copy that stopped: every prefix of a small registry."""
    for end in range(len(SMALL) + 1):
        parse_or_refuse(SMALL[:end])


def test_the_bundled_registry_cut_short_anywhere():
    rng = random.Random(20240101)
    data = bundled()
    for end in rng.sample(range(len(data)), 400):
        parse_or_refuse(data[:end])


def _mutants(data: bytes, rng: random.Random, count: int) -> Iterator[bytes]:
    for _ in range(count):
        buf = bytearray(data)
        how = rng.randrange(6)
        at = rng.randrange(len(buf))
        span = rng.randint(1, 120)
        if how == 0:  # flip a few bytes
            for _ in range(rng.randint(1, 6)):
                buf[rng.randrange(len(buf))] = rng.randrange(256)
        elif how == 1:  # flip single bits
            for _ in range(rng.randint(1, 4)):
                pos = rng.randrange(len(buf))
                buf[pos] ^= 1 << rng.randrange(8)
        elif how == 2:  # duplicate a span somewhere else
            buf[rng.randrange(len(buf)) : 0] = buf[at : at + span]
        elif how == 3:  # delete a span
            del buf[at : at + span]
        elif how == 4:  # insert syntax fragments
            for _ in range(rng.randint(1, 5)):
                pos = rng.randrange(len(buf) + 1)
                buf[pos:pos] = rng.choice(TOKENS)
        else:  # swap two lines
            lines = bytes(buf).split(b"\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            buf = bytearray(b"\n".join(lines))
        yield bytes(buf)


def test_random_damage_to_the_bundled_registry():
    rng = random.Random(2024)
    for mutant in _mutants(bundled(), rng, 1500):
        parse_or_refuse(mutant)


def test_random_damage_to_a_small_registry():
    rng = random.Random(9)
    for mutant in _mutants(SMALL, rng, 3000):
        parse_or_refuse(mutant)


def test_every_value_of_a_small_registry_swapped_for_every_wrong_type():
    text = SMALL.decode()
    for index in value_lines(text):
        for value in SWAPS:
            parse_or_refuse(swapped(text, index, value))


def test_values_of_the_bundled_registry_swapped_for_wrong_types():
    rng = random.Random(7)
    text = bundled().decode()
    lines = value_lines(text)
    for _ in range(400):
        parse_or_refuse(swapped(text, rng.choice(lines), rng.choice(SWAPS)))


def test_every_line_of_the_bundled_registry_removed_in_turn():
    lines = bundled().split(b"\n")
    for index in range(0, len(lines), 3):
        parse_or_refuse(b"\n".join(lines[:index] + lines[index + 1 :]))


@pytest.mark.parametrize("depth", [10, 100, 1_000, 5_000, 100_000])
def test_deep_nesting(depth):
    """`a = [[[[…` thousands deep must not overflow the stack (or memory) before the message."""
    for data in (
        b"a = " + b"[" * depth,
        b"a = " + b"[" * depth + b"]" * depth,
        b"a = " + b"{ a = " * depth + b"1" + b" }" * depth,
        b"a = " + b"[{ a = " * depth,
        SMALL.replace(b"target = 9", b"target = " + b"[" * depth + b"]" * depth),
        b"a" + b".a" * depth + b" = 1\n",
        b"[" + b"a." * depth + b"a]\n",
        b"[[" + b"a." * depth + b"a]]\n",
        b'"a"' + b' . "a"' * depth + b" = 1\n",
    ):
        parse_or_refuse(data)


@pytest.mark.parametrize("digits", [20, 1_000, 4_300, 4_301, 10_000, 200_000])
def test_numbers_with_thousands_of_digits(digits):
    many = b"9" * digits
    for replacement in (
        b"target = " + many,
        b"target = -" + many,
        b"target = " + many + b".5",
        b"target = 0." + b"0" * digits + b"1",
        b"target = 1e" + many,
        b"target = 1e-" + many,
        b"target = 0x" + b"f" * digits,
        b"target = 0b" + b"1" * digits,
        b"target = 1_" + b"0_" * digits + b"0",
    ):
        parse_or_refuse(SMALL.replace(b"target = 9", replacement))
    parse_or_refuse(SMALL.replace(b"year = 2024", b"year = " + many))
    parse_or_refuse(SMALL.replace(b"[plan]", b"[plan]\nbehind_points = " + many))


@pytest.mark.parametrize(
    "value",
    [b"1e308", b"1.8e308", b"-1.8e308", b"1e-400", b"5e-324", b"inf", b"+nan", b"1e15", b"1e16"],
)
def test_huge_and_tiny_floats(value):
    parse_or_refuse(SMALL.replace(b"target = 9", b"target = " + value))
    parse_or_refuse(SMALL.replace(b"percent = 100", b"percent = " + value))
    parse_or_refuse(SMALL.replace(b"[plan]", b"[plan]\nfar_behind_points = " + value))


def test_byte_order_marks_and_encodings_anywhere():
    text = SMALL.decode()
    for data in (
        b"\xef\xbb\xbf" + SMALL,
        b"\xef\xbb\xbf",
        SMALL.replace(b"\n[[county]]", b"\n\xef\xbb\xbf[[county]]"),
        text.encode("utf-16"),
        text.encode("utf-16-le"),
        text.encode("utf-32"),
        text.encode("gbk"),
        text.encode("big5", errors="replace"),
        b"\xff\xfe",
        b"\x00" * 64,
        bytes(range(256)),
    ):
        parse_or_refuse(data)


def test_many_entries():
    parse_or_refuse(b"[[target]]\n" * 5_000)
    parse_or_refuse(SMALL + b"\n[[county]]\nid = 'x'\n" * 2_000)
    parse_or_refuse(b"\n" * 200_000)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes(data):
    parse_or_refuse(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=len(SMALL)), st.text(max_size=30))
def test_arbitrary_text_spliced_into_a_registry(at, text):
    parse_or_refuse(SMALL[:at] + text.encode("utf-8", errors="surrogatepass") + SMALL[at:])


# ---------------------------------------------------------------- through the command line


def test_no_traceback_reaches_the_terminal(huandu, tmp_path):
    """A handful of the mutants above, as a person would meet them: `huandu validate FILE`."""
    rng = random.Random(31)
    path = tmp_path / "targets.toml"
    samples = [
        *_mutants(SMALL, rng, 25),
        SMALL[: len(SMALL) // 2],
        b"a = " + b"[" * 100_000,
        b"a" + b".a" * 50_000 + b" = 1",
        SMALL.replace(b"target = 9", b"target = " + b"9" * 10_000),
        SMALL.replace(b"target = 9", b"target = 1e999"),
        swapped(SMALL.decode(), 3, "{ a = [1] }"),
    ]
    for data in samples:
        path.write_bytes(data)
        for result in (huandu("validate", str(path)), huandu("--registry", str(path), "list")):
            assert result.exit_code in (0, 1)
            assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
            if result.exit_code:
                assert result.stderr and result.stdout == ""
                for line in result.stderr.splitlines():
                    assert line.startswith("huandu: error: "), line
