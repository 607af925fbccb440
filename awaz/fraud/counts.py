"""How many signatures were removed from a petition as fraudulent, and why: shown publicly.

Only signatures that had been confirmed, and so had counted, are included: these are the ones
the public count lost. Withdrawals and erasures asked for by signers are not fraud and are
never recorded here. Held signatures that a moderator removed from the review queue are
included too (they never counted, and are removed as fraudulent all the same).
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Sum
from django.utils.translation import gettext, ngettext

from awaz.core import languages
from awaz.defences.models import Decision
from awaz.fraud.models import Invalidation

# Invalidations are rare and forget_removed() runs after each one, so this can be long.
CACHE_SECONDS = 60


@dataclass(frozen=True)
class RemovedNumbers:
    total: int
    by_reason: tuple[tuple[str, int], ...]  # (Invalidation.Reason value, count), largest first
    # Removed, then put back by an undo (awaz.fraud.services.invalidation_undo): they count again.
    reversed: int = 0

    def sentence(self) -> str:
        return ngettext(
            "%(count)s signature was removed as fraudulent and is not counted.",
            "%(count)s signatures were removed as fraudulent and are not counted.",
            self.total,
        ) % {"count": languages.format_number(self.total)}

    def reversed_sentence(self) -> str:
        return ngettext(
            "%(count)s signature removed as fraudulent was put back after a review and counts again.",
            "%(count)s signatures removed as fraudulent were put back after a review and count again.",
            self.reversed,
        ) % {"count": languages.format_number(self.reversed)}

    def reasons(self) -> list[str]:
        return [
            gettext("%(reason)s: %(count)s") % {"reason": Invalidation.Reason(reason).label, "count": languages.format_number(n)}
            for reason, n in self.by_reason
        ]


def _cache_key(petition_id: int) -> str:
    return f"awaz:removed:{petition_id}"


def removed_numbers(petition_id: int) -> RemovedNumbers:
    return cache.get_or_set(_cache_key(petition_id), lambda: _read(petition_id), CACHE_SECONDS)


def _read(petition_id: int) -> RemovedNumbers:
    reversed_count = (
        Invalidation.objects.filter(petition_id=petition_id, undone_at__isnull=False).aggregate(n=Sum("confirmed_removed"))["n"]
        or 0
    )
    rows = (
        Invalidation.objects.filter(petition_id=petition_id, undone_at__isnull=True)
        .values("reason")
        .annotate(n=Sum("confirmed_removed"))
        .order_by()
    )
    totals = {row["reason"]: row["n"] for row in rows if row["n"]}
    # Held signatures a moderator removed (awaz.fraud.quarantine): never counted, but removed.
    held = (Decision.objects.filter(petition_id=petition_id, action=Decision.Action.REMOVED)
            .values("reason").annotate(n=Sum("rows")).order_by())
    for row in held:
        totals[row["reason"]] = totals.get(row["reason"], 0) + row["n"]
    by_reason = sorted(((reason, n) for reason, n in totals.items() if n), key=lambda item: (-item[1], item[0]))
    return RemovedNumbers(total=sum(n for _, n in by_reason), by_reason=tuple(by_reason), reversed=reversed_count)


def forget_removed(petition_id: int) -> None:
    cache.delete(_cache_key(petition_id))
