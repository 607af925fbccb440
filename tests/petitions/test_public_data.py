"""Public data: the numbers of a petition, as JSON, with no signer in them."""

from awaz.signatures.counts import tally_add
from tests.factories import make_pending_signature


def test_it_publishes_the_counts_by_country(client, petition):
    tally_add(petition_id=petition.pk, country="DE", delta=6)
    tally_add(petition_id=petition.pk, country="IS", delta=2)
    make_pending_signature(petition, email="pending@example.org", name="Pending Signer")
    response = client.get(f"/fr/petitions/{petition.slug}/data.json")
    assert response.status_code == 200
    data = response.json()
    assert data["signature_count"] == 8
    assert data["goal"] == 100
    assert data["signatures_by_country"] == [{"code": "DE", "name": "Allemagne", "signature_count": 6}]
    assert data["signatures_from_other_countries"] == 2
    assert data["removed_as_fraudulent"] == {"total": 0, "by_reason": {}, "reversed": 0}
    assert "pending@example.org" not in response.content.decode()
    assert "Pending Signer" not in response.content.decode()


def test_it_has_no_data_for_drafts(client, db):
    from tests.factories import make_petition

    assert client.get(f"/en/petitions/{make_petition(status='draft').slug}/data.json").status_code == 404
