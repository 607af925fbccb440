"""Bulk invalidation from the fraud desk: preview, reason, exact recount, audit entry."""

from datetime import timedelta

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from awaz.core.network import email_domain_label
from awaz.fraud import services
from awaz.fraud.criteria import Criteria
from awaz.fraud.models import Invalidation
from awaz.signatures.counts import petition_numbers
from awaz.signatures.models import Signature, SignatureTally
from tests.factories import make_petition
from tests.factories import make_signature, staff_user

FLOOD_NET = "3fff"
HOME_NET = "0aaa"


def tally(petition, country=None):
    rows = SignatureTally.objects.filter(petition=petition)
    if country:
        rows = rows.filter(country=country)
    return sum(rows.values_list("count", flat=True))


@pytest.fixture
def flooded(petition):
    """3 real signers; a flood of 4 confirmed (2 DE, 2 FR) and 2 unconfirmed from one network."""
    for _ in range(3):
        make_signature(petition, network=HOME_NET, domain="real.example")
    for country in ("DE", "DE", "FR", "FR"):
        make_signature(petition, network=FLOOD_NET, domain="spam.example", country=country)
    for _ in range(2):
        make_signature(petition, network=FLOOD_NET, domain="spam.example", confirmed=False)
    return petition


@pytest.fixture
def operator_client(client, db):
    user = staff_user("fraud.view_invalidation", "fraud.add_invalidation")
    client.force_login(user)
    return client


def url(petition):
    return reverse("admin:fraud_invalidate", args=[petition.pk])


def hidden_inputs(response) -> dict:
    html = response.content.decode()
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))


def test_it_previews_the_exact_matching_counts_without_changing_anything(operator_client, flooded):
    response = operator_client.get(url(flooded), {"network_hash": FLOOD_NET})
    assert response.status_code == 200
    assert response.context["match"].confirmed == 4
    assert response.context["match"].unconfirmed == 2
    assert "6 signatures match: 4 confirmed (counted publicly), 2 unconfirmed." in response.content.decode()
    assert Signature.objects.filter(petition=flooded).count() == 9
    assert petition_numbers(flooded.pk).total == 7


def test_it_refuses_a_network_that_is_not_a_tag(operator_client, flooded):
    response = operator_client.get(url(flooded), {"network_hash": "f" * 32})
    assert response.status_code == 400


def test_it_finds_a_small_domain_typed_in_full_by_its_tag(operator_client, petition):
    make_signature(petition, domain="spam.example")
    make_signature(petition, domain="real.example")
    response = operator_client.get(url(petition), {"email_domain": "Spam.Example"})
    assert response.context["match"].total == 1
    response = operator_client.get(url(petition), {"email_domain": email_domain_label("spam.example")})
    assert response.context["match"].total == 1


def test_it_refuses_a_review_without_any_criterion(operator_client, flooded):
    response = operator_client.get(url(flooded))
    assert response.status_code == 400
    assert "at least one of them" in response.content.decode()


def test_it_refuses_a_window_that_ends_before_it_starts(operator_client, flooded):
    now = timezone.now()
    response = operator_client.get(
        url(flooded), {"signed_from": now.strftime("%Y-%m-%dT%H:%M"), "signed_to": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")}
    )
    assert response.status_code == 400


def _post(client, petition, **data):
    data.setdefault("signed_to", (timezone.now() + timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%S.%f"))
    return client.post(url(petition), data)


def test_it_removes_the_matching_signatures_and_corrects_the_count_exactly(operator_client, flooded):
    response = _post(operator_client, flooded, network_hash=FLOOD_NET, reason="flood")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:fraud_desk", args=[flooded.pk])
    assert Signature.objects.filter(petition=flooded, network_hash=FLOOD_NET).count() == 0
    assert Signature.objects.filter(petition=flooded).count() == 3
    assert petition_numbers(flooded.pk).total == 3
    assert tally(flooded, "DE") == 3
    assert tally(flooded, "FR") == 0


def test_it_records_who_removed_what_and_why(operator_client, flooded):
    _post(operator_client, flooded, network_hash=FLOOD_NET, reason="other", note="Same wording in every comment")
    entry = Invalidation.objects.get()
    assert entry.operator.username == "campaigner"
    assert entry.operator_name == "campaigner"
    assert entry.petition == flooded
    assert entry.network_hash == FLOOD_NET
    assert entry.reason == "other"
    assert entry.note == "Same wording in every comment"
    assert (entry.confirmed_removed, entry.unconfirmed_removed) == (4, 2)
    assert entry.created_at <= timezone.now()


def test_it_requires_a_reason(operator_client, flooded):
    response = _post(operator_client, flooded, network_hash=FLOOD_NET, reason="")
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert Signature.objects.filter(petition=flooded).count() == 9
    assert not Invalidation.objects.exists()


def test_it_requires_a_note_when_the_reason_is_other(operator_client, flooded):
    response = _post(operator_client, flooded, network_hash=FLOOD_NET, reason="other", note="  ")
    assert response.context["form"].errors["note"]
    assert Signature.objects.filter(petition=flooded).count() == 9


def test_it_combines_domain_network_and_window(operator_client, petition):
    now = timezone.now()
    old = now - timedelta(hours=3)
    make_signature(petition, network=FLOOD_NET, domain="spam.example", created_at=old)  # outside the window
    make_signature(petition, network=FLOOD_NET, domain="other.example")  # other domain
    make_signature(petition, network=HOME_NET, domain="spam.example")  # other network
    target = make_signature(petition, network=FLOOD_NET, domain="spam.example")
    _post(
        operator_client, petition, reason="disposable", email_domain="@SPAM.example",
        network_hash=FLOOD_NET, signed_from=(now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
    )
    assert not Signature.objects.filter(pk=target.pk).exists()
    assert Signature.objects.filter(petition=petition).count() == 3
    assert petition_numbers(petition.pk).total == 3
    # The audit entry keeps the tag, as the signatures do: not the domain.
    assert Invalidation.objects.get().email_domain == email_domain_label("spam.example")


def test_it_does_not_remove_signatures_that_arrive_after_the_preview(operator_client, flooded):
    data = hidden_inputs(operator_client.get(url(flooded), {"network_hash": FLOOD_NET}))
    assert data["network_hash"] == FLOOD_NET
    assert data["signed_to"]
    late = make_signature(flooded, network=FLOOD_NET, domain="spam.example",
                         created_at=timezone.now() + timedelta(seconds=5))
    operator_client.post(url(flooded), {**data, "reason": "flood"})
    assert Signature.objects.filter(pk=late.pk).exists()
    assert Invalidation.objects.get().total_removed == 6


def test_it_leaves_other_petitions_alone(operator_client, flooded):
    other = make_petition()
    make_signature(other, network=FLOOD_NET, domain="spam.example")
    _post(operator_client, flooded, network_hash=FLOOD_NET, reason="flood")
    assert Signature.objects.filter(petition=other).count() == 1
    assert petition_numbers(other.pk).total == 1


def test_it_stays_exact_across_many_batches(petition, monkeypatch):
    monkeypatch.setattr(services, "BATCH", 3)
    for i in range(10):
        make_signature(petition, network=FLOOD_NET, country=["DE", "FR", "TR"][i % 3], confirmed=i % 4 != 0)
    make_signature(petition, network=HOME_NET)
    user = staff_user()
    entry = services.signatures_invalidate(petition=petition, criteria=Criteria(network_hash=FLOOD_NET), reason="flood",
                                           operator=user)
    assert (entry.confirmed_removed, entry.unconfirmed_removed) == (7, 3)
    assert petition_numbers(petition.pk).total == 1
    assert tally(petition) == Signature.objects.confirmed().filter(petition=petition).count() == 1


def test_it_refuses_an_invalidation_without_criteria_in_the_service(petition):
    make_signature(petition)
    with pytest.raises(services.InvalidationRefused):
        services.signatures_invalidate(petition=petition, criteria=Criteria(), reason="flood", operator=staff_user())
    assert Signature.objects.count() == 1


def test_it_forbids_staff_without_the_permission(client, flooded):
    client.force_login(staff_user("fraud.view_invalidation"))
    assert client.get(url(flooded), {"network_hash": FLOOD_NET}).status_code == 403
    assert _post(client, flooded, network_hash=FLOOD_NET, reason="flood").status_code == 403
    assert Signature.objects.filter(petition=flooded).count() == 9


def test_it_shows_audit_entries_read_only(admin_client, flooded):
    services.signatures_invalidate(petition=flooded, criteria=Criteria(network_hash=FLOOD_NET), reason="flood",
                                   operator=staff_user())
    entry = Invalidation.objects.get()
    assert admin_client.get(reverse("admin:fraud_invalidation_changelist")).status_code == 200
    change_url = reverse("admin:fraud_invalidation_change", args=[entry.pk])
    page = admin_client.get(change_url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert admin_client.post(change_url, {"reason": "other"}).status_code == 403
    assert admin_client.get(reverse("admin:fraud_invalidation_delete", args=[entry.pk])).status_code == 403
    assert admin_client.get(reverse("admin:fraud_invalidation_add")).status_code == 403
    assert Invalidation.objects.get().reason == "flood"
