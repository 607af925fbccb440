"""Every public page loads everything from Awaz itself and breaks none of its own CSP rules.

A signer's browser must not tell anyone else that it opened a petition: no fonts, scripts,
images, analytics or share widgets from other hosts. Chromium opens every public page (found
by following the site's own links from the home page, plus each demo petition in every
language, the thanks page and a confirmation and a withdrawal page) and records every request
each page makes.
"""

import os
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from awaz.petitions.demo_loader import load_demo_petitions
from awaz.petitions.models import Petition
from awaz.signatures.models import Signature
from awaz.signatures.services import email_index_for
from awaz.signatures.tokens import new_token

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_PAGES = 120
# Local schemes are not requests to anyone.
LOCAL_SCHEMES = {"data", "blob", "about"}
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`);
});
"""


def _links_to_fill(petition: Petition) -> tuple[str, str]:
    """A pending signature with known confirmation and withdrawal links (as its email has)."""
    confirm_token, confirm_hash = new_token()
    withdraw_token, withdraw_hash = new_token()
    Signature.objects.create(
        petition=petition, email_index=email_index_for("crawler@example.org"), name="Crawler",
        email="crawler@example.org", country="DE", language="en", confirm_token_hash=confirm_hash,
        withdraw_token_hash=withdraw_hash, token_sent_at=timezone.now(),
    )
    return f"/en/confirm/{confirm_token}/", f"/en/withdraw/{withdraw_token}/"


def _start_pages() -> list[str]:
    load_demo_petitions()
    if apps.is_installed("awaz.news"):
        call_command("load_demo_news", verbosity=0)
    petitions = list(Petition.objects.public())
    assert petitions, "the demo content has public petitions"
    pages = ["/", "/en/", "/en/petitions/"]
    for petition in petitions:
        for language, _name in settings.LANGUAGES:
            pages.append(f"/{language}/petitions/{petition.slug}/")
        pages.append(f"/en/petitions/{petition.slug}/thanks/")
    open_petition = next(p for p in petitions if p.is_accepting_signatures())
    pages.extend(_links_to_fill(open_petition))
    return pages


def _is_crawlable(url: str, origin: str) -> bool:
    """Pages of this site in English: every language shares the templates, and the start pages
    already hold each petition in every language."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin or not parts.path.startswith("/en/"):
        return False
    # Feeds are documents for feed readers, not pages a browser renders with resources; posters,
    # cards and QR codes are files (Chromium's PDF viewer is an extension of its own).
    return "feed" not in parts.path.split("/") and not parts.path.endswith(
        (".json", ".xml", ".txt", ".csv", ".pdf", ".png", ".svg")
    )


def test_it_loads_nothing_from_other_hosts_on_any_public_page(live_server, browser):
    origin = live_server.url
    allowed_host = urlsplit(origin).netloc
    context = browser.new_context(locale="en-GB")
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    page = context.new_page()
    requests: list[tuple[str, str]] = []
    console_problems: list[tuple[str, str]] = []
    current = {"url": ""}
    page.on("request", lambda request: requests.append((current["url"], request.url)))
    page.on("console", lambda message: console_problems.append((current["url"], message.text))
            if message.type in {"error", "warning"} else None)

    queue = deque(origin + path for path in _start_pages())
    seen: set[str] = set()
    violations: list[str] = []
    while queue and len(seen) < MAX_PAGES:
        url = urldefrag(queue.popleft())[0]
        if url in seen:
            continue
        seen.add(url)
        current["url"] = url
        response = page.goto(url, wait_until="networkidle")
        assert response is not None and response.status < 500, url
        violations += [f"{url}: {text}" for text in page.evaluate("window.__cspViolations || []")]
        for href in page.eval_on_selector_all("a[href]", "links => links.map((a) => a.href)"):
            href = urldefrag(href)[0]
            if href not in seen and _is_crawlable(href, origin):
                queue.append(href)
    context.close()

    assert len(seen) >= 30, f"the crawl found too few pages: {sorted(seen)}"
    petition_pages = [url for url in seen if "/petitions/" in url]
    assert len(petition_pages) >= len(settings.LANGUAGES), "every language of the demo petitions was opened"
    outside = sorted({
        f"{page_url} -> {url}" for page_url, url in requests
        if urlsplit(url).scheme not in LOCAL_SCHEMES and urlsplit(url).netloc != allowed_host
    })
    assert outside == [], "requests to other hosts"
    assert violations == [], "Content-Security-Policy violations"
    csp_messages = [f"{url}: {text}" for url, text in console_problems if "Content Security Policy" in text]
    assert csp_messages == [], "CSP violations reported in the console"
