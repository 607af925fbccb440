"""GET /api/v1/news, /api/v1/news/{slug}, /api/v1/organizations and /api/v1/organizations/{slug}."""

import json

import pytest

from tests.api.helpers import seed

pytestmark = pytest.mark.django_db


def get(client, path: str, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def test_it_lists_published_posts_newest_first_never_drafts_or_scheduled_ones(client):
    seed()
    body = get(client, "/api/v1/news")
    assert [post["slug"] for post in body["data"]] == ["first-news", "second-news"]


def test_it_filters_posts_by_tag_organization_and_language(client):
    seed()
    assert [p["slug"] for p in get(client, "/api/v1/news", tag="advocacy")["data"]] == ["first-news"]
    assert [p["slug"] for p in get(client, "/api/v1/news", organization="uyghur-voices")["data"]] == ["first-news"]
    japanese = get(client, "/api/v1/news", language="ja")["data"]
    assert [(p["slug"], p["title"], p["place"]) for p in japanese] == [("first-news", "最初", "ジュネーブ")]


def test_a_post_has_its_translations_tags_and_public_featured_petition(client):
    seed()
    body = get(client, "/api/v1/news/first-news")
    assert [t["language"] for t in body["translations"]] == ["en", "ja"]
    assert body["tags"] == [{"slug": "advocacy", "name": "Advocacy"}]
    assert body["featured_petition"].endswith("/api/v1/petitions/free-them")
    # A draft petition featured by a post is not revealed.
    assert get(client, "/api/v1/news/second-news")["featured_petition"] is None


def test_a_draft_post_is_a_404_problem(client):
    seed()
    for slug in ("draft-news", "future-news"):
        response = client.get(f"/api/v1/news/{slug}")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"


def test_it_lists_organizations_with_links_to_their_petitions_and_news(client):
    seed()
    body = get(client, "/api/v1/organizations")
    voices = next(org for org in body["data"] if org["slug"] == "uyghur-voices")
    assert voices["name"] == "Uyghur Voices" and voices["description"] == "We speak up."
    petitions = get(client, voices["petitions"].split("127.0.0.1:8000", 1)[1])
    assert {p["slug"] for p in petitions["data"]} == {"free-them", "closed-one"}
    assert get(client, "/api/v1/organizations/uyghur-voices") == voices
    assert client.get("/api/v1/organizations/nobody").status_code == 404


def test_a_page_of_100_posts_or_organizations_costs_a_few_queries(client, django_assert_max_num_queries):
    from tests.factories import make_organization, make_petition, make_post, make_tag

    org = make_organization(slug="busy")
    tag = make_tag()
    petition = make_petition(organization=org)
    for n in range(100):
        make_post(organization=org, featured_petition=petition, tags=[tag])
        make_organization()
    with django_assert_max_num_queries(5):
        assert len(get(client, "/api/v1/news", per_page=100)["data"]) == 100
    with django_assert_max_num_queries(3):
        assert len(get(client, "/api/v1/organizations", per_page=100)["data"]) == 100
