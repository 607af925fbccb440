"""Awaz's system checks, and `awaz check --deploy` in the production configuration CI uses."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from awaz.core import checks

AWAZ = str(Path(sys.executable).parent / "awaz")


def _ids(messages) -> list[str]:
    return [message.id for message in messages]


def test_it_passes_with_the_test_settings():
    assert checks.check_keys_are_separate(None) == []
    assert checks.check_admin_url(None) == []
    assert checks.check_admin_login_limits(None) == []
    assert checks.check_debug(None) == []


def test_it_refuses_one_secret_for_encryption_and_indexing(settings):
    settings.BLIND_INDEX_KEYS = [settings.ENCRYPTION_KEYS[0]]
    assert _ids(checks.check_keys_are_separate(None)) == ["awaz.E001"]


def test_it_refuses_the_django_secret_key_as_a_data_key(settings):
    settings.ENCRYPTION_KEYS = [settings.SECRET_KEY]
    assert _ids(checks.check_keys_are_separate(None)) == ["awaz.E001"]


@pytest.mark.parametrize("admin_url", ["", "en", "ug-latn", "static", "media/x"])
def test_it_refuses_an_admin_url_over_a_public_address(settings, admin_url):
    settings.ADMIN_URL = admin_url
    assert _ids(checks.check_admin_url(None)) == ["awaz.E002"]


def test_it_refuses_a_login_limit_of_zero(settings):
    settings.ADMIN_LOGIN_MAX_FAILURES = 0
    assert _ids(checks.check_admin_login_limits(None)) == ["awaz.E003"]


def test_it_warns_about_debug_mode_on_a_public_site(settings):
    settings.DEBUG = True
    settings.BASE_URL = "https://petitions.example.org"
    assert _ids(checks.check_debug(None)) == ["awaz.W001"]
    settings.BASE_URL = "http://127.0.0.1:8000"
    assert checks.check_debug(None) == []


def test_it_warns_about_plain_http_in_deployment(settings):
    settings.HTTPS = False
    assert _ids(checks.check_https(None)) == ["awaz.W002"]


def test_it_notes_a_key_rotation_in_progress(settings):
    settings.ENCRYPTION_KEYS = ["new-key-0123456789", *settings.ENCRYPTION_KEYS]
    assert "awaz.I002" in _ids(checks.check_key_storage(None))


def _production_check(tmp_path, **extra) -> subprocess.CompletedProcess:
    """`awaz check --deploy --fail-level WARNING` with the production settings of .ci/run."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("AWAZ_", "DATABASE_URL", "REDIS_URL", "DJANGO_"))}
    environment.update({
        "AWAZ_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
        "REDIS_URL": "redis://127.0.0.1:6379/15",
        "AWAZ_BASE_URL": "https://petitions.example.org",
        "AWAZ_ALLOWED_HOSTS": "petitions.example.org",
        "AWAZ_SECRET_KEY": "ci-" + "k3y" * 20,
        **extra,
    })
    return subprocess.run([AWAZ, "check", "--deploy", "--fail-level", "WARNING"], env=environment,
                          capture_output=True, text=True)


def test_it_passes_the_deployment_checks_in_the_production_configuration(tmp_path):
    result = _production_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "awaz.I001" in result.stdout + result.stderr  # keys generated next to an external database


def test_it_is_quiet_about_key_storage_when_keys_come_from_files(tmp_path):
    (tmp_path / "enc").write_text("encryption-key-from-a-file-0123456789\n")
    (tmp_path / "idx").write_text("index-key-from-a-file-0123456789\n")
    result = _production_check(tmp_path, AWAZ_ENCRYPTION_KEY_FILE=str(tmp_path / "enc"),
                               AWAZ_BLIND_INDEX_KEY_FILE=str(tmp_path / "idx"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "awaz.I001" not in result.stdout + result.stderr
    assert not (tmp_path / "keys" / "awaz_encryption_key").exists()


def test_it_fails_the_deployment_checks_over_plain_http(tmp_path):
    result = _production_check(tmp_path, AWAZ_BASE_URL="http://petitions.example.org")
    assert result.returncode != 0
    assert "awaz.W002" in result.stdout + result.stderr
