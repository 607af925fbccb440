"""Shared fixtures. The same suite runs on SQLite and, with DATABASE_URL set, on PostgreSQL."""

import pytest
from django.core.cache import cache
from django.utils import translation

from tests.factories import make_petition

# One Chromium for the whole session, whichever directories use it.
pytest_plugins = ["tests.browser.fixtures"]


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Hashed static names need `collectstatic`; tests use plain names.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.OUTBOX_DIR = tmp_path / "outbox"
    cache.clear()
    # The defence rules and alerts each process holds (awaz.defences): read afresh per test.
    from awaz.defences import alerts, rules

    rules.forget()
    alerts.forget()
    yield
    cache.clear()
    # A request through the test client leaves its language active in this thread.
    translation.deactivate()


@pytest.fixture(autouse=True)
def _logins_pass_second_factor(monkeypatch):
    """The test client's login() and force_login() stand for a complete admin login, second
    factor included (awaz.accounts demotes any other session); tests/security/ turns this off
    to test the second factor itself."""
    from django.test.client import ClientMixin

    from awaz.accounts.services import session_mark_verified

    plain_login = ClientMixin._login

    def _login(self, user, backend=None):
        plain_login(self, user, backend)
        session = self.session
        session_mark_verified(session, user)
        session.save()

    monkeypatch.setattr(ClientMixin, "_login", _login)


@pytest.fixture(autouse=True)
def _tasks_run_inline():
    """Tasks run in the test process as soon as they are enqueued (Huey's immediate mode).

    They are still enqueued with transaction.on_commit, so tests that want the email must let
    the transaction commit: use `django_capture_on_commit_callbacks(execute=True)` or a
    transactional test.
    """
    from huey.contrib.djhuey import HUEY

    previous = HUEY.immediate
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = previous


@pytest.fixture
def petition(db):
    return make_petition()
