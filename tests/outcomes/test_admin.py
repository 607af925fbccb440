"""The campaigners' admin screens for outcomes open, and state fields stay read-only."""

import pytest
from django.contrib.auth import get_user_model

from awaz.outcomes import services
from tests.factories import make_outcome, make_response, make_target, make_threshold
from tests.factories import make_signature

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def staff(client):
    client.force_login(get_user_model().objects.create_superuser("boss", "boss@org.example", "a long password 123"))
    return client


def test_every_outcomes_screen_opens(staff, petition):
    target = make_target(petition)
    threshold = make_threshold(petition, 1, alert_team=False)
    make_signature(petition, email="one@example.org")
    response = make_response(petition, target=target)
    outcome = make_outcome(petition)
    campaign = services.campaign_for(petition.pk)
    for model in ("target", "threshold", "delivery", "response", "outcome", "campaign", "campaignteam", "auditentry"):
        assert staff.get(f"/admin/outcomes/{model}/").status_code == 200, model
    for model in ("target", "threshold", "delivery", "response", "outcome", "campaignteam"):
        assert staff.get(f"/admin/outcomes/{model}/add/").status_code == 200, model
    for model, obj in (("target", target), ("threshold", threshold), ("response", response), ("outcome", outcome),
                       ("campaign", campaign)):
        assert staff.get(f"/admin/outcomes/{model}/{obj.pk}/change/").status_code == 200, model


def test_a_reached_threshold_cannot_be_edited(staff, petition):
    threshold = make_threshold(petition, 1, alert_team=False)
    make_signature(petition, email="one@example.org")
    threshold.refresh_from_db()
    assert threshold.reached_at is not None
    staff.post(f"/admin/outcomes/threshold/{threshold.pk}/change/", {"petition": petition.pk, "count": "500"})
    threshold.refresh_from_db()
    assert threshold.count == 1


def test_a_failing_check_never_fails_the_confirmation(petition, monkeypatch):
    from awaz.signatures.models import Signature

    make_threshold(petition, 1, alert_team=False)
    monkeypatch.setattr(services, "_next_pending", lambda petition_id: 1 / 0)
    signature = make_signature(petition, email="calm@example.org")
    assert Signature.objects.get(pk=signature.pk).confirmed_at is not None


def test_a_staff_member_who_cannot_see_signatures_cannot_make_a_package(client, petition):
    from tests.factories import staff_user

    campaign = services.campaign_for(petition.pk)
    user = staff_user("outcomes.view_campaign", "outcomes.change_campaign")
    client.force_login(user)
    response = client.post("/admin/outcomes/campaign/", {"action": "delivery_package", "_selected_action": [campaign.pk]})
    assert not response.has_header("Content-Disposition")
    from awaz.outcomes.models import AuditEntry

    assert not AuditEntry.objects.filter(action="package").exists()


def test_a_file_that_is_not_an_image_is_refused_with_a_message(staff, petition, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from awaz.outcomes.models import Delivery

    settings.MEDIA_ROOT = tmp_path
    response = staff.post("/admin/outcomes/delivery/add/", {
        "petition": petition.pk, "original_language": "en", "delivered_on": "2026-05-01",
        "photo": SimpleUploadedFile("photo.jpg", b"<html><script>alert(1)</script>", content_type="image/jpeg"),
        "translations-TOTAL_FORMS": "1", "translations-INITIAL_FORMS": "0", "translations-MIN_NUM_FORMS": "1",
        "translations-MAX_NUM_FORMS": "1000", "translations-0-language": "en", "translations-0-place": "Geneva",
        "translations-0-recipients": "the Council",
    })
    assert response.status_code == 200
    assert not Delivery.objects.exists()
    assert list(tmp_path.iterdir()) == []
