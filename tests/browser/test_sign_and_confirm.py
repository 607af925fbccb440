"""A visitor signs and confirms through the real pages in Chromium."""

import pytest
from django.core import mail

from tests.factories import link_from_email, make_petition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_signs_and_confirms_in_a_real_browser(live_server, page, artifacts):
    petition = make_petition(goal=None)
    page.goto(f"{live_server.url}/en/petitions/{petition.slug}/")
    assert page.locator(".count-sentence").inner_text() == "0 people have signed. Let's get to 100!"
    page.get_by_label("Your name").fill("Amina Tursun")
    page.get_by_label("Your email address").fill("amina@example.org")
    page.get_by_label("Country", exact=True).select_option("DE")
    page.get_by_label("Show my name and country on this page").check()
    page.get_by_role("button", name="Sign the petition").click()
    assert page.get_by_role("heading", name="Check your email").is_visible()

    assert len(mail.outbox) == 1
    page.goto(live_server.url + link_from_email(mail.outbox[0], "confirm"))
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm my signature").click()
    assert page.get_by_role("heading", name="Thank you for signing").is_visible(), page.locator("main").inner_text()

    page.wait_for_timeout(1100)  # pages and counts are cached for one second
    page.goto(f"{live_server.url}/en/petitions/{petition.slug}/")
    assert page.locator(".count-sentence").inner_text() == "1 person has signed. Let's get to 100!"
    assert page.locator(".recent-signers").inner_text().startswith("Amina Tursun")
    page.screenshot(path=str(artifacts / "signed-petition-en.png"), full_page=True)


def test_it_shows_form_errors_without_javascript(live_server, browser, artifacts):
    petition = make_petition()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/petitions/{petition.slug}/")
    page.get_by_label("Your name").fill("Amina")
    page.get_by_label("Your email address").fill("not-an-address")
    page.get_by_role("button", name="Sign the petition").click()
    assert page.get_by_role("alert").is_visible()
    assert "Enter a valid email address." in page.get_by_role("alert").inner_text()
    context.close()
