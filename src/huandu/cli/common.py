"""What every command shares: the session, the one edge where refusals become words, writing
what a command made (to the terminal, to standard output, to a file), options and completion."""

# No `from __future__ import annotations` here: Typer reads the annotations of these options and completers on
# every run, and real objects cost less than strings it must evaluate each time.

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from huandu.errors import HuanduError
from huandu.i18n import message, t
from huandu.service import Session
from huandu.text import visible

if TYPE_CHECKING:
    from huandu.domain.model import Registry

F = TypeVar("F", bound=Callable[..., Any])


def fail(text: str, code: int) -> typer.Exit:
    """Print one clean error line per line of `text` to stderr; return the exit to raise."""
    for line in text.splitlines() or [""]:
        stderr_line(t("error.prefix", message=visible(line)))
    return typer.Exit(code)


def stderr_line(line: str) -> None:
    with contextlib.suppress(OSError, ValueError):  # nowhere to say it: the exit code still tells
        print(line, file=sys.stderr, flush=True)


def warn(key: str, **params: Any) -> None:
    stderr_line(t("warning.prefix", message=visible(t(key, **params))))


def notices(session: Session) -> None:
    """What the session has to tell besides the result (first run, migration, store warnings)."""
    session.close()
    for key, params in session.notices:
        if key.startswith("store.network"):
            warn(key, **params)
        else:
            stderr_line(visible(t(key, **params)))
    session.notices.clear()


def refusals(func: F) -> F:
    """The command line's edge: a refusal from any layer becomes one translated line per problem
    on stderr and a non-zero exit, never a traceback; what the session has to say is said."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = next((a for a in args if isinstance(a, typer.Context)), kwargs.get("ctx"))
        try:
            return func(*args, **kwargs)
        except HuanduError as exc:
            raise fail(message(exc), exc.exit_code) from None
        finally:
            if ctx is not None:
                notices(session(ctx))

    return wrapper  # type: ignore[return-value]


def session(ctx: typer.Context) -> Session:
    root = ctx.find_root()
    if not isinstance(root.obj, Session):
        root.obj = Session()
    return root.obj


def choice(value: str, allowed: tuple[str, ...], option: str) -> str:
    lowered = value.lower()
    if lowered not in allowed:
        raise HuanduError(
            "option.bad_choice", option=option, value=value, choices="|".join(allowed)
        )
    return lowered


# ---------------------------------------------------------------- writing what a command made


def stdout_bytes(data: bytes) -> None:
    """Bytes to standard output as they are: CSV is UTF-8 (its BOM says so) with CRLF rows,
    whatever the console's encoding and newline translation."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data.decode("utf-8"))
        return
    sys.stdout.flush()
    buffer.write(data)
    buffer.flush()


def emit(
    view: str,
    fmt_option: str | None,
    data: Any,
    output: Path | None,
    session: Session,
    *,
    overwrite: bool = False,
) -> None:
    """Write a view: a table on the terminal, or the chosen format to standard output or to
    `output` (its format from the extension when --format is not given; an existing file is
    replaced only with `overwrite`, --force)."""
    from huandu import output as outputs

    fmt = outputs.choose(view, fmt_option, output)
    to_stdout = output is None or str(output) == "-"
    if fmt == "table" and output is None:
        outputs.show(view, data)
        return
    if to_stdout and outputs.needs_file(fmt):
        raise HuanduError("report.need_output", format=fmt)
    content = outputs.render(view, fmt, data)
    if to_stdout:
        if isinstance(content, bytes):
            stdout_bytes(content)
        elif fmt == "csv":
            stdout_bytes(content.encode("utf-8"))
        elif isinstance(content, str):
            sys.stdout.write(content)
        else:
            for chunk in content:
                sys.stdout.write(chunk)
        return
    assert output is not None
    if not isinstance(content, bytes | str):
        content = "".join(content)
    data_bytes = content if isinstance(content, bytes) else content.encode("utf-8")
    session.save(output, data_bytes, overwrite=overwrite)
    stderr_line(t("report.saved", path=visible(output)))


def after_commit(lines: Iterator[str] | list[str]) -> None:
    """Print what a committed write did. It is recorded whatever happens to the printing: a
    full disk or a closed pipe behind standard output is one warning on stderr and exit 0, never
    a traceback, and never an exit code that would invite running the write again."""
    try:
        for line in lines:
            print(line)
        sys.stdout.flush()
    except (OSError, ValueError) as exc:
        _silence_stdout()
        from huandu.service import os_reason

        reason = os_reason(exc) if isinstance(exc, OSError) else str(exc)
        warn("output.after_commit", reason=reason)


def _silence_stdout() -> None:
    """Point standard output at the null device, so the interpreter's last flush is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


# ---------------------------------------------------------------- options several commands share


def county_option(help_key: str = "help.opt.county") -> Any:
    return typer.Option(
        "--county",
        "-c",
        metavar="metavar.county",
        help=help_key,
        show_default=False,
        autocompletion=complete_county,
    )


def as_of_option() -> Any:
    return typer.Option(
        "--as-of",
        "-a",
        metavar="metavar.date",
        help="help.opt.as_of",
        show_default=False,
        autocompletion=complete_period,
    )


def reply_by_option() -> Any:
    return typer.Option(
        "--reply-by", metavar="metavar.reply_by", help="help.opt.reply_by", show_default=False
    )


def by_option() -> Any:
    return typer.Option("--by", metavar="metavar.name", help="help.opt.by", show_default=False)


def format_option(view: str) -> Any:
    from huandu.output import formats_of

    return typer.Option(
        "--format",
        "-f",
        metavar="|".join(formats_of(view)),
        help="help.opt.format",
        show_default=False,
        autocompletion=lambda incomplete: [f for f in formats_of(view) if f.startswith(incomplete)],
    )


def force_option() -> Any:
    return typer.Option("--force", help="help.opt.force_output")


def output_option() -> Any:
    return typer.Option(
        "--output", "-o", metavar="metavar.file", help="help.opt.output", show_default=False
    )


def reply_by_date(current: Session, text: str | None, start: Any) -> Any:
    """`--reply-by`: a date or period (its last day), or a number of days after `start`
    (None: the command's default)."""
    import datetime as dt

    if text is None:
        return None
    stripped = text.strip().removesuffix("天").removesuffix("days").strip()
    if stripped.isdigit():
        return start + dt.timedelta(days=int(stripped))
    return current.day(text)


# ---------------------------------------------------------------- shell completion
# Typer calls these with what has been typed so far; they must never fail (a broken registry
# simply completes nothing).


def _completion_registry(ctx: typer.Context | None) -> "Registry | None":
    home = registry = plan = store = None
    if ctx is not None:
        params = ctx.find_root().params or {}
        home, registry, plan = params.get("home"), params.get("registry"), params.get("plan")
        store = params.get("store")
    try:
        return Session(home, registry, plan, store).registry()
    except (HuanduError, OSError):
        return None


def complete_county(ctx: typer.Context, incomplete: str) -> list[str]:
    registry = _completion_registry(ctx)
    if registry is None:
        return []
    names = [n for c in registry.counties for n in (c.short, c.id, c.name)]
    return [n for n in dict.fromkeys(names) if n.casefold().startswith(incomplete.casefold())]


def complete_target(ctx: typer.Context, incomplete: str) -> list[str]:
    registry = _completion_registry(ctx)
    if registry is None:
        return []
    return [g.id for g in registry.targets if g.id.startswith(incomplete)]


def complete_period(incomplete: str) -> list[str]:
    from huandu.domain.periods import PERIOD_NAMES

    return [p for p in PERIOD_NAMES if p.casefold().startswith(incomplete.casefold())]


def complete_status(incomplete: str) -> list[str]:
    """Status words for --status: codes (behind) or the report's own words (滞后), completing
    the last of a comma list (ASCII or Chinese commas) and leaving out the ones already named."""
    import re

    from huandu.cli.report import statuses
    from huandu.domain.progress import STATUSES
    from huandu.i18n import variants

    parts = re.split("[,，、]", incomplete)
    done, current = parts[:-1], parts[-1].strip()
    prefix = incomplete[: len(incomplete) - len(parts[-1])]
    try:
        named = statuses(",".join(done)) or set()
    except HuanduError:
        named = set()
    chinese = any(not part.isascii() for part in parts)  # answer in the words already used
    offered = []
    for code in STATUSES:
        if code in named:
            continue
        zh, en = variants(f"status.{code}")
        for word in (zh, code) if chinese else (code, zh, en.replace(" ", "_")):
            if word.startswith(current) and word not in offered:
                offered.append(word)
                break
    return [prefix + word for word in offered]
