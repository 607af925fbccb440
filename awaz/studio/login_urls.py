"""The studio's login steps: the accounts views with the studio's entry (awaz.studio.login)."""

from django.urls import path

from awaz.accounts import views
from awaz.studio.login import STUDIO

app_name = "studio_login"
entry = {"entry": STUDIO}
urlpatterns = [
    path("", views.login, entry, name="login"),
    path("code/", views.login_code, entry, name="code"),
    path("enroll/", views.login_enroll, entry, name="enroll"),
    path("enroll/qr.svg", views.enroll_qr, entry, name="enroll_qr"),
]
