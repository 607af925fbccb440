"""AWAZ_ADMIN_URL moves the whole admin, its two-factor login included."""

import importlib

import pytest
from django.test import override_settings
from django.urls import clear_url_caches

import awaz.urls
from awaz.core import totp
from tests.security.helpers import LOGIN


@pytest.fixture
def moved_admin():
    with override_settings(ADMIN_URL="office-7f3k"):
        clear_url_caches()
        importlib.reload(awaz.urls)
        yield "/office-7f3k/"
    clear_url_caches()
    importlib.reload(awaz.urls)


def test_it_hides_the_admin_from_its_usual_address(client, moved_admin):
    assert client.get("/admin/").status_code == 404
    assert client.get(LOGIN).status_code == 404


def test_it_serves_the_admin_and_its_login_at_the_configured_path(client, moved_admin, superuser, enrolled,
                                                                   staff_password):
    assert client.get(moved_admin)["Location"].startswith(f"{moved_admin}login/")
    response = client.post(f"{moved_admin}login/", {"username": "boss", "password": staff_password})
    assert response["Location"] == f"{moved_admin}login/code/"
    response = client.post(f"{moved_admin}login/code/", {"code": totp.code_at(enrolled)})
    assert response["Location"] == moved_admin
    page = client.get(moved_admin)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"  # the headers follow the admin to its new place
