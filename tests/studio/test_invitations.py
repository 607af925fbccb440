import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from awaz.studio.models import AuditEntry, Invitation, Membership
from tests.factories import make_member


def _link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/studio/invitation/[A-Za-z0-9_-]+/)", message.body)
    assert match, message.body
    return match.group(1)


def _invite(client, organization, email="new@example.org", role="editor"):
    with_commit = client.post(reverse("studio:team", args=[organization.slug]), {"email": email, "role": role})
    return with_commit


@pytest.mark.django_db(transaction=True)
def test_it_emails_a_single_use_link_that_acts_only_on_post(studio_client, organization):
    response = _invite(studio_client, organization, "Nur@Example.org")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nur@example.org"]
    link = _link(mail.outbox[0])
    invitation = Invitation.objects.get()
    assert invitation.token_hash and link.split("/")[-2] not in invitation.token_hash

    client = studio_client.__class__()
    page = client.get(link)
    assert page.status_code == 200
    assert b"Accept the invitation" in page.content
    assert not Membership.objects.filter(user__username="nur@example.org").exists()

    accepted = client.post(link, {"password1": "a long enough passphrase", "password2": "a long enough passphrase"})
    assert accepted.status_code == 302
    user = get_user_model().objects.get(username="nur@example.org")
    assert user.check_password("a long enough passphrase")
    assert Membership.objects.get(user=user).role == "editor"
    assert AuditEntry.objects.filter(action="joined", actor=user).exists()

    again = client.post(link, {"password1": "another long passphrase", "password2": "another long passphrase"})
    assert again.status_code == 404
    user.refresh_from_db()
    assert user.check_password("a long enough passphrase")


@pytest.mark.django_db(transaction=True)
def test_it_refuses_an_expired_link(studio_client, organization):
    _invite(studio_client, organization)
    link = _link(mail.outbox[0])
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = studio_client.__class__().post(link, {"password1": "a long enough passphrase", "password2": "a long enough passphrase"})
    assert response.status_code == 404
    assert not get_user_model().objects.filter(username="new@example.org").exists()


@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_short_password_and_keeps_the_link(studio_client, organization):
    _invite(studio_client, organization)
    link = _link(mail.outbox[0])
    client = studio_client.__class__()
    response = client.post(link, {"password1": "short", "password2": "short"})
    assert response.status_code == 200
    assert "Use at least 12 characters." in response.content.decode()
    assert Invitation.objects.get().accepted_at is None


@pytest.mark.django_db(transaction=True)
def test_it_adds_an_existing_account_without_a_new_password(studio_client, organization):
    other = make_member(role="owner", email="already@example.org")
    _invite(studio_client, organization, "already@example.org", role="viewer")
    response = studio_client.__class__().post(_link(mail.outbox[0]))
    assert response.status_code == 302
    assert Membership.objects.get(user=other.user, organization=organization).role == "viewer"


@pytest.mark.django_db(transaction=True)
def test_it_writes_the_invitation_in_the_inviters_language(studio_client, organization):
    studio_client.cookies["awaz_language"] = "fr"
    _invite(studio_client, organization)
    assert "Awaz" in mail.outbox[0].subject
    assert "invit" in mail.outbox[0].subject.lower()
    assert "You are invited" not in mail.outbox[0].subject


@pytest.mark.django_db
def test_the_command_invites_the_first_owner_of_a_new_organization(capsys):
    call_command("invite", "first@example.org", "--org", "diaspora-group", "--role", "owner", "--name", "Diaspora Group")
    invitation = Invitation.objects.get()
    assert invitation.organization.slug == "diaspora-group"
    assert invitation.organization.name == "Diaspora Group"
    assert invitation.role == "owner"
    assert len(mail.outbox) == 1
    assert "first@example.org" in mail.outbox[0].to
    assert "/studio/invitation/" in mail.outbox[0].body
    assert "diaspora-group" in capsys.readouterr().out


def test_the_invitation_token_never_reaches_the_log():
    import logging

    from awaz.core.logging import RedactTokens

    record = logging.LogRecord("django.request", logging.WARNING, "", 0, "Not Found: %s", ("/studio/invitation/SeCrEtToKeN123456789/",), None)
    RedactTokens().filter(record)
    assert "SeCrEtToKeN" not in record.getMessage()


@pytest.mark.django_db
def test_the_command_refuses_a_bad_address():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("invite", "not-an-address", "--org", "x")
    assert not Invitation.objects.exists()
