"""Admin login throttling per username and per network, at both steps; logs without secrets."""

import logging
import time

import pytest

from awaz.accounts import throttle
from awaz.core import totp
from tests.security.helpers import CODE, submit_code, submit_password, wrong_code

HOME = {"REMOTE_ADDR": "198.51.100.7"}
ELSEWHERE = {"REMOTE_ADDR": "203.0.113.9"}



def test_it_locks_a_username_after_five_failures(client, superuser, enrolled, staff_password):
    for _ in range(5):
        assert submit_password(client, "boss", "guess", **HOME).status_code == 200
    response = submit_password(client, "boss", staff_password, **HOME)
    assert response.status_code == 429
    assert "Too many failed attempts. Logging in is paused for 15 minutes" in response.content.decode()
    assert client.get(CODE).status_code == 302  # the right password did not even count


def test_it_locks_the_username_for_every_network_that_failed(client, superuser, enrolled, staff_password):
    for n in range(5):
        submit_password(client, "boss", "guess", REMOTE_ADDR=f"192.0.{n}.1")
    for n in range(5):
        assert submit_password(client, "boss", staff_password, REMOTE_ADDR=f"192.0.{n}.1").status_code == 429
    # A network that has not failed is not refused (tests/security/test_admin_lockout.py).
    assert submit_password(client, "boss", staff_password, **ELSEWHERE)["Location"] == CODE


def test_it_locks_a_network_that_tries_many_usernames(client, superuser, enrolled, staff_password):
    for n in range(5):
        submit_password(client, f"user{n}", "guess", **HOME)
    assert submit_password(client, "boss", staff_password, REMOTE_ADDR="198.51.100.200").status_code == 429  # same /24
    assert submit_password(client, "boss", staff_password, **ELSEWHERE)["Location"] == CODE


def test_it_counts_wrong_codes_and_locks_the_code_step(client, superuser, enrolled, staff_password):
    submit_password(client, "boss", staff_password, **HOME)
    for _ in range(5):
        assert client.post(CODE, {"code": wrong_code(enrolled)}, **HOME).status_code == 200
    response = submit_code(client, enrolled, **HOME)
    assert response.status_code == 429
    assert client.get("/admin/").status_code == 302


def test_it_lifts_the_lock_when_the_period_is_over(client, superuser, enrolled, staff_password, monkeypatch):
    monkeypatch.setattr(throttle, "lock_seconds", lambda: 1)
    for _ in range(5):
        submit_password(client, "boss", "guess", **HOME)
    assert submit_password(client, "boss", staff_password, **HOME).status_code == 429
    time.sleep(1.5)
    assert submit_password(client, "boss", staff_password, **HOME)["Location"] == CODE


def test_it_forgives_the_owner_s_typos_after_a_complete_login(client, superuser, enrolled, staff_password):
    for _ in range(4):
        submit_password(client, "boss", "typo", **HOME)
    submit_password(client, "boss", staff_password, **HOME)
    assert client.post(CODE, {"code": totp.code_at(enrolled)}, **HOME).status_code == 302
    client.logout()
    for _ in range(4):
        submit_password(client, "boss", "typo", **ELSEWHERE)
    assert submit_password(client, "boss", staff_password, **ELSEWHERE)["Location"] == CODE


def test_it_follows_the_configured_limit(client, settings, superuser, enrolled, staff_password):
    settings.ADMIN_LOGIN_MAX_FAILURES = 2
    submit_password(client, "boss", "guess", **HOME)
    submit_password(client, "boss", "guess", **HOME)
    assert submit_password(client, "boss", staff_password, **HOME).status_code == 429


def test_it_logs_failures_without_password_or_address(client, caplog, superuser, enrolled):
    with caplog.at_level(logging.WARNING, logger="awaz.accounts"):
        submit_password(client, "boss", "hunter2-secret", **HOME)
        submit_password(client, "hunter3-typed-as-username", "x", **HOME)
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "Admin login failed at the password step for 'boss'" in text
    assert "for an unknown username" in text
    for secret in ("hunter2-secret", "hunter3-typed-as-username", "198.51.100"):
        assert secret not in text


def test_it_logs_a_wrong_code_and_the_lock(client, caplog, superuser, enrolled, staff_password):
    submit_password(client, "boss", staff_password, **HOME)
    with caplog.at_level(logging.WARNING, logger="awaz.accounts"):
        for _ in range(5):
            client.post(CODE, {"code": wrong_code(enrolled)}, **HOME)
    messages = [record.getMessage() for record in caplog.records]
    assert messages[0] == "Admin login failed at the code step for 'boss'"
    assert messages[-1].endswith("further attempts are locked for now")


@pytest.mark.parametrize("header", ["HTTP_X_FORWARDED_FOR"])
def test_it_is_not_fooled_by_a_forged_forwarded_for_header(client, superuser, enrolled, staff_password, header):
    for n in range(5):
        submit_password(client, f"user{n}", "guess", **HOME, **{header: f"10.{n}.0.1"})
    assert submit_password(client, "boss", staff_password, **HOME, **{header: "10.99.0.1"}).status_code == 429
