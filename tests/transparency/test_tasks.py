"""The worker's minute, and what the petition page says about the latest checkpoint."""

from datetime import datetime, timedelta

from django.utils import timezone, translation

from awaz.transparency.models import LogState
from awaz.transparency.tasks import append_to_logs
from awaz.transparency.templatetags.transparency import age_text
from tests.factories import make_signature


def test_the_worker_appends_pending_entries_every_minute(petition):
    assert all(append_to_logs.task_class.validate_datetime(append_to_logs.task_class, datetime(2026, 12, 1, 13, minute)) for minute in range(60))
    make_signature(petition)
    make_signature(petition)
    append_to_logs.call_local()
    state = LogState.objects.get(pk=petition.pk)
    assert state.size == 2 and state.checkpoint.startswith(state.origin + "\n2\n")


def test_a_petition_without_signatures_gets_an_empty_signed_log(client, petition):
    append_to_logs.call_local()
    lines = client.get(f"/log/{petition.slug}/checkpoint").content.decode().split("\n")
    assert lines[1:3] == ["0", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="]  # SHA-256 of nothing


def test_the_petition_page_shows_the_checkpoint_size_and_age(client, petition):
    make_signature(petition)
    append_to_logs.call_local()
    LogState.objects.filter(pk=petition.pk).update(signed_at=timezone.now() - timedelta(minutes=3, seconds=5))
    page = client.get(f"/fr/petitions/{petition.slug}/").content.decode()
    assert "1 entrée, il y a 3 minutes." in page
    assert f'href="/fr/petitions/{petition.slug}/verify/"' in page


def test_ages_read_naturally():
    with translation.override("en"):
        assert [age_text(s) for s in (1, 59, 60, 7200, 3 * 86400)] == [
            "1 second ago", "59 seconds ago", "1 minute ago", "2 hours ago", "3 days ago"]
