"""Property tests: malformed rows, cells and bytes never make an import fail with a 500 or write half a file."""

from __future__ import annotations

import io
import os
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.db.models import QuerySet
from django.test import TestCase
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from assessments.models import Agency, Assessment, ItemResult
from tests.assessments.fixtures.imports_helpers import (
    ITEM_HEADER,
    RESULTS_HEADER,
    SEED_001_XLSX,
    csv_bytes,
    table_counts,
    xlsx_bytes,
)
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

# IMPORTS_EXAMPLES=1000 for a deeper search by hand.
PROPERTY = settings(
    max_examples=int(os.environ.get("IMPORTS_EXAMPLES", 50)),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
THAI = "๐๑๒๓๔๕๖๗๘๙"
# Text openpyxl can store (no control characters) with Thai letters and digits.
text = st.text(
    alphabet=st.one_of(st.characters(blacklist_categories=("Cs", "Cc")), st.sampled_from("กขคอบต.ทต " + THAI)),
    max_size=30,
)
codes = st.one_of(
    st.integers(1, 50).map(lambda n: f"O{n}"),
    st.integers(1, 50).map(lambda n: "0" + str(n).translate(str.maketrans("0123456789", THAI))),
    st.sampled_from(["O๓๑", " o 5 ", "i5", "O", "ข้อ", "ตัวชี้วัดย่อยที่ 9.1", ""]),
    text,
)
scores = st.one_of(st.sampled_from(["100", "0", "๑๐๐", "100.00", " 0.00 ", "50", "-1", "", "๘๗.๗", "1e2"]), text)
comments = st.one_of(
    st.just(""),
    st.builds(
        lambda d, m, y, rest: f"ไม่ได้รับการปรับคะแนน {d}/{m}/{y} ----- {rest}",
        st.integers(0, 40),
        st.integers(0, 14),
        st.integers(0, 9999),
        text,
    ),
    text,
)
junk_item_row = st.tuples(codes, text, comments, scores).map(list)
valid_item = st.tuples(
    st.integers(1, 43),
    st.booleans(),
    text,
    st.sampled_from(["", "ไม่มี URL", "ได้รับการปรับคะแนน 12/7/64 ----- ไม่มีช่องทาง"]),
    st.sampled_from(["100", "0", "๑๐๐", "100.00", " 0.00 "]),
)


def _item_row(t):
    number, thai_digits, name, comment, score = t
    code = f"O{number}".translate(str.maketrans("0123456789", THAI)) if thai_digits else f"O{number}"
    return [code, name, comment, score]


# Mostly well-formed rows (distinct codes), with at most two malformed ones among them,
# so that many examples get through to the write.
item_rows = st.tuples(
    st.lists(valid_item, max_size=12, unique_by=lambda t: t[0]).map(lambda ts: [_item_row(t) for t in ts]),
    st.lists(junk_item_row, max_size=2),
).flatmap(lambda t: st.permutations(t[0] + t[1]))
names = st.one_of(
    st.tuples(st.sampled_from(["อบต.", "องค์การบริหารส่วนตำบล", "ทต.", "เทศบาลเมือง", "ทน.", ""]), text).map("".join),
    text,
)
result_cells = st.one_of(st.sampled_from(["80", "๙๕.๕", "100", "101", "", "-", "87.777", "abc"]), text)
junk_result_row = st.tuples(
    names,
    st.sampled_from(["เมือง", "อ.เมือง", "", "ควนโดน"]),
    st.sampled_from(["สตูล", "จ.สตูล", "", "ตรัง"]),
    st.lists(result_cells, min_size=14, max_size=14),
).map(lambda t: [t[0], t[1], t[2], *t[3]])
WRITTEN_TYPES = [("อบต.", "องค์การบริหารส่วนตำบล"), ("ทต.", "เทศบาลตำบล"), ("ทม.", "เทศบาลเมือง")]
valid_agency = st.tuples(
    st.integers(0, len(WRITTEN_TYPES) - 1),
    st.sampled_from(["วังประจัน", "ควนโดน", "ทดสอบ", "ใหม่"]),
    st.sampled_from(["ควนโดน", "เมือง"]),
    st.booleans(),
    st.lists(st.sampled_from(["80", "๙๕.๕", "100", "", "0.5"]), min_size=14, max_size=14),
)


def _result_row(t):
    kind, name, district, full, cells = t
    return [WRITTEN_TYPES[kind][full] + name, ("อ." if full else "") + district, "สตูล", *cells]


result_rows = st.tuples(
    st.lists(valid_agency, max_size=8, unique_by=lambda t: t[:3]).map(lambda ts: [_result_row(t) for t in ts]),
    st.lists(junk_result_row, max_size=2),
).flatmap(lambda t: st.permutations(t[0] + t[1]))
filenames = st.sampled_from(["a.csv", "a.xlsx", "a.txt", "a.xls", "a", "a.CSV"])


@pytest.fixture
def world(catalogue, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agency = AgencyFactory(name="วังประจัน", district="ควนโดน", province="สตูล")
    coordinator = MembershipFactory(agency=agency, role="coordinator").user
    admin = UserFactory(is_staff=True)
    return agency, coordinator, admin


def post_and_confirm(client, url, fields):
    """Upload, then confirm when the preview allows it; assert the two-phase contract on the way."""
    before = table_counts()
    response = client.post(url, fields)
    assert response.status_code == 200
    assert table_counts() == before, "a preview writes nothing"
    token = response.context.get("token") if response.context else None
    if token is None:
        event("refused or has errors")
        return response, None
    with TestCase.captureOnCommitCallbacks(execute=True):  # a background import runs inline once committed
        done = client.post(url, {"action": "confirm", "token": token})
    assert done.status_code in (200, 302)
    event(f"confirmed: {done.status_code}")
    return response, done


@PROPERTY
@given(rows=item_rows, header=st.sampled_from([True, True, True, False]), as_xlsx=st.booleans(), with_url=st.booleans())
def test_any_item_table_either_imports_whole_or_writes_nothing(client, world, rows, header, as_xlsx, with_url):
    agency, coordinator, _admin = world
    client.force_login(coordinator)
    head = [*ITEM_HEADER, "URL"] if with_url else ITEM_HEADER
    table = [["หัวเรื่อง"], head, *rows] if header else rows
    data = xlsx_bytes(table) if as_xlsx else csv_bytes(table)
    url = reverse("assessments:import_items", args=[agency.pk])

    response, done = post_and_confirm(
        client, url, {"fiscal_year": 2564, "file": SimpleUploadedFile("t.xlsx" if as_xlsx else "t.csv", data)}
    )

    if done is not None and done.status_code == 302:
        preview = response.context["preview"]
        stored = dict(
            ItemResult.objects.filter(assessment__agency=agency, assessment__fiscal_year=2564).values_list(
                "item__code", "score"
            )
        )
        assert all(stored[row.item.code] == row.score for row in preview.rows), "every row of the file is written"


@PROPERTY
@given(data=st.binary(max_size=3000), name=filenames)
def test_any_bytes_get_a_thai_answer_and_never_a_500(client, world, data, name):
    agency, coordinator, admin = world
    for user, url in (
        (coordinator, reverse("assessments:import_items", args=[agency.pk])),
        (admin, reverse("assessments:import_results")),
    ):
        client.force_login(user)
        before = table_counts()
        response = client.post(url, {"fiscal_year": 2564, "file": SimpleUploadedFile(name, data)})
        assert response.status_code == 200
        assert table_counts() == before


def _seed_xlsx_members() -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(SEED_001_XLSX.read_bytes())) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


SEED_MEMBERS = _seed_xlsx_members()


@PROPERTY
@given(member=st.integers(0, len(SEED_MEMBERS) - 1), junk=st.binary(max_size=200), cut=st.integers(0, 5000))
def test_a_damaged_xlsx_is_refused_in_thai(client, world, member, junk, cut):
    """A valid zip whose sheet XML is truncated or garbled fails deep inside openpyxl: still a Thai refusal."""
    agency, coordinator, _admin = world
    client.force_login(coordinator)
    handle = io.BytesIO()
    with zipfile.ZipFile(handle, "w") as archive:
        for index, (name, content) in enumerate(SEED_MEMBERS):
            archive.writestr(name, content[:cut] + junk if index == member else content)

    response, _done = post_and_confirm(
        client,
        reverse("assessments:import_items", args=[agency.pk]),
        {"fiscal_year": 2564, "file": SimpleUploadedFile("damaged.xlsx", handle.getvalue())},
    )

    assert response.status_code == 200


@PROPERTY
@given(rows=result_rows, create_missing=st.booleans(), as_xlsx=st.booleans())
def test_any_results_sheet_either_imports_whole_or_writes_nothing(client, world, rows, create_missing, as_xlsx):
    _agency, _coordinator, admin = world
    client.force_login(admin)
    table = [RESULTS_HEADER, *rows]
    fields = {
        "fiscal_year": 2564,
        "file": SimpleUploadedFile(
            "r.xlsx" if as_xlsx else "r.csv", xlsx_bytes(table) if as_xlsx else csv_bytes(table)
        ),
    }
    if create_missing:
        fields["create_missing"] = "on"

    response, done = post_and_confirm(client, reverse("assessments:import_results"), fields)

    if done is not None and done.status_code == 302:
        for row in response.context["preview"].rows:
            agency = Agency.objects.get(**row.key._asdict())
            assessment = Assessment.objects.get(agency=agency, fiscal_year=2564)
            stored = dict(assessment.indicator_scores.values_list("indicator__number", "score"))
            assert all(stored[n] == v for n, v in row.indicators.items()), "every row of the file is written"


@pytest.mark.parametrize("failing", ["Agency", "Assessment", "IndicatorScore"])
def test_a_failure_at_any_write_step_leaves_nothing_behind(client, world, monkeypatch, failing):
    _agency, _coordinator, admin = world
    client.force_login(admin)
    rows = [
        RESULTS_HEADER,
        ["อบต.วังประจัน", "ควนโดน", "สตูล", *["90"] * 10, "", "", "", ""],
        ["อบต.ใหม่", "เมือง", "สตูล", *["80"] * 10, "", "", "", ""],
    ]
    url = reverse("assessments:import_results")
    Assessment.objects.create(agency=_agency, fiscal_year=2564, framework=world_framework())
    preview = client.post(
        url, {"fiscal_year": 2564, "file": SimpleUploadedFile("r.csv", csv_bytes(rows)), "create_missing": "on"}
    )
    before = table_counts()
    original_create = QuerySet.bulk_create

    def bulk_create(self, objs, *args, **kwargs):
        if self.model.__name__ == failing:
            raise DatabaseError("simulated")
        return original_create(self, objs, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "bulk_create", bulk_create)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, {"action": "confirm", "token": preview.context["token"]})

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "บันทึกไม่สำเร็จ" in page and "ไม่มีข้อมูลใดถูกบันทึก" in page
    assert table_counts() == before
    assert Assessment.objects.get(agency=_agency).score_total is None
    assert Decimal(90) not in Assessment.objects.values_list("score_total", flat=True)


def world_framework():
    from assessments.models import FrameworkVersion

    return FrameworkVersion.objects.get(year=2564)
