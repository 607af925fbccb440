"""Load the demo campaigns from awaz/petitions/demo/petitions.json (idempotent by slug)."""

import json
from pathlib import Path

from django.db import transaction

from awaz.petitions.models import Organization, Petition, PetitionTranslation
from awaz.petitions.services import petition_translations_saved

DEMO_FILE = Path(__file__).parent / "demo" / "petitions.json"


@transaction.atomic
def load_demo_petitions(path: Path = DEMO_FILE) -> int:
    data = json.loads(path.read_text(encoding="utf-8"))
    organizations = {}
    for org in data["organizations"]:
        organizations[org["slug"]], _ = Organization.objects.update_or_create(
            slug=org["slug"],
            defaults={"name": org["name"], "website": org.get("website", ""), "description": org.get("description", "")},
        )
    created = 0
    for item in data["petitions"]:
        petition, was_created = Petition.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "organization": organizations[item["organization"]],
                "status": item.get("status", Petition.Status.OPEN),
                "original_language": item["original_language"],
                "goal": item.get("goal"),
                "featured": item.get("featured", False),
            },
        )
        created += was_created
        for language, text in item["translations"].items():
            PetitionTranslation.objects.update_or_create(
                petition=petition,
                language=language,
                defaults={
                    "title": text["title"],
                    "summary": text.get("summary", ""),
                    "body": text["body"],
                    "addressees": "\n".join(text.get("addressees", [])),
                },
            )
        petition_translations_saved(petition=petition, changed_languages=set(item["translations"]))
    return created
