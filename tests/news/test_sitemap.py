import xml.etree.ElementTree as ET

import pytest
from django.conf import settings

from awaz.news.models import Post
from awaz.petitions.models import Petition
from tests.factories import make_petition, make_post

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def _sitemap(client) -> dict[str, list[tuple[str, str]]]:
    response = client.get("/sitemap.xml", HTTP_HOST="localhost")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{SM}urlset"
    return {
        url.findtext(f"{SM}loc"): [(link.get("hreflang"), link.get("href")) for link in url.findall(f"{XHTML}link")]
        for url in root.findall(f"{SM}url")
    }


def test_it_lists_public_posts_and_petitions_in_every_language_with_alternates(client):
    post = make_post()
    petition = make_petition()

    urls = _sitemap(client)

    for code, _ in settings.LANGUAGES:
        assert f"https://awaz.example/{code}/news/{post.slug}/" in urls
        assert f"https://awaz.example/{code}/petitions/{petition.slug}/" in urls
    alternates = dict(urls[f"https://awaz.example/fr/news/{post.slug}/"])
    assert len(alternates) == len(settings.LANGUAGES) + 1
    assert alternates["ar"] == f"https://awaz.example/ar/news/{post.slug}/"
    assert alternates["x-default"] == f"https://awaz.example/news/{post.slug}/"
    assert "https://awaz.example/en/" in urls and "https://awaz.example/en/news/" in urls


def test_it_leaves_out_drafts(client):
    draft = make_post(status=Post.Status.DRAFT)
    petition = make_petition(status=Petition.Status.DRAFT)

    urls = _sitemap(client)

    assert not any(draft.slug in url or petition.slug in url for url in urls)


def test_it_uses_base_url_not_the_requests_host(client):
    make_post()

    urls = _sitemap(client)

    assert urls and all(url.startswith("https://awaz.example/") for url in urls)
