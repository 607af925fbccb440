"""`event_record`: what the state changes call, inside their own transaction."""

from django.apps import apps
from django.db.models import Subquery

from awaz.webhooks.models import Event


def event_record(*, kind: str, organization_id: int | None = None, petition_id: int | None = None,
                 signature_id: int | None = None, contact: bool = False, number: int | None = None,
                 alert_id: int | None = None) -> None:
    """One insert, in the caller's transaction: the event exists if and only if the change does.

    No task is queued per event: the worker's periodic run (each minute) takes every new event
    at once, so a spike of confirmations costs signing one small insert each and nothing else.
    Without `organization_id`, the petition's organization is read in the same statement.
    """
    if organization_id is None:
        petitions = apps.get_model("petitions", "Petition").objects  # by name: petitions imports this app
        organization_id = Subquery(petitions.filter(pk=petition_id).values("organization_id")[:1])
    Event.objects.create(kind=kind, organization_id=organization_id, petition_id=petition_id,
                         signature_id=signature_id, contact=contact, number=number,
                         alert_id=alert_id)
