"""Demo targets, thresholds and a response for the demo campaigns (awaz/outcomes/demo/outcomes.json).

Idempotent: a petition that has targets already is left alone. The response is published
without emailing anyone.
"""

import json
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from awaz.outcomes.models import Response, ResponseTranslation, Target, TargetTranslation, Threshold
from awaz.outcomes.services import forget_outcomes, response_publish
from awaz.petitions.models import Petition

DEMO_FILE = Path(__file__).parent / "demo" / "outcomes.json"


@transaction.atomic
def load_demo_outcomes(path: Path = DEMO_FILE) -> int:
    data = json.loads(path.read_text(encoding="utf-8"))
    loaded = 0
    for item in data["petitions"]:
        petition = Petition.objects.filter(slug=item["slug"]).first()
        if petition is None or petition.targets.exists():
            continue
        targets = []
        for position, spec in enumerate(item["targets"]):
            target = Target.objects.create(petition=petition, original_language=spec["original_language"],
                                           public_contact=spec["public_contact"], position=position)
            for language, text in spec["translations"].items():
                TargetTranslation.objects.create(target=target, language=language, **text)
            targets.append(target)
        for spec in item["thresholds"]:
            Threshold.objects.get_or_create(petition=petition, count=spec["count"], defaults=spec)
        for spec in item["responses"]:
            response = Response.objects.create(
                petition=petition, target=targets[spec["target"]], original_language=spec["original_language"],
                responded_on=timezone.localdate() - timedelta(days=spec["days_ago"]), source_url=spec["source_url"],
            )
            for language, text in spec["translations"].items():
                ResponseTranslation.objects.create(response=response, language=language, text=text)
            response_publish(response=response, notify=False)
        forget_outcomes(petition.pk)
        loaded += 1
    return loaded
