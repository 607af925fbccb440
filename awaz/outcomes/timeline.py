"""A petition's public story, in the reader's language with a fallback to each item's original:
opened, thresholds reached, delivered, responses, outcome. Read by the page, data.json, the
emails and the delivery package; cached per petition and language, forgotten on every change.
"""

from datetime import date, datetime

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.utils.translation import override

from awaz.core.languages import format_number
from awaz.outcomes.models import Delivery, Outcome, OutcomeKind, Response, Threshold
from awaz.outcomes.services import TIMELINE_SECONDS, timeline_key


def _day(value) -> date:
    if isinstance(value, datetime):
        return timezone.localdate(value)
    return value


def _target_label(target, language: str) -> str:
    if target is None:
        return ""
    text = target.text(language)
    if text is None:
        return ""
    return ", ".join(part for part in (text.name, text.role, text.organization) if part)


def outcome_title(kind: str) -> str:
    return {
        OutcomeKind.WON: _("Victory: the petition won"),
        OutcomeKind.PARTLY_WON: _("Partial victory"),
        OutcomeKind.LOST: _("The petition did not win"),
        OutcomeKind.NO_ANSWER: _("Closed without an answer"),
    }[kind]


def announcement_text(kind: str, item, language: str) -> tuple[str, str]:
    """(title, summary) of a response or an outcome for the signers' update email."""
    text = item.text(language)
    if kind == "response":
        source = _target_label(item.target, language)
        title = _("Response from %(target)s") % {"target": source} if source else _("A response to the petition")
        return title, text.text if text else ""
    return outcome_title(item.kind), text.statement if text else ""


def _read(petition, language: str) -> list[dict]:
    events = [{
        # First published (set by the studio); petitions opened before that field existed
        # fall back to their creation.
        "kind": "opened", "date": _day(getattr(petition, "published_at", None) or petition.created_at),
        "title": _("Petition opened"),
    }]
    for threshold in Threshold.objects.filter(petition=petition, reached_at__isnull=False):
        events.append({
            "kind": "threshold", "date": _day(threshold.reached_at),
            "title": ngettext("%(count)s signature reached", "%(count)s signatures reached", threshold.count)
            % {"count": format_number(threshold.count, language)},
            "count": threshold.count,
        })
    for delivery in Delivery.objects.filter(petition=petition).prefetch_related("translations"):
        text = delivery.text(language)
        events.append({
            "kind": "delivered", "date": delivery.delivered_on, "title": _("Petition delivered"),
            "language": text.language if text else delivery.original_language,
            "place": text.place if text else "", "to": text.recipients if text else "",
            "note": text.note if text else "",
            "photo_url": delivery.photo.url if delivery.photo else "",
            "photo_alt": text.photo_alt if text else "",
            "count": delivery.signature_count,
        })
    responses = (
        Response.objects.filter(petition=petition, published_at__isnull=False)
        .select_related("target").prefetch_related("translations", "target__translations")
    )
    for response in responses:
        text = response.text(language)
        source = _target_label(response.target, language)
        events.append({
            "kind": "response", "date": response.responded_on,
            "title": _("Response from %(target)s") % {"target": source} if source else _("A response to the petition"),
            "language": text.language if text else response.original_language,
            "from": source, "text": text.text if text else "",
            "source_url": response.source_url, "document_url": response.document.url if response.document else "",
        })
    outcome = Outcome.objects.filter(petition=petition, declared_at__isnull=False).prefetch_related("translations").first()
    if outcome is not None:
        text = outcome.text(language)
        events.append({
            "kind": "outcome", "date": _day(outcome.declared_at), "title": outcome_title(outcome.kind),
            "outcome": outcome.kind, "language": text.language if text else outcome.original_language,
            "text": text.statement if text else "",
        })
    order = {"opened": 0, "threshold": 1, "delivered": 2, "response": 3, "outcome": 4}
    return sorted(events, key=lambda event: (event["date"], order[event["kind"]]))


def petition_timeline(petition, language: str) -> list[dict]:
    with override(language):
        return cache.get_or_set(timeline_key(petition.pk, language), lambda: _read(petition, language), TIMELINE_SECONDS)


def timeline_data(petition, language: str) -> dict:
    """For data.json: the timeline with ISO dates, the outcome and the targets, no personal data."""
    from awaz.outcomes.models import Target

    from awaz.core.links import absolute_url

    events = []
    for event in petition_timeline(petition, language):
        event = {**event, "date": event["date"].isoformat()}
        for key in ("photo_url", "document_url"):
            if event.get(key):
                event[key] = absolute_url(event[key])
        events.append(event)
    outcome = next((event["outcome"] for event in events if event["kind"] == "outcome"), None)
    targets = []
    for target in Target.objects.filter(petition=petition).prefetch_related("translations"):
        text = target.text(language)
        if text:
            targets.append({"name": text.name, "role": text.role, "organization": text.organization,
                            "contact": target.public_contact, "language": text.language})
    return {"targets": targets, "timeline": events, "outcome": outcome}
