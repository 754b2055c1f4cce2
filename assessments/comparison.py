"""The province comparison: every agency of a province assessed in a year, with its total, grade,
tools and ten indicators, the province's mean per column and how many pass; as a sortable table
and as XLSX.

Scores are computed with assessments.scoring, as on the analysis page. The query count does not
grow with the number of agencies: the assessments, all their indicator scores and all their item
results are read in one query each, plus three per catalogue year involved.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import django_tables2 as tables
from django.utils.html import format_html
from django_tables2.data import TableListData
from django_tables2.utils import Accessor, OrderBy
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from pythainlp.util import collate

from assessments.models import Agency, Assessment, Indicator, IndicatorScore, ItemResult
from assessments.rating import Rating
from assessments.scoring import compute_scores, framework_shape
from ita_portal import thai
from ita_portal.downloads import xlsx_print_landscape, xlsx_titled_sheet
from ita_portal.tables import Table

INDICATORS = range(1, 11)
TOOLS = ["iit", "eit", "oit"]
SCORE_KEYS = ["total", *TOOLS, *(f"i{n}" for n in INDICATORS)]
REPORTED_MARK = "(ตามที่ประกาศ)"


@dataclass
class ComparisonRow:
    agency: Agency
    assessment: Assessment
    scores: dict[str, Decimal | None]  # SCORE_KEYS → value
    total_is_reported: bool
    rating: Rating
    passed: bool | None
    name_rank: int = 0  # position of the agency's name in Thai dictionary order
    rating_level: int = 0  # how many rules lie below the rating: ผ่านดี 94 sorts above ผ่าน 94.6

    @property
    def grade(self) -> str:
        return self.rating.label

    @property
    def grade_rank(self) -> tuple[int, Decimal] | None:
        """Ratings sort by their rule, then by the total they come from."""
        return (self.rating_level, self.scores["total"]) if self.grade else None


@dataclass
class Comparison:
    province: str
    fiscal_year: int
    rows: list[ComparisonRow]
    indicator_names: dict[int, str] = field(default_factory=dict)
    means: dict[str, Decimal | None] = field(default_factory=dict)
    pass_mark: Decimal = Decimal("85.00")

    @property
    def passing(self) -> int:
        return sum(1 for row in self.rows if row.passed)

    @property
    def with_total(self) -> int:
        return sum(1 for row in self.rows if row.scores["total"] is not None)


def province_comparison(*, province: str, fiscal_year: int) -> Comparison:
    """Every assessment of the province's agencies for the fiscal year, with computed scores.

    The total is the computed one, or the published one (marked) when it cannot be computed; the
    grade and pass / fail follow that total and the year's bands and pass mark.
    """
    assessments = list(
        Assessment.objects.filter(agency__province=province, fiscal_year=fiscal_year).select_related(
            "agency", "framework"
        )
    )
    ids = [a.pk for a in assessments]
    reported: dict[int, dict[int, Decimal]] = {}
    for assessment_id, number, score in IndicatorScore.objects.filter(assessment__in=ids).values_list(
        "assessment_id", "indicator__number", "score"
    ):
        reported.setdefault(assessment_id, {})[number] = score
    items: dict[int, dict[str, Decimal]] = {}
    for assessment_id, code, score in ItemResult.objects.filter(assessment__in=ids).values_list(
        "assessment_id", "item__code", "score"
    ):
        items.setdefault(assessment_id, {})[code] = score
    shapes = {}
    rows = []
    for a in assessments:
        if a.framework_id not in shapes:
            shapes[a.framework_id] = framework_shape(a.framework)
        shape = shapes[a.framework_id]
        sheet = compute_scores(shape, reported=reported.get(a.pk, {}), item_scores=items.get(a.pk, {}))
        total, from_report = sheet.total, False
        if total is None and a.reported_total is not None:
            total, from_report = a.reported_total, True
        scores = {"total": total, **{t: sheet.tools.get(t.upper()) for t in TOOLS}}
        scores.update({f"i{n}": sheet.indicators.get(n) for n in INDICATORS})
        passed = None if total is None else total >= shape.pass_mark
        tools = {t.upper(): scores[t] or getattr(a, f"reported_{t}") for t in TOOLS}
        rated = shape.rate(total, tools)
        labels = [r.label for r in shape.rating_rules]
        level = len(labels) - labels.index(rated.label) if rated.label in labels else 0
        rows.append(ComparisonRow(a.agency, a, scores, from_report, rated, passed, rating_level=level))
    order = {name: i for i, name in enumerate(collate([row.agency.name for row in rows]))}
    for row in rows:
        row.name_rank = order[row.agency.name]
    rows.sort(key=lambda row: row.name_rank)
    names = dict(
        Indicator.objects.filter(framework__in=list(shapes))
        .order_by("framework__year")
        .values_list("number", "name_th")
    )
    pass_mark = next(iter(shapes.values())).pass_mark if shapes else Decimal("85.00")
    return Comparison(province, fiscal_year, rows, names, column_means(rows), pass_mark)


def column_means(rows: list[ComparisonRow]) -> dict[str, Decimal | None]:
    """Mean of each column over the agencies that have a value (published totals included)."""
    means: dict[str, Decimal | None] = {}
    for key in SCORE_KEYS:
        values = [row.scores[key] for row in rows if row.scores[key] is not None]
        means[key] = (sum(values) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP) if values else None
    return means


# --- Table ------------------------------------------------------------------------------------


class NullsLastData(TableListData):
    """Sorts in Python with empty values last in both directions (django-tables2 cannot compare None)."""

    def order_by(self, aliases) -> None:
        for alias in reversed(list(aliases)):
            order = OrderBy(alias)
            column = self.table.columns[order.bare]
            accessor = Accessor(column.order_by[0].bare)  # the column's order_by, else its accessor
            present = [r for r in self.data if accessor.resolve(r, quiet=True) is not None]
            absent = [r for r in self.data if accessor.resolve(r, quiet=True) is None]
            present.sort(key=lambda r, a=accessor: a.resolve(r), reverse=order.is_descending)
            self.data = present + absent


class ScoreColumn(tables.Column):
    """A score in Thai digits; the footer is the province's mean of the column."""

    def __init__(self, key: str, header: str, *, title: str = "", **kwargs) -> None:
        self.key = key
        th = {"class": "num", "title": title} if title else {"class": "num"}
        attrs = {"td": {"class": "num", "data-label": header}, "th": th, "tf": {"class": "num", "data-label": header}}
        super().__init__(header, accessor=f"scores__{key}", attrs=attrs, default="–", **kwargs)

    def render(self, value: Decimal) -> str:
        return thai.thai_number(value)

    def render_footer(self, bound_column, table) -> str:
        return thai.thai_number(table.means.get(self.key))


class ComparisonTable(Table):
    agency = tables.Column(
        "หน่วยงาน", accessor="agency__short_name", order_by=("name_rank",), attrs={"td": {"data-label": "หน่วยงาน"}}
    )
    total = ScoreColumn("total", "คะแนนรวม", initial_sort_descending=True)
    grade = tables.Column(
        "ระดับ",
        accessor="grade",
        order_by=("grade_rank",),
        initial_sort_descending=True,
        attrs={"td": {"data-label": "ระดับ"}},
    )

    class Meta(Table.Meta):
        attrs = {"class": "stack comparison-table"}
        template_name = "assessments/analysis/_comparison_table.html"
        empty_text = "ยังไม่มีผลการประเมินของหน่วยงานในจังหวัดนี้สำหรับปีงบประมาณนี้"

    def __init__(self, data, *, means: dict[str, Decimal | None], indicator_names: dict[int, str], **kwargs) -> None:
        extra = [(t, ScoreColumn(t, t.upper(), initial_sort_descending=True)) for t in TOOLS]
        for n in INDICATORS:
            header = f"ตัวชี้วัดที่ {thai.thai_digits(n)}"
            title = indicator_names.get(n, "")
            extra.append((f"i{n}", ScoreColumn(f"i{n}", header, title=title, initial_sort_descending=True)))
        super().__init__(NullsLastData(data), extra_columns=extra, order_by="agency", **kwargs)
        self.means = means

    @classmethod
    def for_comparison(cls, comparison: Comparison) -> ComparisonTable:
        return cls(comparison.rows, means=comparison.means, indicator_names=comparison.indicator_names)

    def render_agency(self, record: ComparisonRow) -> str:
        from django.urls import reverse

        url = reverse("assessments:analysis", args=[record.agency.pk, record.assessment.fiscal_year])
        return format_html(
            '<a href="{}">{}</a> <small class="meta">อ.{}</small>',
            url,
            record.agency.short_name,
            record.agency.district,
        )

    def render_total(self, record: ComparisonRow, value: Decimal) -> str:
        if record.total_is_reported:
            return format_html('{} <small class="reported">{}</small>', thai.thai_number(value), REPORTED_MARK)
        return thai.thai_number(value)

    def render_grade(self, record: ComparisonRow) -> str:
        from assessments.templatetags.ratings import rating_badge

        return rating_badge(record.rating)


# --- XLSX -------------------------------------------------------------------------------------


def comparison_title(comparison: Comparison) -> str:
    return (
        f"ผลการประเมินคุณธรรมและความโปร่งใส (ITA) ปีงบประมาณ พ.ศ. {thai.thai_digits(comparison.fiscal_year)} "
        f"หน่วยงานในจังหวัด{comparison.province}"
    )


def comparison_filename(comparison: Comparison) -> str:
    return f"ผลการประเมิน ITA จังหวัด{comparison.province} ปีงบประมาณ {comparison.fiscal_year}.xlsx"


def comparison_xlsx(comparison: Comparison, *, rows: list[ComparisonRow] | None = None) -> bytes:
    """A printable sheet: title row, bold frozen header, one row per agency, the mean and the pass count."""
    rows = comparison.rows if rows is None else rows
    headers = ["ลำดับ", "หน่วยงาน", "อำเภอ", "คะแนนรวม", "ที่มาของคะแนนรวม", "ระดับ", "เหตุผลของระดับ", "ผลการประเมิน"]
    headers += ["IIT", "EIT", "OIT"]
    headers += [f"ตัวชี้วัดที่ {thai.thai_digits(n)} {comparison.indicator_names.get(n, '')}".strip() for n in INDICATORS]
    widths = [7, 26, 16, 12, 18, 12, 40, 14, 10, 10, 10, *([14] * 10)]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"ITA {thai.thai_digits(comparison.fiscal_year)} {comparison.province}"[:31]
    xlsx_titled_sheet(sheet, title=comparison_title(comparison), headers=headers)
    mark = thai.thai_number(comparison.pass_mark, 0)
    for number, row in enumerate(rows, start=1):
        scores = row.scores
        source = "" if scores["total"] is None else "ตามที่ประกาศ" if row.total_is_reported else "คำนวณ"
        verdict = "" if row.passed is None else "ผ่านเกณฑ์" if row.passed else "ไม่ผ่านเกณฑ์"
        reason = row.rating.explanation
        values = [
            number,
            row.agency.short_name,
            row.agency.district,
            scores["total"],
            source,
            row.grade,
            reason,
            verdict,
        ]
        sheet.append(values + [scores[t] for t in TOOLS] + [scores[f"i{n}"] for n in INDICATORS])
    sheet.append(
        ["", "ค่าเฉลี่ยจังหวัด", "", comparison.means.get("total"), "", "", "", ""]
        + [comparison.means.get(key) for key in SCORE_KEYS[1:]]
    )
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    passing = f"{thai.thai_digits(comparison.passing)} จาก {thai.thai_digits(len(rows))}"
    sheet.append(["", f"ผ่านเกณฑ์ ({mark} คะแนน) {passing} หน่วยงาน"])
    for row_cells in sheet.iter_rows(min_row=3, max_row=sheet.max_row):
        for cell in row_cells:
            if isinstance(cell.value, Decimal):
                cell.value = float(cell.value)
                cell.number_format = "0.00"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C3"
    xlsx_print_landscape(sheet)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
