"""Countries named in every language and sorted for its readers (ICU collation)."""

import re

import pytest
from django.conf import settings

from awaz.core import languages
from awaz.core.collation import sorted_names

LANGUAGES = [code for code, _ in settings.LANGUAGES]


def _names(code):
    return [name for _iso, name in languages.countries(code)]


def test_english_sorts_accents_with_their_letter():
    names = _names("en")
    assert names.index("Åland Islands") < names.index("Albania")
    assert names.index("Tunisia") < names.index("Türkiye") < names.index("Turkmenistan") < names.index("Tuvalu")


def test_turkish_puts_its_own_letters_after_the_plain_ones():
    names = _names("tr")
    c_names = [n for n in names if n[:1] in "CÇ"]
    assert all(n.startswith("C") for n in c_names[: c_names.index("Çad")])
    assert names.index("Cibuti") < names.index("Çad")
    assert names.index("Uzbekistan" if "Uzbekistan" in names else "Uruguay") < names.index("Ürdün")


def test_chinese_sorts_by_pinyin():
    names = _names("zh-hans")
    assert names[0].startswith("阿")  # a: 阿尔巴尼亚, Albania
    assert names.index("德国") < names.index("法国") < names.index("日本")  # de, fa, ri


def test_arabic_and_uyghur_sort_in_their_own_alphabet_and_name_every_country():
    for code, first_letters in (("ar", "آأإا"), ("ug", "ئا")):
        names = _names(code)
        assert names[0][0] in first_letters, names[:3]
        assert not any(re.search(r"[A-Za-z]", n) for n in names), [n for n in names if re.search(r"[A-Za-z]", n)]


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_language_lists_sark_or_reserved_codes(code):
    isos = {iso for iso, _ in languages.countries(code)}
    assert not isos & {"CQ", "AC", "CP", "DG", "EA", "IC", "TA"}
    assert {"DE", "TR", "CN", "SA", "JP"} <= isos
    assert len(isos) == len(languages.countries("en"))


def test_latin_uyghur_names_are_capitalised():
    assert languages.country_name("JP", "ug-latn")[0].isupper()
    names = _names("ug-latn")
    assert names == sorted_names(names, "ug-latn")


def test_the_sign_forms_country_list_follows_the_readers_order(client, petition):
    page = client.get(f"/tr/petitions/{petition.slug}/").content.decode()
    options = re.findall(r'<option value="([A-Z]{2})"', page)
    assert options.index("DJ") < options.index("TD")  # Cibuti before Çad
