"""Help pages, and Typer's and Click's own words, in the user's language.

huandu's commands are defined once, at module level, with catalogue keys where text goes
(`help="help.list"`, `metavar="metavar.county"`); `HuanduGroup.main` turns every key into the
current language's words just before Click reads them, so one app serves both languages. Typer
prints "Usage:", "Options:", "Show this message and exit." and usage errors such as
"No such option: --x" in English whatever the interface language: these classes give Click's
built-in option help our catalogue's text, translate the few fixed headings of a help page, and
print usage errors as one translated message (exit code 2).

Every command imports this module, but few runs show help or make a usage error: its patterns
stay source text until then (`re` compiles and caches them on first use).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

from typer import _click
from typer.core import TyperCommand, TyperGroup
from typer.exceptions import Abort

from huandu.i18n import has, language, t
from huandu.text import visible

_TEXTS = ("help", "epilog", "short_help", "metavar")


def _words(value: Any) -> Any:
    return t(value) if isinstance(value, str) and has(value) else value


def speak(command: Any) -> None:
    """Put the current language's words in place of the catalogue keys of a command, its
    parameters and (for a group) every subcommand."""
    for thing in (command, *getattr(command, "params", ())):
        for attr in _TEXTS:
            value = getattr(thing, attr, None)
            if value is not None:
                setattr(thing, attr, _words(value))
    for sub in getattr(command, "commands", {}).values():
        speak(sub)


_OPTION_HELP = {
    "help": "help.opt.help",
    "install_completion": "help.opt.install_completion",
    "show_completion": "help.opt.show_completion",
}
_HEADINGS = (
    (r"(?m)^Usage: ", "help.usage"),
    (r"(?m)^(\s*)Options:$", "help.options"),
    (r"(?m)^(\s*)Arguments:$", "help.arguments"),
    (r"(?m)^(\s*)Commands:$", "help.commands"),
)
_DEFAULT = r"\[default: ([^\]]*)\]"


def _localize_params(params: list[Any]) -> list[Any]:
    for param in params:
        key = _OPTION_HELP.get(param.name or "")
        if key is not None:
            param.help = t(key)
    return params


SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def _completion_for_named_shell(args: list[str], prog_name: str) -> None:
    """`--show-completion zsh`, `--install-completion fish`: the shell named, not the one
    huandu runs in (Typer's own options only detect the current shell)."""
    for index, arg in enumerate(args[:-1]):
        shell = args[index + 1]
        if arg not in ("--show-completion", "--install-completion") or shell not in SHELLS:
            continue
        from typer._completion_shared import get_completion_script, install

        complete_var = "_{}_COMPLETE".format(prog_name.replace("-", "_").upper())
        if arg == "--show-completion":
            print(get_completion_script(prog_name=prog_name, complete_var=complete_var,
                                        shell=shell))  # fmt: skip
        else:
            name, path = install(shell=shell, prog_name=prog_name, complete_var=complete_var)
            print(t("completion.installed", shell=name, path=visible(path)))
        sys.exit(0)


def localize_help(text: str) -> str:
    if language() == "en":
        return text
    text = text.replace("COMMAND [ARGS]...", t("help.usage_command"))
    text = text.replace("[OPTIONS]", t("help.usage_options"))
    for pattern, key in _HEADINGS:
        text = re.sub(pattern, lambda m, key=key: (m.group(1) if m.groups() else "") + t(key), text)
    text = re.sub(_DEFAULT, lambda m: t("help.default", value=m.group(1)), text)
    return text.replace("[required]", t("help.required"))


# Click's usage errors, by the English it writes, and the catalogue key that says the same.
_USAGE_ERRORS = (
    (r"^No such option: (?P<name>\S+)(?: Did you mean (?P<hint>.+)\?)?$", "usage.no_such_option"),
    (
        r"^No such command '(?P<name>.*)'\.(?: Did you mean (?P<hint>.+)\?)?$",
        "usage.no_such_command",
    ),
    (r"^Missing argument '(?P<name>.*)'\.$", "usage.missing_argument"),
    (r"^Missing option '(?P<name>.*)'\.$", "usage.missing_option"),
    (r"^Missing command\.$", "usage.missing_command"),
    (r"^Option '(?P<name>.*)' requires an argument\.$", "usage.needs_value"),
    (r"^Got unexpected extra argument(?:\(s\)|s)? \((?P<name>.*)\)$", "usage.extra_arguments"),
    (r"^Invalid value for '(?P<name>[^']*)': (?P<hint>.*)$", "usage.invalid_value"),
)
_INVALID_REASONS = ((r"^'(?P<value>.*)' is not a valid int(eger)?\.?$", "usage.not_an_integer"),)


def usage_message(message: str) -> str:
    for pattern, key in _USAGE_ERRORS:
        match = re.match(pattern, message)
        if match:
            found = match.groupdict()
            hint = found.get("hint") or ""
            if key == "usage.invalid_value":
                for reason_pattern, reason_key in _INVALID_REASONS:
                    reason = re.match(reason_pattern, hint)
                    if reason:
                        hint = t(reason_key, value=reason.group("value"))
                return t(key, name=found["name"], reason=hint)
            suffix = t("usage.did_you_mean", names=hint) if hint else ""
            return t(key, name=found.get("name", "")) + suffix
    return message


def _show_usage_error(error: _click.exceptions.UsageError) -> None:
    ctx = error.ctx
    lines = []
    if ctx is not None:
        lines.append(localize_help(ctx.get_usage()))
        names = ctx.help_option_names
        if names:
            lines.append(t("usage.try_help", command=f"{ctx.command_path} {names[0]}"))
        lines.append("")
    message = usage_message(error.format_message())
    lines.append(t("error.prefix", message=visible(message)))
    print("\n".join(lines), file=sys.stderr)


class HuanduCommand(TyperCommand):
    def get_params(self, ctx: _click.Context) -> list[Any]:
        return _localize_params(super().get_params(ctx))

    def get_help(self, ctx: _click.Context) -> str:
        return localize_help(super().get_help(ctx))


class HuanduGroup(TyperGroup):
    def get_params(self, ctx: _click.Context) -> list[Any]:
        return _localize_params(super().get_params(ctx))

    def get_help(self, ctx: _click.Context) -> str:
        return localize_help(super().get_help(ctx))

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the app; in standalone mode, print Click's errors translated and exit."""
        speak(self)
        if standalone_mode and args is not None:
            _completion_for_named_shell(list(args), prog_name or "huandu")
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _click.exceptions.NoArgsIsHelpError as error:
            # `huandu` alone: the overview of commands, as asked for, not an error.
            print(localize_help(error.ctx.get_help()) if error.ctx else "")
            sys.exit(0)
        except _click.exceptions.UsageError as error:
            _show_usage_error(error)
            sys.exit(error.exit_code)
        except _click.exceptions.ClickException as error:
            print(t("error.prefix", message=visible(error.format_message())), file=sys.stderr)
            sys.exit(error.exit_code)
        except Abort:
            print(t("aborted"), file=sys.stderr)
            sys.exit(1)
        except BrokenPipeError:
            # `huandu report | head`: the reader has gone; say nothing more, as other tools do.
            import os

            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)
