import pytest

from assessments.codes import ItemCodeError, normalise_item_code


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("0๑๑", "O11"),  # digit zero typed for the letter O, Thai digits (seed 003)
        ("O๓๑", "O31"),
        ("i๒๐", "i20"),
        ("I20", "i20"),
        (" o 11 ", "O11"),
        ("O011", "O11"),
        ("O43", "O43"),
        ("e3", "e3"),
    ],
)
def test_it_normalises_codes_as_people_type_them(typed, canonical):
    assert normalise_item_code(typed) == canonical


@pytest.mark.parametrize("typed", ["", "11", "X11", "O", "O0", "O1234", "ข้อ 11"])
def test_it_refuses_what_is_not_an_item_code_with_a_thai_message(typed):
    with pytest.raises(ItemCodeError, match="รหัสข้อ"):
        normalise_item_code(typed)
