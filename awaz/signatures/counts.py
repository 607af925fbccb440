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


def petitions_numbers(petition_ids: list[int]) -> dict[int, PetitionNumbers]:
    """The numbers of many petitions (an API page of them): one cache round trip, and one query
    for those the cache does not hold, instead of one per petition."""
    keys = {_cache_key(pk): pk for pk in petition_ids}
    found = {keys[key]: numbers for key, numbers in cache.get_many(list(keys)).items()}
    missing = [pk for pk in petition_ids if pk not in found]
    if missing:
        per_petition: dict[int, dict[str, int]] = {pk: {} for pk in missing}
        rows = (
            SignatureTally.objects.filter(petition_id__in=missing)
            .values("petition_id", "country")
            .annotate(n=Sum("count"))
            .order_by()
        )
        for row in rows:
            per_petition[row["petition_id"]][row["country"]] = row["n"]
        read = {pk: _grouped(per_country) for pk, per_country in per_petition.items()}
        cache.set_many({_cache_key(pk): numbers for pk, numbers in read.items()}, CACHE_SECONDS)
        found.update(read)
    return found


def _read_numbers(petition_id: int) -> PetitionNumbers:
    rows = (
        SignatureTally.objects.filter(petition_id=petition_id)
        .values("country")
        .annotate(n=Sum("count"))
        .order_by()
    )
    return _grouped({row["country"]: row["n"] for row in rows})


def _grouped(counts: dict[str, int]) -> PetitionNumbers:
    """Countries below COUNTRY_MIN_GROUP are added up as "other countries", as on the page."""
    per_country = {country: n for country, n in counts.items() if n > 0}
    shown = sorted(
        ((c, n) for c, n in per_country.items() if n >= settings.COUNTRY_MIN_GROUP), key=lambda item: (-item[1], item[0])
    )
    other = sum(n for n in per_country.values() if n < settings.COUNTRY_MIN_GROUP)
    return PetitionNumbers(total=sum(per_country.values()), by_country=tuple(shown), other_countries=other)


def recent_signers_key(petition_id: int) -> str:
    """Where the petition's latest public signers are cached (awaz.signatures.presenters)."""
    return f"awaz:recent:{petition_id}"


def numbers_of(by_country: dict[str, int]) -> PetitionNumbers:
    """The public numbers of a tally read elsewhere (in the confirmation's own statement,
    awaz.signatures.confirmations). Not cached: the signer's page shows them, and every other
    reader's cached numbers are at most CACHE_SECONDS old anyway."""
    return _grouped(by_country)


def forget_recent_signers(petition_id: int) -> None:
    cache.delete(recent_signers_key(petition_id))


def forget_numbers(petition_id: int) -> None:
    """After a change to what counts: the numbers and the latest public signers are read
    afresh, so a signer who chose to be shown finds their name beside their count."""
    cache.delete_many([_cache_key(petition_id), recent_signers_key(petition_id)])


def tally_shard() -> int:
    """Concurrent increments of one country spread over the shards' rows instead of queuing on one."""
    return random.randrange(settings.COUNTER_SHARDS)


def tally_add(*, petition_id: int, country: str, delta: int) -> None:
    """Add `delta` to one shard of a country. Call inside the transaction that changes the
    signature, so the tally and the signatures never disagree."""
    shard = tally_shard()
    row = SignatureTally.objects.filter(petition_id=petition_id, country=country, shard=shard)
    if row.update(count=F("count") + delta) == 0:
        SignatureTally.objects.bulk_create(
            [SignatureTally(petition_id=petition_id, country=country, shard=shard, count=0)], ignore_conflicts=True
        )
        row.update(count=F("count") + delta)
