"""Readable test data. Every factory takes keyword overrides."""

from itertools import count

from awaz.petitions.models import Organization, Petition, PetitionTranslation

_sequence = count(1)


def make_organization(**overrides) -> Organization:
    n = next(_sequence)
    fields = {"name": f"Test Organization {n}", "slug": f"test-org-{n}", "website": "https://example.org"}
    fields.update(overrides)
    return Organization.objects.create(**fields)


def make_petition(*, translations: dict | None = None, **overrides) -> Petition:
    n = next(_sequence)
    fields = {
        "slug": f"test-petition-{n}",
        "status": Petition.Status.OPEN,
        "original_language": "en",
    }
    fields.update(overrides)
    if "organization" not in fields:
        fields["organization"] = make_organization()
    petition = Petition.objects.create(**fields)
    translations = translations or {
        "en": {"title": f"Protect the data of a whole people {n}", "summary": "Stop it now.", "body": "Read **this**.",
               "addressees": "The United Nations\nGovernments of the free world"},
    }
    for language, text in translations.items():
        PetitionTranslation.objects.create(petition=petition, language=language, **text)
    return petition


def make_tag(**overrides):
    from awaz.news.models import Tag

    n = next(_sequence)
    fields = {"name": f"Tag {n}", "slug": f"tag-{n}"}
    fields.update(overrides)
    return Tag.objects.create(**fields)


def make_post(*, translations: dict | None = None, tags=(), **overrides):
    """A published news post (publish_at an hour ago unless given), English unless told."""
    from datetime import timedelta

    from django.utils import timezone

    from awaz.news.models import Post, PostTranslation

    n = next(_sequence)
    fields = {
        "slug": f"test-post-{n}",
        "status": Post.Status.PUBLISHED,
        "publish_at": timezone.now() - timedelta(hours=1),
        "original_language": "en",
    }
    fields.update(overrides)
    if "organization" not in fields:
        fields["organization"] = make_organization()
    post = Post.objects.create(**fields)
    translations = translations or {"en": {"title": f"News post {n}", "place": "Geneva", "body": f"Body of post {n}."}}
    for language, text in translations.items():
        PostTranslation.objects.create(post=post, language=language, **text)
    post.tags.set(tags)
    return post
