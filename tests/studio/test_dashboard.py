from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from awaz.signatures.models import Signature
from tests.factories import make_petition
from tests.factories import make_signature

pytestmark = pytest.mark.django_db


def test_it_shows_every_petition_with_its_live_count_and_confirmation_rate(studio_client, organization):
    petition = make_petition(organization=organization, translations={"en": {"title": "Free the students", "body": "x"}})
    for _ in range(3):
        make_signature(petition, country="FR")
    make_signature(petition, confirmed=False)

    page = studio_client.get(reverse("studio:dashboard", args=[organization.slug]))

    assert page.status_code == 200
    text = page.content.decode()
    assert "Free the students" in text
    assert page.context["cards"][0]["stats"].numbers.total == 3
    assert page.context["cards"][0]["stats"].today == 3
    assert page.context["cards"][0]["stats"].confirmation_rate == 75
    assert "<svg" in text and "<table" in text


def test_it_charts_signatures_per_hour_and_day_with_the_same_numbers_in_tables(studio_client, organization):
    petition = make_petition(organization=organization)
    make_signature(petition)
    earlier = make_signature(petition)
    Signature.objects.filter(pk=earlier.pk).update(confirmed_at=timezone.now() - timedelta(days=2))

    page = studio_client.get(reverse("studio:petition", args=[organization.slug, petition.pk]))

    assert page.status_code == 200
    assert sum(n for _, n in page.context["days"]["rows"]) == 2
    assert sum(n for _, n in page.context["hours"]["rows"]) == 1
    assert page.content.decode().count("<svg") == 2


def test_it_groups_small_countries_like_the_public_page(studio_client, organization):
    petition = make_petition(organization=organization)
    for _ in range(5):
        make_signature(petition, country="DE")
    make_signature(petition, country="IS")

    page = studio_client.get(reverse("studio:petition", args=[organization.slug, petition.pk]))

    assert page.context["countries"] == [("Germany", 5), ("Other countries", 1)]


def test_it_shows_times_in_the_organizations_time_zone(studio_client, organization):
    organization.time_zone = "Asia/Tokyo"
    organization.save()
    petition = make_petition(organization=organization)
    make_signature(petition)
    page = studio_client.get(reverse("studio:petition", args=[organization.slug, petition.pk]))
    assert "Asia/Tokyo" in page.content.decode()
    local_hour = timezone.now().astimezone(__import__("zoneinfo").ZoneInfo("Asia/Tokyo")).strftime("%H:00")
    assert page.context["hours"]["rows"][-1] == (page.context["hours"]["rows"][-1][0], 1)
    assert page.context["hours"]["rows"][-1][0].endswith(local_hour)


def test_it_shows_the_dashboard_in_arabic(studio_client, organization):
    make_petition(organization=organization)
    studio_client.cookies["awaz_language"] = "ar"
    page = studio_client.get(reverse("studio:dashboard", args=[organization.slug]))
    assert 'dir="rtl"' in page.content.decode()
    assert 'lang="ar"' in page.content.decode()
