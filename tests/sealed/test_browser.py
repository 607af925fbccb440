"""A sealed petition in a real browser: the notice beside the form, readable and accessible in
three scripts on a 360 px phone, and signing with JavaScript off (Tor Browser's "Safest")."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail

from awaz.petitions.models import Petition
from awaz.signatures.models import Signature

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}


@pytest.mark.parametrize("language", ["en", "ar", "ug-latn"])
def test_the_notice_is_beside_the_form_and_accessible(live_server, browser, sealed_petition, language):
    from pathlib import Path

    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/petitions/{sealed_petition.slug}/")
    notice = page.locator("#privacy-notice")
    assert notice.is_visible()
    assert page.locator("form.sign-form").get_attribute("aria-describedby") == "privacy-notice"
    assert page.locator("#id_show_publicly").count() == 0  # no name is ever shown
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling
    violations = Axe().run(page, options=WCAG_AA).response["violations"]
    artifacts = Path(__file__).resolve().parents[2] / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    page.screenshot(path=str(artifacts / f"sealed-notice-{language}.png"), full_page=True)
    context.close()
    assert [v["id"] for v in violations] == []


def test_a_signer_signs_without_javascript(live_server, browser, sealed_petition):
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/en/petitions/{sealed_petition.slug}/")
    page.fill("#id_name", "Tor Signer")
    page.fill("#id_email", "tor.signer@example.org")
    page.select_option("#id_country", "NL")
    page.click("form.sign-form button[type=submit]")
    assert "/thanks/" in page.url
    context.close()
    assert len(mail.outbox) == 1
    row = Signature.objects.with_personal_data().get(petition=sealed_petition)
    assert row.sealed is not None and row.name is None and row.email is None
    assert Petition.objects.get(pk=sealed_petition.pk).privacy_mode == "sealed"
