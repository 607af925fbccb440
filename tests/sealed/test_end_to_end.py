"""As a new user would: keygen, seal-key, open a sealed petition, sign, confirm through the link
of an email that went out over real SMTP, export, unseal offline, read the signer."""

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from awaz.petitions.models import Petition
from tests.factories import make_organization, make_petition, sign_form_data
from tests.signatures.test_smtp import smtp_server  # noqa: F401 (the real SMTP server fixture)

PASSPHRASE = "correct horse battery staple"


def _awaz(*args, env_extra=None, offline=False, input_text=None):
    """The `awaz` command in a fresh process; `offline`: in a network namespace with no network,
    no database it could reach and an empty data dir."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2]), **(env_extra or {})}
    command = [sys.executable, "-m", "awaz", *args]
    if offline:
        command = ["unshare", "--net", *command]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, input=input_text)


def _text_part(message) -> str:
    return next(p for p in message.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()


@pytest.mark.django_db(transaction=True)
def test_a_new_user_seals_signs_exports_and_unseals(client, smtp_server, tmp_path):  # noqa: F811
    passphrase_file = tmp_path / "passphrase"
    passphrase_file.write_text(PASSPHRASE + "\n")
    keyfile = tmp_path / "org.key"
    # 1. The organization makes its keypair on its own computer: offline.
    made = _awaz("seal-keygen", str(keyfile), "--passphrase-file", str(passphrase_file), offline=True,
                 env_extra={"AWAZ_DATA_DIR": str(tmp_path / "laptop"), "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"})
    assert made.returncode == 0, made.stderr
    public_key = made.stdout.strip()
    assert public_key.startswith("awaz-seal-1:") and keyfile.stat().st_mode & 0o077 == 0
    assert "PRIVATE" not in public_key and keyfile.read_text().count(public_key) == 1

    # 2. The server gets the public key only; the petition is made sealed, then opened.
    organization = make_organization(slug="voices")
    call_command("seal-key", "voices", public_key, stdout=io.StringIO())
    petition = make_petition(organization=organization, slug="free-them", status=Petition.Status.DRAFT)
    call_command("privacy-mode", "free-them", "sealed", stdout=io.StringIO())
    Petition.objects.filter(pk=petition.pk).update(status=Petition.Status.OPEN)

    # 3. A signer reads the notice, signs, and confirms through the link in the email.
    page = client.get("/en/petitions/free-them/").content.decode()
    assert "Your details are sealed." in page
    response = client.post("/en/petitions/free-them/sign/", sign_form_data(
        petition, name="Gulbahar Jelil", email="gulbahar@example.org", country="NL", comment="For my family",
    ))
    assert response.status_code == 302
    assert len(smtp_server.messages) == 1
    body = _text_part(smtp_server.messages[0])
    confirm_path = re.search(r"https?://[^/\s]+(/en/confirm/[A-Za-z0-9_-]+/)", body).group(1)
    assert "Confirm" in client.get(confirm_path).content.decode()
    assert client.post(confirm_path).status_code == 200

    # 4. The owner exports: a sealed file.
    export = tmp_path / "free-them.sealed.jsonl"
    call_command("export", "free-them", str(export), stdout=io.StringIO())
    assert "Gulbahar" not in export.read_text() and "gulbahar@" not in export.read_text()

    # 5. Offline, with the private key: the signer, readable.
    out = tmp_path / "signers.csv"
    unsealed = _awaz("unseal", str(export), str(keyfile), "-o", str(out), "--passphrase-file", str(passphrase_file),
                     offline=True, env_extra={"AWAZ_DATA_DIR": str(tmp_path / "laptop"),
                                              "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"})
    assert unsealed.returncode == 0, unsealed.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [(r["name"], r["email"], r["comment"], r["country"]) for r in rows] == [
        ("Gulbahar Jelil", "gulbahar@example.org", "For my family", "NL")
    ]
    assert rows[0]["confirmed_at"]
    assert not (tmp_path / "laptop" / "awaz.sqlite3").exists()  # no database was touched

    # Another organization's key opens nothing, and says so.
    other = tmp_path / "other.key"
    assert _awaz("seal-keygen", str(other), "--passphrase-file", str(passphrase_file)).returncode == 0
    refused = _awaz("unseal", str(export), str(other), "-o", str(tmp_path / "x.csv"), "--passphrase-file",
                    str(passphrase_file), offline=True)
    assert refused.returncode != 0 and "sealed to another key" in refused.stderr
    assert not (tmp_path / "x.csv").exists()
