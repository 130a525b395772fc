"""Which language huandu speaks, and the one function that turns a message key into text.

The language follows `--lang zh|en`, else `HUANDU_LANG`, else the locale (`zh*` → Chinese), else
English. It is chosen once, before the command-line app is built, so help texts are translated too.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

LANGUAGES = ("zh", "en")
_current = "en"


def detect_language(argv: Sequence[str] = (), environ: dict[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    for index, arg in enumerate(argv):
        value = None
        if arg == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value is not None:
            return normalize_language(value) or "en"
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


def t(key: str, /, **params: Any) -> str:
    """The message `key` in the current language, with `params` filled in."""
    from huandu.i18n.catalog import MESSAGES

    zh, en = MESSAGES[key]
    template = zh if _current == "zh" else en
    return template.format(**params) if params else template
