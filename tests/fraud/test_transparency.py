"""The petition page says how many signatures were removed as fraudulent, and why."""

from awaz.fraud.criteria import Criteria
from awaz.fraud.models import Invalidation
from awaz.fraud.services import signatures_invalidate
from awaz.signatures.counts import petition_numbers
from awaz.signatures.services import signature_erase
from tests.factories import make_signature, staff_user

FLOOD_NET = "f" * 32


def page(client, petition, language="en"):
    response = client.get(f"/{language}/petitions/{petition.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def record(petition, reason, confirmed, unconfirmed=0, note=""):
    # As signatures_invalidate() writes it; large numbers without making thousands of rows.
    Invalidation.objects.create(petition=petition, operator=None, operator_name="x", network_hash=FLOOD_NET,
                                reason=reason, note=note or "n", confirmed_removed=confirmed,
                                unconfirmed_removed=unconfirmed)


def test_it_shows_nothing_when_no_signature_was_removed(client, petition):
    make_signature(petition)
    assert "removed as fraudulent" not in page(client, petition)


def test_it_updates_the_count_and_the_notice_after_an_invalidation(client, petition):
    make_signature(petition, network="a" * 32)
    for _ in range(2):
        make_signature(petition, network=FLOOD_NET)
    make_signature(petition, network=FLOOD_NET, confirmed=False)
    assert petition_numbers(petition.pk).total == 3
    signatures_invalidate(petition=petition, criteria=Criteria(network_hash=FLOOD_NET), reason="flood", operator=staff_user())
    html = page(client, petition)
    assert "1 person has signed" in html
    # Only the two that had counted: the unconfirmed one was never in the public count.
    assert "2 signatures were removed as fraudulent and are not counted." in html
    assert "automated flood: 2" in html


def test_it_adds_up_removals_by_reason_largest_first(client, petition):
    record(petition, "flood", 200)
    record(petition, "disposable", 12)
    record(petition, "flood", 100, unconfirmed=5000)
    html = page(client, petition)
    assert "312 signatures were removed as fraudulent" in html
    assert html.index("automated flood: 300") < html.index("disposable addresses: 12")


def test_it_uses_the_singular_for_one_signature(client, petition):
    record(petition, "duplicates", 1)
    assert "1 signature was removed as fraudulent and is not counted." in page(client, petition)


def test_it_writes_numbers_the_way_the_language_does(client, petition):
    record(petition, "flood", 12345)
    assert "12,345 signatures were removed" in page(client, petition, "en")
    assert "12,345" not in page(client, petition, "fr")


def test_it_leaves_out_invalidations_that_removed_only_unconfirmed_signatures(client, petition):
    record(petition, "flood", 0, unconfirmed=40)
    assert "removed as fraudulent" not in page(client, petition)


def test_it_does_not_count_withdrawals_or_erasures(client, petition):
    signature = make_signature(petition)
    signature_erase(signature=signature)
    assert "removed as fraudulent" not in page(client, petition)


def test_it_never_shows_the_private_note(client, petition):
    record(petition, "other", 3, note="Suspect: the embassy's office network")
    html = page(client, petition)
    assert "3 signatures were removed" in html
    assert "other: 3" in html
    assert "embassy" not in html
