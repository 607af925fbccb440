"""The emails of outcomes, one function each. None of them carries any signer's data except
the one to the signer themself (the update email, with its unsubscribe link)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from awaz.core.languages import format_number
from awaz.core.mail import build_email, send_now
from awaz.defences.models import AlertLanguage
from awaz.outcomes.models import CampaignTeam, Outcome, Response, Target, Threshold
from awaz.petitions.models import Role


def _petition_text(petition, language):
    text, _ = petition.translated(language)
    return text


def _title(petition, language) -> str:
    text = _petition_text(petition, language)
    return text.title if text else petition.slug


def team_addresses(organization) -> list[str]:
    """Who hears that a threshold was crossed: the campaign team's addresses if set, else the
    organization's owners and editors (awaz.studio memberships), else the site's owners."""
    team = CampaignTeam.objects.filter(organization=organization).first()
    addresses = team.alert_list() if team else []
    if addresses:
        return addresses
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    members = users.filter(memberships__organization=organization, memberships__role__in=[Role.OWNER, Role.EDITOR])
    chosen = members if members.exists() else users.filter(is_superuser=True)
    return sorted(set(chosen.values_list("email", flat=True)))


def team_recipients(organization) -> list[tuple[str, str]]:
    """(address, language) of whoever hears that a threshold was crossed: each in the language
    they chose for alerts (the studio's Defences page) if the address is an account's, else the
    site's."""
    return AlertLanguage.objects.recipients(team_addresses(organization),
                                            get_user_model().objects.filter(is_active=True))


def reply_to(organization) -> list[str]:
    team = CampaignTeam.objects.filter(organization=organization).first()
    return [team.reply_to] if team and team.reply_to else []


def team_alert(threshold_id: int) -> None:
    threshold = Threshold.objects.select_related("petition__organization").filter(pk=threshold_id).first()
    if threshold is None:
        return
    for address, language in team_recipients(threshold.petition.organization):
        send_now(build_email("outcomes_team_alert", address, _team_alert_context(threshold, language), language),
                 "Team alert email")


def _team_alert_context(threshold: Threshold, language: str) -> dict:
    petition = threshold.petition
    return {
        "petition_title": _title(petition, language),
        "threshold": format_number(threshold.count, language),
        "count": format_number(threshold.reached_count or 0, language),
        "emailed_targets": threshold.email_targets,
        "marked_ready": threshold.mark_ready,
        "admin_url": settings.BASE_URL + reverse("admin:outcomes_threshold_change", args=[threshold.pk]),
        "petition_url": settings.BASE_URL + _localized(petition.get_absolute_url, language),
    }


def _localized(get_url, language: str) -> str:
    with translation.override(language):
        return get_url()


def target_context(threshold: Threshold, target: Target, language: str) -> dict:
    """What a target is told: the count and the petition's text. Nothing about any signer."""
    petition = threshold.petition
    text = _petition_text(petition, language)
    person = target.text(language)
    return {
        "target_name": person.name if person else "",
        "organization": petition.organization.name,
        "petition_title": text.title if text else petition.slug,
        "petition_summary": text.summary if text else "",
        "petition_body": text.body if text else "",
        "count": format_number(threshold.reached_count or 0, language),
        "petition_url": settings.BASE_URL + _localized(petition.get_absolute_url, language),
    }


def target_threshold(threshold_id: int, target_id: int) -> None:
    threshold = Threshold.objects.select_related("petition__organization").filter(pk=threshold_id).first()
    target = Target.objects.filter(pk=target_id, petition_id=getattr(threshold, "petition_id", None)).first()
    if threshold is None or target is None or not target.email:
        return
    language = target.language or threshold.petition.original_language
    message = build_email("outcomes_target_threshold", target.email, target_context(threshold, target, language), language)
    message.reply_to = reply_to(threshold.petition.organization)
    send_now(message, f"Threshold email to target {target_id}")


def signer_announcement(kind: str, pk: int, signature_id: int) -> None:
    """A published response or a declared outcome, in the signer's language, through the
    petition update email (awaz.news) with its one-click unsubscribe."""
    from awaz.core.onion import base_url
    from awaz.signatures import personal_data
    from awaz.signatures.models import Signature
    from awaz.signatures.personal_data import Purpose
    from awaz.signatures.sealing import update_address
    from awaz.signatures.services import subscriber_link

    item = (Response if kind == "response" else Outcome).objects.select_related("petition").filter(pk=pk).first()
    signers = Signature.objects.filter(
        pk=signature_id, wants_updates=True, confirmed_at__isnull=False, petition_id=getattr(item, "petition_id", None)
    )
    signature = personal_data.load(signers, Purpose.EMAIL, "name", "email").first()
    if item is None or signature is None:
        return  # withdrawn, erased or unsubscribed since it was queued
    from awaz.outcomes.timeline import announcement_text

    address = update_address(signature)  # a sealed signer's separate update record
    if address is None:
        return
    language = signature.language
    token = subscriber_link(signature)
    with translation.override(language):
        title, summary = announcement_text(kind, item, language)
        base = base_url(signature.via_onion)
        unsubscribe_url = base + reverse("signatures:unsubscribe", args=[token])
        petition_url = base + item.petition.get_absolute_url() + "#timeline"
    context = {
        "name": signature.name,
        "post_title": title,
        "post_summary": summary,
        "post_url": petition_url,
        "petition_title": _title(item.petition, language),
        "unsubscribe_url": unsubscribe_url,
    }
    message = build_email("petition_update", address, context, language)
    # RFC 8058, as for news updates.
    message.extra_headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
    message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    send_now(message, f"Announcement email for signature {signature_id}")
