"""The body of a delivery, built when it is sent (awaz.api.org.webhooks).

Only a signer who agreed to be contacted by the organization is in it (awaz.api.org.signers),
as the API shows them: for a sealed petition, their details sealed to the organization's key.
Any other signature event says that a signature was confirmed or withdrawn, and nothing of
whose.
"""

from awaz.api.org import resources, signers
from awaz.defences.models import Alert
from awaz.petitions.models import Petition
from awaz.webhooks.models import Event, EventKind


def _petition(petition: Petition) -> dict:
    return {
        "identifiers": [f"awaz:{petition.slug}"],
        "total_signatures": resources.petition_numbers(petition.pk).total,
        "awaz:status": petition.status,
        "_links": {"self": {"href": resources.api_url("api_org:petition", slug=petition.slug)}},
    }


def payload(event: Event, key: str) -> dict:
    body = {"id": key, "type": event.kind, "created": event.created_at.isoformat(timespec="seconds"),
            "organization": event.organization.slug, "data": {}}
    if event.kind == EventKind.TEST:
        body["data"] = {"message": "A test delivery from Awaz. Its signature verifies like every other."}
        return body
    petition = event.petition
    if petition is None:
        return body
    body["data"]["petition"] = _petition(petition)
    if event.kind == EventKind.THRESHOLD_REACHED:
        body["data"]["threshold"] = event.number
    if event.kind == EventKind.DEFENCE_ALERT:
        alert = Alert.objects.filter(pk=event.alert_id).first()
        if alert is not None:
            body["data"]["alert"] = {
                "kind": alert.kind, "subject": alert.subject, "count": alert.count, "threshold": alert.threshold,
                "window_start": alert.window_start.isoformat(timespec="seconds"), "window_seconds": alert.window_seconds,
            }
    if event.kind == EventKind.SIGNATURE_CONFIRMED and event.contact:
        signature = signers.contactable(petition).filter(pk=event.signature_id).first()
        if signature is not None:  # still there: not withdrawn or erased since
            body["data"]["signature"] = resources.signature_resource(signature)
    if event.kind == EventKind.SIGNATURE_WITHDRAWN and event.contact:
        # The signer is gone; the identifier the organization received before is all there is.
        body["data"]["signature"] = {"identifiers": [f"awaz:{event.signature_id}"]}
    return body
