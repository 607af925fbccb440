import pytest

from awaz.core import languages


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "A, B, and C"), ("fr", "A, B et C"), ("ar", "A وB وC"), ("ja", "A、B、C"),
        ("ug", "A، B ۋە C"), ("ug-latn", "A, B we C"),
    ],
)
def test_it_writes_lists_the_way_each_language_does(code, expected):
    assert languages.format_list(["A", "B", "C"], code) == expected


def test_it_writes_a_single_item_alone():
    assert languages.format_list(["The United Nations"], "ug") == "The United Nations"


def test_it_names_countries_in_latin_script_uyghur():
    name = languages.country_name("DE", "ug-latn")
    assert name.isascii() or all(ord(c) < 0x600 for c in name)
    assert name != languages.country_name("DE", "ug")
