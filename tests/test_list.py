"""A supervisor looks up the goals of one county, or all of them."""

from __future__ import annotations

import json


def test_list_one_county_by_any_of_its_names(huandu):
    for name in ("宜阳", "宜阳县", "yiyang", "YiYang"):
        result = huandu("list", "--county", name, "--format", "json")
        assert result.exit_code == 0, result.stderr
        goals = json.loads(result.stdout)
        assert goals and {g["county"] for g in goals} == {"宜阳"}


def test_unknown_county_is_refused_with_the_valid_ones(huandu):
    result = huandu("list", "--county", "洛宁")
    assert result.exit_code == 1
    assert "洛宁" in result.stderr and "宜阳" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
