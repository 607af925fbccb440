"""Bulk invalidation of fraudulent signatures, with an exact recount and an audit entry; its
undo within AWAZ_UNDO_DAYS, and the deletion for good once that window is over."""

import logging
from collections import Counter
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from awaz.fraud.counts import forget_removed
from awaz.fraud.criteria import Criteria
from awaz.fraud.models import HeldSignature, Invalidation
from awaz.petitions.models import Petition
from awaz.signatures.counts import forget_numbers, tally_add
from awaz.signatures.models import Signature
from awaz.signatures.services import signatures_delete_as_fraud, signatures_hold_as_fraud, signatures_restore
from awaz.transparency.services import fraud_reason

logger = logging.getLogger(__name__)

# Rows locked, counted and deleted per round trip; keeps memory flat for a flood of millions.
BATCH = 2000


class InvalidationRefused(ValueError):
    pass


class UndoRefused(ValueError):
    """Undone already, or past its window (its signatures are deleted for good)."""


def signatures_invalidate(
    *, petition: Petition, criteria: Criteria, reason: str, note: str = "", operator: AbstractBaseUser
) -> Invalidation:
    """Delete the petition's signatures matching `criteria` and take the confirmed ones off the
    public count, exactly.

    Everything happens in one transaction: the matching rows are locked before they are counted,
    so a confirmation racing with the invalidation either commits first (and is counted here as
    confirmed) or waits for the rows and then finds nothing to confirm. Either way the tallies
    and the signatures agree when the transaction ends.
    """
    if criteria.is_empty():
        raise InvalidationRefused("An invalidation needs a time window, an email domain or a network.")
    if reason not in Invalidation.Reason.values:
        raise InvalidationRefused(f"Unknown reason {reason!r}.")
    if reason == Invalidation.Reason.OTHER and not note.strip():
        raise InvalidationRefused("Explain the reason in the note when it is 'other'.")

    confirmed_by_country: Counter[str] = Counter()
    unconfirmed = 0
    held: list[dict] = []
    with transaction.atomic():
        matching = criteria.apply(Signature.objects.filter(petition=petition))
        while True:
            batch = list(
                matching.select_for_update().order_by("pk").values_list("pk", "confirmed_at", "country")[:BATCH]
            )
            if not batch:
                break
            for _pk, confirmed_at, country in batch:
                if confirmed_at is None:
                    unconfirmed += 1
                else:
                    confirmed_by_country[country] += 1
            if settings.UNDO_DAYS:
                held.extend(signatures_hold_as_fraud(rows=batch, reason=fraud_reason(reason)))
            else:
                signatures_delete_as_fraud(rows=batch, reason=fraud_reason(reason))
        for country, n in sorted(confirmed_by_country.items()):
            tally_add(petition_id=petition.pk, country=country, delta=-n)
        entry = Invalidation.objects.create(
            petition=petition,
            operator=operator,
            operator_name=operator.get_username(),
            signed_from=criteria.signed_from,
            signed_to=criteria.signed_to,
            email_domain=criteria.email_domain,
            network_hash=criteria.network_hash,
            reason=reason,
            note=note.strip(),
            confirmed_removed=sum(confirmed_by_country.values()),
            unconfirmed_removed=unconfirmed,
            purge_after=timezone.now() + timedelta(days=settings.UNDO_DAYS) if settings.UNDO_DAYS else None,
        )
        HeldSignature.objects.bulk_create(
            [HeldSignature(invalidation=entry, signature_id=row["id"], row=row) for row in held], batch_size=BATCH
        )
    forget_numbers(petition.pk)
    forget_removed(petition.pk)
    return entry


def invalidation_undo(*, invalidation: Invalidation, operator: AbstractBaseUser) -> Invalidation:
    """Put back the signatures an invalidation removed, within its window: each confirmed one
    counts again, exactly once, and the log records it as a new addition.

    Claimed with a conditional update, so of two concurrent undos (two moderators, a double
    click) only one restores anything; the other gets UndoRefused. A signature whose person
    signed again meanwhile stays out (their new signature counts instead).
    """
    now = timezone.now()
    with transaction.atomic():
        claimed = Invalidation.objects.filter(
            pk=invalidation.pk, undone_at__isnull=True, purged_at__isnull=True, purge_after__gt=now
        ).update(undone_at=now, undone_by=operator, undone_by_name=operator.get_username())
        if not claimed:
            raise UndoRefused("This removal was undone already, or its signatures are deleted for good.")
        restored = []
        held = HeldSignature.objects.filter(invalidation=invalidation).order_by("pk")
        for start in range(0, held.count(), BATCH):
            restored.extend(signatures_restore(held=[h.row for h in held[start:start + BATCH]]))
        held.delete()
        confirmed = sum(1 for _pk, _country, was_confirmed in restored if was_confirmed)
        Invalidation.objects.filter(pk=invalidation.pk).update(confirmed_restored=confirmed)
    forget_numbers(invalidation.petition_id)
    forget_removed(invalidation.petition_id)
    invalidation.refresh_from_db()
    return invalidation


def held_signatures_purge(*, now: datetime | None = None) -> int:
    """Delete for good the signatures of removals whose undo window is over. Returns how many."""
    now = now or timezone.now()
    deleted = 0
    due = Invalidation.objects.filter(purge_after__lte=now, purged_at__isnull=True, undone_at__isnull=True)
    for invalidation_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            # Claimed first: an undo racing this either ran before (and the claim fails) or fails.
            if not Invalidation.objects.filter(pk=invalidation_id, purged_at__isnull=True,
                                               undone_at__isnull=True).update(purged_at=now):
                continue
            deleted += HeldSignature.objects.filter(invalidation_id=invalidation_id).delete()[0]
    if deleted:
        logger.info("Deleted for good %d signatures removed as fraudulent past the undo window", deleted)
    return deleted
