"""The log key is its own, generated into the data dir in embedded mode, and rotates with both
keys signing for a while."""

from django.conf import settings

from awaz.transparency import verifier
from awaz.transparency.models import LogState
from awaz.transparency.notes import log_verifier_keys
from awaz.transparency.services import log_links
from awaz.transparency.tiles import logs_append
from tests.factories import make_signature


def test_the_log_key_is_separate_and_generated_into_the_data_dir(db):
    assert settings.LOG_KEYS[0] not in {settings.SECRET_KEY, *settings.ENCRYPTION_KEYS, *settings.BLIND_INDEX_KEYS}
    stored = settings.DATA_DIR / "keys" / "awaz_log_key"
    assert stored.exists() and stored.read_text().strip() == settings.LOG_KEYS[0]


def test_a_rotation_signs_with_both_keys_then_publishes_the_new_one(client, petition, settings):
    settings.LOG_KEYS = ["the old log secret"]
    make_signature(petition)
    logs_append()
    origin = LogState.objects.get(pk=petition.pk).origin
    old_key = verifier.VerifierKey.parse(log_verifier_keys(origin)[0])

    settings.LOG_KEYS = ["the new log secret", "the old log secret"]
    logs_append()  # no new entry, but a new key set: the checkpoint is signed again
    note = client.get(f"/log/{petition.slug}/checkpoint").content.decode()
    new_key = verifier.VerifierKey.parse(log_links(petition)["log_key"])
    assert new_key != old_key
    assert verifier.note_open(note, old_key) == verifier.note_open(note, new_key)  # verifiers of either key agree
    assert note.count("\u2014 ") == 2

    settings.LOG_KEYS = ["the new log secret"]
    logs_append()
    note = client.get(f"/log/{petition.slug}/checkpoint").content.decode()
    verifier.note_open(note, new_key)
    try:
        verifier.note_open(note, old_key)
        raise AssertionError("the retired key should no longer sign")
    except verifier.VerificationError:
        pass


def test_the_checks_refuse_a_shared_log_key_and_ask_for_one_key_everywhere(settings, monkeypatch):
    from awaz.transparency.checks import check_log_key_is_separate, check_log_key_storage

    assert check_log_key_is_separate(None) == []
    settings.LOG_KEYS = [settings.ENCRYPTION_KEYS[0]]
    assert [m.id for m in check_log_key_is_separate(None)] == ["awaz.transparency.E001"]
    for name in ("AWAZ_LOG_KEY", "AWAZ_LOG_KEY_FILE", "AWAZ_LOG_KEYS", "AWAZ_LOG_KEYS_FILE"):
        monkeypatch.delenv(name, raising=False)
    settings.EMBEDDED = False
    assert [m.id for m in check_log_key_storage(None)] == ["awaz.transparency.I001"]
    monkeypatch.setenv("AWAZ_LOG_KEY_FILE", "/etc/awaz/log_key")
    assert check_log_key_storage(None) == []
