"""Forms of the catalogue pages: upload a year, start a year from another, and the draft's editor.

The editor is one page of three parts: the year's settings (name, pass mark, weights, rating
scheme), its rating rules and its items, each a formset with empty rows to add more. Numbers
and codes are accepted as people type them (Thai digits, 0๑๑ for O11); every message is Thai.
`spec_from_forms` turns the three valid parts back into a FrameworkSpec for the service.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django import forms

from assessments import rating
from assessments.catalogue.spec import FrameworkSpec, ItemRow
from assessments.codes import ItemCodeError, normalise_item_code
from assessments.models import Confidence, FrameworkVersion
from ita_portal.forms import ThaiIntegerField, typed_number
from ita_portal.spreadsheets import MAX_BYTES
from ita_portal.thai import arabic_digits, thai_digits

FIRST_YEAR, LAST_YEAR = 2560, 2700
SUFFIXES = {".xlsx", ".csv", ".txt"}
TOOLS = ("IIT", "EIT", "OIT")
ITEM_EXTRA, RULE_EXTRA = 3, 2


class YearField(ThaiIntegerField):
    """A Buddhist-Era year typed with Thai or Arabic digits."""

    def __init__(self, **kwargs: Any) -> None:
        between = f"ปี พ.ศ. ต้องอยู่ระหว่าง {thai_digits(FIRST_YEAR)} ถึง {thai_digits(LAST_YEAR)}"
        kwargs.setdefault("widget", forms.TextInput(attrs={"size": 6}))
        kwargs["error_messages"] = {
            "invalid": "กรุณาระบุปี พ.ศ. เป็นตัวเลข ๔ หลัก เช่น ๒๕๗๐",
            "min_value": between,
            "max_value": between,
            **kwargs.get("error_messages", {}),
        }
        super().__init__(min_value=FIRST_YEAR, max_value=LAST_YEAR, **kwargs)


class ScoreField(forms.CharField):
    """A number from 0 to 100 (a weight, a pass mark, a rule's minimum), typed with Thai or Arabic digits."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "size": 6}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = typed_number(super().clean(value) or "").replace(",", "")
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(f"“{value}” ไม่ใช่ตัวเลข") from None
        if not number.is_finite() or not 0 <= number <= 100:
            raise forms.ValidationError("ต้องเป็นตัวเลขตั้งแต่ ๐ ถึง ๑๐๐")
        if number != number.quantize(Decimal("0.01")):
            raise forms.ValidationError("ทศนิยมได้ไม่เกิน ๒ ตำแหน่ง")
        return number


def _loaded_years() -> list[tuple[int, str]]:
    return [(f.year, thai_digits(f.name)) for f in FrameworkVersion.objects.order_by("-year")]


class UploadForm(forms.Form):
    year = YearField(label="ปีการประเมิน (พ.ศ.)", help_text="ปีที่มีในระบบแล้วจะเป็นการแก้ไขปีนั้น ปีใหม่จะเริ่มจากปีก่อนหน้าที่ใกล้ที่สุด")
    file = forms.FileField(
        label="ตารางรายการข้อ (.xlsx หรือ .csv)",
        error_messages={
            "required": "กรุณาเลือกไฟล์",
            "empty": "ไฟล์ว่างเปล่า",
            "invalid": "ส่งไฟล์มาไม่ถูกต้อง กรุณาเลือกไฟล์ใหม่",
            "missing": "ไม่ได้รับไฟล์ กรุณาเลือกไฟล์ใหม่",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(f"ไฟล์ใหญ่เกิน {thai_digits(MAX_BYTES // (1024 * 1024))} MB")
        if Path(upload.name or "").suffix.lower() not in SUFFIXES:
            raise forms.ValidationError("รองรับเฉพาะไฟล์ .xlsx หรือ .csv")
        return upload

    def file_bytes(self) -> bytes:
        upload = self.cleaned_data["file"]
        upload.seek(0)
        return upload.read(MAX_BYTES + 1)


class NewYearForm(forms.Form):
    year = YearField(label="ปีการประเมินใหม่ (พ.ศ.)")
    from_year = forms.TypedChoiceField(label="เริ่มจากสำเนาของ", coerce=int, choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["from_year"]
        field.choices = _loaded_years()  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = "ไม่มีกรอบการประเมินปีนี้ในระบบให้คัดลอก"
        field.error_messages["required"] = "กรุณาเลือกปีที่จะคัดลอก"
        latest = FrameworkVersion.objects.order_by("-year").first()
        if latest is not None and not self.is_bound:
            self.initial.setdefault("year", thai_digits(latest.year + 1))
            self.initial.setdefault("from_year", latest.year)

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if FrameworkVersion.objects.filter(year=year).exists():
            raise forms.ValidationError(f"มีกรอบการประเมินปี {thai_digits(year)} ในระบบแล้ว ให้เปิดปีนั้นแล้วกด “แก้ไข” แทน")
        return year


# --- the draft's editor ------------------------------------------------------------------------------


class SettingsForm(forms.Form):
    name = forms.CharField(label="ชื่อกรอบการประเมิน", max_length=200)
    pass_mark = ScoreField(label="เกณฑ์ผ่าน (คะแนน)")
    weight_IIT = ScoreField(label="น้ำหนัก IIT (ร้อยละ)")
    weight_EIT = ScoreField(label="น้ำหนัก EIT (ร้อยละ)")
    weight_OIT = ScoreField(label="น้ำหนัก OIT (ร้อยละ)")
    rating_scheme = forms.ChoiceField(label="รูปแบบการจัดระดับ", choices=FrameworkVersion.RatingScheme.choices)
    rating_confidence = forms.ChoiceField(label="ความน่าเชื่อถือของเกณฑ์ระดับ", choices=Confidence.choices)
    is_complete = forms.BooleanField(label="รายการข้อครบถ้วนแล้ว", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("name", "pass_mark", *(f"weight_{t}" for t in TOOLS)):
            self.fields[name].error_messages["required"] = f"กรุณาระบุ{self.fields[name].label}"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        weights = [cleaned.get(f"weight_{t}") for t in TOOLS]
        if all(w is not None for w in weights) and sum(weights) != 100:  # type: ignore[arg-type]
            total = sum(weights)  # type: ignore[arg-type]
            raise forms.ValidationError(
                f"น้ำหนักของ IIT, EIT และ OIT รวมกันได้ {thai_digits(f'{total.normalize():f}')} ต้องเท่ากับ ๑๐๐"
            )
        return cleaned

    @classmethod
    def initial_from(cls, spec: FrameworkSpec) -> dict[str, Any]:
        weights = {t["code"]: t["weight"] for t in spec.tools}
        return {
            "name": spec.name,
            "pass_mark": _plain(spec.pass_mark),
            **{f"weight_{t}": _plain(weights.get(t, "")) for t in TOOLS},
            "rating_scheme": spec.rating_scheme,
            "rating_confidence": spec.rating_confidence,
            "is_complete": spec.is_complete,
        }


class RuleForm(forms.Form):
    label = forms.CharField(label="ระดับ", max_length=100, required=False)
    min_total = ScoreField(label="คะแนนรวมขั้นต่ำ", required=False)
    min_each_tool = ScoreField(label="ทุกแบบวัดขั้นต่ำ", required=False, help_text="เว้นว่างถ้าไม่มีเงื่อนไขรายแบบวัด")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        filled = cleaned.get("label") or cleaned.get("min_total") is not None or cleaned.get("min_each_tool")
        if filled:
            if not cleaned.get("label"):
                self.add_error("label", "กรุณาระบุชื่อระดับ")
            if cleaned.get("min_total") is None and "min_total" not in self.errors:
                self.add_error("min_total", "กรุณาระบุคะแนนรวมขั้นต่ำ")
        return cleaned

    def rule(self) -> dict[str, Any] | None:
        """The row as stored in rating_rules, or None for an empty row (a rule removed by clearing it)."""
        d = getattr(self, "cleaned_data", {})
        if not d.get("label"):
            return None
        each = d.get("min_each_tool")
        return {
            "label": d["label"].strip(),
            "min_total": f"{d['min_total']:.2f}",
            "min_each_tool": None if each is None else f"{each:.2f}",
        }


class BaseRuleFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        rules = [r for r in (f.rule() for f in self.forms) if r is not None]
        problems = rating.rules_problems(rating.rules_from_data(rules))
        if problems:
            raise forms.ValidationError([thai_digits(p) for p in problems])

    def rules(self) -> list[dict[str, Any]]:
        return [r for r in (f.rule() for f in self.forms) if r is not None]


RuleFormSet = forms.formset_factory(RuleForm, formset=BaseRuleFormSet, extra=RULE_EXTRA)


class ItemForm(forms.Form):
    code = forms.CharField(label="รหัสข้อ", max_length=10, required=False, widget=forms.TextInput(attrs={"size": 5}))
    item_name_th = forms.CharField(label="ชื่อข้อ", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    indicator_no = forms.TypedChoiceField(label="ตัวชี้วัด", coerce=int, empty_value=None, required=False, choices=())
    sub_indicator = forms.CharField(
        label="ตัวชี้วัดย่อย", max_length=10, required=False, widget=forms.TextInput(attrs={"size": 4})
    )
    group_name_th = forms.CharField(label="กลุ่มข้อ", max_length=300, required=False)
    confidence = forms.ChoiceField(label="ความน่าเชื่อถือ", choices=Confidence.choices, initial=Confidence.CANDIDATE)
    note = forms.CharField(label="หมายเหตุ", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, indicators: dict[int, dict[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator_no"].choices = [  # type: ignore[attr-defined]
            ("", "เลือกตัวชี้วัด"),
            *((n, thai_digits(f"{n}. {e['name_th']} ({e['tool']})")) for n, e in sorted(indicators.items())),
        ]
        self.fields["indicator_no"].error_messages["invalid_choice"] = "ไม่มีตัวชี้วัดนี้ในกรอบการประเมิน"

    def clean_code(self) -> str:
        raw = self.cleaned_data.get("code", "").strip()
        if not raw:
            return ""
        try:
            return normalise_item_code(raw)
        except ItemCodeError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.is_filled():
            return cleaned
        if not cleaned.get("code") and "code" not in self.errors:
            self.add_error("code", "กรุณาระบุรหัสข้อ")
        if not (cleaned.get("item_name_th") or "").strip():
            self.add_error("item_name_th", "กรุณาระบุชื่อข้อ")
        number = cleaned.get("indicator_no")
        if number is None and "indicator_no" not in self.errors:
            self.add_error("indicator_no", "กรุณาเลือกตัวชี้วัด")
        sub = arabic_digits(cleaned.get("sub_indicator") or "").strip()
        cleaned["sub_indicator"] = sub
        if sub and number is not None and not sub.startswith(f"{number}."):
            self.add_error("sub_indicator", f"ตัวชี้วัดย่อย “{thai_digits(sub)}” ไม่อยู่ใต้ตัวชี้วัดที่ {thai_digits(number)}")
        return cleaned

    def is_filled(self) -> bool:
        d = getattr(self, "cleaned_data", {})
        return bool(d.get("code") or (d.get("item_name_th") or "").strip()) and not d.get("DELETE")


class BaseItemFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, indicators: dict[int, dict[str, str]], **kwargs: Any) -> None:
        self.indicators = indicators
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "indicators": self.indicators}

    @property
    def empty_form(self) -> forms.Form:
        return self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            indicators=self.indicators,
            renderer=self.renderer,
        )

    def clean(self) -> None:
        seen: dict[str, int] = {}
        for number, form in enumerate(self.forms, start=1):
            if not hasattr(form, "cleaned_data") or not form.is_filled() or not form.cleaned_data.get("code"):
                continue
            code = form.cleaned_data["code"]
            if code in seen:
                form.add_error("code", f"รหัส {code} ซ้ำกับแถวที่ {thai_digits(seen[code])}")
            else:
                seen[code] = number
        if not any(hasattr(f, "cleaned_data") and f.is_filled() for f in self.forms):
            raise forms.ValidationError("ต้องมีข้อการประเมินอย่างน้อยหนึ่งข้อ")


ItemFormSet = forms.formset_factory(ItemForm, formset=BaseItemFormSet, extra=ITEM_EXTRA, can_delete=True)


def editor_forms(spec: FrameworkSpec, data: Any = None) -> tuple[SettingsForm, BaseRuleFormSet, BaseItemFormSet]:
    """The editor's three parts, bound to `data` when posted, else filled from the spec."""
    if data is not None:
        return (
            SettingsForm(data),
            RuleFormSet(data, prefix="rules"),
            ItemFormSet(data, prefix="items", indicators=spec.indicators),
        )
    rules = [
        {
            "label": r["label"],
            "min_total": _plain(r["min_total"]),
            "min_each_tool": "" if r.get("min_each_tool") in (None, "") else _plain(r["min_each_tool"]),
        }
        for r in spec.rating_rules
    ]
    items = [
        {
            "code": r.code,
            "item_name_th": r.item_name_th,
            "indicator_no": r.indicator_no,
            "sub_indicator": r.sub_indicator,
            "group_name_th": r.group_name_th,
            "confidence": r.confidence,
            "note": r.note,
        }
        for r in spec.items
    ]
    return (
        SettingsForm(initial=SettingsForm.initial_from(spec)),
        RuleFormSet(initial=rules, prefix="rules"),
        ItemFormSet(initial=items, prefix="items", indicators=spec.indicators),
    )


def spec_from_forms(
    spec: FrameworkSpec, settings: SettingsForm, rules: BaseRuleFormSet, items: BaseItemFormSet
) -> FrameworkSpec:
    """The draft's spec with what the (valid) editor says; an item's source is kept by its code."""
    s = settings.cleaned_data
    sources = {r.code: r.source for r in spec.items}
    rows = []
    for form in items.forms:
        if not form.is_filled():
            continue
        d = form.cleaned_data
        indicator = spec.indicators[d["indicator_no"]]
        rows.append(
            ItemRow(
                code=d["code"],
                tool=indicator["tool"],
                indicator_no=d["indicator_no"],
                indicator_name_th=indicator["name_th"],
                sub_indicator=d["sub_indicator"],
                group_name_th=d["group_name_th"].strip(),
                item_name_th=d["item_name_th"].strip(),
                confidence=d["confidence"],
                source=sources.get(d["code"], ""),
                note=d["note"].strip(),
            )
        )
    tools = {t["code"]: t for t in spec.tools}
    return dataclasses.replace(
        spec,
        name=s["name"].strip(),
        pass_mark=f"{s['pass_mark']:.2f}",
        tools=[{**tools.get(t, {"code": t, "name_th": t}), "weight": f"{s[f'weight_{t}']:.2f}"} for t in TOOLS],
        rating_scheme=s["rating_scheme"],
        rating_confidence=s["rating_confidence"],
        rating_rules=rules.rules(),
        is_complete=s["is_complete"],
        items=rows,
    )


def _plain(value: Any) -> str:
    """30.00 → "30", 12.50 → "12.5": numbers as people write them in the form."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return f"{number.normalize():f}" if number == number.to_integral() else f"{number:.2f}".rstrip("0")
