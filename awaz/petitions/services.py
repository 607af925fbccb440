"""Changes to petitions that more than one place makes (admin, demo loader, tests)."""

from django.db import transaction
from django.utils import timezone

from awaz.core.sealing import PublicKey, parse_public_key
from awaz.core.translations import mark_translations_current
from awaz.petitions.models import Organization, Petition
from awaz.webhooks.events import event_record
from awaz.webhooks.models import EventKind


def petition_translations_saved(*, petition: Petition, changed_languages: set[str]) -> None:
    mark_translations_current(petition, changed_languages)


def petition_close(*, petition: Petition) -> bool:
    with transaction.atomic():
        changed = Petition.objects.filter(pk=petition.pk).exclude(status=Petition.Status.CLOSED).update(
            status=Petition.Status.CLOSED, closed_at=timezone.now()
        )
        if changed:
            event_record(kind=EventKind.PETITION_CLOSED, organization_id=petition.organization_id, petition_id=petition.pk)
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


class PrivacyChangeRefused(Exception):
    """The change would break a promise made to signers; the message says why."""


def organization_set_sealing_key(*, organization: Organization, public_key: str) -> PublicKey:
    """Give an organization the public key its sealed petitions seal signers to. Replacing a key
    is allowed (signatures sealed before stay sealed to the old one: keep its private key)."""
    key = parse_public_key(public_key)  # NotAPublicKey says what is wrong with it
    Organization.objects.filter(pk=organization.pk).update(sealing_public_key=key.text)
    organization.sealing_public_key = key.text
    return key


def petition_set_privacy_mode(*, petition: Petition, mode: str) -> None:
    """Choose what the server keeps of this petition's signers. Only before anyone has signed:
    signers were told the mode next to the form, and their data was kept accordingly."""
    if mode not in Petition.PrivacyMode.values:
        raise PrivacyChangeRefused(f"Unknown privacy mode {mode!r}; choose one of: {', '.join(Petition.PrivacyMode.values)}.")
    with transaction.atomic():
        locked = Petition.objects.select_for_update().select_related("organization").get(pk=petition.pk)
        if locked.privacy_mode == mode:
            return
        if locked.signatures.exists():
            raise PrivacyChangeRefused(
                "This petition already has signatures, collected under its current privacy mode; "
                "the mode can no longer change. Start a new petition instead."
            )
        if locked.status == Petition.Status.CLOSED:
            raise PrivacyChangeRefused("This petition is closed.")
        if mode == Petition.PrivacyMode.SEALED and not locked.organization.sealing_public_key:
            raise PrivacyChangeRefused(
                f"The organization {locked.organization.slug!r} has no sealing key yet: make one offline with "
                f"`awaz seal-keygen KEYFILE`, then `awaz seal-key {locked.organization.slug} PUBLIC_KEY`."
            )
        Petition.objects.filter(pk=petition.pk).update(privacy_mode=mode)
    petition.privacy_mode = mode
