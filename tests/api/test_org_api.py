"""The organizations' OSDI-shaped read API: tokens, scopes, organizations apart, consent."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from openapi_spec_validator import validate

from awaz.api.openapi import document
from awaz.api.org.models import ApiToken
from awaz.api.org.tokens import token_revoke
from awaz.core.sealing import unseal_json
from awaz.studio.models import AuditEntry
from tests.api.org_helpers import assert_matches, bearer, make_token, signer
from tests.factories import make_organization, make_petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def organization():
    return make_organization(name="Uyghur Voices", slug="uyghur-voices")


@pytest.fixture
def own_petition(organization):
    return make_petition(organization=organization, slug="free-them")


@pytest.fixture
def other_petition():
    return make_petition(organization=make_organization(slug="someone-else"), slug="not-yours")


def problem_of(response) -> dict:
    assert response["Content-Type"] == "application/problem+json"
    return json.loads(response.content)


def test_the_openapi_document_with_the_organizations_part_is_valid():
    doc = document()
    validate(doc)
    assert "/osdi/petitions/{slug}/signatures" in doc["paths"]
    assert doc["components"]["securitySchemes"]["apiToken"]["scheme"] == "bearer"


def test_it_refuses_a_request_without_a_token(client, own_petition):
    response = client.get("/api/v1/osdi/petitions")
    assert response.status_code == 401
    assert problem_of(response)["status"] == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert_matches(response, "/osdi/petitions")


def test_it_refuses_a_wrong_secret(client, organization, own_petition):
    _token, text = make_token(organization, "read-petitions")
    response = client.get("/api/v1/osdi/petitions", **bearer(text[:-3] + "xyz"))
    assert response.status_code == 401


def test_it_refuses_a_revoked_token(client, organization, own_petition):
    token, text = make_token(organization, "read-petitions")
    assert client.get("/api/v1/osdi/petitions", **bearer(text)).status_code == 200
    token_revoke(token=token, actor=None)
    response = client.get("/api/v1/osdi/petitions", **bearer(text))
    assert response.status_code == 401
    assert problem_of(response)["type"].endswith("/unauthorized")


def test_it_refuses_an_expired_token(client, organization, own_petition):
    token, text = make_token(organization, "read-petitions")
    ApiToken.objects.filter(pk=token.pk).update(created_at=timezone.now() - timedelta(days=40),
                                                expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get("/api/v1/osdi/petitions", **bearer(text))
    assert response.status_code == 401
    assert_matches(response, "/osdi/petitions")


def test_it_keeps_only_a_hash_and_shows_the_last_use(client, organization, own_petition):
    token, text = make_token(organization, "read-petitions")
    assert text.split("_", 2)[2] not in json.dumps(list(ApiToken.objects.values()), default=str)
    assert token.last_used_at is None
    client.get("/api/v1/osdi/petitions", **bearer(text))
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_read_petitions_lists_the_organizations_petitions_only(client, organization, own_petition, other_petition):
    _token, text = make_token(organization, "read-petitions")
    response = client.get("/api/v1/osdi/petitions", **bearer(text))
    assert response.status_code == 200
    assert_matches(response, "/osdi/petitions")
    body = json.loads(response.content)
    assert [p["identifiers"] for p in body["_embedded"]["osdi:petitions"]] == [["awaz:free-them"]]
    one = client.get("/api/v1/osdi/petitions/free-them", **bearer(text))
    assert one.status_code == 200
    assert_matches(one, "/osdi/petitions/{slug}")


def test_a_token_of_one_organization_cannot_read_anothers(client, organization, own_petition, other_petition):
    _token, text = make_token(organization, "read-petitions", "read-signatures")
    signer(other_petition, "theirs@example.org")
    assert client.get("/api/v1/osdi/petitions/not-yours", **bearer(text)).status_code == 404
    response = client.get("/api/v1/osdi/petitions/not-yours/signatures", **bearer(text))
    assert response.status_code == 404
    assert_matches(response, "/osdi/petitions/{slug}/signatures")
    theirs = other_petition.signatures.get()
    assert client.get(f"/api/v1/osdi/petitions/free-them/signatures/{theirs.pk}", **bearer(text)).status_code == 404


def test_read_petitions_does_not_read_signatures(client, organization, own_petition):
    _token, text = make_token(organization, "read-petitions")
    response = client.get("/api/v1/osdi/petitions/free-them/signatures", **bearer(text))
    assert response.status_code == 403
    assert problem_of(response)["required_scope"] == "read-signatures"
    assert_matches(response, "/osdi/petitions/{slug}/signatures")


def test_read_signatures_does_not_list_petitions_or_record(client, organization, own_petition):
    _token, text = make_token(organization, "read-signatures")
    assert client.get("/api/v1/osdi/petitions", **bearer(text)).status_code == 403
    response = client.post("/api/v1/osdi/petitions/free-them/signatures", "{}", content_type="application/json",
                           **bearer(text))
    assert response.status_code == 403


def test_write_signatures_does_not_read_them(client, organization, own_petition):
    _token, text = make_token(organization, "write-signatures")
    assert client.get("/api/v1/osdi/petitions/free-them/signatures", **bearer(text)).status_code == 403


def test_read_signatures_shows_only_confirmed_signers_who_agreed(client, organization, own_petition):
    _token, text = make_token(organization, "read-signatures")
    agreed = signer(own_petition, "agreed@example.org", comment="For my family")
    signer(own_petition, "silent@example.org", contact=False)
    signer(own_petition, "pending@example.org", confirmed=False)
    response = client.get("/api/v1/osdi/petitions/free-them/signatures", **bearer(text))
    assert response.status_code == 200
    assert_matches(response, "/osdi/petitions/{slug}/signatures")
    body = json.loads(response.content)
    assert body["total_records"] == 1
    (item,) = body["_embedded"]["osdi:signatures"]
    person = item["_embedded"]["osdi:person"]
    assert person["email_addresses"][0]["address"] == "agreed@example.org"
    assert person["given_name"] == "Amina Tursun"
    assert item["comments"] == "For my family"
    assert b"silent@" not in response.content and b"pending@" not in response.content
    one = client.get(item["_links"]["self"]["href"].replace("http://testserver", ""), **bearer(text))
    assert one.status_code == 200, item["_links"]["self"]["href"]
    assert_matches(one, "/osdi/petitions/{slug}/signatures/{signature_id}")
    assert AuditEntry.objects.filter(organization=organization, action=AuditEntry.Action.EXPORTED,
                                     petition=own_petition).count() == 2
    assert agreed.pk == int(item["identifiers"][0].split(":")[1])


def test_signatures_are_paginated(client, organization, own_petition):
    _token, text = make_token(organization, "read-signatures")
    for n in range(3):
        signer(own_petition, f"s{n}@example.org")
    first = json.loads(client.get("/api/v1/osdi/petitions/free-them/signatures?per_page=2", **bearer(text)).content)
    assert (first["total_pages"], len(first["_embedded"]["osdi:signatures"])) == (2, 2)
    second = client.get(first["_links"]["next"]["href"].replace("http://testserver", ""), **bearer(text))
    assert len(json.loads(second.content)["_embedded"]["osdi:signatures"]) == 1
    assert client.get("/api/v1/osdi/petitions/free-them/signatures?per_page=500", **bearer(text)).status_code == 400


def test_a_sealed_petition_gives_only_sealed_blobs(client, sealed_petition, org_key):
    import base64

    _token, text = make_token(sealed_petition.organization, "read-signatures")
    signer(sealed_petition, "sealed@example.org")
    response = client.get(f"/api/v1/osdi/petitions/{sealed_petition.slug}/signatures", **bearer(text))
    assert response.status_code == 200
    assert_matches(response, "/osdi/petitions/{slug}/signatures")
    (item,) = json.loads(response.content)["_embedded"]["osdi:signatures"]
    person = item["_embedded"]["osdi:person"]
    assert set(person) == {"awaz:sealed"} and "comments" not in item
    assert b"sealed@example.org" not in response.content
    assert unseal_json(org_key, base64.b64decode(person["awaz:sealed"]))["email"] == "sealed@example.org"


def test_a_token_is_limited_per_minute(client, organization, own_petition, settings):
    settings.API_TOKEN_PER_MINUTE = 2
    _token, text = make_token(organization, "read-petitions")
    assert [client.get("/api/v1/osdi/petitions", **bearer(text)).status_code for _ in range(2)] == [200, 200]
    response = client.get("/api/v1/osdi/petitions", **bearer(text))
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    # The public API's problem type for every 429, with the wait in the body too.
    assert response.json()["type"].endswith("/too-many-requests")
    assert response.json()["retry_after"] == int(response["Retry-After"])
    assert_matches(response, "/osdi/petitions")


def test_a_token_lives_no_longer_than_the_setting(organization, settings):
    settings.API_TOKEN_MAX_DAYS = 30
    with pytest.raises(ValueError):
        make_token(organization, "read-petitions", days=31)


def test_the_entry_point_answers_only_get(client):
    assert client.get("/api/v1/osdi/").status_code == 200
    response = client.generic("TRACE", "/api/v1/osdi/")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    assert client.generic("QUERY", "/api/v1/osdi/").status_code == 405
