"""Bulk invalidation of fraudulent signatures, with an exact recount and an audit entry."""

from collections import Counter

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from awaz.fraud.counts import forget_removed
from awaz.fraud.criteria import Criteria
from awaz.fraud.models import Invalidation
from awaz.petitions.models import Petition
from awaz.signatures.counts import forget_numbers, tally_add
from awaz.signatures.models import Signature
from awaz.signatures.services import signatures_delete_as_fraud
from awaz.transparency.services import fraud_reason

# Rows locked, counted and deleted per round trip; keeps memory flat for a flood of millions.
BATCH = 2000


class InvalidationRefused(ValueError):
    pass


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
        )
    forget_numbers(petition.pk)
    forget_removed(petition.pk)
    return entry
