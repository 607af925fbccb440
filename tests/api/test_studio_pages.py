"""The studio's API pages: tokens and webhooks (owners only), audited; secrets shown once."""

import re

import pytest

from awaz.api.org.models import ApiToken
from awaz.studio.models import AuditEntry
from awaz.webhooks.models import Delivery, Endpoint
from tests.api.receiver import Receiver
from tests.factories import make_member, make_organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def organization():
    return make_organization(slug="uyghur-voices")


@pytest.fixture
def owner_client(client, organization):
    client.force_login(make_member(organization, role="owner").user)
    return client


def test_an_owner_creates_a_token_and_sees_it_once(owner_client, client):
    response = owner_client.post("/studio/uyghur-voices/api/tokens/", {
        "name": "Our CRM", "scopes": ["read-signatures", "write-signatures"], "lifetime": "30"})
    assert response.status_code == 201
    text = re.search(r'value="(awz_[0-9a-f]{12}_[A-Za-z0-9_-]+)"', response.content.decode()).group(1)
    token = ApiToken.objects.get()
    assert token.scopes == ["read-signatures", "write-signatures"] and token.name == "Our CRM"
    assert text.split("_", 2)[2] not in str(token.secret_hash)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.SETTINGS_CHANGED, detail__contains="API token created").exists()
    again = owner_client.get("/studio/uyghur-voices/api/tokens/")
    assert text not in again.content.decode() and token.prefix in again.content.decode()
    assert client.get("/api/v1/osdi/petitions", HTTP_AUTHORIZATION=f"Bearer {text}").status_code == 403  # no read-petitions


def test_an_owner_revokes_a_token(owner_client):
    owner_client.post("/studio/uyghur-voices/api/tokens/", {"name": "CRM", "scopes": ["read-petitions"], "lifetime": "30"})
    token = ApiToken.objects.get()
    owner_client.post(f"/studio/uyghur-voices/api/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.filter(detail__contains="API token revoked").count() == 1


@pytest.mark.parametrize("role", ["editor", "moderator", "viewer"])
def test_only_owners_manage_tokens_and_webhooks(client, organization, role):
    client.force_login(make_member(organization, role=role).user)
    assert client.get("/studio/uyghur-voices/api/tokens/").status_code == 403
    assert client.post("/studio/uyghur-voices/api/webhooks/", {"url": "https://example.org/"}).status_code == 403
    assert not Endpoint.objects.exists()


def test_another_organizations_pages_are_not_found(owner_client):
    make_organization(slug="other")
    assert owner_client.get("/studio/other/api/tokens/").status_code == 404


def test_an_owner_adds_an_endpoint_and_sends_a_test(owner_client, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    with Receiver() as receiver:
        response = owner_client.post("/studio/uyghur-voices/api/webhooks/",
                                     {"url": receiver.url, "events": ["signature.confirmed"]})
        assert response.status_code == 201
        assert "whsec_" in response.content.decode()
        endpoint = Endpoint.objects.get()
        page = owner_client.post(f"/studio/uyghur-voices/api/webhooks/{endpoint.pk}/test/", follow=True)
    assert len(receiver.requests) == 1 and receiver.requests[0][0]["awaz-event"] == "test"
    assert "The test was delivered" in page.content.decode()
    assert Delivery.objects.get().idempotency_key in page.content.decode()  # the delivery log
    assert AuditEntry.objects.filter(detail__contains="Webhook endpoint added").exists()


def test_a_private_address_is_refused_by_the_form(owner_client, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    response = owner_client.post("/studio/uyghur-voices/api/webhooks/",
                                 {"url": "https://192.168.1.1/hooks", "events": ["signature.confirmed"]})
    assert response.status_code == 200
    assert "public internet" in response.content.decode()
    assert not Endpoint.objects.exists()


def test_removing_an_endpoint_stops_its_deliveries(owner_client, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    owner_client.post("/studio/uyghur-voices/api/webhooks/", {"url": "https://hooks.example.org/", "events": ["petition.closed"]})
    endpoint = Endpoint.objects.get()
    owner_client.post(f"/studio/uyghur-voices/api/webhooks/{endpoint.pk}/remove/")
    endpoint.refresh_from_db()
    assert endpoint.removed_at is not None
