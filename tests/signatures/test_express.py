"""The signing express lane (awaz.signatures.express): the WSGI entry point that granian calls.

Every test goes through `awaz.wsgi.application`, the real entry point, with a WSGI environ as
a server builds it. The lane must store exactly what the petition view would store, answer
exactly as it would, and hand everything else to Django before writing anything.
"""

import io
import re
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client

from awaz.core.middleware import public_response_headers
from awaz.petitions.models import Petition
from awaz.signatures.models import Signature
from awaz.signatures.outbox import relay_due_confirmations
from awaz.wsgi import application, django_application
from tests.factories import sign_form_data

pytestmark = pytest.mark.django_db


class Answer:
    def __init__(self, status: str, headers: list[tuple[str, str]], body: bytes):
        self.status = int(status.split()[0])
        self.headers = dict(headers)
        self.body = body


def post(path: str, fields: dict | None = None, *, body: bytes | None = None,
         content_type: str = "application/x-www-form-urlencoded", app=application, **extra) -> Answer:
    """POST through the WSGI application, as granian would deliver the request."""
    body = urlencode(fields or {}).encode() if body is None else body
    environ = {
        "REQUEST_METHOD": "POST", "PATH_INFO": path, "QUERY_STRING": "", "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8000", "REMOTE_ADDR": "203.0.113.9", "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(), "wsgi.multithread": True, "wsgi.multiprocess": True,
        "wsgi.run_once": False, "wsgi.version": (1, 0),
    }
    environ.update(extra)
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=headers)

    # As Django's test client does: the request signals must not close the test's connection
    # (which holds the test's transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        chunks = app(environ, start_response)
        try:
            content = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return Answer(answer["status"], answer["headers"], content)


def sign_path(petition, language="en"):
    return f"/{language}/petitions/{petition.slug}/sign/"


def test_a_plain_signature_is_stored_and_answered_like_the_view(petition, monkeypatch):
    calls = []
    monkeypatch.setattr("awaz.signatures.express.thanks_path", _recording(calls))
    answer = post(sign_path(petition), sign_form_data(petition, name="  Amina   Tursun ", comment=" why "))
    assert calls, "the express lane did not take the request"
    assert answer.status == 302
    assert answer.headers["Location"] == f"/en/petitions/{petition.slug}/thanks/"
    signature = Signature.objects.get()
    assert (signature.name, signature.email, signature.comment) == ("Amina Tursun", "amina@example.org", "why")
    assert (signature.country, signature.language, signature.confirmation_due) == ("DE", "en", True)
    assert len(signature.network_hash) == 4  # the fraud desk's tag (awaz.core.network)
    # Django's own answer to the same kind of request carries the same protective headers.
    django_answer = Client(HTTP_HOST="127.0.0.1").post(
        sign_path(petition), sign_form_data(petition, email="other@example.org")
    )
    assert django_answer.status_code == 302
    for name, value in public_response_headers():
        assert answer.headers[name] == value == django_answer.headers[name]


def _recording(calls):
    from awaz.signatures import express

    real = express.thanks_path

    def wrapper(language, slug):
        calls.append((language, slug))
        return real(language, slug)

    return wrapper


def test_the_confirmation_email_goes_out_in_the_signers_language(petition):
    post(sign_path(petition, "ar"), sign_form_data(petition))
    assert Signature.objects.get().language == "ar"
    assert relay_due_confirmations() == 1  # the worker's part
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["amina@example.org"]
    assert 'dir="rtl"' in mail.outbox[0].alternatives[0][0]
    assert Signature.objects.get().confirmation_due is False


def test_signing_twice_answers_the_same_and_stores_one_row(petition):
    first = post(sign_path(petition), sign_form_data(petition))
    second = post(sign_path(petition), sign_form_data(petition, email="Amina+again@Example.org"))
    assert (first.status, second.status) == (302, 302)
    assert first.headers["Location"] == second.headers["Location"]
    assert Signature.objects.count() == 1


@pytest.mark.parametrize(
    "fields, status, message",
    [
        ({"name": ""}, 400, b"This field is required."),
        ({"name": "   "}, 400, b"This field is required."),
        ({"name": "x" * 121}, 400, b"at most 120 characters"),
        ({"name": "Amina\u202eTursun"}, 400, b"invisible control characters"),
        ({"email": "not-an-address"}, 400, b"valid email address"),
        ({"country": "XX"}, 400, b"Select a valid choice"),
        ({"form_token": "forged"}, 400, b"This form has expired"),
        ({"comment": "line\x07bell"}, 400, b"invisible control characters"),
    ],
)
def test_anything_to_explain_goes_to_django_and_nothing_is_stored(petition, fields, status, message):
    answer = post(sign_path(petition), sign_form_data(petition, **fields))
    assert answer.status == status
    assert message in answer.body
    assert Signature.objects.count() == 0


def test_errors_are_explained_in_the_visitors_language(petition):
    answer = post(sign_path(petition, "fr"), sign_form_data(petition, email="pas-une-adresse"))
    assert answer.status == 400
    assert "adresse e-mail valide".encode() in answer.body


def test_a_filled_honeypot_is_answered_like_a_person_and_stores_nothing(petition):
    answer = post(sign_path(petition), sign_form_data(petition, website="http://spam.example"))
    assert answer.status == 302 and "/thanks/" in answer.headers["Location"]
    assert Signature.objects.count() == 0


def test_a_cross_site_post_is_refused_by_django(petition):
    answer = post(sign_path(petition), sign_form_data(petition), HTTP_SEC_FETCH_SITE="cross-site")
    assert answer.status == 403
    answer = post(sign_path(petition), sign_form_data(petition), HTTP_ORIGIN="https://evil.example")
    assert answer.status == 403
    assert Signature.objects.count() == 0


def test_an_unknown_host_is_refused(petition):
    answer = post(sign_path(petition), sign_form_data(petition), HTTP_HOST="evil.example")
    assert answer.status == 400
    assert Signature.objects.count() == 0


def test_a_closed_petition_takes_no_signature(petition):
    Petition.objects.filter(pk=petition.pk).update(status=Petition.Status.CLOSED)
    from awaz.signatures import express

    express._petitions.clear()  # what a second's wait does
    answer = post(sign_path(petition), sign_form_data(petition))
    assert answer.status == 409
    assert Signature.objects.count() == 0


def test_an_unknown_petition_is_not_found(petition):
    answer = post("/en/petitions/no-such-petition/sign/", sign_form_data(petition))
    assert answer.status == 404


def test_a_multipart_body_is_read_by_django_untouched(petition):
    boundary = "----awazboundary"
    parts = "".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in sign_form_data(petition).items()
    )
    body = (parts + f"--{boundary}--\r\n").encode()
    answer = post(sign_path(petition), body=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert answer.status == 302
    assert Signature.objects.get().email == "amina@example.org"


def test_a_refusal_by_the_rate_limits_is_counted_once_and_explained(petition, settings):
    settings.RATE_NETWORK_PER_MINUTE = 1
    assert post(sign_path(petition), sign_form_data(petition, email="one@example.org")).status == 302
    refused = post(sign_path(petition, "fr"), sign_form_data(petition, email="two@example.org"))
    assert refused.status == 429
    assert int(refused.headers["Retry-After"]) >= 1
    assert "réseau".encode() in refused.body  # the view's page, in the visitor's language
    assert Signature.objects.count() == 1


HOSTILE_VALUES = [
    "Amina Tursun", "  spaced   out  ", "", " ", "x" * 120, "x" * 121, "Ayşe Öztürk", "艾米娜", "ئامىنە",
    "A\u200fB", "A\u202eB", "A\x00B", "A\tB", "A\nB", "e\u0301", "<script>alert(1)</script>", "=1+1",
]
EMAILS = ["amina@example.org", " amina@example.org ", "bad@", "a@mailinator.com", "a@b", "ü@example.org",
          "x" * 250 + "@e.org"]


def _through(app, path, fields):
    """One answer of `app` (the lane, or Django alone), with the fresh form token blanked."""
    cache.clear()  # rate limits: each answer on its own
    answer = post(path, fields, app=app)
    body = re.sub(rb'name="form_token" value="[^"]*"', b"", answer.body)
    rows = list(Signature.objects.values_list("name", "email", "comment", "country", "show_publicly",
                                              "wants_updates", "organization_contact"))
    Signature.objects.all().delete()
    return answer.status, answer.headers.get("Location"), body, rows


@pytest.mark.parametrize("name", HOSTILE_VALUES)
def test_the_lane_and_django_answer_hostile_input_the_same(petition, name):
    for email in EMAILS:
        for extra in ({}, {"comment": name}, {"show_publicly": "on"}, {"wants_updates": "yes"},
                      {"organization_contact": "on"}):
            fields = sign_form_data(petition, name=name, email=email, **extra)
            lane = _through(application, sign_path(petition), fields)
            django = _through(django_application, sign_path(petition), fields)
            assert lane == django, (name, email, extra)
            plain = name.strip() == "Amina Tursun" and email.strip() == "amina@example.org"
            if plain:
                assert lane[0] == 302 and lane[3], f"a plain signature was not stored: {fields}"


def test_what_a_browser_sends_under_no_referrer_takes_the_express_lane(petition, monkeypatch):
    calls = []
    monkeypatch.setattr("awaz.signatures.express.thanks_path", _recording(calls))
    answer = post(sign_path(petition), {**sign_form_data(petition), "website": "", "altcha": ""},
                  HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin")
    assert answer.status == 302 and calls == [("en", petition.slug)]
    assert Signature.objects.count() == 1
