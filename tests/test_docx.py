"""`--format docx` and `huandu notice`: the 通报 and the 督办单 as Word documents, read back with
python-docx (title, summary figures against the JSON report, one table per county, shaded lights,
East Asian fonts on every run) and, where LibreOffice is installed, turned into PDF to count the
pages and check their orientation.

Every progress value recorded here is synthetic, made up for the test; none is a real county's
figure.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from helpers import missing_tool, ok

FIGURES = [
    ("yanshi.high-tech-enterprises", "2", "2024-03-31", "申报材料准备中"),
    ("yanshi.high-tech-enterprises", "3", "2024-04-30", "第一批认定3家"),
    ("yanshi.high-tech-enterprises", "5", "2024-05-31", "第二批待认定\x1b[31m <w:t>"),
    ("yiyang.beef-cattle", "9.2万头", "2024-05-31", "5月存栏"),
    ("xinan.coal-to-gas", "推进中", "2024-05-31", "已完成2台锅炉改造"),
    ("mengjin.homestay-clusters", "未启动", "2024-05-31", "选址论证中"),
    ("yichuan.high-standard-farmland", "1万亩", "2024-05-31", "资金拨付滞后"),
    ("yiyang.pepper-belt", "4.5万亩", "2024-04-30", "4月报表"),
]
GREEN, YELLOW, RED = "C6EFCE", "FFEB9C", "FFC7CE"


@pytest.fixture(autouse=True)
def _june(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUANDU_TODAY", "2024-06-03")


@pytest.fixture
def journal(huandu) -> None:
    for goal, value, day, note in FIGURES:
        ok(huandu("update", goal, value, "--date", day, "--note", note))


def written(huandu, path: Path, *args: str, lang: str = "zh", command: str = "report"):
    ok(huandu("--lang", lang, command, "--as-of", "5月", *args, "--output", str(path), lang=lang))
    return docx.Document(str(path))


def text_of(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def fill_of(cell) -> str:
    shading = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return shading.get(qn("w:fill")) if shading is not None else ""


def every_run(document):
    yield from (run for p in document.paragraphs for run in p.runs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    yield from paragraph.runs
    for section in document.sections:
        for paragraph in section.footer.paragraphs:
            yield from paragraph.runs


# ------------------------------------------------------------------------------ the 通报


def test_the_report_is_an_a4_document_with_title_period_and_page_numbers(huandu, journal, tmp_path):
    document = written(huandu, tmp_path / "通报.docx")
    first = document.paragraphs[0]
    assert first.text == "环都市区五个县区2024年重点工作完成情况通报"
    assert first.runs[0].font.size.pt == 22
    assert document.paragraphs[1].text == "（截至2024年5月底）"
    portrait, landscape = document.sections
    assert (round(portrait.page_width.mm), round(portrait.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (portrait.top_margin, portrait.bottom_margin)] == [37, 35]
    assert [round(m.mm) for m in (portrait.left_margin, portrait.right_margin)] == [28, 26]
    assert (round(landscape.page_width.mm), round(landscape.page_height.mm)) == (297, 210)
    assert landscape.orientation == 1  # WD_ORIENT.LANDSCAPE
    footer = portrait.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "fldChar" in footer and "—" in portrait.footer.paragraphs[0].text


def test_every_run_names_its_east_asian_font(huandu, journal, tmp_path):
    document = written(huandu, tmp_path / "通报.docx")
    fonts = set()
    for run in every_run(document):
        east = run._element.rPr.rFonts.get(qn("w:eastAsia"))
        assert east, run.text
        fonts.add(east)
        assert run.font.name
    assert {"方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"} <= fonts
    body = next(p for p in document.paragraphs if p.text.startswith("截至2024年5月底"))
    assert body.runs[0].font.size.pt == 16 and body.runs[0].font.name == "仿宋_GB2312"
    table = document.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
    )
    assert "方正小标宋简体" in table.blob.decode("utf-8") and 'w:val="宋体"' in table.blob.decode()


def test_the_summary_paragraph_says_what_the_json_report_says(huandu, journal, tmp_path):
    data = json.loads(ok(huandu("report", "--as-of", "5月", "--format", "json")).stdout)
    ring = data["ring"]
    document = written(huandu, tmp_path / "通报.docx")
    text = text_of(document)
    words = {"done": "已完成", "on_track": "正常推进", "behind": "滞后", "far_behind": "严重滞后",
             "overdue": "逾期", "no_data": "尚无数据"}  # fmt: skip
    assert f"{ring['targets']}项目标中" in text
    for status, word in words.items():
        if ring[status]:
            assert f"{word}{ring[status]}项" in text, status
        else:
            assert f"，{word}" not in text and f"中，{word}" not in text
    found = {
        word: int(n)
        for word, n in re.findall(r"(已完成|正常推进|滞后|严重滞后|逾期|尚无数据)(\d+)项", text)
    }
    assert sum(found.values()) == ring["targets"]
    best, last = data["counties"][0], data["counties"][-1]
    assert f"{best['county_name']}平均完成率{best['mean_percent']:.1f}%，居首位" in text
    assert f"{last['county_name']}平均完成率{last['mean_percent']:.1f}%，居末位" in text
    lagging = [row for row in data["targets"] if row["light"] in ("yellow", "red")]
    assert f"需督办（{len(lagging)}项）" in text
    assert "伊川县高标准农田改造（严重滞后）" in text


def test_one_table_per_county_with_lights_as_shaded_cells(huandu, journal, tmp_path):
    data = json.loads(ok(huandu("report", "--as-of", "5月", "--format", "json")).stdout)
    document = written(huandu, tmp_path / "通报.docx")
    summary, *counties = document.tables
    assert len(counties) == 5
    assert summary.rows[0].cells[1].text == "县区" and len(summary.rows) == 1 + 5 + 1
    header = [c.text for c in counties[0].rows[0].cells]
    assert header[:2] == ["序号", "目标"] and "进展情况" in header and "灯" in header
    assert counties[0]._tbl.tblPr is not None
    repeat = counties[0].rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert repeat is not None  # the header row repeats on every page
    rows = {row["title"]: row for row in data["targets"]}
    colours = {"green": GREEN, "yellow": YELLOW, "red": RED, None: ""}
    light_at, status_at = header.index("灯"), header.index("状态")
    seen = 0
    for table in counties:
        for row in table.rows[1:]:
            goal = rows[row.cells[1].text]
            assert fill_of(row.cells[light_at]) == colours[goal["light"]], goal["id"]
            assert fill_of(row.cells[status_at]) == colours[goal["light"]], goal["id"]
            seen += 1
    assert seen == 30
    note = next(r for t in counties for r in t.rows if r.cells[1].text == "新增高新技术企业")
    assert note.cells[header.index("进展情况")].text == "第二批待认定\\x1b[31m <w:t>"


def test_the_rules_close_the_document(huandu, journal, tmp_path):
    text = text_of(written(huandu, tmp_path / "通报.docx"))
    assert "四、说明" in text and "完成率低于时序进度10个百分点为“滞后”" in text


def test_an_english_report_reads_naturally(huandu, journal, tmp_path):
    document = written(huandu, tmp_path / "report.docx", lang="en")
    text = text_of(document)
    assert document.paragraphs[0].text.startswith("Progress report: 2024 key tasks")
    assert document.paragraphs[1].text == "(as of the end of May 2024)"
    assert "As of the end of May 2024, time progress for the year stands at 41.5%." in text
    assert "Of the 30 goals: " in text and "Needing supervision (" in text
    assert "1. Overview" in text and "4. Notes" in text
    assert not re.search(r"[\u4e00-\u9fff]{2,}", text.replace("两牛", "").split("Needing")[0][:200])


def test_without_python_docx_one_line_says_what_to_install(huandu, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "docx", None)
    path = tmp_path / "通报.docx"
    result = huandu("report", "--output", str(path))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "huandu: error: saving .docx needs python-docx: pip install 'huandu[docx]'"
    ]
    assert not path.exists()
    assert huandu("notice", "--output", str(path)).exit_code == 1


# ------------------------------------------------------------------------------ 督办单


def test_a_notice_for_every_yellow_and_red_goal_numbered_in_registry_order(
    huandu, journal, tmp_path
):
    data = json.loads(ok(huandu("notice", "--as-of", "5月", "--format", "json")).stdout)
    report = json.loads(ok(huandu("report", "--as-of", "5月", "--format", "json")).stdout)
    lagging = [row["id"] for row in report["targets"] if row["light"] in ("yellow", "red")]
    assert [n["id"] for n in data["notices"]] == lagging
    assert [n["number"] for n in data["notices"]] == list(range(1, len(lagging) + 1))
    by_id = {n["id"]: n for n in data["notices"]}
    assert by_id["yichuan.high-standard-farmland"]["colour"] == "red"
    assert by_id["yanshi.high-tech-enterprises"]["colour"] == "yellow"
    assert by_id["yanshi.high-tech-enterprises"]["streak"] == 3
    assert data["reply_by"] == "2024-06-13"  # ten days after 3 June
    one = json.loads(
        ok(huandu("notice", "--as-of", "5月", "--county", "伊川", "-f", "json")).stdout
    )
    assert [(n["id"], n["number"]) for n in one["notices"]] == [
        ("yichuan.high-standard-farmland", by_id["yichuan.high-standard-farmland"]["number"])
    ]  # the same number, printed alone


def test_a_goal_due_soon_and_not_done_gets_a_blue_notice(huandu, tmp_path, registry_bytes):
    text = registry_bytes.decode("utf-8").replace(
        'quote = "高水平编制滨水新城规划"',
        'quote = "高水平编制滨水新城规划"\ndeadline = 2024-06-20',
    )
    registry = tmp_path / "t.toml"
    registry.write_text(text, encoding="utf-8")
    reg = ("--registry", str(registry))
    data = json.loads(ok(huandu(*reg, "notice", "--as-of", "5月", "--format", "json")).stdout)
    assert [(n["id"], n["colour"]) for n in data["notices"]] == [
        ("yichuan.waterfront-plan", "blue")
    ]


def test_the_notices_document_has_a_page_per_notice(huandu, journal, tmp_path):
    path = tmp_path / "督办单.docx"
    document = written(huandu, path, "--reply-by", "2024-06-15", command="notice")
    text = text_of(document)
    titles = [p.text for p in document.paragraphs if p.text.endswith("督办单")]
    assert titles[0] == "黄色督办单" and "红色督办单" in titles
    assert len(document.tables) == len(titles)
    assert "督办〔2024〕第1号" in text and f"督办〔2024〕第{len(titles)}号" in text
    breaks = document.element.body.xml.count('w:type="page"')
    assert breaks == len(titles) - 1
    table = document.tables[next(i for i, t in enumerate(titles) if t == "红色督办单")]
    fields = {row.cells[0].text: row.cells[1].text for row in table.rows}
    assert list(fields)[:2] == ["督办事项", "责任单位"]
    assert fields["督办事项"] == "伊川县：高标准农田改造（原文：“实施12万亩高标准农田改造”）"
    assert fields["责任单位"] == "伊川县（目标清单未写明牵头单位）"  # the article names none
    assert fields["当前进度"] == "1万亩（截至2024年5月31日），完成率8.3%"
    assert fields["连续滞后月数"] == "1个月" and fields["反馈时限"] == "2024年6月15日"
    assert "2024年6月15日前书面报送" in fields["办理要求"]
    assert fill_of(table.rows[0].cells[0]) == RED


def test_the_notices_as_markdown(huandu, journal, tmp_path):
    path = tmp_path / "督办单.md"
    ok(huandu("--lang", "zh", "notice", "--as-of", "5月", "--output", str(path), lang="zh"))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("## 黄色督办单\n\n督办〔2024〕第1号\n")
    assert "| 责任单位 | 偃师区（目标清单未写明牵头单位） |" in text
    english = ok(huandu("--lang", "en", "notice", "--as-of", "5月", "-f", "markdown", lang="en"))
    assert "## Red supervision notice" in english.stdout
    assert "Supervision notice 2024 No. 1" in english.stdout


# ------------------------------------------------------------------------------ as a PDF


def pdf_pages(path: Path, tmp_path: Path) -> list[tuple[float, float]]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdfinfo") is None:
        missing_tool(
            "needs LibreOffice and poppler-utils (apt-get install libreoffice-writer-nogui poppler-utils)"
        )
    out = tmp_path / "pdf"
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
         "pdf", "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = out / (path.stem + ".pdf")
    info = subprocess.run(
        ["pdfinfo", "-l", "999", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    return [
        (float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    ]


@pytest.mark.slow
def test_as_a_pdf_the_report_is_a_few_a4_pages_portrait_then_landscape(huandu, journal, tmp_path):
    path = tmp_path / "tongbao.docx"
    written(huandu, path)
    pages = pdf_pages(path, tmp_path)
    assert 3 <= len(pages) <= 6, pages
    assert pages[0] == pytest.approx((595.3, 841.9), abs=1)  # A4 portrait
    assert pages[-1] == pytest.approx((841.9, 595.3), abs=1)  # A4 landscape
    turned = [w > h for w, h in pages]
    assert turned == sorted(turned)  # portrait first, then landscape


@pytest.mark.slow
def test_as_a_pdf_each_notice_is_one_page(huandu, journal, tmp_path):
    path = tmp_path / "notices.docx"
    document = written(huandu, path, command="notice")
    pages = pdf_pages(path, tmp_path)
    assert len(pages) == len(document.tables)
    assert all(page == pytest.approx((595.3, 841.9), abs=1) for page in pages)
