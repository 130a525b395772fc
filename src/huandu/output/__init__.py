"""Outputs: every form huandu writes what it found in, from one registry of formats.

A *view* is what a command shows (`list`, `log`, `show`, `report`, `monthly`, `compare`,
`notice`, `missing`, `plans`); a
*format* how (`table`, `json`, `csv`, `markdown`, `html`, `svg`, `xlsx`). `WRITERS` says which
function writes which view in which format; every command with `--format` asks this module which
formats its view has, which format a file name asks for, and for the text or bytes. Writers are
imported when used, so a table on the screen loads no JSON, CSV or openpyxl.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from huandu.errors import HuanduError


class ListView(NamedTuple):
    """`huandu list`: the goals of some counties, with or without the article's sentences."""

    registry: Any  # domain.model.Registry
    groups: list[tuple[Any, list[Any]]]  # (County, its goals)
    quote: bool


class ShowView(NamedTuple):
    """`huandu show`: one goal and what `service.detail` found of it."""

    registry: Any
    goal: Any
    detail: dict[str, Any]
    earlier: Any = None  # the goal of an earlier plan it continues (domain.model.Target)


class Format(NamedTuple):
    name: str
    extensions: tuple[str, ...]  # what a file of this format is called (the first is usual)
    binary: bool  # bytes, not text (xlsx)
    needs_file: bool  # not for a terminal: written to --output FILE


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("table", (".txt",), False, False),
        Format("json", (".json",), False, False),
        Format("csv", (".csv",), False, False),
        Format("markdown", (".md", ".markdown"), False, False),
        Format("html", (".html", ".htm"), False, True),
        Format("svg", (".svg",), False, True),
        Format("xlsx", (".xlsx",), True, True),
        Format("docx", (".docx",), True, True),
        Format("text", (".txt",), False, False),  # a message to paste (after `table` for .txt)
    )
}

#: view → format → "module:function" (in huandu.output). A writer takes the view and the width
#: of the page and returns text, bytes, or text a piece at a time.
WRITERS: dict[str, dict[str, str]] = {
    "list": {
        "table": "console:list_text",
        "json": "exports:list_json",
        "csv": "exports:list_csv",
        "markdown": "markdown:list_markdown",
    },
    "log": {
        "table": "console:log_text",
        "json": "exports:log_json",
        "csv": "exports:log_csv",
    },
    "show": {
        "table": "console:show_text",
        "json": "exports:show_json",
    },
    "report": {
        "table": "console:report_text",
        "json": "exports:report_json",
        "csv": "exports:report_csv",
        "markdown": "markdown:report_markdown",
        "html": "html:report_html",
        "svg": "html:report_svg",
        "xlsx": "xlsx:report_xlsx",
        "docx": "docx:report_docx",
    },
    "monthly": {
        "table": "console:monthly_text",
        "json": "exports:monthly_json",
        "csv": "exports:monthly_csv",
        "markdown": "markdown:monthly_markdown",
        "html": "html:monthly_html",
        "svg": "html:monthly_svg",
    },
    "compare": {
        "table": "console:compare_text",
        "json": "exports:compare_json",
        "csv": "exports:compare_csv",
        "markdown": "markdown:compare_markdown",
        "html": "html:compare_html",
        "svg": "html:compare_svg",
    },
    "notice": {
        "table": "console:notice_text",
        "json": "exports:notice_json",
        "markdown": "markdown:notice_markdown",
        "docx": "docx:notices_docx",
    },
    "plans": {
        "table": "console:plans_text",
        "json": "exports:plans_json",
        "csv": "exports:plans_csv",
    },
    "missing": {
        "table": "console:missing_text",
        "text": "markdown:missing_message",
        "json": "exports:missing_json",
        "csv": "exports:missing_csv",
        "markdown": "markdown:missing_markdown",
    },
}

#: view → "module:function" that prints it on the terminal (`table` without --output).
TERMINAL: dict[str, str] = {view: "console:show_view" for view in WRITERS}


def formats_of(view: str) -> tuple[str, ...]:
    return tuple(WRITERS[view])


def choose(view: str, fmt: str | None, path: Path | None) -> str:
    """The format to write: the one asked for, else the one the file's extension names, else a
    table. Refuses a format the view does not have, or one the extension contradicts."""
    allowed = formats_of(view)
    by_extension = None
    if path is not None and str(path) != "-":
        suffix = path.suffix.lower()
        named = [f.name for f in FORMATS.values() if suffix in f.extensions]
        by_extension = next((n for n in named if n in allowed), named[0] if named else None)
    if fmt is None:
        fmt = by_extension or "table"
        if fmt not in allowed:
            raise HuanduError("output.view_lacks_format", format=fmt, choices="|".join(allowed))
        return fmt
    chosen = fmt.lower()
    if chosen not in allowed:
        raise HuanduError(
            "option.bad_choice", option="--format", value=fmt, choices="|".join(allowed)
        )
    if (
        by_extension is not None
        and by_extension != chosen
        and not (chosen in ("table", "text") and path is not None and path.suffix.lower() == ".txt")
    ):
        raise HuanduError(
            "output.format_contradicts", format=chosen, path=str(path), extension=path.suffix
        )
    return chosen


def needs_file(fmt: str) -> bool:
    return FORMATS[fmt].needs_file


def _function(spec: str) -> Any:
    module, name = spec.split(":")
    return getattr(importlib.import_module(f"huandu.output.{module}"), name)


def render(view: str, fmt: str, data: Any, *, width: int = 120) -> str | bytes | Iterator[str]:
    """The view in the format: text, bytes (xlsx), or text a piece at a time (streamed)."""
    return _function(WRITERS[view][fmt])(data, width=width)


def show(view: str, data: Any) -> None:
    """Print the view as a table on the terminal (colours if it has them, its width)."""
    _function(TERMINAL[view])(view, data)
