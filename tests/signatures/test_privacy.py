"""No plaintext personal data in the database, the task queue or the logs."""

import json
import logging
import subprocess
import sys
from pathlib import Path
from unittest import mock

from django.db import connection

from awaz.signatures.models import Signature
from awaz.signatures.outbox import relay_due_confirmations
from tests.signatures.helpers import sign, sign_and_confirm

EMAIL = "secret.signer@example.org"
NAME = "Gulnar Secretname"


def _every_value_in_the_database() -> str:
    """All rows of all tables as text, bytes as hex and as decoded text."""
    dump = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, (bytes, memoryview)):
                        raw = bytes(value)
                        dump.append(raw.hex())
                        dump.append(raw.decode("latin-1"))
                    else:
                        dump.append(str(value))
    return "\n".join(dump)


def test_it_stores_no_plaintext_email_or_name(client, petition, django_capture_on_commit_callbacks):
    sign_and_confirm(client, petition, django_capture_on_commit_callbacks, email=EMAIL, name=NAME, comment="my reason")
    everything = _every_value_in_the_database().lower()
    for secret in (EMAIL, "secretsigner", NAME, "my reason"):
        assert secret.lower() not in everything
        assert secret.encode().hex() not in everything
    assert Signature.objects.with_personal_data().get().email == EMAIL  # and yet the application can read it


def test_it_puts_no_personal_data_in_the_task_queue(client, petition, django_capture_on_commit_callbacks, _tasks_run_inline):
    huey = _tasks_run_inline
    huey.immediate = False
    huey.flush()
    try:
        sign(client, petition, django_capture_on_commit_callbacks, email=EMAIL, name=NAME)
        assert list(huey.storage.enqueued_items()) == []  # signing writes to the database only
        with mock.patch("awaz.core.mail.EmailMultiAlternatives.send", side_effect=OSError("mail server down")):
            assert relay_due_confirmations() == 1
        # The email that failed stays in the database outbox: the queue never holds it.
        assert list(huey.storage.enqueued_items()) == []
        assert Signature.objects.with_personal_data().get().confirmation_due
    finally:
        huey.flush()


def test_it_logs_nothing_personal(client, petition, django_capture_on_commit_callbacks, caplog):
    caplog.set_level(logging.DEBUG)
    sign_and_confirm(client, petition, django_capture_on_commit_callbacks, email=EMAIL, name=NAME)
    client.post("/en/confirm/" + "x" * 30 + "/")
    assert EMAIL not in caplog.text and NAME not in caplog.text


def test_it_redacts_tokens_from_log_lines():
    from awaz.core.logging import RedactTokens

    record = logging.LogRecord("django.request", logging.WARNING, "", 0, "Not Found: %s", ("/en/confirm/abcDEF123_-xyz/",), None)
    RedactTokens().filter(record)
    assert "abcDEF123" not in record.getMessage()


SCRIPT = """
import django, os
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.db import transaction
from awaz.petitions.models import Organization, Petition
from awaz.signatures.services import SignerDetails, signature_submit
org = Organization.objects.create(name="Org", slug="org")
petition = Petition.objects.create(organization=org, slug="p", status="open")
with transaction.atomic():
    signature_submit(petition=petition, details=SignerDetails(name=%r, email=%r, country="DE"), language="en")
"""


def test_it_leaves_no_plaintext_email_in_the_raw_database_files(tmp_path):
    """The embedded mode end to end: the SQLite files on disk, the task queue file included."""
    env = {"AWAZ_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "awaz.settings", "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", SCRIPT % (NAME, EMAIL)], env=env, check=True, timeout=120)
    files = [p for p in Path(tmp_path).rglob("*") if p.is_file() and p.parent.name != "keys"]
    assert any(p.name == "awaz.sqlite3" for p in files)
    for path in files:
        content = path.read_bytes()
        assert EMAIL.encode() not in content, path
        assert NAME.encode() not in content, path
        assert json.dumps(EMAIL).encode() not in content
