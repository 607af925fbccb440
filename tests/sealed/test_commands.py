"""The sealing commands: refusals that keep promises made to signers, and clear failures."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from awaz.core.sealing import PrivateKey, private_key_file
from awaz.petitions.models import Organization, Petition
from tests.factories import make_organization, make_pending_signature, make_petition
from tests.signatures.helpers import sign_and_confirm

PASSPHRASE = "a long passphrase"


@pytest.fixture
def passphrase_file(tmp_path):
    path = tmp_path / "passphrase"
    path.write_text(PASSPHRASE)
    return str(path)


@pytest.fixture
def keyfile(tmp_path, org_key):
    path = tmp_path / "org.key"
    path.write_bytes(private_key_file(org_key, PASSPHRASE, scrypt_n=2**10))
    return str(path)


def _export(petition, tmp_path):
    path = tmp_path / "export.jsonl"
    call_command("export", petition.slug, str(path), stdout=io.StringIO())
    return path


def test_it_refuses_a_new_privacy_mode_once_the_petition_has_signatures(db):
    petition = make_petition()
    make_pending_signature(petition, email="first@example.org")
    with pytest.raises(CommandError, match="already has signatures"):
        call_command("privacy-mode", petition.slug, "count-only")
    assert Petition.objects.get(pk=petition.pk).privacy_mode == "standard"


def test_it_refuses_a_sealed_petition_without_the_organizations_key(db):
    petition = make_petition(organization=make_organization(slug="keyless"))
    with pytest.raises(CommandError, match="awaz seal-keygen"):
        call_command("privacy-mode", petition.slug, "sealed")


def test_it_refuses_something_that_is_not_a_public_key(db, org_key):
    make_organization(slug="org")
    with pytest.raises(CommandError, match="starts with"):
        call_command("seal-key", "org", "-----BEGIN PRIVATE KEY-----")
    with pytest.raises(CommandError, match="wrong length"):
        call_command("seal-key", "org", org_key.public_key().text[:-10])
    assert Organization.objects.get(slug="org").sealing_public_key == ""


def test_seal_keygen_refuses_to_overwrite_a_key(tmp_path, passphrase_file):
    path = tmp_path / "existing.key"
    path.write_text("an old key")
    with pytest.raises(CommandError, match="exists already"):
        call_command("seal-keygen", str(path), "--passphrase-file", passphrase_file)
    assert path.read_text() == "an old key"


def test_unseal_refuses_a_wrong_passphrase(client, sealed_petition, tmp_path, keyfile, django_capture_on_commit_callbacks):
    sign_and_confirm(client, sealed_petition, django_capture_on_commit_callbacks, email="p@example.org")
    wrong = tmp_path / "wrong"
    wrong.write_text("not it")
    with pytest.raises(CommandError, match="Wrong passphrase"):
        call_command("unseal", str(_export(sealed_petition, tmp_path)), keyfile, "--passphrase-file", str(wrong))


@pytest.mark.parametrize("damage", ["truncate", "flip", "edit_country", "not_an_export"])
def test_unseal_refuses_a_damaged_export(damage, client, sealed_petition, tmp_path, keyfile, passphrase_file,
                                         django_capture_on_commit_callbacks):
    for n in range(2):
        sign_and_confirm(client, sealed_petition, django_capture_on_commit_callbacks, email=f"s{n}@example.org")
    path = _export(sealed_petition, tmp_path)
    lines = path.read_text().splitlines(keepends=True)
    if damage == "truncate":
        path.write_text("".join(lines[:-1]))
    elif damage == "flip":
        row = json.loads(lines[1])
        row["sealed"] = row["sealed"][:40] + ("A" if row["sealed"][40] != "A" else "B") + row["sealed"][41:]
        path.write_text(lines[0] + json.dumps(row, sort_keys=True) + "\n" + "".join(lines[2:]))
    elif damage == "edit_country":
        path.write_text("".join(lines).replace('"country": "DE"', '"country": "FR"', 1))
    else:
        path.write_text("name,email\nsomeone,someone@example.org\n")
    out = tmp_path / "out.csv"
    with pytest.raises(CommandError, match="damaged|altered|not a sealed|cut short"):
        call_command("unseal", str(path), keyfile, "-o", str(out), "--passphrase-file", passphrase_file)
    assert not out.exists()


def test_unseal_detects_a_flipped_byte_the_checksum_cannot_see(client, sealed_petition, tmp_path, keyfile,
                                                                passphrase_file, django_capture_on_commit_callbacks):
    """Rebuild the checksum after the damage: the sealed value's own authentication refuses it."""
    from awaz.core.sealed_export import export_lines

    sign_and_confirm(client, sealed_petition, django_capture_on_commit_callbacks, email="auth@example.org")
    lines = _export(sealed_petition, tmp_path).read_text().splitlines()
    header, row = json.loads(lines[0]), json.loads(lines[1])
    import base64

    sealed = bytearray(base64.b64decode(row["sealed"]))
    sealed[-5] ^= 1
    row["sealed"] = bytes(sealed)
    header = {k: v for k, v in header.items() if k not in ("format", "version")}
    path = tmp_path / "rebuilt.jsonl"
    path.write_text("".join(export_lines(header, [row])))
    with pytest.raises(CommandError, match="failed authentication"):
        call_command("unseal", str(path), keyfile, "--passphrase-file", passphrase_file)


def test_a_count_only_export_is_the_count_by_country(client, count_only_petition, tmp_path,
                                                      django_capture_on_commit_callbacks):
    for n, country in enumerate(["DE", "TR", "TR"]):
        sign_and_confirm(client, count_only_petition, django_capture_on_commit_callbacks, email=f"c{n}@example.org",
                         country=country, name=f"Named Person{n}")
    text = _export(count_only_petition, tmp_path).read_text(encoding="utf-8-sig")
    assert text.splitlines() == ["country,signatures", "DE,1", "TR,2"]


def test_a_key_replaced_meanwhile_is_named(client, sealed_petition, tmp_path, keyfile, passphrase_file,
                                            django_capture_on_commit_callbacks):
    sign_and_confirm(client, sealed_petition, django_capture_on_commit_callbacks, email="old@example.org")
    call_command("seal-key", sealed_petition.organization.slug, PrivateKey.generate().public_key().text,
                 stdout=io.StringIO())
    sign_and_confirm(client, sealed_petition, django_capture_on_commit_callbacks, email="new@example.org")
    with pytest.raises(CommandError, match="replaced its key"):
        call_command("unseal", str(_export(sealed_petition, tmp_path)), keyfile, "--passphrase-file", passphrase_file)


def test_seal_keygen_refuses_a_short_passphrase(tmp_path):
    short = tmp_path / "short"
    short.write_text("1234")
    with pytest.raises(CommandError, match="at least 12 characters"):
        call_command("seal-keygen", str(tmp_path / "new.key"), "--passphrase-file", str(short))
    assert not (tmp_path / "new.key").exists()


def test_seal_keygen_writes_a_key_file_that_opens_with_its_passphrase(tmp_path, passphrase_file):
    from awaz.core.sealing import load_private_key_file

    out = io.StringIO()
    call_command("seal-keygen", str(tmp_path / "new.key"), "--passphrase-file", passphrase_file, stdout=out)
    key = load_private_key_file((tmp_path / "new.key").read_bytes(), PASSPHRASE)
    assert out.getvalue().strip() == key.public_key().text
