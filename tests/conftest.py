"""Shared fixtures: every test runs with its own empty home and a fixed language.

Progress values written by tests are synthetic; none is a real county's figure.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from huandu.cli import build_app
from huandu.i18n import set_language
from huandu.store.locations import bundled_registry

REPO = Path(__file__).resolve().parents[1]
# The newspaper page the bundled registry comes from, kept in the repository so every figure can
# be checked against it (and a clean clone tests it).
ARTICLE = REPO / "data" / "source" / "luoyang-daily-2024-huandu.txt"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("HUANDU_HOME", str(home))
    monkeypatch.delenv("HUANDU_REGISTRY", raising=False)
    monkeypatch.delenv("HUANDU_PLAN", raising=False)
    monkeypatch.delenv("HUANDU_LANG", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    set_language("en")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture
def registry_bytes() -> bytes:
    return bundled_registry().read_bytes()


class Huandu:
    """Runs huandu commands in-process, like a person at a terminal (stdout and stderr apart)."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, lang: str = "en", input: str | None = None):
        set_language(lang)
        try:
            return self.runner.invoke(build_app(), list(args), input=input, catch_exceptions=False)
        finally:
            set_language("en")


@pytest.fixture
def huandu() -> Huandu:
    return Huandu()
