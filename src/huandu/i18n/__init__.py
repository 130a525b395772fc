"""Which language huandu speaks, and the one place where a message key becomes text.

The language follows `--lang zh|en`, else `HUANDU_LANG`, else the locale (`zh*` → Chinese), else
English. Each language has one catalogue (`zh.py`, `en.py`, the same keys); only the one in use is
imported. Errors raised below the command line carry a key and values (`huandu.errors`), and are
turned into a sentence here, by `message`, once, at the edge.
"""

from __future__ import annotations

import os
import string
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from huandu.errors import Localized, Msg

if TYPE_CHECKING:
    from huandu.errors import HuanduError, Problem

LANGUAGES = ("zh", "en")
_current = "en"
_catalogues: dict[str, dict[str, str]] = {}


class UnknownLanguage(ValueError):
    """`--lang` names a language huandu does not speak."""


def detect_language(argv: Sequence[str] = (), environ: Mapping[str, str] | None = None) -> str:
    """The language asked for: `--lang` on the command line, else HUANDU_LANG, else the locale.

    A `--lang` huandu does not speak is left to the command line to refuse (with the choices);
    until then the rest of the detection decides the language the refusal is written in.
    """
    env = os.environ if environ is None else environ
    for index, arg in enumerate(argv):
        value = None
        if arg == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value is not None:
            chosen = normalize_language(value)
            if chosen:
                return chosen
            break
    explicit = normalize_language(env.get("HUANDU_LANG", ""))
    if explicit:
        return explicit
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def normalize_language(value: str) -> str | None:
    value = value.strip().lower()
    if value.startswith("zh") or value in ("cn", "chinese", "中文"):
        return "zh"
    if value.startswith("en") or value == "english":
        return "en"
    return None


def set_language(lang: str) -> None:
    global _current
    _current = lang if lang in LANGUAGES else "en"


def language() -> str:
    return _current


def catalogue(lang: str | None = None) -> dict[str, str]:
    """Every message of one language, by key (imported when first needed)."""
    lang = lang or _current
    found = _catalogues.get(lang)
    if found is None:
        if lang == "zh":
            from huandu.i18n.zh import MESSAGES
        else:
            from huandu.i18n.en import MESSAGES
        found = _catalogues[lang] = MESSAGES
    return found


def has(key: str) -> bool:
    return key in catalogue()


def variants(key: str) -> tuple[str, ...]:
    """The message in every language (to understand a word the user typed in either)."""
    return tuple(catalogue(lang)[key] for lang in LANGUAGES)


def render(value: Any) -> Any:
    """A message value as the current language writes it (nested messages translated)."""
    if isinstance(value, Msg):
        return t(value.key, **value.params)
    if isinstance(value, Localized):
        return value.zh if _current == "zh" else value.en
    return value


class _Words(string.Formatter):
    """`str.format` that also writes counted words: `{records:record|records}` is "1 record" or
    "3 records" (the English catalogue's plurals; Chinese needs none)."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec and isinstance(value, int) and not isinstance(value, bool):
            one, many = format_spec.split("|", 1)
            return f"{value:,} {one if value == 1 else many}"
        return super().format_field(value, format_spec)


_WORDS = _Words()


def t(key: str, /, **params: Any) -> str:
    """The message `key` in the current language, with `params` filled in."""
    template = catalogue()[key]
    if not params:
        return template
    values = {name: render(value) for name, value in params.items()}
    if "|" in template:
        return _WORDS.format(template, **values)
    return template.format(**values)


def message(error: HuanduError) -> str:
    """The refusal as one (or, for a registry, several) lines of text."""
    from huandu.errors import RegistryError

    if isinstance(error, RegistryError):
        return "\n".join(problem_line(p) for p in error.problems)
    return t(error.key, **error.params)


def problem_line(problem: Problem) -> str:
    """`FILE:LINE: message` (`FILE:LINE:COL:` for syntax errors, `FILE:` with no line)."""
    from huandu.text import visible

    where = problem.path
    if problem.line is not None:
        where += f":{problem.line}"
        if problem.col is not None:
            where += f":{problem.col}"
    # Values come from the file: a newline or control character in one must not break the
    # one-line-per-problem promise, nor reach the terminal raw.
    shown = {k: visible(v) if isinstance(v, str) else v for k, v in problem.params.items()}
    return f"{where}: {t(problem.key, **shown)}"
