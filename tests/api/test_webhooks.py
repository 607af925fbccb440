"""Webhooks: events written with their change, delivered later by the worker, signed, retried
with the same idempotency key, to a real local HTTP receiver."""

import base64
import hashlib
import hmac
import json
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from awaz.api.org.webhooks import endpoint_add, webhooks_run
from awaz.core.sealing import unseal_json
from awaz.petitions.services import petition_close
from awaz.signatures.models import Signature
from awaz.signatures.services import signature_withdraw
from awaz.signatures.tokens import new_token
from awaz.webhooks import transport
from awaz.webhooks.models import Delivery, Event
from awaz.webhooks.signing import signature_verify
from tests.api.org_helpers import signer
from tests.api.receiver import Receiver, free_port
from tests.factories import make_member, make_petition

pytestmark = pytest.mark.django_db
EVERYTHING = ["signature.confirmed", "signature.withdrawn", "petition.threshold_reached", "petition.closed"]


@pytest.fixture(autouse=True)
def _local_receivers(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True


@pytest.fixture
def petition():
    return make_petition(slug="free-them")


def add_endpoint(petition, url, events=EVERYTHING):
    owner = make_member(petition.organization, role="owner")
    return endpoint_add(organization=petition.organization, actor=owner.user, url=url, events=events)


def verify_as_documented(secret: str, headers: dict, body: bytes, tolerance=300) -> bool:
    """The algorithm docs/api-organizations.md gives receivers, written out independently."""
    fields = dict(item.split("=", 1) for item in headers["awaz-signature"].split(","))
    if abs(time.time() - int(fields["t"])) > tolerance:
        return False
    expected = hmac.new(secret.encode(), f"{fields['t']}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, fields["v1"])


def later(minutes=60):
    """Time passes: every delivery waiting for its next attempt is due."""
    Delivery.objects.filter(status=Delivery.Status.PENDING).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_a_confirmation_is_delivered_signed_and_names_a_consenting_signer(petition):
    with Receiver() as receiver:
        _endpoint, secret = add_endpoint(petition, receiver.url)
        agreed = signer(petition, "agreed@example.org")
        signer(petition, "silent@example.org", contact=False)
        assert not receiver.requests  # nothing is sent while signing: the worker sends
        webhooks_run()
    assert len(receiver.requests) == 2
    bodies = [json.loads(body) for _headers, body in receiver.requests]
    for headers, body in receiver.requests:
        assert verify_as_documented(secret, headers, body)
        assert signature_verify(secret=secret, body=body, header=headers["awaz-signature"])
        assert not signature_verify(secret=secret, body=body + b" ", header=headers["awaz-signature"])
        assert headers["idempotency-key"] == json.loads(body)["id"]
    named, anonymous = sorted(bodies, key=lambda b: "signature" not in b["data"])
    assert named["type"] == anonymous["type"] == "signature.confirmed"
    person = named["data"]["signature"]["_embedded"]["osdi:person"]
    assert person["email_addresses"][0]["address"] == "agreed@example.org"
    assert named["data"]["signature"]["identifiers"] == [f"awaz:{agreed.pk}"]
    assert "silent@example.org" not in json.dumps(anonymous) and "signature" not in anonymous["data"]


def test_an_old_timestamp_does_not_verify(petition):
    body = b'{"id":"x"}'
    from awaz.webhooks.signing import signature_header

    header = signature_header(secret="s", body=body, timestamp=int(time.time()) - 301)
    assert not signature_verify(secret="s", body=body, header=header)
    assert signature_verify(secret="s", body=body, header=header, tolerance=400)


def test_a_receiver_that_is_down_gets_each_event_later_exactly_once(petition):
    port = free_port()
    _endpoint, secret = add_endpoint(petition, f"http://127.0.0.1:{port}/hooks")
    for n in range(3):
        signer(petition, f"s{n}@example.org")
    webhooks_run()
    assert set(Delivery.objects.values_list("status", "attempts")) == {("pending", 1)}
    assert Delivery.objects.filter(last_error="ConnectionRefusedError").count() == 3
    webhooks_run()  # not due yet: nothing tried
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {1}
    with Receiver(port=port) as receiver:
        later()
        webhooks_run()
        later()
        webhooks_run()
    keys = [headers["idempotency-key"] for headers, _body in receiver.requests]
    assert sorted(keys) == sorted(Delivery.objects.values_list("idempotency_key", flat=True))
    assert len(keys) == len(set(keys)) == 3
    assert set(Delivery.objects.values_list("status", "attempts")) == {("delivered", 2)}


def test_a_retry_carries_the_same_idempotency_key(petition):
    with Receiver(status=[500, 200]) as receiver:
        add_endpoint(petition, receiver.url)
        signer(petition, "agreed@example.org")
        webhooks_run()
        later()
        webhooks_run()
    first, second = (headers for headers, _body in receiver.requests)
    assert first["idempotency-key"] == second["idempotency-key"]
    assert Delivery.objects.get().status == "delivered"
    assert Delivery.objects.get().last_status == 200


def test_it_gives_up_after_the_last_attempt(petition, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    add_endpoint(petition, f"http://127.0.0.1:{free_port()}/hooks")
    signer(petition, "agreed@example.org")
    webhooks_run()
    later()
    webhooks_run()
    assert Delivery.objects.get().status == "failed"


def test_withdrawal_and_closing_are_events_and_the_log_keeps_no_personal_data(petition):
    with Receiver() as receiver:
        add_endpoint(petition, receiver.url)
        signature = signer(petition, "agreed@example.org", name="Amina Tursun")
        token, token_hash = new_token()
        Signature.objects.filter(pk=signature.pk).update(withdraw_token_hash=token_hash)
        signature_withdraw(token=token)
        petition_close(petition=petition)
        webhooks_run()
    types = [json.loads(body)["type"] for _headers, body in receiver.requests]
    assert types == ["signature.confirmed", "signature.withdrawn", "petition.closed"]
    withdrawn = json.loads(receiver.requests[1][1])
    assert withdrawn["data"]["signature"] == {"identifiers": [f"awaz:{signature.pk}"]}
    # The confirmation was sent after the withdrawal: the signer is no longer in it.
    assert "agreed@example.org" not in receiver.requests[0][1].decode()
    log = json.dumps(list(Delivery.objects.values()) + list(Event.objects.values()), default=str)
    assert "agreed@example.org" not in log and "Amina" not in log


def test_an_endpoint_hears_only_its_events(petition):
    with Receiver() as receiver:
        add_endpoint(petition, receiver.url, events=["petition.closed"])
        signer(petition, "agreed@example.org")
        petition_close(petition=petition)
        webhooks_run()
    assert [json.loads(body)["type"] for _headers, body in receiver.requests] == ["petition.closed"]


def test_a_petition_that_closes_by_its_date_is_an_event_once(petition):
    from datetime import timedelta

    from django.utils import timezone

    from awaz.petitions.models import Petition
    from awaz.petitions.tasks import petitions_close_due

    Petition.objects.filter(pk=petition.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    with Receiver() as receiver:
        add_endpoint(petition, receiver.url, events=["petition.closed"])
        assert petitions_close_due() == 1
        assert petitions_close_due() == 0  # the next run finds it closed: no second event
        webhooks_run()
    assert [json.loads(body)["type"] for _headers, body in receiver.requests] == ["petition.closed"]
    assert json.loads(receiver.requests[0][1])["data"]["petition"]["identifiers"] == [f"awaz:{petition.slug}"]


def test_a_threshold_reached_is_an_event(petition):
    from awaz.outcomes.services import thresholds_check
    from tests.factories import make_threshold

    make_threshold(petition, 1)
    with Receiver() as receiver:
        add_endpoint(petition, receiver.url, events=["petition.threshold_reached"])
        signer(petition, "agreed@example.org")
        thresholds_check(petition_id=petition.pk)
        webhooks_run()
    (body,) = [json.loads(body) for _headers, body in receiver.requests]
    assert (body["type"], body["data"]["threshold"]) == ("petition.threshold_reached", 1)


def test_a_sealed_petitions_payload_is_sealed_too(sealed_petition, org_key):
    with Receiver() as receiver:
        add_endpoint(sealed_petition, receiver.url)
        signer(sealed_petition, "sealed@example.org")
        webhooks_run()
    (_headers, body), = receiver.requests
    assert b"sealed@example.org" not in body
    person = json.loads(body)["data"]["signature"]["_embedded"]["osdi:person"]
    assert unseal_json(org_key, base64.b64decode(person["awaz:sealed"]))["email"] == "sealed@example.org"


def test_a_spike_of_confirmations_costs_signing_one_insert_each(petition):
    add_endpoint(petition, f"http://127.0.0.1:{free_port()}/hooks")
    for n in range(5):
        signer(petition, f"s{n}@example.org")
    assert Event.objects.filter(fanned_out_at__isnull=True).count() == 5
    assert not Delivery.objects.exists()  # fanned out by the worker, later, in one statement


def test_private_and_plain_addresses_are_refused_in_production(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    for url in ("http://example.org/hooks", "https://127.0.0.1/hooks", "https://10.0.0.5/", "https://[::1]/",
                "https://169.254.169.254/latest/meta-data/", "https://user:pw@example.org/"):
        with pytest.raises(transport.Refused):
            transport.address_check(url)
    transport.address_check("https://hooks.example.org/awaz")
    answer = transport.post("https://localhost/hooks", b"{}", {})
    assert answer.status is None and answer.error.startswith("refused")


def test_the_log_forgets_finished_deliveries_after_thirty_days(petition):
    from awaz.api.org.webhooks import webhooks_forget_old

    with Receiver() as receiver:
        add_endpoint(petition, receiver.url)
        signer(petition, "a@example.org")
        signer(petition, "b@example.org")
        webhooks_run()
    old = timezone.now() - timedelta(days=31)
    first, second = Delivery.objects.order_by("pk")
    Delivery.objects.filter(pk=first.pk).update(created_at=old)
    Event.objects.filter(pk=first.event_id).update(created_at=old)
    Delivery.objects.filter(pk=second.pk).update(created_at=old, status=Delivery.Status.PENDING)
    assert webhooks_forget_old() == 1
    assert list(Delivery.objects.values_list("pk", flat=True)) == [second.pk]  # still waiting: kept
    assert not Event.objects.filter(pk=first.event_id).exists()
