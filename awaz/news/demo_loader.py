"""Load the demo news from awaz/news/demo/posts.json (idempotent by slug).

Posts belong to the organization that runs the DNA petition in the petitions' demo file (or
that file's first organization); if the petitions' demo has not been loaded, that organization
is created here so the news can be loaded on its own.
"""

import json
from datetime import datetime, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from awaz.news.models import Post, PostTranslation, Tag
from awaz.news.services import post_publish, post_schedule, post_translations_saved
from awaz.petitions.demo_loader import DEMO_FILE as PETITIONS_FILE
from awaz.petitions.models import Organization, Petition

DEMO_FILE = Path(__file__).parent / "demo" / "posts.json"
FEATURED_PETITION = "stop-dna-collection"
FALLBACK_ORGANIZATION = {"slug": "awaz-newsroom", "name": "Awaz Newsroom", "website": "", "description": ""}


def demo_organization(path: Path = PETITIONS_FILE) -> Organization:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    organizations = data.get("organizations") or []
    runs_petition = next((p.get("organization") for p in data.get("petitions", []) if p.get("slug") == FEATURED_PETITION), None)
    spec = next((o for o in organizations if o.get("slug") == runs_petition), None)
    spec = spec or (organizations[0] if organizations else FALLBACK_ORGANIZATION)
    organization, _ = Organization.objects.get_or_create(
        slug=spec["slug"],
        defaults={"name": spec.get("name", spec["slug"]), "website": spec.get("website", ""), "description": spec.get("description", "")},
    )
    return organization


def _publish_at(item: dict, now: datetime) -> datetime:
    if "days_from_now" in item:
        return (now + timedelta(days=item["days_from_now"])).replace(second=0, microsecond=0)
    return datetime.fromisoformat(item["publish_at"])


@transaction.atomic
def load_demo_posts(path: Path = DEMO_FILE) -> int:
    data = json.loads(path.read_text(encoding="utf-8"))
    now = timezone.now()
    organization = demo_organization()
    tags = {}
    for tag in data["tags"]:
        tags[tag["slug"]], _ = Tag.objects.update_or_create(slug=tag["slug"], defaults={"name": tag["name"]})
    created = 0
    for item in data["posts"]:
        petition = Petition.objects.filter(slug=item["featured_petition"]).first() if item.get("featured_petition") else None
        post, was_created = Post.objects.update_or_create(
            slug=item["slug"],
            defaults={"organization": organization, "original_language": item["original_language"], "featured_petition": petition},
            create_defaults={
                "organization": organization,
                "original_language": item["original_language"],
                "featured_petition": petition,
                "publish_at": _publish_at(item, now),
            },
        )
        post.tags.set([tags[slug] for slug in item["tags"]])
        for language, text in item["translations"].items():
            PostTranslation.objects.update_or_create(
                post=post,
                language=language,
                defaults={
                    "title": text["title"],
                    "place": text.get("place", ""),
                    "summary": text.get("summary", ""),
                    "body": "\n\n".join(text["body"]) if isinstance(text["body"], list) else text["body"],
                },
            )
        post_translations_saved(post=post, changed_languages=set(item["translations"]))
        if was_created:
            created += 1
            if item["status"] == Post.Status.PUBLISHED:
                post_publish(post=post, now=now)
            elif item["status"] == Post.Status.SCHEDULED:
                post_schedule(post=post, now=now)
    return created
