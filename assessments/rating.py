"""The year's official rating of an ITA result, from the framework's rating rules (data, not code).

A framework has one of two schemes:
- "bands" (ITA 2564–2565): a letter AA … F by the total alone;
- "labels" (ITA 2566 onwards): ผ่านดีเยี่ยม … ต้องปรับปรุงโดยด่วน, where a rule may also ask
  every tool to reach a minimum (ผ่านดี: total ≥ 85 and IIT, EIT, OIT each ≥ 85).
Rules are ordered from the highest; the first whose conditions hold is the rating. The
explanation says why the result did not reach the rule just above it, in the words an
official would use: "ผ่าน — คะแนนรวม ๙๔.๖๔ แต่ EIT ต่ำกว่า ๘๕ จึงไม่ได้ระดับผ่านดี".
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ita_portal import thai

BANDS = "bands"
LABELS = "labels"
UNCONFIRMED = "เกณฑ์ยังไม่ยืนยัน"


@dataclass(frozen=True)
class RatingRule:
    label: str
    min_total: Decimal
    min_each_tool: Decimal | None = None

    def misses(self, total: Decimal, tools: dict[str, Decimal | None]) -> list[str]:
        """What keeps (total, tools) below this rule, as Thai phrases; empty when it holds."""
        if total < self.min_total:
            return [f"คะแนนรวมต่ำกว่า {_plain(self.min_total)}"]
        if self.min_each_tool is None:
            return []
        if not tools or any(v is None for v in tools.values()):
            return ["ยังไม่มีคะแนนครบทุกแบบวัด"]
        return [f"{code} ต่ำกว่า {_plain(self.min_each_tool)}" for code, v in tools.items() if v < self.min_each_tool]  # type: ignore[operator]


@dataclass(frozen=True)
class Rating:
    label: str
    reason: str  # "คะแนนรวม ๙๔.๖๔ แต่ EIT ต่ำกว่า ๘๕ จึงไม่ได้ระดับผ่านดี"
    confirmed: bool
    scheme: str
    tone: str = ""  # "pass" (at or above the pass mark), "mid", or "low" (the last rule): the badge's colour

    def __str__(self) -> str:
        return self.label

    @property
    def explanation(self) -> str:
        """The label, its reason, and "เกณฑ์ยังไม่ยืนยัน" when the rule is a candidate."""
        if not self.label:
            return ""
        text = f"{self.label} — {self.reason}"
        return text if self.confirmed else f"{text} ({UNCONFIRMED})"


NO_RATING = Rating(label="", reason="", confirmed=True, scheme="")


def rules_from_data(raw: list[dict[str, Any]]) -> list[RatingRule]:
    """The stored JSON ([{"label", "min_total", "min_each_tool"}]) as rules; raises ValueError on bad data."""
    rules = []
    for entry in raw:
        try:
            each = entry.get("min_each_tool")
            rules.append(
                RatingRule(
                    label=str(entry["label"]).strip(),
                    min_total=Decimal(str(entry["min_total"])),
                    min_each_tool=None if each in (None, "") else Decimal(str(each)),
                )
            )
        except (KeyError, InvalidOperation, TypeError) as exc:
            raise ValueError(f"เกณฑ์ระดับไม่ถูกต้อง: {entry}") from exc
    return rules


def rules_to_data(rules: list[RatingRule]) -> list[dict[str, str | None]]:
    return [
        {
            "label": r.label,
            "min_total": f"{r.min_total:.2f}",
            "min_each_tool": None if r.min_each_tool is None else f"{r.min_each_tool:.2f}",
        }
        for r in rules
    ]


def rules_problems(rules: list[RatingRule]) -> list[str]:
    """Why a rule list cannot be used (Thai), or nothing: labels unique, ordered from the highest, ending at 0."""
    problems = []
    if not rules:
        return ["ต้องมีเกณฑ์ระดับอย่างน้อยหนึ่งระดับ"]
    labels = [r.label for r in rules]
    if any(not label for label in labels):
        problems.append("ทุกระดับต้องมีชื่อ")
    if len(set(labels)) != len(labels):
        problems.append("ชื่อระดับซ้ำกัน")
    for higher, lower in itertools.pairwise(rules):
        if (higher.min_total, higher.min_each_tool or 0) < (lower.min_total, lower.min_each_tool or 0):
            problems.append(f"เกณฑ์ต้องเรียงจากสูงไปต่ำ: ระดับ {higher.label} ต่ำกว่าระดับ {lower.label}")
    for rule in rules:
        for value in (rule.min_total, rule.min_each_tool):
            if value is not None and not 0 <= value <= 100:
                problems.append(f"คะแนนขั้นต่ำของระดับ {rule.label} ต้องอยู่ระหว่าง ๐ ถึง ๑๐๐")
    if rules[-1].min_total != 0 or rules[-1].min_each_tool is not None:
        problems.append("ระดับสุดท้ายต้องเริ่มที่ ๐ คะแนนและไม่มีเงื่อนไขรายแบบวัด เพื่อให้ทุกผลได้ระดับ")
    return problems


def rate(
    total: Decimal | None,
    tools: dict[str, Decimal | None],
    rules: list[RatingRule],
    *,
    scheme: str = LABELS,
    confirmed: bool = True,
    pass_mark: Decimal = Decimal("85"),
) -> Rating:
    """The first rule (from the highest) that (total, tools) meets, and why not the one above it."""
    if total is None or not rules:
        return NO_RATING
    index = next((i for i, r in enumerate(rules) if not r.misses(total, tools)), len(rules) - 1)
    rule = rules[index]
    reason = _reason(total, tools, rules, index, scheme)
    tone = "pass" if rule.min_total >= pass_mark else "low" if index == len(rules) - 1 else "mid"
    return Rating(label=rule.label, reason=reason, confirmed=confirmed, scheme=scheme, tone=tone)


def total_label(total: Decimal | None, rules: list[RatingRule]) -> str:
    """The rating by the total alone (a tool's letter under the bands scheme)."""
    if total is None or not rules:
        return ""
    return next((r.label for r in rules if total >= r.min_total), rules[-1].label)


def _reason(total: Decimal, tools: dict[str, Decimal | None], rules: list[RatingRule], index: int, scheme: str) -> str:
    total_text = f"คะแนนรวม {thai.thai_number(total)}"
    rule = rules[index]
    if scheme == BANDS:
        upper = rules[index - 1].min_total if index else None
        if upper is None:
            return f"{total_text} ตั้งแต่ {_plain(rule.min_total)} คะแนนขึ้นไป"
        return f"{total_text} อยู่ในช่วง {_plain(rule.min_total)}–{thai.thai_number(upper - Decimal('0.01'))} คะแนน"
    if index == 0:
        if rule.min_each_tool is not None:
            return f"{total_text} และทุกแบบวัดได้ตั้งแต่ {_plain(rule.min_each_tool)} คะแนนขึ้นไป"
        return f"{total_text} ตั้งแต่ {_plain(rule.min_total)} คะแนนขึ้นไป"
    above = rules[index - 1]
    misses = above.misses(total, tools)
    if misses[0].startswith("ยังไม่มี"):
        return f"{total_text} แต่{misses[0]} จึงยังพิจารณาระดับ{above.label}ไม่ได้"
    if misses[0].startswith("คะแนนรวม"):
        return f"{total_text} ต่ำกว่า {_plain(above.min_total)} จึงไม่ได้ระดับ{above.label}"
    return f"{total_text} แต่ {' และ '.join(misses)} จึงไม่ได้ระดับ{above.label}"


def _plain(value: Decimal) -> str:
    """85.00 → ๘๕, 84.50 → ๘๔.๕ (thresholds as people say them)."""
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:.2f}".rstrip("0")
    return thai.thai_digits(text)
