"""Registry TOML for a person to review: tomli-w writes every value, one key at a time, and the
comments (which tomli-w cannot write) stand on the line above the key they concern, or above the
table when they concern all of it. What `huandu draft` and `huandu plan new` write. The words of
the comments come from `words`, the command line's translator: the store speaks no language."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol

from huandu.errors import Msg
from huandu.text import visible

Words = Callable[[Msg], str]
RULE = "-" * 64


class Noted(Protocol):
    """A review note: the key it concerns ("" for the whole table) and what it says."""

    @property
    def field(self) -> str: ...

    @property
    def msg(self) -> Msg: ...


class Raw(str):
    """TOML text written as it is (an array of inline tables, which tomli-w cannot write)."""


def value_text(value: Any) -> str:
    """One TOML value as tomli-w writes it."""
    import tomli_w

    return tomli_w.dumps({"v": value})[len("v = ") :].rstrip("\n")


def inline_tables(rows: Iterable[dict[str, Any]]) -> Raw:
    """An array of inline tables on one line: [{ name = "开工", due = 2025-06-30 }, …]."""
    tables = (
        "{ " + ", ".join(f"{key} = {value_text(value)}" for key, value in row.items()) + " }"
        for row in rows
    )
    return Raw("[" + ", ".join(tables) + "]")


def comment_line(text: str) -> str:
    """A comment line: whatever the text holds (a quote of an article), one line, nothing a
    terminal or TOML would act on."""
    return "# " + visible(text).replace("\\n", " ")


class Writer:
    """Lines of TOML: comments, tables of keys, each note above what it concerns (`note_key`
    wraps a note's message: "# review: …")."""

    def __init__(self, words: Words, note_key: str) -> None:
        self.words = words
        self.note_key = note_key
        self.lines: list[str] = []

    def comment(self, msg: Msg) -> None:
        self.lines.append(comment_line(self.words(msg)))

    def review(self, notes: Iterable[Noted]) -> None:
        for note in notes:
            self.comment(Msg(self.note_key, note=note.msg))

    def key(self, key: str, value: Any) -> None:
        self.lines.append(f"{key} = {value if isinstance(value, Raw) else value_text(value)}")

    def table(self, header: str, keys: list[tuple[str, Any]], notes: Iterable[Noted] = ()) -> None:
        notes = list(notes)
        written = {key for key, _ in keys}
        self.review(n for n in notes if n.field not in written)
        self.lines.append(header)
        for key, value in keys:
            self.review(n for n in notes if n.field == key)
            self.key(key, value)
        self.lines.append("")

    def text(self) -> bytes:
        return ("\n".join(self.lines).rstrip("\n") + "\n").encode("utf-8")
