"""Sharing works without JavaScript; the script adds only what the browser can do."""

import pytest

from awaz.news.demo_loader import load_demo_posts
from awaz.petitions.demo_loader import load_demo_petitions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PETITION = "/en/petitions/stop-dna-collection/"
SHARED_PAGES = [PETITION, "/en/petitions/stop-dna-collection/thanks/", "/en/news/uyghur-workers-and-students-moved-to-distant-provinces/"]
FAKE_WEB_SHARE = "navigator.share = function (data) { window.__shared = data; return Promise.resolve(); };"


@pytest.mark.parametrize("path", SHARED_PAGES)
def test_it_offers_plain_links_and_a_selectable_address_without_javascript(live_server, browser, path):
    load_demo_petitions()
    load_demo_posts()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + path)
    field = page.locator("#share-url")
    assert field.is_visible() and field.input_value().startswith("http")
    hrefs = page.locator(".share-links a").evaluate_all("links => links.map(a => a.href)")
    assert any(h.startswith("https://wa.me/") for h in hrefs) and any(h.startswith("mailto:") for h in hrefs)
    assert not page.locator("[data-web-share]").is_visible()
    assert not page.locator("[data-copy]").is_visible()
    context.close()


def test_the_share_button_appears_only_with_the_web_share_api(live_server, browser):
    load_demo_petitions()
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + PETITION)
    has_api = page.evaluate("typeof navigator.share === 'function'")
    assert page.locator("[data-web-share]").is_visible() == has_api
    context.close()

    context = browser.new_context()
    context.add_init_script(FAKE_WEB_SHARE)
    page = context.new_page()
    page.goto(live_server.url + PETITION)
    page.locator("[data-web-share]").click()
    assert page.evaluate("window.__shared.url").endswith(PETITION)
    context.close()


def test_copy_link_copies_where_there_is_a_clipboard(live_server, browser):
    load_demo_petitions()
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(live_server.url + PETITION)
    page.locator("[data-copy]").click()
    page.wait_for_selector("[data-copy-status]:has-text('Link copied')")
    assert page.evaluate("navigator.clipboard.readText()").endswith(PETITION)
    context.close()


def test_a_closed_petition_asks_nobody_to_share(live_server, browser):
    from awaz.petitions.models import Petition

    load_demo_petitions()
    Petition.objects.filter(slug="stop-dna-collection").update(status=Petition.Status.CLOSED)
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + PETITION)
    assert page.locator(".share").count() == 0
    assert page.locator("form.sign-form").count() == 0
    assert page.locator("progress").count() == 0
    assert page.locator(".count-sentence").inner_text().startswith("Closed")
    context.close()
