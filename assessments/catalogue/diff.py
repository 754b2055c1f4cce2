"""What confirming a spec would change in a loaded framework, shown to the administrator before anything is written.

Items are matched by code: the same code with another name is a rename, under another
indicator or sub-indicator a move; a code only in the file is added, a code only in the
database removed. A removed item that anything refers to (a measure, a result, an OIT
answer) blocks the whole change: it is never dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from assessments.catalogue.spec import FrameworkSpec, ItemRow, spec_from_framework
from assessments.models import FrameworkVersion, Item


@dataclass(frozen=True)
class ItemChange:
    code: str
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class Blocked:
    code: str
    name: str
    uses: list[str]

    @property
    def reason(self) -> str:
        return (
            f"ลบข้อ {self.code} ไม่ได้ เพราะมี{' '.join(self.uses)}อ้างถึงข้อนี้อยู่ "
            "หากข้อนี้เปลี่ยนชื่อหรือเลขข้อ ให้แก้ชื่อโดยคงรหัสเดิม หรือย้ายรายการที่อ้างถึงไปยังข้ออื่นก่อน"
        )


@dataclass
class FrameworkDiff:
    year: int
    new_year: bool = False
    added: list[ItemChange] = field(default_factory=list)
    removed: list[ItemChange] = field(default_factory=list)
    renamed: list[ItemChange] = field(default_factory=list)
    moved: list[ItemChange] = field(default_factory=list)
    details: list[ItemChange] = field(default_factory=list)  # confidence, group, source or note
    settings: list[ItemChange] = field(default_factory=list)  # weights, rating, pass mark, name
    blocked: list[Blocked] = field(default_factory=list)

    @property
    def changes_anything(self) -> bool:
        return self.new_year or any((self.added, self.removed, self.renamed, self.moved, self.details, self.settings))

    @property
    def rescoring(self) -> bool:
        """Whether stored results must be scored again (structure, weights or rating changed)."""
        return bool(self.added or self.removed or self.moved or self.settings)

    def as_log(self) -> list[str]:
        """One Thai line per change, kept in the revision history."""
        lines = [f"เพิ่มข้อ {c.code} {c.after}" for c in self.added]
        lines += [f"ลบข้อ {c.code} {c.before}" for c in self.removed]
        lines += [f"เปลี่ยนชื่อข้อ {c.code}: “{c.before}” → “{c.after}”" for c in self.renamed]
        lines += [f"ย้ายข้อ {c.code}: {c.before} → {c.after}" for c in self.moved]
        lines += [f"แก้รายละเอียดข้อ {c.code}: {c.after}" for c in self.details]
        lines += [f"{c.code}: {c.before} → {c.after}" for c in self.settings]
        return lines


def framework_diff(framework: FrameworkVersion | None, spec: FrameworkSpec) -> FrameworkDiff:
    """Compare what is loaded (None: nothing yet) with the spec."""
    diff = FrameworkDiff(year=spec.year)
    if framework is None:
        diff.new_year = True
        diff.added = [ItemChange(r.code, after=r.item_name_th) for r in spec.items]
        return diff
    current = spec_from_framework(framework)
    old = {r.code: r for r in current.items}
    new = {r.code: r for r in spec.items}
    diff.added = [ItemChange(c, after=r.item_name_th) for c, r in new.items() if c not in old]
    diff.removed = [ItemChange(c, before=r.item_name_th) for c, r in old.items() if c not in new]
    for code, after in new.items():
        before = old.get(code)
        if before is None:
            continue
        if before.item_name_th != after.item_name_th:
            diff.renamed.append(ItemChange(code, before.item_name_th, after.item_name_th))
        if _place(before) != _place(after):
            diff.moved.append(ItemChange(code, _place_text(before), _place_text(after)))
        changed = [
            name
            for name in ("confidence", "group_name_th", "source", "note")
            if getattr(before, name) != getattr(after, name)
        ]
        if changed:
            diff.details.append(ItemChange(code, after=", ".join(_DETAIL_NAMES[n] for n in changed)))
    diff.settings = _settings_changes(current, spec)
    diff.blocked = _blocked(framework, [c.code for c in diff.removed])
    return diff


_DETAIL_NAMES = {"confidence": "ความน่าเชื่อถือ", "group_name_th": "กลุ่มข้อ", "source": "แหล่งที่มา", "note": "หมายเหตุ"}


def _place(row: ItemRow) -> tuple[str, int, str]:
    return (row.tool, row.indicator_no, row.sub_indicator)


def _place_text(row: ItemRow) -> str:
    text = f"{row.tool} ตัวชี้วัดที่ {row.indicator_no}"
    return f"{text} ตัวชี้วัดย่อย {row.sub_indicator}" if row.sub_indicator else text


def _settings_changes(current: FrameworkSpec, spec: FrameworkSpec) -> list[ItemChange]:
    changes = []
    old_weights = {t["code"]: Decimal(str(t["weight"])) for t in current.tools}
    for tool in spec.tools:
        before, after = old_weights.get(tool["code"]), Decimal(str(tool["weight"]))
        if before != after:
            changes.append(ItemChange(f"น้ำหนัก {tool['code']}", _num(before), _num(after)))
    if current.rating_scheme != spec.rating_scheme:
        changes.append(ItemChange("รูปแบบการจัดระดับ", current.rating_scheme, spec.rating_scheme))
    if _rules_text(current.rating_rules) != _rules_text(spec.rating_rules):
        changes.append(ItemChange("เกณฑ์ระดับ", _rules_text(current.rating_rules), _rules_text(spec.rating_rules)))
    if current.rating_confidence != spec.rating_confidence:
        changes.append(ItemChange("ความน่าเชื่อถือของเกณฑ์ระดับ", current.rating_confidence, spec.rating_confidence))
    if Decimal(current.pass_mark) != Decimal(spec.pass_mark):
        changes.append(ItemChange("เกณฑ์ผ่าน", current.pass_mark, spec.pass_mark))
    if current.name != spec.name:
        changes.append(ItemChange("ชื่อกรอบการประเมิน", current.name, spec.name))
    if current.focus_lowest_indicator != spec.focus_lowest_indicator:
        changes.append(
            ItemChange(
                "แผนเน้นตัวชี้วัดที่ได้คะแนนต่ำที่สุด",
                _yes(current.focus_lowest_indicator),
                _yes(spec.focus_lowest_indicator),
            )
        )
    if current.is_complete != spec.is_complete:
        changes.append(ItemChange("รายการข้อครบถ้วน", _yes(current.is_complete), _yes(spec.is_complete)))
    return changes


def _rules_text(rules: list[dict]) -> str:
    parts = []
    for r in rules:
        text = f"{r['label']} ≥ {_num(Decimal(str(r['min_total'])))}"
        if r.get("min_each_tool") not in (None, ""):
            text += f" (ทุกแบบวัด ≥ {_num(Decimal(str(r['min_each_tool'])))})"
        parts.append(text)
    return ", ".join(parts)


def _num(value: Decimal | None) -> str:
    return "–" if value is None else f"{value.normalize():f}"


def _yes(value: bool) -> str:
    return "ใช่" if value else "ไม่ใช่"


def _blocked(framework: FrameworkVersion, codes: list[str]) -> list[Blocked]:
    """Removed items that something points at, with what points at them (every reverse relation of Item)."""
    blocked = []
    for item in Item.objects.filter(framework=framework, code__in=codes).order_by("order"):
        uses = []
        for relation in Item._meta.related_objects:
            accessor = relation.get_accessor_name()
            if accessor is None:
                continue
            count = getattr(item, accessor).count()
            if count:
                uses.append(f"{relation.related_model._meta.verbose_name} {count} รายการ")
        if uses:
            blocked.append(Blocked(item.code, item.name_th, uses))
    return blocked
