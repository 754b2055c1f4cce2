"""Tables of the analysis report (kind "analysis"): tools, indicators, advice per tool, the OIT items
with the reviewers' comments, and the zero-scored items ranked by the points they would bring.

Rows are plain dicts of strings (Thai digits for every generated number) for the snapshot.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from assessments import rating as ratings
from assessments.analysis import STRENGTH, WEAKNESS, Analysis, IndicatorRow, ToolRow, ZeroItem, item_impacts
from assessments.models import FrameworkVersion, Item, SubIndicator
from assessments.scoring import framework_shape
from ita_portal import thai
from reports.documents import analysis_text as text

STATUS_LABELS = {STRENGTH: "จุดแข็ง", WEAKNESS: "จุดที่ต้องพัฒนา", "": "ไม่มีข้อมูล"}
CENT = Decimal("0.01")


def change(value: Decimal | None) -> str:
    """+๒.๑๐ / −๑.๐๐ / – (no previous year)."""
    if value is None:
        return "–"
    return ("+" if value > 0 else "−" if value < 0 else "") + thai.thai_number(abs(value))


def tool_row(tool: ToolRow) -> dict[str, Any]:
    return {
        "code": tool.code,
        "name": tool.name,
        "weight_text": f"ร้อยละ {text.plain(tool.weight)}",
        "score_text": text.score(tool.score),
        "grade": tool.grade or "–",
        "change_text": change(tool.change),
    }


def indicator_row(row: IndicatorRow) -> dict[str, Any]:
    return {
        "number": row.number,
        "number_text": thai.thai_digits(row.number),
        "name": row.name,
        "tool": row.tool,
        "score_text": text.score(row.score),
        "status": row.status,
        "status_label": STATUS_LABELS[row.status],
        "change_text": change(row.change),
    }


def topics(analysis: Analysis) -> dict[int, list[tuple[str, list[str]]]]:
    """Indicator number → its sub-indicators as (name, group names), for the OIT descriptions."""
    subs = (
        SubIndicator.objects.filter(indicator__framework=analysis.framework)
        .select_related("indicator")
        .prefetch_related("groups")
        .order_by("indicator__number", "order")
    )
    found: dict[int, list[tuple[str, list[str]]]] = {}
    for sub in subs:
        groups = [g.name_th for g in sub.groups.all()]
        name = sub.name_th or (groups[0] if len(groups) == 1 else f"ตัวชี้วัดย่อยที่ {thai.thai_digits(sub.code)}")
        found.setdefault(sub.indicator.number, []).append((name, groups))
    return found


def recommendations(analysis: Analysis, zeros: dict[int, list[ZeroItem]]) -> list[dict[str, Any]]:
    """ข้อเสนอแนะ: per tool, its verdict and the advice for each of its indicators."""
    groups = []
    for tool in analysis.tools:
        rows = [r for r in analysis.indicators if r.tool == tool.code]
        zero_count = sum(len(zeros.get(r.number, [])) for r in rows)
        groups.append(
            {
                "code": tool.code,
                "paragraph": text.tool_paragraph(
                    name=tool.name,
                    code=tool.code,
                    score_value=tool.score,
                    grade=tool.grade,
                    pass_mark=analysis.pass_mark,
                    zero_count=zero_count,
                ),
                "rows": [
                    {
                        "indicator": text.indicator_label(r),
                        "score_text": text.score(r.score),
                        "status_label": STATUS_LABELS[r.status],
                        "lines": text.recommendation(r, zeros.get(r.number, [])),
                    }
                    for r in rows
                ],
            }
        )
    return groups


def item_table(analysis: Analysis) -> dict[str, Any] | None:
    """Every OIT item of the year under its indicator, sub-indicator and group, with the result,
    the reviewer's comment and the appeal decision; None when the year has no item results."""
    if not analysis.has_item_results:
        return None
    items = (
        Item.objects.filter(framework=analysis.framework, indicator__tool__code="OIT")
        .select_related("indicator", "sub_indicator", "group")
        .order_by("order", "code")
    )
    results = {r.item_id: r for r in analysis.assessment.item_results.all()}
    indicators = {r.number: r for r in analysis.indicators}
    sub_scores = {s.code: s.score for r in analysis.indicators for s in r.sub_indicators}
    rows: list[dict[str, Any]] = []
    seen: dict[str, object] = {}
    counts = {"total": 0, "full": 0, "zero": 0, "other": 0}
    for item in items:
        row = indicators.get(item.indicator.number)
        if seen.get("indicator") != item.indicator_id:
            seen = {"indicator": item.indicator_id}
            rows.append(
                {
                    "type": "indicator",
                    "text": f"ตัวชี้วัดที่ {thai.thai_digits(item.indicator.number)} {item.indicator.name_th}",
                    "score_text": text.score(row.score if row else None),
                }
            )
        sub = item.sub_indicator
        if sub is not None and seen.get("sub") != sub.pk:
            seen["sub"], seen["group"] = sub.pk, None
            rows.append(
                {
                    "type": "sub",
                    "text": f"ตัวชี้วัดย่อยที่ {thai.thai_digits(sub.code)} {sub.name_th}".strip(),
                    "score_text": text.score(sub_scores.get(sub.code)),
                }
            )
        if item.group is not None and seen.get("group") != item.group_id:
            seen["group"] = item.group_id
            rows.append({"type": "group", "text": item.group.name_th})
        result = results.get(item.pk)
        if result is not None:
            counts["total"] += 1
            key = "full" if result.score >= 100 else "zero" if result.score == 0 else "other"
            counts[key] += 1
        rows.append(
            {
                "type": "item",
                "code_text": thai.thai_digits(item.code),
                "name": item.name_th,
                "comment": result.comment if result else "",
                "decision": result.decision if result else "",
                "decision_date_text": thai.thai_date(result.decision_date) if result else "",
                "score_text": text.score(result.score) if result else "–",
                "zero": result is not None and result.score == 0,
                "missing": result is None,
            }
        )
    oit = [r for r in analysis.indicators if r.tool == "OIT"]
    return {"intro": text.items_intro(oit, **counts), "rows": rows}


def fixes(analysis: Analysis, total: Decimal | None, reported: bool) -> dict[str, Any] | None:
    """The zero-scored items, most points first, and what the OIT and total would be with all put right."""
    if not analysis.zero_items:
        return None
    order = {z.code: n for n, z in enumerate(analysis.zero_items)}
    ranked = sorted(analysis.zero_items, key=lambda z: (-(z.total_impact or 0), order[z.code]))
    rows = [
        {
            "rank_text": thai.thai_digits(n),
            "code_text": thai.thai_digits(z.code),
            "name": z.name,
            "sub_text": thai.thai_digits(z.sub_indicator) if z.sub_indicator else "–",
            "tool_gain_text": text.score(z.tool_impact),
            "total_gain_text": text.score(z.total_impact),
        }
        for n, z in enumerate(ranked, start=1)
    ]
    impacts = item_impacts(framework_shape(analysis.framework))
    known = [impacts[z.code] for z in analysis.zero_items if z.code in impacts]
    oit = next((t.score for t in analysis.tools if t.code == "OIT"), None)
    oit_new = total_new = None
    if oit is not None and len(known) == len(analysis.zero_items):
        oit_new = min(oit + sum(tool for tool, _ in known), Decimal(100)).quantize(CENT)
        if total is not None and not reported:
            total_new = (total + sum(points for _, points in known)).quantize(CENT)
    summary = text.fixes_summary(
        count=len(rows),
        oit=oit,
        oit_new=oit_new,
        total=total if total_new is not None else None,
        total_new=total_new,
        grade_new=_rating_after_fixes(analysis, oit_new, total_new),
        pass_mark=analysis.pass_mark,
    )
    return {"count_text": thai.thai_digits(len(rows)), "rows": rows, "summary": summary}


def _rating_after_fixes(analysis: Analysis, oit_new: Decimal | None, total_new: Decimal | None) -> str:
    tools = {t.code: t.score for t in analysis.tools}
    tools["OIT"] = oit_new
    return framework_shape(analysis.framework).rate(total_new, tools).label


def rating_rules_text(framework: FrameworkVersion) -> str:
    """The year's rating rules in one line, Thai digits: "ผ่านดีเยี่ยม: คะแนนรวม ≥ ๙๕ และทุกแบบวัด ≥ ๙๕; …"."""
    parts = []
    for rule in ratings.rules_from_data(framework.rating_rules):
        line = f"{rule.label}: คะแนนรวม ≥ {text.plain(rule.min_total)}"
        if rule.min_each_tool is not None:
            line += f" และทุกแบบวัด ≥ {text.plain(rule.min_each_tool)}"
        parts.append(line)
    return "; ".join(parts)
