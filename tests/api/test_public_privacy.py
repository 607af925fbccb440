"""No public API answer names a signer, their address, network or comment, whatever the petition."""

import json

import pytest
from django.test import Client

from awaz.signatures.models import Signature
from tests.api.helpers import SECRETS, seed
from tests.factories import sign_form_data

pytestmark = pytest.mark.django_db


SEEDED = [f"/api/v1/petitions/{slug}?language=fr" for slug in ("free-them", "closed-one", "sealed-one")]


def every_public_answer(client, extra=()) -> dict[str, bytes]:
    """Every list (filtered by status too) and every object it links to, and `extra` paths."""
    answers = {}
    queue = ["/api/v1/openapi.json", "/api/v1/petitions", "/api/v1/news", "/api/v1/organizations",
             "/api/v1/petitions?status=closed", "/api/v1/petitions?status=open", *extra]
    while queue:
        path = queue.pop()
        if path in answers:
            continue
        response = client.get(path)
        assert response.status_code == 200, path
        answers[path] = response.content
        body = json.loads(response.content)
        for item in body.get("data", []):
            queue.append(item["url"].split("127.0.0.1:8000", 1)[1])
    return answers


def test_no_answer_contains_a_signers_name_email_network_or_comment(client):
    world = seed()
    # One more signer through the real form, from a known network.
    visitor = Client(REMOTE_ADDR="203.0.113.77")
    visitor.post("/en/petitions/free-them/sign/", sign_form_data(
        world.open_petition, name="Gulnar Formsigner", email="gulnar.form@example.org",
    ))
    tags = set(Signature.objects.exclude(network_hash="").values_list("network_hash", flat=True))
    assert tags, "the form stored a network tag to look for"
    answers = every_public_answer(client, SEEDED)
    assert len(answers) >= 15
    for path, content in answers.items():
        text = content.decode()
        for secret in [*SECRETS, "Gulnar Formsigner", "gulnar.form@example.org", "203.0.113"]:
            assert secret.lower() not in text.lower(), (path, secret)
        values = set()
        _strings(json.loads(text), values)
        assert not values & tags, path


def _strings(value, into: set) -> None:
    if isinstance(value, dict):
        for item in value.values():
            _strings(item, into)
    elif isinstance(value, list):
        for item in value:
            _strings(item, into)
    elif isinstance(value, str):
        into.add(value)
