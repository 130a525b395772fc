"""Refusals as data: a message key and its values, translated once, at the command line's edge.

Every layer below the CLI raises `HuanduError(key, **values)` and never builds a sentence, so the
same refusal reads in Chinese or in English and the domain knows nothing of languages. A value
may itself be a message (`Msg`, e.g. the name of a field) or a text that differs by language
(`Localized`, e.g. a county's name); `huandu.i18n.message` renders them all.
"""

from __future__ import annotations

from typing import Any, NamedTuple

# Exit codes, documented in the README: 0 ok, 1 refused input, 2 usage.
EXIT_REFUSED = 1
EXIT_USAGE = 2


class Msg:
    """A message nested in another one's values: `Msg("field.note")` reads 备注 or "note"."""

    __slots__ = ("key", "params")

    def __init__(self, key: str, /, **params: Any) -> None:
        self.key = key
        self.params = params

    def __repr__(self) -> str:
        return f"Msg({self.key!r}, **{self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and (self.key, self.params) == (other.key, other.params)

    __hash__ = None  # type: ignore[assignment]


class Localized(NamedTuple):
    """A value that reads differently by language, both taken from the data (宜阳 / Yiyang County)."""

    zh: str
    en: str


class HuanduError(Exception):
    """A refusal caused by the user's input or data, never by a bug."""

    exit_code = EXIT_REFUSED

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.key!r}, **{self.params!r})"


class UsageError(HuanduError):
    """A command used the wrong way (exit 2, as Click's own usage errors)."""

    exit_code = EXIT_USAGE


class Problem(NamedTuple):
    """One problem of a file, named by its line (and column, for syntax errors)."""

    path: str
    line: int | None
    key: str
    params: dict[str, Any]
    col: int | None = None


class RegistryError(HuanduError):
    """A registry that cannot be used; carries every problem found, in line order."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("registry.broken", count=len(problems))
        self.problems = problems


class StoreError(HuanduError):
    """The progress store could not be read or written; what was recorded before is intact."""
