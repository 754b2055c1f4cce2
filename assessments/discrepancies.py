"""Why a published score differs from the computed one, in plain Thai: which zero-scored or missing
items pull the computed value down, which indicators were taken as published, computed from items
or are missing, and whether the year's weights are only an assumption."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from assessments.models import Assessment, FrameworkVersion
from assessments.scoring import FrameworkShape, ScoreSheet
from ita_portal import thai
from ita_portal.thai import numbers_text

if TYPE_CHECKING:
    from assessments.analysis import IndicatorRow, ZeroItem

TOLERANCE = Decimal("0.005")
HUNDRED = Decimal(100)
SOURCE_PHRASES = {"items": "คำนวณจากผลรายข้อ", "reported": "ใช้คะแนนตามที่ประกาศ", "missing": "ไม่มีคะแนน"}
REPORTED_FIELDS = [("total", "คะแนนรวม"), ("IIT", "IIT"), ("EIT", "EIT"), ("OIT", "OIT")]


@dataclass(frozen=True)
class Discrepancy:
    field: str  # "total" | "IIT" | "EIT" | "OIT"
    label: str
    reported: Decimal
    computed: Decimal | None
    reasons: list[str]

    @property
    def difference(self) -> Decimal | None:
        return None if self.computed is None else self.computed - self.reported


def discrepancies(
    assessment: Assessment,
    shape: FrameworkShape,
    sheet: ScoreSheet,
    rows: list[IndicatorRow],
    zero_items: list[ZeroItem],
    missing_items: list[str],
) -> list[Discrepancy]:
    """Every published figure (total, IIT, EIT, OIT) that the computation does not reproduce, with why."""
    found = []
    for key, label in REPORTED_FIELDS:
        reported = _reported(assessment, key)
        if reported is None:
            continue
        computed = sheet.total if key == "total" else sheet.tools.get(key)
        if computed is not None and abs(computed - reported) <= TOLERANCE:
            continue
        scope = [r for r in rows if key == "total" or r.tool == key]
        reasons = _reasons(key, label, reported, computed, shape, scope, zero_items, missing_items, assessment)
        found.append(Discrepancy(key, label, reported, computed, reasons))
    return found


def _reasons(
    key: str,
    label: str,
    reported: Decimal,
    computed: Decimal | None,
    shape: FrameworkShape,
    rows: list[IndicatorRow],
    zero_items: list[ZeroItem],
    missing_items: list[str],
    assessment: Assessment,
) -> list[str]:
    t = thai.thai_number
    reasons = []
    missing = [r for r in rows if r.source == "missing"]
    if computed is None:
        names = ", ".join(f"ตัวชี้วัดที่ {thai.thai_digits(r.number)} {r.name}" for r in missing)
        tools = sorted({r.tool for r in missing}, key=list(shape.weights).index)
        what = label if key != "total" else " และ".join([*(f"คะแนน {code}" for code in tools), "คะแนนรวม"])
        why = f"ไม่มีคะแนน{names}" if missing else "ข้อมูลไม่ครบ"
        reasons.append(f"{why} จึงคำนวณ{what}ไม่ได้ ระบบแสดงคะแนนตามที่ประกาศ {t(reported)} แทน")
    else:
        direction = "ต่ำกว่า" if computed < reported else "สูงกว่า"
        reasons.append(
            f"{label}ที่คำนวณได้ {t(computed)} {direction}ที่ประกาศ {t(reported)} อยู่ {t(abs(computed - reported))} คะแนน"
        )
    reasons.append(_sources_sentence(rows))
    in_scope = [z for z in zero_items if key == "total" or key == "OIT"]
    if in_scope and (computed is None or computed < reported):
        index = 1 if key == "total" else 0
        points = [(z.code, z.total_impact if index else z.tool_impact) for z in in_scope]
        listed = ", ".join(f"{code} (−{t(p)})" for code, p in points if p is not None)
        reasons.append(f"ข้อที่ได้ ๐ คะแนนดึงคะแนนที่คำนวณลง (ในวงเล็บคือคะแนนที่เสียไปต่อข้อ): {listed}")
        if computed is not None:
            match = _explaining_items(points, reported - computed)
            if match:
                codes = " ".join(match)
                reasons.append(
                    f"ผลต่างเท่ากับคะแนนของข้อ {codes} พอดี ผลที่ประกาศอาจนับข้อเหล่านี้ว่าผ่าน "
                    "(เช่น หลังพิจารณาคำชี้แจง) กรุณาตรวจสอบกับผลบนระบบ ITAS"
                )
    if missing_items and key in ("total", "OIT"):
        reasons.append(f"ไม่มีผลรายข้อของ {', '.join(missing_items)} จึงคำนวณตัวชี้วัดย่อยที่มีข้อเหล่านี้ไม่ได้")
    if key == "total":
        reasons.extend(_weights_sentences(reported, computed, shape, rows, assessment))
    return [r for r in reasons if r]


def _weights_sentences(
    reported: Decimal,
    computed: Decimal | None,
    shape: FrameworkShape,
    rows: list[IndicatorRow],
    assessment: Assessment,
) -> list[str]:
    t = thai.thai_number
    weights = " / ".join(f"{code} {thai.thai_digits(f'{w.normalize():f}')}" for code, w in shape.weights.items())
    year = thai.thai_digits(assessment.framework.year)
    low, high = _total_range(shape, rows, Decimal(0)), _total_range(shape, rows, HUNDRED)
    sentences = []
    if computed is None and low is not None and high is not None:
        if not low - TOLERANCE <= reported <= high + TOLERANCE:
            sentences.append(
                f"ผลรวมตามน้ำหนัก {weights} ของปี {year} อยู่ระหว่าง {t(low)} ถึง {t(high)} "
                f"ไม่ว่าตัวชี้วัดที่ขาดจะได้กี่คะแนน จึงไม่ตรงกับที่ประกาศ {t(reported)} "
                "น้ำหนักที่ ป.ป.ช. ใช้ในปีนี้อาจต่างจากที่บันทึกไว้ หรือคะแนนที่ประกาศไม่ครบ"
            )
        else:
            sentences.append(f"ถ้าใช้น้ำหนัก {weights} คะแนนที่ประกาศ {t(reported)} อยู่ในช่วงที่เป็นไปได้ ({t(low)} ถึง {t(high)})")
    elif computed is not None:
        sentences.append(f"ผลรวมตามน้ำหนัก {weights} ของปี {year} ได้ {t(computed)} ไม่ตรงกับที่ประกาศ {t(reported)}")
    if weights_are_assumed(assessment.framework):
        sentences.append(
            f"น้ำหนักเครื่องมือของปี {year} เป็นค่าที่สันนิษฐาน ยังไม่ได้ยืนยันจากเอกสารของ ป.ป.ช. จึงควรถือคะแนนรวมที่ประกาศเป็นหลัก"
        )
    return sentences


def weights_are_assumed(framework: FrameworkVersion) -> bool:
    """The year's weights were assumed (frameworks.json), not read in an NACC document."""
    return not framework.weights_verified


def _total_range(shape: FrameworkShape, rows: list[IndicatorRow], fill: Decimal) -> Decimal | None:
    """The weighted total with every missing indicator set to `fill` (0 or 100)."""
    total = Decimal(0)
    for code, weight in shape.weights.items():
        values = [r.score if r.score is not None else fill for r in rows if r.tool == code]
        if not values:
            return None
        total += weight / HUNDRED * sum(values) / len(values)
    return total.quantize(Decimal("0.01"))


def _explaining_items(points: list[tuple[str, Decimal | None]], gap: Decimal) -> list[str]:
    """The smallest set (at most three) of zero-scored items whose points add up to the gap."""
    known = [(code, p) for code, p in points if p is not None]
    for size in (1, 2, 3):
        for combo in itertools.combinations(known, size):
            if abs(sum(p for _, p in combo) - gap) <= Decimal("0.01"):
                return [code for code, _ in combo]
    return []


def _sources_sentence(rows: list[IndicatorRow]) -> str:
    parts = []
    for source in ("items", "reported", "missing"):
        numbers = [r.number for r in rows if r.source == source]
        if numbers:
            parts.append(f"ตัวชี้วัดที่ {numbers_text(numbers)} {SOURCE_PHRASES[source]}")
    return "ที่มาของคะแนน: " + "; ".join(parts) if parts else ""


def _reported(assessment: Assessment, key: str) -> Decimal | None:
    return getattr(assessment, f"reported_{key.lower()}")
