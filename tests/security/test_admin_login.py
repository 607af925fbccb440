"""Admin login: password, then a current code from an authenticator app (enrolled at first login)."""

import io
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from awaz.accounts.models import TOTPDevice
from awaz.accounts.views import PENDING_SESSION_KEY
from awaz.core import totp
from tests.security.helpers import CODE, ENROLL, submit_code, submit_password


def test_it_asks_for_a_code_after_the_password(client, superuser, enrolled, staff_password):
    response = submit_password(client, "boss", staff_password)
    assert response.status_code == 302 and response["Location"] == CODE
    assert client.get("/admin/").status_code == 302  # the password alone opens nothing
    assert "Now enter the code from your authenticator app" in client.get(CODE).content.decode()


def test_it_logs_in_with_the_password_and_a_current_code(client, superuser, enrolled, staff_password):
    submit_password(client, "boss", staff_password)
    response = submit_code(client, enrolled)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_it_returns_to_the_page_that_asked_for_the_login(client, superuser, enrolled, staff_password):
    submit_password(client, "boss", staff_password, next="/admin/auth/user/")
    assert submit_code(client, enrolled)["Location"] == "/admin/auth/user/"


def test_it_never_returns_to_another_site(client, superuser, enrolled, staff_password):
    submit_password(client, "boss", staff_password, next="https://evil.example/")
    assert submit_code(client, enrolled)["Location"] == "/admin/"


def test_it_refuses_a_wrong_code(client, superuser, enrolled, staff_password):
    submit_password(client, "boss", staff_password)
    wrong = "000000" if totp.code_at(enrolled) != "000000" else "111111"
    response = client.post(CODE, {"code": wrong})
    assert response.status_code == 200
    assert "This code is not valid now" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_it_refuses_a_wrong_password_without_asking_for_a_code(client, superuser, enrolled):
    response = submit_password(client, "boss", "not the password")
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.content.decode()
    assert client.get(CODE).status_code == 302


def test_it_accepts_each_code_only_once(client, django_user_model, superuser, enrolled, staff_password):
    code = totp.code_at(enrolled)
    submit_password(client, "boss", staff_password)
    assert client.post(CODE, {"code": code}).status_code == 302
    client.logout()
    submit_password(client, "boss", staff_password)
    response = client.post(CODE, {"code": code})
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_it_tolerates_one_step_of_clock_drift(client, superuser, enrolled, staff_password):
    submit_password(client, "boss", staff_password)
    assert submit_code(client, enrolled, at=time.time() - totp.STEP_SECONDS).status_code == 302


def test_it_refuses_a_code_from_two_minutes_ago(client, superuser, enrolled, staff_password):
    submit_password(client, "boss", staff_password)
    assert submit_code(client, enrolled, at=time.time() - 4 * totp.STEP_SECONDS).status_code == 200


def test_it_forgets_a_password_step_left_waiting_too_long(client, superuser, enrolled, staff_password):
    submit_password(client, "boss", staff_password)
    session = client.session
    session[PENDING_SESSION_KEY] = {**session[PENDING_SESSION_KEY], "since": int(time.time()) - 301}
    session.save()
    response = submit_code(client, enrolled)
    assert response.status_code == 302 and response["Location"] == "/admin/login/"
    assert client.get("/admin/").status_code == 302


def test_it_refuses_staff_rights_to_a_user_without_them(client, django_user_model):
    django_user_model.objects.create_user("visitor", password="pw-visitor-123")
    response = submit_password(client, "visitor", "pw-visitor-123")
    assert response.status_code == 200
    assert client.get(ENROLL).status_code == 302


def test_it_sends_a_superuser_without_an_app_to_enrollment(client, superuser, staff_password):
    response = submit_password(client, "boss", staff_password)
    assert response["Location"] == ENROLL
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/password_change/").status_code == 302
    page = client.get(ENROLL).content.decode()
    secret = TOTPDevice.objects.get(user=superuser).secret
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page
    assert f"otpauth://totp/Awaz:boss?secret={secret}" in page.replace("&amp;", "&")


def test_it_shows_the_same_secret_until_enrollment_is_done(client, superuser, staff_password):
    submit_password(client, "boss", staff_password)
    client.get(ENROLL)
    first = TOTPDevice.objects.get(user=superuser).secret
    client.get(ENROLL)
    assert TOTPDevice.objects.get(user=superuser).secret == first


def test_it_serves_the_enrollment_qr_code_as_an_svg_of_its_own(client, superuser, staff_password):
    submit_password(client, "boss", staff_password)
    client.get(ENROLL)
    response = client.get(ENROLL + "qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "no-store" in response["Cache-Control"]
    assert b"<svg" in response.content and b"style=" not in response.content


def test_it_serves_no_qr_code_without_a_password_step(client, superuser):
    assert client.get(ENROLL + "qr.svg").status_code == 404


def test_it_completes_enrollment_with_a_first_code_and_logs_in(client, superuser, staff_password):
    submit_password(client, "boss", staff_password)
    client.get(ENROLL)
    device = TOTPDevice.objects.get(user=superuser)
    response = submit_code(client, device.secret, url=ENROLL)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    device.refresh_from_db()
    assert device.is_confirmed
    client.logout()
    assert submit_password(client, "boss", staff_password)["Location"] == CODE  # next time: just the code


def test_it_does_not_confirm_enrollment_with_a_wrong_code(client, superuser, staff_password):
    submit_password(client, "boss", staff_password)
    client.get(ENROLL)
    device = TOTPDevice.objects.get(user=superuser)
    wrong = "000000" if totp.code_at(device.secret) != "000000" else "111111"
    assert client.post(ENROLL, {"code": wrong}).status_code == 200
    device.refresh_from_db()
    assert not device.is_confirmed


def test_it_stores_the_secret_encrypted(superuser, enrolled):
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM accounts_totpdevice")
        raw = bytes(cursor.fetchone()[0])
    assert enrolled.encode() not in raw
    assert TOTPDevice.objects.get().secret == enrolled


def test_it_resets_the_second_factor_from_the_command_line(client, superuser, enrolled, staff_password):
    out = io.StringIO()
    call_command("reset_2fa", "boss", stdout=out)
    assert "Two-factor login reset for 'boss'" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=superuser).exists()
    assert submit_password(client, "boss", staff_password)["Location"] == ENROLL


def test_it_refuses_to_reset_an_unknown_user(db):
    with pytest.raises(CommandError, match="no user 'nobody'"):
        call_command("reset_2fa", "nobody")
