"""The verifier catches a tampered tile, a rewritten entry, a forked checkpoint and a wrong key."""

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from awaz.transparency import verifier
from awaz.transparency.models import LogEntry, LogState, LogTile
from awaz.transparency.notes import checkpoint_sign
from awaz.transparency.tiles import log_append
from tests.factories import make_signature
from tests.transparency.helpers import ClientFetcher, verify


@pytest.fixture
def log(petition):
    for _ in range(5):
        make_signature(petition)
    log_append(petition=petition)
    return petition


def flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 1]) + data[at + 1:]


def test_an_honest_log_verifies(client, log):
    report, note = verify(client, log)
    assert report.tally.count == 5 and note.startswith(LogState.objects.get(pk=log.pk).origin)


def test_it_detects_a_tampered_tile(client, log):
    fetcher = ClientFetcher(client, tamper=lambda path, body: flip(body, 40) if "/tile/0/" in path else body)
    with pytest.raises(verifier.VerificationError, match="tile tile/0/000.p/5 does not match"):
        verify(client, log, fetcher=fetcher)


def test_it_detects_a_rewritten_entry(client, log):
    # The operator rewrites an entry and its leaf hash in the tile consistently: only the
    # signed root still tells the truth.
    bundle = LogTile.objects.get(petition=log, level=-1, number=0)
    entries = verifier.bundle_entries(bytes(bundle.data))
    entries[2] = b"remove 0 withdrawn"
    bundle.data = verifier.bundle(entries)
    bundle.save()
    tile = LogTile.objects.get(petition=log, level=0, number=0)
    data = bytes(tile.data)
    tile.data = data[:64] + verifier.leaf_hash(entries[2]) + data[96:]
    tile.save()
    with pytest.raises(verifier.VerificationError, match="do not give the checkpoint's root"):
        verify(client, log)


def test_it_detects_a_forked_checkpoint(client, log):
    _, saved = verify(client, log)
    # The site rewrites history: a different log of 7 entries whose first 5 are not the old ones,
    # signed with the log's own key.
    LogEntry.objects.filter(petition=log).delete()
    LogTile.objects.filter(petition=log).delete()
    LogState.objects.filter(pk=log.pk).update(size=0, additions=0, removals=0, root=verifier.EMPTY_ROOT)
    for _ in range(7):
        make_signature(log)
    log_append(petition=log)
    with pytest.raises(verifier.VerificationError, match="a fork"):
        verify(client, log, saved_note=saved)


def test_it_detects_a_log_that_shrank(client, log):
    make_signature(log)
    log_append(petition=log)
    _, saved = verify(client, log)
    state = LogState.objects.get(pk=log.pk)
    old_root = verifier.mth([verifier.leaf_hash(e) for e in
                             verifier.bundle_entries(bytes(LogTile.objects.get(petition=log, level=-1).data))[:5]])
    state.checkpoint = checkpoint_sign(state.origin, 5, old_root)
    state.save()
    with pytest.raises(verifier.VerificationError, match="shrank"):
        verify(client, log, saved_note=saved)


def test_a_saved_checkpoint_from_a_smaller_honest_log_is_consistent(client, log):
    _, saved = verify(client, log)
    for _ in range(300):
        LogEntry.objects.create(petition=log, kind="add", receipt="ab" * 16, hour="2026-12-01T13:00Z")
    log_append(petition=log)
    report, _ = verify(client, log, saved_note=saved)
    assert report.consistent_with == 5 and report.checkpoint.size == 305


def test_it_detects_a_wrong_key(client, log):
    other = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    origin = LogState.objects.get(pk=log.pk).origin
    with pytest.raises(verifier.VerificationError, match="not signed by the key"):
        verify(client, log, key=verifier.verifier_key(origin, other))


def test_it_detects_a_checkpoint_signed_by_someone_else_under_the_log_key_name(client, log):
    state = LogState.objects.get(pk=log.pk)
    good = state.checkpoint
    text, signature_line = good.split("\n\n")
    forged_text = text.replace(f"\n{state.size}\n", "\n6\n") + "\n"
    state.checkpoint = forged_text + "\n" + signature_line
    state.save()
    with pytest.raises(verifier.VerificationError, match="signature by the log key is not valid"):
        verify(client, log)
