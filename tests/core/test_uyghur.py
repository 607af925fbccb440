"""Tests for the Uyghur Arabic-script (UEY) <-> Latin-script (ULY) converter.

Rules followed (from memory of the standard, no document at hand): Uyghur Latin Yéziqi as
finalised at Xinjiang University in 2001 and adopted by the Xinjiang regional language committee
(the 2006-2008 standard):

* one Latin letter or digraph per Arabic letter, ch gh ng sh zh being single letters;
* ئ before a syllable-initial vowel is not written at the start of a word or between two vowels
  (مۇئەللىم muellim), and is written as an apostrophe after a consonant (مەسئۇل mes'ul);
* an apostrophe splits n+g, n+gh, s+h, z+h, g+h when they are two letters (ئىنگلىز in'gliz,
  باشلانغۇچ bashlan'ghuch).

Only words whose spelling in both scripts we are confident of are used.
"""

import pytest

from awaz.core.uyghur import arabic_to_latin, latin_to_arabic, to_script

WORDS = [
    ("ئۇيغۇر", "uyghur"),
    ("ئۈرۈمچى", "ürümchi"),
    ("ئەركىنلىك", "erkinlik"),
    ("ئانا", "ana"),
    ("ئۆي", "öy"),
    ("چاي", "chay"),
    ("غەلىبە", "ghelibe"),
    ("شىنجاڭ", "shinjang"),
    ("مىڭ", "ming"),
    ("ژۇرنال", "zhurnal"),
    ("بېيجىڭ", "béyjing"),
    ("كېلىش", "kélish"),
    ("كىتاب", "kitab"),
    ("مەكتەپ", "mektep"),
    ("قەشقەر", "qeshqer"),
    ("خوتەن", "xoten"),
    ("تۇرپان", "turpan"),
    ("غۇلجا", "ghulja"),
    ("ئاقسۇ", "aqsu"),
    ("بالا", "bala"),
    ("ئادەم", "adem"),
    ("ھۆكۈمەت", "hökümet"),
    ("ئادالەت", "adalet"),
    ("ھوقۇق", "hoquq"),
    ("كىشىلىك", "kishilik"),
    ("تىل", "til"),
    ("يېزىق", "yéziq"),
    ("ۋەتەن", "weten"),
    ("دۇنيا", "dunya"),
    ("سۇ", "su"),
    ("نان", "nan"),
    ("گۈل", "gül"),
    ("قىز", "qiz"),
    ("ئوغۇل", "oghul"),
    ("دوست", "dost"),
    ("ئۆگىنىش", "öginish"),
    ("ئوقۇغۇچى", "oqughuchi"),
    ("ئىنسان", "insan"),
    ("خەلق", "xelq"),
    ("تارىخ", "tarix"),
    ("مەدەنىيەت", "medeniyet"),
    ("ۋاقىت", "waqit"),
    ("ھەقىقەت", "heqiqet"),
    ("ئىشچى", "ishchi"),
    ("دېھقان", "déhqan"),
    ("ئەمگەك", "emgek"),
    ("مۇناسىۋەت", "munasiwet"),
    ("كۈن", "kün"),
    ("يىل", "yil"),
    ("ئاي", "ay"),
    ("تېلېفون", "téléfon"),
    ("ئۈچۈن", "üchün"),
    ("ئىمزا", "imza"),
    ("پۈتۈن", "pütün"),
    ("ئازادلىق", "azadliq"),
    ("زۇلۇم", "zulum"),
    ("لاگېر", "lagér"),
    # ng followed by g: no apostrophe needed, ng is read first.
    ("جۇڭگو", "junggo"),
    ("مەڭگۈ", "menggü"),
    ("مەشھۇر", "meshhur"),
]

APOSTROPHE_WORDS = [
    ("مەسئۇل", "mes'ul"),
    ("سەنئەت", "sen'et"),
    ("جەمئىيەت", "jem'iyet"),
    ("سۈرئەت", "sür'et"),
    ("ئىنگلىز", "in'gliz"),
    ("باشلانغۇچ", "bashlan'ghuch"),
    ("ۋىجدانغا", "wijdan'gha"),
    ("ئىسھاق", "is'haq"),
]

# ئ between two vowels is not written in ULY.
VOWEL_VOWEL_WORDS = [
    ("مۇئەللىم", "muellim"),
    ("ئائىلە", "aile"),
    ("تەبىئىي", "tebiiy"),
    ("شائىر", "shair"),
]

SENTENCES = [
    ("سىز قەيەردىن كەلدىڭىز؟", "siz qeyerdin keldingiz?"),
    (
        "بىز ئەركىنلىك ۋە ئادالەت ئۈچۈن ئىمزا توپلايمىز، ھەممەيلەننى قوللاشقا چاقىرىمىز.",
        "biz erkinlik we adalet üchün imza toplaymiz, hemmeylenni qollashqa chaqirimiz.",
    ),
    ("ئانا تىل — مىللەتنىڭ جېنى؛ ئۇنى ساقلايلى!", "ana til — milletning jéni; uni saqlayli!"),
    (
        "ھەممە ئادەم تۇغۇلۇشىدىنلا ئەركىن، ئىززەت-ھۆرمەت ۋە ھوقۇقتا باب-باراۋەر بولۇپ"
        " تۇغۇلغان. ئۇلار ئەقىلگە ۋە ۋىجدانغا ئىگە.",
        "hemme adem tughulushidinla erkin, izzet-hörmet we hoquqta bab-barawer bolup"
        " tughulghan. ular eqilge we wijdan'gha ige.",
    ),
]

ALL_PAIRS = WORDS + APOSTROPHE_WORDS + VOWEL_VOWEL_WORDS + SENTENCES


def test_it_has_at_least_forty_real_words() -> None:
    assert len(WORDS) + len(APOSTROPHE_WORDS) + len(VOWEL_VOWEL_WORDS) >= 40


@pytest.mark.parametrize(("arabic", "latin"), ALL_PAIRS)
def test_it_converts_arabic_to_latin(arabic: str, latin: str) -> None:
    assert arabic_to_latin(arabic) == latin


@pytest.mark.parametrize(("arabic", "latin"), ALL_PAIRS)
def test_it_converts_latin_to_arabic(arabic: str, latin: str) -> None:
    assert latin_to_arabic(latin) == arabic


@pytest.mark.parametrize(("arabic", "latin"), ALL_PAIRS)
def test_it_round_trips_arabic_through_latin(arabic: str, latin: str) -> None:
    assert latin_to_arabic(arabic_to_latin(arabic)) == arabic


@pytest.mark.parametrize(("arabic", "latin"), ALL_PAIRS)
def test_it_round_trips_latin_through_arabic(arabic: str, latin: str) -> None:
    assert arabic_to_latin(latin_to_arabic(latin)) == latin


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [
        ("Uyghur", "ئۇيغۇر"),
        ("Ürümchi", "ئۈرۈمچى"),
        ("Öy", "ئۆي"),
        ("Élip", "ئېلىپ"),
        ("Béyjing", "بېيجىڭ"),
        ("Chay", "چاي"),
        ("Shinjang", "شىنجاڭ"),
        ("Zhurnal", "ژۇرنال"),
        ("Ghelibe", "غەلىبە"),
        ("Mes'ul", "مەسئۇل"),
        ("In'gliz", "ئىنگلىز"),
    ],
)
def test_it_reads_capital_latin_letters(latin: str, arabic: str) -> None:
    assert latin_to_arabic(latin) == arabic
    assert arabic_to_latin(latin_to_arabic(latin)) == latin.lower()


def test_it_round_trips_a_capitalised_sentence_to_lowercase() -> None:
    latin = "Biz Ürümchi we Qeshqerde Uyghur tilida Ishleymiz."
    assert latin_to_arabic(latin) == "بىز ئۈرۈمچى ۋە قەشقەردە ئۇيغۇر تىلىدا ئىشلەيمىز."
    assert arabic_to_latin(latin_to_arabic(latin)) == latin.lower()


def test_it_keeps_latin_output_lowercase_at_sentence_start() -> None:
    assert arabic_to_latin("ئانا كەلدى. ئۇ كۈلدى.") == "ana keldi. u küldi."


def test_it_drops_the_hamza_carrier_at_word_start_after_a_hyphen_or_digit() -> None:
    assert arabic_to_latin("2024-يىلى 15-ئاي") == "2024-yili 15-ay"
    assert latin_to_arabic("2024-yili 15-ay") == "2024-يىلى 15-ئاي"


def test_it_separates_letters_that_would_read_as_a_digraph() -> None:
    assert arabic_to_latin("نگ نغ سھ زھ گھ") == "n'g n'gh s'h z'h g'h"
    assert latin_to_arabic("n'g n'gh s'h z'h g'h") == "نگ نغ سھ زھ گھ"


def test_it_reads_real_digraphs_without_apostrophes() -> None:
    assert arabic_to_latin("ڭھ شھ ڭگ") == "ngh shh ngg"
    assert latin_to_arabic("ngh shh ngg") == "ڭھ شھ ڭگ"


def test_it_accepts_typographic_apostrophes_between_letters() -> None:
    assert latin_to_arabic("mes’ul sen\u02bcet") == "مەسئۇل سەنئەت"


def test_it_keeps_apostrophes_used_as_quotation_marks() -> None:
    assert latin_to_arabic("'salam'") == "'سالام'"


def test_it_writes_hamza_for_an_apostrophe_between_two_vowels_only_once() -> None:
    assert latin_to_arabic("mu'ellim") == "مۇئەللىم"


def test_it_uses_canonical_arabic_code_points() -> None:
    assert latin_to_arabic("e") == "\u0626\u06d5"
    assert latin_to_arabic("h") == "\u06be"
    assert latin_to_arabic("w") == "\u06cb"
    assert latin_to_arabic("b\u00e9") == "\u0628\u06d0"
    assert latin_to_arabic("bu b\u00f6 b\u00fc bi") == (
        "\u0628\u06c7 \u0628\u06c6 \u0628\u06c8 \u0628\u0649"
    )
    assert latin_to_arabic("y ng g k") == "\u064a \u06ad \u06af \u0643"


def test_it_accepts_decomposed_and_dotted_e_for_e_acute() -> None:
    assert latin_to_arabic("ye\u0301ziq") == "يېزىق"
    assert latin_to_arabic("yëziq") == "يېزىق"


def test_it_maps_punctuation_from_arabic_to_latin() -> None:
    assert arabic_to_latin("«ئانا»، سىز؟ بىز؛") == "«ana», siz? biz;"


def test_it_maps_punctuation_from_latin_to_arabic() -> None:
    assert latin_to_arabic("«ana», siz? biz;") == "«ئانا»، سىز؟ بىز؛"


def test_it_keeps_commas_inside_numbers() -> None:
    assert latin_to_arabic("1,000 kishi, 2,5 som") == "1,000 كىشى، 2,5 سوم"


def test_it_passes_digits_through_unchanged() -> None:
    assert arabic_to_latin("٢٠٢٤ ۋە 2024") == "٢٠٢٤ we 2024"
    assert latin_to_arabic("12345 67.8") == "12345 67.8"


def test_it_leaves_urls_untouched_in_latin_to_arabic() -> None:
    latin = "Tor bet: https://awaz.example.org/ug-latn/petitions/?page=2, uni oqung."
    assert latin_to_arabic(latin) == (
        "تور بەت: https://awaz.example.org/ug-latn/petitions/?page=2، ئۇنى ئوقۇڭ."
    )


def test_it_leaves_email_addresses_and_www_addresses_untouched() -> None:
    assert latin_to_arabic("xet: info@awaz.org, www.awaz.org") == "خەت: info@awaz.org، www.awaz.org"


def test_it_leaves_markdown_syntax_links_and_code_untouched() -> None:
    latin = "# Imza\n\n* **Adalet** we [bet](https://x.org/a,b?c=d) `kod, bu`\n"
    assert latin_to_arabic(latin) == (
        "# ئىمزا\n\n* **ئادالەت** ۋە [بەت](https://x.org/a,b?c=d) `kod, bu`\n"
    )


def test_it_leaves_markdown_and_latin_text_untouched_in_arabic_to_latin() -> None:
    arabic = "## ئىمزا\n\n- **ئادالەت** UN ۋە [بەت](https://x.org/ئا) `ئانا`"
    assert arabic_to_latin(arabic) == "## imza\n\n- **adalet** UN we [bet](https://x.org/ئا) `ئانا`"


def test_it_keeps_all_capital_abbreviations_in_latin_to_arabic() -> None:
    assert latin_to_arabic("UN we NGO bilen") == "UN ۋە NGO بىلەن"


def test_it_keeps_words_with_non_uly_letters() -> None:
    assert latin_to_arabic("Facebook we ana") == "Facebook ۋە ئانا"


def test_it_is_a_no_op_on_text_already_in_the_target_script() -> None:
    assert arabic_to_latin("uyghur tili") == "uyghur tili"
    assert latin_to_arabic("ئۇيغۇر تىلى") == "ئۇيغۇر تىلى"


@pytest.mark.parametrize(
    ("variant", "latin"),
    [
        ("مهکتهپ", "mektep"),  # Arabic heh U+0647 and Persian keheh U+06A9
        ("غەلىبة", "ghelibe"),  # teh marbuta for ە
        ("چای", "chay"),  # Persian yeh U+06CC after a vowel is y
        ("ئۆی", "öy"),
        ("کیتاب", "kitab"),  # Persian yeh between consonants is i
        ("جەمئییەت", "jem'iyet"),  # i then y before a vowel
        ("تەبیئیی", "tebiiy"),
        ("ﺋﯘﻳﻐﯘﺭ", "uyghur"),  # presentation forms
        ("ﯪﻧﺎ", "ana"),  # the ئا ligature
        ("ئـانـا", "ana"),  # tatweel
        ("ي\u0654ۇيغۇر", "uyghur"),  # decomposed ئ
        ("ئا\u200cنا", "ana"),  # stray zero-width non-joiner
        ("ئانَا", "ana"),  # Arabic vowel mark
    ],
)
def test_it_normalizes_look_alike_arabic_input(variant: str, latin: str) -> None:
    assert arabic_to_latin(variant) == latin


def test_it_round_trips_look_alike_input_to_canonical_arabic() -> None:
    assert latin_to_arabic(arabic_to_latin("مهکتهپ ۋە چای")) == "مەكتەپ ۋە چاي"


def test_it_does_not_apply_compatibility_normalization_outside_arabic() -> None:
    assert arabic_to_latin("ﬁ ２ x² ئانا") == "ﬁ ２ x² ana"


def test_it_dispatches_to_the_target_script() -> None:
    assert to_script("ئۇيغۇر تىلى", "ug-latn") == "uyghur tili"
    assert to_script("uyghur tili", "ug") == "ئۇيغۇر تىلى"
    assert to_script("ئانا", "ug-Latn") == "ana"


@pytest.mark.parametrize("target", ["ug-arab", "uz", "", "latin", "ar"])
def test_it_raises_value_error_for_another_target(target: str) -> None:
    with pytest.raises(ValueError):
        to_script("ana", target)
