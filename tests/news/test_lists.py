import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_organization, make_post, make_tag

pytestmark = pytest.mark.django_db


def test_the_news_index_has_ten_posts_a_page_and_a_page_navigation(client, days_ago):
    for day in range(12):
        make_post(publish_at=days_ago(day + 1), translations={"en": {"title": f"Post from day {day:02d}", "body": "x"}})

    first = client.get("/en/news/")
    second = client.get("/en/news/?page=2")

    assert len(first.context["posts"]) == 10
    assert "Post from day 00" in first.text and "Post from day 10" not in first.text
    assert 'aria-current="page"' in first.text and 'href="?page=2" rel="next"' in first.text
    assert len(second.context["posts"]) == 2
    assert "Post from day 11" in second.text


def test_the_news_index_survives_a_bad_page_number(client):
    make_post()

    assert client.get("/en/news/?page=abc").status_code == 200
    assert client.get("/en/news/?page=999").status_code == 200


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("url", ["/en/news/", "/en/", "/en/news/feed/", "/en/news/tags/same/"])
def test_list_pages_do_not_query_once_per_post(client, url):
    tag = make_tag(slug="same")
    organization = make_organization()
    for _ in range(2):
        make_post(organization=organization, tags=[tag], translations={"en": {"title": "x", "body": "y"}, "fr": {"title": "x", "body": "y"}})
    few = _queries(client, url)
    for _ in range(6):
        make_post(organization=organization, tags=[tag], translations={"en": {"title": "x", "body": "y"}, "fr": {"title": "x", "body": "y"}})

    assert _queries(client, url) == few


def test_a_tag_page_lists_only_its_posts(client):
    tag = make_tag(name="Surveillance", slug="surveillance")
    make_post(tags=[tag], translations={"en": {"title": "Tagged post", "body": "x"}})
    make_post(translations={"en": {"title": "Other post", "body": "x"}})

    response = client.get("/en/news/tags/surveillance/")

    assert "Tagged post" in response.text
    assert "Other post" not in response.text
    assert 'href="https://awaz.example/en/news/tags/surveillance/feed/"' in response.text


def test_an_unknown_tag_is_not_found(client):
    assert client.get("/en/news/tags/nothing/").status_code == 404
