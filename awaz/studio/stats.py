"""The numbers a campaigner watches, read for the studio (never for public pages).

The live count comes from the tallies, like the public page; the time series and the
confirmation rate count signature rows of one petition through its indexes. Times are in the
organization's time zone.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

from django.db.models import Count
from django.db.models.functions import TruncDate, TruncHour
from django.utils import timezone

from awaz.petitions.models import Organization, Petition
from awaz.signatures.counts import PetitionNumbers, petition_numbers
from awaz.signatures.models import Signature

HOURS, DAYS = 48, 30


def organization_zone(organization: Organization) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(organization.time_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


@dataclass(frozen=True)
class PetitionStats:
    petition: Petition
    numbers: PetitionNumbers
    today: int
    submitted: int
    confirmed: int

    @property
    def confirmation_rate(self) -> int | None:
        """Confirmed out of submitted, in percent (None before the first signature)."""
        return round(100 * self.confirmed / self.submitted) if self.submitted else None


def petition_stats(petition: Petition, zone, now: datetime | None = None) -> PetitionStats:
    now = now or timezone.now()
    midnight = now.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
    rows = Signature.objects.filter(petition=petition)
    confirmed = rows.confirmed()
    return PetitionStats(
        petition=petition,
        numbers=petition_numbers(petition.pk),
        today=confirmed.filter(confirmed_at__gte=midnight).count(),
        submitted=rows.count(),
        confirmed=confirmed.count(),
    )


def per_hour(petition: Petition, zone, now: datetime | None = None) -> list[tuple[datetime, int]]:
    """Confirmed signatures in each of the last HOURS hours (local time), oldest first."""
    # Hours are counted as instants (UTC), so a change to or from summer time loses none.
    now = (now or timezone.now()).astimezone(zone)
    end = now.replace(minute=0, second=0, microsecond=0).astimezone(dt_timezone.utc)
    start = end - timedelta(hours=HOURS - 1)
    counts = {
        row["hour"].astimezone(dt_timezone.utc): row["n"]
        for row in Signature.objects.confirmed().filter(petition=petition, confirmed_at__gte=start)
        .annotate(hour=TruncHour("confirmed_at", tzinfo=zone)).values("hour").annotate(n=Count("id")).order_by()
    }
    hours = [start + timedelta(hours=i) for i in range(HOURS)]
    return [(hour.astimezone(zone), counts.get(hour, 0)) for hour in hours]


def per_day(petition: Petition, zone, now: datetime | None = None) -> list[tuple[object, int]]:
    """Confirmed signatures on each of the last DAYS days (local dates), oldest first."""
    today = (now or timezone.now()).astimezone(zone).date()
    first = today - timedelta(days=DAYS - 1)
    start = datetime(first.year, first.month, first.day, tzinfo=zone)
    counts = {
        row["day"]: row["n"]
        for row in Signature.objects.confirmed().filter(petition=petition, confirmed_at__gte=start)
        .annotate(day=TruncDate("confirmed_at", tzinfo=zone)).values("day").annotate(n=Count("id")).order_by()
    }
    return [(first + timedelta(days=i), counts.get(first + timedelta(days=i), 0)) for i in range(DAYS)]
