"""The studio's switches page: owners and moderators of the petition's organization only."""

import pytest

from awaz.core import switches
from awaz.operations.models import SwitchChange
from tests.factories import make_member, make_organization, make_petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def organization():
    return make_organization(slug="uyghur-voices")


def _url(petition):
    return f"/studio/{petition.organization.slug}/petitions/{petition.pk}/switches/"


@pytest.mark.parametrize("role", ["owner", "moderator"])
def test_it_lets_owners_and_moderators_pause_signing(client, organization, role):
    petition = make_petition(organization=organization)
    member = make_member(organization, role=role)
    client.force_login(member.user)
    assert client.get(_url(petition)).status_code == 200
    response = client.post(_url(petition), {"paused": "on", "pause_reason": "attack", "hide_recent": "on"})
    assert response.status_code == 302
    assert switches.signing_pause(petition.pk).reason == "attack"
    assert switches.petition_switches(petition.pk).hide_recent
    assert set(SwitchChange.objects.values_list("switch", "via", "operator_name")) == {
        ("pause", "studio", member.user.username), ("hide_recent", "studio", member.user.username)}


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_it_refuses_other_roles(client, organization, role):
    petition = make_petition(organization=organization)
    client.force_login(make_member(organization, role=role).user)
    assert client.post(_url(petition), {"paused": "on", "pause_reason": "attack"}).status_code == 403
    assert switches.signing_pause(petition.pk) is None


def test_another_organizations_petition_is_a_404(client, organization):
    other = make_petition()
    client.force_login(make_member(organization, role="owner").user)
    url = f"/studio/{organization.slug}/petitions/{other.pk}/switches/"
    assert client.post(url, {"paused": "on", "pause_reason": "attack"}).status_code == 404
    assert switches.signing_pause(other.pk) is None


def test_a_pause_needs_a_reason(client, organization):
    petition = make_petition(organization=organization)
    client.force_login(make_member(organization, role="owner").user)
    response = client.post(_url(petition), {"paused": "on"})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert not SwitchChange.objects.exists()


def test_staff_set_the_site_wide_banner_in_the_admin(admin_client):
    response = admin_client.post("/admin/operations/siteswitch/1/change/", {
        "banner": "Signing emails are slow tonight.", "banner_language": "en", "pause_reason": "", "resume_at_0": "",
        "resume_at_1": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert switches.site_switches().banner == "Signing emails are slow tonight."
    assert SwitchChange.objects.get().switch == "banner"
