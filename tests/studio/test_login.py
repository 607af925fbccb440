"""The studio's login: the admin's password + code steps, open to members, not to staff only."""

import pytest
from django.urls import reverse

from awaz.core import totp
from tests.factories import make_member

PASSWORD = "correct horse battery staple"


@pytest.mark.django_db
def test_a_new_member_sets_up_the_second_factor_then_reaches_the_dashboard(client):
    member = make_member(role="editor", email="campaigner@example.org")
    login = reverse("studio_login:login")
    response = client.post(login, {"username": "Campaigner@example.org", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("studio_login:enroll")
    assert client.get(reverse("studio:home")).status_code == 302  # the password alone opens nothing
    page = client.get(reverse("studio_login:enroll"))
    assert page.status_code == 200
    assert client.get(reverse("studio_login:enroll_qr"))["Content-Type"] == "image/svg+xml"
    secret = member.user.totp_device.secret
    response = client.post(reverse("studio_login:enroll"), {"code": totp.code_at(secret)})
    assert response.status_code == 302
    home = client.get(response["Location"], follow=True)
    assert home.status_code == 200
    assert home.redirect_chain[-1][0] == reverse("studio:dashboard", args=[member.organization.slug])


@pytest.mark.django_db
def test_an_enrolled_member_needs_the_current_code(client):
    member = make_member(role="viewer")
    secret = totp.new_secret()
    from awaz.accounts.models import TOTPDevice

    TOTPDevice.objects.create(user=member.user, secret=secret, confirmed_at="2025-01-01T00:00:00Z", last_used_step=0)
    client.post(reverse("studio_login:login"), {"username": member.user.username, "password": PASSWORD})
    wrong = "000000" if totp.code_at(secret) != "000000" else "111111"
    assert client.post(reverse("studio_login:code"), {"code": wrong}).status_code == 200
    assert client.get(reverse("studio:dashboard", args=[member.organization.slug])).status_code == 302
    response = client.post(reverse("studio_login:code"), {"code": totp.code_at(secret)})
    assert response.status_code == 302
    assert client.get(reverse("studio:dashboard", args=[member.organization.slug])).status_code == 200


@pytest.mark.django_db
def test_it_refuses_someone_who_belongs_to_no_organization(client, django_user_model):
    django_user_model.objects.create_user(username="loner@example.org", password=PASSWORD)
    response = client.post(reverse("studio_login:login"), {"username": "loner@example.org", "password": PASSWORD})
    assert response.status_code == 200
    assert "Please enter a correct" in response.content.decode()
    assert client.get(reverse("studio_login:enroll")).status_code == 302


@pytest.mark.django_db
def test_a_studio_password_step_does_not_open_the_admin_code_step(client):
    member = make_member(role="owner")
    member.user.is_staff = True
    member.user.save()
    client.post(reverse("studio_login:login"), {"username": member.user.username, "password": PASSWORD})
    assert client.get("/admin/login/enroll/").status_code == 302
