"""The review queue of signatures held by a defence rule (awaz.defences): what a moderator
sees, and the two decisions, each with its audit entry.

The queue shows what the fraud desk shows and nothing more: when, the country given, the
network's code, the email domain's label, whether the signer confirmed, and the rule that held
it. No name, no address: a flood is judged by its shape, and releasing the confirmed signers of
a large provider while removing a catch-all domain's needs nothing else.
"""

from django.db.models import QuerySet

from awaz.defences.models import Decision
from awaz.defences.services import decision_record
from awaz.fraud.counts import forget_removed
from awaz.petitions.models import Petition
from awaz.signatures.models import Signature
from awaz.signatures.services import signature_release, signatures_delete_held

FIELDS = ("pk", "created_at", "held_at", "held_confirmed_at", "country", "network_hash", "email_domain", "held_rule_id")


class DecisionRefused(ValueError):
    pass


def held_queue(petition: Petition, *, network: str = "", domain: str = "", confirmed: bool | None = None) -> QuerySet:
    held = Signature.objects.held().filter(petition=petition)
    if network:
        held = held.filter(network_hash=network)
    if domain:
        held = held.filter(email_domain=domain)
    if confirmed is True:
        held = held.filter(held_confirmed_at__isnull=False)
    elif confirmed is False:
        held = held.filter(held_confirmed_at__isnull=True)
    return held.order_by("held_at", "pk").only(*FIELDS)


def held_count(petition: Petition) -> int:
    return Signature.objects.held().filter(petition=petition).count()


def held_signatures_release(*, petition: Petition, signature_ids: list[int], actor) -> int:
    """Release held signatures: each counts once its signer confirmed (awaz.signatures.services.
    signature_release claims each row, so concurrent releases count each exactly once). Returns
    how many this call released; the audit entry says the same."""
    ids = list(Signature.objects.held().filter(petition=petition, pk__in=signature_ids).values_list("pk", flat=True))
    released = sum(1 for pk in ids if signature_release(signature_id=pk))
    if released:
        decision_record(action=Decision.Action.RELEASED, actor=actor, organization=petition.organization,
                        petition=petition, rows=released)
    return released


def held_signatures_remove(*, petition: Petition, signature_ids: list[int], reason: str, note: str = "", actor) -> int:
    """Remove held signatures as fraudulent. They never counted, so no count changes; the
    removal is shown publicly with the petition's other removals, by reason."""
    if reason not in Decision.Reason.values:
        raise DecisionRefused(f"Unknown reason {reason!r}.")
    if reason == Decision.Reason.OTHER and not note.strip():
        raise DecisionRefused("Explain the reason in the note when it is 'other'.")
    removed = signatures_delete_held(petition_id=petition.pk, signature_ids=signature_ids)
    if removed:
        decision_record(action=Decision.Action.REMOVED, actor=actor, organization=petition.organization,
                        petition=petition, rows=removed, reason=reason, detail=note.strip())
        forget_removed(petition.pk)
    return removed
