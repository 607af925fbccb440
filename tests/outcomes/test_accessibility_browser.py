"""WCAG 2.1 AA (axe-core in Chromium) on a petition with its whole timeline and outcome, and on
the live counter, left to right and right to left."""

import pytest

from awaz.outcomes import services
from awaz.outcomes.models import Delivery, DeliveryTranslation
from tests.browser.test_accessibility import _violations
from tests.factories import make_outcome, make_petition, make_response, make_target, make_threshold
from tests.factories import make_signature

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_timeline_and_the_live_counter_meet_wcag_aa(live_server, browser, artifacts, language):
    from django.utils import timezone

    petition = make_petition()
    target = make_target(petition)
    make_threshold(petition, 1, alert_team=False)
    make_signature(petition, email="a11y@example.org")
    delivery = Delivery.objects.create(petition=petition, delivered_on=timezone.localdate())
    DeliveryTranslation.objects.create(delivery=delivery, language="en", place="Geneva", recipients="the Council")
    services.response_publish(response=make_response(petition, target=target, source_url="https://example.org/a"))
    services.outcome_declare(outcome=make_outcome(petition, kind="won"))
    context = browser.new_context()
    page = context.new_page()
    found = {}
    for path in (f"/{language}/petitions/{petition.slug}/", f"/{language}/petitions/{petition.slug}/live/"):
        page.goto(live_server.url + path)
        violations = _violations(page)
        if violations:
            found[path] = violations
    page.goto(f"{live_server.url}/{language}/petitions/{petition.slug}/#timeline")
    page.screenshot(path=str(artifacts / f"timeline-{language}.png"), full_page=True)
    context.close()
    assert found == {}
