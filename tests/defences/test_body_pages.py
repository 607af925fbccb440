"""The pages for bodies that `awaz serve` refused (awaz.core.bodies): in the visitor's language,
before any view or form runs. The refusals themselves are tested against the real server in
tests/deploy/test_bodies.py."""

import pytest
from django.utils import translation

from awaz.core.bodies import REFUSED_KEY, body_limit
from awaz.signatures.models import Signature


@pytest.fixture(autouse=True)
def _language_reset():
    yield
    translation.deactivate()  # the test client leaves the last request's language active


@pytest.mark.parametrize(("status", "language", "text"), [
    (408, "fr", "La connexion était trop lente"),
    (413, "ar", "ما أرسلته كبير جدًا"),
    (413, "ug-latn", "Siz ewetken mezmun bek chong"),
])
def test_it_answers_a_refused_body_in_the_visitors_language(client, petition, status, language, text):
    response = client.post(f"/{language}/petitions/{petition.slug}/sign/", **{REFUSED_KEY: status})
    assert response.status_code == status
    assert response["Content-Language"] == language
    assert response["Connection"] == "close"
    assert text in response.content.decode()
    assert not Signature.objects.exists()


def test_the_admin_has_the_larger_limit(settings):
    assert body_limit("/en/petitions/x/sign/").max_bytes == 64 * 1024
    assert body_limit(f"/{settings.ADMIN_URL}/news/post/add/").max_bytes == 20 * 1024 * 1024
    assert body_limit(f"/{settings.ADMIN_URL}x/").max_bytes == 64 * 1024  # a lookalike path is public
