"""The admin login steps, mounted over the admin's own login URL (see awaz/urls.py)."""

from django.urls import path

from awaz.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.login, name="login"),
    path("code/", views.login_code, name="code"),
    path("enroll/", views.login_enroll, name="enroll"),
    path("enroll/qr.svg", views.enroll_qr, name="enroll_qr"),
]
