from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from awaz.news.models import Post, PostImage
from tests.factories import make_organization, make_post

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _action(admin_client, action, posts):
    return admin_client.post(
        reverse("admin:news_post_changelist"), {"action": action, "_selected_action": [p.pk for p in posts]}, follow=True
    )


def test_the_publish_action_publishes_the_selected_drafts(admin_client):
    drafts = [make_post(status=Post.Status.DRAFT, publish_at=None) for _ in range(2)]

    response = _action(admin_client, "publish", drafts)

    assert "2 posts published." in response.text
    assert set(Post.objects.public()) == set(drafts)


def test_the_unpublish_action_takes_posts_back_to_draft(admin_client):
    post = make_post()

    response = _action(admin_client, "unpublish", [post])

    assert "1 post unpublished." in response.text
    assert Post.objects.get(pk=post.pk).status == Post.Status.DRAFT


def test_the_schedule_action_needs_a_future_time(admin_client):
    future = make_post(status=Post.Status.DRAFT, publish_at=timezone.now() + timedelta(days=1))
    past = make_post(status=Post.Status.DRAFT, publish_at=timezone.now() - timedelta(days=1))

    response = _action(admin_client, "schedule", [future, past])

    assert "1 post scheduled." in response.text
    assert "in the future" in response.text
    assert Post.objects.get(pk=future.pk).status == Post.Status.SCHEDULED
    assert Post.objects.get(pk=past.pk).status == Post.Status.DRAFT


def _form_data(organization, **overrides):
    data = {
        "organization": organization.pk,
        "slug": "new-post",
        "original_language": "en",
        "publish_at_0": "",
        "publish_at_1": "",
        "publication": "",
        "translations-TOTAL_FORMS": "1",
        "translations-INITIAL_FORMS": "0",
        "translations-MIN_NUM_FORMS": "1",
        "translations-MAX_NUM_FORMS": "1000",
        "translations-0-language": "en",
        "translations-0-title": "A new post",
        "translations-0-place": "Geneva",
        "translations-0-body": "Text.",
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_a_campaigner_writes_and_publishes_a_post_in_one_save(admin_client):
    response = admin_client.post(reverse("admin:news_post_add"), _form_data(make_organization(), publication="publish"))

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    post = Post.objects.get(slug="new-post")
    assert post.status == Post.Status.PUBLISHED
    assert post.original().title == "A new post"


def test_scheduling_from_the_form_needs_a_future_time(admin_client):
    past = timezone.now() - timedelta(days=1)
    data = _form_data(make_organization(), publication="schedule", publish_at_0=past.strftime("%Y-%m-%d"), publish_at_1="10:00:00")

    response = admin_client.post(reverse("admin:news_post_add"), data)

    assert response.status_code == 200
    assert "in the future" in response.text
    assert not Post.objects.exists()


def test_the_slug_cannot_be_changed_once_the_post_exists(admin_client):
    post = make_post()

    response = admin_client.get(reverse("admin:news_post_change", args=[post.pk]))

    assert response.status_code == 200
    assert 'name="slug"' not in response.text
    assert post.slug in response.text


def test_the_slug_is_filled_from_the_title_while_creating(admin_client):
    response = admin_client.get(reverse("admin:news_post_add"))

    assert 'name="slug"' in response.text
    assert "news/admin_slug.js" in response.text


def test_the_change_form_shows_each_translations_status(admin_client):
    post = make_post(translations={"en": {"title": "Original", "body": "Text."}, "fr": {"title": "Traduction", "body": "Texte."}})
    original = post.original()
    french = post.translations.get(language="fr")
    french.source_fingerprint = original.fingerprint()
    french.save()

    assert "up to date" in admin_client.get(reverse("admin:news_post_change", args=[post.pk])).text

    post.translations.filter(language="en").update(body="Changed text.")

    assert "outdated" in admin_client.get(reverse("admin:news_post_change", args=[post.pk])).text


def test_an_uploaded_image_gives_markdown_to_paste(admin_client):
    post = make_post()
    image = PostImage.objects.create(post=post, file=SimpleUploadedFile("photo.png", PNG), description="A vigil")

    response = admin_client.get(reverse("admin:news_post_change", args=[post.pk]))

    assert f"![A vigil](/media/{image.file.name})" in response.text
    assert image.file.name.startswith("news/") and "photo" not in image.file.name


def test_the_list_links_to_the_public_page_or_the_preview(admin_client):
    public = make_post()
    draft = make_post(status=Post.Status.DRAFT)

    response = admin_client.get(reverse("admin:news_post_changelist"))

    assert public.get_absolute_url() in response.text
    assert reverse("news:preview", kwargs={"pk": draft.pk}) in response.text
    assert draft.get_absolute_url() not in response.text
