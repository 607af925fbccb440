# The browser tests here share tests/browser's Chromium (one per session, so defined once here).
from tests.browser.conftest import artifacts, browser, page  # noqa: F401 (fixtures)
