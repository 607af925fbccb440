"""The studio's Defences page and review queue: moderators add and switch off rules, release and
remove held signatures; other roles and other organizations get nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from awaz.defences import rules
from awaz.defences.models import Decision, Rule
from awaz.defences.services import rule_add
from awaz.signatures.models import Signature
from tests.defences.helpers import public_numbers
from tests.factories import link_from_email, make_member, make_petition, sign_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_client(client, organization):
    member = make_member(organization, role="moderator", email="mod@example.org")
    client.force_login(member.user)
    return client


@pytest.fixture
def open_petition(organization):
    return make_petition(organization=organization)


def test_a_moderator_adds_a_rule_that_applies_at_once(moderator_client, organization, open_petition):
    page = f"/studio/{organization.slug}/defences/"
    response = moderator_client.get(page + "?kind=network_tag&value=3fa2")
    assert response.status_code == 200
    assert 'value="3fa2"' in response.content.decode()
    response = moderator_client.post(page, {"form": "rule", "kind": "network", "value": "198.51.100.0/24",
                                            "window": "3600", "effect": "quarantine", "petition": ""}, follow=True)
    assert "Every server applies it within" in response.content.decode()
    rule = Rule.objects.get()
    assert (rule.organization, rule.kind, rule.value, rule.created_by.username) == (
        organization, "network", "198.51.100.0/24", "mod@example.org")
    moderator_client.post(f"/en/petitions/{open_petition.slug}/sign/", sign_form_data(open_petition),
                          REMOTE_ADDR="198.51.100.9")
    assert Signature.objects.get().held_at is not None


def test_a_bad_rule_is_explained_on_the_form(moderator_client, organization):
    response = moderator_client.post(f"/studio/{organization.slug}/defences/",
                                     {"form": "rule", "kind": "network", "value": "nonsense", "window": "3600",
                                      "effect": "quarantine"})
    assert response.status_code == 200
    assert "Not a network" in response.content.decode()
    assert Rule.objects.count() == 0


def test_a_moderator_switches_a_rule_off(moderator_client, organization):
    rule = rule_add(actor=None, kind="network", value="198.51.100.0/24", effect="quarantine", organization=organization)
    moderator_client.post(f"/studio/{organization.slug}/defences/", {"form": "off", "rule": rule.pk})
    rule.refresh_from_db()
    assert rule.active is False
    assert Decision.objects.filter(action=Decision.Action.RULE_SWITCHED_OFF, rule=rule).exists()


def test_another_organizations_rule_cannot_be_switched_off(moderator_client, organization):
    other = make_member(role="owner").organization
    rule = rule_add(actor=None, kind="network", value="198.51.100.0/24", effect="quarantine", organization=other)
    response = moderator_client.post(f"/studio/{organization.slug}/defences/", {"form": "off", "rule": rule.pk})
    assert response.status_code == 404
    rule.refresh_from_db()
    assert rule.active is True


def test_an_editor_may_not_see_the_defences(client, organization):
    client.force_login(make_member(organization, role="editor").user)
    assert client.get(f"/studio/{organization.slug}/defences/").status_code == 403


def test_site_wide_rules_are_for_staff_only(client, organization):
    member = make_member(organization, role="owner")
    client.force_login(member.user)
    assert client.get("/studio/site/defences/").status_code == 403
    staff = get_user_model().objects.create_user(username="ops", email="ops@example.org", is_staff=True)
    client.force_login(staff)
    response = client.post("/studio/site/defences/", {"form": "rule", "kind": "domain", "value": "*.flood.example",
                                                       "window": "3600", "effect": "quarantine"})
    assert response.status_code == 302
    assert Rule.objects.get().organization is None



def test_the_queue_releases_ticked_signatures_and_counts_them(moderator_client, organization, open_petition,
                                                             django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    rule_add(actor=None, kind="network", value="198.51.100.0/24", effect="quarantine", organization=organization)
    rules.forget()
    for i in range(3):
        with capture(execute=True):
            moderator_client.post(f"/en/petitions/{open_petition.slug}/sign/",
                                  sign_form_data(open_petition, email=f"h{i}@example.org"), REMOTE_ADDR="198.51.100.9")
        if i < 2:
            with capture(execute=True):
                moderator_client.post(link_from_email(mail.outbox[-1], "confirm"))
    queue = f"/studio/{organization.slug}/petitions/{open_petition.pk}/held/"
    page = moderator_client.get(queue + "?confirmed=yes").content.decode()
    assert "2 signatures held for review." in page
    assert "h0@example.org" not in page  # no address in the queue
    ids = list(Signature.objects.held().filter(held_confirmed_at__isnull=False).values_list("pk", flat=True))
    with capture(execute=True):
        response = moderator_client.post(queue + "?confirmed=yes", {"decision": "release", "signatures": ids})
    assert response.status_code == 302
    assert public_numbers(moderator_client, open_petition)["count"] == 2
    response = moderator_client.post(queue, {"decision": "remove", "everything": "on", "reason": "flood"}, follow=True)
    assert "1 signature removed." in response.content.decode()
    assert Signature.objects.held().count() == 0
    assert public_numbers(moderator_client, open_petition) == {"count": 2, "data": 2, "log": 2, "removed": 1}


def test_a_removal_for_other_reasons_needs_a_note(moderator_client, organization, open_petition):
    rule_add(actor=None, kind="network", value="198.51.100.0/24", effect="quarantine", organization=organization)
    rules.forget()
    moderator_client.post(f"/en/petitions/{open_petition.slug}/sign/", sign_form_data(open_petition),
                          REMOTE_ADDR="198.51.100.9")
    queue = f"/studio/{organization.slug}/petitions/{open_petition.pk}/held/"
    response = moderator_client.post(queue, {"decision": "remove", "everything": "on", "reason": "other"})
    assert response.status_code == 200
    assert Signature.objects.held().count() == 1


def test_another_organizations_queue_is_a_404(moderator_client, organization):
    elsewhere = make_petition()
    assert moderator_client.get(f"/studio/{organization.slug}/petitions/{elsewhere.pk}/held/").status_code == 404


def test_the_alert_language_is_saved(moderator_client, organization):
    from awaz.defences.models import AlertLanguage

    moderator_client.post(f"/studio/{organization.slug}/defences/", {"form": "language", "language": "ug"})
    assert AlertLanguage.objects.get().language == "ug"
