"""Declaring an outcome: public at once, signing closed if asked, the call to action changed,
the subscribers emailed once."""

import pytest
from django.core import mail
from django.core.cache import cache

from awaz.outcomes import services, tasks
from awaz.petitions.models import Petition
from tests.factories import make_outcome
from tests.outcomes.test_responses import subscriber

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_victory_closes_signing_changes_the_call_to_action_and_emails_once(client, petition):
    subscriber(petition, "fan@example.org", "fr")
    before = client.get(f"/fr/petitions/{petition.slug}/").content.decode()
    assert "sign-form" in before and "Nous avons gagné" not in before
    outcome = make_outcome(petition, kind="won", close_signing=True, translations={"en": "The law was withdrawn.",
                                                                                 "fr": "La loi a été retirée."})
    mail.outbox.clear()

    assert services.outcome_declare(outcome=outcome) is True
    assert services.outcome_declare(outcome=outcome) is False
    tasks.announce.call_local("outcome", outcome.pk)

    petition.refresh_from_db()
    assert petition.status == Petition.Status.CLOSED and not petition.is_accepting_signatures()
    cache.clear()  # the page is kept for a second (awaz.core.page_cache)
    html = client.get(f"/fr/petitions/{petition.slug}/").content.decode()
    assert "Nous avons gagné !" in html and "Voir comment nous avons gagné" in html
    assert "La loi a été retirée." in html
    assert 'class="sign-form"' not in html
    assert 'href="#share-heading"' in html and 'id="share-heading">Partager la nouvelle<' in html  # the link leads somewhere
    assert [m.to for m in mail.outbox] == [["fan@example.org"]]
    assert "Victoire : la pétition a gagné" in mail.outbox[0].body and "La loi a été retirée." in mail.outbox[0].body


def test_an_outcome_can_leave_signing_open(client, petition):
    services.outcome_declare(outcome=make_outcome(petition, kind="lost", close_signing=False))
    petition.refresh_from_db()
    assert petition.is_accepting_signatures()
    html = client.get(f"/en/petitions/{petition.slug}/").content.decode()
    assert "This campaign did not win" in html and 'class="sign-form"' in html
