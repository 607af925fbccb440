"""The honeypot field: bots that fill it are answered like people, and nothing is stored."""

import pytest
from django.core import mail

from tests.defences.conftest import sign, stored

pytestmark = pytest.mark.django_db


def test_it_stores_nothing_when_the_honeypot_is_filled(client, petition, clock, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign(client, petition, website="https://spam.example")

    assert response.status_code == 302
    assert response["Location"] == f"/en/petitions/{petition.slug}/thanks/"
    assert stored(petition) == 0
    assert len(mail.outbox) == 0


def test_it_answers_a_bot_exactly_like_a_person(client, petition, clock):
    bot = sign(client, petition, website="filled")
    person = sign(client, petition)

    assert (bot.status_code, bot["Location"]) == (person.status_code, person["Location"])
    assert stored(petition) == 1


def test_it_renders_the_honeypot_hidden_from_people(client, petition):
    page = client.get(f"/en/petitions/{petition.slug}/").content.decode()

    assert '<div class="hp" aria-hidden="true">' in page
    assert 'name="website"' in page and 'tabindex="-1"' in page
