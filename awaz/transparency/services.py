"""What the rest of Awaz calls: one addition per confirmation, one removal per cancelled
addition, both in the caller's transaction, and the receipt for the "confirmed" page.

The worker appends the entries to the log later (awaz.transparency.tiles), so confirming costs
one small INSERT and nothing else.
"""

import secrets

from django.utils import timezone

from awaz.core.links import absolute_url
from awaz.transparency.models import LogEntry, LogState
from awaz.transparency.notes import log_verifier_keys
from awaz.transparency.tiles import log_origin
from awaz.transparency.verifier import format_receipt

# Public reason codes of removals, as they appear in the log.
WITHDRAWN = "withdrawn"
FRAUD_PREFIX = "fraud-"


def new_receipt() -> str:
    """128 bits from the operating system's CSPRNG."""
    return secrets.token_hex(16)


def receipt_hour(now):
    """The only other thing an addition says: the hour of the confirmation."""
    return now.replace(minute=0, second=0, microsecond=0)


def log_addition(*, petition_id: int, signature_id: int, receipt: str | None = None) -> str:
    """Record a confirmation, inside the transaction that confirms the signature, and return
    its receipt: a new one, or the one a held signature's signer was shown, on its release.
    (On PostgreSQL a working link writes the same entry in its own statement,
    awaz.signatures.confirmations.)"""
    receipt = receipt or new_receipt()
    LogEntry.objects.create(
        petition_id=petition_id, kind=LogEntry.Kind.ADDITION, receipt=receipt, hour=receipt_hour(timezone.now()),
        signature_id=signature_id,
    )
    return receipt


def log_removals(*, signature_ids: list[int], reason: str) -> int:
    """Record that these signatures no longer count, inside the transaction that deletes them
    (and before it does). Signatures with no addition (never confirmed) are skipped. Returns how
    many removals were recorded."""
    additions = list(
        LogEntry.objects.filter(kind=LogEntry.Kind.ADDITION, signature_id__in=signature_ids).values_list("pk", "petition_id")
    )
    if not additions:
        return 0
    LogEntry.objects.bulk_create(
        [LogEntry(petition_id=petition_id, kind=LogEntry.Kind.REMOVAL, removes_id=pk, reason=reason)
         for pk, petition_id in additions]
    )
    LogEntry.objects.filter(pk__in=[pk for pk, _ in additions]).update(signature_id=None)
    return len(additions)


def fraud_reason(reason: str) -> str:
    return FRAUD_PREFIX + reason


def receipt_context(signature) -> dict:
    """For the "confirmed" page: the signer's receipt, printed in groups (never in a URL)."""
    if signature is None:
        return {}
    # The confirmation that just logged it kept it (awaz.signatures.services): no need to read it back.
    receipt = getattr(signature, "receipt_logged", None) or (
        LogEntry.objects.filter(kind=LogEntry.Kind.ADDITION, signature_id=signature.pk)
        .values_list("receipt", flat=True)
        .first()
    )
    if receipt is None:
        receipt = getattr(signature, "held_receipt", None)  # held for review: logged on release
    if receipt is None:
        return {}
    return {"receipt": format_receipt(receipt), "verify_slug": signature.petition.slug}


def log_links(petition) -> dict:
    """For data.json and the verify page: where the log lives and its published verifier key."""
    state = LogState.objects.filter(pk=petition.pk).only("origin").first()
    origin = state.origin if state else log_origin(petition)
    return {"log_url": absolute_url(f"/log/{petition.slug}/"), "log_key": log_verifier_keys(origin)[0]}
