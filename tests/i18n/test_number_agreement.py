"""Number agreement: the formatted number inside the translated phrase, the form chosen by the
language's CLDR plural rule, and no digit where a language writes the number as a word."""

import re

import pytest
from django.utils import translation

from awaz.core.catalogs import CATALOGS, problems, single_number_forms
from awaz.signatures.presenters import closed_sentence, count_sentence

ARABIC_DIGITS = re.compile(r"[0-9\u0660-\u0669]")


def _in(language, function, *args):
    with translation.override(language):
        return function(*args)


def test_it_writes_one_english_construction():
    assert _in("en", count_sentence, 1, 100) == "1 person has signed. Let's get to 100!"
    assert _in("en", count_sentence, 4, 100) == "4 people have signed. Let's get to 100!"
    assert _in("en", count_sentence, 0, 100) == "0 people have signed. Let's get to 100!"


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "لم يوقّع أحد بعد."),
        (1, "وقّع شخص واحد"),
        (2, "وقّع شخصان"),
        (3, "وقّع حتى الآن 3 أشخاص."),
        (11, "وقّع حتى الآن 11 شخصًا."),
        (100, "وقّع حتى الآن 100 شخص."),
    ],
)
def test_it_agrees_arabic_nouns_with_the_number(n, expected):
    sentence = _in("ar", count_sentence, n, 5000)
    assert sentence.startswith(expected)
    if n <= 2:  # zero, one and two are written as words: no digit before them
        assert not ARABIC_DIGITS.search(sentence.split(".")[0]), sentence


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "подписал 1 человек."), (2, "подписали 2 человека."), (5, "подписали 5 человек."), (21, "подписал 21 человек.")],
)
def test_it_agrees_russian_with_the_number(n, expected):
    assert expected in _in("ru", count_sentence, n, 100)


def test_it_formats_the_number_the_readers_way_inside_the_phrase():
    assert "7 500" in _in("fr", count_sentence, 7500, 10000).replace("\u202f", " ")
    assert "1,234" in _in("ar", count_sentence, 1234, 2500)


def test_a_closed_petition_reads_as_a_result():
    from datetime import date

    assert _in("en", closed_sentence, 1234, date(2026, 3, 1)) == "Closed on March 1, 2026 with 1,234 signatures"
    assert _in("ar", closed_sentence, 2, date(2026, 3, 1)).endswith("بتوقيعين")
    assert "21 подпись" in _in("ru", closed_sentence, 21, date(2026, 3, 1))


def test_single_number_forms_follow_the_plural_rules():
    assert single_number_forms("ar") == {0, 1, 2}
    assert single_number_forms("ru") == set()
    assert single_number_forms("fr") == set()  # French "one" is 0 and 1


def test_no_arabic_plural_entry_writes_a_digit_for_zero_one_or_two():
    assert [p for p in problems("ar") if p.startswith("number as a digit")] == []
    assert set(CATALOGS) >= {"ar", "ru"}
