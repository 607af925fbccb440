"""Signatures confirmed before the logs existed get their additions when the migration runs."""

import importlib

from django.apps import apps

from awaz.transparency.models import LogEntry
from awaz.transparency.tiles import logs_append
from tests.factories import make_signature
from tests.transparency.helpers import verify

backfill = importlib.import_module("awaz.transparency.migrations.0002_additions_for_earlier_confirmations")


def test_earlier_confirmations_get_one_addition_each(client, petition):
    earlier = [make_signature(petition) for _ in range(3)]
    make_signature(petition, confirmed=False)
    LogEntry.objects.filter(signature_id__in=[earlier[0].pk, earlier[1].pk]).delete()  # as before the upgrade
    backfill.add_missing(apps, None)
    backfill.add_missing(apps, None)  # running it again adds nothing
    additions = LogEntry.objects.filter(petition=petition, kind="add")
    assert sorted(additions.values_list("signature_id", flat=True)) == sorted(s.pk for s in earlier)
    hour = additions.get(signature_id=earlier[0].pk).hour
    assert hour == earlier[0].confirmed_at.replace(minute=0, second=0, microsecond=0)
    logs_append()
    assert verify(client, petition)[0].tally.count == 3
