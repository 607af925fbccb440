import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from awaz.news.models import Post
from tests.factories import make_post, make_tag

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _rss(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    # RSS 2.0: a channel needs title, link and description; an item needs a title or description.
    for required in ("title", "link", "description"):
        assert channel.findtext(required), required
    for item in channel.findall("item"):
        assert item.findtext("title") and item.findtext("description") is not None
        assert item.findtext("link").startswith("https://awaz.example/")
        assert item.find("guid").get("isPermaLink") == "true"
        assert item.findtext("pubDate")
    return channel


def _atom(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    # Atom: a feed needs id, title and updated, and an author unless every entry has one;
    # an entry needs id, title, updated and (without content) an alternate link.
    for required in ("id", "title", "updated"):
        assert feed.findtext(f"{ATOM}{required}"), required
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    self_link = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link and self_link[0].get("href").startswith("https://awaz.example/")
    for entry in feed.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{required}"), required
        assert entry.find(f"{ATOM}link").get("href").startswith("https://awaz.example/")
    return feed


def test_the_rss_feed_is_valid_and_lists_public_posts_newest_first(client, days_ago):
    make_post(publish_at=days_ago(2), translations={"en": {"title": "Older", "body": "Text with [a link](/en/petitions/)."}})
    make_post(publish_at=days_ago(1), translations={"en": {"title": "Newer", "body": "Text."}})
    make_post(status=Post.Status.DRAFT, translations={"en": {"title": "Draft", "body": "x"}})
    make_post(status=Post.Status.SCHEDULED, publish_at=timezone.now() + timedelta(hours=1), translations={"en": {"title": "Later", "body": "x"}})

    channel = _rss(client, "/en/news/feed/")

    assert [item.findtext("title") for item in channel.findall("item")] == ["Newer", "Older"]
    assert channel.findtext("link") == "https://awaz.example/en/news/"
    assert channel.findtext("language") == "en"
    assert 'href="https://awaz.example/en/petitions/"' in channel.findall("item")[1].findtext("description")


def test_the_atom_feed_is_valid(client):
    post = make_post(translations={"en": {"title": "An entry", "body": "Text."}})

    feed = _atom(client, "/en/news/feed/atom/")

    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["An entry"]
    assert entries[0].findtext(f"{ATOM}id") == f"https://awaz.example/en/news/{post.slug}/"
    assert entries[0].findtext(f"{ATOM}author/{ATOM}name") == post.organization.name


def test_a_feed_in_another_language_uses_its_translations(client):
    make_post(translations={"en": {"title": "In English", "body": "x"}, "fr": {"title": "En français", "body": "x"}})
    make_post(translations={"en": {"title": "Only English", "body": "x"}})

    channel = _rss(client, "/fr/news/feed/")
    feed = _atom(client, "/fr/news/feed/atom/")

    assert {item.findtext("title") for item in channel.findall("item")} == {"En français", "Only English"}
    assert channel.findtext("language") == "fr"
    assert all("/fr/news/" in item.findtext("link") for item in channel.findall("item"))
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"


def test_a_tag_feed_has_only_that_tags_posts(client):
    tag = make_tag(name="Surveillance", slug="surveillance")
    make_post(tags=[tag], translations={"en": {"title": "Tagged", "body": "x"}})
    make_post(translations={"en": {"title": "Untagged", "body": "x"}})

    channel = _rss(client, "/en/news/tags/surveillance/feed/")
    feed = _atom(client, "/en/news/tags/surveillance/feed/atom/")

    assert [item.findtext("title") for item in channel.findall("item")] == ["Tagged"]
    assert [item.findtext("category") for item in channel.findall("item")] == ["Surveillance"]
    assert [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")] == ["Tagged"]
    assert channel.findtext("link") == "https://awaz.example/en/news/tags/surveillance/"


def test_an_empty_feed_is_still_valid(client):
    channel = _rss(client, "/en/news/feed/")
    _atom(client, "/en/news/feed/atom/")

    assert channel.findall("item") == []


def test_an_unknown_tag_has_no_feed(client):
    assert client.get("/en/news/tags/nothing/feed/").status_code == 404
