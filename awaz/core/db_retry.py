"""One more try for a request that met a lost database connection before it wrote anything.

A PostgreSQL restart (an upgrade, a failover) ends every open connection, and for a second or
two refuses new ones. Django's CONN_HEALTH_CHECKS replaces a dead connection at the start of a
request, but a request that was already running, or arrives while the server is still coming
back, fails with OperationalError and would show the signer an error page. This WSGI
middleware, outermost around the application, catches exactly that case and runs the request
again, once, after waiting (at most DB_RETRY_SECONDS) for the database to accept connections.

It is safe because it only retries when
- the failure was connection-level (PostgreSQL's connection and shutdown error classes 08 and
  57P0x, or a connection that the driver reports closed), not a constraint or a query error;
- no data-changing statement succeeded in the request (every statement through Django's cursor
  is watched), so nothing of it can have been committed; the signature insert of the express
  lane goes around Django's cursor, but it is idempotent (one row per address, ON CONFLICT DO
  NOTHING), so running it twice stores one signature; so does a working confirmation link's
  statement on PostgreSQL (awaz.signatures.confirmations), and a second run of it changes
  nothing (the link has worked: the signer's page says so);
- the body can be read again (the ASGI bridge hands over a complete, rewindable body);
- and the first try answered 500 (nothing of it had been sent).
"""

import logging
import sys
import threading
import time

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)

_current = threading.local()
# PostgreSQL SQLSTATEs that mean the connection, not the query, failed.
_SHUTDOWN_STATES = {"57P01", "57P02", "57P03"}  # admin shutdown, crash shutdown, cannot connect now
_READ_ONLY = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "SET", "SHOW", "BEGIN")


class _Attempt:
    __slots__ = ("lost_connection", "wrote")

    def __init__(self):
        self.lost_connection = False
        self.wrote = False


def is_connection_error(error: BaseException) -> bool:
    if isinstance(error, InterfaceError):
        return True  # "connection already closed"
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    if cause is None or type(cause).__module__.split(".")[0] != "psycopg":
        return False  # SQLite's "database is locked" and the like are not lost connections
    state = getattr(cause, "sqlstate", None)
    return state is None or state.startswith("08") or state in _SHUTDOWN_STATES


def _note_exception(sender, request=None, **kwargs):
    attempt = getattr(_current, "attempt", None)
    error = sys.exc_info()[1]
    if attempt is not None and error is not None and is_connection_error(error):
        attempt.lost_connection = True


got_request_exception.connect(_note_exception, dispatch_uid="awaz-db-retry")


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if not sql.lstrip()[:9].upper().startswith(_READ_ONLY):
        attempt = getattr(_current, "attempt", None)
        if attempt is not None:
            attempt.wrote = True
    return result


def wait_for_database(seconds: float) -> bool:
    """Drop this thread's broken connection and wait until a new one opens."""
    db = connections[DEFAULT_DB_ALIAS]
    deadline = time.monotonic() + seconds
    while True:
        try:
            db.close()
        except Exception:  # noqa: BLE001 - a broken connection may fail to close; it is gone either way
            db.connection = None
        try:
            db.ensure_connection()
            return True
        except Exception:  # noqa: BLE001 - not back yet
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.2)


class RetryAfterLostDatabase:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        body = environ.get("wsgi.input")
        if not settings.DB_RETRY_SECONDS or not hasattr(body, "seek"):
            return self.application(environ, start_response)
        first = dict(environ)
        attempt = _current.attempt = _Attempt()
        captured = []
        try:
            with connections[DEFAULT_DB_ALIAS].execute_wrapper(_watch_writes):
                result = self.application(environ, lambda *answer: captured.extend(answer))
        finally:
            _current.attempt = None
        if not (captured and captured[0].startswith("500") and attempt.lost_connection and not attempt.wrote):
            if captured:
                start_response(*captured)
            return result
        if hasattr(result, "close"):
            result.close()
        logger.warning("The database connection was lost before anything was written; trying the request again")
        wait_for_database(settings.DB_RETRY_SECONDS)
        body.seek(0)
        environ.clear()
        environ.update(first)
        return self.application(environ, start_response)
