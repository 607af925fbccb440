"""Every answer of the public API matches the OpenAPI document, errors included."""

import json

import pytest

from tests.api.conformance import assert_conforms
from tests.api.helpers import seed
from tests.api.test_public_privacy import SEEDED, every_public_answer

pytestmark = pytest.mark.django_db


def test_every_answer_matches_the_document(client):
    seed()
    paths = [path for path in every_public_answer(client, SEEDED) if path != "/api/v1/openapi.json"]
    paths += ["/api/v1/petitions?language=ug&status=open", "/api/v1/news?language=ja&tag=advocacy",
              "/api/v1/petitions?page=2&per_page=1", "/api/v1/organizations?per_page=100"]
    for path in paths:
        assert_conforms(path, client.get(path))
    assert len(paths) > 15


def test_errors_match_the_document(client, settings):
    seed()
    for path in ["/api/v1/petitions/nope", "/api/v1/news/nope", "/api/v1/organizations/nope",
                 "/api/v1/petitions?status=nope", "/api/v1/news?page=0", "/api/v1/petitions/free-them?language=xx"]:
        response = client.get(path)
        assert response.status_code in (400, 404)
        assert_conforms(path, response)
    assert_conforms("/api/v1/petitions", client.post("/api/v1/petitions"))
    settings.RATE_API_PER_MINUTE = 1
    client.get("/api/v1/news")
    limited = client.get("/api/v1/news")
    assert limited.status_code == 429
    assert_conforms("/api/v1/news", limited)


def test_a_field_missing_from_the_document_fails_the_check(client, monkeypatch):
    """The check itself can fail: closed objects catch an undocumented field."""
    from awaz.api.public import present

    seed()
    original = present.organization
    monkeypatch.setattr(present, "organization", lambda org: {**original(org), "reply_to": "x@example.org"})
    with pytest.raises(AssertionError, match="reply_to"):
        assert_conforms("/api/v1/organizations/uyghur-voices", client.get("/api/v1/organizations/uyghur-voices"))
    assert json.loads(client.get("/api/v1/organizations/uyghur-voices").content)["reply_to"]


def test_the_demo_site_matches_the_document_in_every_language(client):
    """The demo content has what the seeded data lacks: images, deliveries, tags, many languages."""
    from django.core.management import call_command
    from django.utils import timezone

    from awaz.news.demo_loader import load_demo_posts
    from awaz.outcomes.models import Delivery, DeliveryTranslation
    from awaz.petitions.demo_loader import load_demo_petitions
    from awaz.petitions.models import Petition

    load_demo_petitions()
    load_demo_posts()
    call_command("load_demo_outcomes")
    petition = Petition.objects.public().first()
    delivery = Delivery.objects.create(petition=petition, delivered_on=timezone.localdate(), signature_count=None)
    DeliveryTranslation.objects.create(delivery=delivery, language="en", place="Geneva", recipients="The Council")
    answers = every_public_answer(client)
    detail = next(path for path in answers if path.startswith(f"/api/v1/petitions/{petition.slug}"))
    assert "delivered" in [event["kind"] for event in json.loads(answers[detail])["timeline"]]
    from django.conf import settings

    for path in answers:
        if path == "/api/v1/openapi.json":
            continue
        for code, _name in settings.LANGUAGES:
            separator = "&" if "?" in path else "?"
            localized = path if "language=" in path else f"{path}{separator}language={code}"
            assert_conforms(localized, client.get(localized))
