"""The retry after a lost database connection (awaz.core.db_retry), at the connection level."""

import io

import psycopg
import pytest
from django.core.signals import got_request_exception
from django.db import IntegrityError, OperationalError

from awaz.core.db_retry import RetryAfterLostDatabase
from awaz.petitions.models import Petition
from tests.factories import make_petition


def _lost_connection() -> OperationalError:
    try:
        raise OperationalError("lost") from psycopg.OperationalError("server closed the connection unexpectedly")
    except OperationalError as error:
        return error


class FailingOnce:
    """A WSGI application whose first try fails as Django reports it (the signal, then a 500)."""

    def __init__(self, error: Exception, write_first: Petition | None = None):
        self.error, self.write_first, self.calls, self.bodies = error, write_first, 0, []

    def __call__(self, environ, start_response):
        self.calls += 1
        self.bodies.append(environ["wsgi.input"].read())
        if self.calls == 1:
            if self.write_first is not None:
                Petition.objects.filter(pk=self.write_first.pk).update(goal=500)
            try:
                raise self.error
            except Exception:  # noqa: BLE001 - as Django's handler catches it
                got_request_exception.send(sender=None, request=None)
            start_response("500 Internal Server Error", [("Content-Type", "text/html")])
            return [b"error page"]
        start_response("302 Found", [("Location", "/en/petitions/x/thanks/")])
        return [b""]


def _call(application) -> tuple[str, bytes]:
    answer = []
    body = application({"REQUEST_METHOD": "POST", "wsgi.input": io.BytesIO(b"name=Ay%C5%9Fe")},
                       lambda status, headers, exc_info=None: answer.append(status))
    return answer[0], b"".join(body)


@pytest.fixture
def quick(settings):
    settings.DB_RETRY_SECONDS = 1


def test_it_runs_the_request_again_with_the_same_body_after_a_lost_connection(transactional_db, quick):
    application = FailingOnce(_lost_connection())
    assert _call(RetryAfterLostDatabase(application))[0] == "302 Found"
    assert application.calls == 2
    assert application.bodies == [b"name=Ay%C5%9Fe", b"name=Ay%C5%9Fe"]


def test_it_does_not_retry_once_something_was_written(transactional_db, quick):
    application = FailingOnce(_lost_connection(), write_first=make_petition())
    assert _call(RetryAfterLostDatabase(application)) == ("500 Internal Server Error", b"error page")
    assert application.calls == 1


@pytest.mark.parametrize("error", [IntegrityError("duplicate"), OperationalError("database is locked")])
def test_it_does_not_retry_other_database_errors(transactional_db, quick, error):
    application = FailingOnce(error)
    assert _call(RetryAfterLostDatabase(application))[0] == "500 Internal Server Error"
    assert application.calls == 1
