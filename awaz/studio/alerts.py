"""Alert emails to an organization's moderators (the alerts themselves: awaz.defences.alerts).

The worker claims each unsent alert with a conditional update (so two workers never both send
it), then emails every owner and moderator of the petition's organization in the language each
chose on the Defences page. The email gives the figures and a link to the petition's review
queue; it names a network by the fraud desk's code and a small domain by its label, never an
address.
"""

import logging

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from awaz.core import languages
from awaz.core.mail import build_email, send_now
from awaz.defences.models import Alert, AlertLanguage
from awaz.studio.models import Membership, Role
from awaz.webhooks.events import event_record
from awaz.webhooks.models import EventKind

logger = logging.getLogger(__name__)

ALERTED_ROLES = (Role.OWNER, Role.MODERATOR)


def alert_recipients(organization) -> list[tuple[str, str]]:
    """(address, language) of the organization's owners and moderators."""
    members = Membership.objects.filter(organization=organization, role__in=ALERTED_ROLES).select_related("user")
    return AlertLanguage.objects.recipients([m.user.email for m in members if m.user.email],
                                            [m.user_id for m in members])


def alert_email(*, alert: Alert, to: str, language: str):
    petition = alert.petition
    with translation.override(language):
        translated, _fallback = petition.translated(language)
        kinds = {Alert.Kind.NETWORK: alert.subject, Alert.Kind.DOMAIN: alert.subject}
        desk = settings.BASE_URL + reverse("studio:held", args=[petition.organization.slug, petition.pk])
        rules = settings.BASE_URL + reverse("studio:defences", args=[petition.organization.slug])
        if alert.kind == Alert.Kind.NETWORK and alert.subject:
            rules += f"?kind=network_tag&value={alert.subject}&petition={petition.pk}"
        context = {
            "petition_title": translated.title if translated else petition.slug,
            "kind": alert.get_kind_display(), "subject": kinds.get(alert.kind, ""),
            "count": languages.format_number(alert.count), "threshold": languages.format_number(alert.threshold),
            "minutes": alert.window_seconds // 60, "desk_url": desk, "rules_url": rules,
            "since": timezone.localtime(alert.window_start).strftime("%Y-%m-%d %H:%M UTC"),
            "organization": petition.organization.name,
        }
    return build_email("defence_alert", to, context, language)


def alert_event(alert: Alert) -> None:
    """The alert for the organization's own tools too: a `defence.alert` webhook event, with the
    alert's kind, subject (a network code or a domain label, never an address), figures and
    window (awaz.api.org.payloads)."""
    event_record(kind=EventKind.DEFENCE_ALERT, organization_id=alert.petition.organization_id,
                 petition_id=alert.petition_id, number=alert.count, alert_id=alert.pk)


def alerts_send_due(*, limit: int = 50) -> int:
    """Email each unsent alert once; returns how many alerts were sent."""
    sent = 0
    for alert_id in list(Alert.objects.filter(sent_at__isnull=True).order_by("pk").values_list("pk", flat=True)[:limit]):
        if not Alert.objects.filter(pk=alert_id, sent_at__isnull=True).update(sent_at=timezone.now()):
            continue  # another worker took it
        alert = Alert.objects.select_related("petition__organization").get(pk=alert_id)
        for address, language in alert_recipients(alert.petition.organization):
            send_now(alert_email(alert=alert, to=address, language=language), "Defence alert email")
        alert_event(alert)
        sent += 1
    return sent
