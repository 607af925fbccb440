# The verify page's browser test drives the same Chromium as tests/browser/.
from tests.browser.conftest import artifacts, browser, page  # noqa: F401
