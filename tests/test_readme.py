"""The README is the manual: every command `huandu --help` lists, and every long option each
command's --help shows, is written down in it (as sqlite-utils tests its docs against --help).
A command or option added without a word in the README fails here, naming it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer

from huandu.cli import build_app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple]:
    if hasattr(command, "commands"):  # a group (Typer's own Click: not click.Group)
        for name, sub in command.commands.items():
            yield from commands(sub, (*path, name))
    else:
        yield path, command


def long_options(command: Any) -> set[str]:
    return {o for p in command.params for o in p.opts if o.startswith("--")} - {"--help"}


def documented(path: tuple[str, ...]) -> bool:
    """`huandu plan add` written out, or `huandu plan list|add|export` as a heading has it."""
    if "huandu " + " ".join(path) in README:
        return True
    *group, name = path
    pattern = r"`huandu " + "".join(re.escape(g) + " " for g in group)
    return re.search(pattern + r"[\w|]*\b" + re.escape(name) + r"\b", README) is not None


def test_every_command_and_option_of_the_help_is_in_the_readme():
    root = typer.main.get_command(build_app())
    found = list(commands(root))
    assert len(found) >= 20  # every command is loaded, the groups' too
    missing = [" ".join(path) for path, _ in found if not documented(path)]
    missing += [
        f"{' '.join(path)} {option}"
        for path, command in found
        for option in sorted(long_options(command))
        if option not in README
    ]
    missing += [f"(global) {o}" for o in sorted(long_options(root)) if o not in README]
    assert missing == [], f"not in the README: {missing}"
