"""Shared fixtures. The same suite runs on SQLite and, with DATABASE_URL set, on PostgreSQL."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from awaz.core import switches

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
    switches.forget()  # the operators' switches each process holds for seconds (ids are reused)
    # The defence rules and alerts each process holds (awaz.defences): read afresh per test.
    from awaz.defences import alerts, rules

    rules.forget()
    alerts.forget()
    # The express lane's prepared confirmed pages and the titles they were made with (ids are reused).
    from awaz.signatures import confirmed_page

    confirmed_page.forget()
    # The lowest pending threshold each process holds for seconds (awaz.outcomes).
    from awaz.outcomes import services as outcomes

    outcomes.forget_local()
    yield
    cache.clear()
    switches.forget()
    # A request through the test client leaves its language active in this thread.
    translation.deactivate()


class VerifiedLoginClient(Client):
    """A test client whose login() and force_login() stand for a complete admin login, second
    factor included (awaz.accounts demotes any other session). tests/security/ uses Django's
    plain client instead, to test the second factor itself."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        self._pass_second_factor(user)

    def login(self, **credentials):
        if not super().login(**credentials):
            return False
        self._pass_second_factor(get_user_model()._default_manager.get(pk=self.session[SESSION_KEY]))
        return True

    def _pass_second_factor(self, user) -> None:
        from awaz.accounts.services import session_mark_verified

        session = self.session
        session_mark_verified(session, user)
        session.save()


def studio_cookies(user, url: str, language: str) -> list[dict]:
    """The cookies of `user` logged in (second factor passed) with `language` chosen, for a
    browser context on `url` (Playwright's `add_cookies`)."""
    client = VerifiedLoginClient()
    client.force_login(user)
    return [
        {"name": django_settings.SESSION_COOKIE_NAME, "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
         "url": url},
        {"name": django_settings.LANGUAGE_COOKIE_NAME, "value": language, "url": url},
    ]


@pytest.fixture
def client():
    return VerifiedLoginClient()


@pytest.fixture
def admin_client(db, admin_user):
    client = VerifiedLoginClient()
    client.force_login(admin_user)
    return client


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
