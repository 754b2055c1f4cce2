"""Loading and correcting a framework year in the browser (issue 13, item 3): upload, copy, edit, diff, confirm."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.urls import reverse
from openpyxl import Workbook

from assessments.catalogue import DATA_DIR, spec_from_data
from assessments.catalogue.forms import editor_forms
from assessments.models import FrameworkDraft, FrameworkRevision, FrameworkVersion, Item
from tests.factories import MeasureFactory, MembershipFactory, PlanFactory, UserFactory
from tests.ita_portal.test_security_csp import inline_code

RENAMED = "โครงสร้างและอำนาจหน้าที่ (แก้ไขตามคู่มือ)"


@pytest.fixture
def admin(db):
    return UserFactory(username="catalogue.admin", is_staff=True)


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def o26_in_use(catalogue):
    """A FY 2570 measure that answers item O26 of ITA 2569."""
    measure = MeasureFactory(plan=PlanFactory(fiscal_year=2570, framework=catalogue[2569]))
    measure.items.add(Item.objects.get(framework=catalogue[2569], code="O26"))
    return measure


def rows_2569() -> list[dict[str, str]]:
    with (DATA_DIR / "items_2569.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def items_xlsx(rows: list[dict[str, str]], weights: dict[str, str] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "items"
    header = list(rows[0])
    sheet.append(header)
    for row in rows:
        sheet.append([row[column] for column in header])
    if weights:
        extra = book.create_sheet("weights")
        extra.append(["code", "weight"])
        for code, weight in weights.items():
            extra.append([code, weight])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, *, year: int, name: str, data: bytes):
    return client.post(reverse("assessments:catalogue_upload"), {"year": str(year), "file": _named(data, name)})


def _named(data: bytes, name: str) -> io.BytesIO:
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def editor_data(draft: FrameworkDraft) -> dict[str, str]:
    """The editor as the browser would post it unchanged."""
    settings, rules, items = editor_forms(spec_from_data(draft.spec))
    data: dict[str, str] = {}
    for part in (rules, items):
        for bound in part.management_form:
            data[bound.html_name] = str(bound.value())
    for form in [settings, *rules.forms, *items.forms]:
        for bound in form:
            value = bound.value()
            if isinstance(bound.field, forms.BooleanField):
                if value:
                    data[bound.html_name] = "on"
            elif value is not None:
                data[bound.html_name] = str(value)
    return data


def item_index(data: dict[str, str], code: str) -> int:
    return next(int(k.split("-")[1]) for k, v in data.items() if k.endswith("-code") and v == code)


def state_of_2569() -> tuple:
    framework = FrameworkVersion.objects.get(year=2569)
    return (
        framework.revision,
        sorted(framework.items.values_list("code", "name_th")),
        sorted(framework.tools.values_list("code", "weight")),
        FrameworkRevision.objects.filter(framework=framework).count(),
    )


# --- an upload that corrects a loaded year ------------------------------------------------------------


def test_an_upload_that_removes_an_item_in_use_shows_why_and_cannot_be_confirmed(admin_client, o26_in_use):
    before = state_of_2569()
    rows = [r for r in rows_2569() if r["code"] != "O26"]
    rows[0]["item_name_th"] = RENAMED
    data = items_xlsx(rows, weights={"IIT": "30", "EIT": "20", "OIT": "50"})

    response = upload(admin_client, year=2569, name="items_2569_fix.xlsx", data=data)

    draft = FrameworkDraft.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:catalogue_draft", args=[draft.pk])
    page = admin_client.get(response["Location"]).content.decode()
    assert "โครงสร้าง หน้าที่และอำนาจ" in page and RENAMED in page  # before → after
    assert "ลบข้อ O26 ไม่ได้ เพราะมีมาตรการ ๑ รายการอ้างถึงข้อนี้อยู่" in page
    assert "น้ำหนัก EIT" in page
    assert 'disabled aria-describedby="confirm-why">ยืนยันการเปลี่ยนแปลง' in page
    assert state_of_2569() == before

    refused = admin_client.post(reverse("assessments:catalogue_draft_confirm", args=[draft.pk]))

    assert refused["Location"] == reverse("assessments:catalogue_draft", args=[draft.pk])
    assert any("ลบข้อ O26 ไม่ได้" in m for m in messages_of(refused))
    assert FrameworkDraft.objects.filter(pk=draft.pk).exists()  # nothing is lost
    assert state_of_2569() == before


def test_an_upload_that_keeps_the_items_in_use_confirms_as_revision_2_with_its_history(admin_client, o26_in_use):
    rows = rows_2569()
    rows[0]["item_name_th"] = RENAMED
    data = items_xlsx(rows, weights={"IIT": "30", "EIT": "20", "OIT": "50"})
    upload(admin_client, year=2569, name="items_2569_fix.xlsx", data=data)
    draft = FrameworkDraft.objects.get()
    page = admin_client.get(reverse("assessments:catalogue_draft", args=[draft.pk])).content.decode()
    assert '<button type="submit">ยืนยันการเปลี่ยนแปลง</button>' in page

    response = admin_client.post(reverse("assessments:catalogue_draft_confirm", args=[draft.pk]))

    assert response["Location"] == reverse("assessments:catalogue_year", args=[2569])
    assert "บันทึกกรอบการประเมินปี ๒๕๖๙ ฉบับแก้ไขที่ ๒ แล้ว" in messages_of(response)
    framework = FrameworkVersion.objects.get(year=2569)
    assert framework.revision == 2
    assert framework.items.get(code="O1").name_th == RENAMED
    assert {t.code: t.weight for t in framework.tools.all()} == {
        "IIT": Decimal("30"),
        "EIT": Decimal("20"),
        "OIT": Decimal("50"),
    }
    revision = framework.revisions.get(number=2)
    assert f"เปลี่ยนชื่อข้อ O1: “โครงสร้าง หน้าที่และอำนาจ” → “{RENAMED}”" in revision.changes
    assert any(line.startswith("น้ำหนัก EIT: ") and line.endswith(" → 20") for line in revision.changes)
    assert revision.source == "items_2569_fix.xlsx"
    assert revision.created_by.username == "catalogue.admin"
    assert not FrameworkDraft.objects.exists()
    year_page = admin_client.get(response["Location"]).content.decode()
    assert "ฉบับแก้ไขที่ ๒" in year_page and RENAMED in year_page


def test_a_file_with_errors_makes_no_draft_and_lists_them_by_row_and_column(admin_client, catalogue):
    text = "code,tool,indicator_no,indicator_name_th,sub_indicator,group_name_th,item_name_th\n"
    text += "O1,OIT,9,x,,,โครงสร้าง\nX9,OIT,9,x,,,ผิด\nO2,ABC,12,x,,,ผิด\n"

    response = upload(admin_client, year=2569, name="bad.csv", data=text.encode())

    page = response.content.decode()
    assert response.status_code == 200
    assert "พบข้อผิดพลาด" in page and "ยังไม่มีข้อมูลใดถูกบันทึก" in page
    assert "แถวที่ 3 คอลัมน์ code" in page
    assert "แถวที่ 4 คอลัมน์ tool" in page
    assert not FrameworkDraft.objects.exists()


def test_a_file_too_large_or_not_a_table_is_refused_in_thai(admin_client, catalogue, monkeypatch):
    monkeypatch.setattr("assessments.catalogue.forms.MAX_BYTES", 10)
    too_big = upload(admin_client, year=2569, name="items.csv", data=b"x" * 11).content.decode()
    assert "ไฟล์ใหญ่เกิน" in too_big
    picture = upload(admin_client, year=2569, name="items.png", data=b"\x89PNG....").content.decode()
    assert "รองรับเฉพาะไฟล์ .xlsx หรือ .csv" in picture
    assert not FrameworkDraft.objects.exists()


# --- a new year, edited in the form -------------------------------------------------------------------


def test_a_new_year_copied_from_2569_and_renamed_in_the_form_becomes_framework_2570(admin_client, catalogue):
    form_page = admin_client.get(reverse("assessments:catalogue_new")).content.decode()
    assert 'value="๒๕๗๐"' in form_page  # the latest year + 1, from the latest

    response = admin_client.post(reverse("assessments:catalogue_new"), {"year": "๒๕๗๐", "from_year": "2569"})

    draft = FrameworkDraft.objects.get()
    assert response["Location"] == reverse("assessments:catalogue_draft_edit", args=[draft.pk])
    assert not FrameworkVersion.objects.filter(year=2570).exists()
    data = editor_data(draft)
    data[f"items-{item_index(data, 'O25')}-item_name_th"] = "การนำผลการประเมินไปใช้ (ทดสอบ)"
    saved = admin_client.post(reverse("assessments:catalogue_draft_edit", args=[draft.pk]), data)
    assert saved["Location"] == reverse("assessments:catalogue_draft", args=[draft.pk])
    diff_page = admin_client.get(saved["Location"]).content.decode()
    assert "ข้อของปีใหม่ (๒๖)" in diff_page
    # …and against 2569, the one rename it carries.
    assert "เทียบกับ ITA ปีงบประมาณ พ.ศ. ๒๕๖๙" in diff_page
    assert "ข้อที่เปลี่ยนชื่อ (๑)" in diff_page and "<ins>การนำผลการประเมินไปใช้ (ทดสอบ)</ins>" in diff_page

    confirmed = admin_client.post(reverse("assessments:catalogue_draft_confirm", args=[draft.pk]))

    framework = FrameworkVersion.objects.get(year=2570)
    assert confirmed["Location"] == reverse("assessments:catalogue_year", args=[2570])
    assert framework.items.get(code="O25").name_th == "การนำผลการประเมินไปใช้ (ทดสอบ)"
    assert framework.items.count() == 26
    assert framework.revisions.get().source == "แก้ไขผ่านหน้าเว็บโดย catalogue.admin"
    assert FrameworkVersion.objects.get(year=2569).items.get(code="O25").name_th != "การนำผลการประเมินไปใช้ (ทดสอบ)"


def test_a_year_already_loaded_cannot_be_started_again(admin_client, catalogue):
    response = admin_client.post(reverse("assessments:catalogue_new"), {"year": "2569", "from_year": "2568"})
    assert "มีกรอบการประเมินปี ๒๕๖๙ ในระบบแล้ว" in response.content.decode()
    assert not FrameworkDraft.objects.exists()


def test_the_edit_button_opens_a_draft_of_the_year_at_its_revision(admin_client, catalogue):
    response = admin_client.post(reverse("assessments:catalogue_year_edit", args=[2569]))
    draft = FrameworkDraft.objects.get()
    assert response["Location"] == reverse("assessments:catalogue_draft_edit", args=[draft.pk])
    assert (draft.year, draft.base_revision) == (2569, catalogue[2569].revision)


@pytest.fixture
def draft_2569(admin_client, catalogue):
    admin_client.post(reverse("assessments:catalogue_year_edit", args=[2569]))
    return FrameworkDraft.objects.get()


def test_codes_are_read_as_people_type_them_and_the_tool_comes_from_the_indicator(admin_client, draft_2569):
    data = editor_data(draft_2569)
    data.update({"items-26-code": "0๒๗", "items-26-item_name_th": "ข้อใหม่", "items-26-indicator_no": "10"})

    response = admin_client.post(reverse("assessments:catalogue_draft_edit", args=[draft_2569.pk]), data)

    assert response.status_code == 302
    row = spec_from_data(FrameworkDraft.objects.get().spec).items[-1]
    assert (row.code, row.tool, row.indicator_no) == ("O27", "OIT", 10)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"weight_OIT": "30"}, "น้ำหนักของ IIT, EIT และ OIT รวมกันได้ ๙๐ ต้องเท่ากับ ๑๐๐"),
        ({"items-1-code": "O๑"}, "รหัส O1 ซ้ำกับแถวที่ ๑"),
        ({"items-0-code": "X1"}, "รหัสข้อ “X1” ไม่ถูกต้อง"),
        ({"rules-0-min_total": "50"}, "เกณฑ์ต้องเรียงจากสูงไปต่ำ"),
        ({"weight_IIT": "สามสิบ"}, "“สามสิบ” ไม่ใช่ตัวเลข"),
        ({"items-0-sub_indicator": "10.1"}, "ตัวชี้วัดย่อย “๑๐.๑” ไม่อยู่ใต้ตัวชี้วัดที่ ๙"),
    ],
)
def test_the_editor_refuses_what_cannot_be_loaded_in_thai_and_keeps_the_draft(
    admin_client, draft_2569, change, message
):
    before = draft_2569.spec
    data = editor_data(draft_2569) | change

    response = admin_client.post(reverse("assessments:catalogue_draft_edit", args=[draft_2569.pk]), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "ยังบันทึกร่างไม่ได้" in page
    assert FrameworkDraft.objects.get().spec == before


def test_a_draft_confirmed_after_someone_elses_revision_is_refused_and_kept(admin_client, admin, draft_2569):
    other = UserFactory(username="other.admin", is_staff=True)
    from assessments.catalogue import framework_draft_confirm, framework_draft_edit, framework_draft_save

    theirs = framework_draft_edit(user=other, year=2569)
    spec = spec_from_data(theirs.spec)
    spec.name = "ITA 2569 (แก้ชื่อโดยผู้อื่น)"
    framework_draft_confirm(user=other, draft=framework_draft_save(user=other, draft=theirs, spec=spec))

    page = admin_client.get(reverse("assessments:catalogue_draft", args=[draft_2569.pk])).content.decode()
    assert "ถูกแก้ไขไปแล้วโดยผู้อื่น" in page
    response = admin_client.post(reverse("assessments:catalogue_draft_confirm", args=[draft_2569.pk]))

    assert any("ระบบจึงไม่บันทึกทับ" in m for m in messages_of(response))
    assert FrameworkDraft.objects.filter(pk=draft_2569.pk).exists()
    assert FrameworkVersion.objects.get(year=2569).revision == 2


def test_discarding_a_draft_changes_nothing(admin_client, draft_2569):
    before = state_of_2569()
    response = admin_client.post(reverse("assessments:catalogue_draft_discard", args=[draft_2569.pk]))
    assert response["Location"] == reverse("assessments:catalogue")
    assert not FrameworkDraft.objects.exists()
    assert state_of_2569() == before


# --- pages and who may see them -----------------------------------------------------------------------


def test_the_year_page_shows_every_items_confidence_weights_rules_and_history(admin_client, catalogue):
    page = admin_client.get(reverse("assessments:catalogue_year", args=[2569])).content.decode()
    framework = catalogue[2569]
    candidates = framework.items.filter(confidence="candidate").count()
    assert candidates and page.count('class="confidence confidence-candidate">ยังไม่ยืนยัน') >= candidates
    assert "น้ำหนักของเครื่องมือ" in page and "เกณฑ์ระดับผลการประเมิน" in page
    assert "ฉบับแก้ไขที่ ๑" in page
    assert '<button type="submit">แก้ไข</button>' in page


def test_the_list_shows_every_year_and_the_navigation_links_it_for_staff_only(client, admin_client, catalogue):
    page = admin_client.get(reverse("assessments:catalogue")).content.decode()
    for year in range(2564, 2570):
        assert reverse("assessments:catalogue_year", args=[year]) in page
    assert "อัปโหลดรายการข้อจากไฟล์" in page and "เริ่มปีใหม่จากปีก่อน" in page
    assert f'href="{reverse("assessments:catalogue")}">กรอบการประเมิน</a>' in page
    coordinator = MembershipFactory(role="coordinator").user
    client.force_login(coordinator)
    assert reverse("assessments:catalogue") not in client.get(reverse("home")).content.decode()


def test_the_pages_need_no_inline_scripts_or_styles(admin_client, draft_2569):
    urls = [
        reverse("assessments:catalogue"),
        reverse("assessments:catalogue_year", args=[2569]),
        reverse("assessments:catalogue_upload"),
        reverse("assessments:catalogue_new"),
        reverse("assessments:catalogue_draft", args=[draft_2569.pk]),
        reverse("assessments:catalogue_draft_edit", args=[draft_2569.pk]),
    ]
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response.content.decode()) == [], url


@pytest.mark.parametrize("who", ["anonymous", "coordinator", "other_admin"])
def test_nobody_but_the_drafts_administrator_reaches_the_catalogue_pages(client, admin, draft_2569, who):
    missing = draft_2569.pk + 1000
    gets = [
        reverse("assessments:catalogue"),
        reverse("assessments:catalogue_year", args=[2569]),
        reverse("assessments:catalogue_upload"),
        reverse("assessments:catalogue_new"),
    ]
    draft_urls = [
        ("get", reverse("assessments:catalogue_draft", args=[draft_2569.pk])),
        ("get", reverse("assessments:catalogue_draft_edit", args=[draft_2569.pk])),
        ("post", reverse("assessments:catalogue_draft_confirm", args=[draft_2569.pk])),
        ("post", reverse("assessments:catalogue_draft_discard", args=[draft_2569.pk])),
        ("post", reverse("assessments:catalogue_year_edit", args=[2569])),
    ]
    client.logout()  # draft_2569 logged the same client in as the draft's administrator
    if who == "coordinator":
        client.force_login(MembershipFactory(role="coordinator").user)
    elif who == "other_admin":
        client.force_login(UserFactory(username="other.admin", is_staff=True))
    before = state_of_2569(), list(FrameworkDraft.objects.values_list("pk", "spec"))
    for method, url in [("get", u) for u in gets] + draft_urls:
        status = getattr(client, method)(url).status_code
        if who == "anonymous":
            assert status == 302, url
        elif who == "coordinator":  # the same answer whether the draft exists or not: ids reveal nothing
            assert status == 403, url
            assert getattr(client, method)(url.replace(f"/{draft_2569.pk}/", f"/{missing}/")).status_code == 403
        elif "/drafts/" in url:
            assert status == 404, url  # another administrator's draft is not theirs to open
        else:
            assert status in (200, 302), url
    if who != "other_admin":
        assert (state_of_2569(), list(FrameworkDraft.objects.values_list("pk", "spec"))) == before
