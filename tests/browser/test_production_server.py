"""A real browser against `awaz serve` (Granian and the signing express lane), not Django's
test server: what a signer's Chromium sends (Origin: null under no-referrer, Sec-Fetch-Site)
must sign, with and without JavaScript."""

from django.core import mail

from awaz.signatures.models import Signature
from awaz.signatures.outbox import relay_due_confirmations
from tests.deploy.test_serve import server  # noqa: F401 (the fixture)
from tests.factories import link_from_email, make_petition


def test_a_browser_signs_and_confirms_through_the_production_server(server, page, artifacts):  # noqa: F811
    petition = make_petition(goal=None)
    page.goto(f"{server}/ar/petitions/{petition.slug}/")
    page.locator("#id_name").fill("ئامىنە تۇرسۇن")
    page.locator("#id_email").fill("amina@example.org")
    page.locator("#id_country").select_option("DE")
    page.locator("form.sign-form button[type=submit]").click()
    page.wait_for_url(f"**/ar/petitions/{petition.slug}/thanks/")
    signature = Signature.objects.with_personal_data().get(petition=petition)
    assert (signature.name, signature.language) == ("ئامىنە تۇرسۇن", "ar")

    assert relay_due_confirmations() == 1  # the worker's part
    page.goto(server + link_from_email(mail.outbox[0], "confirm"))
    page.locator("main form:not(.language-switcher) button[type=submit]").click()
    page.wait_for_load_state()
    assert Signature.objects.with_personal_data().get(petition=petition).is_confirmed
    page.screenshot(path=str(artifacts / "signed-through-granian-ar.png"), full_page=True)


def test_a_browser_without_javascript_gets_its_errors_from_the_production_server(server, browser):  # noqa: F811
    petition = make_petition()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/fr/petitions/{petition.slug}/")
    page.locator("#id_name").fill("Amina")
    page.locator("#id_email").fill("pas-une-adresse")
    page.locator("#id_country").select_option("FR")
    page.locator("form.sign-form button[type=submit]").click()
    assert "adresse e-mail valide" in page.content()
    assert not Signature.objects.exists()
    context.close()
