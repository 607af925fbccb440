"""The studio's API pages in Chromium at 360 px, in English and Arabic (right to left): axe-core's
WCAG 2.1 AA rules, no sideways scrolling, the forms are plain HTML forms."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import studio_cookies
from tests.factories import make_member, make_organization, make_petition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}


def problems_of(page) -> list[str]:
    results = Axe().run(page, options=WCAG_AA)
    found = [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]]
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    return found + ([f"scrolls sideways by {overflow}px"] if overflow > 1 else [])


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_api_pages_are_accessible_on_a_phone(live_server, browser, artifacts, settings, language):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    organization = make_organization(slug="uyghur-voices", name="Uyghur Voices")
    petition = make_petition(organization=organization)
    owner = make_member(organization, role="owner")
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.set_default_timeout(20000)
    context.add_cookies(studio_cookies(owner.user, live_server.url, language))  # password + code passed
    page = context.new_page()
    found = {}
    page.goto(f"{live_server.url}/studio/uyghur-voices/api/tokens/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    page.fill("#id_name", "CRM")
    page.check("input[name=scopes][value=read-signatures]")
    with page.expect_navigation():
        page.locator("form button.button-primary").click()
    assert page.locator("#new-token").input_value().startswith("awz_")
    found["tokens"] = problems_of(page)
    page.screenshot(path=str(artifacts / f"api-tokens-{language}-360.png"), full_page=True)
    page.goto(f"{live_server.url}/studio/uyghur-voices/api/webhooks/")
    page.fill("#id_url", "https://hooks.example.org/awaz")
    with page.expect_navigation():
        page.locator("form button.button-primary").click()
    assert page.locator("#new-secret").input_value().startswith("whsec_")
    found["webhooks"] = problems_of(page)
    page.screenshot(path=str(artifacts / f"api-webhooks-{language}-360.png"), full_page=True)
    page.goto(f"{live_server.url}/studio/uyghur-voices/api/petitions/{petition.pk}/crm-export/")
    found["crm export"] = problems_of(page)
    context.close()
    assert not any(found.values()), found
