"""No admin page, the admin's own password change included, opens without the second factor."""

import pytest
from django.contrib import admin
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.urls import reverse

from awaz.accounts.services import VERIFIED_SESSION_KEY


def _every_admin_page() -> list[str]:
    pages = ["/admin/", "/admin/password_change/", "/admin/password_change/done/", "/admin/jsi18n/"]
    for model in admin.site._registry:
        opts = model._meta
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        pages.append(reverse("admin:app_list", args=[opts.app_label]))
    return sorted(set(pages))


@pytest.fixture
def password_only_client(client, superuser):
    """A session logged in by some way other than the two-step admin login."""
    client.force_login(superuser)
    return client


@pytest.mark.parametrize("page", _every_admin_page())
def test_it_sends_a_password_only_session_back_to_the_login(password_only_client, page):
    response = password_only_client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_it_does_not_change_the_password_without_the_second_factor(password_only_client, superuser, staff_password):
    response = password_only_client.post(
        "/admin/password_change/",
        {"old_password": staff_password, "new_password1": "a-new-pass-98765", "new_password2": "a-new-pass-98765"},
    )
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    superuser.refresh_from_db()
    assert superuser.check_password(staff_password)


def test_it_logs_out_a_session_marked_for_another_user(client, superuser, django_user_model):
    other = django_user_model.objects.create_superuser("other", "", "pw-other-123456")
    client.force_login(superuser)
    session = client.session
    session[VERIFIED_SESSION_KEY] = str(other.pk)
    session.save()
    assert client.get("/admin/").status_code == 302
    assert SESSION_KEY not in client.session


def test_it_opens_the_admin_to_a_session_that_passed_both_factors(client, superuser):
    client.force_login(superuser)
    session = client.session
    session[VERIFIED_SESSION_KEY] = str(superuser.pk)
    session.save()
    assert client.get("/admin/password_change/").status_code == 200


def test_it_demotes_unverified_sessions_outside_the_admin_too(client, superuser):
    client.force_login(superuser)
    keys = {SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY}
    assert keys <= set(client.session.keys())
    client.get("/en/petitions/")
    assert not keys & set(client.session.keys())
