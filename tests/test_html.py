"""`--format html` and `--format svg`: a page and charts a colleague opens, prints or pastes into a
slide, looked at in a real browser (headless Chromium) at 1400 and 900 pixels wide.

Every progress value recorded here is synthetic, made up for the test; none is a real county's
figure.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser import layout, screenshot
from helpers import ok

HOSTILE_NOTE = '<script>alert("x")</script> & <b>加粗</b>'

#: A month's end (synthetic): figures for March, April and May, a goal behind three months running.
FIGURES = [
    ("yanshi.high-tech-enterprises", "2", "2024-03-31", "申报材料准备中"),
    ("yanshi.high-tech-enterprises", "3", "2024-04-30", "第一批认定3家"),
    ("yanshi.high-tech-enterprises", "5", "2024-05-31", HOSTILE_NOTE),
    ("yiyang.beef-cattle", "7.2万头", "2024-03-31", "3月存栏"),
    ("yiyang.beef-cattle", "9.2万头", "2024-05-31", "5月存栏"),
    ("xinan.coal-to-gas", "推进中", "2024-05-31", "已完成2台锅炉改造"),
    ("mengjin.homestay-clusters", "未启动", "2024-05-31", "选址论证中"),
    (
        "yichuan.high-standard-farmland",
        "1万亩",
        "2024-05-31",
        "资金拨付滞后，已协调县财政局加快拨付，预计6月底前完成第二批改造任务",
    ),
    ("yiyang.leading-industry-output", "70亿元", "2024-05-31", "1—5月累计"),
]


@pytest.fixture(autouse=True)
def _june(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUANDU_TODAY", "2024-06-03")


@pytest.fixture
def journal(huandu) -> None:
    for goal, value, day, note in FIGURES:
        ok(huandu("update", goal, value, "--date", day, "--note", note))


def written(huandu, path: Path, *args: str, lang: str = "zh") -> str:
    ok(huandu("--lang", lang, "report", "--as-of", "5月", *args, "--output", str(path), lang=lang))
    return path.read_text(encoding="utf-8")


def external_requests(text: str) -> list[str]:
    """Anything that would make a browser ask another host (the SVG namespace is a name only)."""
    text = text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    return re.findall(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}|@import|url\(|<link|<script|src=", text)


# ------------------------------------------------------------------------------- the page itself


def test_the_page_stands_alone(huandu, journal, tmp_path):
    page = written(huandu, tmp_path / "通报.html")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in page and '<meta charset="utf-8">' in page
    assert "<title>环都市区五个县区2024年重点工作完成情况通报</title>" in page
    assert external_requests(page) == []
    assert '"Noto Sans CJK SC"' in page and "Microsoft YaHei" in page  # a CJK font stack
    assert "@page { size: A4 landscape" in page and "table-header-group" in page
    assert page.count("<table>") == 6  # the summary and five counties
    assert "<thead>" in page and '<th scope="col"' in page
    assert '<span class="badge yellow">黄</span>' in page  # a light is a word on a colour
    assert "<figure><svg" in page  # the chart, inline


def test_everything_typed_is_text(huandu, journal, tmp_path):
    page = written(huandu, tmp_path / "通报.html")
    assert "<script" not in page and "<b>加粗" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;加粗" in page
    svg = written(huandu, tmp_path / "r.svg")
    assert "<script" not in svg


def test_english_pages_are_english(huandu, journal, tmp_path):
    page = written(huandu, tmp_path / "report.html", lang="en")
    assert '<html lang="en">' in page
    assert "<title>Progress report: 2024 key tasks" in page
    assert "As of the end of May 2024, time progress for the year stands at 41.5%." in page
    assert "Needing supervision (" in page


def test_the_summary_says_what_the_json_says(huandu, journal, tmp_path):
    import json

    data = json.loads(ok(huandu("report", "--as-of", "5月", "--format", "json")).stdout)
    ring = data["ring"]
    page = written(huandu, tmp_path / "通报.html")
    summary = " ".join(re.findall(r'<p class="summary">(.*?)</p>', page))
    assert f"{ring['targets']}项目标中" in summary
    assert f"严重滞后{ring['far_behind']}项" in summary
    assert f"尚无数据{ring['no_data']}项" in summary
    best = data["counties"][0]
    assert f"{best['county_name']}平均完成率{best['mean_percent']:.1f}%，居首位" in summary
    lagging = [row for row in data["targets"] if row["light"] in ("yellow", "red")]
    assert f"需督办（{len(lagging)}项）" in summary


def test_the_svg_is_a_picture_of_the_counties_against_time_progress(huandu, journal, tmp_path):
    svg = written(huandu, tmp_path / "完成率.svg")
    assert svg.startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"'
    )
    assert external_requests(svg) == []
    assert 'font-family=\'"Noto Sans CJK SC"' in svg
    for name in ("新安县", "偃师区", "孟津区", "伊川县", "宜阳县", "时序进度 41.5%"):
        assert name in svg
    assert "cdnjs" not in svg and "window" not in svg.lower()
    monthly = written(huandu, tmp_path / "逐月.svg", "--monthly")
    assert monthly.count('class="spark"') == 30 and external_requests(monthly) == []
    compare = written(huandu, tmp_path / "对比.svg", "--compare")
    assert "同类：肉牛" in compare and external_requests(compare) == []


# ------------------------------------------------------------------------------- in a browser


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_in_a_browser_every_cell_sits_under_its_header_and_nothing_is_cut(
    huandu, journal, tmp_path, lang
):
    pages = [
        written(huandu, tmp_path / "report.html", lang=lang) and tmp_path / "report.html",
        written(huandu, tmp_path / "monthly.html", "--monthly", lang=lang)
        and tmp_path / "monthly.html",
        written(huandu, tmp_path / "compare.html", "--compare", lang=lang)
        and tmp_path / "compare.html",
    ]
    for page in pages:
        for width in (1400, 900):
            found = layout(page, width=width)
            assert found["problems"] == [], (page.name, width, found["problems"][:10])
            assert found["cells"] > 20 and found["tables"] >= 1
            screenshot(page, tmp_path / f"{page.stem}-{width}.png", width=width)
    assert layout(pages[0], width=900)["texts"] > 10  # the chart's text was looked at too


@pytest.mark.slow
def test_in_a_browser_the_charts_fit_their_picture(huandu, journal, tmp_path):
    for args, name in (((), "r.svg"), (("--monthly",), "m.svg"), (("--compare",), "c.svg")):
        path = tmp_path / name
        written(huandu, path, *args)
        found = layout(path, width=1400)
        assert found["problems"] == [], (name, found["problems"][:10])
        assert found["texts"] >= 8
        screenshot(path, tmp_path / f"{name}.png", width=1000, height=700)


@pytest.mark.slow
def test_the_probe_does_see_a_cell_that_overflows(huandu, journal, tmp_path):
    """The layout check has teeth: a note that may not wrap runs out of its cell at 900 px."""
    page = tmp_path / "report.html"
    text = written(huandu, page)
    page.write_text(
        text.replace("td.note { ", "td.note { white-space: nowrap; width: 10px; max-width: 10px; "),
        "utf-8",
    )
    problems = layout(page, width=900)["problems"]
    assert any("overflows" in p or "cut off" in p for p in problems), problems
