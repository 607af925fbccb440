"""Signatures confirmed before the logs existed get their additions, so that each log's count
equals the petition's count from the start. Nobody ever saw these receipts; they are as random
as any other."""

import secrets

from django.db import migrations

BATCH = 2000


def add_missing(apps, schema_editor):
    Signature = apps.get_model("signatures", "Signature")
    LogEntry = apps.get_model("transparency", "LogEntry")
    logged = LogEntry.objects.filter(kind="add", signature_id__isnull=False).values("signature_id")
    missing = (
        Signature.objects.filter(confirmed_at__isnull=False).exclude(pk__in=logged)
        .order_by("confirmed_at", "pk").values_list("pk", "petition_id", "confirmed_at")
    )
    batch = []
    for pk, petition_id, confirmed_at in missing.iterator(chunk_size=BATCH):
        batch.append(LogEntry(petition_id=petition_id, kind="add", receipt=secrets.token_hex(16), signature_id=pk,
                              hour=confirmed_at.replace(minute=0, second=0, microsecond=0)))
        if len(batch) == BATCH:
            LogEntry.objects.bulk_create(batch)
            batch = []
    LogEntry.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [("transparency", "0001_logs"), ("signatures", "0004_lighter_insert")]
    operations = [migrations.RunPython(add_missing, migrations.RunPython.noop)]
