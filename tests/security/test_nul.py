"""Issue #10 item 12: a NUL in a query string or a form field gets a clear 400 in the visitor's
language, before any view (search, admin login and signing were 500s on PostgreSQL)."""

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from awaz.signatures.models import Signature
from tests.factories import sign_form_data
from tests.security.helpers import LOGIN

MESSAGE = "What was sent contains a null character"
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _explained_in(response, language: str) -> bool:
    with translation.override(language):
        expected = gettext(
            "What was sent contains a null character, which no text may contain, so nothing was saved. "
            "Please type it again without copying it from elsewhere, and try again."
        )
    return expected in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_refuses_a_nul_in_the_search_in_every_language(client, db, language):
    response = client.get(f"/{language}/search/?q=%00")
    assert response.status_code == 400
    assert f'lang="{language}"' in response.content.decode().replace("zh-Hans", "zh-hans").replace("ug-Latn", "ug-latn")
    assert _explained_in(response, language)


@pytest.mark.parametrize("query", ["q=a%00b", "q%00=x", "q=ok&page=1%00"])
def test_it_refuses_a_nul_in_any_key_or_value(client, db, query):
    assert client.get(f"/en/search/?{query}").status_code == 400


def test_it_still_searches_without_nul(client, db):
    assert client.get("/en/search/?q=amina").status_code == 200


def test_it_refuses_a_nul_in_the_admin_username(client, superuser, staff_password):
    response = client.post(LOGIN, {"username": "ad\x00min", "password": staff_password}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert _explained_in(response, "fr")


def test_it_refuses_a_nul_in_a_signature_and_stores_nothing(client, petition):
    response = client.post(f"/ru/petitions/{petition.slug}/sign/", sign_form_data(petition, name="Amina\x00Tursun"))
    assert response.status_code == 400
    assert _explained_in(response, "ru")
    assert Signature.objects.count() == 0
    assert mail.outbox == []
