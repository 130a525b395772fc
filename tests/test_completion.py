"""Shell completion offers what people type: county names, goal ids, periods, statuses."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from huandu.cli import build_app


def complete(words: str, shell: str = "bash") -> list[str]:
    """What `huandu` offers for the last of `words` (as the shell script would ask it)."""
    parts = words.split(" ")
    env = {
        "_HUANDU_COMPLETE": f"complete_{shell}",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(parts) - 1),
        "_TYPER_COMPLETE_ARGS": words,
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
    }
    result = CliRunner().invoke(build_app(), [], env=env, prog_name="huandu")
    assert result.exit_code == 0, result.output
    return [line for line in result.stdout.splitlines() if line.strip()]


def test_county_names_complete():
    assert complete("huandu list --county y") == ["yanshi", "yichuan", "yiyang"]
    offered = complete("huandu log --county 宜")
    assert "宜阳" in offered and "宜阳县" in offered


def test_goal_ids_complete_for_update_show_and_log():
    assert complete("huandu update yiyang.be") == ["yiyang.beef-cattle"]
    assert complete("huandu show mengjin.") == [
        "mengjin.cattle-industry",
        "mengjin.fruit-industry",
        "mengjin.village-collective-income",
        "mengjin.homestay-clusters",
    ]
    assert complete("huandu log --target xinan.coal") == ["xinan.coal-to-gas"]


def test_period_names_complete_for_dates():
    assert complete("huandu update 肉牛 1 --date 上") == ["上半年"]
    assert "Q3" in complete("huandu update 肉牛 1 --date Q")


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_other_shells_get_the_same_names(shell):
    offered = "\n".join(complete("huandu list --county yi", shell))
    assert "yichuan" in offered and "yiyang" in offered


def test_a_broken_registry_completes_nothing_rather_than_failing(tmp_path, monkeypatch):
    broken = tmp_path / "broken.toml"
    broken.write_text("[plan\n", encoding="utf-8")
    monkeypatch.setenv("HUANDU_REGISTRY", str(broken))
    assert complete("huandu list --county y") == []
