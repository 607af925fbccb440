"""Issue #10 item 11: invisible and direction marks are refused in names, with a clear message
in the visitor's language, on the form and on the express lane alike."""

import pytest
from django.core import mail
from django.utils import translation

from awaz.core.text import INVISIBLE_IN_NAME, has_invisible_marks
from awaz.signatures.models import Signature
from tests.factories import sign_form_data

ZWNJ = "\u200c"
MARKS = [
    "\u200e", "\u200f", "\u061c",  # direction marks
    "\u200b", "\u200d", "\u2060", "\ufeff",  # zero-width characters, word joiner, BOM
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",  # embeddings and overrides
    "\u2066", "\u2067", "\u2068", "\u2069",  # isolates
    "\u00ad", "\U000e0041",  # other invisible format characters: soft hyphen, a tag character
]
# Real names with a zero-width non-joiner between letters: Persian "Mehrnāz‌ Ahmadi" style.
PERSIAN_NAME = f"مهر{ZWNJ}ناز احمدی"


@pytest.mark.parametrize("mark", MARKS)
def test_it_finds_each_mark_anywhere_in_a_name(mark):
    assert has_invisible_marks(f"Amina{mark}Tursun")
    assert has_invisible_marks(f"{mark}Amina")
    assert has_invisible_marks(f"Amina{mark}")


@pytest.mark.parametrize("name", [PERSIAN_NAME, f"می{ZWNJ}خواهم", "Amina Tursun", "ئامىنە تۇرسۇن", "李明"])
def test_it_accepts_real_names_including_the_persian_half_space(name):
    assert not has_invisible_marks(name)


@pytest.mark.parametrize("name", [f"{ZWNJ}Amina", f"Amina{ZWNJ}", f"Amina {ZWNJ}Tursun", f"مهر{ZWNJ}{ZWNJ}ناز", f"a{ZWNJ}."])
def test_it_refuses_a_non_joiner_that_joins_nothing(name):
    assert has_invisible_marks(name)


def _sign(client, petition, name, language="en"):
    return client.post(f"/{language}/petitions/{petition.slug}/sign/", sign_form_data(petition, name=name))


@pytest.mark.parametrize("mark", MARKS)
def test_it_refuses_the_signature_with_a_clear_message(client, petition, mark):
    response = _sign(client, petition, f"Amina{mark}Tursun")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Please remove invisible" in page
    assert Signature.objects.count() == 0
    assert mail.outbox == []


def test_it_explains_in_the_visitors_language(client, petition):
    with translation.override("ar"):
        expected = str(INVISIBLE_IN_NAME)
    response = _sign(client, petition, "أمينة\u200fتورسون", language="ar")
    assert response.status_code == 400
    assert expected in response.content.decode()


def test_it_stores_a_persian_name_with_its_half_space(client, petition):
    response = _sign(client, petition, PERSIAN_NAME)
    assert response.status_code == 302
    assert Signature.objects.with_personal_data().get().name == PERSIAN_NAME
