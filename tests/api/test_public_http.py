"""The public API's HTTP manners: ETag and 304, Cache-Control, CORS, problems, the rate limit."""

import json

import pytest

from awaz.signatures.counts import forget_numbers, tally_add
from tests.factories import make_petition

pytestmark = pytest.mark.django_db

ENDPOINTS = ["/api/v1/petitions", "/api/v1/news", "/api/v1/organizations", "/api/v1/openapi.json"]


def test_it_answers_a_matching_etag_with_304_and_a_changed_count_with_a_new_etag(client, petition):
    path = f"/api/v1/petitions/{petition.slug}"
    first = client.get(path)
    etag = first["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    assert client.get(path, headers={"If-None-Match": f'"other", W/{etag}'}).status_code == 304
    tally_add(petition_id=petition.pk, country="DE", delta=1)
    forget_numbers(petition.pk)
    changed = client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert json.loads(changed.content)["signature_count"] == 1


def test_counts_are_cached_briefly_and_news_longer(client, petition):
    detail = client.get(f"/api/v1/petitions/{petition.slug}")
    assert detail["Cache-Control"].startswith("public, max-age=5, s-maxage=10")
    assert client.get("/api/v1/news")["Cache-Control"].startswith("public, max-age=60, s-maxage=300")


def test_no_answer_varies_on_the_browsers_language(client, petition):
    for path in [*ENDPOINTS, f"/api/v1/petitions/{petition.slug}", "/api/v1/nothing"]:
        response = client.get(path, headers={"Accept-Language": "fr"})
        assert "accept-language" not in response.get("Vary", "").lower(), path
        assert "Content-Language" not in response


def test_any_site_may_read_it_without_credentials(client, petition):
    for path in [*ENDPOINTS, f"/api/v1/petitions/{petition.slug}", "/api/v1/petitions/none", "/api/v1/nothing"]:
        response = client.get(path, headers={"Origin": "https://campaign.example"})
        assert response["Access-Control-Allow-Origin"] == "*", path
        assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in client.get("/api/v1/news")["Access-Control-Expose-Headers"]


def test_it_answers_a_preflight(client):
    response = client.options(
        "/api/v1/petitions",
        headers={"Origin": "https://campaign.example", "Access-Control-Request-Method": "GET",
                 "Access-Control-Request-Headers": "if-none-match"},
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]


def test_head_has_the_headers_without_the_body(client, petition):
    response = client.head(f"/api/v1/petitions/{petition.slug}")
    assert response.status_code == 200 and response.content == b""
    assert response["ETag"] == client.get(f"/api/v1/petitions/{petition.slug}")["ETag"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_other_methods_get_a_405_problem(client, method):
    response = getattr(client, method)("/api/v1/petitions")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert json.loads(response.content)["status"] == 405


def test_an_unknown_path_and_a_nul_are_problems_too(client):
    for path in ("/api/v1/nothing-here", "/api/v2/petitions", "/api/v1/petitions?organization=%00"):
        response = client.get(path)
        assert response.status_code in (400, 404), path
        assert response["Content-Type"] == "application/problem+json", path
        assert response["Cache-Control"] == "no-store"


def test_a_network_over_its_limit_gets_a_429_problem_others_do_not(client, settings):
    settings.RATE_API_PER_MINUTE = 3
    statuses = [client.get("/api/v1/news", REMOTE_ADDR="198.51.100.7").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/news", REMOTE_ADDR="198.51.100.8")  # the same /24 network
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert refused["Access-Control-Allow-Origin"] == "*"
    assert json.loads(refused.content)["type"].endswith("/too-many-requests")
    assert client.get("/api/v1/news", REMOTE_ADDR="203.0.113.9").status_code == 200


def _cache_keys() -> list[str]:
    from django.core.cache import caches

    from awaz.core.cache import RedisCache

    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return [key.decode() for key in backend._cache.get_client().scan_iter("*")]
    return list(backend._cache.keys())


def test_the_limit_stores_no_address(client):
    client.get("/api/v1/news", REMOTE_ADDR="198.51.100.7")
    keys = [key for key in _cache_keys() if "api-minute" in key]
    assert keys, "the counter is in the cache"
    assert not any("198.51.100" in key for key in keys)


def test_the_older_per_petition_endpoints_still_answer(client):
    petition = make_petition()
    assert client.get(f"/en/petitions/{petition.slug}/count.json").status_code == 200
    assert json.loads(client.get(f"/en/petitions/{petition.slug}/data.json").content)["slug"] == petition.slug


def test_a_crash_is_a_500_problem_that_tells_nothing(monkeypatch):
    from django.test import Client

    from awaz.api.public import present

    def crash(*args, **kwargs):
        raise RuntimeError("secret detail of the crash")

    monkeypatch.setattr(present, "organization", crash)
    make_petition()
    response = Client(raise_request_exception=False).get("/api/v1/organizations")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert json.loads(response.content) == {
        "type": "https://awaz.invalid/problems/server-error", "title": "Internal server error", "status": 500,
    }


def test_a_limit_of_zero_switches_it_off(client, settings):
    settings.RATE_API_PER_MINUTE = 0
    assert {client.get("/api/v1/news", REMOTE_ADDR="198.51.100.7").status_code for _ in range(5)} == {200}
    assert not [key for key in _cache_keys() if "api-minute" in key]
