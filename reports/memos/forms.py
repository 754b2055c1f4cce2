"""Forms of the memo pages: the memo itself, acting on a step, returning it, the public file check, the chain.

They only clean input into what the services take (reports.memos.services); the rules live there.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from assessments.models import Agency, Membership
from ita_portal import thai
from ita_portal.forms import ThaiIntegerField, ThaiPhoneField
from reports.memos import decisions
from reports.memos.chains import StepData
from reports.memos.services import DECISION_LABELS, MEMO_FIELDS
from reports.memos.wording import document_label
from reports.models import ApprovalChain, ApprovalChainStep, GeneratedDocument, Memo, MemoStep

MAX_VERIFY_BYTES = 10 * 1024 * 1024


def _model_field(name: str, **overrides: Any) -> forms.Field:
    """The form field of a Memo field, with its Thai label and length limit."""
    field = Memo._meta.get_field(name).formfield(**overrides)
    assert field is not None
    return field


class ChainChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ApprovalChain) -> str:
        return obj.name


class DocumentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: GeneratedDocument) -> str:
        return document_label(obj)


class MemoForm(forms.Form):
    """A memo's header, its four sections, its attachments and who proposes it."""

    chain = ChainChoiceField(
        label="สายการอนุมัติ",
        queryset=ApprovalChain.objects.none(),
        empty_label=None,
        error_messages={"required": "กรุณาเลือกสายการอนุมัติ", "invalid_choice": "กรุณาเลือกสายการอนุมัติของหน่วยงานนี้"},
    )
    division = _model_field("division")
    phone = _model_field("phone", form_class=ThaiPhoneField)
    subject = _model_field("subject", widget=forms.Textarea(attrs={"rows": 2}))
    to = _model_field("to")
    background = _model_field("background", widget=forms.Textarea(attrs={"rows": 4}))
    facts = _model_field("facts", widget=forms.Textarea(attrs={"rows": 5}))
    rules = _model_field("rules", widget=forms.Textarea(attrs={"rows": 3}))
    proposal = _model_field("proposal", widget=forms.Textarea(attrs={"rows": 3}))
    documents = DocumentChoiceField(
        label="สิ่งที่ส่งมาด้วย (เอกสารที่สร้างเสร็จแล้ว)",
        queryset=GeneratedDocument.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "แนบได้เฉพาะเอกสารของหน่วยงานนี้ที่สร้างเสร็จแล้ว"},
    )
    enclosures = _model_field("enclosures", widget=forms.Textarea(attrs={"rows": 2}))
    requester_name = _model_field("requester_name")
    requester_position = _model_field("requester_position")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chain"].queryset = agency.approval_chains.order_by("-is_default", "name")
        documents: QuerySet[GeneratedDocument] = GeneratedDocument.objects.filter(
            agency=agency, status=GeneratedDocument.Status.DONE
        )
        self.fields["documents"].queryset = documents.order_by("-created_at", "-pk")
        for name in ("division", "subject", "to", "requester_name", "requester_position"):
            self.fields[name].error_messages["required"] = f"กรุณากรอก{self.fields[name].label}"

    @staticmethod
    def initial_for(memo: Memo) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(memo, name) for name in MEMO_FIELDS}
        initial["documents"] = list(memo.documents.values_list("pk", flat=True))
        initial["version"] = memo.version
        return initial

    def to_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in MEMO_FIELDS}


class ActForm(forms.Form):
    """The approver's decision on the step shown to them; the step order catches a stale tab."""

    step_order = forms.IntegerField(widget=forms.HiddenInput)
    round = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label="คำวินิจฉัย",
        widget=forms.RadioSelect,
        error_messages={"required": "กรุณาเลือกคำวินิจฉัย", "invalid_choice": "กรุณาเลือกคำวินิจฉัยที่กำหนดไว้สำหรับขั้นนี้"},
    )
    words = forms.ChoiceField(label="ถ้อยคำวินิจฉัย", required=False)
    decision_text = forms.CharField(
        label="หรือพิมพ์ถ้อยคำเอง",
        max_length=decisions.MAX_WORDS,
        required=False,
        help_text="ถ้าพิมพ์ ระบบใช้ถ้อยคำที่พิมพ์แทนถ้อยคำที่เลือก",
    )
    comment = forms.CharField(label="ความเห็น", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, step: MemoStep, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("step_order", step.order)
        kwargs["initial"].setdefault("round", step.round)
        if len(step.decisions) == 1:
            kwargs["initial"].setdefault("decision", step.decisions[0])
        super().__init__(*args, prefix="act", **kwargs)
        self.step = step
        self.fields["decision"].choices = [(d, DECISION_LABELS.get(d, d)) for d in step.decisions]
        # The standard words of each decision the step offers, grouped under the decision.
        self.fields["words"].choices = [("", "ตามคำวินิจฉัยที่เลือก")] + [
            (DECISION_LABELS.get(d, d), [(w, w) for w in decisions.WORDS.get(d, [])]) for d in step.decisions
        ]
        self.fields["words"].error_messages["invalid_choice"] = "กรุณาเลือกถ้อยคำจากรายการ"
        if self.comment_required:
            self.fields["comment"].widget.attrs["required"] = True
            self.fields["comment"].label = "ความเห็น (ต้องระบุ)"

    def clean(self) -> dict[str, Any]:
        """The typed words win; chosen words must belong to the chosen decision."""
        data = super().clean()
        typed, chosen, decision = data.get("decision_text", "").strip(), data.get("words", ""), data.get("decision")
        if not typed and chosen and decision and chosen not in decisions.WORDS.get(decision, []):
            self.add_error("words", f"ถ้อยคำ “{chosen}” ไม่ใช่ถ้อยคำของคำวินิจฉัย “{DECISION_LABELS.get(decision)}”")
        data["decision_text"] = typed or chosen
        return data

    @property
    def comment_required(self) -> bool:
        """Always required by the step, or the step offers only "ความเห็น" (the service checks the rest)."""
        return self.step.comment_required or list(self.step.decisions) == [ApprovalChainStep.Decision.COMMENT]


class ReturnForm(forms.Form):
    step_order = forms.IntegerField(widget=forms.HiddenInput)
    round = forms.IntegerField(widget=forms.HiddenInput)
    words = forms.ChoiceField(
        label="ถ้อยคำ",
        required=False,
        choices=[("", "ส่งกลับให้แก้ไข")] + [(w, w) for w in decisions.RETURN_WORDS],
        error_messages={"invalid_choice": "กรุณาเลือกถ้อยคำจากรายการ"},
    )
    decision_text = forms.CharField(label="หรือพิมพ์ถ้อยคำเอง", max_length=decisions.MAX_WORDS, required=False)
    reason = forms.CharField(
        label="เหตุผลที่ส่งกลับให้แก้ไข",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "กรุณาระบุเหตุผลที่ส่งกลับ"},
    )

    def __init__(self, *args: Any, step: MemoStep, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("step_order", step.order)
        kwargs["initial"].setdefault("round", step.round)
        super().__init__(*args, prefix="return", **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["decision_text"] = data.get("decision_text", "").strip() or data.get("words", "")
        return data


class SubmitForm(forms.Form):
    """The submitter's optional note to the approvers (what changed since the return, what to look at)."""

    comment = forms.CharField(
        label="หมายเหตุถึงผู้พิจารณา (ถ้ามี)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
    )


class VerifyUploadForm(forms.Form):
    file = forms.FileField(
        label="ไฟล์ PDF ที่ต้องการตรวจสอบ",
        error_messages={"required": "กรุณาเลือกไฟล์", "empty": "ไฟล์ว่างเปล่า", "invalid": "ไฟล์ไม่ถูกต้อง"},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_VERIFY_BYTES:
            raise ValidationError(
                f"ไฟล์ใหญ่เกิน {thai.thai_digits(MAX_VERIFY_BYTES // (1024 * 1024))} เมกะไบต์ จึงตรวจสอบไม่ได้"
            )
        return upload


# --- approval chains ------------------------------------------------------------------------------


class ChainForm(forms.Form):
    name = forms.CharField(label="ชื่อสายการอนุมัติ", max_length=200, error_messages={"required": "กรุณาตั้งชื่อสายการอนุมัติ"})
    remind_after_days = ThaiIntegerField(
        label="เตือนเมื่อรอพิจารณาเกิน (วัน)",
        required=False,
        min_value=1,
        max_value=60,
        help_text="เว้นว่างเท่ากับ ๓ วัน ครบจำนวนวันนี้จะเตือนผู้พิจารณา ครบสองเท่าจะเตือนผู้ประสานงานด้วย",
        error_messages={"min_value": "จำนวนวันต้องตั้งแต่ ๑ วันขึ้นไป", "max_value": "จำนวนวันต้องไม่เกิน ๖๐ วัน"},
    )

    def __init__(self, *args: Any, agency: Agency, chain: ApprovalChain | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agency, self.chain = agency, chain

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        others = self.agency.approval_chains.exclude(pk=self.chain.pk if self.chain else None)
        if others.filter(name=name).exists():
            raise ValidationError("หน่วยงานมีสายการอนุมัติชื่อนี้แล้ว กรุณาตั้งชื่ออื่น")
        return name


class PersonChoiceField(forms.ModelChoiceField):
    def __init__(self, *args: Any, positions: dict[int, str] | None = None, **kwargs: Any) -> None:
        self.positions = positions or {}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() or obj.get_username()
        position = self.positions.get(obj.pk)
        return f"{name} ({position})" if position else name


class StepForm(forms.Form):
    heading = forms.CharField(
        label="หัวข้อความเห็น", max_length=300, required=False, help_text="เช่น ความเห็นของปลัด… หรือ คำสั่งนายก…"
    )
    position_title = forms.CharField(
        label="ตำแหน่งที่พิมพ์",
        max_length=300,
        required=False,  # required only on a step that is kept (see StepFormSet.clean)
    )
    user = PersonChoiceField(
        label="ผู้พิจารณา",
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="ทุกคนที่ดำรงตำแหน่งนี้",
        error_messages={"invalid_choice": "ผู้พิจารณาต้องเป็นผู้บริหารของหน่วยงานนี้"},
    )
    decisions = forms.MultipleChoiceField(
        label="คำวินิจฉัยที่เลือกได้",
        choices=ApprovalChainStep.Decision.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    comment_required = forms.BooleanField(label="ต้องระบุความเห็นทุกครั้ง", required=False)

    def __init__(self, *args: Any, people: QuerySet | None = None, positions: dict[int, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, PersonChoiceField)
        field.positions = positions or {}
        if people is not None:
            field.queryset = people


class BaseStepFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, agency: Agency, chain: ApprovalChain | None = None, **kwargs: Any) -> None:
        self.agency = agency
        memberships = Membership.objects.filter(agency=agency, role=Membership.Role.APPROVER, is_active=True)
        # Keep whoever the chain names now selectable (chain_save also accepts the coordinator).
        current = list(chain.steps.exclude(user=None).values_list("user", flat=True)) if chain else []
        self.people = (
            get_user_model()
            .objects.filter(pk__in=[*memberships.values_list("user", flat=True), *current])
            .order_by("first_name", "username")
        )
        self.positions = dict(
            Membership.objects.filter(agency=agency, user__in=self.people).values_list("user", "position_title")
        )
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"people": self.people, "positions": self.positions}

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "ORDER" in form.fields:
            order = form.fields["ORDER"]
            form.fields["ORDER"] = ThaiIntegerField(
                label="ลำดับ", initial=order.initial, required=False, widget=forms.TextInput(attrs={"size": 4})
            )
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "ลบขั้นนี้"

    def kept_forms(self) -> list[forms.Form]:
        """Steps in their chosen order (ลำดับ; blank ones last), without deleted steps and untouched new rows."""
        kept = [
            (index, form)
            for index, form in enumerate(self.forms)
            if hasattr(form, "cleaned_data")
            and not self._should_delete_form(form)
            and (index < self.initial_form_count() or form.has_changed())
        ]
        big = len(self.forms) + 1000

        def position(entry: tuple[int, forms.Form]) -> tuple[int, int]:
            index, form = entry
            order = form.cleaned_data.get("ORDER")
            return (big if order is None else order, index)

        return [form for _, form in sorted(kept, key=position)]

    def clean(self) -> None:
        if any(self.errors):
            return
        for number, form in enumerate(self.kept_forms(), start=1):
            label = f"ขั้นที่ {thai.thai_digits(number)}"
            if not form.cleaned_data.get("position_title", "").strip():
                form.add_error("position_title", f"{label}: กรุณาระบุตำแหน่ง")
            if not form.cleaned_data.get("decisions"):
                form.add_error("decisions", f"{label}: กรุณาเลือกคำวินิจฉัยอย่างน้อยหนึ่งคำ")
        if not self.kept_forms():
            raise ValidationError("สายการอนุมัติต้องมีอย่างน้อยหนึ่งขั้น")

    def steps(self) -> list[StepData]:
        return [
            StepData(
                heading=form.cleaned_data.get("heading", ""),
                position_title=form.cleaned_data.get("position_title", ""),
                user=form.cleaned_data.get("user"),
                decisions=list(form.cleaned_data.get("decisions") or []),
                comment_required=bool(form.cleaned_data.get("comment_required")),
            )
            for form in self.kept_forms()
        ]


StepFormSet = forms.formset_factory(
    StepForm, formset=BaseStepFormSet, extra=1, can_order=True, can_delete=True, max_num=20, validate_max=True
)


def chain_initial(chain: ApprovalChain | None) -> list[dict[str, Any]]:
    if chain is None:
        return []
    return [
        {
            "heading": step.heading,
            "position_title": step.position_title,
            "user": step.user_id,
            "decisions": list(step.decisions),
            "comment_required": step.comment_required,
            "ORDER": step.order,
        }
        for step in chain.steps.order_by("order")
    ]
