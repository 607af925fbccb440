"""Changes to petitions that more than one place makes (admin, demo loader, tests)."""

from django.db import transaction
from django.utils import timezone

from awaz.core.translations import mark_translations_current
from awaz.petitions.models import Petition


def petition_translations_saved(*, petition: Petition, changed_languages: set[str]) -> None:
    mark_translations_current(petition, changed_languages)


def petition_close(*, petition: Petition) -> bool:
    with transaction.atomic():
        changed = Petition.objects.filter(pk=petition.pk).exclude(status=Petition.Status.CLOSED).update(
            status=Petition.Status.CLOSED, closed_at=timezone.now()
        )
    return bool(changed)


def petition_publish(*, petition: Petition) -> bool:
    """Open a draft for signatures. The first publication fixes the slug for good."""
    now = timezone.now()
    with transaction.atomic():
        changed = Petition.objects.filter(pk=petition.pk, status=Petition.Status.DRAFT).update(status=Petition.Status.OPEN)
        Petition.objects.filter(pk=petition.pk, published_at__isnull=True).update(published_at=now)
    return bool(changed)


def petition_reopen(*, petition: Petition) -> bool:
    """Open a closed petition again; the retention clock stops (see petition_status_changed)."""
    with transaction.atomic():
        changed = Petition.objects.filter(pk=petition.pk, status=Petition.Status.CLOSED).update(
            status=Petition.Status.OPEN, closed_at=None
        )
    return bool(changed)


def petition_status_changed(*, petition: Petition, previous_status: str | None) -> None:
    """Keep `closed_at` true to the status after an edit in the admin.

    Closing starts the retention clock (signers' data is erased AWAZ_RETENTION_DAYS later);
    reopening stops it, so a petition closed again later counts from its new closing date.
    """
    if petition.status == previous_status:
        return
    if petition.status == Petition.Status.CLOSED:
        Petition.objects.filter(pk=petition.pk, closed_at__isnull=True).update(closed_at=timezone.now())
    else:
        Petition.objects.filter(pk=petition.pk).update(closed_at=None)
