"""The demo petitions come with targets, thresholds and a published response."""

import pytest
from django.core import mail
from django.core.management import call_command

from awaz.petitions.demo_loader import load_demo_petitions

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_shows_a_response_on_the_timeline(client):
    load_demo_petitions()
    call_command("load_demo_outcomes")
    call_command("load_demo_outcomes")  # idempotent
    from awaz.outcomes.models import Target, Threshold

    assert Target.objects.filter(petition__slug="end-forced-labour-transfers").count() == 2
    assert Threshold.objects.filter(petition__slug="end-forced-labour-transfers").count() == 2
    html = client.get("/fr/petitions/end-forced-labour-transfers/").content.decode()
    assert "Réponse : Le ministre des Affaires étrangères" in html
    assert mail.outbox == []
