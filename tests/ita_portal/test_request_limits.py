"""A form post over the size limit gets a Thai page saying what the limit is (issue 18, item 6)."""

from django.urls import reverse

from tests.factories import MembershipFactory


def test_a_post_over_the_limit_says_the_limit_in_thai_and_how_to_keep_the_text(client, catalogue, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    member = MembershipFactory(role="coordinator")
    client.force_login(member.user)

    response = client.post(
        reverse("assessments:results_edit", args=[member.agency.pk, 2569]),
        {"version": "0", "item_O1_comment": "ก" * 400_000},  # 3.6 MB URL-encoded
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "ข้อมูลที่ส่งมีขนาดใหญ่เกินไป" in page and "๑.๐ MB" in page and "ย้อนกลับ" in page


def test_the_default_limit_holds_the_results_form_of_43_items_with_long_thai_comments(settings):
    # 43 items × (a 1,000-character comment and a 1,000-character decision) in Thai, URL-encoded.
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE > 43 * 2 * 1000 * 9
