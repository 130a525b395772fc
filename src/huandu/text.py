"""Untrusted text stays text.

Notes, sources, registry strings and anything else a person typed may contain Rich markup, ANSI/OSC
escape sequences, C1 controls or bidi overrides. Rich's `Text()` and `escape()` stop markup but let
ESC, C1 and bidi characters through to the terminal, so every user-supplied string that reaches the
screen passes through `visible()` first: one function, used by every command and error message.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls (except tab, kept as a space), DEL, C1 controls, and the Unicode format characters
# that reorder or hide text: bidi embeddings/overrides/isolates, marks, and zero-width joiners.
# `str.isprintable()` is False for every one of them (each is a control, format or separator
# character, or unassigned), so text that is printable, as nearly all is, is safe without a look at
# this pattern; `re` compiles it (a quarter of a millisecond) only for text that is not.
_UNSAFE = (
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]"
)


def _escape(match: re.Match[str]) -> str:
    ch = match.group(0)
    code = ord(ch)
    if code == 0x0A:
        return "\\n"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def visible(text: object) -> str:
    """Return `text` with every control or reordering character shown as an escape like `\\x1b`.

    The result never changes how a terminal behaves; markup characters such as `[red]` are left as
    they are, and the renderer must still print the result as plain text (never as markup).
    """
    s = str(text).replace("\t", " ")
    if s.isprintable():
        return s
    return re.sub(_UNSAFE, _escape, s)


def visible_multiline(text: object) -> str:
    """Like `visible`, but keeps line breaks (for multi-line help or problem lists)."""
    return "\n".join(visible(line) for line in str(text).split("\n"))


def has_unsafe(text: str) -> bool:
    text = text.replace("\n", "")
    return not text.isprintable() and re.search(_UNSAFE, text) is not None


def normalize_input(text: str) -> str:
    """Fold what people type into one form: full-width digits and signs, ideographic spaces."""
    return unicodedata.normalize("NFKC", text).strip()
