"""The live counter's script updates the count and the names in Chromium, without a reload."""

import pytest
from playwright.sync_api import expect

from tests.factories import make_petition
from tests.outcomes.test_live_counter import _public_signer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_updates_itself(live_server, page, artifacts):
    petition = make_petition()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/en/petitions/{petition.slug}/live/")
    assert page.locator("[data-live-count]").inner_text() == "0"
    page.evaluate("window.reloaded = false")  # a full reload would forget this
    _public_signer(petition, "Arzu Projected", country="TR")
    expect(page.locator("[data-live-count]")).to_have_text("1", timeout=10_000)
    expect(page.locator("[data-live-names]")).to_contain_text("Arzu Projected · Türkiye")
    assert page.evaluate("window.reloaded") is False
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(artifacts / "live-counter-360.png"), full_page=True)
