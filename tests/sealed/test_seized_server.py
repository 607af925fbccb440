"""A server seized after the confirmation emails went out: its database (every table, every
column), its data dir, its Redis and its logs, with every key it holds, give up no signer of a
sealed or count-only petition: no name, email or comment, in clear or under the server's keys."""

import logging
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection

from awaz.core import crypto
from awaz.signatures.models import Signature, SignatureTally, UpdateRecipient
from awaz.signatures.services import signature_withdraw
from tests.factories import link_from_email
from tests.signatures.helpers import sign_and_confirm

PURPOSES = ("signature.name", "signature.email", "signature.comment", "update_recipient.email")
SIGNERS = [
    {"name": "Mihrigul Hiddenname", "email": "mihrigul.hidden@example.net", "comment": "for my father in Kashgar",
     "country": "DE"},
    {"name": "Abdurehim Quietname", "email": "abdurehim.quiet@example.com", "comment": "free my sister",
     "country": "TR", "wants_updates": "on"},
    {"name": "Zumret Lastname", "email": "zumret.last@example.org", "comment": "never again", "country": "TR"},
]

pytestmark = pytest.mark.django_db(transaction=True)  # commits reach the database files


def _database_values() -> list[bytes]:
    values = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    values.append(bytes(value) if isinstance(value, (bytes, memoryview)) else str(value).encode())
    return values


def _files(*folders) -> list[bytes]:
    """Every file's bytes, read by a child process. Opening and closing the live SQLite test
    database in this process would drop the POSIX locks this process's connections hold on it
    (fcntl locks belong to the process, not the descriptor); the next other process to close
    the database, such as a test's worker, then took itself for the last user and deleted the
    write-ahead log under our connections ("disk I/O error" for every later test)."""
    paths = [p for folder in folders if Path(folder).exists() for p in Path(folder).rglob("*") if p.is_file()]
    return [subprocess.run(["cat", str(p)], capture_output=True, check=True).stdout for p in paths]


def _redis_values() -> list[bytes]:
    if not settings.REDIS_URL:
        return []
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    values = []
    for key in client.scan_iter():
        values.append(key)
        kind = client.type(key)
        if kind == b"string":
            values.append(client.get(key) or b"")
        elif kind == b"hash":
            values.extend(b for pair in client.hgetall(key).items() for b in pair)
        elif kind == b"list":
            values.extend(client.lrange(key, 0, -1))
        elif kind == b"set":
            values.extend(client.smembers(key))
        elif kind == b"zset":
            values.extend(client.zrange(key, 0, -1))
    return values


def _decryptable(blob: bytes) -> list[str]:
    """Every value in `blob` that one of the server's keys decrypts, wherever it starts and ends."""
    found = []
    prefixes = {bytes([crypto.FORMAT_VERSION]) + key_id for key_id, _ in crypto._keys()}
    for prefix in prefixes:
        start = blob.find(prefix)
        while start != -1:
            for end in range(start + crypto.HEADER_BYTES + 16, min(len(blob), start + crypto.HEADER_BYTES + 16 + 400) + 1):
                for purpose in PURPOSES:
                    try:
                        found.append(crypto.decrypt(blob[start:end], purpose))
                    except crypto.DecryptionError:
                        pass
            start = blob.find(prefix, start + 1)
    return found


def _seize(caplog) -> tuple[list[bytes], list[str]]:
    everything = _database_values() + _files(settings.DATA_DIR, settings.OUTBOX_DIR) + _redis_values()
    everything.append(caplog.text.encode())
    decrypted = [text for blob in everything for text in _decryptable(blob)]
    return everything, decrypted


def _assert_nothing_of(signer: dict, everything: list[bytes], decrypted: list[str], *, but_email: bool = False):
    secrets = [signer["name"], signer["comment"], signer["name"].split()[1]]
    if not but_email:
        secrets += [signer["email"], signer["email"].split("@")[0]]
    for secret in secrets:
        for encoded in (secret.encode(), secret.encode("utf-16-le"), secret.encode().hex().encode()):
            assert not any(encoded.lower() in blob.lower() for blob in everything), secret
        assert not any(secret.lower() in text.lower() for text in decrypted), secret


def _sign_everyone(client, petition, capture):
    for signer in SIGNERS:
        sign_and_confirm(client, petition, capture, **signer)


@pytest.mark.parametrize("mode", ["sealed", "count-only"])
def test_a_seized_server_reveals_no_signer(mode, client, sealed_petition, count_only_petition, caplog,
                                           django_capture_on_commit_callbacks, org_key):
    caplog.set_level(logging.DEBUG)
    petition = sealed_petition if mode == "sealed" else count_only_petition
    _sign_everyone(client, petition, django_capture_on_commit_callbacks)
    everything, decrypted = _seize(caplog)
    for signer in SIGNERS:
        wants_updates = mode == "sealed" and signer.get("wants_updates")
        _assert_nothing_of(signer, everything, decrypted, but_email=wants_updates)
    if mode == "sealed":
        # The one readable address is the update recipient's, in its own record.
        assert [r.email for r in UpdateRecipient.objects.all()] == [SIGNERS[1]["email"]]
        assert set(decrypted) == {SIGNERS[1]["email"]}
    else:
        assert decrypted == []
    # And the application still counts them exactly, per country.
    tallies = {}
    for tally in SignatureTally.objects.filter(petition=petition):
        tallies[tally.country] = tallies.get(tally.country, 0) + tally.count
    assert {k: v for k, v in tallies.items() if v} == {"DE": 1, "TR": 2}


def test_the_outbox_copy_of_the_email_is_deleted(client, sealed_petition, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "awaz.core.mail.OutboxBackend"
    from tests.signatures.helpers import sign

    sign(client, sealed_petition, django_capture_on_commit_callbacks, **SIGNERS[0])
    assert Signature.objects.get().sealed is not None
    assert list(Path(settings.OUTBOX_DIR).glob("*.eml")) == []


@pytest.mark.parametrize("mode", ["sealed", "count-only"])
def test_withdrawal_and_erasure_work_and_correct_the_count(mode, client, sealed_petition, count_only_petition,
                                                           django_capture_on_commit_callbacks, admin_user):
    from awaz.fraud.people import person_erase, person_signatures

    petition = sealed_petition if mode == "sealed" else count_only_petition
    for signer in SIGNERS:
        sign_and_confirm(client, petition, django_capture_on_commit_callbacks, **signer)
    first_email = next(m for m in mail.outbox if m.to == [SIGNERS[0]["email"]])
    withdraw_token = link_from_email(first_email, "withdraw").rstrip("/").rsplit("/", 1)[1]
    signature_withdraw(token=withdraw_token)
    # "Erase my data": found through the blind index although no address is readable.
    assert len(list(person_signatures(email=SIGNERS[1]["email"].upper()))) == 1
    assert person_erase(email=SIGNERS[1]["email"], operator=admin_user) == 1
    assert Signature.objects.count() == 1 and not UpdateRecipient.objects.exists()
    assert sum(t.count for t in SignatureTally.objects.filter(petition=petition)) == 1
    assert sum(t.count for t in SignatureTally.objects.filter(petition=petition, country="TR")) == 1


def test_the_same_search_finds_the_signers_of_a_standard_petition(client, petition, caplog,
                                                                  django_capture_on_commit_callbacks):
    """The control: what the searches above find when nothing is sealed, so they can fail."""
    _sign_everyone(client, petition, django_capture_on_commit_callbacks)
    everything, decrypted = _seize(caplog)
    for signer in SIGNERS:
        assert signer["name"] in decrypted and signer["email"] in decrypted and signer["comment"] in decrypted
    if settings.REDIS_URL:
        assert _redis_values()  # Redis was read: the search of the private modes saw it too
