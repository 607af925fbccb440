"""Organization settings (sender, reply-to, brand colour, descriptions) and the audit log."""

import pytest
from django.core import mail
from django.urls import reverse

from awaz.core.mail import build_email
from awaz.studio.models import AuditEntry
from tests.factories import make_member, make_petition, sign_form_data

pytestmark = pytest.mark.django_db


def _settings(client, organization, **overrides):
    data = {"name": organization.name, "website": "https://uyghur-voices.example", "reply_to": "team@uyghur-voices.example",
            "time_zone": "Europe/Berlin", "brand_colour": "#0b4f8a", "description_en": "We speak up.",
            "description_fr": "Nous prenons la parole."}
    data.update(overrides)
    return client.post(reverse("studio:settings", args=[organization.slug]), data)


def test_it_saves_the_settings_and_audits_them(studio_client, organization):
    assert _settings(studio_client, organization).status_code == 302
    organization.refresh_from_db()
    assert organization.reply_to == "team@uyghur-voices.example" and organization.time_zone == "Europe/Berlin"
    assert organization.described("fr") == "Nous prenons la parole."
    assert organization.described("ja") == "We speak up."
    assert AuditEntry.objects.filter(action="settings_changed").exists()


def test_the_public_page_shows_the_description_in_the_readers_language(studio_client, client, organization):
    _settings(studio_client, organization)
    from django.test import Client

    assert "Nous prenons la parole." in Client().get(f"/fr/organizations/{organization.slug}/").content.decode()


@pytest.mark.parametrize("colour", ["#ffff00", "#7fb3ff", "#999999"])
def test_it_refuses_a_brand_colour_white_text_cannot_be_read_on(studio_client, organization, colour):
    response = _settings(studio_client, organization, brand_colour=colour)
    assert response.status_code == 200
    assert "at least 4.5 to 1" in response.content.decode()
    organization.refresh_from_db()
    assert organization.brand_colour == ""


def test_it_accepts_a_dark_enough_brand_colour(studio_client, organization):
    _settings(studio_client, organization, brand_colour="#8A1538")
    organization.refresh_from_db()
    assert organization.brand_colour == "#8a1538"


def test_emails_come_from_the_organization_via_awaz_with_its_reply_to(settings, organization):
    settings.DEFAULT_FROM_EMAIL = "Awaz <no-reply@awaz.example>"
    organization.reply_to = "team@uyghur-voices.example"
    organization.brand_colour = "#8a1538"
    message = build_email("petition_update", "signer@example.org", {"name": "A", "post_title": "T", "post_url": "/",
                          "petition_title": "P", "unsubscribe_url": "/"}, "en", organization=organization)
    assert message.from_email == "Uyghur Voices via Awaz <no-reply@awaz.example>"
    assert message.reply_to == ["team@uyghur-voices.example"]
    assert "#8a1538" in message.alternatives[0][0]
    assert build_email("petition_update", "s@example.org", {}, "en").from_email == "Awaz <no-reply@awaz.example>"


def test_the_confirmation_email_is_sent_for_the_organization(settings, client, organization, django_capture_on_commit_callbacks):
    settings.DEFAULT_FROM_EMAIL = "Awaz <no-reply@awaz.example>"
    organization.reply_to = "team@uyghur-voices.example"
    organization.save()
    petition = make_petition(organization=organization)
    from awaz.signatures.outbox import relay_due_confirmations

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/petitions/{petition.slug}/sign/", sign_form_data(petition))
    relay_due_confirmations()  # what the worker does
    sent = [m for m in mail.outbox if "amina@example.org" in m.to]
    assert sent, "no confirmation email"
    assert "Uyghur Voices via Awaz" in sent[0].from_email
    assert sent[0].reply_to == ["team@uyghur-voices.example"]


def test_the_audit_log_is_for_owners_and_filters(studio_client, client, organization, owner):
    petition = make_petition(organization=organization, status="draft")
    AuditEntry.objects.create(organization=organization, actor=owner.user, actor_name=owner.user.username,
                              action="exported", petition=petition, rows=12)
    AuditEntry.objects.create(organization=organization, actor=owner.user, actor_name=owner.user.username,
                              action="settings_changed")
    url = reverse("studio:audit", args=[organization.slug])
    everything = studio_client.get(url)
    assert len(everything.context["rows"]) == 2
    exports = studio_client.get(url + "?action=exported")
    assert [entry.action for entry, _when in exports.context["rows"]] == ["exported"]
    assert len(studio_client.get(url + f"?petition={petition.pk}").context["rows"]) == 1

    editor = make_member(organization, role="editor")
    client.force_login(editor.user)
    assert client.get(url).status_code == 403
