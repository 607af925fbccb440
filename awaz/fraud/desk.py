"""What the fraud desk shows: who signs a petition in bulk, and when. Read-only queries.

Every query is bounded by (petition, created_at), the Signature index "signature_created", and
groups in the database; the page never loads signatures one by one. Networks appear only as
the tags stored at signing time (awaz.core.network: 16,384 values, so a tag stands for one
network of a petition's signers and, for anyone holding the key, for any of 1,024 networks of
the whole internet; its key changes every UTC day, so one network shows as two tags across
midnight). Email domains appear by name for large providers and as "~" tags otherwise. Both
are erased from signatures after SOURCE_TAG_HOURS.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

from django.db.models import Count, Q
from django.db.models.functions import TruncMinute

from awaz.fraud.criteria import Criteria
from awaz.petitions.models import Petition
from awaz.signatures.models import Signature

TOP = 10
SHORT_HASH = 5  # a whole tag: four hex digits, or "~" and four
BUCKET_MINUTES = 10
VOLUME_HOURS = 6
CONFIRMED = Q(confirmed_at__isnull=False)


@dataclass(frozen=True)
class SourceRow:
    key: str  # an email domain label or a network tag
    total: int
    confirmed: int

    @property
    def unconfirmed(self) -> int:
        return self.total - self.confirmed

    @property
    def short(self) -> str:
        return self.key[:SHORT_HASH]


@dataclass(frozen=True)
class Bucket:
    start: datetime
    end: datetime
    total: int
    confirmed: int

    @property
    def unconfirmed(self) -> int:
        return self.total - self.confirmed


@dataclass(frozen=True)
class MatchCount:
    confirmed: int
    unconfirmed: int

    @property
    def total(self) -> int:
        return self.confirmed + self.unconfirmed


def _since(petition: Petition, since: datetime):
    return Signature.objects.filter(petition=petition, created_at__gte=since)


def top_sources(petition: Petition, field: str, *, since: datetime, limit: int = TOP) -> list[SourceRow]:
    """The `field` values ("network_hash" or "email_domain") with the most signatures since."""
    rows = (
        # Blank: unknown, or cleared once a sealed or count-only petition's email went out; no
        # source to act on, and a blank criterion must never be offered for a bulk removal.
        _since(petition, since).exclude(**{field: ""})
        .values(field)
        .annotate(total=Count("pk"), confirmed=Count("pk", filter=CONFIRMED))
        .order_by("-total", field)[:limit]
    )
    return [SourceRow(key=row[field] or "", total=row["total"], confirmed=row["confirmed"]) for row in rows]


def totals(petition: Petition, *, since: datetime) -> MatchCount:
    row = _since(petition, since).aggregate(total=Count("pk"), confirmed=Count("pk", filter=CONFIRMED))
    return MatchCount(confirmed=row["confirmed"], unconfirmed=row["total"] - row["confirmed"])


def volumes(
    petition: Petition, *, now: datetime, criteria: Criteria | None = None, hours: int = VOLUME_HOURS
) -> list[Bucket]:
    """Signatures per BUCKET_MINUTES over the last `hours`, oldest first, empty buckets included.

    The database groups by minute (at most 60 x hours rows come back); minutes are then added
    up into buckets here, which works the same on SQLite and PostgreSQL.
    """
    size = timedelta(minutes=BUCKET_MINUTES)
    now = now.astimezone(dt_timezone.utc)
    last_start = now.replace(minute=now.minute - now.minute % BUCKET_MINUTES, second=0, microsecond=0)
    count = hours * 60 // BUCKET_MINUTES
    first_start = last_start - (count - 1) * size
    signatures = _since(petition, first_start)
    if criteria is not None:
        signatures = criteria.apply(signatures)
    per_minute = (
        signatures.annotate(minute=TruncMinute("created_at", tzinfo=dt_timezone.utc))
        .values("minute")
        .annotate(total=Count("pk"), confirmed=Count("pk", filter=CONFIRMED))
        .order_by()
    )
    sums = [[0, 0] for _ in range(count)]
    for row in per_minute:
        index = int((row["minute"] - first_start) // size)
        if 0 <= index < count:
            sums[index][0] += row["total"]
            sums[index][1] += row["confirmed"]
    return [
        Bucket(start=first_start + i * size, end=first_start + (i + 1) * size, total=total, confirmed=confirmed)
        for i, (total, confirmed) in enumerate(sums)
    ]


def matching(petition: Petition, criteria: Criteria) -> MatchCount:
    """How many signatures an invalidation with these criteria would remove right now."""
    row = criteria.apply(Signature.objects.filter(petition=petition)).aggregate(
        total=Count("pk"), confirmed=Count("pk", filter=CONFIRMED)
    )
    return MatchCount(confirmed=row["confirmed"], unconfirmed=row["total"] - row["confirmed"])


def matching_domains(petition: Petition, criteria: Criteria, limit: int = TOP) -> list[SourceRow]:
    """The largest email domains among the matching signatures, to check before removing."""
    rows = (
        criteria.apply(Signature.objects.filter(petition=petition))
        .values("email_domain")
        .annotate(total=Count("pk"), confirmed=Count("pk", filter=CONFIRMED))
        .order_by("-total", "email_domain")[:limit]
    )
    return [SourceRow(key=row["email_domain"], total=row["total"], confirmed=row["confirmed"]) for row in rows]
