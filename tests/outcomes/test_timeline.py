"""The public timeline on the petition page and in data.json, in the reader's language."""

import pytest
from django.utils import timezone

from awaz.outcomes import services
from awaz.outcomes.models import Delivery, DeliveryTranslation
from tests.factories import make_outcome, make_response, make_target, make_threshold
from tests.factories import make_signature

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def story(petition):
    target = make_target(petition, translations={
        "en": {"name": "Jane Minister", "role": "Foreign Minister", "organization": "Government"},
        "fr": {"name": "Jane Ministre", "role": "Ministre des Affaires étrangères", "organization": "Gouvernement"},
    })
    make_threshold(petition, 1, alert_team=False)
    make_signature(petition, email="one@example.org")
    delivery = Delivery.objects.create(petition=petition, delivered_on=timezone.localdate())
    DeliveryTranslation.objects.create(delivery=delivery, language="en", place="Geneva", recipients="the Minister's office")
    services.delivery_recorded(delivery=delivery)
    response = make_response(petition, target=target, translations={
        "en": "We will raise the matter.", "fr": "Nous soulèverons la question."})
    services.response_publish(response=response)
    make_response(petition, target=target, translations={"en": "A draft nobody should see."})  # never published
    services.outcome_declare(outcome=make_outcome(petition, kind="partly_won", close_signing=False))
    return petition


def test_the_page_shows_every_step_in_the_readers_language(client, story):
    html = client.get(f"/fr/petitions/{story.slug}/").content.decode()
    assert 'id="timeline"' in html
    assert "Ouverture de la pétition" in html
    assert "1 signature atteinte" in html
    assert "Pétition remise" in html and "Geneva" in html  # the delivery exists in English only
    assert "Réponse : Jane Ministre" in html and "Nous soulèverons la question." in html
    assert "Victoire partielle" in html and "The law was withdrawn." in html  # fallback to the original
    assert "A draft nobody should see" not in html
    assert "Une victoire partielle" in html  # the call to action changed
    assert html.index("Ouverture de la pétition") < html.index("Pétition remise") < html.index("Réponse :")


def test_a_language_without_a_translation_falls_back_to_the_original(client, story):
    html = client.get(f"/ja/petitions/{story.slug}/").content.decode()
    assert "Jane Minister" in html and "We will raise the matter." in html
    assert "請願を提出" in html


def test_data_json_holds_the_timeline_the_targets_and_the_outcome(client, story):
    data = client.get(f"/fr/petitions/{story.slug}/data.json").json()
    kinds = [event["kind"] for event in data["timeline"]]
    assert kinds == ["opened", "threshold", "delivered", "response", "outcome"]
    assert data["outcome"] == "partly_won"
    assert data["targets"] == [{"name": "Jane Ministre", "role": "Ministre des Affaires étrangères",
                                "organization": "Gouvernement", "contact": "", "language": "fr"}]
    response = next(event for event in data["timeline"] if event["kind"] == "response")
    assert response["text"] == "Nous soulèverons la question." and response["date"] == timezone.localdate().isoformat()
    assert "email" not in str(data["targets"])


def test_data_json_links_the_delivery_photo_absolutely(client, story, settings):
    from awaz.outcomes.models import Delivery

    Delivery.objects.filter(petition=story).update(photo="outcomes/abc.jpg")
    services.forget_outcomes(story.pk)
    data = client.get(f"/en/petitions/{story.slug}/data.json").json()
    delivered = next(event for event in data["timeline"] if event["kind"] == "delivered")
    assert delivered["photo_url"] == settings.BASE_URL + "/media/outcomes/abc.jpg"


def test_a_petition_without_events_shows_no_timeline(client, petition):
    html = client.get(f"/en/petitions/{petition.slug}/").content.decode()
    assert 'id="timeline"' not in html


def test_the_petition_opened_when_it_was_first_published(client, petition):
    from datetime import datetime, timezone as tz

    from awaz.petitions.models import Petition

    Petition.objects.filter(pk=petition.pk).update(published_at=datetime(2026, 3, 8, 12, tzinfo=tz.utc))
    petition.refresh_from_db()
    from awaz.outcomes.timeline import timeline_data

    assert timeline_data(petition, "en")["timeline"][0] == {"kind": "opened", "date": "2026-03-08", "title": "Petition opened"}
