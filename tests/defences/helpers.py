"""What the public sees of a petition's numbers, read the way visitors read them."""

from django.core.cache import cache

from awaz.transparency.models import LogEntry


def public_numbers(client, petition) -> dict:
    """count.json, data.json and the transparency log's additions minus removals."""
    cache.clear()  # the pages keep numbers for a second; a test reads them at once
    count = client.get(f"/en/petitions/{petition.slug}/count.json").json()["count"]
    data = client.get(f"/en/petitions/{petition.slug}/data.json").json()
    entries = LogEntry.objects.filter(petition=petition)
    log = entries.filter(kind=LogEntry.Kind.ADDITION).count() - entries.filter(kind=LogEntry.Kind.REMOVAL).count()
    return {"count": count, "data": data["signature_count"], "log": log,
            "removed": data["removed_as_fraudulent"]["total"]}
