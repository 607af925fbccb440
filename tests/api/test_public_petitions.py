"""GET /api/v1/petitions and /api/v1/petitions/{slug}: filters, pages, counts, timeline."""

import json

import pytest

from tests.api.helpers import add_signatures, seed
from tests.factories import make_organization, make_petition

pytestmark = pytest.mark.django_db


def get(client, path: str, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def slugs(body) -> list[str]:
    return [item["slug"] for item in body["data"]]


def test_it_lists_open_and_closed_petitions_but_never_drafts(client):
    seed()
    body = get(client, "/api/v1/petitions")
    assert set(slugs(body)) == {"free-them", "closed-one", "past-its-date", "sealed-one"}
    assert body["meta"] == {"page": 1, "per_page": 20, "count": 4, "pages": 1}


def test_it_filters_by_status_with_a_closing_date_counting_as_closed(client):
    seed()
    assert set(slugs(get(client, "/api/v1/petitions", status="open"))) == {"free-them", "sealed-one"}
    closed = get(client, "/api/v1/petitions", status="closed")
    assert set(slugs(closed)) == {"closed-one", "past-its-date"}
    assert {item["status"] for item in closed["data"]} == {"closed"}


def test_it_filters_by_organization_and_language(client):
    seed()
    assert set(slugs(get(client, "/api/v1/petitions", organization="uyghur-voices"))) == {"free-them", "closed-one"}
    assert get(client, "/api/v1/petitions", organization="nobody")["data"] == []
    french = get(client, "/api/v1/petitions", language="fr")
    assert slugs(french) == ["free-them"]
    assert (french["data"][0]["title"], french["data"][0]["language"]) == ("Libérez-les", "fr")
    assert french["data"][0]["html_url"].endswith("/fr/petitions/free-them/")


def test_it_refuses_an_unknown_status_or_language_with_a_problem(client):
    response = client.get("/api/v1/petitions", {"status": "archived", "language": "xx"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = json.loads(response.content)
    assert problem["type"].endswith("/bad-request")
    assert problem["invalid-params"][0]["name"] in {"status", "language"}


def test_it_pages_with_links_that_keep_the_filters(client):
    org = make_organization(slug="many")
    made = [make_petition(organization=org, slug=f"p-{n}") for n in range(5)]
    first = get(client, "/api/v1/petitions", organization="many", per_page=2)
    assert slugs(first) == ["p-4", "p-3"]  # newest first
    assert first["meta"] == {"page": 1, "per_page": 2, "count": 5, "pages": 3}
    assert first["links"]["prev"] is None
    assert "organization=many" in first["links"]["next"] and "page=2" in first["links"]["next"]
    path = first["links"]["next"].split("://", 1)[1].split("/", 1)[1]
    second = get(client, "/" + path)
    assert slugs(second) == ["p-2", "p-1"]
    last = get(client, "/api/v1/petitions", organization="many", per_page=2, page=3)
    assert slugs(last) == ["p-0"] and last["links"]["next"] is None
    assert get(client, "/api/v1/petitions", organization="many", per_page=2, page=9)["data"] == []
    response = client.get("/api/v1/petitions", {"per_page": 101})
    assert response.status_code == 400
    assert 'rel="next"' in client.get("/api/v1/petitions", {"per_page": 2})["Link"]
    assert len(made) == 5


def test_a_list_shows_each_petitions_count_as_its_page_does(client):
    world = seed()
    body = get(client, "/api/v1/petitions")
    counts = {item["slug"]: item["signature_count"] for item in body["data"]}
    assert counts == {"free-them": 8, "closed-one": 12, "past-its-date": 3, "sealed-one": 1}
    page = client.get(f"/en/petitions/{world.open_petition.slug}/count.json")
    assert json.loads(page.content)["count"] == 8


def test_a_petition_has_every_translation_and_its_grouped_counts(client):
    seed()
    body = get(client, "/api/v1/petitions/free-them")
    assert [t["language"] for t in body["translations"]] == ["en", "fr"]
    assert body["translations"][0]["addressees"] == ["The UN", "The EU"]
    assert body["signatures"]["total"] == 8
    # Iceland's one signature stays among the other countries, as on the page.
    assert body["signatures"]["by_country"] == [{"country": "DE", "count": 7}]
    assert body["signatures"]["other_countries"] == 1
    assert body["goal"] == 1000
    assert body["organization"]["slug"] == "uyghur-voices"


def test_a_petition_shows_its_reached_thresholds_and_timeline(client):
    seed()
    body = get(client, "/api/v1/petitions/free-them")
    assert [t["count"] for t in body["thresholds"]] == [5]  # 500 is not reached: not public
    # The day only, as the page: the second a threshold fell would date one signer's confirmation.
    assert body["thresholds"][0]["reached_on"] == body["timeline"][1]["date"]
    assert "reached_at" not in body["thresholds"][0]
    assert [event["kind"] for event in body["timeline"]] == ["opened", "threshold", "response"]
    assert body["targets"][0]["contact"] == "press@un.example"
    closed = get(client, "/api/v1/petitions/closed-one")
    assert closed["outcome"] == "won" and closed["status"] == "closed"
    assert closed["timeline"][-1]["kind"] == "outcome"


def test_the_timeline_speaks_the_asked_language(client):
    seed()
    body = get(client, "/api/v1/petitions/free-them", language="fr")
    assert body["title"] == "Libérez-les"
    assert body["timeline"][0]["title"] == "Ouverture de la pétition"


def test_a_sealed_petition_says_what_its_page_says(client):
    seed()
    body = get(client, "/api/v1/petitions/sealed-one")
    assert body["privacy_mode"] == "sealed"
    assert body["signatures"]["total"] == 1
    assert body["signatures"]["by_country"] == [] and body["signatures"]["other_countries"] == 1


def test_a_draft_or_unknown_petition_is_a_404_problem(client):
    seed()
    for slug in ("draft-one", "no-such-petition"):
        response = client.get(f"/api/v1/petitions/{slug}")
        assert response.status_code == 404
        assert json.loads(response.content)["type"].endswith("/not-found")


def test_a_list_of_100_petitions_costs_a_few_queries(client, django_assert_max_num_queries):
    org = make_organization(slug="big")
    for n in range(100):
        petition = make_petition(organization=org, slug=f"big-{n}")
        add_signatures(petition, "DE", n + 1)
    with django_assert_max_num_queries(6):
        body = get(client, "/api/v1/petitions", per_page=100)
    assert len(body["data"]) == 100
    assert sum(item["signature_count"] for item in body["data"]) == sum(range(1, 101))
