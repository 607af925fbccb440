from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from awaz.news.models import Post
from awaz.signatures.models import SignatureTally
from tests.factories import make_petition, make_post, make_tag

pytestmark = pytest.mark.django_db


def _neighbours(client, post):
    response = client.get(f"/en/news/{post.slug}/")
    assert response.status_code == 200
    previous, following = response.context["previous"], response.context["next"]
    return (previous.post if previous else None), (following.post if following else None)


def test_it_links_each_post_to_the_one_before_and_after(client, days_ago):
    first = make_post(publish_at=days_ago(3))
    second = make_post(publish_at=days_ago(2))
    third = make_post(publish_at=days_ago(1))

    assert _neighbours(client, first) == (None, second)
    assert _neighbours(client, second) == (first, third)
    assert _neighbours(client, third) == (second, None)


def test_it_skips_unpublished_and_scheduled_posts(client, days_ago):
    first = make_post(publish_at=days_ago(4))
    make_post(status=Post.Status.DRAFT, publish_at=days_ago(3))
    second = make_post(publish_at=days_ago(2))
    make_post(status=Post.Status.SCHEDULED, publish_at=timezone.now() + timedelta(days=1))

    assert _neighbours(client, first) == (None, second)
    assert _neighbours(client, second) == (first, None)


def test_it_orders_posts_with_the_same_time_by_id(client, days_ago):
    when = days_ago(1)
    a, b, c = make_post(publish_at=when), make_post(publish_at=when), make_post(publish_at=when)

    assert _neighbours(client, b) == (a, c)


def test_it_shows_the_next_post_title_date_and_excerpt(client, days_ago):
    post = make_post(publish_at=days_ago(2))
    make_post(
        publish_at=days_ago(1),
        translations={"en": {"title": "The assault must end", "summary": "A decade after the protests.", "body": "Long text."}},
    )

    response = client.get(f"/en/news/{post.slug}/")

    assert "Next post" in response.text
    assert "The assault must end" in response.text
    assert "A decade after the protests." in response.text


def test_it_shows_the_dateline_in_the_readers_language(client):
    post = make_post(
        publish_at=datetime(2020, 2, 27, 15, tzinfo=UTC),
        translations={
            "en": {"title": "Trafficking", "place": "Washington, DC", "body": "Text."},
            "fr": {"title": "Traite", "place": "Washington", "body": "Texte."},
        },
    )

    assert "February 27, 2020" in client.get(f"/en/news/{post.slug}/").text
    assert "27 février 2020" in client.get(f"/fr/news/{post.slug}/").text
    assert "Washington, DC" in client.get(f"/en/news/{post.slug}/").text


def test_it_falls_back_to_the_original_with_a_notice(client):
    post = make_post(translations={"en": {"title": "Only in English", "body": "Text."}})

    response = client.get(f"/fr/news/{post.slug}/")

    assert response.status_code == 200
    assert "Only in English" in response.text
    assert '<div class="notice notice-fallback">' in response.text
    assert f'href="/en/news/{post.slug}/" hreflang="en"' in response.text


def test_it_shows_a_translation_and_lists_the_languages_in_their_own_names(client):
    post = make_post(
        translations={"en": {"title": "In English", "body": "Text."}, "ar": {"title": "بالعربية", "body": "نص."}}
    )

    response = client.get(f"/ar/news/{post.slug}/")

    assert "بالعربية" in response.text
    assert "notice-fallback" not in response.text
    assert ">العربية</a>" in response.text and ">English</a>" in response.text
    assert 'lang="ar" dir="rtl"' in response.text


def test_the_call_to_action_shows_the_petitions_live_count(client):
    petition = make_petition(goal=5000)
    SignatureTally.objects.create(petition=petition, country="DE", shard=0, count=1234)
    post = make_post(featured_petition=petition)

    response = client.get(f"/en/news/{post.slug}/")

    assert "1,234 people have signed. Let&#x27;s get to 5,000!" in response.text
    assert f'data-count-url="/en/petitions/{petition.slug}/count.json"' in response.text
    assert '<progress class="count-bar" max="5000" value="1234"' in response.text
    assert f'href="/en/petitions/{petition.slug}/#sign-heading"' in response.text
    assert "Sign the petition" in response.text


def test_it_leaves_out_the_call_to_action_for_a_draft_petition(client):
    from awaz.petitions.models import Petition

    post = make_post(featured_petition=make_petition(status=Petition.Status.DRAFT))

    assert "Sign the petition" not in client.get(f"/en/news/{post.slug}/").text


def test_it_removes_script_from_the_body(client):
    body = "Hello **world**.\n\n<script>alert('x')</script>\n\n[click](javascript:alert(1)) <img src=x onerror=alert(1)>"
    post = make_post(translations={"en": {"title": "Markdown", "body": body}})

    response = client.get(f"/en/news/{post.slug}/")

    assert "<strong>world</strong>" in response.text
    assert "<script>alert" not in response.text
    assert "javascript:" not in response.text
    assert "onerror" not in response.text


def test_it_has_open_graph_and_twitter_metadata(client):
    post = make_post(
        featured_image="news/photo.png",
        translations={"en": {"title": "Shared title", "summary": "Shared summary.", "body": "Text.", "image_alt": "A vigil"}},
        tags=[make_tag(name="Surveillance")],
    )

    response = client.get(f"/en/news/{post.slug}/")

    assert '<meta property="og:type" content="article">' in response.text
    assert '<meta property="og:title" content="Shared title">' in response.text
    assert '<meta property="og:description" content="Shared summary.">' in response.text
    assert f'<meta property="og:url" content="https://awaz.example/en/news/{post.slug}/">' in response.text
    assert '<meta property="og:image" content="https://awaz.example/media/news/photo.png">' in response.text
    assert '<meta property="article:tag" content="Surveillance">' in response.text
    assert '<meta name="twitter:card" content="summary_large_image">' in response.text


def test_it_links_tags_and_the_organization(client):
    tag = make_tag(name="Forced labour", slug="forced-labour")
    post = make_post(tags=[tag])

    response = client.get(f"/en/news/{post.slug}/")

    assert 'href="/en/news/tags/forced-labour/" rel="tag"' in response.text
    assert f'href="/en/organizations/{post.organization.slug}/"' in response.text
    assert f"<bdi>{post.organization.name}</bdi>" in response.text


def test_it_lets_shared_caches_keep_the_page_for_anonymous_readers(client):
    post = make_post()

    response = client.get(f"/en/news/{post.slug}/")

    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]


def test_it_advertises_the_feeds(client):
    post = make_post()

    response = client.get(f"/fr/news/{post.slug}/")

    assert '<link rel="alternate" type="application/rss+xml"' in response.text
    assert 'href="https://awaz.example/fr/news/feed/"' in response.text
    assert 'href="https://awaz.example/fr/news/feed/atom/"' in response.text


def test_staff_can_preview_a_draft(admin_client):
    post = make_post(status=Post.Status.DRAFT, publish_at=None, translations={"en": {"title": "Not yet", "body": "Draft."}})

    response = admin_client.get(f"/en/news/preview/{post.pk}/")

    assert response.status_code == 200
    assert "Not yet" in response.text
    assert "Preview for staff" in response.text
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


def test_visitors_cannot_preview(client):
    post = make_post(status=Post.Status.DRAFT, publish_at=None)

    response = client.get(f"/en/news/preview/{post.pk}/")

    assert response.status_code == 302
    assert "/login/" in response["Location"]
