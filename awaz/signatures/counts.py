"""The public numbers of a petition, read from the tallies and cached for a second.

The count shown can be at most CACHE_SECONDS old; it is never estimated.
"""

import random
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Sum

from awaz.signatures.models import SignatureTally

CACHE_SECONDS = 1


@dataclass(frozen=True)
class PetitionNumbers:
    total: int
    by_country: tuple[tuple[str, int], ...]  # countries at or above the group threshold
    other_countries: int  # signatures from countries below it, added up


def _cache_key(petition_id: int) -> str:
    return f"awaz:numbers:{petition_id}"


def petition_numbers(petition_id: int) -> PetitionNumbers:
    return cache.get_or_set(_cache_key(petition_id), lambda: _read_numbers(petition_id), CACHE_SECONDS)


def _read_numbers(petition_id: int) -> PetitionNumbers:
    rows = (
        SignatureTally.objects.filter(petition_id=petition_id)
        .values("country")
        .annotate(n=Sum("count"))
        .order_by()
    )
    per_country = {row["country"]: row["n"] for row in rows if row["n"] > 0}
    shown = sorted(
        ((c, n) for c, n in per_country.items() if n >= settings.COUNTRY_MIN_GROUP), key=lambda item: (-item[1], item[0])
    )
    other = sum(n for n in per_country.values() if n < settings.COUNTRY_MIN_GROUP)
    return PetitionNumbers(total=sum(per_country.values()), by_country=tuple(shown), other_countries=other)


def forget_numbers(petition_id: int) -> None:
    cache.delete(_cache_key(petition_id))


def tally_add(*, petition_id: int, country: str, delta: int) -> None:
    """Add `delta` to one shard of a country. Call inside the transaction that changes the
    signature, so the tally and the signatures never disagree."""
    shard = random.randrange(settings.COUNTER_SHARDS)
    row = SignatureTally.objects.filter(petition_id=petition_id, country=country, shard=shard)
    if row.update(count=F("count") + delta) == 0:
        SignatureTally.objects.bulk_create(
            [SignatureTally(petition_id=petition_id, country=country, shard=shard, count=0)], ignore_conflicts=True
        )
        row.update(count=F("count") + delta)
