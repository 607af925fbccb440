"""Time on the petition page: when it closes, and the result once it has."""

from datetime import datetime, timedelta, timezone as dt_timezone

from django.utils import timezone

from awaz.petitions.models import Petition
from awaz.signatures.counts import tally_add
from tests.factories import make_petition


def _page(client, petition, language="en") -> str:
    response = client.get(f"/{language}/petitions/{petition.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_it_says_when_an_open_petition_closes_in_the_readers_formatting(client, db):
    petition = make_petition(closes_at=datetime(2030, 3, 1, 12, tzinfo=dt_timezone.utc))
    assert "Closes on March 1, 2030" in _page(client, petition)
    assert "Se termine le 1 mars 2030" in _page(client, petition, "fr")
    assert "2030年3月1日" in _page(client, petition, "ja")


def test_it_shows_a_closed_petitions_result_without_goal_form_or_call_to_share(client, db):
    petition = make_petition(status=Petition.Status.CLOSED, closed_at=datetime(2026, 2, 1, 9, tzinfo=dt_timezone.utc), goal=5000)
    tally_add(petition_id=petition.pk, country="DE", delta=1234)
    page = _page(client, petition)
    assert "Closed on February 1, 2026 with 1,234 signatures" in page
    assert "get to" not in page and "5,000" not in page
    assert "<progress" not in page
    assert 'class="sign-form"' not in page and 'class="sign-bar"' not in page
    assert "share" not in page.lower().split("<main", 1)[1]


def test_a_petition_past_its_closing_date_shows_that_date(client, db):
    closes_at = timezone.now() - timedelta(days=1)
    petition = make_petition(closes_at=closes_at)
    tally_add(petition_id=petition.pk, country="DE", delta=2)
    with_date = _page(client, petition, "ar")
    assert "بتوقيعين" in with_date
    assert 'class="sign-form"' not in with_date
