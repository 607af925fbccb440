"""Every studio view, every role: the access helper refuses on the server what a role may not do."""

import pytest
from django.urls import URLPattern, reverse

from awaz.studio import urls as studio_urls
from awaz.studio.access import PERMISSIONS
from tests.factories import make_member, make_organization, make_petition

ROLES = ["owner", "editor", "moderator", "viewer"]


def _studio_views():
    return [p for p in studio_urls.urlpatterns if isinstance(p, URLPattern) and hasattr(p.callback, "studio_permission")]


def _url(pattern, organization, petition, membership) -> str:
    kwargs = {"org": organization.slug}
    for name in pattern.pattern.converters:
        if name == "petition_id":
            kwargs[name] = petition.pk
        elif name == "membership_id":
            kwargs[name] = membership.pk
        elif name == "language":
            kwargs[name] = "fr"
        elif name != "org":
            kwargs[name] = 1
    return reverse(f"studio:{pattern.name}", kwargs=kwargs)


def test_it_has_views_to_check():
    assert len(_studio_views()) >= 3


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_it_refuses_what_each_role_may_not_do(client, role):
    organization = make_organization()
    petition = make_petition(organization=organization, status="draft")
    member = make_member(organization, role=role)
    other = make_member(organization, role="viewer")
    client.force_login(member.user)
    for pattern in _studio_views():
        url = _url(pattern, organization, petition, other)
        allowed = pattern.callback.studio_permission in PERMISSIONS[role]
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            refused = response.status_code == 403
            may = allowed and not (method == "post" and pattern.callback.studio_permission == "view")
            assert refused == (not may), f"{role} {method.upper()} {url}: {response.status_code}"


@pytest.mark.django_db
def test_it_refuses_every_post_of_a_viewer(client):
    organization = make_organization()
    petition = make_petition(organization=organization)
    viewer = make_member(organization, role="viewer")
    client.force_login(viewer.user)
    for pattern in _studio_views():
        response = client.post(_url(pattern, organization, petition, viewer), {"confirmed": "yes"})
        assert response.status_code == 403, pattern.name


@pytest.mark.django_db
def test_it_hides_another_organizations_petition_from_an_editor(client):
    mine, theirs = make_organization(), make_organization()
    their_petition = make_petition(organization=theirs, status="draft")
    editor = make_member(mine, role="editor")
    client.force_login(editor.user)
    for pattern in _studio_views():
        if "petition_id" not in pattern.pattern.converters:
            continue
        for organization in (mine, theirs):
            url = _url(pattern, organization, their_petition, editor)
            # 404 wherever an editor may go; where the role may not, the 403 comes first.
            expected = 404 if pattern.callback.studio_permission in PERMISSIONS["editor"] or organization == theirs else 403
            assert client.get(url).status_code == expected, url
            # A view that only shows refuses every POST first (403); the others do not find it.
            assert client.post(url, {"confirmed": "yes"}).status_code in {403, 404}, url
    their_petition.refresh_from_db()
    assert their_petition.status == "draft"


@pytest.mark.django_db
def test_it_answers_404_for_an_organization_one_does_not_belong_to(client):
    mine, theirs = make_organization(), make_organization()
    owner = make_member(mine, role="owner")
    client.force_login(owner.user)
    assert client.get(reverse("studio:dashboard", args=[theirs.slug])).status_code == 404
    assert client.get(reverse("studio:team", args=[theirs.slug])).status_code == 404


@pytest.mark.django_db
def test_it_sends_visitors_to_the_studio_login(client):
    organization = make_organization()
    response = client.get(reverse("studio:dashboard", args=[organization.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("studio_login:login"))


@pytest.mark.django_db
def test_it_cannot_remove_a_member_of_another_organization(client):
    mine, theirs = make_organization(), make_organization()
    owner = make_member(mine, role="owner")
    stranger = make_member(theirs, role="editor")
    client.force_login(owner.user)
    response = client.post(reverse("studio:member_remove", args=[mine.slug, stranger.pk]))
    assert response.status_code == 404
    assert stranger.__class__.objects.filter(pk=stranger.pk).exists()
