"""The home page and an organization's page."""

import pytest

from awaz.news.models import Post
from awaz.signatures.models import SignatureTally
from tests.factories import make_organization, make_petition, make_post

pytestmark = pytest.mark.django_db


def test_the_home_page_shows_featured_petitions_with_counts_and_the_latest_news(client, days_ago):
    petition = make_petition(featured=True, goal=1000, translations={"en": {"title": "Stop the DNA collection", "body": "x"}})
    SignatureTally.objects.create(petition=petition, country="FR", shard=0, count=321)
    make_post(publish_at=days_ago(2), translations={"en": {"title": "Older news", "body": "x"}})
    make_post(publish_at=days_ago(1), translations={"en": {"title": "Newest news", "body": "x"}})
    make_post(status=Post.Status.DRAFT, translations={"en": {"title": "Secret draft", "body": "x"}})

    response = client.get("/en/")

    assert response.status_code == 200
    assert "Stop the DNA collection" in response.text
    assert "321 people have signed" in response.text
    assert response.text.index("Newest news") < response.text.index("Older news")
    assert "Secret draft" not in response.text


def test_the_home_page_speaks_the_readers_language(client):
    make_post(translations={"en": {"title": "English title", "body": "x"}, "fr": {"title": "Titre français", "body": "x"}})

    response = client.get("/fr/")

    assert "Titre français" in response.text
    assert "English title" not in response.text


def test_the_home_page_shows_open_petitions_when_none_is_featured(client):
    make_petition(translations={"en": {"title": "An open petition", "body": "x"}})

    assert "An open petition" in client.get("/en/").text


def test_the_organization_page_lists_its_petitions_and_posts(client):
    organization = make_organization(name="Campaign Group")
    make_petition(organization=organization, translations={"en": {"title": "Its petition", "body": "x"}})
    make_post(organization=organization, translations={"en": {"title": "Its news", "body": "x"}})
    make_post(translations={"en": {"title": "Someone else's news", "body": "x"}})
    make_post(organization=organization, status=Post.Status.DRAFT, translations={"en": {"title": "Its draft", "body": "x"}})

    response = client.get(f"/en/organizations/{organization.slug}/")

    assert "<bdi>Campaign Group</bdi>" in response.text
    assert "Its petition" in response.text and "Its news" in response.text
    assert "Someone else" not in response.text and "Its draft" not in response.text
