"""Issue #10 item 13: every absolute link comes from AWAZ_BASE_URL, never from the Host header,
so a hostile Host cannot get into a cached page (or an email) that everyone else then sees."""

import pytest
from django.core import mail
from django.core.cache import cache

from tests.factories import link_from_email, make_post, make_tag, sign_form_data

HOSTILE = {"HTTP_HOST": "127.0.0.1:6666"}


@pytest.fixture
def site(db, petition, settings):
    settings.BASE_URL = "https://petitions.example.org"
    tag = make_tag()
    post = make_post(tags=[tag])
    return petition, post, tag


def _paths(petition, post, tag) -> list[str]:
    slug = petition.slug
    return [
        "/en/", "/ar/", "/en/petitions/", f"/en/petitions/{slug}/", f"/ar/petitions/{slug}/",
        f"/en/petitions/{slug}/thanks/", f"/en/petitions/{slug}/count.json", f"/en/petitions/{slug}/data.json",
        "/en/news/", f"/en/news/{post.slug}/", f"/en/news/tags/{tag.slug}/", "/en/news/feed/", "/en/news/feed/atom/",
        f"/en/news/tags/{tag.slug}/feed/", f"/en/news/tags/{tag.slug}/feed/atom/", "/en/search/?q=protect",
        f"/en/organizations/{petition.organization.slug}/", "/sitemap.xml", "/admin/login/",
    ]


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_it_builds_no_link_from_the_hosts_port(client, site):
    petition, post, tag = site
    for path in _paths(petition, post, tag):
        cache.clear()
        response = client.get(path, **HOSTILE)
        assert response.status_code == 200, path
        assert b"6666" not in _body(response), path


def test_it_puts_the_configured_address_in_share_links(client, site):
    petition, _post, _tag = site
    page = client.get(f"/en/petitions/{petition.slug}/", **HOSTILE).content.decode()
    assert f'value="https://petitions.example.org/en/petitions/{petition.slug}/"' in page
    data = client.get(f"/en/petitions/{petition.slug}/data.json", **HOSTILE).json()
    assert data["url"] == f"https://petitions.example.org/en/petitions/{petition.slug}/"


def test_it_serves_no_poisoned_page_from_the_cache(client, site):
    petition, _post, _tag = site
    client.get(f"/en/petitions/{petition.slug}/", **HOSTILE)
    # The next visitor, with an honest Host, within the page cache's second.
    assert b"6666" not in client.get(f"/en/petitions/{petition.slug}/").content


def test_it_builds_email_links_from_the_configured_address(client, site, django_capture_on_commit_callbacks):
    petition, _post, _tag = site
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/petitions/{petition.slug}/sign/", sign_form_data(petition), **HOSTILE)
    assert response.status_code == 302
    assert "6666" not in response["Location"]
    (message,) = mail.outbox
    assert "6666" not in message.body
    assert "https://petitions.example.org/" in message.body
    link_from_email(message, "confirm")
