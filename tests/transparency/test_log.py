"""Confirmations and removals become entries; the worker appends them, signs a checkpoint and
serves tiles that the verifier (and RFC 6962 hashing from scratch) agree with."""

import base64
import re

import pytest

from awaz.fraud.criteria import Criteria
from awaz.fraud.services import signatures_invalidate
from awaz.signatures.counts import petition_numbers
from awaz.signatures.services import signature_erase
from awaz.transparency import verifier
from awaz.transparency.models import LogEntry, LogState, LogTile
from awaz.transparency.tiles import log_append, logs_append
from tests.factories import make_signature, staff_user
from tests.transparency.helpers import verify


def entries(petition) -> list[bytes]:
    state = LogState.objects.get(pk=petition.pk)
    out = []
    for number in range((state.size + 255) // 256):
        out += verifier.bundle_entries(bytes(LogTile.objects.get(petition=petition, level=-1, number=number).data))
    return out


def test_a_confirmation_writes_one_pending_addition_and_nothing_personal(petition):
    signature = make_signature(petition, email="amina@example.org", name="Amina Tursun")
    entry = LogEntry.objects.get(petition=petition)
    assert (entry.kind, entry.index, entry.signature_id) == ("add", None, signature.pk)
    assert len(entry.receipt) == 32 and int(entry.receipt, 16) >= 0
    assert (entry.hour.minute, entry.hour.second, entry.hour.microsecond) == (0, 0, 0)
    make_signature(petition, confirmed=False)
    assert LogEntry.objects.count() == 1  # an unconfirmed signature is not in the log


def test_the_worker_appends_entries_and_signs_a_checkpoint(client, petition):
    signatures = [make_signature(petition) for _ in range(3)]
    assert log_append(petition=petition) == 3
    state = LogState.objects.get(pk=petition.pk)
    assert (state.size, state.additions, state.removals) == (3, 3, 0)
    assert sorted(LogEntry.objects.values_list("index", flat=True)) == [0, 1, 2]
    # The root from scratch, RFC 6962: MTH over the leaf hashes of the served entries.
    assert bytes(state.root) == verifier.mth([verifier.leaf_hash(e) for e in entries(petition)])
    response = client.get(f"/log/{petition.slug}/checkpoint")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().split("\n")
    assert lines[:3] == [state.origin, "3", base64.b64encode(bytes(state.root)).decode()]
    assert lines[3] == "" and lines[4].startswith("\u2014 " + state.origin + " ")
    report, _note = verify(client, petition)
    assert (report.tally.additions, report.tally.count) == (3, 3)
    assert signatures  # the rows stayed as they were
    assert log_append(petition=petition) == 0


def test_the_tiles_follow_tlog_tiles_across_full_tiles(client, petition, settings):
    # 600 entries: two full level-0 tiles, a partial one of 88, a partial level-1 tile of 2.
    LogEntry.objects.bulk_create([
        LogEntry(petition=petition, kind="add", receipt=f"{i:032x}", hour="2026-12-01T13:00Z") for i in range(600)
    ])
    log_append(petition=petition, limit=250)  # batches that end in the middle of tiles
    assert len(client.get(f"/log/{petition.slug}/tile/0/000").content) == 8192
    assert len(client.get(f"/log/{petition.slug}/tile/0/002.p/88").content) == 88 * 32
    assert len(client.get(f"/log/{petition.slug}/tile/0/002.p/10").content) == 10 * 32
    assert client.get(f"/log/{petition.slug}/tile/0/002").status_code == 404  # not full yet
    assert len(client.get(f"/log/{petition.slug}/tile/1/000.p/2").content) == 64
    assert client.get(f"/log/{petition.slug}/tile/0/x000/002.p/88").status_code == 404  # not canonical
    first = client.get(f"/log/{petition.slug}/tile/entries/000")
    assert first["Cache-Control"] == "public, max-age=31536000, immutable"
    assert first["Access-Control-Allow-Origin"] == "*"  # independent monitors may read it from their pages
    assert verifier.bundle_entries(first.content)[5] == b"add " + f"{5:032x}".encode() + b" 2026-12-01T13Z"
    report, _ = verify(client, petition)
    assert report.tally.count == 600


def test_removals_name_the_addition_and_keep_the_count_equal_to_the_page(client, petition):
    staff = staff_user("fraud.add_invalidation")
    kept = make_signature(petition)
    withdrawn = make_signature(petition)
    make_signature(petition, network="f" * 32)
    make_signature(petition, network="f" * 32)
    log_append(petition=petition)  # the additions are in the log before their removals
    signature_erase(signature=withdrawn)
    signatures_invalidate(petition=petition, criteria=Criteria(network_hash="f" * 32), reason="flood", operator=staff)
    logs_append()
    log = entries(petition)
    assert log[4:] == [b"remove 1 withdrawn", b"remove 2 fraud-flood", b"remove 3 fraud-flood"]
    report, _ = verify(client, petition)
    assert report.tally.count == petition_numbers(petition.pk).total == 1
    assert dict(report.tally.removals) == {"withdrawn": 1, "fraud-flood": 2}
    assert kept.pk


def test_a_removal_before_the_worker_ran_still_names_its_addition(client, petition):
    signature = make_signature(petition)
    signature_erase(signature=signature)
    log_append(petition=petition)
    assert entries(petition)[1] == b"remove 0 withdrawn"
    assert verify(client, petition)[0].tally.count == 0


def test_retention_erasure_keeps_every_entry(client, petition, settings):
    from datetime import timedelta

    from django.utils import timezone

    from awaz.signatures.tasks import signatures_erase_expired

    make_signature(petition)
    make_signature(petition)
    log_append(petition=petition)
    petition.status, petition.closed_at = "closed", timezone.now() - timedelta(days=settings.RETENTION_DAYS + 1)
    petition.save()
    assert signatures_erase_expired() == 2
    logs_append()
    assert LogEntry.objects.filter(petition=petition).count() == 2
    assert not LogEntry.objects.filter(signature_id__isnull=False).exists()  # the links to the rows went
    assert verify(client, petition)[0].tally.count == 2 == petition_numbers(petition.pk).total


def test_data_json_and_the_petition_page_point_to_the_log(client, petition):
    make_signature(petition)
    logs_append()
    data = client.get(f"/en/petitions/{petition.slug}/data.json").json()
    assert data["log_url"] == f"http://127.0.0.1:8000/log/{petition.slug}/"
    key = verifier.VerifierKey.parse(data["log_key"])
    assert key.name == LogState.objects.get(pk=petition.pk).origin == f"127.0.0.1:8000/log/{petition.slug}"
    page = client.get(f"/en/petitions/{petition.slug}/").content.decode()
    assert "Latest signed checkpoint: 1 entries" in page or "Latest signed checkpoint: 1 entry" in page
    assert f'href="/en/petitions/{petition.slug}/verify/"' in page
    verify_page = client.get(f"/en/petitions/{petition.slug}/verify/").content.decode()
    assert data["log_key"] in verify_page and data["log_url"] in verify_page


def test_the_confirmed_page_shows_the_receipt_and_no_url_carries_it(client, petition):
    from tests.factories import make_pending_signature

    signature, token = make_pending_signature(petition, email="amina@example.org")
    response = client.post(f"/en/confirm/{token}/")
    receipt = LogEntry.objects.get(signature_id=signature.pk).receipt
    html = response.content.decode()
    assert verifier.format_receipt(receipt) in html
    urls = re.findall(r'(?:href|src|action)="([^"]*)"', html)
    assert urls and all(receipt not in url.replace("-", "") for url in urls)
    again = client.get(f"/en/confirm/{token}/").content.decode()  # the link, opened again later
    assert verifier.format_receipt(receipt) in again


def test_the_verifier_script_is_served(client, db):
    response = client.get("/log/verifier.py")
    assert response.status_code == 200
    assert b"def verify_log(" in response.content
    assert "awaz-verify-log.py" in response["Content-Disposition"]


@pytest.mark.parametrize("path", ["tile/0/000", "tile/entries/000", "checkpoint"])
def test_a_draft_or_unknown_petition_has_no_log(client, db, path):
    from tests.factories import make_petition

    draft = make_petition(status="draft")
    logs_append()
    assert client.get(f"/log/{draft.slug}/{path}").status_code == 404
    assert client.get(f"/log/nope/{path}").status_code == 404


def test_a_petition_can_be_deleted_with_its_log_but_an_addition_with_a_removal_cannot(petition):
    from django.db.models import RestrictedError

    signature = make_signature(petition)
    addition = LogEntry.objects.get(signature_id=signature.pk)
    signature_erase(signature=signature)
    with pytest.raises(RestrictedError):
        addition.delete()
    petition.delete()
    assert not LogEntry.objects.exists()
