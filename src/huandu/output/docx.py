"""`--format docx`: the 通报 as a Word document a staff member edits and sends, and the 督办单.

Laid out as Chinese official documents are (GB/T 9704): A4, margins 37 / 35 / 28 / 26 mm (top,
bottom, left, right), the title in 2号 (22 pt) 小标宋, the body in 3号 (16 pt) 仿宋 at a fixed
line pitch, headings in 黑体 and 楷体, page numbers in 4号 宋体 between dashes in the footer, and a
landscape section where a table needs the width. Fonts are named as Word on a Chinese Windows
knows them, with the East Asian font set on every run (python-docx has no API for it: the
`w:eastAsia` attribute is set on the run's `rFonts`), and the document's font table gives each
an alternative (方正小标宋简体 → 宋体, 仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体) for a machine without it.
English documents use Times New Roman with the same structure.

Lights are shaded cells in the workbook's colours (C6EFCE / FFEB9C / FFC7CE). Text from the
registry or the journal is a run's text, with control characters shown as escapes (`visible`).
python-docx is an optional extra (`pip install 'huandu[docx]'`), imported only here.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING, Any, NamedTuple

from huandu.domain.progress import statuses_of
from huandu.errors import HuanduError
from huandu.i18n import language, t
from huandu.output.words import (
    county_label,
    expected_words,
    gap_words,
    legend_lines,
    light_word,
    signed_points,
    target_text,
    target_title,
)
from huandu.text import visible

if TYPE_CHECKING:
    from huandu.domain.notice import Notices
    from huandu.domain.report import Report

FILLS = {"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE", "blue": "BDD7EE"}
INKS = {"green": "006100", "yellow": "9C5700", "red": "9C0006", "blue": "1F4E79"}
HEADER_FILL = "DDEBF7"


class Font(NamedTuple):
    ascii: str  # Latin letters and digits
    east: str  # Chinese (w:eastAsia)
    size: float  # points


class Fonts(NamedTuple):
    title: Font
    subtitle: Font
    body: Font
    heading: Font
    heading2: Font
    table: Font
    table_head: Font
    page_number: Font
    line_pitch: float  # the body's fixed line spacing, points


ZH = Fonts(
    title=Font("方正小标宋简体", "方正小标宋简体", 22),
    subtitle=Font("楷体_GB2312", "楷体_GB2312", 16),
    body=Font("仿宋_GB2312", "仿宋_GB2312", 16),
    heading=Font("黑体", "黑体", 16),
    heading2=Font("楷体_GB2312", "楷体_GB2312", 16),
    table=Font("仿宋_GB2312", "仿宋_GB2312", 10.5),
    table_head=Font("黑体", "黑体", 10.5),
    page_number=Font("宋体", "宋体", 14),
    line_pitch=28.95,  # 22 lines to a page, as GB/T 9704 sets it
)
EN = Fonts(
    title=Font("Times New Roman", "宋体", 18),
    subtitle=Font("Times New Roman", "宋体", 13),
    body=Font("Times New Roman", "宋体", 12),
    heading=Font("Arial", "黑体", 13),
    heading2=Font("Arial", "黑体", 12),
    table=Font("Times New Roman", "宋体", 9.5),
    table_head=Font("Arial", "黑体", 9.5),
    page_number=Font("Times New Roman", "宋体", 11),
    line_pitch=18,
)
#: What Word uses for a font it does not have (the document's font table, w:altName).
ALTERNATIVES = {"方正小标宋简体": "宋体", "仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体"}

_CHINESE_NUMBERS = "一二三四五六七八九十"


def require_docx() -> None:
    """Refuse early, in one line, when python-docx is not installed."""
    try:
        import docx  # noqa: F401
    except ImportError:
        raise HuanduError("report.need_docx") from None


def fonts() -> Fonts:
    return ZH if language() == "zh" else EN


def ordinal(number: int) -> str:
    """一, 二, … 十一 in Chinese, 1, 2, … in English: the numbers of headings."""
    if language() != "zh":
        return str(number)
    if number <= 10:
        return _CHINESE_NUMBERS[number - 1]
    if number < 20:
        return "十" + _CHINESE_NUMBERS[number - 11]
    tens, ones = divmod(number, 10)
    return _CHINESE_NUMBERS[tens - 1] + "十" + (_CHINESE_NUMBERS[ones - 1] if ones else "")


# ------------------------------------------------------------------------------ the page


class Writer:
    """A document being written: its paragraphs, tables and sections, every run with its fonts."""

    def __init__(self) -> None:
        from docx import Document

        self.doc = Document()
        self.fonts = fonts()
        self._styles()
        self._font_table()
        self.portrait(self.doc.sections[0])
        self._page_numbers(self.doc.sections[0])

    # -- set-up

    def _styles(self) -> None:
        from docx.oxml.ns import qn
        from docx.shared import Pt

        style = self.doc.styles["Normal"]
        body = self.fonts.body
        style.font.name = body.ascii
        style.font.size = Pt(body.size)
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), body.east)
        self.doc.core_properties.language = "zh-CN" if language() == "zh" else "en-GB"

    def _font_table(self) -> None:
        """Alternatives for fonts a machine may lack, in the document's own font table."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        try:
            part = self.doc.part.part_related_by(RT.FONT_TABLE)
        except KeyError:
            return
        root = parse_xml(part.blob)
        for name, alternative in ALTERNATIVES.items():
            root.append(
                parse_xml(
                    f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alternative}"/>'
                    '<w:charset w:val="86"/><w:family w:val="modern"/>'
                    '<w:pitch w:val="fixed"/></w:font>'
                )
            )
        from lxml import etree

        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def portrait(self, section: Any) -> None:
        from docx.enum.section import WD_ORIENT
        from docx.shared import Mm

        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.footer_distance = Mm(20)

    def landscape(self) -> Any:
        """A new landscape section (the page turned: binding margins on the left and right)."""
        from docx.enum.section import WD_ORIENT, WD_SECTION
        from docx.shared import Mm

        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(28), Mm(26)
        section.left_margin, section.right_margin = Mm(37), Mm(35)
        section.footer_distance = Mm(14)
        return section

    def new_portrait_page(self) -> Any:
        from docx.enum.section import WD_SECTION

        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        self.portrait(section)
        return section

    def _page_numbers(self, section: Any) -> None:
        """— 1 —: a PAGE field between dashes, centred in the footer (later sections follow)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        font = self.fonts.page_number
        self.run(paragraph, "— ", font)
        for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("t", "1")):
            run = self.run(paragraph, "", font)
            if kind == "instr":
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            elif kind == "t":
                element = OxmlElement("w:t")
                element.text = text
            else:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            run._element.append(element)
        end = self.run(paragraph, "", font)
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), "end")
        end._element.append(element)
        self.run(paragraph, " —", font)

    # -- text

    def run(
        self, paragraph: Any, text: str, font: Font, *, bold: bool = False, color: str = ""
    ) -> Any:
        """A run of text in `font`, its East Asian font set too."""
        from docx.oxml.ns import qn
        from docx.shared import Pt, RGBColor

        run = paragraph.add_run(visible(text) if text else "")
        run.font.name = font.ascii
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font.east)
        run.font.size = Pt(font.size)
        if bold:
            run.font.bold = True
        if color:
            run.font.color.rgb = RGBColor.from_string(color)
        return run

    def paragraph(
        self,
        text: str,
        font: Font,
        *,
        align: str = "justify",
        indent: bool = False,
        pitch: float | None = None,
        space_after: float = 0,
        bold: bool = False,
    ) -> Any:
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        from docx.shared import Pt

        paragraph = self.doc.add_paragraph()
        paragraph.alignment = {
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        }[align]
        fmt = paragraph.paragraph_format
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(space_after)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(pitch or max(self.fonts.line_pitch, font.size * 1.3))
        if indent:
            fmt.first_line_indent = Pt(font.size * 2)  # two characters
        if text:
            self.run(paragraph, text, font, bold=bold)
        return paragraph

    def title(self, text: str, subtitle: str = "") -> None:
        fonts = self.fonts
        self.paragraph(text, fonts.title, align="center", pitch=fonts.title.size * 1.6)
        if subtitle:
            self.paragraph(subtitle, fonts.subtitle, align="center")
        self.paragraph("", fonts.body)

    def heading(self, text: str, *, level: int = 1) -> None:
        font = self.fonts.heading if level == 1 else self.fonts.heading2
        paragraph = self.paragraph(text, font, align="left", indent=language() == "zh")
        paragraph.paragraph_format.keep_with_next = True

    def body(self, text: str) -> None:
        self.paragraph(text, self.fonts.body, indent=True)

    # -- tables

    def table(
        self,
        headers: list[str],
        rows: list[list[tuple[str, str | None]]],
        widths_mm: list[float],
        *,
        align: list[str] | None = None,
        spacer: bool = True,
    ) -> Any:
        """A bordered table, its header row repeated on every page; a cell is (text, light)
        where a light shades it."""
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm

        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        align = align or ["left"] * len(headers)
        fixed_widths(table, widths_mm)
        head = table.rows[0]
        header_props = head._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        header_props.append(repeat)
        for cell, text, width in zip(head.cells, headers, widths_mm, strict=True):
            self._cell(cell, text, self.fonts.table_head, "center", Mm(width), HEADER_FILL)
        from docx.enum.table import WD_ROW_HEIGHT_RULE

        for values in rows:
            row = table.add_row()
            row.height = Mm(7)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            cells = row.cells
            for index, (cell, (text, light)) in enumerate(zip(cells, values, strict=True)):
                fill = FILLS.get(light or "")
                ink = INKS.get(light or "", "")
                self._cell(
                    cell,
                    text,
                    self.fonts.table,
                    align[index],
                    Mm(widths_mm[index]),
                    fill,
                    ink=ink,
                )
        if spacer:
            self.paragraph("", self.fonts.table, pitch=8)
        return table

    def _cell(
        self,
        cell: Any,
        text: str,
        font: Font,
        align: str,
        width: Any,
        fill: str | None,
        *,
        ink: str = "",
    ) -> None:
        from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        cell.width = width
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        paragraph.alignment = {
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
        }[align]
        lines = (text or "").split("\n")
        for index, line in enumerate(lines):
            run = self.run(paragraph, line, font, bold=bool(ink) and fill is not None, color=ink)
            if index < len(lines) - 1:
                run.add_break()
        if fill:
            shading = OxmlElement("w:shd")
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:color"), "auto")
            shading.set(qn("w:fill"), fill)
            cell._tc.get_or_add_tcPr().append(shading)

    def page_break(self) -> None:
        from docx.enum.text import WD_BREAK

        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def fixed_widths(table: Any, widths_mm: list[float]) -> None:
    """Columns exactly this wide, in Word and in LibreOffice (which reads the grid, not the
    cells): the grid's columns, a fixed layout, and the cells as they are added."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    properties = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)


# ------------------------------------------------------------------------------ the 通报


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _summary_table(w: Writer, report: Report) -> None:
    data, registry = report.data, report.registry
    shown = statuses_of(registry.targets)  # over the ceiling only where there is a ceiling
    headers = [
        t("col.rank"),
        t("col.county"),
        t("col.goals"),
        *[t(f"col.status.{s}").replace("\n", "") for s in shown],
        t("col.mean").replace("\n", ""),
        t("col.vs_ring"),
    ]
    rows = []
    for row in [*data["counties"], data["ring"]]:
        county = (
            county_label(registry.county_by_id(row["county_id"]))
            if row["county_id"]
            else t("report.ring")
        )
        rows.append(
            [
                (str(row["rank"] or ""), None),
                (county, None),
                (str(row["targets"]), None),
                *[(str(row[s] or ""), None) for s in shown],
                (_pct(row["mean_percent"]), None),
                ("" if row["vs_ring"] is None else signed_points(row["vs_ring"]), None),
            ]
        )
    # A status column each (seven with over the ceiling), kept within the portrait page's 156 mm.
    status_width = min(12, int(2 * (156 - 80) / len(shown)) / 2)  # in half millimetres
    widths = [10, 24, 13, *[status_width] * len(shown), 17, 16]
    align = ["center", "left", *["center"] * (len(widths) - 2)]
    w.table(headers, rows, widths, align=align, spacer=False)


def _goal_rows(report: Report, items: list) -> tuple[list[str], list, list[float], list[str]]:
    from huandu.output.html import current_text

    registry = report.registry
    with_lead = any(registry.responsible(a.target)[0] for a in report.assessments)
    headers = [
        t("col.number"),
        t("col.title"),
        t("col.target"),
        t("col.current"),
        t("col.completion"),
        t("col.expected").replace("\n", ""),
        t("col.gap"),
        t("col.light"),
        t("col.status"),
        t("col.note_progress"),
    ]
    widths = [10, 40, 22, 20, 18, 18, 16, 10, 20, 51]
    align = ["center", "left", "right", "right", "right", "right", "right", "center", "center"]
    align.append("left")
    if with_lead:
        headers.append(t("col.lead"))
        widths[-1] = 28
        widths.append(22)
        align.append("left")
    rows = []
    for number, a in enumerate(items, start=1):
        note = a.latest.note if a.latest is not None else ""
        row = [
            (str(number), None),
            (target_title(a.target), None),
            (target_text(a.target), None),
            (current_text(a), None),
            (_pct(a.percent), None),
            (expected_words(a), None),
            (gap_words(a), None),
            (light_word(a.light) or "—", a.light),
            (t(f"status.{a.status}"), a.light),
            (note, None),
        ]
        if with_lead:
            row.append((registry.responsible(a.target)[0], None))
        rows.append(row)
    return headers, rows, widths, align


def report_docx(report: Report, *, width: int = 0) -> bytes:
    """The 通报: title and period, the generated summary, the county table (portrait), then a
    landscape section with a table per county, and the rules as a closing note."""
    require_docx()
    from huandu.output.summary import document_title, period_text, summary_paragraphs

    registry = report.registry
    as_of = dt.date.fromisoformat(report.data["as_of"])
    w = Writer()
    w.title(document_title(report), t("docx.subtitle", period=period_text(as_of)))
    w.heading(t("docx.h.overview"))
    for text in summary_paragraphs(report):
        w.body(text)
    w.heading(t("docx.h.counties"))
    _summary_table(w, report)
    listed = [
        c for c in registry.counties if any(a.target.county == c.id for a in report.assessments)
    ]
    if listed:
        w.landscape()
        w.heading(t("docx.h.goals"))
        for number, county in enumerate(listed, start=1):
            items = [a for a in report.assessments if a.target.county == county.id]
            w.heading(
                t(
                    "docx.h.county",
                    number=ordinal(number),
                    county=county_label(county),
                    positioning=county.positioning,
                ),
                level=2,
            )
            headers, rows, widths, align = _goal_rows(report, items)
            w.table(headers, rows, widths, align=align)
    w.heading(t("docx.h.notes"))
    small = w.fonts.table._replace(size=w.fonts.table.size + 1.5)
    for line in legend_lines(registry, (a.target for a in report.assessments)):
        w.paragraph(line, small, indent=True, pitch=small.size * 1.6)
    return w.bytes()


# ------------------------------------------------------------------------------ 督办单


def notice_fields(notices: Notices, item: Any) -> list[tuple[str, str]]:
    """What a 督办单 says, as (label, text) pairs, in order; shared with its Markdown form."""
    from huandu.output.html import current_text
    from huandu.output.summary import date_text

    a = item.assessment
    goal = a.target
    registry = notices.registry
    county = registry.county_by_id(goal.county)
    current = current_text(a)
    if a.updated is not None:
        current = t("notice.current_as_of", value=current, date=date_text(a.updated))
    else:
        current = t("notice.no_figure")
    percent = "" if a.percent is None else t("notice.percent", percent=f"{a.percent:.1f}")
    key = f"notice.requirement.{item.colour}"
    if a.status == "over_ceiling":  # a ceiling broken: brought back under it, not up to time
        key = "notice.requirement.over_ceiling"
    elif a.target.kind == "growth" and item.colour != "blue":
        key = f"notice.requirement.rate_{item.colour}"
    requirement = t(
        key,
        reply_by=date_text(notices.reply_by),
        deadline=date_text(goal.deadline),
    )
    return [
        (t("notice.field.matter"), t("notice.matter", county=county_label(county), title=target_title(goal), quote=goal.quote)),
        (t("notice.field.unit"), item.lead or t("notice.no_lead", county=county_label(county))),
        (t("notice.field.contact"), item.contact or "—"),
        (t("notice.field.target"), t("notice.target", target=target_text(goal), deadline=date_text(goal.deadline))),
        (t("notice.field.current"), current + percent),
        (t("notice.field.expected"), expected_words(a)),
        (t("notice.field.gap"), t("notice.gap", gap=gap_words(a)) if a.gap is not None else "—"),
        (t("notice.field.status"), t(f"status.{a.status}")),
        (t("notice.field.streak"), t("notice.streak", months=item.streak)),
        (t("notice.field.requirement"), requirement),
        (t("notice.field.reply_by"), date_text(notices.reply_by)),
    ]  # fmt: skip


def notice_number(notices: Notices, item: Any) -> str:
    return t("notice.number", year=notices.year, number=item.number)


def notices_docx(notices: Notices, *, width: int = 0) -> bytes:
    """One page per notice: 红色/黄色/蓝色督办单, its number, the matter and what is asked."""
    require_docx()
    from docx.shared import Mm

    from huandu.output.summary import date_text

    w = Writer()
    fonts = w.fonts
    if not notices.items:
        w.title(t("notice.none_title"), "")
        w.body(t("notice.none", as_of=date_text(notices.as_of)))
        return w.bytes()
    for index, item in enumerate(notices.items):
        if index:
            w.page_break()
        colour = item.colour
        paragraph = w.paragraph("", fonts.title, align="center", pitch=fonts.title.size * 1.6)
        w.run(paragraph, t(f"notice.title.{colour}"), fonts.title, color=INKS[colour])
        w.paragraph(notice_number(notices, item), fonts.subtitle, align="center")
        w.paragraph("", fonts.body, pitch=12)
        fields = notice_fields(notices, item)
        table = w.doc.add_table(rows=0, cols=2)
        table.style = w.doc.styles["Table Grid"]
        table.autofit = False
        fixed_widths(table, [34, 122])
        label_font = fonts.table_head._replace(size=fonts.body.size - 2)
        text_font = fonts.table._replace(size=fonts.body.size - 2)
        from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT

        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for label, text in fields:
            row = table.add_row()
            row.height = Mm(10)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            cells = row.cells
            w._cell(cells[0], label, label_font, "center", Mm(34), FILLS[colour])
            w._cell(cells[1], text, text_font, "left", Mm(122), None)
        w.paragraph("", fonts.body, pitch=12)
        w.paragraph(t("notice.issuer"), fonts.body, align="right")
        w.paragraph(date_text(notices.issued), fonts.body, align="right")
    return w.bytes()
