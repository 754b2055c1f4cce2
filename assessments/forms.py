"""The results form: ten indicator scores, published totals, and every OIT item of the year."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from assessments.models import Assessment, FrameworkVersion, Item
from assessments.services import ItemData, ResultsData
from ita_portal import thai
from ita_portal.forms import ThaiDateField, ThaiDecimalField, url_lines

SCORE_CHOICES = [("", "ยังไม่มีผล"), ("100", "๑๐๐ (มี)"), ("0", "๐ (ไม่มี / ไม่ผ่าน)")]
REPORTED = [("total", "คะแนนรวม"), ("iit", "IIT"), ("eit", "EIT"), ("oit", "OIT")]


def score_field(label: str) -> ThaiDecimalField:
    return ThaiDecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        error_messages={
            "invalid": "กรุณากรอกเป็นตัวเลข เช่น ๘๗.๕๐",
            "min_value": "คะแนนต้องไม่ต่ำกว่า ๐",
            "max_value": "คะแนนต้องไม่เกิน ๑๐๐",
            "max_decimal_places": "ทศนิยมไม่เกิน ๒ ตำแหน่ง",
            "max_digits": "คะแนนต้องไม่เกิน ๑๐๐",
        },
    )


class ResultsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, framework: FrameworkVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.framework = framework
        self.indicators = list(framework.indicators.select_related("tool").order_by("number"))
        self.oit_items = list(
            framework.items.filter(indicator__tool__code="OIT")
            .select_related("sub_indicator", "group")
            .order_by("order")
        )
        for indicator in self.indicators:
            label = f"ตัวชี้วัดที่ {thai.thai_digits(indicator.number)} {indicator.name_th}"
            self.fields[f"ind_{indicator.number}"] = score_field(label)
        for name, label in REPORTED:
            self.fields[f"reported_{name}"] = score_field(f"{label} ตามที่ประกาศ")
        for item in self.oit_items:
            p = f"item_{item.code}"
            self.fields[f"{p}_score"] = forms.ChoiceField(
                label=f"คะแนน {item.code}", choices=SCORE_CHOICES, required=False
            )
            self.fields[f"{p}_urls"] = forms.CharField(
                label=f"URL {item.code}", required=False, widget=forms.Textarea(attrs={"rows": 1}), max_length=4000
            )
            self.fields[f"{p}_comment"] = forms.CharField(
                label=f"ความคิดเห็นของผู้ตรวจ {item.code}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 1}),
                max_length=5000,
            )
            self.fields[f"{p}_appeal_text"] = forms.CharField(
                label=f"คำชี้แจงเพิ่มเติม {item.code}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 1}),
                max_length=5000,
            )
            self.fields[f"{p}_decision"] = forms.CharField(
                label=f"ผลการพิจารณาคำชี้แจง {item.code}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 1}),
                max_length=5000,
            )
            self.fields[f"{p}_decision_date"] = ThaiDateField(label=f"วันที่พิจารณา {item.code}", required=False)

    @classmethod
    def initial_for(cls, assessment: Assessment | None) -> dict[str, Any]:
        if assessment is None:
            return {"version": 0}
        initial: dict[str, Any] = {"version": assessment.version}
        for score in assessment.indicator_scores.select_related("indicator"):
            initial[f"ind_{score.indicator.number}"] = score.score
        for name, _ in REPORTED:
            initial[f"reported_{name}"] = getattr(assessment, f"reported_{name}")
        for result in assessment.item_results.select_related("item"):
            p = f"item_{result.item.code}"
            initial |= {
                f"{p}_score": str(int(result.score)),
                f"{p}_urls": "\n".join(result.urls),
                f"{p}_comment": result.comment,
                f"{p}_appeal_text": result.appeal_text,
                f"{p}_decision": result.decision,
                f"{p}_decision_date": result.decision_date,
            }
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for item in self.oit_items:
            name = f"item_{item.code}_urls"
            urls, lines = [], url_lines(data.get(name) or "")
            for _, typed, url in lines:
                if url is None:
                    self.add_error(name, f"“{typed}” ไม่ใช่ลิงก์เว็บที่ถูกต้อง")
                else:
                    urls.append(url)
            data[name] = urls
            details = [data.get(f"item_{item.code}_{f}") for f in ("comment", "appeal_text", "decision")]
            if not data.get(f"item_{item.code}_score") and (lines or any(details)):
                self.add_error(f"item_{item.code}_score", f"กรุณาระบุคะแนนของข้อ {item.code} ด้วย")
        return data

    def items_by_group(self) -> list[tuple[str, list[tuple[Item, list[forms.BoundField]]]]]:
        """OIT items under their sub-indicator heading, each with its bound fields, for the template."""
        groups: list[tuple[str, list[tuple[Item, list[forms.BoundField]]]]] = []
        for item in self.oit_items:
            heading = (
                f"ตัวชี้วัดย่อยที่ {item.sub_indicator.code} {item.sub_indicator.name_th}".strip()
                if item.sub_indicator
                else f"ตัวชี้วัดที่ {item.indicator.number}"
            )
            if not groups or groups[-1][0] != heading:
                groups.append((heading, []))
            p = f"item_{item.code}"
            fields = [
                self[f"{p}_{f}"] for f in ("score", "urls", "comment", "appeal_text", "decision", "decision_date")
            ]
            groups[-1][1].append((item, fields))
        return groups

    def to_data(self) -> ResultsData:
        d = self.cleaned_data
        return ResultsData(
            indicators={i.number: d.get(f"ind_{i.number}") for i in self.indicators},
            reported={name: d.get(f"reported_{name}") for name, _ in REPORTED},
            items={
                item.code: ItemData(
                    score=Decimal(d[f"item_{item.code}_score"]) if d.get(f"item_{item.code}_score") else None,
                    urls=d.get(f"item_{item.code}_urls") or [],
                    comment=(d.get(f"item_{item.code}_comment") or "").strip(),
                    appeal_text=(d.get(f"item_{item.code}_appeal_text") or "").strip(),
                    decision=(d.get(f"item_{item.code}_decision") or "").strip(),
                    decision_date=d.get(f"item_{item.code}_decision_date"),
                )
                for item in self.oit_items
            },
        )


class NewResultsForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(label="ปีการประเมิน (พ.ศ.)", coerce=int, choices=())

    def __init__(self, *args: Any, taken: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = FrameworkVersion.objects.order_by("-year").values_list("year", flat=True)
        self.fields["fiscal_year"].choices = [(y, f"ITA {thai.thai_digits(y)}") for y in years if y not in taken]
