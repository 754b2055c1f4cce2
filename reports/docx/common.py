"""What every Word (.docx) document shares: the TH SarabunPSK styles, A4 pages, tables, page numbers.

Word treats Thai as a complex script: it draws Thai with the `w:cs` font at the `w:szCs` size and
in bold only with `w:bCs`, so every run sets the four font slots (ascii, hAnsi, eastAsia, cs), both
sizes and both bold flags, and the document's language for complex scripts is Thai.  The font is
named "TH SarabunPSK" (the Cabinet's official font, memo-format §1.4) so Word on an official's
computer uses the copy installed there; nothing is embedded.

Sizes are TH Sarabun points, the unit of the rules (16 pt body, 14 pt in tables, memo heading 29
pt and labels 20 pt), not the PDF's Google Sarabun sizes (see templates/reports/pdf/base_pdf.html).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

FONT = "TH SarabunPSK"
BODY_PT = 16
TABLE_PT = 14
COVER_TITLE_PT = 28
COVER_PT = 18
A4 = (21.0, 29.7)
# Margins per memo-format §1.5 (left 3 cm, right 2 cm, bottom 2 cm; top 2.5 cm, as the PDFs).
MARGINS = {"top": 2.5, "bottom": 2.0, "left": 3.0, "right": 2.0}
LANDSCAPE_MARGINS = {"top": 2.0, "bottom": 2.0, "left": 3.0, "right": 2.0}
HEADER_FILL = "E8E8E8"
GROUP_FILL = "F3F3F3"
SHORT_ROW_LINES = 8
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}

# A run: (text, bold).  A paragraph: a string (plain) or a list of runs.  "\n" is a line break.
Run = tuple[str, bool]
Para = str | list[Run]


def font_properties(rpr, *, size: float | None = None, bold: bool | None = None, italic: bool = False) -> None:
    """Set the four font slots, both sizes and both bold flags on a `w:rPr` (a run's or a style's)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for name in list(fonts.attrib):  # theme fonts win over named ones: drop them
        del fonts.attrib[name]
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    flags = [("w:b", bold), ("w:bCs", bold), ("w:i", italic or None), ("w:iCs", italic or None)]
    for tag, value in flags:
        if value is not None:
            _replace(rpr, tag, {} if value else {"w:val": "0"})
    if size is not None:
        half_points = str(round(size * 2))
        _replace(rpr, "w:sz", {"w:val": half_points})
        _replace(rpr, "w:szCs", {"w:val": half_points})


def _replace(parent, tag: str, attrs: dict[str, str]):
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(key), value)
    # Schema order inside rPr: rFonts, b, bCs, i, iCs, …, sz, szCs, …, lang.
    order = ["w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:color", "w:sz", "w:szCs", "w:lang"]
    position = order.index(tag) if tag in order else len(order)
    for index, child in enumerate(parent):
        name = child.tag
        later = [qn(t) for t in order[position + 1 :]]
        if name in later:
            parent.insert(index, element)
            return element
    parent.append(element)
    return element


def thai_language(rpr) -> None:
    _replace(rpr, "w:lang", {"w:val": "th-TH", "w:eastAsia": "th-TH", "w:bidi": "th-TH"})


def _style_document(document) -> None:
    """Normal and the document defaults: TH SarabunPSK 16 pt, Thai, single spacing, no space after."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    font_properties(rpr, size=BODY_PT)
    thai_language(rpr)
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    normal = document.styles["Normal"]
    font_properties(normal.element.get_or_add_rPr(), size=BODY_PT)
    thai_language(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    settings = document.settings.element
    # Tell Word the text is Thai (for its word breaking and proofing).
    theme = OxmlElement("w:themeFontLang")
    theme.set(qn("w:val"), "th-TH")
    theme.set(qn("w:bidi"), "th-TH")
    settings.append(theme)


def _page_number_field(paragraph: Paragraph) -> None:
    """`- PAGE -`; the section's page-number format (thaiNumbers) makes Word print ๒."""
    add_run(paragraph, "- ")
    add_run(paragraph, "")._r.append(_field_char("begin"))
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    add_run(paragraph, "")._r.append(instruction)
    add_run(paragraph, "")._r.append(_field_char("separate"))
    add_run(paragraph, "๒")
    add_run(paragraph, "")._r.append(_field_char("end"))
    add_run(paragraph, " -")


def _field_char(kind: str):
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    return char


def _thai_page_numbers(section) -> None:
    sect = section._sectPr
    for old in sect.findall(qn("w:pgNumType")):
        sect.remove(old)
    number_type = OxmlElement("w:pgNumType")
    number_type.set(qn("w:fmt"), "thaiNumbers")
    # pgNumType goes after pgMar (and pgBorders, lnNumType) in a sectPr.
    margin = sect.find(qn("w:pgMar"))
    margin.addnext(number_type)


def _page_setup(section, *, landscape: bool, margins: dict[str, float]) -> None:
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Cm(height), Cm(width)) if landscape else (Cm(width), Cm(height))
    section.top_margin = Cm(margins["top"])
    section.bottom_margin = Cm(margins["bottom"])
    section.left_margin = Cm(margins["left"])
    section.right_margin = Cm(margins["right"])
    section.header_distance = Cm(1.0)
    section.footer_distance = Cm(1.0)
    _thai_page_numbers(section)


def add_run(paragraph: Paragraph, text: str, *, bold: bool = False, size: float | None = None, italic: bool = False):
    run = paragraph.add_run(text)
    rpr = run._r.get_or_add_rPr()
    font_properties(rpr, size=size, bold=bold or None, italic=italic)
    return run


@dataclass
class Cell:
    """A table cell: its paragraphs, alignment and (for group rows) how many columns it spans."""

    paras: list[Para]
    align: str = "left"
    span: int = 1


@dataclass
class Row:
    cells: list[Cell]
    fills: list[str] = field(default_factory=list)  # per cell, for bars
    bold: bool = False
    fill: str = ""
    keep_next: bool = False  # a heading row stays with the row under it


@dataclass
class Builder:
    """A Word document being written: paragraphs, tables and sections in order."""

    landscape: bool = False
    margins: dict[str, float] = field(default_factory=lambda: dict(MARGINS))
    title: str = ""

    def __post_init__(self) -> None:
        self.document = Document()
        _style_document(self.document)
        self.document.core_properties.title = self.title
        self.document.core_properties.language = "th-TH"
        section = self.document.sections[0]
        _page_setup(section, landscape=self.landscape, margins=self.margins)
        # Page numbers "- ๒ -" at the top centre from page 2 (memo-format §1.5), as the PDFs.
        section.different_first_page_header_footer = True
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_number_field(header)
        self._started = False

    # --- sections ---------------------------------------------------------------------------------

    def new_page(self, *, landscape: bool = False) -> None:
        """Start a new page; a new section (without the first-page exception) when the orientation changes."""
        section = self.document.sections[-1]
        is_landscape = section.orientation == WD_ORIENT.LANDSCAPE
        if landscape == is_landscape:
            self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            return
        new = self.document.add_section(WD_SECTION.NEW_PAGE)
        new.different_first_page_header_footer = False
        _page_setup(new, landscape=landscape, margins=LANDSCAPE_MARGINS if landscape else MARGINS)

    @property
    def text_width_cm(self) -> float:
        section = self.document.sections[-1]
        return (section.page_width - section.left_margin - section.right_margin) / 360000

    # --- paragraphs -------------------------------------------------------------------------------

    def para(
        self,
        content: Para = "",
        *,
        bold: bool = False,
        size: float | None = None,
        align: str = "left",
        first_indent: float | None = None,
        left_indent: float | None = None,
        before: float = 0,
        after: float = 0,
        keep_next: bool = False,
        italic: bool = False,
    ) -> Paragraph:
        paragraph = self.document.add_paragraph()
        fill_paragraph(paragraph, content, bold=bold, size=size, italic=italic)
        fmt = paragraph.paragraph_format
        fmt.alignment = ALIGN[align]
        fmt.space_before = Pt(before)
        fmt.space_after = Pt(after)
        if first_indent is not None:
            fmt.first_line_indent = Cm(first_indent)
        if left_indent is not None:
            fmt.left_indent = Cm(left_indent)
        fmt.keep_with_next = keep_next or None
        return paragraph

    def heading(self, text: str, *, size: float = BODY_PT, before: float = 12, align: str = "left") -> Paragraph:
        return self.para(text, bold=True, size=size, before=before, after=4, keep_next=True, align=align)

    def bullets(self, items: list[str], *, size: float | None = None) -> None:
        """A bulleted list (Word's own bullets, as the PDF's list markers: not part of the text)."""
        for item in items:
            paragraph = self.para(item, size=size, after=2)
            paragraph.style = self.document.styles["List Bullet"]
            paragraph.paragraph_format.left_indent = Cm(1.5)
            paragraph.paragraph_format.first_line_indent = Cm(-0.6)

    # --- tables -----------------------------------------------------------------------------------

    def table(
        self,
        columns: list[tuple[str, float]],
        rows: list[Row],
        *,
        size: float = TABLE_PT,
        header: bool = True,
        borders: bool = True,
        width_cm: float | None = None,
    ) -> Table:
        """A bordered table: `columns` are (header, width in % of the text width); the header row
        repeats on every page and short rows do not split across pages."""
        width = width_cm or self.text_width_cm
        widths = [Cm(width * share / sum(w for _, w in columns)) for _, share in columns]
        table = self.document.add_table(rows=0, cols=len(columns))
        table.style = self.document.styles["Table Grid" if borders else "Normal Table"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _fixed_layout(table)
        if header:
            head = Row([Cell([label], align="center") for label, _ in columns], bold=True, fill=HEADER_FILL)
            _add_row(table, head, widths, size=size, repeat=True)
        for row in rows:
            _add_row(table, row, widths, size=size)
        for index, column in enumerate(table.columns):
            column.width = widths[index]
        self.para("", size=6)  # Word needs a paragraph between two tables, and it spaces them
        return table

    @staticmethod
    def nested_table(cell, shares: list[float], *, width_cm: float) -> Table:
        """A one-row table without borders inside a cell (the OIT report's cost bars)."""
        table = cell.add_table(rows=1, cols=len(shares))
        table.autofit = False
        _fixed_layout(table)
        for inner, share in zip(table.rows[0].cells, shares, strict=True):
            inner.width = Cm(width_cm * share / sum(shares))
        return table

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def fill_paragraph(paragraph: Paragraph, content: Para, *, bold: bool = False, size=None, italic=False) -> None:
    runs: list[Run] = [(content, bold)] if isinstance(content, str) else content
    for text, run_bold in runs:
        if text:
            add_run(paragraph, text, bold=run_bold or bold, size=size, italic=italic)


def _fixed_layout(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)


def _row_flag(row, tag: str) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement(tag)
    tr_pr.append(flag)


def shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr.append(shading)


def _estimated_lines(row: Row, widths, size: float) -> int:
    """Roughly how many lines the row's tallest cell takes (a Thai letter ≈ 0.45 em wide)."""
    tallest, column = 0, 0
    for spec in row.cells:
        width_pt = sum(widths[column : column + spec.span]) / 12700 - 11  # EMU to pt, less the cell margins
        column += spec.span
        per_line = max(1, int(width_pt / (size * 0.45)))
        count = 0
        for content in spec.paras:
            text = content if isinstance(content, str) else "".join(text for text, _ in content)
            count += sum(-(-len(line) // per_line) or 1 for line in text.split("\n"))
        tallest = max(tallest, count)
    return tallest


def _add_row(table: Table, row: Row, widths, *, size: float, repeat: bool = False) -> None:
    cells = table.add_row().cells
    # A short row stays on one page; a long one may break (a row that cannot break and is taller
    # than the space left is pushed whole to the next page, and clipped if taller than a page).
    if repeat or _estimated_lines(row, widths, size) <= SHORT_ROW_LINES:
        _row_flag(table.rows[-1], "w:cantSplit")
    if repeat:
        _row_flag(table.rows[-1], "w:tblHeader")
    column = 0
    for index, spec in enumerate(row.cells):
        cell = cells[column]
        if spec.span > 1:
            cell = cell.merge(cells[column + spec.span - 1])
        cell.width = Emu(sum(widths[column : column + spec.span]))
        column += spec.span
        fill = row.fills[index] if row.fills else row.fill
        if fill:
            shade(cell, fill)
        first = cell.paragraphs[0]
        for number, content in enumerate(spec.paras or [""]):
            paragraph = first if number == 0 else cell.add_paragraph()
            fill_paragraph(paragraph, content, bold=row.bold, size=size)
            paragraph.paragraph_format.alignment = ALIGN[spec.align]
            paragraph.paragraph_format.keep_with_next = row.keep_next or None
            if number:
                paragraph.paragraph_format.space_before = Pt(2)
        if repeat:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def lines(text: str) -> str:
    """Typed text with its line breaks kept (python-docx turns "\\n" into <w:br/>)."""
    return (text or "").replace("\r\n", "\n").strip("\n")


def cover(builder: Builder, doc: dict) -> None:
    """The report cover (templates/reports/pdf/_cover.html)."""
    builder.para("", size=COVER_PT, before=90)
    for line in [*doc.get("title_lines", []), doc.get("fiscal_year_line", ""), doc.get("round_line", "")]:
        if line:
            builder.para(line, bold=True, size=COVER_TITLE_PT, align="center")
    if doc.get("period_line"):
        builder.para(doc["period_line"], size=COVER_PT, align="center", before=8)
    agency = doc.get("agency", {})
    builder.para(agency.get("full_name", ""), bold=True, size=22, align="center", before=120)
    builder.para(doc.get("place_line", ""), bold=True, size=22, align="center")
    if doc.get("prepared_by"):
        builder.para("จัดทำโดย", bold=True, size=COVER_PT, align="center", before=70)
        for line in doc["prepared_by"]:
            builder.para(line, size=COVER_PT, align="center")
