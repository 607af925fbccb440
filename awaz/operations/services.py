"""Every write of the operations app: switches (each change audited) and reconciliation.

Views, the admin, tasks and the `awaz reconcile` command call these; nothing else saves the
models of awaz.operations.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from awaz.core import switches
from awaz.operations.models import PetitionSwitch, SiteSwitch, SwitchChange, TallyRepair
from awaz.petitions.models import Petition
from awaz.signatures.counts import forget_numbers, tally_add
from awaz.signatures.models import Signature, SignatureTally

logger = logging.getLogger(__name__)


class SwitchRefused(ValueError):
    pass


def _describe_pause(paused: bool, reason: str, resume_at: datetime | None) -> str:
    if not paused:
        return "off"
    return f"on: {reason}" + (f", until {resume_at.isoformat(timespec='minutes')}" if resume_at else "")


def _record(*, petition, operator, via: str, changes: list[tuple[str, str]]) -> None:
    name = operator.get_username() if operator else "awaz"
    SwitchChange.objects.bulk_create([
        SwitchChange(petition=petition, operator=operator, operator_name=name, switch=switch, value=value[:600], via=via)
        for switch, value in changes
    ])


def petition_switches_set(
    *, petition: Petition, operator, via: str, paused: bool, pause_reason: str = "", resume_at: datetime | None = None,
    hide_countries: bool = False, hide_recent: bool = False,
) -> list[str]:
    """Set a petition's switches; one audit entry per switch that changed. Returns the names of
    the switches that changed. In force on every process within MEMO_SECONDS (awaz.core.switches)."""
    if paused and pause_reason not in switches.PAUSE_REASONS:
        raise SwitchRefused("A pause needs one of the listed reasons.")
    if not paused:
        pause_reason, resume_at = "", None
    with transaction.atomic():
        row, _created = PetitionSwitch.objects.select_for_update().get_or_create(petition=petition)
        changes = []
        if (row.paused, row.pause_reason, row.resume_at) != (paused, pause_reason, resume_at):
            changes.append((SwitchChange.Switch.PAUSE, _describe_pause(paused, pause_reason, resume_at)))
        if row.hide_countries != hide_countries:
            changes.append((SwitchChange.Switch.HIDE_COUNTRIES, "on" if hide_countries else "off"))
        if row.hide_recent != hide_recent:
            changes.append((SwitchChange.Switch.HIDE_RECENT, "on" if hide_recent else "off"))
        if changes:
            PetitionSwitch.objects.filter(pk=petition.pk).update(
                paused=paused, pause_reason=pause_reason, resume_at=resume_at, hide_countries=hide_countries,
                hide_recent=hide_recent, updated_at=timezone.now(),
            )
            _record(petition=petition, operator=operator, via=via, changes=changes)
    switches.forget()
    return [switch for switch, _value in changes]


def site_switches_set(
    *, operator, via: str, paused: bool, pause_reason: str = "", resume_at: datetime | None = None,
    banner: str = "", banner_language: str = "",
) -> list[str]:
    """Set the site-wide switches (staff only: the caller checks), audited like a petition's."""
    if paused and pause_reason not in switches.PAUSE_REASONS:
        raise SwitchRefused("A pause needs one of the listed reasons.")
    if not paused:
        pause_reason, resume_at = "", None
    banner = banner.strip()
    if banner and banner_language not in dict(settings.LANGUAGES):
        raise SwitchRefused("Say which language the banner is written in.")
    if not banner:
        banner_language = ""
    with transaction.atomic():
        row, _created = SiteSwitch.objects.select_for_update().get_or_create(pk=1)
        changes = []
        if (row.paused, row.pause_reason, row.resume_at) != (paused, pause_reason, resume_at):
            changes.append((SwitchChange.Switch.PAUSE, _describe_pause(paused, pause_reason, resume_at)))
        if (row.banner, row.banner_language) != (banner, banner_language):
            changes.append((SwitchChange.Switch.BANNER, f"[{banner_language}] {banner}" if banner else "off"))
        if changes:
            SiteSwitch.objects.filter(pk=1).update(
                paused=paused, pause_reason=pause_reason, resume_at=resume_at, banner=banner,
                banner_language=banner_language, updated_at=timezone.now(),
            )
            _record(petition=None, operator=operator, via=via, changes=changes)
    switches.forget()
    return [switch for switch, _value in changes]


# --- Reconciliation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    petition_id: int
    country: str
    stored: int
    counted: int

    @property
    def delta(self) -> int:
        return self.counted - self.stored


def _differences(petition_id: int) -> list[Difference]:
    """The countries whose stored tally and confirmed signatures disagree, read in ONE statement.

    One statement is one snapshot (PostgreSQL's READ COMMITTED, SQLite's single writer): a
    confirmation or withdrawal changes its signature and its tally in one transaction, so it is
    on both sides of this snapshot or on neither, and the difference read is exactly what went
    wrong, whatever commits meanwhile. Adding that difference (a relative update) then loses no
    increment that races the repair."""
    signatures, tallies = Signature._meta.db_table, SignatureTally._meta.db_table
    sql = f"""
        SELECT country, SUM(counted), SUM(stored) FROM (
            SELECT country, COUNT(*) AS counted, 0 AS stored FROM {signatures}
             WHERE petition_id = %s AND confirmed_at IS NOT NULL GROUP BY country
            UNION ALL
            SELECT country, 0 AS counted, SUM("count") AS stored FROM {tallies}
             WHERE petition_id = %s GROUP BY country
        ) AS sides GROUP BY country HAVING SUM(counted) <> SUM(stored) ORDER BY country
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [petition_id, petition_id])
        rows = cursor.fetchall()
    return [Difference(petition_id, country, int(stored), int(counted)) for country, counted, stored in rows]


def _petitions_to_check(now: datetime):
    """Every petition whose signatures still exist: past retention only the tallies remain (the
    closed petition's result), and there is nothing left to compare them with."""
    cutoff = now - timedelta(days=settings.RETENTION_DAYS)
    erased = Q(status=Petition.Status.CLOSED, closed_at__lte=cutoff)
    return Petition.objects.exclude(erased).order_by("pk").values_list("pk", flat=True)


def tallies_reconcile(*, dry_run: bool = False, now: datetime | None = None) -> list[Difference]:
    """Compare every petition's tallies with its confirmed signatures and repair each difference
    with an audit entry (TallyRepair), then email the operators about the new ones, once each.
    With `dry_run`, only report. Returns the differences found."""
    found: list[Difference] = []
    for petition_id in _petitions_to_check(now or timezone.now()):
        if dry_run:
            found.extend(_differences(petition_id))
            continue
        with transaction.atomic():
            # Two reconciliations of one petition take turns (the second then reads the first's
            # repair and finds nothing). NO KEY UPDATE: new signatures, which only reference the
            # petition, are not held up.
            Petition.objects.select_for_update(no_key=True).filter(pk=petition_id).values_list("pk").first()
            differences = _differences(petition_id)
            for difference in differences:
                tally_add(petition_id=petition_id, country=difference.country, delta=difference.delta)
                TallyRepair.objects.create(petition_id=petition_id, country=difference.country,
                                           stored=difference.stored, counted=difference.counted)
        if differences:
            forget_numbers(petition_id)
            logger.warning("Reconciliation repaired %d tallies of petition %s", len(differences), petition_id)
            found.extend(differences)
    if found and not dry_run:
        from awaz.operations import tasks

        transaction.on_commit(tasks.alert_operators)
    return found


def repairs_claim_unalerted() -> list[TallyRepair]:
    """Claim the repairs no operator was told about yet (a conditional update: of two workers,
    one sends each)."""
    now = timezone.now()
    pending = list(TallyRepair.objects.filter(alerted_at__isnull=True).values_list("pk", flat=True)[:500])
    claimed = []
    for pk in pending:
        if TallyRepair.objects.filter(pk=pk, alerted_at__isnull=True).update(alerted_at=now):
            claimed.append(pk)
    return list(TallyRepair.objects.filter(pk__in=claimed).select_related("petition").prefetch_related("petition__translations"))


def repairs_unclaim(repairs: list[TallyRepair]) -> None:
    """The alert could not be sent: the next run tries again."""
    TallyRepair.objects.filter(pk__in=[r.pk for r in repairs]).update(alerted_at=None)
