"""The layers the README describes are the layers the imports make.

import-linter reads every module's imports and holds them against the contracts in pyproject.toml
(cli → service → output | store → domain; the domain pure; only the service calls the store;
languages only at the edge). A contract broken by a change fails here, naming the import.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def lint(tmp_path: Path, config: Path) -> tuple[int, str]:
    from importlinter.cli import lint_imports

    old = Path.cwd()
    os.chdir(REPO)
    try:
        code = lint_imports(config_filename=str(config), no_cache=True, no_logo=True)
    finally:
        os.chdir(old)
    return code, ""


def test_every_import_runs_down_the_layers(tmp_path, capsys):
    code, _ = lint(tmp_path, REPO / "pyproject.toml")
    out = capsys.readouterr().out
    assert code == 0, out
    assert "0 broken" in out


def test_the_contracts_do_catch_an_import_that_runs_back_up(tmp_path, capsys):
    """A domain that imported the language layer would be refused: the check has teeth."""
    config = tmp_path / "contracts.toml"
    config.write_text(
        """
[tool.importlinter]
root_package = "huandu"
include_external_packages = true

[[tool.importlinter.contracts]]
name = "The outputs must not speak (false on purpose: they do)"
type = "forbidden"
source_modules = ["huandu.output"]
forbidden_modules = ["huandu.i18n"]
""",
        encoding="utf-8",
    )
    code, _ = lint(tmp_path, config)
    out = capsys.readouterr().out
    assert code != 0
    assert "huandu.output" in out and "huandu.i18n" in out
