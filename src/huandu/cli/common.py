"""What every command shares: global settings, refusals turned into clean errors, the clock."""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from huandu.errors import EXIT_REFUSED, HuanduError, RegistryError
from huandu.i18n import t
from huandu.text import visible

if TYPE_CHECKING:
    from huandu.domain.model import Journal, Registry
    from huandu.store.journal import ReadResult
    from huandu.store.locations import Locations

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = EXIT_REFUSED) -> typer.Exit:
    """Print one clean error line per message line to stderr; return the exit to raise."""
    for line in message.splitlines() or [""]:
        print(t("error.prefix", message=visible(line)), file=sys.stderr)
    return typer.Exit(code)


def refusals(func: F) -> F:
    """Turn the domain's refusals into one-line errors and a non-zero exit, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except RegistryError as exc:
            raise fail("\n".join(exc.problems), exc.exit_code) from None
        except HuanduError as exc:
            raise fail(exc.message, exc.exit_code) from None

    return wrapper  # type: ignore[return-value]


class Settings:
    """What the global options chose; resolved lazily so `--help` never touches files."""

    def __init__(self, home: str | None, registry: str | None) -> None:
        self.home = home
        self.registry_option = registry
        self._registry = None

    def locations(self) -> Locations:
        from huandu.store.locations import locate

        return locate(self.home, self.registry_option)

    def registry(self) -> Registry:
        if self._registry is None:
            from huandu.store.files import load_registry

            where = self.locations()
            self._registry = load_registry(where.registry, where.home / ".index")
        return self._registry


def settings(ctx: typer.Context) -> Settings:
    root = ctx.find_root()
    if not isinstance(root.obj, Settings):
        root.obj = Settings(None, None)
    return root.obj


def choice(value: str, allowed: tuple[str, ...], option: str) -> str:
    lowered = value.lower()
    if lowered not in allowed:
        raise HuanduError(
            "option.bad_choice", option=option, value=value, choices="|".join(allowed)
        )
    return lowered


def today() -> dt.date:
    """Today's date; `HUANDU_TODAY` pins it (for reproducing a past 通报 and for tests)."""
    pinned = os.environ.get("HUANDU_TODAY")
    if pinned:
        try:
            return dt.date.fromisoformat(pinned)
        except ValueError:
            raise HuanduError("date.unreadable", value=pinned) from None
    return dt.date.today()


def default_by() -> str:
    """Who records a figure when `--by` is not given: the OS user (empty if none is known)."""
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # getpass raises various errors when no user name is known
        return ""


def now() -> dt.datetime:
    return dt.datetime.now().astimezone()


def warn(key: str, **params: Any) -> None:
    print(t("warning.prefix", message=visible(t(key, **params))), file=sys.stderr)


def show_warnings(warnings: list[tuple[str, dict[str, Any]]]) -> None:
    for key, params in warnings:
        warn(key, **params)


def read_journal(state: Settings, target: str | None = None) -> ReadResult:
    """The journal as it stands (or one goal's part of it), warnings (a torn tail, an edited
    entry) on stderr."""
    from huandu.store.journal_store import JournalStore

    result = JournalStore(state.locations().journal).read(target)
    show_warnings(result.warnings)
    return result


def read_figures(state: Settings) -> Journal:
    """The records that count, light enough for a report over any journal size."""
    from huandu.domain.model import Journal
    from huandu.store.journal_store import JournalStore

    figures, warnings = JournalStore(state.locations().journal).figures()
    show_warnings(warnings)
    return Journal(tuple(figures))  # type: ignore[arg-type]


# ---------------------------------------------------------------- options several commands share
# Built when the app is (after the language is chosen), so their help is translated.


def county_option(help_key: str = "help.opt.county") -> Any:
    return typer.Option(
        "--county",
        "-c",
        metavar="COUNTY",
        help=t(help_key),
        show_default=False,
        autocompletion=complete_county,
    )


def by_option() -> Any:
    return typer.Option("--by", metavar="NAME", help=t("help.opt.by"), show_default=False)


# ---------------------------------------------------------------- shell completion
# Typer calls these with what has been typed so far; they must never fail (a broken registry
# simply completes nothing).


def _completion_registry(ctx: typer.Context | None) -> Registry | None:
    from huandu.store.files import load_registry
    from huandu.store.locations import locate

    home = registry = None
    if ctx is not None:
        root = ctx.find_root()
        params = root.params or {}
        home, registry = params.get("home"), params.get("registry")
    try:
        return load_registry(locate(home, registry).registry)
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
    from huandu.domain.progress import STATUSES

    done, _, current = incomplete.rpartition(",")
    prefix = f"{done}," if done else ""
    return [prefix + s for s in STATUSES if s.startswith(current)]
