"""The studio's comment moderation queue: a moderator approves or hides the comments signers
want shown on their organization's petitions, and never sees another organization's."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from awaz.petitions.models import Petition
from awaz.signatures.models import Signature
from awaz.studio.models import AuditEntry
from tests.factories import make_member, make_organization, make_pending_signature, make_petition

pytestmark = pytest.mark.django_db
COMMENT = "My grandmother was taken for a blood sample"


def _commented(petition, email="a@example.org", comment=COMMENT):
    signature, _token = make_pending_signature(petition, email=email, comment=comment, confirmed_at=timezone.now(),
                                               show_publicly=True, comment_shown=True)
    return signature


def _public_page(client, petition) -> str:
    cache.clear()
    client.logout()
    return client.get(f"/en/petitions/{petition.slug}/").content.decode()


@pytest.fixture
def moderator(organization):
    return make_member(organization, role="moderator")


def test_a_moderator_sees_the_comments_waiting_on_their_organizations_petitions(client, organization, moderator):
    petition = make_petition(organization=organization)
    _commented(petition)
    other = make_petition()  # another organization's
    _commented(other, comment="Somebody else's comment")
    client.force_login(moderator.user)
    page = client.get(reverse("studio:comments", args=[organization.slug])).content.decode()
    assert COMMENT in page and "1 comment waiting" in page
    assert "Somebody else" not in page


def test_a_moderator_of_one_organization_cannot_see_or_touch_anothers_queue(client, organization, moderator):
    elsewhere = make_organization(slug="elsewhere")
    their_petition = make_petition(organization=elsewhere)
    theirs = _commented(their_petition)
    client.force_login(moderator.user)
    assert client.get(reverse("studio:comments", args=[elsewhere.slug])).status_code == 404
    assert client.post(reverse("studio:comments", args=[elsewhere.slug]), {"decision": "approve", "signature": theirs.pk}).status_code == 404
    # Their signature's id sent to one's own queue changes nothing either.
    client.post(reverse("studio:comments", args=[organization.slug]), {"decision": "approve", "signature": theirs.pk})
    assert Signature.objects.get(pk=theirs.pk).comment_approved_at is None
    assert COMMENT not in _public_page(client, their_petition)


def test_approving_shows_the_comment_on_the_public_page_and_is_audited(client, organization, moderator):
    petition = make_petition(organization=organization)
    signature = _commented(petition)
    assert COMMENT not in _public_page(client, petition)
    client.force_login(moderator.user)
    response = client.post(reverse("studio:comments", args=[organization.slug]),
                           {"decision": "approve", "signature": signature.pk}, follow=True)
    assert "1 comment approved" in response.content.decode()
    assert "Nothing is waiting." in response.content.decode()
    assert COMMENT in _public_page(client, petition)
    entry = AuditEntry.objects.get(action="comments_approved")
    assert (entry.actor, entry.petition, entry.rows) == (moderator.user, petition, 1)
    assert COMMENT not in entry.detail


def test_hiding_keeps_the_comment_off_the_page_for_good(client, organization, moderator):
    petition = make_petition(organization=organization)
    signature = _commented(petition)
    client.force_login(moderator.user)
    client.post(reverse("studio:comments", args=[organization.slug]), {"decision": "hide", "signature": signature.pk})
    assert COMMENT not in _public_page(client, petition)
    assert not Signature.objects.get(pk=signature.pk).comment_shown
    assert AuditEntry.objects.filter(action="comments_hidden", rows=1).exists()
    # Switching pre-moderation off later does not bring it back.
    Petition.objects.filter(pk=petition.pk).update(comments_premoderated=False)
    assert COMMENT not in _public_page(client, petition)


def test_a_comment_shown_without_pre_moderation_can_be_hidden_afterwards(client, organization, moderator):
    petition = make_petition(organization=organization, comments_premoderated=False)
    signature = _commented(petition)
    assert COMMENT in _public_page(client, petition)
    client.force_login(moderator.user)
    page = client.get(reverse("studio:comments", args=[organization.slug])).content.decode()
    assert "Shown on the petitions" in page and COMMENT in page
    client.post(reverse("studio:comments", args=[organization.slug]), {"decision": "hide", "signature": signature.pk})
    assert COMMENT not in _public_page(client, petition)


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_roles_without_moderation_cannot_use_the_queue(client, organization, role):
    member = make_member(organization, role=role)
    signature = _commented(make_petition(organization=organization))
    client.force_login(member.user)
    url = reverse("studio:comments", args=[organization.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, {"decision": "approve", "signature": signature.pk}).status_code == 403
    assert Signature.objects.get(pk=signature.pk).comment_approved_at is None


def test_the_editor_switches_pre_moderation_per_petition_and_it_is_audited(studio_client, organization, owner):
    petition = make_petition(organization=organization)
    _commented(petition)
    url = reverse("studio:petition_edit", args=[organization.slug, petition.pk])
    form = studio_client.get(url).context["form"]
    assert form.initial["comments_premoderated"] is True
    data = {name: value for name, value in form.initial.items() if value is not None and name != "comments_premoderated"}
    data["featured"] = ""
    response = studio_client.post(url, data)
    assert response.status_code == 302
    assert Petition.objects.get(pk=petition.pk).comments_premoderated is False
    entry = AuditEntry.objects.get(action="moderation_changed")
    assert (entry.actor, entry.petition, entry.detail) == (owner.user, petition, "off")
    assert COMMENT in _public_page(studio_client, petition)
