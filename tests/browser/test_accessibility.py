"""WCAG 2.1 AA, checked by axe-core in Chromium on the pages people use, in three scripts."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from awaz.news.demo_loader import load_demo_posts
from awaz.petitions.demo_loader import load_demo_petitions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}
PAGES = [
    "/{lang}/",
    "/{lang}/petitions/",
    "/{lang}/petitions/stop-dna-collection/",
    "/{lang}/petitions/stop-dna-collection/thanks/",
    "/{lang}/news/",
    "/{lang}/news/uyghur-workers-and-students-moved-to-distant-provinces/",
    "/{lang}/search/?q=DNA",
]


def _violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_AA)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("language", ["en", "ar", "ug-latn"])
def test_it_meets_wcag_aa_on_the_main_pages(live_server, browser, language):
    load_demo_petitions()
    load_demo_posts()
    context = browser.new_context()
    page = context.new_page()
    found = {}
    for path in PAGES:
        url = live_server.url + path.format(lang=language)
        page.goto(url)
        violations = _violations(page)
        if violations:
            found[path] = violations
    context.close()
    assert found == {}


def test_it_meets_wcag_aa_when_the_form_shows_errors(live_server, page):
    load_demo_petitions()
    page.goto(f"{live_server.url}/en/petitions/stop-dna-collection/")
    page.locator("#id_email").fill("not-an-address")
    page.locator("form.sign-form button[type=submit]").click()
    page.wait_for_selector("#error-summary")
    assert _violations(page) == []
