"""Access and erasure requests: one person's data across every petition, from the admin."""

import json

import pytest
from django.urls import reverse

from awaz.fraud.models import DataRequest
from awaz.signatures.counts import petition_numbers
from awaz.signatures.models import Signature
from tests.factories import make_petition
from tests.factories import make_signature, staff_user

EMAIL = "Amina.Tursun@Example.org"


@pytest.fixture
def url():
    return reverse("admin:fraud_people")


@pytest.fixture
def two_petitions(petition):
    other = make_petition()
    make_signature(petition, email=EMAIL, name="Amina Tursun", country="DE", network="0ccc")
    make_signature(other, email="amina.tursun+news@example.org", name="Amina T.", confirmed=False)
    make_signature(petition, email="someone.else@example.org", name="Someone Else")
    return petition, other


@pytest.fixture
def operator(client, db):
    client.force_login(staff_user("signatures.view_signature", "signatures.delete_signature", username="dpo"))
    return client


def test_it_asks_for_the_address_in_a_post_form(operator, url):
    response = operator.get(url)
    assert response.status_code == 200
    assert '<form method="post">' in response.content.decode()


def test_it_lists_the_persons_signatures_across_petitions(operator, url, two_petitions):
    petition, other = two_petitions
    response = operator.post(url, {"email": "amina.tursun@example.org", "action": "find"})
    assert response.status_code == 200
    found = response.context["signatures"]
    assert {s.petition_id for s in found} == {petition.pk, other.pk}
    html = response.content.decode()
    assert "2 signatures found" in html
    assert "confirmed" in html and "not confirmed" in html
    assert "Someone Else" not in html


def test_it_finds_nothing_for_an_unknown_address(operator, url, two_petitions):
    response = operator.post(url, {"email": "nobody@example.org"})
    assert "0 signatures found" in response.content.decode()


def test_it_downloads_everything_stored_decrypted(operator, url, two_petitions):
    petition, _ = two_petitions
    response = operator.post(url, {"email": EMAIL, "action": "export"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    rows = {row["petition"]: row for row in data["signatures"]}
    assert rows[petition.slug]["name"] == "Amina Tursun"
    assert rows[petition.slug]["email"] == EMAIL
    assert rows[petition.slug]["country"] == "DE"
    assert rows[petition.slug]["network_hash"] == "0ccc"
    assert rows[petition.slug]["confirmed_at"]
    assert len(rows) == 2


def test_it_asks_for_confirmation_before_erasing(operator, url, two_petitions):
    response = operator.post(url, {"email": EMAIL, "action": "confirm"})
    assert response.status_code == 200
    assert "This erases 2 signatures for good" in response.content.decode()
    assert Signature.objects.count() == 3


def test_it_erases_every_signature_and_corrects_the_counts(operator, url, two_petitions):
    petition, other = two_petitions
    assert petition_numbers(petition.pk).total == 2
    response = operator.post(url, {"email": EMAIL, "action": "erase"})
    assert response.status_code == 200
    assert "Erased 2 signatures." in response.content.decode()
    assert Signature.objects.get().name == "Someone Else"
    assert petition_numbers(petition.pk).total == 1
    assert petition_numbers(other.pk).total == 0


def test_it_keeps_an_audit_log_without_the_address(operator, url, two_petitions):
    operator.post(url, {"email": EMAIL, "action": "find"})
    operator.post(url, {"email": EMAIL, "action": "export"})
    operator.post(url, {"email": EMAIL, "action": "erase"})
    entries = list(DataRequest.objects.order_by("created_at", "pk").values_list("action", "signatures", "operator_name"))
    assert entries == [("find", 2, "dpo"), ("export", 2, "dpo"), ("erase", 2, "dpo")]
    stored = " ".join(str(v) for row in DataRequest.objects.values() for v in row.values()).lower()
    assert "amina" not in stored and "example.org" not in stored


def test_it_lets_staff_who_may_only_look_find_but_not_erase(client, url, two_petitions):
    client.force_login(staff_user("signatures.view_signature"))
    found = client.post(url, {"email": EMAIL, "action": "find"})
    assert found.status_code == 200
    assert 'value="confirm"' not in found.content.decode()
    assert client.post(url, {"email": EMAIL, "action": "erase"}).status_code == 403
    assert Signature.objects.count() == 3


def test_it_refuses_staff_without_access_to_signatures(client, url, two_petitions):
    client.force_login(staff_user())
    assert client.post(url, {"email": EMAIL, "action": "export"}).status_code == 403


def test_it_rejects_something_that_is_not_an_address(operator, url):
    assert operator.post(url, {"email": "not an address", "action": "find"}).status_code == 400


def test_it_is_linked_from_the_signature_list(admin_client, url):
    assert url in admin_client.get(reverse("admin:signatures_signature_changelist")).content.decode()


def test_it_finds_signatures_indexed_with_a_previous_blind_index_key(operator, url, petition, settings):
    make_signature(petition, email=EMAIL)
    settings.BLIND_INDEX_KEYS = ["a brand new blind index key", *settings.BLIND_INDEX_KEYS]
    response = operator.post(url, {"email": EMAIL, "action": "erase"})
    assert "Erased 1 signature." in response.content.decode()
    assert not Signature.objects.exists()
